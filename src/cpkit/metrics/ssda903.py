"""SSDA903 episodes read the way DfE reads them: periods of care, placements and carers.

One episode is one row of the episodes table: a spell with one legal status (LS) and one
placement (PLACE), begun for a reason (RNE) and ended for a reason (REC). DfE's published
measures rest on a few readings of that table, made here once for every metric:

- **Looked after on a day**: an episode open on that day (DECOM on or before it, DEC after it
  or blank). Children looked after under an agreed series of short breaks (LS V3, V4) are left
  out of every count, as in all DfE statistics.
- **Period of care**: episodes that follow one another without a gap; a period starts with
  RNE S. A year's return lists the episodes open during that year only, so the start of a long
  period may be in an earlier return: the earlier returns in the warehouse are read for it, and
  a child whose history still starts part-way through a period is reported, not guessed.
- **Placements**: every episode that changes placement (RNE S, P, T, U, B) begins a placement;
  a change of legal status alone (RNE L) does not. Temporary placements (PLACE T0 to T4) are not
  counted, nor is the return from one to the placement the child was in before it.
- **Carer**: RNE S, P and U begin living with a new carer; T and B change the placement but
  not the carer (a foster placement becoming an adoptive placement with the same carers).

"At least N months at 31 March" counts whole days up to and including 31 March: looked after
since 1 April of the year before is 12 months; since 1 October two and a half years before is
exactly 2.5 years.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cpkit.metrics.context import Tables
from cpkit.periods import age_at, birthday_in

SHORT_BREAKS = ("V3", "V4")  # LS: an agreed series of short-term placements
TEMPORARY = ("T0", "T1", "T2", "T3", "T4")  # PLACE: temporary moves
ADOPTION_PLACEMENTS = ("A3", "A4", "A5", "A6")  # PLACE: placed for adoption
NEW_CARER = ("S", "P", "U")  # RNE: a new carer (and so a new placement)
SAME_CARER = ("T", "B")  # RNE: a new placement with the same carer
CONTINUING = "X1"  # REC: the episode ends and the next begins the same day


@dataclass(frozen=True)
class Episode:
    decom: dt.date
    dec: dt.date | None
    rne: str
    ls: str
    place: str
    rec: str | None = None
    urn: str | None = None
    pl_post: str | None = None

    def open_on(self, day: dt.date) -> bool:
        return self.decom <= day and (self.dec is None or self.dec > day)

    def during(self, start: dt.date, end: dt.date) -> bool:
        """Open at some time from ``start`` to ``end`` (an episode ending on ``start`` is)."""
        return self.decom <= end and (self.dec is None or self.dec >= start)

    @property
    def temporary(self) -> bool:
        return self.place in TEMPORARY

    def same_placement(self, other: Episode) -> bool:
        """The same placement again (after a temporary move): same type and, where recorded,
        the same provider reference (URN; XXXXXXX, 'not applicable' for foster carers, is not
        a reference) or else the same placement postcode district."""
        if self.place != other.place:
            return False
        if _urn(self.urn) and _urn(other.urn):
            return self.urn == other.urn
        if self.pl_post and other.pl_post:
            return self.pl_post == other.pl_post
        return False


def _urn(urn: str | None) -> str | None:
    return None if not urn or urn.upper() == "XXXXXXX" else urn


@dataclass(frozen=True)
class Stay:
    """One placement: from the episode that began it to the end of its last episode."""

    start: dt.date
    end: dt.date | None
    new_carer: bool  # whether the placement began with a new carer
    place: str


@dataclass
class Child:
    """One child's care episodes in the return (and earlier returns), oldest first."""

    key: tuple[str, str]  # (la_code, child)
    episodes: list[Episode]
    dob: dt.date | None = None
    sex: str | None = None
    ethnic: str | None = None
    stays: list[Stay] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.stays = _stays(self.episodes)

    # ---------------------------------------------------------------- snapshots

    def current(self, day: dt.date) -> Episode | None:
        return next((e for e in reversed(self.episodes) if e.open_on(day)), None)

    def looked_after_on(self, day: dt.date) -> bool:
        return self.current(day) is not None

    def looked_after_during(self, start: dt.date, end: dt.date) -> bool:
        return any(e.during(start, end) for e in self.episodes)

    def age_on(self, day: dt.date) -> int | None:
        return None if self.dob is None else age_at(self.dob, day)

    def birthday(self, age: int) -> dt.date | None:
        return None if self.dob is None else birthday_in(self.dob, self.dob.year + age)

    # ---------------------------------------------------------------- periods of care

    def period_start(self, day: dt.date) -> tuple[dt.date, bool] | None:
        """When the period of care open on ``day`` began, and whether that is known (False:
        the earliest episode in the warehouse is part-way through the period, so it began on
        or before the date given). None if not looked after on ``day``."""
        current = self.current(day)
        if current is None:
            return None
        at = self.episodes.index(current)
        while at > 0 and self.episodes[at].rne != "S" and _follows(self.episodes, at):
            at -= 1
        first = self.episodes[at]
        return first.decom, first.rne == "S" or at > 0

    def looked_after_since(self, cutoff: dt.date, day: dt.date) -> bool | None:
        """Looked after continuously from ``cutoff`` (or earlier) to ``day``: True, False, or
        None when the history in the warehouse does not reach back far enough to tell."""
        found = self.period_start(day)
        if found is None:
            return False
        start, known = found
        if start <= cutoff:
            return True
        return False if known else None

    # ---------------------------------------------------------------- placements and carers

    def placements(self, start: dt.date, end: dt.date) -> int:
        """Placements the child lived in at some time from ``start`` to ``end`` (the one they
        were in when the window opened counts as one; a placement left that day does not)."""
        return sum(1 for s in self.stays if s.start <= end and (s.end is None or s.end > start))

    def carer_since(self, day: dt.date) -> tuple[dt.date, bool] | None:
        """When the child began living with their carer of ``day``, and whether that is known
        (False: the carer goes back beyond the earliest episode in the warehouse)."""
        at = self._stay_on(day)
        if at is None:
            return None
        while at > 0 and not self.stays[at].new_carer:
            at -= 1
        stay = self.stays[at]
        return stay.start, stay.new_carer

    def previous_placement_start(self, day: dt.date) -> dt.date | None:
        """When the placement before the one of ``day`` began, if it led straight into it."""
        at = self._stay_on(day)
        if not at:
            return None
        before, now = self.stays[at - 1], self.stays[at]
        return before.start if before.end is not None and before.end >= now.start else None

    def _stay_on(self, day: dt.date) -> int | None:
        for at in range(len(self.stays) - 1, -1, -1):
            stay = self.stays[at]
            if stay.start <= day and (stay.end is None or stay.end > day):
                return at
        return None

    # ---------------------------------------------------------------- starts and ends

    def starts(self, start: dt.date, end: dt.date) -> list[Episode]:
        """Episodes that began a period of care from ``start`` to ``end``."""
        return [e for e in self.episodes if e.rne == "S" and start <= e.decom <= end]

    def endings(self, start: dt.date, end: dt.date) -> list[Episode]:
        """Episodes that ended a period of care from ``start`` to ``end`` (REC not X1; a
        blank REC with no episode following the same day counts as an ending too)."""
        begins = {e.decom for e in self.episodes}
        return [
            e
            for e in self.episodes
            if e.dec is not None
            and start <= e.dec <= end
            and (e.rec not in (None, "", CONTINUING) or (not e.rec and e.dec not in begins))
        ]


