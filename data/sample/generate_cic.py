"""The children-in-care part of the sample: SSDA903 episodes, reviews, missing, UASC, OC2 and
AD1 tables for collection years 2023 and 2024 (used by generate.py; run that).

Children are *constructed* in groups so that, read by DfE's methods, the returns give exactly
the figures DfE published for Birmingham (LA 330) for 31 March 2023 and 2024: children looked
after, started and ceased, and the three placement stability measures (the two-year measure
for 2024 only, as it needs the 2022 return for 2023). The groups (``Plan``) say who was in care
when, how often they moved placement in each year and why they left; dates, ages, placements
and everything else are drawn around them.

A return lists the episodes open at some time in its year, with an episode still open at the
end of the year written with a blank DEC (its end is in the next return). So a long stay is
seen from the episode open on 1 April 2022: it either began the period of care (RNE S) or began
on or before 1 October 2020, and the long-term stability measure can always place the child.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from generate import (
    Extract,
    Ids,
    Sample,
    Sheet,
    add_years,
    age_at,
    days,
    dealt,
    dob_for_age,
    ethnicity,
    rand_date,
    rng_for,
    uk,
    weighted,
)

FY1 = (dt.date(2022, 4, 1), dt.date(2023, 3, 31))  # collection year 2023
FY2 = (dt.date(2023, 4, 1), dt.date(2024, 3, 31))  # collection year 2024
YEARS = {2023: FY1, 2024: FY2}
OLD_BY = dt.date(2020, 10, 1)  # the 2023 long-term cut-off: 2.5 years before 31 March 2023
MID_BY = dt.date(2021, 10, 1)  # the 2024 one
END1, END2 = FY1[1], FY2[1]
LATEST_BIRTH = {
    "old": dt.date(2020, 9, 1),
    "mid": dt.date(2021, 9, 1),
    "late": dt.date(2022, 3, 1),
    "fy1": dt.date(2023, 1, 1),
    "fy2": dt.date(2024, 1, 15),
}

# DfE's published figures for LA 330 (children looked after in England 2024; stability
# measures 2024): what the returns reproduce
TARGETS = {
    2023: {"looked_after": 2211, "started": 708, "ceased": 611, "placements_3plus": 207,
           "long_term": (620, 877)},
    2024: {"looked_after": 2296, "started": 743, "ceased": 664, "placements_3plus": 190,
           "two_years": (346, 1721), "long_term": (610, 884)},
}  # fmt: skip


@dataclass
class Group:
    """Children alike in when they were in care, their age and their moves."""

    name: str
    start: str  # "old" (by 1/10/2020), "mid" (by 1/10/2021), "late" (by 31/3/2022), "fy1", "fy2"
    ages: tuple[int, int]  # age on 31 March 2024 (or, for leavers, on the day they leave)
    moves: dict[tuple[int, int], int]  # (moves in 2022-23, moves in 2023-24) -> children
    leaves: str = ""  # "fy1", "fy2" or "" (still looked after on 31 March 2024)
    reasons: dict[str, int] = field(default_factory=dict)  # how they leave -> children
    uasc: int = 0  # how many are unaccompanied asylum-seeking children

    @property
    def size(self) -> int:
        return sum(self.moves.values())


# The plan. In care on 1 April 2022: G1-G7 (2,114); starting in 2022-23: G8-G10 (708);
# starting in 2023-24: G11-G13 (743). Looked after on 31 March 2023: G1-G6, G8, G9 (2,211);
# on 31 March 2024: G1-G4, G8, G11, G12 (2,296), of whom G1-G4 (1,721) since 1 April 2022.
PLAN = (
    # under 16 on 31 March 2024, in care by 1 October 2020: both long-term cohorts
    Group("G1", "old", (4, 15), {(0, 0): 500, (1, 0): 60, (0, 1): 40, (1, 1): 40, (2, 0): 30,
                                 (0, 2): 20, (2, 2): 10}),
    # 16 during 2023-24: the 2023 long-term cohort only
    Group("G2", "old", (16, 16), {(0, 0): 20, (1, 0): 20, (1, 1): 15, (2, 0): 15, (2, 1): 10,
                                  (0, 1): 10, (0, 2): 10}),
    # in care by 1 October 2021, under 16: the 2024 long-term cohort only
    Group("G3", "mid", (3, 15), {(0, 0): 110, (1, 0): 20, (0, 1): 20, (1, 1): 14, (2, 0): 10,
                                 (0, 2): 10}),
    # in neither long-term cohort: in care since late 2021, or 16-17
    Group("G4a", "late", (2, 15), {(0, 0): 280, (1, 0): 38, (0, 1): 38, (1, 1): 45, (2, 0): 20,
                                   (0, 2): 20, (2, 2): 5, (1, 2): 4}, uasc=31),
    Group("G4b", "old", (17, 17), {(0, 0): 142, (1, 0): 17, (0, 1): 17, (1, 1): 19, (2, 0): 12,
                                   (0, 2): 12, (2, 2): 6, (1, 2): 5}),
    Group("G4c", "mid", (16, 16), {(0, 0): 33, (1, 0): 5, (0, 1): 5, (1, 1): 6, (2, 0): 3,
                                   (0, 2): 3, (2, 2): 1, (1, 2): 1}),
    # leave during 2023-24: G5 is in the 2023 long-term cohort; G6 turn 18 or are adopted
    Group("G5", "old", (4, 15), {(0, 0): 20, (1, 0): 37, (2, 0): 20}, "fy2",
          {"home": 40, "sgo": 25, "other": 12}),
    Group("G6", "mid", (1, 17), {(0, 0): 33, (1, 0): 10, (2, 0): 10}, "fy2",
          {"eighteen": 33, "adopted": 20}),
    # leave during 2022-23
    Group("G7", "old", (3, 17), {(0, 0): 263}, "fy1",
          {"adopted": 40, "eighteen": 60, "home": 80, "sgo": 40, "other": 43}),
    # start in 2022-23: still looked after on 31 March 2024 (G8), leave in 2023-24 (G9), or
    # leave the same year (G10)
    Group("G8", "fy1", (0, 17), {(0, 0): 112, (2, 0): 30, (0, 2): 33, (1, 0): 10, (0, 1): 10},
          uasc=60),
    Group("G9", "fy1", (0, 17), {(0, 0): 140, (2, 0): 25}, "fy2",
          {"adopted": 25, "eighteen": 40, "home": 60, "sgo": 20, "other": 20}, uasc=40),
    Group("G10", "fy1", (0, 17), {(0, 0): 348}, "fy1",
          {"home": 190, "eighteen": 15, "sgo": 13, "other": 130}),
    # start in 2023-24: still looked after (G11), leave and come back (G12), leave (G13)
    Group("G11", "fy2", (0, 17), {(0, 0): 304, (0, 2): 50, (0, 1): 20}, uasc=90),
    Group("G12", "fy2", (2, 15), {(0, 0): 6}, "fy2", {"home": 6}),
    Group("G13", "fy2", (0, 17), {(0, 0): 363}, "fy2",
          {"home": 180, "eighteen": 20, "sgo": 20, "other": 143}),
)  # fmt: skip

REC = {
    "home": {"E4A": 3, "E4B": 1},
    "adopted": {"E11": 1, "E12": 2},
    "sgo": {"E45": 2, "E46": 1, "E47": 3, "E48": 1},
    "eighteen": {"E17": 3, "E5": 4, "E6": 1, "E8": 1},
    "other": {"E13": 3, "E8": 2, "E41": 3, "E15": 1, "E9": 1, "E16": 1, "E3": 1},
}
# how old children starting to be looked after are, roughly as in England
STARTER_AGES = {0: 10, 1: 4, 2: 4, 3: 4, 4: 4, 16: 4, 17: 3, **{a: 5 for a in range(10, 16)}}
UASC_ETHNICITY = {"AOTH": 30, "OOTH": 35, "BAFR": 20, "BOTH": 10, "WOTH": 5}
CIN = {"N1": 60, "N2": 4, "N3": 3, "N4": 9, "N5": 16, "N6": 1, "N7": 1, "N8": 6}
PLACEMENTS = {
    "young": {"U1": 20, "U3": 8, "U4": 40, "U5": 10, "U6": 17, "P1": 5},
    "older": {"U1": 12, "U3": 8, "U4": 35, "U6": 20, "K2": 25},
    "sixteen": {"U4": 25, "U6": 15, "K2": 20, "H5": 30, "U1": 10},
}
PROVIDER = {"U1": "PR1", "U3": "PR1", "U4": "PR1", "U5": "PR1", "U6": "PR4", "P1": "PR0",
            "K2": "PR4", "H5": "PR4", "A3": "PR1", "A4": "PR1", "A5": "PR1", "A6": "PR1",
            "T4": "PR1"}  # fmt: skip
MOVE_REASONS = {"CARPL": 3, "CHILD": 2, "LAREQ": 3, "PLACE": 2, "STAND": 1, "CREQB": 1}


@dataclass
class Ep:
    decom: dt.date
    rne: str
    ls: str
    cin: str
    place: str
    urn: str
    pl_post: str
    dec: dt.date | None = None
    rec: str = ""
    reason: str = ""


@dataclass
class Kid:
    child: str
    dob: dt.date
    sex: str
    ethnic: str
    uasc: bool = False
    episodes: list[Ep] = field(default_factory=list)
    in_header: tuple[int, ...] = ()  # returns whose header has them already (OC3 young people)
    adopted: tuple[dt.date, dt.date, bool] | None = None  # (decision, match, by foster carers)

    @property
    def current(self) -> Ep:
        return self.episodes[-1]

    def begin(self, day: dt.date, rne: str, ls: str, cin: str, place: tuple[str, str, str]) -> None:
        self.episodes.append(Ep(day, rne, ls, cin, *place))

    def change(
        self,
        day: dt.date,
        rne: str,
        *,
        ls: str | None = None,
        place: tuple[str, str, str] | None = None,
        reason: str = "",
    ) -> None:
        now = self.current
        now.dec, now.rec = day, "X1"
        where = place or (now.place, now.urn, now.pl_post)
        self.episodes.append(Ep(day, rne, ls or now.ls, now.cin, *where, reason=reason))

    def cease(self, day: dt.date, rec: str) -> None:
        self.current.dec, self.current.rec = day, rec


class Placements:
    """Placements by age, each with a provider reference (URN) and a postcode district."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.homes = Ids(rng, 100000, 999999, width=6)

    def pick(self, age: int, uasc: bool = False) -> tuple[str, str, str]:
        kind = "young" if age < 11 else ("older" if age < 16 else "sixteen")
        place = weighted(self.rng, {"H5": 55, "U4": 45} if uasc and age >= 16 else PLACEMENTS[kind])
        urn = f"SC{self.homes.new()}" if place in ("K2", "H5") else "XXXXXXX"
        return place, urn, f"B{self.rng.randint(1, 99)}"

    def adoptive(self, foster_carers: bool) -> tuple[str, str, str]:
        return ("A5" if foster_carers else "A6"), "XXXXXXX", f"B{self.rng.randint(1, 99)}"


