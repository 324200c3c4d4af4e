"""The report as a declared definition: the packaged default, a workspace's overrides, and
the errors (every problem at once, with file and line) for a definition that names
something that does not exist."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cpkit.errors import ReportDefinitionError
from cpkit.periods import FinancialYear
from cpkit.render.definition import load_definition
from cpkit.render.documents import default_templates
from cpkit.render.sentences import Sentences
from cpkit.workspace import Workspace, open_workspace

YEAR = FinancialYear.parse("2023-24")
SRC = Path(__file__).resolve().parents[1] / "src" / "cpkit"


def _load(path: Path | None) -> object:
    sentences = Sentences(None, default_templates())
    return load_definition(path, template_problem=sentences.problem)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "report.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_the_packaged_definition_lists_the_report_in_order() -> None:
    definition = _load(None)
    ids = [s.id for s in definition.sections]  # type: ignore[attr-defined]
    assert ids[:4] == [
        "introduction",
        "service_overview",
        "executive_summary",
        "corporate_parenting",
    ]
    assert ids[-3:] == ["data_quality", "definitions", "provenance"]
    advocacy = definition.section("advocacy")  # type: ignore[attr-defined]
    kinds = {b.kind for b in advocacy.blocks}
    assert {"narrative", "text", "chart", "table"} <= kinds


OVERRIDE = """\
# drop participation, put advocacy before corporate parenting, add a chart, rename mentoring
[report]
order = [
  "introduction", "service_overview", "executive_summary", "advocacy", "corporate_parenting",
  "children_in_care", "independent_visitors", "mentoring", "apprenticeships", "care_leavers",
  "data_quality", "definitions", "provenance",
]
drop = ["participation"]

[sections.mentoring]
title = "Bright Futures mentoring"

[sections.advocacy.blocks.gender_chart]
chart = "bar"
metric = "advocacy.referrals_by_gender"
title = "Advocacy referrals by gender, {year}"
after = "cohort_chart"

