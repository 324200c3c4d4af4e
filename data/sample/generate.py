"""Generate the synthetic, record-level sample extracts in data/sample/.

Run ``python data/sample/generate.py`` (or ``make sample``). The output is byte-identical on
every run: each dataset draws from its own ``random.Random`` seeded with a fixed string, no
date comes from the clock, CSVs are written with fixed line endings and encodings, and the
workbooks are written by xlsxwriter with fixed document properties.

Design
------
The sample imitates what an analyst exports from a case-management system and from service
spreadsheets for FY 2021-22 to 2023-24, and reproduces exactly the counts listed in
``docs/sample-targets.md`` of the shared docs once ingested by cpkit. Each builder below
*constructs* its records from the target counts (fixed pools of codes that are shuffled and
dealt out, then dates and people drawn around them), so the targets hold by construction;
``check_targets.py`` re-checks them against the warehouse after a real ingest.

The extracts are deliberately messy in the ways real ones are (CSV and XLSX, title rows,
second sheets, UK dates and Excel dates, header wordings that need aliases, identifier
columns that must never be stored, a Windows-1252 CSV, blank rows and a totals row). A few
*extra* faulty rows are added that ingest must quarantine; they are extra, so the accepted
rows still give the exact counts. Every faulty row is recorded as a ``Fault`` and the list is
written into README.md between the ``faults`` markers.

Nothing here is real: ids, names, postcodes and dates of birth are random.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter

# generate_cic imports its helpers from this module: run as a script, it is the same module
sys.modules.setdefault("generate", sys.modules[__name__])

HERE = Path(__file__).resolve().parent
SEED = "cpkit-sample-v1"
EXTRACT_DATE = dt.date(2024, 3, 31)  # every extract is "as at" the end of FY 2023-24
FUTURE_TYPO_YEAR = 2031
WORKBOOK_CREATED = dt.datetime(2024, 4, 2, 9, 0, 0)

FAULTS_START = "<!-- faults:start (written by generate.py; do not edit by hand) -->"
FAULTS_END = "<!-- faults:end -->"


# --------------------------------------------------------------------------- helpers


def rng_for(name: str) -> random.Random:
    """One generator per dataset, so changing one dataset leaves the others unchanged."""
    return random.Random(f"{SEED}:{name}")


def fy(start_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of the UK financial year starting 1 April ``start_year``."""
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return dt.date(day.year + years, 3, 1)


def age_at(dob: dt.date, day: dt.date) -> int:
    years = day.year - dob.year
    return years if add_years(dob, years) <= day else years - 1


def dob_for_age(rng: random.Random, age: int, on: dt.date) -> dt.date:
    """A date of birth (never 29 February) giving exactly ``age`` on ``on``."""
    latest = add_years(on, -age)
    earliest = add_years(on, -(age + 1)) + days(1)
    dob = rand_date(rng, earliest, latest)
    if dob.month == 2 and dob.day == 29:
        dob -= days(1)
    assert age_at(dob, on) == age
    return dob


def uk(day: dt.date | None) -> str:
    """dd/mm/yyyy, the way a UK Excel exports dates to CSV."""
    return day.strftime("%d/%m/%Y") if day else ""


def dealt(counts: dict[str, int], rng: random.Random) -> list[str]:
    """A shuffled pool holding each value exactly ``count`` times."""
    pool = [value for value, count in counts.items() for _ in range(count)]
    rng.shuffle(pool)
    return pool