# --------------------------------------------------------------------------- building


def build_children_in_care(
    sample: Sample, oc3_leavers: list[tuple[str, dt.date, str, str]]
) -> dict[int, dict[str, int]]:
    """Append the children-in-care tables of both returns to ``sample``; returns TARGETS.

    ``oc3_leavers`` are young people of the 2024 OC3 return, aged 18, not in the 2023 one
    (CHILD, DOB, SEX, ETHNIC): G6's eighteen-year-olds are they, so the returns link."""
    rng = rng_for("children_in_care")
    maker = Maker(rng, oc3_leavers)
    kids: list[Kid] = []
    for group in PLAN:
        kids += maker.group(group)
    kids.sort(key=lambda k: k.child)
    for year in YEARS:
        write_return(sample, rng, kids, year)
    return TARGETS


class Maker:
    def __init__(
        self, rng: random.Random, oc3_leavers: list[tuple[str, dt.date, str, str]]
    ) -> None:
        self.rng = rng
        self.ids = Ids(rng, 2_000_000, 2_999_999)
        self.places = Placements(rng)
        self.oc3 = list(oc3_leavers)

    def group(self, group: Group) -> list[Kid]:
        moves = dealt({f"{u},{v}": n for (u, v), n in group.moves.items()}, self.rng)
        reasons = dealt(group.reasons, self.rng) if group.reasons else [""] * group.size
        assert len(reasons) == group.size, group.name
        for _ in range(reasons.count("adopted")):  # adoptions have their own placements
            moves.remove("0,0")
        uasc = [True] * group.uasc + [False] * (group.size - group.uasc)
        self.rng.shuffle(uasc)
        if group.name == "G9":  # the unaccompanied young people of G9 are those turning 18
            uasc = [reason == "eighteen" for reason in reasons]
        kids = []
        for reason, is_uasc in zip(reasons, uasc, strict=True):
            move = "0,0" if reason == "adopted" else moves.pop()
            u, v = (int(x) for x in move.split(","))
            kids.append(self.kid(group, u, v, reason, is_uasc))
        assert not moves, group.name
        return kids

    # ---------------------------------------------------------------- one child

    def person(self, group: Group, reason: str, uasc: bool) -> Kid:
        rng = self.rng
        if reason == "eighteen" and group.name == "G6" and self.oc3:
            child, dob, sex, ethnic = self.oc3.pop(0)
            return Kid(child, dob, "M" if sex == "1" else "F", ethnic, in_header=(2024,))
        low, high = group.ages
        if uasc:  # arrived aged 14 or more, still under 18 on 31 March 2024
            low, high = {"late": 16, "fy1": 16}.get(group.start, 15), 17
        if reason == "eighteen":
            dob = self.eighteen_in(group)
        elif reason == "adopted":
            young = rng.randint(1, 3) if group.start != "fy1" else rng.randint(0, 1)
            dob = dob_for_age(rng, young, dt.date(2022, 3, 31))
        else:
            anchor = END2 if group.leaves != "fy1" else END1
            starting = group.start in ("fy1", "fy2") and not uasc
            age = weighted(rng, {str(a): STARTER_AGES.get(a, 3) for a in range(low, high + 1)})
            dob = dob_for_age(rng, int(age) if starting else rng.randint(low, high), anchor)
            latest = LATEST_BIRTH[group.start]  # born in time to start when the group does
            if dob > latest:
                dob = latest - days(rng.randint(0, 300))
        sex = "M" if rng.random() < (0.9 if uasc else 0.55) else "F"
        ethnic = weighted(rng, UASC_ETHNICITY) if uasc else ethnicity(rng)
        return Kid(self.ids.new(), dob, sex, ethnic, uasc=uasc)

    def eighteen_in(self, group: Group) -> dt.date:
        """A date of birth making the child 18 during the year they leave (after they have
        been in care a while, for those who start that year)."""
        low, high = FY1 if group.leaves == "fy1" else FY2
        if group.start in ("fy1", "fy2") and group.leaves == group.start:
            low += days(75)
        birthday = rand_date(self.rng, low + days(1), high - days(1))
        if birthday.month == 2 and birthday.day == 29:
            birthday -= days(1)
        return add_years(birthday, -18)

    def kid(self, group: Group, u: int, v: int, reason: str, uasc: bool) -> Kid:
        rng = self.rng
        kid = self.person(group, reason, uasc)
        start = self.start_date(group, kid, reason)
        if reason == "adopted":
            self.adoption(kid, start, group.leaves)
            return kid
        cin = "N8" if uasc else weighted(rng, CIN)
        ls = "V2" if uasc else weighted(rng, {"C2": 60, "C1": 25, "V2": 15})
        rne = "S"
        first = start
        if group.start == "old" and rng.random() < 0.5:
            # the episode open on 1 April 2022 began with a move on or before 1 October 2020
            first = rand_date(rng, start, OLD_BY)
            rne = "S" if first == start else "P"
            ls = "C2" if not uasc else ls
        kid.begin(first, rne, ls, cin, self.places.pick(age_at(kid.dob, first), uasc))
        end = self.leaving_date(group, kid, reason, start)
        if ls == "C1" and (u, v) == (0, 0) and rng.random() < 0.6:
            self.legal_change(kid, first, "C2", end)
        self.moves(kid, FY1, u, end)
        self.moves(kid, FY2, v, end)
        if group.name == "G4b" and (u, v) == (0, 0) and kid.current.urn.startswith("SC"):
            self.temporary(kid)
        if end is not None:
            kid.cease(end, weighted(rng, REC[reason]))
            if group.name == "G12":  # back into care within the year
                back = end + days(rng.randint(20, 60))
                kid.begin(back, "S", "V2", cin, self.places.pick(age_at(kid.dob, back)))
        return kid

    def start_date(self, group: Group, kid: Kid, reason: str) -> dt.date:
        rng = self.rng
        earliest = max(kid.dob + days(10), dt.date(2010, 1, 1))
        if kid.uasc:
            earliest = max(earliest, add_years(kid.dob, 14))
        window = {
            "old": (earliest, OLD_BY - days(1)),
            "mid": (max(earliest, OLD_BY + days(1)), MID_BY),
            "late": (max(earliest, MID_BY + days(1)), dt.date(2022, 3, 31)),
            "fy1": (max(earliest, dt.date(2022, 4, 2)), dt.date(2023, 1, 31)),
            "fy2": (max(earliest, dt.date(2023, 4, 2)), dt.date(2024, 2, 15)),
        }[group.start]
        if reason == "eighteen":  # in care a while before the 18th birthday
            birthday = add_years(kid.dob, 18)
            window = (window[0], min(window[1], birthday - days(30)))
        if reason == "adopted" and group.start == "fy1":
            window = (window[0], dt.date(2022, 8, 31))
        if reason == "adopted" and group.start == "mid":
            window = (max(window[0], dt.date(2021, 3, 1)), dt.date(2021, 9, 30))
        if reason == "adopted" and group.start == "old":  # G7: adopted in 2022-23
            window = (max(window[0], dt.date(2020, 10, 2)), dt.date(2021, 9, 30))
        if group.name == "G12":  # time to leave and come back before 31 March 2024
            window = (window[0], dt.date(2023, 11, 30))
        assert window[0] <= window[1], (group.name, kid.dob, window)
        return rand_date(rng, *window)

    def leaving_date(self, group: Group, kid: Kid, reason: str, start: dt.date) -> dt.date | None:
        if not group.leaves:
            return None
        low, high = FY1 if group.leaves == "fy1" else FY2
        if reason == "eighteen":
            return add_years(kid.dob, 18)
        if group.name == "G12":
            high = dt.date(2024, 1, 15)
        low = max(low + days(1), start + days(14))
        return rand_date(self.rng, low, high - days(3))

    def moves(self, kid: Kid, year: tuple[dt.date, dt.date], n: int, end: dt.date | None) -> None:
        if not n:
            return
        low = max(year[0] + days(1), kid.current.decom + days(7))
        high = min(year[1], end - days(7)) if end else year[1]
        assert high - low > days(3 * n), (kid.child, low, high)
        dates = sorted(self.rng.sample(range((high - low).days), n))
        for offset in dates:
            day = low + days(offset)
            age = age_at(kid.dob, day)
            kid.change(
                day,
                "P",
                place=self.places.pick(age, kid.uasc),
                reason=weighted(self.rng, MOVE_REASONS),
            )

    def legal_change(self, kid: Kid, after: dt.date, ls: str, end: dt.date | None) -> None:
        """A full care order after an interim one (RNE L: the placement goes on)."""
        day = max(after + days(self.rng.randint(40, 200)), FY1[0] + days(1))
        if day < END2 - days(30) and (end is None or day < end - days(7)):
            kid.change(day, "L", ls=ls)

    def temporary(self, kid: Kid) -> None:
        """A week away in a temporary placement (T4) in 2023-24, back to the same home."""
        back_to = (kid.current.place, kid.current.urn, kid.current.pl_post)
        low = max(dt.date(2023, 5, 1), kid.current.decom + days(7))
        if low > dt.date(2024, 2, 1):
            return
        day = rand_date(self.rng, low, dt.date(2024, 2, 1))
        kid.change(day, "P", place=("T4", "XXXXXXX", back_to[2]))
        kid.change(day + days(self.rng.randint(2, 7)), "P", place=back_to)

    def adoption(self, kid: Kid, start: dt.date, leaves: str) -> None:
        """Care, a placement order, a match, placement with the adopters, the adoption."""
        rng = self.rng
        kid.begin(start, "S", "C1", "N1", self.places.pick(age_at(kid.dob, start)))
        if leaves == "fy1":
            order = rand_date(rng, dt.date(2022, 4, 5), dt.date(2022, 5, 31))
        elif start < FY1[0]:
            order = rand_date(rng, dt.date(2022, 4, 5), dt.date(2022, 9, 30))
        else:
            order = start + days(rng.randint(120, 200))
        match = order + days(rng.randint(90, 180))
        placed = match + days(rng.randint(10, 30))
        low, high = FY1 if leaves == "fy1" else FY2
        adopted = min(max(placed + days(rng.randint(90, 200)), low + days(5)), high - days(5))
        foster_carers = rng.random() < 0.25
        kid.change(order, "L", ls="E1")
        if foster_carers:
            kid.change(placed, "T", place=self.places.adoptive(True))
        else:
            kid.change(placed, "P", place=self.places.adoptive(False), reason="PLACE")
        kid.cease(adopted, weighted(rng, REC["adopted"]))
        kid.adopted = (order - days(rng.randint(30, 90)), match, foster_carers)


