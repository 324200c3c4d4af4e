"""The disclosure pass and its audit (cpkit.metrics.disclosure).

The audit must fail on leaky tables (a lone hidden cell beside its total, a prior-year column
that gives a hidden cell away by subtraction, hidden cells pinned by zeros and bounds, a change
beside a hidden value, a small count shown), the pass must make random small tables pass it
(checked independently by the exact feasible range of each hidden cell), and the declared
relations must hold on the sample's figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpkit.metrics.comparisons import Change, Comparisons
from cpkit.metrics.disclosure import Publication, audit, disclose
from cpkit.metrics.disclosure.cells import slots
from cpkit.metrics.disclosure.ledger import Ledger
from cpkit.metrics.engine import AreaResult, Engine, Figure, MetricResult
from cpkit.metrics.registry import REGISTRY, load_all
from cpkit.metrics.testing import tables_from_rows
from cpkit.periods import FinancialYear

load_all()
YEAR = FinancialYear(2023)
COUNT = REGISTRY["advocacy.referrals"]  # a count of referrals (people)
SHARE = REGISTRY["advocacy.referrals_by_cohort"]  # shares of referrals by cohort
COHORTS = ("CIC", "CP", "CIN", "CARE_LEAVER", "OTHER")


def publication(*results: MetricResult) -> Publication:
    return Publication({"advocacy": AreaResult("advocacy", YEAR, "999", list(results))})


def breakdown(
    now: list[int], before: list[int] | None = None, hidden: set[str] = frozenset()
) -> MetricResult:
    """A count with a headline and parts by cohort (optionally a prior year), some of it
    marked hidden by hand: a table as an output would publish it."""
    figures = []
    earlier = before if before is not None else [0] * len(now)
    for code, n, then in zip(
        ("", *COHORTS), (sum(now), *now), (sum(earlier), *earlier), strict=True
    ):
        group = {"cohort": code} if code else {}
        figure = Figure(n, group)
        if before is not None:
            figure.comparisons = Comparisons(prior=Change("2022-23", then, change=n - then))
        if code in hidden or (not code and "total" in hidden):
            figure.value, figure.suppressed = None, True
            figure.comparisons.clear_changes()
        if before is not None and f"prior:{code or 'total'}" in hidden:
            assert figure.comparisons.prior is not None
            figure.comparisons.prior.hide()
        figures.append(figure)
    return MetricResult(COUNT, figures)


# ----------------------------------------------------------------------------- leaky tables


def test_the_audit_fails_on_a_lone_hidden_cell_beside_its_total() -> None:
    report = audit(publication(breakdown([3, 20, 9, 0, 12], hidden={"CIC"})), 5)
    assert not report.passed
    assert any("CIC" in p and "worked out" in p for p in report.problems), report.problems


def test_the_audit_fails_on_a_prior_year_column_that_gives_a_cell_away() -> None:
    """Issue 8: 2022-23 = 167 - 132 - 8 - 25 = 2, by subtraction in the prior-year column."""
    table = breakdown([3, 184, 14, 29, 0], [2, 132, 8, 25, 0], hidden={"CIC", "CIN", "prior:CIC"})
    report = audit(publication(table), 5)
    assert not report.passed
    assert any("2022-23" in p and "CIC" in p for p in report.problems), report.problems
    # hiding a second prior-year cell protects it
    table = breakdown(
        [3, 184, 14, 29, 0], [2, 132, 8, 25, 0], hidden={"CIC", "CIN", "prior:CIC", "prior:CIN"}
    )
    assert audit(publication(table), 5).passed


def test_the_audit_fails_when_zeros_and_bounds_pin_two_hidden_cells() -> None:
    """Issue 8: published totals and zeros gave away that exactly one child was in each."""
    table = breakdown([23, 11, 1, 1, 0], hidden={"CIN", "CARE_LEAVER"})
    for figure in table.figures:
        if figure.suppressed:
            figure.suppression = "small"
    report = audit(publication(table), 5)
    assert not report.passed, "23 + 11 + x + y = 36 with x, y >= 1 forces x = y = 1"


def test_a_hidden_part_beside_zeros_gives_everyones_category_away() -> None:
    """Total [c], one part [c] and the rest 0: all of the few people are in that part."""
    leaky = breakdown([2, 0, 0, 0, 0], hidden={"total", "CIC"})
    for figure in leaky.figures:
        figure.suppression = "small" if figure.suppressed else None
    assert not audit(publication(leaky), 5).passed
    table = breakdown([2, 0, 0, 0, 0])
    assert disclose(publication(table), 5).passed
    assert sum(f.suppressed for f in table.figures[1:]) >= 2  # a zero is hidden with it


def test_the_audit_fails_on_a_change_beside_a_hidden_value() -> None:
    figure = Figure(None, {}, suppressed=True)
    figure.comparisons = Comparisons(prior=Change("2022-23", 12, change=-9))
    report = audit(publication(MetricResult(COUNT, [figure])), 5)
    assert not report.passed
    assert any("change" in p for p in report.problems), report.problems


def test_the_audit_fails_on_a_small_count_shown() -> None:
    report = audit(publication(breakdown([3, 20, 9, 0, 12])), 5)
    assert any("a count of 3 is shown" in p for p in report.problems), report.problems


def test_the_audit_fails_on_a_small_complement_shown() -> None:
    shares = [Figure(38 / 40, {"cohort": "CIC"}, 38, 40), Figure(2 / 40, {"cohort": "CP"}, 2, 40)]
    shares[1].value, shares[1].numerator, shares[1].suppressed = None, None, True
    report = audit(publication(MetricResult(SHARE, shares)), 5)
    assert not report.passed


def test_counts_of_things_are_never_hidden_and_never_fail() -> None:
    spec = REGISTRY["corporate_parenting.takeover_boards"]
    result = MetricResult(spec, [Figure(1, {})])
    report = disclose(publication(result), 5)
    assert report.passed and result.figures[0].value == 1 and not result.figures[0].suppressed


# ----------------------------------------------------------------------------- random tables


def feasible_range(cells: list[tuple[int, bool, bool]], total: int | None) -> list[set[int]]:
    """For one breakdown as published: (value, hidden, hidden as small) per part and the
    total (None if hidden), the exact set of values each hidden part could take, knowing that
    hidden parts are not zero and a hidden small part is below 5. Independent of the ledger."""
    hidden = [(i, small) for i, (_, is_hidden, small) in enumerate(cells) if is_hidden]
    if total is None:
        return [set(range(1, 5)) if small else {1, 2, 10**6} for _, small in hidden]
    rest = total - sum(v for v, is_hidden, _ in cells if not is_hidden)
    bounds = [(1, 4 if small else rest) for _, small in hidden]
    found = []
    for k, (low, high) in enumerate(bounds):
        others_low = sum(b[0] for j, b in enumerate(bounds) if j != k)
        others_high = sum(b[1] for j, b in enumerate(bounds) if j != k)
        found.append(set(range(max(low, rest - others_high), min(high, rest - others_low) + 1)))
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    now=st.lists(st.integers(0, 12), min_size=5, max_size=5),
    before=st.lists(st.integers(0, 12), min_size=5, max_size=5),
)
def test_random_small_breakdowns_pass_the_audit_and_protect_every_hidden_cell(
    now: list[int], before: list[int]
) -> None:
    table = breakdown(now, before)
    report = disclose(publication(table), 5)
    assert report.passed, report.problems
    headline, parts = table.figures[0], table.figures[1:]
    for year in ("now", "before"):
        if year == "now":
            cells = [(f.value, f.suppressed, f.suppression == "small") for f in parts]
            total = headline.value
        else:
            priors = [f.comparisons.prior for f in parts]
            cells = [(p.value, p.suppressed, p.suppression == "small") for p in priors]  # type: ignore[union-attr]
            total = headline.comparisons.prior.value  # type: ignore[union-attr]
        shown = [v for v, hidden, _ in cells if not hidden] + ([total] if total else [])
        assert all(v == 0 or v >= 5 for v in shown), (year, cells, total)
        for options in feasible_range(cells, total):
            assert len(options) >= 2, (year, cells, total)


def _iv_rows(counts: dict[tuple[str, str, str], int]) -> list[dict[str, Any]]:
    """Children by (status, gender, age band) at 31 March 2024."""
    rows = []
    dobs = {"8-11": dt.date(2014, 1, 1), "12-14": dt.date(2011, 1, 1), "15+": dt.date(2007, 1, 1)}
    for (status, gender, band), n in counts.items():
        for i in range(n):
            child = f"{status}{gender}{band}{i}"
            rows.append(
                {
                    "referral_id": child,
                    "child_id": child,
                    "referral_date": dt.date(2023, 1, 10),
                    "match_date": dt.date(2023, 6, 1) if status == "matched" else None,
                    "gender": gender,
                    "dob": dobs[band],
                    "volunteer_id": "V1" if status == "matched" else None,
                }
            )
    return rows


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.tuples(
            st.sampled_from(["matched", "awaiting"]),
            st.sampled_from(["F", "M", "OTHER"]),
            st.sampled_from(["8-11", "12-14", "15+"]),
        ),
        st.integers(1, 7),
        min_size=1,
        max_size=10,
    )
)
def test_random_independent_visitor_figures_pass_the_audit(
    counts: dict[tuple[str, str, str], int],
) -> None:
    """Matched + awaiting = involved, the profiles of each, and the involved age bands."""
    engine = Engine(tables_from_rows({"iv_referrals": _iv_rows(counts)}), None, la_code="999")
    area = engine.area("iv", YEAR)
    report = disclose(Publication({"iv": area}), 5)
    assert report.passed, report.problems
    ledger = Ledger(slots(Publication({"iv": area})))
    for cell in ledger.unique():
        if cell.known and cell.people and cell.kind == "linear":
            assert not 0 < cell.value < 5, cell.key  # type: ignore[operator]


# ----------------------------------------------------------------------------- the sample


def test_every_declared_relation_holds_on_the_sample(sample_workspace: Any) -> None:
    """A wrong declaration (parts that do not add up) would mislead the pass and the audit."""
    from cpkit.areas import AREAS
    from cpkit.metrics import open_engine

    engine = open_engine(sample_workspace)
    areas = {a.cli: engine.area(a.cli, YEAR) for a in AREAS}
    ledger = Ledger(slots(Publication(areas)))
    checked = 0
    for equation in ledger.equations:
        cells = [(ledger.cells[k], c) for k, c in equation.terms]
        if any(k.year != YEAR.label for k, _ in equation.terms):
            continue
        if all(cell.value is not None for cell, _ in cells):
            checked += 1
            total = sum(c * cell.value for cell, c in cells)  # type: ignore[operator]
            assert abs(total) < 1e-9, (equation.name, [(str(k), c) for k, c in equation.terms])
    assert checked > 150


def test_the_whole_public_report_passes_the_audit(sample_workspace: Any) -> None:
    from cpkit.metrics import open_engine
    from cpkit.render.definition import load_definition
    from cpkit.render.report import _trend, _trend_metrics, compute_all

    engine = open_engine(sample_workspace)
    definition = load_definition(sample_workspace.root / "reports" / "report.toml")
    assert _trend_metrics(definition)
    trends = {m: _trend(engine, m, YEAR) for m in _trend_metrics(definition)}
    results = compute_all(sample_workspace, engine, YEAR, True, trends)
    assert all(r.public and r.audit and "passed" in r.audit for r in results.values())
    again = audit(Publication(results, trends), 5)  # the audit is repeatable on its own
    assert again.passed and again.hidden > 50


def _small_people_counts(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Every count of 1 to 4 people a metrics JSON document shows."""
    found = []
    for record in document["metrics"]:
        spec = REGISTRY[record["id"]]
        if not spec.about_people:
            continue
        numbers = [record["numerator"], record.get("base")]
        if not spec.denominator_is_target:
            numbers.append(record["denominator"])
        c = record["comparisons"]
        numbers += [c.get(k) for k in ("prior_year_numerator", "prior_year_denominator")]
        numbers += [c.get("prior_year_base"), c.get("base_year_base")]
        if record["unit"] == "count":
            numbers += [record["value"], c.get("prior_year"), c.get("base_year")]
        numbers += [record.get("extra", {}).get(k) for k in spec.extra_counts]
        found += [
            (record["id"], record["group"], n)
            for n in numbers
            if isinstance(n, int | float) and 0 < n < 5
        ]
    return found


