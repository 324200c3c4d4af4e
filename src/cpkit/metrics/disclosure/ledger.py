"""The ledger: cells merged from every place they are shown, the linear relations between
them, and which unknown cells those relations pin down.

A cell is *known* to a reader when some output shows it; *unknown* when it is hidden, or never
shown (the complement of a share, a figure of another year). Each relation is a linear
equation over cells. Substituting the known cells leaves a system ``A x = b`` over the unknown
ones, and an unknown cell ``j`` can be worked out exactly when the unit vector ``e_j`` lies in
the row space of ``A``: equivalently, when every vector of the null space of ``A`` is zero at
``j``. That is what ``determined`` computes, one connected group of cells at a time (numpy's
SVD; the coefficients are small integers, so the rank is clear-cut).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import product

from cpkit.metrics.disclosure.cells import DERIVED, LINEAR, CellKey, Group, Slot
from cpkit.metrics.disclosure.relations import PARTIAL, RELATIONS, Parts, Ref, Relation

TOLERANCE = 1e-7


@dataclass
class Cell:
    key: CellKey
    value: float | None  # the number, when known (the pass knows every true value)
    people: bool
    kind: str
    published: bool  # shown somewhere (False: complement, or a cell no output shows)
    hidden: bool
    slots: list[Slot] = field(default_factory=list)
    made_of: tuple[CellKey, ...] = ()
    family: tuple[str, Group, str, str] | None = None
    outside_total: bool = False
    reason: str | None = None  # "small" or "protects", set by the pass

    @property
    def known(self) -> bool:
        return self.published and not self.hidden and self.value is not None

    @property
    def small(self) -> bool:
        """Hidden as a count of 1 to threshold - 1 ("fewer than 5" may say so in words)."""
        return self.hidden and any(slot.small for slot in self.slots)


@dataclass(frozen=True)
class Equation:
    """sum(coefficient * cell) == 0."""

    name: str
    terms: tuple[tuple[CellKey, int], ...]


class Ledger:
    def __init__(self, found: Iterable[Slot]) -> None:
        self.cells: dict[CellKey, Cell] = {}
        for slot in found:
            self._add(slot)
        self._complements()
        self.equations = self._merge_same(self._automatic() + self._declared(RELATIONS))

    def unique(self) -> list[Cell]:
        """Each cell once (a cell shown under several keys is one cell)."""
        return list({id(cell): cell for cell in self.cells.values()}.values())

    def _merge_same(self, equations: list[Equation]) -> list[Equation]:
        """Cells a relation says are equal (a breakdown's total and the headline count; the
        match rate's numerator and the children matched) are one number shown in several
        places: merge them into one cell, so hiding it hides every copy. Returns the other
        equations, over the merged cells."""
        rest = []
        for equation in equations:
            terms = equation.terms
            if len(terms) == 2 and sorted(c for _, c in terms) == [-1, 1]:
                a, b = (self.cells[k] for k, _ in terms)
                if a is b:
                    continue
                if a.value is None or b.value is None or abs(a.value - b.value) < TOLERANCE:
                    self._join(a, b)
                    continue
            rest.append(equation)
        return [Equation(e.name, tuple((self.cells[k].key, c) for k, c in e.terms)) for e in rest]

    def _join(self, a: Cell, b: Cell) -> None:
        if a.published != b.published:
            keep, gone = (a, b) if a.published else (b, a)
        else:
            keep, gone = (a, b) if a.key <= b.key else (b, a)
        visible = any(c.published and not c.hidden for c in (a, b))
        keep.slots += gone.slots
        keep.value = keep.value if keep.value is not None else gone.value
        keep.published = a.published or b.published
        keep.hidden = keep.published and not visible
        keep.people = a.people or b.people
        keep.family = keep.family or gone.family
        keep.made_of = keep.made_of or gone.made_of
        keep.outside_total = keep.outside_total or gone.outside_total
        for key, cell in self.cells.items():
            if cell is gone:
                self.cells[key] = keep

    def _add(self, slot: Slot) -> None:
        cell = self.cells.get(slot.key)
        shown = not slot.hidden and slot.value is not None
        if cell is None:
            self.cells[slot.key] = Cell(
                slot.key,
                slot.value if shown else None,
                slot.people,
                slot.kind,
                published=True,
                hidden=not shown,
                slots=[slot],
                made_of=slot.made_of,
                family=slot.family,
                outside_total=slot.outside_total,
            )
            return
        cell.slots.append(slot)
        cell.family = cell.family or slot.family
        cell.made_of = cell.made_of or slot.made_of
        if shown:
            assert slot.value is not None
            if cell.value is not None and abs(cell.value - slot.value) > TOLERANCE:
                raise ValueError(f"{slot.key} is shown as both {cell.value} and {slot.value}")
            cell.value, cell.hidden = slot.value, False

    def _virtual(self, key: CellKey, people: bool, value: float | None = None) -> Cell:
        if key not in self.cells:
            self.cells[key] = Cell(key, value, people, LINEAR, published=False, hidden=False)
        return self.cells[key]

    def _complements(self) -> None:
        """Denominator minus numerator of every share: a count of people, never shown."""
        for cell in list(self.cells.values()):
            if cell.key.role != "rate" or len(cell.made_of) != 2:
                continue
            num, den = (self.cells[k] for k in cell.made_of)
            if not den.people:
                continue  # a share of a target: what is left is no one's count
            value = (
                den.value - num.value if num.value is not None and den.value is not None else None
            )
            self._virtual(self.complement_key(cell.key), num.people, value)

    @staticmethod
    def complement_key(rate: CellKey) -> CellKey:
        return CellKey(rate.metric, rate.group, rate.year, "complement")

    def years(self) -> set[str]:
        return {k.year for k in self.cells}

    # ------------------------------------------------------------------ relations

    def _automatic(self) -> list[Equation]:
        from cpkit.metrics.registry import REGISTRY

        found: list[Equation] = []
        families: dict[tuple[str, Group, str, str], list[CellKey]] = defaultdict(list)
        for cell in self.cells.values():
            key = cell.key
            if key.role == "rate" and len(cell.made_of) == 2:
                complement = self.complement_key(key)
                if complement in self.cells:
                    num, den = cell.made_of
                    found.append(
                        Equation(
                            "numerator + rest = denominator", ((num, 1), (complement, 1), (den, -1))
                        )
                    )
            elif key.role.startswith("change:") and cell.kind == LINEAR and len(cell.made_of) == 2:
                now, earlier = cell.made_of
                found.append(
                    Equation("this year - change = last year", ((now, 1), (earlier, -1), (key, -1)))
                )
            if cell.family and cell.kind == LINEAR and not cell.outside_total:
                families[cell.family].append(key)
        for (metric, outer, year, by), parts in sorted(families.items()):
            spec = REGISTRY[metric]
            if not spec.about_people or (metric, by) in PARTIAL:
                continue
            role = f"total:{by}" if spec.unit == "proportion" else "value"
            total = CellKey(metric, outer, year, role)
            if total in self.cells:
                terms = ((total, 1), *((p, -1) for p in sorted(parts)))
                found.append(Equation(f"{metric} by {by}: parts add up to the total", terms))
            headline = CellKey(metric, outer, year, "denominator")
            if spec.unit == "proportion" and headline in self.cells and total in self.cells:
                found.append(
                    Equation(
                        f"{metric}: headline and parts share a total", ((headline, 1), (total, -1))
                    )
                )
        return found

    def _declared(self, relations: Iterable[Relation]) -> list[Equation]:
        found = []
        years = sorted(self.years())
        by_metric_year: dict[tuple[str, str], list[CellKey]] = defaultdict(list)
        for key in self.cells:
            by_metric_year[(key.metric, key.year)].append(key)
        for relation in relations:
            for year in years:
                for binding in self._bindings(relation, year, by_metric_year):
                    equation = self._instantiate(relation, year, binding, by_metric_year)
                    if equation is not None:
                        found.append(equation)
        return found

    def _bindings(
        self, relation: Relation, year: str, index: dict[tuple[str, str], list[CellKey]]
    ) -> list[dict[str, str]]:
        refs = [relation.total, *relation.parts]
        wild = sorted({k for r in refs for k, v in _group_of(r) if v == "*"})
        if not wild:
            return [{}]
        choices = []
        for name in wild:
            values = {
                dict(key.group)[name]
                for r in refs
                for key in index.get((r.metric, year), [])
                if name in dict(key.group)
            }
            choices.append(sorted(values))
        return [dict(zip(wild, combo, strict=True)) for combo in product(*choices)]

    def _instantiate(
        self,
        relation: Relation,
        year: str,
        binding: dict[str, str],
        index: dict[tuple[str, str], list[CellKey]],
    ) -> Equation | None:
        terms: list[tuple[CellKey, int]] = []
        missing: list[CellKey] = []  # cells no output shows: unknowns of the relation
        present = False  # at least one term is shown somewhere: else nothing to say
        for ref, sign in [(relation.total, 1), *((p, -1) for p in relation.parts)]:
            if isinstance(ref, Parts):
                if not index.get((ref.metric, year)):
                    return None  # the breakdown is not published that year: no relation
                outer = _bind(ref.outer, binding)
                for key in index.get((ref.metric, year), []):
                    category = dict(key.group).get(ref.key)
                    if (
                        key.role == ref.role
                        and category is not None
                        and (ref.only is None or category in ref.only)
                        and tuple(p for p in key.group if p[0] != ref.key) == outer
                    ):
                        terms.append((key, sign))
                        present = True
                continue
            key = CellKey(ref.metric, _bind(ref.group, binding), year, ref.role)
            if key in self.cells:
                present = present or self.cells[key].published
            else:
                missing.append(key)
            terms.append((key, sign))
        if not present:
            return None
        from cpkit.metrics.registry import REGISTRY

        for key in missing:
            spec = REGISTRY.get(key.metric)
            self._virtual(key, bool(spec and spec.about_people))
        return Equation(relation.name, tuple(terms))

    # ------------------------------------------------------------------ what can be worked out

    def determined(self) -> tuple[dict[CellKey, float], dict[CellKey, int]]:
        """Unknown cells the known ones pin down (with the value they must have), and the
        connected group each unknown cell belongs to."""
        import numpy as np

        rows: list[tuple[dict[CellKey, float], float]] = []
        for equation in self.equations:
            unknown: dict[CellKey, float] = {}
            constant = 0.0
            for key, coefficient in equation.terms:
                cell = self.cells[key]
                if cell.known:
                    constant -= coefficient * float(cell.value)  # type: ignore[arg-type]
                else:
                    unknown[key] = unknown.get(key, 0.0) + coefficient
            unknown = {k: c for k, c in unknown.items() if c}
            if unknown:
                rows.append((unknown, constant))
        groups = _components(rows)
        solved: dict[CellKey, float] = {}
        for members, indices in groups:
            column = {key: i for i, key in enumerate(members)}
            a = np.zeros((len(indices), len(members)))
            b = np.zeros(len(indices))
            for r, index in enumerate(indices):
                for key, weight in rows[index][0].items():
                    a[r, column[key]] = weight
                b[r] = rows[index][1]
            _, sigma, vt = np.linalg.svd(a)
            rank = int((sigma > TOLERANCE * max(1.0, sigma.max(initial=0.0))).sum())
            null = vt[rank:]
            x = np.linalg.lstsq(a, b, rcond=None)[0]
            for key, i in column.items():
                if null.shape[0] == 0 or np.abs(null[:, i]).max() < TOLERANCE:
                    solved[key] = float(x[i])
        component = {key: n for n, (members, _) in enumerate(groups) for key in members}
        return solved, component

    def pinned(self, threshold: int) -> dict[CellKey, float]:
        """Unknown cells whose value a reader can narrow to one number by bounds.

        Beyond the linear algebra, a reader knows that counts are whole numbers and never
        negative, that a hidden part beside a visible total is not zero (zeros are shown),
        and that a count hidden as small is below ``threshold``. Two hidden parts adding up
        to 2 must then both be 1. Interval propagation over the equations finds such cases
        (sound: every bound it derives holds; it may miss what a full integer program would
        find, which the linear algebra partly covers).
        """
        low, high = self._bounds(threshold)
        for _ in range(50):
            if not self._tighten(low, high):
                break
        return {key: low[key] for key in low if not self.cells[key].known and low[key] == high[key]}

    def _bounds(self, threshold: int) -> tuple[dict[CellKey, float], dict[CellKey, float]]:
        inf = math.inf
        # a hidden part is not zero when its breakdown's total is shown: zeros are hidden
        # only beside a hidden total (control.py), so elsewhere a reader may take it as known
        nonzero = set()
        for cell in self.unique():
            if cell.key.role == "rate" and len(cell.made_of) == 2:
                num, shared = (self.cells[k] for k in cell.made_of)
                if shared.known:
                    nonzero.add(num.key)
            elif cell.key.role == "value" and cell.hidden:
                total = self.family_total(cell.family)
                if total is None or total.known:
                    nonzero.add(cell.key)
        low: dict[CellKey, float] = {}
        high: dict[CellKey, float] = {}
        for cell in self.unique():
            if cell.kind != LINEAR:
                continue
            key = cell.key
            if cell.known:
                low[key] = high[key] = float(cell.value)  # type: ignore[arg-type]
            elif not cell.people:
                low[key], high[key] = -inf, inf  # a change, or a count of things
            elif cell.published:
                low[key] = 1.0 if cell.small or key in nonzero else 0.0
                high[key] = float(threshold - 1) if cell.small else inf
            else:
                low[key], high[key] = 0.0, inf
        return low, high

    def family_total(self, family: tuple[str, Group, str, str] | None) -> Cell | None:
        """The total the parts of a breakdown add up to (a share's common denominator, or
        the headline of a count), if it is a cell."""
        if family is None:
            return None
        metric, outer, year, by = family
        for role in (f"total:{by}", "value"):
            found = self.cells.get(CellKey(metric, outer, year, role))
            if found is not None:
                return found
        return None

    def _tighten(self, low: dict[CellKey, float], high: dict[CellKey, float]) -> bool:
        changed = False
        for equation in self.equations:
            terms = [(k, c) for k, c in equation.terms if k in low]
            if len(terms) != len(equation.terms):
                continue
            for i, (key, coefficient) in enumerate(terms):
                if low[key] == high[key]:
                    continue
                rest_low = rest_high = 0.0
                for j, (other, c) in enumerate(terms):
                    if j != i:
                        a, b = c * low[other], c * high[other]
                        rest_low += min(a, b)
                        rest_high += max(a, b)
                # coefficient * x = -rest
                ends = (-rest_high / coefficient, -rest_low / coefficient)
                lo, hi = min(ends), max(ends)
                lo = math.ceil(lo - TOLERANCE) if math.isfinite(lo) else lo
                hi = math.floor(hi + TOLERANCE) if math.isfinite(hi) else hi
                if lo > low[key]:
                    low[key], changed = lo, True
                if hi < high[key]:
                    high[key], changed = hi, True
        return changed


def _group_of(ref: Ref | Parts) -> Group:
    return ref.group if isinstance(ref, Ref) else ref.outer


def _bind(group: Group, binding: dict[str, str]) -> Group:
    return tuple(sorted((k, binding.get(k, v) if v == "*" else v) for k, v in group))


def _components(
    rows: list[tuple[dict[CellKey, float], float]],
) -> list[tuple[list[CellKey], list[int]]]:
    """Rows grouped by the unknown cells they share (union-find), each group's cells sorted."""
    parent: dict[CellKey, CellKey] = {}

    def find(key: CellKey) -> CellKey:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for unknown, _ in rows:
        keys = list(unknown)
        for other in keys[1:]:
            parent[find(other)] = find(keys[0])
        find(keys[0])
    members: dict[CellKey, list[CellKey]] = defaultdict(list)
    for key in parent:
        members[find(key)].append(key)
    indices: dict[CellKey, list[int]] = defaultdict(list)
    for i, (unknown, _) in enumerate(rows):
        indices[find(next(iter(unknown)))].append(i)
    return [(sorted(members[root]), indices[root]) for root in sorted(members)]


__all__ = ["DERIVED", "LINEAR", "Cell", "Equation", "Ledger"]