def _follows(episodes: list[Episode], at: int) -> bool:
    """Episode ``at`` carries on from the one before it (no gap between them)."""
    before = episodes[at - 1]
    return before.dec is not None and before.dec >= episodes[at].decom


def _stays(episodes: list[Episode]) -> list[Stay]:
    """Episodes grouped into placements: see the module docstring for the rules."""
    stays: list[dict] = []
    before_temporary: Episode | None = None  # the placement a temporary move left from
    previous: Episode | None = None
    for episode in episodes:
        if episode.temporary:
            if previous is not None and not previous.temporary:
                before_temporary = previous
            previous = episode
            continue
        gap = previous is not None and previous.dec is not None and previous.dec < episode.decom
        returning = (
            previous is not None
            and previous.temporary
            and before_temporary is not None
            and episode.rne != "S"
            and (episode.rne in (*SAME_CARER, "L") or episode.same_placement(before_temporary))
        )
        if stays and not gap and (returning or episode.rne == "L"):
            stays[-1]["end"] = episode.dec
            stays[-1]["place"] = episode.place
        else:
            stays.append(
                {
                    "start": episode.decom,
                    "end": episode.dec,
                    "new_carer": episode.rne in NEW_CARER or gap,
                    "place": episode.place,
                }
            )
        previous, before_temporary = episode, None
    return [Stay(**s) for s in stays]


# --------------------------------------------------------------------------- reading the return


_EPISODES_SQL = """
WITH return_children AS (
    SELECT DISTINCT la_code, child FROM ssda903_episodes WHERE collection_year = $1
), ranked AS (
    SELECT e.la_code, e.child, e.collection_year, e.decom, e.dec, e.rne, e.ls, e.place, e.rec,
           e.urn, e.pl_post,
           min(CASE WHEN e.collection_year = $1 THEN e.decom END)
               OVER (PARTITION BY e.la_code, e.child) AS first_this_year,
           row_number() OVER (PARTITION BY e.la_code, e.child, e.decom
                              ORDER BY e.collection_year DESC) AS version
    FROM ssda903_episodes e JOIN return_children r USING (la_code, child)
    WHERE e.collection_year <= $1
)
SELECT la_code, child, decom, dec, rne, ls, place, rec, urn, pl_post
FROM ranked
WHERE version = 1 AND (collection_year = $1 OR decom < first_this_year)
ORDER BY la_code, child, decom
"""

_HEADER_SQL = """
SELECT la_code, child, dob, sex, ethnic FROM (
    SELECT *, row_number() OVER (PARTITION BY la_code, child ORDER BY collection_year DESC) AS n
    FROM ssda903_header WHERE collection_year <= $1
) WHERE n = 1
"""