def test_every_public_area_in_every_format_shows_no_small_count_of_people(
    sample_workspace: Any,
) -> None:
    """What `cpkit metrics AREA --public` writes, as JSON, CSV and the terminal table."""
    import csv
    import io
    import json

    from cpkit.areas import AREAS
    from cpkit.cli.figures import area_listing
    from cpkit.metrics import compute_area
    from cpkit.metrics.output import dumps_csv, dumps_json

    for area in AREAS:
        result = compute_area(sample_workspace, area.cli, YEAR, public=True)
        document = json.loads(dumps_json(result))
        assert "passed" in document["suppression"]["audit"], area.cli
        assert not _small_people_counts(document), area.cli
        for row in csv.DictReader(io.StringIO(dumps_csv(result))):
            if REGISTRY[row["id"]].about_people and row["unit"] == "count":
                for column in ("value", "prior_year", "base_year"):
                    if row.get(column):
                        assert not 0 < float(row[column]) < 5, (row["id"], column)
        listing = area_listing(result, sample_workspace.settings)
        for row in listing.rows:
            spec = next((s for s in REGISTRY.values() if s.title == row[0]), None)
            if spec is not None and spec.about_people and spec.unit == "count":
                assert row[2].replace(",", "") not in {"1", "2", "3", "4"}, (area.cli, row)