# --------------------------------------------------------------------------- writing


def in_return(episode: Ep, year: int) -> Ep | None:
    """The episode as the return of ``year`` shows it: open during the year; an end after the
    year is not known yet."""
    start, end = YEARS[year]
    if episode.decom > end or (episode.dec is not None and episode.dec < start):
        return None
    if episode.dec is not None and episode.dec > end:
        return Ep(
            episode.decom,
            episode.rne,
            episode.ls,
            episode.cin,
            episode.place,
            episode.urn,
            episode.pl_post,
            None,
            "",
            episode.reason,
        )
    return episode


def write_return(sample: Sample, rng: random.Random, kids: list[Kid], year: int) -> None:
    shown = [(kid, [e for e in (in_return(ep, year) for ep in kid.episodes) if e]) for kid in kids]
    shown = [(kid, eps) for kid, eps in shown if eps]
    episodes = Sheet(None)
    episodes.add(
        [
            "CHILD",
            "DECOM",
            "RNE",
            "LS",
            "CIN",
            "PLACE",
            "PLACE_PROVIDER",
            "DEC",
            "REC",
            "REASON_PLACE_CHANGE",
            "HOME_POST",
            "PL_POST",
            "URN",
        ]
    )
    for kid, eps in shown:
        home = (
            f"B{rng.randint(1, 99)} {rng.randint(1, 9)}{rng.choice('ABDEFHJLNPRSTUWXY')}"
            f"{rng.choice('ABDEFHJLNPRSTUWXY')}"
        )
        for e in eps:
            provider = PROVIDER.get(e.place, "PR1")
            episodes.add(
                [
                    kid.child,
                    uk(e.decom),
                    e.rne,
                    e.ls,
                    e.cin,
                    e.place,
                    provider,
                    uk(e.dec),
                    e.rec,
                    e.reason,
                    home,
                    f"{e.pl_post} 1AA",
                    e.urn,
                ]
            )
    sample.extracts.append(Extract(f"ssda903_{year}_episodes.csv", [episodes]))
    header = next(x for x in sample.extracts if x.file == f"ssda903_{year}_header.csv")
    for kid, _ in shown:
        if year not in kid.in_header:
            mother = "0" if kid.sex == "F" else ""
            header.sheets[0].add(
                [
                    kid.child,
                    "1" if kid.sex == "M" else "2",
                    uk(kid.dob),
                    kid.ethnic,
                    f"A{rng.randint(10**11, 10**12 - 1)}",
                    mother,
                    "",
                ]
            )
    from generate_cic_tables import write_tables  # the other tables of the return

    write_tables(sample, rng, shown, year)