@dataclass
class Return:
    """The children of one collection year's return, read once for every metric."""

    collection_year: int
    children: dict[tuple[str, str], Child]
    short_breaks_only: set[tuple[str, str]]  # children whose every episode is a short break
    years: set[int]  # the collection years of episodes in the warehouse

    def looked_after_on(self, day: dt.date) -> list[Child]:
        return [c for c in self.children.values() if c.looked_after_on(day)]

    def looked_after_during(self, start: dt.date, end: dt.date) -> list[Child]:
        return [c for c in self.children.values() if c.looked_after_during(start, end)]


def read_return(t: Tables, collection_year: int) -> Return:
    """The return of one collection year (memoised per tables): episodes, with the earlier
    returns' episodes of the same children for history, and each child's header."""

    def load() -> Return:
        episodes: dict[tuple[str, str], list[Episode]] = {}
        breaks: dict[tuple[str, str], list[Episode]] = {}
        for la, child, *values in t.rows(_EPISODES_SQL, collection_year):
            episode = Episode(*values)
            target = breaks if episode.ls in SHORT_BREAKS else episodes
            target.setdefault((la, child), []).append(episode)
        headers = _headers(t, collection_year)
        children = {
            key: Child(key, found, *headers.get(key, (None, None, None)))
            for key, found in episodes.items()
        }
        years = {y for (y,) in t.rows("SELECT DISTINCT collection_year FROM ssda903_episodes")}
        return Return(collection_year, children, set(breaks) - set(episodes), years)

    found: Return = t.memo(("ssda903.return", collection_year), load)
    return found


def _headers(
    t: Tables, collection_year: int
) -> dict[tuple[str, str], tuple[dt.date | None, str | None, str | None]]:
    if not t.has("ssda903_header"):
        return {}
    return {
        (la, child): (dob, sex, ethnic)
        for la, child, dob, sex, ethnic in t.rows(_HEADER_SQL, collection_year)
    }


def months_before_april(end: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` months before 1 April after ``end`` (31 March):
    the latest start for 'at least ``months`` months at 31 March' (12 -> 1 April a year
    before, 30 -> 1 October two and a half years before)."""
    index = (end.year * 12 + 3) - months  # 1 April of end.year as a month count, 0-based
    return dt.date(index // 12, index % 12 + 1, 1)


def count_by(children: Iterable[Child], key: Callable[[Child], str]) -> dict[str, int]:
    """Children counted by ``key(child)``."""
    counts: dict[str, int] = {}
    for child in children:
        label = key(child)
        counts[label] = counts.get(label, 0) + 1
    return counts


# --------------------------------------------------------------------------- care leavers

# Why the episodes take an OC3 record out of the care-leaver cohort, in the order applied
EPISODE_EXCLUSIONS = {
    "died_in_care": "Died in care (an episode ended E2)",
    "transferred": "Care transferred to another local authority (last episode ended E3)",
    "short_breaks_only": "Looked after only under short breaks (legal status V3 or V4)",
    "looked_after_on_birthday": "Still looked after on their 17th or 18th birthday",
}

# The 17th or 18th birthday in the collection year of a young person aged 17 or 18 on
# 31 March (born 29 February: 1 March in a common year, as ``periods.birthday_in``)
_BIRTHDAY = """CASE WHEN month(o.dob) = 2 AND day(o.dob) = 29 AND NOT (
        (year(o.dob) + o.age) % 4 = 0
        AND ((year(o.dob) + o.age) % 100 <> 0 OR (year(o.dob) + o.age) % 400 = 0))
    THEN make_date(year(o.dob) + o.age, 3, 1)
    ELSE make_date(year(o.dob) + o.age, month(o.dob), day(o.dob)) END"""

_OC3_FLAGS = """
SELECT o.la_code, o.collection_year, o.child,
       bool_or(e.rec = 'E2') AS died_in_care,
       arg_max(e.rec, e.decom) = 'E3' AS transferred,
       bool_and(e.ls IN ('V3', 'V4')) AS short_breaks_only,
       bool_or(o.age BETWEEN 17 AND 18 AND e.collection_year = o.collection_year
               AND e.ls NOT IN ('V3', 'V4')
               AND e.decom <= {birthday} AND (e.dec IS NULL OR e.dec > {birthday}))
           AS looked_after_on_birthday
FROM oc3 o JOIN ssda903_episodes e
  ON e.la_code = o.la_code AND e.child = o.child AND e.collection_year <= o.collection_year
GROUP BY ALL
"""


def oc3_exclusions_sql() -> str:
    """SQL over a CTE ``oc3`` (la_code, collection_year, child, dob, age): one row per OC3
    record with episodes, ``excluded`` naming the first reason of ``EPISODE_EXCLUSIONS`` that
    applies (NULL if none). Episodes of the return and earlier returns are read; a young
    person with no episodes in the warehouse is not excluded."""
    flags = _OC3_FLAGS.format(birthday=_BIRTHDAY)
    reason = " ".join(f"WHEN {key} THEN '{key}'" for key in EPISODE_EXCLUSIONS)
    return f"SELECT la_code, collection_year, child, CASE {reason} END AS excluded FROM ({flags})"
