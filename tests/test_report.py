"""The annual report: golden files, narrative figures, suppression, determinism, structure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPORT_EPOCH, report_file
from cpkit.errors import CpkitError
from cpkit.periods import FinancialYear
from cpkit.render.report import ReportResult, render_annual_report
from cpkit.versions import versions_line
from cpkit.workspace import Workspace

GOLDEN = Path(__file__).parent / "golden"
YEAR = FinancialYear.parse("2023-24")


def render(
    workspace: Workspace, out: Path, monkeypatch: pytest.MonkeyPatch, **options
) -> ReportResult:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", REPORT_EPOCH)
    return render_annual_report(workspace, YEAR, out=out, **options)


@pytest.fixture(scope="module")
def reports(sample_reports: dict[str, ReportResult]) -> dict[str, Path]:
    """The private and public reports of the sample (rendered once per session)."""
    return {
        f"{name}{suffix}": report_file(sample_reports[name], suffix)
        for name in ("private", "public")
        for suffix in (".md", ".html")
    }


def without_svg(html: str) -> str:
    """Golden HTML keeps the chart's accessible title and description, not its drawing (the
    drawing is checked for determinism separately, so a matplotlib patch release does not
    break the golden file)."""
    return re.sub(r"(<svg[^>]*>)(<title.*?</desc>).*?</svg>", r"\1\2…</svg>", html, flags=re.S)


@pytest.mark.parametrize("name", ["private.md", "private.html", "public.md"])
def test_golden(reports: dict[str, Path], name: str, update_golden: bool) -> None:
    text = reports[name].read_text(encoding="utf-8")
    if name.endswith(".html"):
        text = without_svg(text)
    # the installed libraries' versions (the provenance's Software row) vary by machine
    text = text.replace(versions_line(), "(the versions of cpkit and its libraries)")
    golden = GOLDEN / f"annual-report-2023-24-{name}"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden} missing: run pytest --update-golden and review it"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{name} differs from {golden.name}: if the change is intended, run "
        "`pytest tests/test_report.py --update-golden` and review the diff"
    )


def test_figures_match_the_sample_targets(reports: dict[str, Path]) -> None:
    text = reports["private.md"].read_text(encoding="utf-8")
    for sentence in (
        "In 2023-24 the service received 689 advocacy referrals, up from 612 in 2022-23 (a rise "
        "of 13%), and 25% more than in 2021-22.",
        "303 (44%) were for children in care (281 in 2022-23), 207 (30%) for children on child "
        "protection plans (176 in 2022-23), 110 (16%) for children in need (104 in 2022-23) and "
        "69 (10%) for care leavers (51 in 2022-23)",
        "At 31 March 2024, 36 children were matched with an independent visitor, up from 20 at "
        "31 March 2023 (a rise of 80%).",
        "A further 44 were waiting for a match, up from 32 at 31 March 2023",
        "There were 46 approved volunteers at 31 March 2024, up from 30 at 31 March 2023 (a rise "
        "of 53%).",
        "so 10 approved volunteers were not matched while 44 children waited",
        "had waited a median of 304 days from referral to match (119 days in 2022-23)",
        "had waited a median of 412 days so far, up from 200 days",
        "24 young people were in an active mentoring match, up from 13 at 31 March 2023",
        "35 young people had enrolled",
        "15 apprentices were in post",
        "six apprenticeships started, down from nine in 2022-23",
        "The corporate parenting board met five times in 2023-24, down from six in 2022-23",
        "including one takeover board led by children and young people (two in 2022-23)",
        "The boards covered all six pledge themes",
        "440 of 786 care leavers aged 19 to 21 (56%) were in education, employment or training",
        "known-only rate of 62%",
        "20 (50%) went on to access advocacy support",
        "Children in Care Council",
        "elsewhere in the UK",
    ):
        assert sentence in text, sentence
    for bad in (
        "counts once here and once for each referral above",
        "covered 6 of 6",
        "The largest event was",
        "CIC council",
        "elsewhere in UK",
        "1 rows",
        "1 were waiting",
        "same measure,",
        "so male mentees are less likely",
        "cpkit",
        "works out at",
        "(target: ",
        "(12.6%)",
    ):
        body = text.split("## 1. Introduction")[1].split("## Appendix A")[0]
        assert bad not in body, bad
    assert "1 rows" not in text


def test_no_sentence_opens_with_a_numeral(reports: dict[str, Path]) -> None:
    text = reports["private.md"].read_text(encoding="utf-8").split("## Appendix A")[0]
    prose = [
        line
        for line in text.splitlines()
        if line and not line.startswith(("|", "!", "#", "<", ">", "*", "- [", "**"))
    ]
    for line in prose:
        for sentence in re.split(r"(?<=[.!?])\s+", line.removeprefix("- ")):
            assert not re.match(r"\d", sentence), sentence


def test_the_summary_says_what_improved_and_what_got_worse(reports: dict[str, Path]) -> None:
    text = reports["private.md"].read_text(encoding="utf-8")
    summary = text.split("## 3. Executive summary")[1].split("## 4.")[0]
    improved = summary.split("### What improved")[1].split("###")[0]
    worse = summary.split("### What got worse")[1].split("###")[0]
    assert "Children matched with an independent visitor: 20 at 31 March 2023" in improved
    assert "Days waited so far by children awaiting a match (median): 200 days" in worse
    assert "Takeover boards led by young people: two in 2022-23, one in 2023-24." in worse
    assert "Corporate parenting boards held: six in 2022-23, five in 2023-24." in summary


def test_you_said_we_did_shows_what_was_done_and_open_asks(reports: dict[str, Path]) -> None:
    text = reports["private.md"].read_text(encoding="utf-8")
    assert "| You said | We did | Pledge theme | Status |" in text
    assert "| Free bus travel for all 16+ across the West Midlands | Agreed with the " in text
    assert "| In progress |" in text and "| Open |" in text


def test_every_top_n_chart_ends_with_other(reports: dict[str, Path]) -> None:
    text = reports["private.md"].read_text(encoding="utf-8")
    issues = text.split("Data for figure 15*")[1].split("*Source")[0]
    assert "| Other | 67 | 10% |" in issues
    shares = [int(m) for m in re.findall(r"\| (\d+)% \|", issues)]
    assert 99 <= sum(shares) <= 101


def test_report_has_every_section_and_appendix(reports: dict[str, Path]) -> None:
    text = reports["private.md"].read_text(encoding="utf-8")
    headings = re.findall(r"(?m)^## (.+)$", text)
    assert headings[1:] == [
        "1. Introduction",
        "2. Service overview",
        "3. Executive summary",
        "4. Corporate parenting",
        "5. Children in care",
        "6. Independent visitors",
        "7. Develop Me mentoring",
        "8. Advocacy",
        "9. Participation",
        "10. Apprenticeship programme",
        "11. Care leavers: education, employment, training and accommodation",
        "Appendix A: Data quality",
        "Appendix B: Definitions",
        "Appendix C: Provenance",
    ]


@pytest.mark.parametrize("name", ["private.md", "public.md"])
def test_every_chart_title_says_more_than_its_subtitle(reports: dict[str, Path], name: str) -> None:
    """A chart whose active title has nothing to say (its figures hidden in the public
    report) takes its declared title, never a repeat of its subtitle."""
    text = reports[name].read_text(encoding="utf-8")
    figures = re.findall(r"^\*\*Figure \d+: (.+)\*\*\n\n(.+)$", text, flags=re.M)
    assert len(figures) >= 8
    assert [title for title, subtitle in figures if title == subtitle] == []
    if name == "public.md":
        assert re.search(r"Figure \d+: Disability of children matched and of those waiting", text)


def test_markdown_charts_are_files_beside_it(reports: dict[str, Path]) -> None:
    md = reports["private.md"]
    links = re.findall(r"!\[[^\]]+\]\(([^)]+\.svg)\)", md.read_text(encoding="utf-8"))
    assert len(links) >= 8
    for link in links:
        svg = (md.parent / link).read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and "<title" in svg and "<desc" in svg


def test_html_is_self_contained(reports: dict[str, Path]) -> None:
    html = reports["private.html"].read_text(encoding="utf-8")
    assert "<style>" in html and html.count("<svg") >= 8
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "no network requests"
    assert "<link" not in html and "<script" not in html and "@import" not in html


def test_provenance_lists_inputs_with_hashes(
    reports: dict[str, Path], sample_workspace: Workspace
) -> None:
    import hashlib

    text = reports["private.md"].read_text(encoding="utf-8")
    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    for name in ("advocacy_referrals_2021-22_to_2023-24.csv", "ssda903_2024_oc3.csv"):
        digest = hashlib.sha256((sample / name).read_bytes()).hexdigest()
        assert digest in text, name
    assert "cpkit version | 0.1.0" in text
    assert "Generated (UTC) | 2024-06-01 00:00" in text
    assert "[la]" in text  # the configuration used is printed


def test_definitions_appendix_comes_from_the_registry(reports: dict[str, Path]) -> None:
    from cpkit.metrics.registry import REGISTRY

    text = reports["private.md"].read_text(encoding="utf-8")
    appendix = text.split("## Appendix B: Definitions")[1].split("## Appendix C")[0]
    for metric_id in ("advocacy.referrals", "care_leavers.eet_known_19_21", "iv.children_matched"):
        spec = REGISTRY[metric_id]
        assert f"| {spec.title}" in appendix and spec.definition in appendix
    # only the metrics the report shows: not the unused breakdowns
    assert REGISTRY["advocacy.referrals_by_gender"].definition not in appendix


_CELL_COUNT = re.compile(r"^(\d[\d,]*)(?: \(\d+%\))?$")


def test_public_report_shows_no_count_below_the_threshold(reports: dict[str, Path]) -> None:
    """Every table cell that is a count (or 'count (pct)') is 0, at least 5, or [c]; and the
    sentences that carry small counts in the private report carry [c] instead."""
    from cpkit.datasets.codelists import EVENT_TYPE
    from cpkit.formatting import category_label
    from cpkit.metrics.registry import REGISTRY, load_all

    load_all()
    events = {category_label("event_type", code) for code in EVENT_TYPE.codes}
    events |= {"All events"} | {s.title for s in REGISTRY.values() if not s.about_people}
    text = reports["public.md"].read_text(encoding="utf-8")
    checked = 0
    things = False  # inside a table of files' rows or of run facts: not people
    for line in text.splitlines():
        if not line.startswith("|"):
            things = False
            continue
        if line.startswith(("| Item |", "| Dataset |")):
            things = True
        if things or not line.startswith("| "):
            continue
        if line.strip("| ").split(" |")[0] in events:
            continue  # events are not people: shown whatever their number
        for cell in line.strip("|").split("|")[1:]:
            match = _CELL_COUNT.match(cell.strip())
            if match:
                checked += 1
                n = int(match.group(1).replace(",", ""))
                assert n == 0 or n >= 5, f"count {n} shown in public report: {line}"
    assert checked > 30
    assert "including one takeover board" in text  # meetings are not people
    assert "fewer than 5 were waiting for a mentor" in text
    assert "fewer than 5 funded by" not in text  # a cell hidden to protect another is not small
    assert "[c]: confidential, a count of fewer than 5 people, or a figure hidden" in text


def test_public_figures_are_suppressed_in_every_output(sample_workspace: Workspace) -> None:
    """The model behind the public report has no visible small count anywhere."""
    from cpkit.metrics import open_engine
    from cpkit.render.report import compute_all

    results = compute_all(sample_workspace, open_engine(sample_workspace), YEAR, public=True)
    hidden = 0
    for area in results.values():
        for metric in area.results:
            if not metric.spec.about_people:
                continue
            for figure in metric.figures:
                hidden += figure.suppressed
                numbers = [figure.numerator, figure.denominator]
                if metric.spec.unit == "count":
                    numbers.append(figure.value)
                numbers += [
                    v
                    for k, v in figure.comparisons.as_dict().items()
                    if k in ("prior_year_numerator", "prior_year_denominator")
                    or (k in ("prior_year", "base_year") and metric.spec.unit == "count")
                ]
                numbers += [
                    v
                    for k, v in figure.extra.items()
                    if k != "rank" and isinstance(v, int) and not isinstance(v, bool)
                ]
                small = [n for n in numbers if isinstance(n, int | float) and 0 < n < 5]
                assert not small, f"{metric.spec.id} {figure.group}: {small}"
    assert hidden > 10


def test_rendering_twice_gives_identical_files(
    sample_workspace: Workspace,
    sample_reports: dict[str, ReportResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A second rendering (md, html) is byte-identical to the session's first one."""
    first = {p.name: p for p in sample_reports["private"].paths}
    second = render(sample_workspace, tmp_path / "b", monkeypatch)
    written = {name for name in first if name.endswith((".md", ".html", ".svg"))}
    assert {p.name for p in second.paths} == written and any(n.endswith(".svg") for n in written)
    for two in second.paths:
        assert two.name in first, two.name
        assert first[two.name].read_bytes() == two.read_bytes(), two.name