def split_count(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Split ``total`` by ``shares`` with the largest-remainder method (exact sum)."""
    weight = sum(shares.values())
    raw = {k: total * v / weight for k, v in shares.items()}
    counts = {k: int(v) for k, v in raw.items()}
    order = sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)
    for key in order[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def weighted(rng: random.Random, table: dict[str, float]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


class Ids:
    """Unique digit-string person ids, as a case-management system issues them."""

    def __init__(self, rng: random.Random, low: int, high: int, width: int = 7) -> None:
        self.rng, self.low, self.high, self.width = rng, low, high, width
        self.used: set[int] = set()

    def new(self) -> str:
        while True:
            number = self.rng.randint(self.low, self.high)
            if number not in self.used:
                self.used.add(number)
                return f"{number:0{self.width}d}"


# Birmingham-like ethnicity mix (DfE codes) and the wordings extracts use for them.
ETHNICITY_MIX = {
    "WBRI": 38, "WIRI": 1, "WOTH": 4, "WIRT": 0.5, "WROM": 1,
    "MWBC": 9, "MWBA": 2, "MWAS": 3, "MOTH": 3,
    "AIND": 3, "APKN": 12, "ABAN": 3, "AOTH": 2,
    "BCRB": 5, "BAFR": 6, "BOTH": 2,
    "CHNE": 0.5, "OOTH": 3, "REFU": 0.5, "NOBT": 1.5,
}  # fmt: skip
ETHNICITY_WORDS = {
    "WBRI": ("White British", "WBRI", "White - British"),
    "WIRI": ("White Irish",),
    "WOTH": ("Any other White background", "White - Other"),
    "WIRT": ("Traveller of Irish heritage",),
    "WROM": ("Gypsy/Roma",),
    "MWBC": ("Mixed White and Black Caribbean", "White and Black Caribbean", "MWBC"),
    "MWBA": ("White and Black African",),
    "MWAS": ("White and Asian", "Mixed - White and Asian"),
    "MOTH": ("Any other mixed background",),
    "AIND": ("Indian", "Asian - Indian"),
    "APKN": ("Pakistani", "Asian - Pakistani", "APKN"),
    "ABAN": ("Bangladeshi",),
    "AOTH": ("Any other Asian background", "Other Asian"),
    "BCRB": ("Black Caribbean", "Black - Caribbean"),
    "BAFR": ("Black African", "African", "BAFR"),
    "BOTH": ("Any other Black background",),
    "CHNE": ("Chinese",),
    "OOTH": ("Any other ethnic group", "Arab"),
    "REFU": ("Refused",),
    "NOBT": ("Not known", "Information not yet obtained"),
}
FIRST_NAMES = {
    "F": ("Amara", "Bethany", "Chloe", "Ellie", "Fatima", "Grace", "Imani", "Isla", "Layla",
          "Maryam", "Nia", "Olivia", "Poppy", "Ruby", "Sienna", "Zara", "Aisha", "Keira", "Mia",
          "Summer", "Tia"),
    "M": ("Ayaan", "Callum", "Daniel", "Hamza", "Jayden", "Leo", "Mason", "Noah", "Omar",
          "Reuben", "Tyler", "Yusuf", "Harvey", "Lewis", "Rhys", "Zain", "Kofi", "Bilal"),
    "X": ("Alex", "Charlie", "Jordan", "Kai", "Riley", "Sami", "Frankie"),
}  # fmt: skip
SURNAMES = (
    "Ahmed", "Ali", "Bailey", "Begum", "Brown", "Campbell", "Clarke", "Davies", "Edwards",
    "Evans", "Green", "Hall", "Hussain", "Iqbal", "Jackson", "James", "Johnson", "Khan",
    "Lewis", "Mahmood", "Miah", "Morris", "Patel", "Phillips", "Reid", "Roberts", "Shah",
    "Smith", "Taylor", "Thomas", "Walker", "White", "Williams", "Wilson", "Wright", "Young",
)  # fmt: skip


def ethnicity(rng: random.Random) -> str:
    return weighted(rng, ETHNICITY_MIX)


def ethnicity_word(rng: random.Random, code: str) -> str:
    return rng.choice(ETHNICITY_WORDS[code])


def fake_name(rng: random.Random, gender: str) -> str:
    return f"{rng.choice(FIRST_NAMES.get(gender, FIRST_NAMES['X']))} {rng.choice(SURNAMES)}"


def fake_postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"B{rng.randint(1, 99)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


GENDER_WORDS = {
    "F": ("Female", "Female", "Female", "F"),
    "M": ("Male", "Male", "Male", "M"),
    "OTHER": ("Non-binary",),
    "UNKNOWN": ("Not known", "Prefer not to say", ""),
}


def gender_word(rng: random.Random, code: str) -> str:
    return rng.choice(GENDER_WORDS[code])


def yes_no(rng: random.Random, value: bool | None) -> str:
    if value is None:
        return ""
    return rng.choice(("Yes", "Yes", "Y")) if value else rng.choice(("No", "No", "N"))


# --------------------------------------------------------------------------- output model


class Serial(int):
    """A date written into a workbook as a bare Excel serial number (no date format)."""

    @classmethod
    def of(cls, day: dt.date) -> Serial:
        return cls((day - dt.date(1899, 12, 30)).days)


@dataclass
class Fault:
    file: str
    sheet: str | None
    row: int
    rule: str
    what: str


@dataclass
class Sheet:
    """Rows as they appear in the file (title and blank rows included)."""

    name: str | None
    rows: list[list[Any]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)

    def add(self, row: Sequence[Any]) -> int:
        """Append a row; returns its 1-based row number (what Excel shows)."""
        self.rows.append(list(row))
        return len(self.rows)


@dataclass
class Extract:
    file: str
    sheets: list[Sheet]
    encoding: str = "utf-8"  # CSV only
    title: str = ""  # workbook document title

    @property
    def is_csv(self) -> bool:
        return self.file.endswith(".csv")


@dataclass
class Sample:
    extracts: list[Extract] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)  # rows ingest must quarantine
    quirks: list[Fault] = field(default_factory=list)  # odd but valid rows, kept on purpose

    def fault(self, extract: str, sheet: Sheet, row: int, rule: str, what: str) -> None:
        self.faults.append(Fault(extract, sheet.name, row, rule, what))

    def quirk(self, extract: str, sheet: Sheet, row: int, what: str) -> None:
        self.quirks.append(Fault(extract, sheet.name, row, "", what))


def write_csv(extract: Extract, folder: Path) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in extract.sheets[0].rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    (folder / extract.file).write_bytes(buffer.getvalue().encode(extract.encoding))


def write_xlsx(extract: Extract, folder: Path) -> None:
    workbook = xlsxwriter.Workbook(str(folder / extract.file))
    workbook.set_properties(
        {
            "title": extract.title,
            "author": "cpkit sample generator",
            "company": "Synthetic data (not real people)",
            "created": WORKBOOK_CREATED,
        }
    )
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    bold = workbook.add_format({"bold": True})
    for sheet in extract.sheets:
        worksheet = workbook.add_worksheet(sheet.name)
        for index, width in enumerate(sheet.widths):
            worksheet.set_column(index, index, width)
        for r, row in enumerate(sheet.rows):
            for c, cell in enumerate(row):
                if cell is None or cell == "":
                    continue
                if isinstance(cell, Serial):
                    worksheet.write_number(r, c, int(cell))
                elif isinstance(cell, dt.date):
                    worksheet.write_datetime(r, c, cell, date_format)
                elif isinstance(cell, bool):
                    worksheet.write_boolean(r, c, cell)
                elif isinstance(cell, int | float):
                    worksheet.write_number(r, c, cell)
                elif isinstance(cell, Bold):
                    worksheet.write_string(r, c, str(cell), bold)
                else:
                    worksheet.write_string(r, c, str(cell))
    workbook.close()


class Bold(str):
    """A title or header cell written in bold."""


def header(names: Iterable[str]) -> list[Bold]:
    return [Bold(name) for name in names]


# --------------------------------------------------------------------------- advocacy

ADVOCATES = ("ST1043", "ST1187", "ST1202", "ST1311", "ST1356")
ADVOCACY_YEARS: dict[int, dict[str, Any]] = {
    # referrals, children referred twice in the year, and exact mixes per FY (start year)
    2021: {
        "pairs": 25,
        "cohort": {"CIC": 259, "CP": 149, "CIN": 88, "CARE_LEAVER": 54},
        "disability": {"Y": 198, "N": 311, "": 41},
        "source": {
            "FGC": 250, "SOCIAL_WORK": 160, "SELF": 26, "IRO": 24, "CP_CHAIR": 16,
            "PROVIDER": 20, "CARER": 18, "PARENT": 12, "OTHER_SERVICE": 16, "OTHER": 8,
        },
        "issue": {
            "SUPPORT_AT_MEETINGS": 236, "PLACEMENT": 125, "COMPLAINT": 52, "CONTACT": 38,
            "EDUCATION": 27, "LEAVING_CARE": 30, "HOMELESSNESS": 10, "HEALTH": 14,
            "IDENTITY": 6, "OTHER": 12,
        },
        "icpc_15_17": (0, 0),  # (referrals, of which support accessed)
        "icpc_other": (0, 0),
    },
    2022: {
        "pairs": 30,
        "cohort": {"CIC": 281, "CP": 176, "CIN": 104, "CARE_LEAVER": 51},
        "disability": {"Y": 232, "N": 350, "": 30},
        "source": {
            "FGC": 290, "SOCIAL_WORK": 170, "SELF": 28, "IRO": 25, "CP_CHAIR": 22,
            "PROVIDER": 22, "CARER": 17, "PARENT": 12, "OTHER_SERVICE": 18, "OTHER": 8,
        },
        "issue": {
            "SUPPORT_AT_MEETINGS": 270, "PLACEMENT": 130, "COMPLAINT": 58, "CONTACT": 40,
            "EDUCATION": 28, "LEAVING_CARE": 30, "HOMELESSNESS": 18, "HEALTH": 16,
            "IDENTITY": 8, "OTHER": 14,
        },
        "icpc_15_17": (22, 9),
        "icpc_other": (10, 6),
    },
    2023: {
        "pairs": 36,
        "cohort": {"CIC": 303, "CP": 207, "CIN": 110, "CARE_LEAVER": 69},
        "disability": {"Y": 276, "N": 390, "": 23},
        "source": {
            "FGC": 345, "SOCIAL_WORK": 172, "SELF": 30, "IRO": 28, "CP_CHAIR": 26,
            "PROVIDER": 24, "CARER": 18, "PARENT": 14, "OTHER_SERVICE": 22, "OTHER": 10,
        },
        "issue": {
            "SUPPORT_AT_MEETINGS": 312, "PLACEMENT": 141, "COMPLAINT": 62, "CONTACT": 41,
            "EDUCATION": 30, "LEAVING_CARE": 36, "HOMELESSNESS": 24, "HEALTH": 17,
            "IDENTITY": 9, "OTHER": 17,
        },
        "icpc_15_17": (40, 20),
        "icpc_other": (28, 17),
    },
}  # fmt: skip
COHORT_WORDS = {
    "CIC": ("Child in Care", "CIC", "CIC", "LAC", "Looked After"),
    "CP": ("CP", "Child Protection Plan", "CP Plan", "CPP"),
    "CIN": ("CIN", "Child in Need", "CIN"),
    "CARE_LEAVER": ("Care Leaver", "Care Leaver", "Care Experienced", "18+"),
}
SOURCE_WORDS = {
    "FGC": ("FGC", "FGC Team", "Family Group Conference"),
    "SOCIAL_WORK": ("Social Worker", "Social Work Team", "SW"),
    "SELF": ("Self referral", "Young person"),
    "IRO": ("IRO", "Independent Reviewing Officer"),
    "CP_CHAIR": ("CP Chair", "Conference Chair"),
    "PROVIDER": ("Children's home", "Private residential", "Placement provider"),
    "CARER": ("Foster carer", "Kinship carer"),
    "PARENT": ("Parent", "Family member"),
    "OTHER_SERVICE": ("St Basils", "School", "Early Help", "Youth Offending", "Housing"),
    "OTHER": ("Other",),
}
ISSUE_WORDS = {
    "SUPPORT_AT_MEETINGS": ("Support at meetings", "Support at meetings", "Meeting support"),
    "PLACEMENT": ("Placement", "Placement move"),
    "COMPLAINT": ("Complaint",),
    "CONTACT": ("Contact", "Family time"),
    "EDUCATION": ("Education",),
    "LEAVING_CARE": ("Leaving care", "Pathway plan"),
    "HOMELESSNESS": ("Homelessness", "Presenting homeless"),
    "HEALTH": ("Health", "Mental health"),
    "IDENTITY": ("Identity",),
    "OTHER": ("Other",),
}
DISABILITY_TYPES = {
    "Autism": 5, "ADHD": 3, "Autism and ADHD": 3, "Learning disability": 2,
    "Mental health": 2, "Physical disability": 1, "Hearing impairment": 0.5,
    "Visual impairment": 0.5, "Speech and language": 1,
}  # fmt: skip
# Age at referral by cohort (ICPC referrals get their own ages)
COHORT_AGES = {
    "CIC": list(range(6, 18)),
    "CP": list(range(5, 18)),
    "CIN": list(range(6, 18)),
    "CARE_LEAVER": list(range(18, 24)),
}
MONTH_WEIGHTS = {4: 8, 5: 9, 6: 9, 7: 8, 8: 6, 9: 9, 10: 9, 11: 9, 12: 6, 1: 9, 2: 9, 3: 9}


@dataclass
class Child:
    child_id: str
    dob: dt.date
    gender: str
    ethnicity: str
    disability: str  # "Y", "N" or "" (not recorded)
    disability_type: str
    name: str
    postcode: str


@dataclass
class Referral:
    date: dt.date
    child: Child
    cohort: str
    source: str = ""
    issue: str = ""
    icpc: bool = False
    icpc_band: str = ""  # "15-17" or "other"
    support: bool | None = None
    advocate: str = ""
    closed: dt.date | None = None


def referral_day(rng: random.Random, start_year: int) -> dt.date:
    month = weighted(rng, {str(k): v for k, v in MONTH_WEIGHTS.items()})
    year = start_year if int(month) >= 4 else start_year + 1
    first = dt.date(year, int(month), 1)
    last = (first.replace(day=28) + days(4)).replace(day=1) - days(1)
    return rand_date(rng, first, last)


def pair_split(counts: dict[str, int], pairs: int) -> tuple[dict[str, int], dict[str, int]]:
    """How many pairs (children referred twice) take each value, and what is left for singles."""
    in_pairs = split_count(pairs, {k: v for k, v in counts.items() if v})
    singles = {k: counts[k] - 2 * in_pairs.get(k, 0) for k in counts}
    assert all(v >= 0 for v in singles.values())
    return in_pairs, singles


def advocacy_year(
    rng: random.Random, start_year: int, spec: dict[str, Any], ids: Ids, previous: list[Child]
) -> list[Referral]:
    fy_start, fy_end = fy(start_year)
    pairs = spec["pairs"]
    pair_cohorts, single_cohorts = pair_split(spec["cohort"], pairs)
    pair_dis, single_dis = pair_split(spec["disability"], pairs)
    pair_rows = list(zip(dealt(pair_cohorts, rng), dealt(pair_dis, rng), strict=True))
    single_rows = list(zip(dealt(single_cohorts, rng), dealt(single_dis, rng), strict=True))

    # ICPC referrals: single referrals of children on or facing a CP plan
    n1517, accessed1517 = spec["icpc_15_17"]
    n_other, accessed_other = spec["icpc_other"]
    cp_like = [i for i, (cohort, _) in enumerate(single_rows) if cohort in ("CP", "CIN")]
    chosen = rng.sample(cp_like, n1517 + n_other)
    icpc_band = {i: "15-17" for i in chosen[:n1517]} | {i: "other" for i in chosen[n1517:]}

    def new_child(disability: str, age: int, on: dt.date) -> Child:
        gender = weighted(rng, {"F": 52, "M": 45, "OTHER": 1, "UNKNOWN": 2})
        return Child(
            child_id=ids.new(),
            dob=dob_for_age(rng, age, on),
            gender=gender,
            ethnicity=ethnicity(rng),
            disability=disability,
            disability_type=weighted(rng, DISABILITY_TYPES) if disability == "Y" else "",
            name=fake_name(rng, gender),
            postcode=fake_postcode(rng),
        )

    referrals: list[Referral] = []
    for cohort, disability in pair_rows:
        first = rand_date(rng, fy_start, fy_start + days(230))
        second = min(first + days(rng.randint(45, 200)), fy_end - days(rng.randint(0, 20)))
        ages = [a for a in COHORT_AGES[cohort] if a <= 16 or cohort == "CARE_LEAVER"]
        child = new_child(disability, rng.choice(ages[:-1]), first)
        referrals += [Referral(first, child, cohort), Referral(second, child, cohort)]

    reusable = list(previous)
    rng.shuffle(reusable)
    used_again = 0
    for index, (cohort, disability) in enumerate(single_rows):
        day = referral_day(rng, start_year)
        band = icpc_band.get(index, "")
        child = None
        if not band and used_again < 55:  # some children were also referred the year before
            for candidate in reusable:
                age = age_at(candidate.dob, day)
                fits = age >= 18 if cohort == "CARE_LEAVER" else 5 <= age <= 17
                if candidate.disability == disability and fits:
                    child = candidate
                    reusable.remove(candidate)
                    used_again += 1
                    break
        if child is None:
            if band == "15-17":
                age = rng.choice((15, 15, 16, 16, 17))
            elif band == "other":
                age = rng.randint(10, 14)
            else:
                age = rng.choice(COHORT_AGES[cohort])
            child = new_child(disability, age, day)
        referral = Referral(day, child, cohort, icpc=bool(band), icpc_band=band)
        referrals.append(referral)

    # issues: every ICPC referral is for support at the meeting
    issues = dict(spec["issue"])
    issues["SUPPORT_AT_MEETINGS"] -= n1517 + n_other
    issue_pool = dealt(issues, rng)
    sources = dealt(spec["source"], rng)
    support_1517 = dealt({"Y": accessed1517, "N": n1517 - accessed1517}, rng)
    support_other = dealt({"Y": accessed_other, "N": n_other - accessed_other}, rng)
    for referral in referrals:
        referral.source = sources.pop()
        if referral.icpc:
            referral.issue = "SUPPORT_AT_MEETINGS"
            pool = support_1517 if referral.icpc_band == "15-17" else support_other
            referral.support = pool.pop() == "Y"
        else:
            referral.issue = issue_pool.pop()
            referral.support = rng.random() < 0.93
        referral.advocate = rng.choice(ADVOCATES)
        closed = referral.date + days(rng.randint(7, 90))
        referral.closed = closed if closed <= EXTRACT_DATE and rng.random() > 0.03 else None
    assert not sources and not issue_pool and not support_1517 and not support_other
    return referrals


def build_advocacy(sample: Sample) -> None:
    """advocacy_referrals: one UTF-8 (with BOM) CSV covering three FYs, aliased headers,
    identifier columns, blank rows, a totals row and most of the faulty rows."""
    rng = rng_for("advocacy")
    ids = Ids(rng, 100000, 2999999)
    referrals: list[Referral] = []
    previous: list[Child] = []
    for start_year, spec in ADVOCACY_YEARS.items():
        year = advocacy_year(rng, start_year, spec, ids, previous)
        referrals += year
        previous = list({id(r.child): r.child for r in year}.values())
    referrals.sort(key=lambda r: (r.date, r.child.child_id))

    file = "advocacy_referrals_2021-22_to_2023-24.csv"
    sheet = Sheet(None)
    sheet.add(
        [
            "Referral No", "Eclipse ID", "Child Name", "Date of Birth", "Gender",
            "Ethnic Origin", "Postcode", "Legal Status", "Disability", "Type of Disability",
            "Date of Referral", "Referred By", "Primary Issue", "ICPC Referral",
            "Accessed Support", "Advocate", "Date Closed", "Case Status",
        ]
    )  # fmt: skip

    def line(number: str, r: Referral, **override: str) -> list[str]:
        cohort = override.get("cohort") or rng.choice(COHORT_WORDS[r.cohort])
        if r.cohort == "CP" and not override and rng.random() < 0.02:
            cohort = "CIN / CP"  # several statuses in one cell: CP takes precedence over CIN
        values = [
            number,
            r.child.child_id,
            r.child.name,
            override.get("dob", uk(r.child.dob)),
            gender_word(rng, r.child.gender),
            ethnicity_word(rng, r.child.ethnicity),
            r.child.postcode,
            cohort,
            yes_no(rng, {"Y": True, "N": False}.get(r.child.disability)),
            r.child.disability_type,
            override.get("date", uk(r.date)),
            rng.choice(SOURCE_WORDS[r.source]),
            rng.choice(ISSUE_WORDS[r.issue]),
            ("Yes" if r.icpc else rng.choice(("No", "No", ""))),
            yes_no(rng, r.support),
            r.advocate,
            uk(r.closed),
            "Closed" if r.closed else "Open",
        ]
        return values

    # Faulty rows (extra referrals, never counted): where they go in 2023-24, by position
    in_fy = [i for i, r in enumerate(referrals) if r.date >= dt.date(2023, 4, 1)]
    slots = sorted(rng.sample(in_fy[20:-20], 5))
    duplicated = referrals[slots[4]]  # this referral's row is repeated exactly
    spare = Referral(dt.date(2023, 9, 12), referrals[slots[0]].child, "CIC", "FGC", "PLACEMENT")
    spare.advocate, spare.support = ADVOCATES[1], True
    bad_id = "AR90001"
    faults_at: dict[int, list[tuple[list[str], str, str]]] = {
        slots[0]: [
            (
                line("AR90002", spare, dob="14/11/2023"),
                "referral_date_before_dob",
                "date of birth 14/11/2023 (typed for 2013) after the referral date 12/09/2023",
            )
        ],
        slots[1]: [
            (
                line("AR90003", spare, cohort="Private fostering"),
                "cohort_unknown",
                "Legal Status 'Private fostering' is not a cohort wording",
            )
        ],
        slots[2]: [
            (
                line("AR90004", spare, date="31/02/2024"),
                "date_impossible",
                "Date of Referral 31/02/2024 does not exist",
            )
        ],
        slots[3]: [
            (
                line(bad_id, spare),
                "duplicate_key",
                f"Referral No {bad_id} twice with different content (first of two)",
            ),
            (
                line(bad_id, Referral(spare.date, spare.child, "CP", "IRO", "CONTACT")),
                "duplicate_key",
                f"Referral No {bad_id} twice with different content (second of two)",
            ),
        ],
    }
    number = 0
    year_of_last = None
    for index, referral in enumerate(referrals):
        start_year = referral.date.year if referral.date.month >= 4 else referral.date.year - 1
        if year_of_last is not None and start_year != year_of_last:
            sheet.add([])  # a blank line where the yearly exports were pasted together
        year_of_last = start_year
        number += 1
        row = line(f"AR{number:05d}", referral)
        first = sheet.add(row)
        if referral is duplicated:
            repeat = sheet.add(list(row))
            sheet_fault = f"exact repeat of row {first} (the first copy is kept and counted)"
            sample.fault(file, sheet, repeat, "duplicate_row", sheet_fault)
        for bad_row, rule, what in faults_at.get(index, []):
            sample.fault(file, sheet, sheet.add(bad_row), rule, what)
    sheet.add([])
    sheet.add([""] * 18)
    total = sheet.add(["Total referrals", *([""] * 16), str(number)])
    sample.fault(file, sheet, total, "totals_row", "a totals row under the data")
    sample.extracts.append(Extract(file, [sheet], encoding="utf-8-sig"))


# --------------------------------------------------------------------------- independent visitors

IV_LOCATION_WORDS = {
    "IN_AREA": ("Birmingham", "Birmingham", "In area"),
    "REGION": ("West Midlands", "West Midlands", "Elsewhere in region"),
    "ELSEWHERE_UK": ("Elsewhere in UK", "Elsewhere in UK", "Out of region"),
}
IV_CHANNELS = {
    "Trust website": 6, "Social media": 2, "Word of mouth": 2, "Volunteer fair": 1,
    "Employer volunteering scheme": 1, "University": 1,
}  # fmt: skip


@dataclass
class Volunteer:
    volunteer_id: str
    approval: dt.date
    end: dt.date | None = None
    gender: str = "F"


@dataclass
class IvChild:
    group: str
    referral: dt.date
    match: dt.date | None = None
    match_end: dt.date | None = None
    closed: dt.date | None = None
    closure_reason: str = ""
    volunteer: Volunteer | None = None
    gender: str = ""
    disability: bool | None = None
    location: str = ""
    dob: dt.date | None = None
    age_2024: int | None = None


def build_iv(sample: Sample) -> None:
    """iv_referrals and iv_volunteers: one workbook, two sheets, a title row on the first.

    Groups of children (counts chosen so that the snapshots come out exactly):
    A  matched before 31/03/2023 and still matched                     17
    B2 matched before 31/03/2023, match ended in 2023-24, still open     3  (awaiting again)
    C  awaiting at 31/03/2023, matched in 2023-24                       12
    D  awaiting at 31/03/2023 and at 31/03/2024                         20
    R  referred 2022, referral closed before 31/03/2023, matched in
       2023-24 without the closure being undone                          3  (see README)
    F  referred in 2023-24 and matched by 31/03/2024                     4
    G  referred in 2023-24 and awaiting at 31/03/2024                   21
    HM / HU  referred 2021-22 or 2022-23, closed before 31/03/2023   8 / 4
    """
    rng = rng_for("iv")
    t23, t24 = dt.date(2023, 3, 31), EXTRACT_DATE
    children: list[IvChild] = []

    def add(group: str, count: int, start: dt.date, end: dt.date) -> list[IvChild]:
        made = [IvChild(group, rand_date(rng, start, end)) for _ in range(count)]
        children.extend(made)
        return made

    group_a = add("A", 17, dt.date(2021, 6, 1), dt.date(2022, 10, 31))
    group_b2 = add("B2", 3, dt.date(2021, 5, 1), dt.date(2022, 6, 30))
    group_c = add("C", 12, dt.date(2022, 5, 1), dt.date(2023, 3, 20))
    group_d = add("D", 20, dt.date(2021, 9, 1), dt.date(2023, 3, 25))
    group_r = add("R", 3, dt.date(2022, 1, 10), dt.date(2022, 6, 30))
    group_f = add("F", 4, dt.date(2023, 4, 3), dt.date(2023, 10, 31))
    group_g = add("G", 21, dt.date(2023, 4, 1), dt.date(2024, 3, 28))
    group_hm = add("HM", 8, dt.date(2021, 4, 6), dt.date(2022, 3, 31))
    group_hu = add("HU", 4, dt.date(2021, 4, 6), dt.date(2022, 8, 31))

    for child in group_a:
        child.match = min(child.referral + days(rng.randint(40, 200)), dt.date(2023, 3, 15))
    for child in group_b2:
        child.match = child.referral + days(rng.randint(60, 180))
        child.match_end = rand_date(rng, dt.date(2023, 7, 1), dt.date(2024, 1, 31))
    for child in group_c:
        earliest = max(child.referral + days(60), dt.date(2023, 5, 1))
        child.match = rand_date(rng, earliest, dt.date(2024, 3, 15))
    for child in group_r:
        child.closed = rand_date(rng, dt.date(2022, 10, 1), dt.date(2023, 2, 28))
        child.closure_reason = "Placement moved out of area (reopened)"
        child.match = rand_date(rng, dt.date(2023, 6, 1), dt.date(2023, 12, 15))
    for child in group_f:
        child.match = min(child.referral + days(rng.randint(45, 150)), dt.date(2024, 3, 20))
    for child in group_hm:
        child.match = child.referral + days(rng.randint(40, 150))
        child.match_end = min(child.match + days(rng.randint(200, 520)), dt.date(2023, 2, 20))
        child.closed = child.match_end + days(rng.randint(0, 20))
        child.closure_reason = rng.choice(
            ("Turned 18", "Young person moved", "Young person ended the match")
        )
    for child in group_hu:
        child.closed = child.referral + days(rng.randint(60, 300))
        child.closure_reason = rng.choice(("Returned home", "Declined an IV", "Turned 18"))

    # --- attributes of the children matched / awaiting at 31/03/2024
    matched = group_a + group_c + group_r + group_f
    awaiting = group_b2 + group_d + group_g
    assert len(matched) == 36 and len(awaiting) == 44
    for group, genders, locations, disability in (
        (
            matched,
            {"F": 23, "M": 11, "OTHER": 1, "UNKNOWN": 1},
            {"IN_AREA": 21, "REGION": 10, "ELSEWHERE_UK": 5},
            {"Y": 20, "N": 15, "": 1},
        ),
        (
            awaiting,
            {"M": 24, "F": 18, "OTHER": 1, "UNKNOWN": 1},
            {"IN_AREA": 4, "REGION": 15, "ELSEWHERE_UK": 25},
            {"Y": 17, "N": 25, "": 2},
        ),
    ):
        for child, g, loc, dis in zip(
            group,
            dealt(genders, rng),
            dealt(locations, rng),
            dealt(disability, rng),
            strict=True,
        ):
            child.gender, child.location = g, loc
            child.disability = {"Y": True, "N": False}.get(dis)

    # ages at 31/03/2024 of all 80 involved: 15+ 50, 12-14 8, 8-11 22; youngest placed first,
    # each on a child referred late enough to have been at least 7 at referral
    ages = [15] * 17 + [16] * 18 + [17] * 15 + [12] * 2 + [13] * 3 + [14] * 3
    ages += [8] * 3 + [9] * 5 + [10] * 6 + [11] * 8
    involved = matched + awaiting
    free = list(involved)
    for age in sorted(ages):
        rng.shuffle(free)
        for child in free:
            dob = dob_for_age(rng, age, t24)
            if age_at(dob, child.referral) >= 7:
                child.dob, child.age_2024 = dob, age
                free.remove(child)
                break
        else:
            raise AssertionError(f"no IV child can be aged {age}")
    for child in group_hm + group_hu:
        child.dob = dob_for_age(rng, rng.randint(8, 16), child.referral)
        child.gender = weighted(rng, {"F": 5, "M": 5})
        child.location = weighted(rng, {"IN_AREA": 5, "REGION": 3, "ELSEWHERE_UK": 2})
        child.disability = rng.random() < 0.45

    # --- volunteers
    volunteers: list[Volunteer] = []
    next_id = iter(range(101, 999))

    def volunteer(approval: dt.date, end: dt.date | None = None) -> Volunteer:
        made = Volunteer(f"IV{next(next_id)}", approval, end)
        volunteers.append(made)
        return made

    for child in group_a:  # active at both year ends, matched before 2023
        child.volunteer = volunteer(
            max(child.match - days(rng.randint(10, 150)), dt.date(2019, 9, 1))
        )
    for child in group_b2:  # left in 2023-24, ending the match
        child.volunteer = volunteer(child.match - days(rng.randint(10, 120)), child.match_end)
    waiting_2023 = [
        volunteer(rand_date(rng, dt.date(2021, 3, 1), dt.date(2023, 3, 1))) for _ in range(10)
    ]
    historic = [
        volunteer(rand_date(rng, dt.date(2019, 6, 1), dt.date(2021, 3, 31))) for _ in range(5)
    ]
    new = [volunteer(rand_date(rng, dt.date(2023, 4, 17), dt.date(2024, 3, 8))) for _ in range(19)]
    # historic matches: five with volunteers who have since left, three with volunteers
    # approved early who were waiting for a new match at 31/03/2023
    early_waiting = sorted(waiting_2023, key=lambda v: v.approval)[:3]
    for child, vol in zip(
        sorted(group_hm, key=lambda c: c.match or t23), historic + early_waiting, strict=True
    ):
        assert child.match and child.match_end
        vol.approval = min(vol.approval, child.match - days(14))
        if vol in historic:
            vol.end = min(child.match_end + days(rng.randint(0, 40)), dt.date(2023, 3, 20))
        child.volunteer = vol
    # new matches in 2023-24, in date order, each with a free volunteer approved beforehand
    pool = waiting_2023 + new
    for child in sorted(group_c + group_r + group_f, key=lambda c: c.match or t24):
        assert child.match
        eligible = [v for v in pool if v.approval <= child.match - days(7)]
        vol = rng.choice(eligible)
        pool.remove(vol)
        child.volunteer = vol
    active_2024 = [v for v in volunteers if v.approval <= t24 and (v.end is None or v.end > t24)]
    active_2023 = [v for v in volunteers if v.approval <= t23 and (v.end is None or v.end > t23)]
    assert len(active_2024) == 46 and len(active_2023) == 30, (len(active_2024), len(active_2023))
    for vol, g in zip(active_2024, dealt({"M": 5, "F": 41}, rng), strict=True):
        vol.gender = g
    for vol in volunteers:
        if vol not in active_2024:
            vol.gender = weighted(rng, {"F": 3, "M": 1})

    # --- the workbook
    file = "independent_visitors_extract_2024-03-31.xlsx"
    referrals = Sheet("Referrals", widths=[12, 11, 14, 13, 11, 28, 10, 17, 13, 8, 13, 13, 36, 18])
    referrals.add([Bold("Independent Visitor Service - extract 31/03/2024")])
    referrals.add([])
    referrals.add(
        header(
            [
                "Referral Ref", "Child Ref", "Date of Referral", "Date of Birth", "Gender",
                "Ethnicity", "Disability", "Placement Location", "Date Matched", "IV ID",
                "Match Ended", "Date Closed", "Reason Closed", "Referred By",
            ]
        )
    )  # fmt: skip
    child_ids = Ids(rng, 100000, 2999999)
    referrers = {"Social worker": 8, "Foster carer": 1, "Residential worker": 1}
    ordered = sorted(children, key=lambda c: c.referral)
    bad_row_after = ordered.index(group_g[0]) if group_g else len(ordered) - 1
    for number, child in enumerate(ordered, start=1):
        assert child.dob
        eth = ethnicity(rng)
        row_number = referrals.add(
            [
                f"IVR{number:04d}",
                child_ids.new(),
                child.referral,
                child.dob,
                gender_word(rng, child.gender) or None,
                ethnicity_word(rng, eth),
                yes_no(rng, child.disability) or None,
                rng.choice(IV_LOCATION_WORDS[child.location]),
                child.match,
                child.volunteer.volunteer_id if child.volunteer else None,
                child.match_end,
                child.closed,
                child.closure_reason or None,
                weighted(rng, referrers),
            ]
        )
        if child.group == "R":
            assert child.closed and child.match
            sample.quirk(
                file,
                referrals,
                row_number,
                f"closed {uk(child.closed)}, then matched {uk(child.match)} on the same record",
            )
        if number - 1 == bad_row_after:
            unmatched = next(v for v in new if v in pool)
            bad = referrals.add(
                [
                    "IVR0900", child_ids.new(), dt.date(2023, 9, 14),
                    dob_for_age(rng, 12, dt.date(2023, 9, 14)), "Male", "Pakistani", "No",
                    "Birmingham", dt.date(2023, 8, 2), unmatched.volunteer_id, None, None,
                    None, "Social worker",
                ]
            )  # fmt: skip
            sample.fault(
                file,
                referrals,
                bad,
                "match_date_before_referral_date",
                "Date Matched 02/08/2023 is before the Date of Referral 14/09/2023",
            )

    vols = Sheet("Volunteers", widths=[13, 13, 14, 13, 10, 13, 28, 28])
    vols.add(
        header(
            [
                "Volunteer Ref", "Date Applied", "Date Approved", "Date Left", "Gender",
                "Date of Birth", "Ethnicity", "Recruited Via",
            ]
        )
    )  # fmt: skip
    for vol in sorted(volunteers, key=lambda v: v.volunteer_id):
        vols.add(
            [
                vol.volunteer_id,
                vol.approval - days(rng.randint(60, 200)),
                Serial.of(vol.approval),  # this column exports as bare serial numbers
                vol.end,
                {"F": "Female", "M": "Male"}[vol.gender],
                dob_for_age(rng, rng.randint(24, 79), vol.approval),
                ethnicity_word(rng, weighted(rng, ETHNICITY_MIX)),
                weighted(rng, IV_CHANNELS),
            ]
        )
    applied = dt.date(2023, 6, 14)
    typo = dt.date(FUTURE_TYPO_YEAR, 7, 21)
    bad = vols.add(
        [
            f"IV{next(next_id)}", applied, Serial.of(typo), None, "Female",
            dt.date(1988, 5, 3), "White British", "Trust website",
        ]
    )  # fmt: skip
    sample.fault(
        file, vols, bad, "date_in_future", "Date Approved 21/07/2031 (typed for 21/07/2023)"
    )
    sample.extracts.append(
        Extract(file, [referrals, vols], title="Independent Visitor Service extract")
    )


# --------------------------------------------------------------------------- mentoring


@dataclass
class Mentor:
    mentor_id: str
    approval: dt.date
    end: dt.date | None
    gender: str
    organisation: str


@dataclass
class Mentee:
    referral: dt.date
    gender: str
    match: dt.date | None = None
    mentor: Mentor | None = None
    match_end: dt.date | None = None
    closed: dt.date | None = None
    outcome: str = ""
    outcome_date: dt.date | None = None


MENTOR_ORGS = (
    "Birmingham Children's Trust", "Lloyds Banking Group", "HSBC UK", "University of Birmingham",
    "Independent", "Arcadis", "Birmingham City Council", "Severn Trent",
)  # fmt: skip


def build_mentoring(sample: Sample) -> None:
    """mentees and mentors (Develop Me): one workbook, two sheets."""
    rng = rng_for("mentoring")
    mentors: list[Mentor] = []
    numbers = iter(range(1, 999))

    def mentor(approval: dt.date, end: dt.date | None, gender: str, org: str) -> Mentor:
        made = Mentor(f"M{next(numbers):03d}", approval, end, gender, org)
        mentors.append(made)
        return made

    # 24 active at 31/03/2024 (21 female, 3 male), 7 of them from the PwC workshop
    genders = dealt({"F": 21, "M": 3}, rng)
    active: list[Mentor] = []
    for i, gender in enumerate(genders):
        if i < 7:
            approval = rand_date(rng, dt.date(2023, 10, 9), dt.date(2024, 1, 31))
            org = "PwC"
        elif i < 11:
            approval = rand_date(rng, dt.date(2021, 5, 1), dt.date(2022, 3, 31))
            org = rng.choice(MENTOR_ORGS)
        elif i < 17:
            approval = rand_date(rng, dt.date(2022, 4, 1), dt.date(2023, 3, 31))
            org = rng.choice(MENTOR_ORGS)
        else:
            approval = rand_date(rng, dt.date(2023, 4, 1), dt.date(2024, 2, 15))
            org = rng.choice(MENTOR_ORGS)
        active.append(mentor(approval, None, gender, org))
    historic = [
        mentor(
            rand_date(rng, dt.date(2021, 4, 12), dt.date(2021, 12, 31)),
            None,
            g,
            rng.choice(MENTOR_ORGS),
        )
        for g in dealt({"F": 6, "M": 2}, rng)
    ]

    mentees: list[Mentee] = []
    # currently matched: one per active mentor, 16 female and 8 male
    for m, gender in zip(active, dealt({"F": 16, "M": 8}, rng), strict=True):
        match = min(m.approval + days(rng.randint(14, 60)), dt.date(2024, 3, 22))
        referral = match - days(rng.randint(21, 80))
        mentees.append(Mentee(referral, gender, match, m))
    current = list(mentees)
    # historic: two matches in turn per mentor who has since left
    ended: list[Mentee] = []
    for m in historic:
        start = m.approval + days(rng.randint(20, 60))
        for _ in range(2):
            match_end = start + days(rng.randint(180, 330))
            g = weighted(rng, {"F": 3, "M": 2})
            referral = max(start - days(rng.randint(21, 70)), dt.date(2021, 4, 6))
            mentee = Mentee(referral, g, start, m, match_end)
            mentee.closed = match_end + days(rng.randint(0, 14))
            ended.append(mentee)
            start = match_end + days(rng.randint(14, 45))
        m.end = ended[-1].match_end
    assert all(m.end and m.end <= dt.date(2024, 3, 15) for m in historic)
    mentees += ended
    # closed before a match, and two waiting at 31/03/2024
    for _ in range(3):
        referral = rand_date(rng, dt.date(2021, 6, 1), dt.date(2023, 9, 30))
        mentees.append(
            Mentee(referral, weighted(rng, {"F": 1, "M": 1}), closed=referral + days(45))
        )
    mentees.append(Mentee(dt.date(2024, 2, 12), "F"))
    mentees.append(Mentee(dt.date(2024, 3, 5), "M"))

    # outcomes: exactly 5 into paid employment dated in 2023-24 (3 current, 2 ended in FY)
    fy_start = dt.date(2023, 4, 1)
    ended_in_fy = [m for m in ended if m.match_end and m.match_end >= fy_start + days(14)]
    ended_before = [m for m in ended if m.match_end and m.match_end < fy_start]
    assert len(ended_in_fy) >= 3 and len(ended_before) >= 5
    long_matched = [m for m in current if m.match and m.match <= dt.date(2023, 11, 30)]
    plan = [("EMPLOYMENT", long_matched[0]), ("EMPLOYMENT", long_matched[1])]
    plan += [("EMPLOYMENT", long_matched[2]), ("EDUCATION", long_matched[3])]
    plan += [("EDUCATION", long_matched[4]), ("TRAINING", long_matched[5])]
    plan += [("TRAINING", long_matched[6])]
    plan += [("EMPLOYMENT", ended_in_fy[0]), ("EMPLOYMENT", ended_in_fy[1])]
    plan += [("EDUCATION", ended_in_fy[2])]
    for outcome, who in plan:
        assert who.match
        first = max(who.match + days(45), fy_start)
        last = min(who.match_end or dt.date(2024, 3, 28), dt.date(2024, 3, 28))
        who.outcome, who.outcome_date = outcome, rand_date(rng, first, last)
    earlier = ("EMPLOYMENT", "EMPLOYMENT", "EDUCATION", "NONE", "NONE")
    for who, outcome in zip(ended_before, earlier, strict=False):
        assert who.match and who.match_end
        who.outcome = outcome
        who.outcome_date = who.match_end - days(rng.randint(0, 60))

    file = "develop_me_mentoring_2024-03-31.xlsx"
    sheet = Sheet("Mentees", widths=[11, 13, 13, 10, 16, 13, 9, 13, 12, 16, 15])
    sheet.add(
        header(
            [
                "Mentee Ref", "Date Referred", "Date of Birth", "Gender", "Cohort",
                "Date Matched", "Mentor", "Match Ended", "Date Closed", "Outcome",
                "Date of Outcome",
            ]
        )
    )  # fmt: skip
    outcome_words = {
        "EMPLOYMENT": ("Paid employment", "Employment", "Job"),
        "EDUCATION": ("College course", "Education"),
        "TRAINING": ("Training",),
        "NONE": ("No change",),
    }
    for number, m in enumerate(sorted(mentees, key=lambda m: m.referral), start=1):
        age = rng.randint(16, 24)
        cohort = "Child in care" if age < 18 else rng.choice(("Care leaver", "Care experienced"))
        sheet.add(
            [
                f"DM{number:03d}",
                m.referral,
                dob_for_age(rng, age, m.referral),
                {"F": "Female", "M": "Male"}[m.gender],
                cohort,
                m.match,
                m.mentor.mentor_id if m.mentor else None,
                m.match_end,
                m.closed,
                rng.choice(outcome_words[m.outcome]) if m.outcome else None,
                m.outcome_date,
            ]
        )
    mentor_sheet = Sheet("Mentors", widths=[11, 14, 12, 10, 28])
    mentor_sheet.add(header(["Mentor Ref", "Date Approved", "Date Left", "Gender", "Employer"]))
    for m in mentors:
        mentor_sheet.add(
            [m.mentor_id, m.approval, m.end, {"F": "Female", "M": "Male"}[m.gender], m.organisation]
        )
    sample.extracts.append(
        Extract(file, [sheet, mentor_sheet], title="Develop Me mentoring extract")
    )


# --------------------------------------------------------------------------- SSDA903 care leavers

# Exact OC3 outcomes per collection year and age band (DfE figures for LA 330)
OC3_SPEC: dict[tuple[int, str], dict[str, int]] = {
    (2024, "17-18"): {
        "HE": 3, "EDU": 184, "APP": 14, "TRN": 29, "G4": 8, "G5": 93, "G6": 6,
        "NK": 20, "suitable": 310, "unsuitable": 27, "abroad": 0,
    },
    (2024, "19-21"): {
        "HE": 67, "EDU": 130, "APP": 15, "TRN": 228, "G4": 32, "G5": 198, "G6": 41,
        "NK": 75, "suitable": 654, "unsuitable": 57, "abroad": 0,
    },
    (2023, "17-18"): {
        "HE": 2, "EDU": 132, "APP": 8, "TRN": 25, "G4": 13, "G5": 78, "G6": 6,
        "NK": 13, "suitable": 247, "unsuitable": 16, "abroad": 1,
    },
    (2023, "19-21"): {
        "HE": 69, "EDU": 145, "APP": 16, "TRN": 233, "G4": 30, "G5": 206, "G6": 48,
        "NK": 79, "suitable": 686, "unsuitable": 61, "abroad": 0,
    },
}  # fmt: skip
# Rows outside the cohort (IN_TOUCH DIED or RHOM), per collection year and band
OC3_EXCLUDED = {
    (2023, "17-18"): ["RHOM"],
    (2023, "19-21"): ["DIED", "RHOM", "RHOM"],
    (2024, "17-18"): ["RHOM", "RHOM"],
    (2024, "19-21"): ["DIED", "RHOM"],
}
# People per age at 31 March (cohort plus excluded rows)
OC3_AGES = {
    2023: {17: 140, 18: 138, 19: 280, 20: 276, 21: 273},
    2024: {17: 182, 18: 177, 19: 268, 20: 262, 21: 258},
}
ACTIVITY_CODES = {  # (full-time code, part-time code, share full-time)
    "HE": ("F1", "P1", 0.85),
    "EDU": ("F2", "P2", 0.75),
    "APP": ("F4", "P4", 0.9),
    "TRN": ("F5", "P5", 0.6),
}
SUITABLE = {  # suitable accommodation types (digit 1) and their weights, by age band
    "17-18": {"Z1": 14, "D1": 26, "E1": 12, "C1": 6, "B1": 12, "U1": 18, "T1": 5, "K1": 4, "Y1": 3},
    "19-21": {"U1": 42, "D1": 12, "Z1": 9, "B1": 14, "E1": 5, "T1": 5, "K1": 8, "Y1": 5},
}
UNSUITABLE = {"S2": 5, "V2": 3, "W2": 2, "X2": 4, "B2": 2, "U2": 3, "D2": 2, "K2": 1}


@dataclass
class CareLeaver:
    child: str
    dob: dt.date
    sex: str  # "1" male, "2" female
    ethnic: str
    upn: str
    mother: str = ""
    mc_dob: dt.date | None = None
    died: bool = False


@dataclass
class Oc3Row:
    person: CareLeaver
    in_touch: str
    activ: str
    accom: str


def band_of(age: int) -> str:
    return "17-18" if age <= 18 else "19-21"


def oc3_outcomes(rng: random.Random, spec: dict[str, int], band: str) -> list[tuple[str, str, str]]:
    """(IN_TOUCH, ACTIV, ACCOM) for every young person in one band's cohort."""
    activities: list[str] = []
    for kind, (full, part, share) in ACTIVITY_CODES.items():
        n_full = round(spec[kind] * share)
        activities += [full] * n_full + [part] * (spec[kind] - n_full)
    for neet in ("G4", "G5", "G6"):
        activities += [neet] * spec[neet]
    rng.shuffle(activities)
    accommodation = [weighted(rng, SUITABLE[band]) for _ in range(spec["suitable"])]
    accommodation += [weighted(rng, UNSUITABLE) for _ in range(spec["unsuitable"])]
    accommodation += ["G1"] * spec["abroad"]
    rng.shuffle(accommodation)
    known = [("YES", a, b) for a, b in zip(activities, accommodation, strict=True)]
    not_known = [
        (weighted(rng, {"NO": 7, "REFU": 2, "NREQ": 1}), "0", "0") for _ in range(spec["NK"])
    ]
    rows = known + not_known
    rng.shuffle(rows)
    return rows


def build_ssda903(sample: Sample) -> dict[int, list[Oc3Row]]:
    """ssda903_header and ssda903_oc3 for collection years 2023 and 2024 (standard CSVs).

    Young people of 2023 appear again in 2024 a year older where the ages allow (same CHILD,
    DOB, SEX, ETHNIC), so the two years link as they would in real returns."""
    rng = rng_for("ssda903")
    ids = Ids(rng, 100000, 9999999)

    def person(age: int, year: int) -> CareLeaver:
        sex = "1" if rng.random() < 0.56 else "2"
        made = CareLeaver(
            child=ids.new(),
            dob=dob_for_age(rng, age, dt.date(year, 3, 31)),
            sex=sex,
            ethnic=ethnicity(rng),
            upn=f"A{rng.randint(10**11, 10**12 - 1)}",
        )
        if sex == "2" and rng.random() < 0.12:
            made.mother = "1"
            made.mc_dob = rand_date(rng, add_years(made.dob, 16), dt.date(year, 3, 1))
        elif sex == "2":
            made.mother = "0"
        return made

    rows_by_year: dict[int, list[Oc3Row]] = {}
    by_age_2023: dict[int, list[CareLeaver]] = {}
    for year in (2023, 2024):
        people: dict[str, list[CareLeaver]] = {"17-18": [], "19-21": []}
        for age, count in OC3_AGES[year].items():
            if year == 2024:
                carried = [p for p in by_age_2023.get(age - 1, []) if not p.died][:count]
            else:
                carried = []
            made = carried + [person(age, year) for _ in range(count - len(carried))]
            if year == 2023:
                by_age_2023[age] = made
            people[band_of(age)] += made
        rows: list[Oc3Row] = []
        for band, members in people.items():
            members = list(members)
            rng.shuffle(members)
            excluded = OC3_EXCLUDED[(year, band)]
            for status, who in zip(excluded, members, strict=False):
                who.died = who.died or status == "DIED"
                rows.append(Oc3Row(who, status, "0", "0"))
            outcomes = oc3_outcomes(rng, OC3_SPEC[(year, band)], band)
            assert len(outcomes) == len(members) - len(excluded)
            for who, (in_touch, activ, accom) in zip(
                members[len(excluded) :], outcomes, strict=True
            ):
                if accom == "Z1" and age_at(who.dob, dt.date(year, 3, 31)) == 17:
                    accom = "D1"  # staying put (Z) begins at 18: a 17-year-old is in D1
                rows.append(Oc3Row(who, in_touch, activ, accom))
        rows_by_year[year] = rows

    for year, rows in rows_by_year.items():
        ordered = sorted(rows, key=lambda r: r.person.child)
        faulty: CareLeaver | None = None
        if year == 2024:
            faulty = person(19, year)
            ordered.append(Oc3Row(faulty, "YES", "F6", "U1"))
            ordered.sort(key=lambda r: r.person.child)
        oc3_file = f"ssda903_{year}_oc3.csv"
        oc3 = Sheet(None)
        oc3.add(["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"])
        for row in ordered:
            number = oc3.add(
                [row.person.child, uk(row.person.dob), row.in_touch, row.activ, row.accom]
            )
            if row.person is faulty:
                sample.fault(
                    oc3_file, oc3, number, "activity_unknown", "ACTIV 'F6' is not an OC3 code"
                )
        head = Sheet(None)
        head.add(["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"])
        for row in ordered:
            p = row.person
            head.add([p.child, p.sex, uk(p.dob), p.ethnic, p.upn, p.mother, uk(p.mc_dob)])
        sample.extracts.append(Extract(f"ssda903_{year}_header.csv", [head]))
        sample.extracts.append(Extract(oc3_file, [oc3]))
    return rows_by_year


def oc3_leavers(rows_by_year: dict[int, list[Oc3Row]]) -> list[tuple[str, dt.date, str, str]]:
    """Young people of the 2024 OC3 return aged 18, not in the 2023 return and not died or
    returned home: the children-in-care sample's 18-year-old leavers are they."""
    earlier = {r.person.child for r in rows_by_year[2023]}
    return sorted(
        (r.person.child, r.person.dob, r.person.sex, r.person.ethnic)
        for r in rows_by_year[2024]
        if age_at(r.person.dob, dt.date(2024, 3, 31)) == 18
        and r.person.child not in earlier
        and r.in_touch not in ("DIED", "RHOM")
    )


# --------------------------------------------------------------------------- programmes


def build_programmes(sample: Sample, oc3_2024: list[Oc3Row]) -> None:
    """programme_participants: DfE Next Steps, 35 enrolled 01/02/2024 to 31/03/2024,
    24 NEET at enrolment. Participants are care leavers of the 2024 OC3 return (same ids,
    so they link), NEET ones drawn from those recorded NEET."""
    rng = rng_for("programmes")
    neet = [r for r in oc3_2024 if r.activ.startswith("G")]
    eet = [r for r in oc3_2024 if r.activ[0] in "FP"]
    chosen = [(r, True) for r in rng.sample(neet, 24)] + [(r, False) for r in rng.sample(eet, 11)]
    rng.shuffle(chosen)
    enrolled = [dt.date(2024, 2, 1), dt.date(2024, 3, 31)]  # the first and last possible days
    enrolled += [rand_date(rng, dt.date(2024, 2, 1), dt.date(2024, 3, 31)) for _ in range(33)]
    enrolled.sort()
    providers = ("ROCUP", "Making the Change", "Journal to Dreams", "Aston Villa Foundation")
    file = "next_steps_participants.csv"
    sheet = Sheet(None)
    sheet.add(
        [
            "Programme", "Participant Ref", "Date Enrolled", "Date of Birth", "Cohort",
            "NEET on entry", "Date Left", "Delivery Partner",
        ]
    )  # fmt: skip
    for index, ((row, is_neet), day) in enumerate(zip(chosen, enrolled, strict=True)):
        age = age_at(row.person.dob, day)
        left = day + days(30) if index == 5 else None
        sheet.add(
            [
                "next_steps",
                row.person.child,
                uk(day),
                uk(row.person.dob),
                "Child in care" if age < 18 else "Care leaver",
                yes_no(rng, is_neet),
                uk(left),
                rng.choice(providers),
            ]
        )
        if index == 20:
            bad = sheet.add(
                ["next_steps", "2466120", "", "04/08/2004", "Care leaver", "Yes", "", "ROCUP"]
            )
            sample.fault(
                file, sheet, bad, "missing_required", "Date Enrolled is blank (a required value)"
            )
    sample.extracts.append(Extract(file, [sheet]))


# --------------------------------------------------------------------------- apprenticeships


def build_apprentices(sample: Sample) -> None:
    """apprentices: one workbook sheet with real Excel dates.

    2021-22 starts: 6 (3 complete in 2023-24 with distinctions, 2 complete in 2022-23, 1 left
    early); 2022-23 starts: 9 (all in post at 31/03/2024); 2023-24 starts: 6 (2 funded by
    services). In post at 31/03/2024: 15 (13 programme, 2 service)."""
    rng = rng_for("apprentices")
    d = dt.date
    rap, bs = "Rights and Participation", "Business Support Apprentice"
    pw, sm = "Participation Worker Apprentice", "Social Media and Marketing Apprentice"
    prog, serv = "Programme", "Service funded"
    rows = [
        # start, funding, level, role, team; then end, EPA date, grade, destination
        (d(2021, 10, 4), prog, "Level 3", bs, "Commissioning",
         d(2023, 10, 20), d(2023, 10, 2), "Distinction", "Employed externally"),
        (d(2021, 11, 8), prog, "Level 3", bs, "Fostering",
         d(2023, 11, 24), d(2023, 11, 6), "Distinction", "Employed externally"),
        (d(2022, 1, 10), prog, "Level 3", bs, rap,
         d(2024, 1, 19), d(2024, 1, 8), "Dist", "Employed internally"),
        (d(2021, 9, 13), prog, "Level 2", "ICT Support Apprentice", "ICT",
         d(2022, 11, 25), d(2022, 11, 14), "Merit", "Employed internally"),
        (d(2021, 9, 13), prog, "Level 2", pw, rap,
         d(2022, 12, 16), d(2022, 12, 5), "Pass", "Further education"),
        (d(2021, 9, 27), prog, "Level 2", bs, "Early Help", d(2022, 2, 18), None, None, "NEET"),
        (d(2022, 6, 6), prog, "Level 3", sm, "Communications", None, None, None, None),
        (d(2022, 6, 6), prog, "Level 3", pw, rap, None, None, None, None),
        (d(2022, 9, 5), prog, "Level 3", "Advocate Apprentice", rap, None, None, None, None),
        (d(2022, 9, 5), prog, "Level 4", "ICT Support Apprentice", "ICT", None, None, None, None),
        (d(2022, 10, 3), prog, "Level 3", "Mind of My Own Trainer", rap, None, None, None, None),
        (d(2022, 11, 7), prog, "Level 4", "Music Programme Youth Worker", "YOS",
         None, None, None, None),
        (d(2023, 1, 9), prog, "Level 3", bs, "Commissioning", None, None, None, None),
        (d(2023, 2, 6), prog, "Level 4", bs, "Fostering", None, None, None, None),
        (d(2023, 3, 6), prog, "Level 3", "Advocate Apprentice", rap, None, None, None, None),
        (d(2023, 9, 4), serv, "Level 3", sm, "YOS", None, None, None, None),
        (d(2023, 9, 4), serv, "Level 3", sm, "Early Help", None, None, None, None),
        (d(2023, 10, 16), prog, "Level 2", bs, "Care Leaving Service", None, None, None, None),
        (d(2024, 3, 4), prog, "Level 2", "Studio Music Project Worker", "YOS",
         None, None, None, None),
        (d(2024, 3, 4), prog, "Level 3", "Digital Marketing Apprentice", "Communications",
         None, None, None, None),
        (d(2024, 3, 11), prog, "Level 3", pw, rap, None, None, None, None),
    ]  # fmt: skip
    sheet = Sheet("Apprentices", widths=[15, 40, 26, 22, 16, 13, 13, 26, 12, 22, 18])
    sheet.add(
        header(
            [
                "Apprentice Ref", "Job Title", "Team", "Apprenticeship Level", "Funded By",
                "Date Started", "Date Ended", "End Point Assessment Date", "EPA Result",
                "Destination", "Care Experienced",
            ]
        )
    )  # fmt: skip
    ids = Ids(rng, 10000, 99999, width=5)
    for start, funding, level, role, service, end, epa, grade, destination in rows:
        sheet.add(
            [
                f"E{ids.new()}", role, service, level, funding, start, end, epa, grade,
                destination, "Yes",
            ]
        )  # fmt: skip
    sample.extracts.append(Extract("apprentices.xlsx", [sheet], title="Apprentice programme"))


# --------------------------------------------------------------------------- participation

GROUPS = (
    "Junior CIC", "CIC council", "Care Leavers Forum", "Don't Disability", "LGBTQ+",
    "Young Parents",
)  # fmt: skip


def build_participation(sample: Sample) -> None:
    """participation_events: a Windows-1252 CSV (Excel's "CSV" on a UK Windows laptop)."""
    rng = rng_for("participation")
    d = dt.date
    events: list[tuple[dt.date, str, str, str, int, int, str]] = []

    def event(
        day: dt.date, kind: str, group: str, title: str, people: int, young: int, paid: str = ""
    ) -> None:
        events.append((day, kind, group, title, people, young, paid))

    # group sessions: monthly (not in August), from the month each group (re)started in the FY
    fy_months = (4, 5, 6, 7, 9, 10, 11, 12, 1, 2, 3)
    group_years = {
        2021: {"Junior CIC": 4, "CIC council": 4, "Care Leavers Forum": 4, "Young Parents": 5},
        2022: {
            "Junior CIC": 4, "CIC council": 4, "Care Leavers Forum": 4, "Young Parents": 4,
            "Don't Disability": 10,
        },
        2023: {
            "Junior CIC": 4, "CIC council": 4, "Care Leavers Forum": 10, "Young Parents": 4,
            "Don't Disability": 4, "LGBTQ+": 6,
        },
    }  # fmt: skip
    session_titles = (
        "Monthly meeting",
        "Campaign planning",
        "Group session",
        "Social and catch-up",
    )
    for start_year, groups in group_years.items():
        for group, first_month in groups.items():
            for month in fy_months[fy_months.index(first_month) :]:
                year = start_year if month >= 4 else start_year + 1
                day = d(year, month, rng.randint(3, 26))
                young = rng.randint(4, 14)
                event(day, "Group session", group, rng.choice(session_titles), young + 2, young)
    # all-together days: every half term
    half_terms = {
        2021: [d(2021, 6, 2), d(2021, 10, 27), d(2021, 12, 21), d(2022, 2, 23)],
        2022: [d(2022, 4, 13), d(2022, 6, 1), d(2022, 8, 3), d(2022, 10, 26), d(2023, 2, 15)],
        2023: [
            d(2023, 4, 12), d(2023, 5, 31), d(2023, 8, 2), d(2023, 10, 25), d(2023, 12, 20),
            d(2024, 2, 14),
        ],
    }  # fmt: skip
    activities = (
        "PS4, snooker and table tennis", "Creative arts and biscuit decorating",
        "Bouncy castle and games", "Easter egg hunt and bonnet making",
        "Making healthy noodles to take home", "Sports and music",
    )  # fmt: skip
    for days_list in half_terms.values():
        for day in days_list:
            young = rng.randint(28, 55)
            event(day, "All together day", "", rng.choice(activities), young + 9, young)
    # one-off events, 2023-24 (from the report)
    event(d(2023, 4, 29), "Celebration", "", "Eid celebration meal", 74, 58)
    event(d(2023, 8, 19), "Family fun day", "", "Family fun day", 640, 233)
    event(d(2023, 6, 15), "Consultation", "", "Lovell 'We've Got You' consultation – training, "
          "employment and housing", 41, 34)  # fmt: skip
    event(d(2023, 11, 8), "Paid consultation", "",
          "Paid consultation on experiences of advocacy (£20 vouchers)", 14, 12, "Yes")  # fmt: skip
    event(d(2023, 7, 11), "Consultation", "", "Health assessments with CIC nurses", 11, 9, "No")
    event(d(2023, 9, 18), "Training", "", "ASYE induction: children's rights and advocacy", 32, 4)
    event(d(2024, 1, 22), "Training", "", "Be Present – care experience training (pilot)", 18, 3)
    event(d(2023, 10, 4), "Training", "Young Parents", "Perinatal Pathway launch", 85, 5)
    event(d(2024, 2, 7), "Training", "", "Support at meetings training for IROs", 22, 5)
    event(d(2023, 5, 16), "Interview panel", "", "ASYE interviews (week 1)", 12, 6)
    event(d(2023, 5, 23), "Interview panel", "", "ASYE interviews (week 2)", 12, 6)
    event(d(2023, 8, 30), "Interview panel", "", "Assistant Head of IRO Service interviews", 7, 4)
    event(d(2023, 12, 6), "Interview panel", "", "Head of Service for Early Help interviews", 7, 4)
    event(d(2024, 3, 13), "Conference", "", "National Advocacy Conference workshop", 60, 6)
    event(d(2023, 10, 17), "Other", "", "Mental Health scrutiny panel at the Council House", 14, 6)
    event(d(2024, 3, 9), "Celebration", "Young Parents", "Young Parents Mother's Day event", 19, 12)
    event(d(2023, 7, 1), "Other", "Young Parents", "Young Parents retreat", 14, 10)
    # earlier years
    event(d(2023, 2, 25), "Conference", "", "Care Leavers Conference: Brunch with Businesses", 70,
          48)  # fmt: skip
    event(d(2022, 8, 20), "Family fun day", "", "Family fun day", 520, 190)
    event(d(2022, 7, 9), "Celebration", "", "Eid celebration", 55, 44)
    event(d(2022, 11, 16), "Consultation", "", "Pathway planning consultation", 21, 18, "No")
    event(d(2022, 6, 8), "Interview panel", "", "ASYE interviews", 10, 5)
    event(d(2021, 11, 24), "Consultation", "", "Corporate parenting pledge consultation", 38, 31)
    event(d(2021, 8, 21), "Celebration", "", "Summer celebration", 310, 120)
    events.sort(key=lambda e: (e[0], e[1], e[2]))

    sheet = Sheet(None)
    sheet.add(
        [
            "Event Ref", "Date of Event", "Type of Event", "Group Name", "Event Name",
            "Total Attendees", "Young People Attending", "Paid Consultation",
        ]
    )  # fmt: skip
    for number, (day, kind, group, title, people, young, paid) in enumerate(events, start=1):
        sheet.add([f"PE{number:04d}", uk(day), kind, group, title, str(people), str(young), paid])
    sample.extracts.append(Extract("participation_events.csv", [sheet], encoding="cp1252"))


# --------------------------------------------------------------------------- board


def build_board(sample: Sample) -> None:
    """board_meetings and board_actions: one workbook, two sheets."""
    d = dt.date
    meetings = [
        (d(2021, 5, 24), "Your Care", "No", "Placement sufficiency; Life story work"),
        (d(2021, 7, 26), "Your Voice and Participation", "Yes", "Takeover: groups overview"),
        (d(2021, 11, 22), "Your Health and Wellbeing", "No", "Health assessments; CAMHS"),
        (d(2022, 1, 24), "Your Learning and Your Future", "No", "Virtual school annual report"),
        (d(2022, 5, 23), "Your Care", "No", "Placement stability; Staying put"),
        (d(2022, 7, 25), "Your Voice and Participation", "Yes", "Takeover: young parents"),
        (d(2022, 9, 26), "Your Housing and Independence", "No", "Supported accommodation"),
        (d(2022, 11, 28), "Your Health and Wellbeing", "No", "Emotional wellbeing offer"),
        (d(2023, 1, 23), "Your Learning and Your Future", "No", "Post 16 education and NEET"),
        (d(2023, 3, 27), "Your Relationships and You", "Yes", "Takeover: new pledge launch"),
        (d(2023, 5, 22), "Your Care; Your Relationships and You", "No",
         "Unregulated placements, Life Story, Volunteering (Mentoring / Independent Visiting), "
         "Protected Characteristic update"),
        (d(2023, 7, 24), "Your Voice and Participation", "Yes",
         "Groups overview, Consultation and research, Previous Asks, LGBTQ+ and SEND focus"),
        (d(2023, 9, 25), "Your Housing and Independence", "No",
         "Housing, Bfriends charity pathway"),
        (d(2023, 11, 27), "Your Health and Wellbeing", "No",
         "Health, UASC mental health and wellbeing, NHS team updates, Health summit feedback"),
        (d(2024, 1, 22), "Your Learning and Your Future", "No",
         "Virtual school update, Post 16 employability, training and skills, "
         "NHS Universal Family model, Masters research"),
    ]  # fmt: skip
    sheet = Sheet("Meetings", widths=[12, 45, 15, 90])
    sheet.add(header(["Board Date", "Pledge Themes", "Takeover Board", "Agenda Items"]))
    for row in meetings:
        sheet.add(list(row))

    actions = [
        ("CPB-01", d(2022, 7, 25), "Council tax exemption for care leavers up to 25",
         "Exemption agreed with the council", "Your Housing and Independence", "Delivered",
         d(2023, 3, 1)),
        ("CPB-02", d(2022, 11, 28), "Quicker access to mental health support",
         "Emotional wellbeing pathway reviewed", "Your Health and Wellbeing", "Closed", None),
        ("CPB-03", d(2023, 3, 27), "Young parents want support earlier in pregnancy",
         "Perinatal pathway co-produced with young parents", "Your Relationships and You",
         "Delivered", d(2023, 10, 4)),
        ("CPB-04", d(2023, 5, 22), "Young people to help design and deliver staff training",
         "Be Present training piloted", "Your Voice and Participation", "Delivered",
         d(2024, 1, 22)),
        ("CPB-05", d(2023, 7, 24), "Free prescriptions for care leavers aged 16+",
         "Free prescriptions for all children in care and care leavers 16+",
         "Your Health and Wellbeing", "Delivered", d(2023, 12, 1)),
        ("CPB-06", d(2023, 7, 24), "Free bus travel for all 16+ across the West Midlands",
         "Agreed with the combined authority", "Your Housing and Independence", "Delivered",
         d(2024, 1, 8)),
        ("CPB-07", d(2023, 7, 24), "Care leaver drop-ins reinstated",
         "Weekly drop-ins restarted", "Your Housing and Independence", "Delivered",
         d(2023, 10, 2)),
        ("CPB-08", d(2023, 9, 25), "More male independent visitors and mentors",
         "Targeted adverts through Assemble", "Your Relationships and You", "In progress", None),
        ("CPB-09", d(2023, 9, 25), "Pathway plans young people can understand",
         "Pathway plan template being redesigned", "Your Housing and Independence",
         "In progress", None),
        ("CPB-10", d(2023, 11, 27), "Health passports for all care leavers",
         "", "Your Health and Wellbeing", "Open", None),
        ("CPB-11", d(2024, 1, 22), "Ring-fenced apprenticeships across partners",
         "Social value measures added to tenders", "Your Learning and Your Future",
         "In progress", None),
        ("CPB-12", d(2024, 1, 22), "Young people as ambassadors at every board",
         "", "Your Voice and Participation", "Open", None),
    ]  # fmt: skip
    asks = Sheet("Asks and actions", widths=[10, 12, 55, 50, 30, 12, 14])
    asks.add(
        header(
            [
                "Action Ref", "Date Raised", "What you said", "What we did", "Pledge Theme",
                "Progress", "Date Delivered",
            ]
        )
    )  # fmt: skip
    for row in actions:
        asks.add(list(row))
    sample.extracts.append(
        Extract(
            "corporate_parenting_board.xlsx",
            [sheet, asks],
            title="Corporate Parenting Board: meetings and asks",
        )
    )


# --------------------------------------------------------------------------- main


def build() -> Sample:
    """Every extract and the list of deliberately faulty rows, in memory."""
    sample = Sample()
    build_advocacy(sample)
    build_iv(sample)
    build_mentoring(sample)
    oc3 = build_ssda903(sample)
    build_programmes(sample, oc3[2024])
    from generate_cic import build_children_in_care

    build_children_in_care(sample, oc3_leavers(oc3))
    build_apprentices(sample)
    build_participation(sample)
    build_board(sample)
    return sample


def faults_markdown(sample: Sample) -> str:
    lines = ["| File | Sheet | Row | Rule | What is wrong |", "|---|---|---|---|---|"]
    for f in sample.faults:
        lines.append(f"| `{f.file}` | {f.sheet or '-'} | {f.row} | `{f.rule}` | {f.what} |")
    lines += [
        "",
        "Valid rows kept on purpose (accepted, and counted; see the known quirk above):",
        "",
    ]
    lines += ["| File | Sheet | Row | What is odd |", "|---|---|---|---|"]
    for q in sample.quirks:
        lines.append(f"| `{q.file}` | {q.sheet or '-'} | {q.row} | {q.what} |")
    return "\n".join(lines)


def update_readme(folder: Path, sample: Sample) -> None:
    readme = folder / "README.md"
    if not readme.exists():
        return
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(FAULTS_START), text.find(FAULTS_END)
    if start < 0 or end < start:
        raise SystemExit(f"{readme} lacks the faults markers; add them back")
    table = faults_markdown(sample)
    new = text[: start + len(FAULTS_START)] + "\n" + table + "\n" + text[end:]
    readme.write_text(new, encoding="utf-8", newline="\n")


def main(folder: Path = HERE) -> None:
    sample = build()
    for extract in sample.extracts:
        (write_csv if extract.is_csv else write_xlsx)(extract, folder)
    update_readme(folder, sample)
    for extract in sample.extracts:
        print(f"wrote {extract.file}")
    print(f"{len(sample.faults)} deliberately faulty rows (listed in README.md)")


if __name__ == "__main__":
    main()