def test_counts_about_no_one_are_shown_in_public(sample_workspace: Any, cli: Any) -> None:
    import json

    result = cli("metrics", "participation", "--year", "2023-24", "--public", "--format",
                 "json", "--workspace", sample_workspace.root)  # fmt: skip
    records = json.loads(result.out)["metrics"]
    events = {r["group"].get("event_type"): r for r in records if r["id"] == "participation.events"}
    assert events["CONFERENCE"]["value"] == 1 and "suppressed" not in events["CONFERENCE"]
    result = cli("metrics", "corporate-parenting", "--year", "2023-24", "--public", "--format",
                 "json", "--workspace", sample_workspace.root)  # fmt: skip
    records = {r["id"]: r for r in json.loads(result.out)["metrics"] if not r["group"]}
    assert records["corporate_parenting.takeover_boards"]["value"] == 1
    assert records["corporate_parenting.boards_held"]["value"] == 5


def test_a_public_output_that_fails_the_audit_is_not_written(
    sample_workspace: Any, cli: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the pass switched off, the audit finds the small counts and nothing is written."""
    from cpkit.metrics import disclosure

    monkeypatch.setattr(disclosure, "disclose_in_place", lambda publication, threshold: [])
    out = tmp_path / "out"
    result = cli("report", "annual", "--year", "2023-24", "--public", "--out", out,
                 "--workspace", sample_workspace.root)  # fmt: skip
    assert result.code == 1
    assert "Error: disclosure audit FAILED" in result.err
    assert not out.exists() or not any(out.iterdir())
    result = cli("metrics", "iv", "--year", "2023-24", "--public", "--format", "json",
                 "--workspace", sample_workspace.root)  # fmt: skip
    assert result.code == 1 and result.out == ""