def _narrative(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_narrative_figures_update_with_the_data(
    sample_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = _narrative(
        tmp_path / "words",
        "advocacy.md",
        'We received {{ figure("advocacy.referrals") }} referrals '
        '({{ figure("advocacy.referrals", show="change") }} on '
        '{{ figure("advocacy.referrals", show="prior_year_label") }}); '
        '{{ figure("advocacy.referrals_by_cohort", cohort="CIC", '
        'show="n_and_pct") }} were for children in care.\n',
    )
    result = render(
        sample_workspace, tmp_path / "out", monkeypatch, narrative_dir=words, formats=("md",)
    )
    text = result.paths[0].read_text(encoding="utf-8")
    assert (
        "We received 689 referrals (+77 (+12.6%) on 2022-23); 303 (44%) were for children "
        "in care." in text
    )


def test_narrative_figures_are_suppressed_in_public(
    sample_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = _narrative(
        tmp_path / "words",
        "mentoring.md",
        'Only {{ figure("mentoring.mentees_awaiting") }} young people wait.\n',
    )
    result = render(
        sample_workspace,
        tmp_path / "out",
        monkeypatch,
        narrative_dir=words,
        formats=("md",),
        public=True,
    )
    assert "Only fewer than 5 young people wait." in result.paths[0].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Line one\n\nWe had {{ figure("advocacy.referals") }}.\n',
            r"(?i)advocacy\.md, line 3: unknown metric 'advocacy\.referals'.*did you mean "
            r"'advocacy\.referrals'",
        ),
        (
            '{{ figure("advocacy.referrals_by_cohort", cohort="MARTIAN") }}\n',
            r"advocacy\.md, line 1: figure\('advocacy\.referrals_by_cohort', cohort='MARTIAN'\): "
            r"no figure for group",
        ),
        ('{{ figure("advocacy.referrals", show="colour") }}\n', r"unknown show"),
        ('{{ figure("advocacy.referrals" }}\n', r"advocacy\.md, line 1: "),
        (
            "{{ undefined_thing }}\n",
            r"advocacy\.md, line 1: \{\{ undefined_thing \}\}: 'undefined_thing' is not available",
        ),
    ],
)
def test_bad_narrative_fails_loudly_naming_file_and_line(
    sample_workspace: Workspace, sample_results: dict, tmp_path: Path, text: str, expected: str
) -> None:
    """The narrative is checked against the sample's own figures, as the report does (the
    CLI test below renders a bad narrative end to end)."""
    from cpkit.render.definition import WORKSPACE_DEFINITION, load_definition
    from cpkit.render.narrative import load_narrative
    from cpkit.render.report import report_figures

    definition = load_definition(sample_workspace.root / WORKSPACE_DEFINITION)
    figures = report_figures(sample_workspace, sample_results, YEAR, definition)
    words = _narrative(tmp_path / "words", "advocacy.md", text)
    with pytest.raises(CpkitError, match=expected):
        load_narrative(words, figures, definition.known_sections)


