"""How figures are written for people: one rounding rule, counts beside percentages.

Values are stored unrounded; this module is the only place they are rounded. Percentages use
the workspace's rule (``[privacy] rounding``: half-up by default, or half-even) and decimals.
Binary floating-point noise (0.285 * 100 = 28.499999...) is removed before rounding, so
half-up behaves as a person doing it by hand would expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

SUPPRESSED = "[c]"
MISSING = "–"
_SHOWN_DECIMALS = {"days": 0, "gbp": 0, "ratio": 1}  # decimals a value of the unit is shown to


def fewer_than(threshold: int) -> str:
    """How a sentence says a hidden small count: 'fewer than 5'."""
    return f"fewer than {threshold}"


def suppressed_note(threshold: int) -> str:
    """What [c] means, for every public table and chart (true of every hidden cell: some
    are small counts, others are hidden so that a small count cannot be worked out)."""
    return (
        f"{SUPPRESSED}: confidential, a count of fewer than {threshold} people, or a figure "
        "hidden so that such a count cannot be worked out"
    )


def hidden_text(suppression: str | None, threshold: int | None, *, count: bool) -> str | None:
    """Words for a hidden figure in a sentence: 'fewer than 5' for a count hidden because it
    is small, None (leave the clause out) for a figure hidden to protect another, whose
    value may be anything."""
    if count and suppression == "small" and threshold:
        return fewer_than(threshold)
    return None


@dataclass(frozen=True)
class NumberFormat:
    rounding: str = "half-up"
    decimals: int = 0

    @classmethod
    def from_settings(cls, settings: Any) -> NumberFormat:
        if settings is None:
            return cls()
        return cls(settings.privacy.rounding, settings.privacy.decimals)

    def round(self, value: float | Decimal, decimals: int | None = None) -> Decimal:
        places = self.decimals if decimals is None else decimals
        mode = ROUND_HALF_UP if self.rounding == "half-up" else ROUND_HALF_EVEN
        clean = value if isinstance(value, Decimal) else Decimal(repr(round(value, 9)))
        return clean.quantize(Decimal(1).scaleb(-places), rounding=mode)

    def percent(self, proportion: float | None, decimals: int | None = None) -> str:
        """0.4398 -> '44%'."""
        if proportion is None:
            return MISSING
        return f"{self.round(proportion * 100, decimals)}%"

    def percent_number(self, proportion: float) -> float:
        return float(self.round(proportion * 100))

    def count(self, value: float | int | None) -> str:
        if value is None:
            return MISSING
        return f"{self.shown(value, 'count'):,}"

    def value(self, value: float | int | None, unit: str, suppressed: bool = False) -> str:
        """A metric value in its unit: count, proportion, days, gbp, ratio."""
        if suppressed:
            return SUPPRESSED
        if value is None:
            return MISSING
        if unit == "proportion":
            return self.percent(value)
        if unit == "gbp":
            return f"£{self.shown(value, unit):,}"
        if unit == "days":
            return f"{self.shown(value, unit)} days"
        if unit == "ratio":
            return f"{self.shown(value, unit)}"
        return self.count(value)

    def shown(self, value: float | int, unit: str) -> Decimal:
        """A value rounded as ``value`` writes it: days and money whole, ratios to one
        decimal, percentages (of a proportion) as ``percent``, counts whole or to one."""
        if unit == "proportion":
            return self.round(value * 100)
        if unit in _SHOWN_DECIMALS:
            return self.round(value, _SHOWN_DECIMALS[unit])
        return Decimal(int(value)) if float(value).is_integer() else self.round(value, 1)

    def shown_change(
        self, change: float, before: float | None, unit: str, pct: float | None = None
    ) -> tuple[Decimal | float, float | None]:
        """The change and % change as a reader works them out from the two values shown
        beside them: 304 days against 119 days (118.5 unrounded) is +185 (+155.5%), not
        +185.5 (+156.5%). A rate's change stays unrounded (it is shown in points); without
        the earlier value the change is rounded as a value of its unit is (whole days)."""
        if unit == "proportion":
            return change, pct
        if before is None:
            return self.shown(change, unit), pct
        then = self.shown(before, unit)
        difference = self.shown(before + change, unit) - then
        if pct is not None:
            pct = float(difference / then * 100) if then else None
        return difference, pct

    def change(
        self,
        change: float | None,
        unit: str,
        pct: float | None = None,
        points: float | None = None,
        short: bool = False,
        before: float | None = None,
    ) -> str:
        """'+77 (+12.6%)', '-3.0 percentage points' (short: '-3.0 pts'), '–'. With the
        earlier value (``before``) the change is that of the values as shown (whole days
        for days, see ``shown_change``)."""
        if change is None:
            return MISSING
        if unit == "proportion":
            # points from the unrounded change, so the workspace's rule decides a half; the
            # engine's change_points (``points``) is already rounded and kept for callers only
            shown = self._signed(change * 100, 1)
            return f"{shown} {'pts' if short else 'percentage points'}"
        difference, shown_pct = self.shown_change(change, before, unit, pct)
        places = -int(difference.as_tuple().exponent) if isinstance(difference, Decimal) else 1
        text = self._signed(difference, max(0, places))  # to the places the values are shown
        if shown_pct is not None:
            text += f" ({self._signed(shown_pct, 1)}%)"
        return text

    def change_of(self, prior: Any, unit: str, short: bool = False) -> str:
        """``change`` of a comparison with an earlier figure (``Change``: its change, %
        change, points and earlier value)."""
        return self.change(prior.change, unit, prior.pct, prior.points, short, prior.value)

    def _signed(self, number: float | Decimal, decimals: int) -> str:
        """'+1.3', '-0.5', '+1,234.5': rounded by the workspace's rule (zero shown as +0.0)."""
        rounded = self.round(number, decimals)
        if rounded.is_zero():
            rounded = rounded.copy_abs()
        return f"{rounded:+,}"