[sections.advocacy]
drop = ["icpc"]
"""


@pytest.fixture(scope="module")
def own_workspace(
    sample_workspace: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> Workspace:
    """A copy of the sample workspace (its reports/report.toml is this module's own)."""
    root = tmp_path_factory.mktemp("defined") / "ws"
    shutil.copytree(sample_workspace.root, root)
    return open_workspace(root)


def test_a_workspace_definition_reshapes_the_report(
    own_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cpkit.render.report import render_annual_report

    (own_workspace.root / "reports" / "report.toml").write_text(OVERRIDE, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")
    result = render_annual_report(own_workspace, YEAR, out=tmp_path, formats=("md",))
    text = result.paths[0].read_text(encoding="utf-8")
    headings = re.findall(r"(?m)^## (.+)$", text)[1:]
    assert headings[3:9] == [
        "4. Advocacy",
        "5. Corporate parenting",
        "6. Children in care",
        "7. Independent visitors",
        "8. Bright Futures mentoring",
        "9. Apprenticeship programme",
    ]
    assert not any("Participation" in h for h in headings)
    advocacy = text.split("## 4. Advocacy")[1].split("## 5.")[0]
    cohort = advocacy.index("largest share of referrals")
    gender = advocacy.index("Advocacy referrals by gender, 2023-24")
    assert cohort < gender < advocacy.index("largest source of referrals")
    assert "| Female |" in advocacy.split("Advocacy referrals by gender, 2023-24")[1]
    assert "initial child protection conference (ICPC)" not in advocacy  # the dropped block
    assert "Bright Futures mentoring" in text and "Develop Me mentoring" not in text


def test_a_misspelt_metric_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path, OVERRIDE.replace("advocacy.referrals_by_gender", "advocacy.referals_by_gender")
    )
    with pytest.raises(ReportDefinitionError) as caught:
        _load(path)
    line = _line_of(path, "referals_by_gender")
    message = caught.value.one_line()
    assert f"{path}, line {line}: unknown metric 'advocacy.referals_by_gender'" in message
    assert "did you mean 'advocacy.referrals_by_gender'?" in message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """\
[report]
drop = ["participaton"]

[sections.advocacy]
titel = "Advocacy"

[sections.advocacy.blocks.extra]
chart = "pie"
metric = "advocacy.referrals"

[sections.advocacy.blocks.words]
text = "advocacy.no_such_macro"

[sections.advocacy.blocks.odd]
table = "breakdown"
metric = "advocacy.referrals"
colour = "red"
""",
    )
    with pytest.raises(ReportDefinitionError) as caught:
        _load(path)
    message = caught.value.one_line()
    expected = {
        "drop": "cannot drop section 'participaton'",
        "titel": "unknown key 'titel' in [sections.advocacy]",
        "pie": "'chart' must be one of bar, compare, trend, benchmark",
        "no_such_macro": "has no macro 'no_such_macro'",
        "colour": "has no option 'colour'",
    }
    for needle, problem in expected.items():
        assert f"{path}, line {_line_of(path, needle)}: " in message, needle
        assert problem in message, problem
    assert "did you mean 'participation'?" in message
    assert "sections neither in [report] order nor dropped" not in message
    assert re.search(r"has \d+ problems", message)


def test_a_new_section_must_be_placed(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[sections.partners]\ntitle = "Our partners"\nblocks.facts = { key_facts = "partners" }\n',
    )
    with pytest.raises(
        ReportDefinitionError, match="neither in \\[report\\] order nor dropped: partners"
    ):
        _load(path)


def test_a_chart_kind_must_fit_its_metric(tmp_path: Path) -> None:
    path = _write(
        tmp_path, '[sections.advocacy.blocks.x]\nchart = "bar"\nmetric = "advocacy.referrals"\n'
    )
    with pytest.raises(ReportDefinitionError, match="has no breakdown to draw as a bar"):
        _load(path)


def test_render_code_names_only_registered_metrics() -> None:
    """Every metric id written in the render code, the default definition and the sentence
    templates is registered: a typo fails here, not as a missing paragraph."""
    from cpkit.areas import KEYS
    from cpkit.metrics.registry import REGISTRY, load_all

    load_all()
    literal = re.compile(r"""["'](?P<id>(?:%s)\.[a-z0-9_]+)["']""" % "|".join(KEYS))  # noqa: UP031
    sentences = Sentences(None, default_templates())
    files = [*(SRC / "render").rglob("*.py"), SRC / "render" / "annual_report.toml"]
    files += (Path(default_templates()) / "sentences").glob("*.j2")
    checked = 0
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in literal.finditer(line):
                if sentences.problem(match["id"]) is None:
                    continue  # a sentence template's name (file.macro), not a metric id
                checked += 1
                assert match["id"] in REGISTRY, f"{path}:{number}: {match['id']}"
    assert checked > 100


def test_a_lookup_of_an_unregistered_metric_raises(sample_results: dict) -> None:
    from cpkit.formatting import NumberFormat
    from cpkit.render.model import Figures

    figures = Figures(sample_results, YEAR, NumberFormat())
    with pytest.raises(ReportDefinitionError, match=r"Did you mean 'iv\.children_matched'"):
        figures.value("iv.children_matchd")
    assert figures.fig("iv.children_matched").value == "36"


def test_key_facts_are_checked_with_file_and_line(tmp_path: Path) -> None:

    from cpkit.render.key_facts import load_key_facts

    (tmp_path / "key_facts.toml").write_text(
        '[[fact]]\ngroup = "partners"\ntitle = "Jobs"\nvalue = 3\ncounts = "young_people"\n'
        'as_at = 2024-03-31\nsource = "Partner"\n\n'
        '[[fact]]\ngroup = "partners"\ntitle = "Late"\nvalue = "many"\nas_at = 2025-01-01\n',
        encoding="utf-8",
    )
    with pytest.raises(ReportDefinitionError) as caught:
        load_key_facts(tmp_path, YEAR.start, YEAR.end)
    message = caught.value.one_line()
    assert f"{tmp_path / 'key_facts.toml'}, line 9: 'value' must be a number" in message
    assert "'as_at' 01/01/2025 is outside the report's year" in message
    assert "'source' must be given" in message


def test_the_guide_example_is_a_valid_definition(tmp_path: Path) -> None:
    guide = (SRC.parents[1] / "docs" / "guide.md").read_text(encoding="utf-8")
    example = guide.split("### Shaping the report")[1].split("```toml\n")[1].split("```")[0]
    definition = _load(_write(tmp_path, example))
    mentoring = definition.section("mentoring")  # type: ignore[attr-defined]
    assert mentoring.title == "Bright Futures mentoring"
    assert "outcomes" not in [b.id for b in mentoring.blocks]
    issues = next(b for b in definition.section("advocacy").blocks if b.id == "issues_chart")  # type: ignore[attr-defined]
    assert issues.options["top"] == 4