def test_report_cli_errors_are_one_line(cli, sample_workspace: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    words = _narrative(tmp_path / "words", "advocacy.md", '{{ figure("advocacy.nope") }}\n')
    result = cli(
        "report",
        "annual",
        "--year",
        "2023-24",
        "--narrative",
        words,
        "--out",
        tmp_path / "out",
        "--workspace",
        sample_workspace.root,
    )
    assert result.code == 2
    assert result.err.count("\n") == 1 and result.err.startswith("Error: ")
    assert "advocacy.md, line 1: unknown metric 'advocacy.nope'" in result.err
    result = cli(
        "report",
        "annual",
        "--year",
        "2023-24",
        "--format",
        "odt",
        "--workspace",
        sample_workspace.root,
    )
    assert result.code == 2 and "unknown report format 'odt'" in result.err
    assert "md, html, docx, xlsx, pdf" in result.err


def test_user_templates_override_the_defaults(
    sample_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "style.css").write_text("body { color: #111111; } /* house style */\n")
    result = render(
        sample_workspace, tmp_path / "out", monkeypatch, templates_dir=templates, formats=("html",)
    )
    html = result.paths[0].read_text(encoding="utf-8")
    assert "/* house style */" in html and "Government Analysis Function" not in html


def test_svg_is_deterministic() -> None:
    from cpkit.render.charts import Chart, Series, render_svg

    def chart() -> Chart:
        return Chart(
            "demo",
            "A rose",
            "Counts, 2023-24",
            "Source: test",
            "Alt text",
            ["A", "B"],
            [Series("Count", [3.0, 5.0], ["3", "5"])],
        )

    assert render_svg(chart()) == render_svg(chart())
    assert 'role="img"' in render_svg(chart())


def test_a_workspace_with_one_dataset_still_gives_a_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cpkit.ingest import ingest_paths
    from cpkit.workspace import init_workspace

    workspace = init_workspace(tmp_path / "ws", la_code="330", la_name="Testshire")
    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    ingest_paths(workspace, [sample / "advocacy_referrals_2021-22_to_2023-24.csv"])
    result = render(workspace, tmp_path / "out", monkeypatch, formats=("md",))
    text = result.paths[0].read_text(encoding="utf-8")
    assert "In 2023-24 the service received 689 advocacy referrals" in text
    assert (
        "No figures for 2023-24 in this section: needs the iv_referrals dataset "
        "(independent visitor referrals): ingest an extract of it."
    ) in text
    # children in care is optional: without SSDA903 episodes it is left out, with a note
    assert "## 5. Children in care" not in text and "Children in care\n" not in text
    assert "The children in care section is left out: no figures for 2023-24: needs" in text
    assert "reviews held in" not in text  # nor the review participation sentence