def quantity(count: int, noun: str, plural: str | None = None) -> str:
    """'1 row', '1,851 rows', '0 files': thousands separators and the right plural, for
    every summary and message that counts things."""
    word = noun if count == 1 else (plural or noun + "s")
    return f"{count:,} {word}"


def fraction(numerator: int | None, denominator: int | None) -> str:
    """'303 of 689' (the counts readers need to see why percentages may not sum to 100)."""
    if numerator is None or denominator is None:
        return ""
    return f"{numerator:,} of {denominator:,}"


_CODE_LISTS_BY_GROUP = {
    "cohort": "cohort",
    "gender": "gender",
    "issue": "issue",
    "funding": "funding",
    "destination": "destination",
    "grade": "epa_grade",
    "event_type": "event_type",
    "level": "level",
    "outcome": "mentoring_outcome",
}
_SOURCE_LABELS = {
    "FGC": "Family group conference",
    "SOCIAL_WORK": "Social work",
    "SELF": "Self-referral",
    "IRO": "Independent reviewing officer",
    "CP_CHAIR": "Child protection chair",
    "PROVIDER": "Placement provider",
    "CARER": "Carer",
    "PARENT": "Parent",
    "OTHER_SERVICE": "Other service",
    "OTHER": "Other",
}


def category_label(key: str, code: str, locations: Any = None) -> str:
    """A reader's label for a breakdown category: CIC -> 'Children in care'."""
    from cpkit.datasets import CODELISTS

    if key == "location" and locations is not None and hasattr(locations, code):
        return str(getattr(locations, code))
    if key == "source":
        return _SOURCE_LABELS.get(code, _prettify(code))
    listed = _CODE_LISTS_BY_GROUP.get(key)
    if listed and code in CODELISTS[listed].groups:
        return CODELISTS[listed].groups[code]
    return _prettify(code)


def _prettify(code: str) -> str:
    if code.isupper() or "_" in code:
        text = code.replace("_", " ").lower()
        return text[:1].upper() + text[1:]
    return code
