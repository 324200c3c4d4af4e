"""Narrative files are data: references are parsed, never run; every mistake is reported at
once with file and line; comparators can be cited; unsafe Markdown and bad encodings are
refused with one clear line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import Cli
from cpkit.errors import CpkitError
from cpkit.formatting import NumberFormat
from cpkit.metrics.comparisons import Benchmark, Change, Comparisons
from cpkit.metrics.engine import AreaResult, Figure, MetricResult
from cpkit.metrics.registry import all_metrics
from cpkit.periods import FinancialYear
from cpkit.render.model import Figures
from cpkit.render.narrative import NarrativeError, load_narrative, render_text
from cpkit.workspace import Workspace

YEAR = FinancialYear.parse("2023-24")
EET = "care_leavers.eet_19_21"


def _figures() -> Figures:
    """Every metric of the registry with a made-up headline; EET 19-21 with comparators, a
    target on apprenticeships and a cohort breakdown for advocacy referrals."""
    areas: dict[str, AreaResult] = {}
    for spec in all_metrics():
        figures = [Figure(12, {})]
        if spec.id == EET:
            comparisons = Comparisons(
                prior=Change("2022-23", 0.5605, 463, 826, -0.0007, points=-0.1, rate=True),
                benchmark=Benchmark(
                    "2023-24", england=0.54, region=0.52, statistical_neighbours=0.515
                ),
            )
            figures = [Figure(0.5598, {}, 440, 786, comparisons)]
        if spec.id == "apprenticeships.in_post":
            figures = [Figure(24, {}, comparisons=Comparisons(target=30))]
        if spec.id == "advocacy.referrals_by_cohort":
            figures = [Figure(0.44, {"cohort": "CIC"}, 303, 689)]
        area = areas.setdefault(spec.area, AreaResult(spec.area, YEAR, "330", []))
        area.results.append(MetricResult(spec, figures))
    return Figures(areas, YEAR, NumberFormat())


FIGURES = _figures()


def _words(tmp_path: Path, **files: str | bytes) -> Path:
    """A narrative folder holding ``files`` (section name -> text, or bytes as saved)."""
    folder = tmp_path / "words"
    folder.mkdir()
    for name, content in files.items():
        path = folder / f"{name}.md"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def _render(text: str) -> str:
    return render_text(Path("words/care_leavers.md"), text, FIGURES)


def _error(text: str) -> str:
    with pytest.raises(NarrativeError) as caught:
        _render(text)
    return caught.value.one_line()


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("value", "56%"),
        ("n_and_pct", "440 (56%)"),
        ("of", "440 of 786"),
        ("england", "54%"),
        ("region", "52%"),
        ("neighbours", "52%"),
        ("benchmark_year", "2023-24"),
        ("prior", "56%"),
        ("prior_year_label", "2022-23"),
        ("change", "-0.1 percentage points"),
    ],
)
def test_figures_and_comparators_can_be_cited(show: str, expected: str) -> None:
    assert _render(f'{{{{ figure("{EET}", show="{show}") }}}}') == expected


def test_a_care_leaver_sentence_compares_with_england() -> None:
    text = (
        "In {{ year }}, {{ figure('care_leavers.eet_19_21') }} of care leavers aged 19 to 21 "
        'were in education, employment or training (England: {{ figure("care_leavers.eet_19_21",'
        ' show="england") }}; target for apprentices in post '
        '{{ figure("apprenticeships.in_post", show="target") }}).'
    )
    assert _render(text) == (
        "In 2023-24, 56% of care leavers aged 19 to 21 were in education, employment or "
        "training (England: 54%; target for apprentices in post 30)."
    )


def test_group_arguments_and_trailing_comma() -> None:
    text = '{{ figure( "advocacy.referrals_by_cohort" , cohort = "CIC", show="n", ) }}'
    assert _render(text) == "303"


def test_the_figure_globals_payload_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    payloads = [
        "{{ figure.__globals__['__builtins__']['__import__']('os').system('touch PWNED') }}",
        "{{ open('/etc/passwd').read() }}",
        "{{ figure('x').__class__.__mro__ }}",
        "{% for c in ''.__class__.__mro__ %}{{ c }}{% endfor %}",
        "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    ]
    for payload in payloads:
        message = _error(payload)
        assert "line 1" in message, message
        assert "root:" not in message  # nothing was read
    assert not (tmp_path / "PWNED").exists()
    assert os.listdir(tmp_path) == []


def test_every_problem_is_reported_at_once_with_file_and_line(tmp_path: Path) -> None:
    folder = _words(
        tmp_path,
        advocacy='We had {{ figure("advocacy.referals") }}.\n\n{{ figure("advocacy.referrals" }}\n'
        "{% if x %}\n",
        care_leavers='\n\n{{ figure("care_leavers.eet_19_21", show="colour") }}\n{{ nonsense }}\n',
        appendix="not a section\n",
    )
    with pytest.raises(NarrativeError) as caught:
        load_narrative(folder, FIGURES)
    message = caught.value.one_line()
    assert message.startswith("6 problems in the narrative: "), message
    for expected in (
        "appendix.md is not a report section",
        "advocacy.md, line 1: unknown metric 'advocacy.referals' (did you mean "
        "'advocacy.referrals'?)",
        'advocacy.md, line 3: {{ figure("advocacy.referrals" }}: figure() takes a metric id',
        "advocacy.md, line 4: '{% if x %}': template statements are not allowed",
        "care_leavers.md, line 3: figure('care_leavers.eet_19_21', show='colour'): unknown show",
        "care_leavers.md, line 4: {{ nonsense }}: 'nonsense' is not available",
    ):
        assert expected in message, (expected, message)
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello {{ figure('advocacy.referrals')", "line 1: '{{' is never closed with '}}'"),
        ("one\n{% raw", "line 2: '{%' is never closed with '%}'"),
        ("{{ figure() }}", "figure() takes a metric id in quotes"),
        ("{{ figure(advocacy.referrals) }}", "figure() takes a metric id in quotes"),
        ("{{ figure('iv.referrals', 'x') }}", "figure() takes a metric id in quotes"),
        ("{{ figure('iv.referrals', show=x) }}", "figure() takes a metric id in quotes"),
        ("{{ figure('iv.referrals', show='n', show='n') }}", "figure() takes a metric id"),
        ("{{ figure('iv.referrals') | safe }}", "figure() takes a metric id in quotes"),
        ("{{ year + 1 }}", "{{ year + 1 }}: 'year' is not available"),
        ("{{ }}", "{{ }}: it is not available"),
    ],
)
def test_template_syntax_errors_name_the_line(text: str, expected: str) -> None:
    message = _error(text)
    assert expected in message, message
    assert "words/care_leavers.md" in message


def test_lines_are_counted_across_multi_line_references() -> None:
    text = '{{ figure(\n  "iv.referrals",\n) }}\n\n{{ figure("iv.nope") }}\n'
    assert "line 5: unknown metric 'iv.nope'" in _error(text)


@pytest.mark.parametrize(
    ("wrong", "meant"),
    [
        ("iv.matched", "iv.children_matched"),
        ("advocacy.referals", "advocacy.referrals"),
        ("care_leavers.eet_1921", "care_leavers.eet_19_21"),
        ("iv.volunteer", "iv.volunteers"),
    ],
)
def test_suggestions_match_words_of_ids_and_titles(wrong: str, meant: str) -> None:
    assert f"did you mean '{meant}'?" in _error(f'{{{{ figure("{wrong}") }}}}').lower()


def test_no_suggestion_for_something_unrelated() -> None:
    message = _error('{{ figure("advocacy.nope") }}')
    assert "did you mean" not in message.lower() and "cpkit metrics list" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{{ figure("iv.referrals", show="england") }}',
            "show='england'): this metric has no DfE benchmark",
        ),
        (
            '{{ figure("advocacy.referrals", show="target") }}',
            "show='target'): no target is set for this metric. Add "
            '"advocacy.referrals" = VALUE under [targets]',
        ),
        (
            '{{ figure("advocacy.referrals_by_cohort", cohort="CIC", show="target") }}',
            "comparators are for the headline figure",
        ),
        (
            '{{ figure("advocacy.referrals_by_cohort", cohort="MARTIAN") }}',
            "figure('advocacy.referrals_by_cohort', cohort='MARTIAN'): no figure for group "
            'cohort="MARTIAN". Its figures are for cohort="CIC"',
        ),
    ],
)
def test_comparators_that_do_not_exist_are_errors(text: str, expected: str) -> None:
    message = _error(text)
    assert expected in message, message


def test_comments_are_left_out_and_year_is_the_label() -> None:
    text = "A{# a note #}B <!-- for the team -->C {{ year }}\n<!-- figures -->\nD"
    assert _render(text) == "AB C 2023-24\n<!-- figures -->\nD"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our logo\n\n![logo](https://tracker.example/pixel.png)\n", "line 3: image"),
        ("![local](logo.png)", "narrative cannot include images"),
        ("[click](javascript:alert(1))", "link to 'javascript:alert(1)' is not allowed"),
        ("[x](data:text/html,hi)", "link to 'data:text/html,hi' is not allowed"),
        ("<script>alert(1)</script>", "raw HTML '<script>alert(1)</script>' is not allowed"),
        ("Hi <img src=x onerror=alert(1)> there", "raw HTML '<img src=x onerror=alert(1)>'"),
        ("[ref]\n\n[ref]: javascript:alert(1)", "link to 'javascript:alert(1)'"),
    ],
)
def test_unsafe_markdown_is_refused(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(NarrativeError) as caught:
        load_narrative(_words(tmp_path, advocacy=text), FIGURES)
    assert expected in caught.value.one_line()


def test_safe_markdown_passes(tmp_path: Path) -> None:
    text = (
        "# Impact\n\n**Bold**, *italic*, [GOV.UK](https://www.gov.uk), "
        "<https://example.org>, [mail](mailto:team@example.org) and `<code>`.\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert load_narrative(_words(tmp_path, advocacy=text), FIGURES)["advocacy"].before == (
        text.strip()
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            "Line one\nWe spent \xa3500 \u2013 more than planned.\n".encode("cp1252"),
            "advocacy.md is not UTF-8 text (line 2 holds the byte 0xA3; it was probably saved "
            "as Windows-1252)",
        ),
        (b"ok\n\x81\x8d\x8f\x90\x9d\n", "is not UTF-8 text (line 2 holds the byte 0x81"),
    ],
)
def test_files_that_are_not_utf8_are_one_clear_error(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    with pytest.raises(NarrativeError) as caught:
        load_narrative(_words(tmp_path, advocacy=data), FIGURES)
    message = caught.value.one_line()
    assert expected in message, message
    assert "Save it again as UTF-8" in message


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_utf8_with_a_bom_and_utf16_are_read(tmp_path: Path, encoding: str) -> None:
    folder = _words(tmp_path, advocacy="We spent £500 – in {{ year }}.".encode(encoding))
    assert load_narrative(folder, FIGURES)["advocacy"].before == "We spent £500 – in 2023-24."


def test_report_with_a_hostile_narrative_runs_nothing_and_fails_in_one_line(
    cli: Cli, sample_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    words = _words(
        tmp_path,
        advocacy="{{ figure.__globals__['__builtins__']['__import__']('os')"
        ".system('touch PWNED') }}\n![x](https://example.org/x.png)\n",
        mentoring="caf\xe9\n".encode("cp1252"),
    )
    result = cli(
        "report",
        "annual",
        "--year",
        "2023-24",
        "--narrative",
        words,
        "--out",
        tmp_path / "out",
        "-w",
        sample_workspace.root,
    )
    assert result.code == 2
    assert result.err.startswith("Error: 3 problems in the narrative: ")
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "advocacy.md, line 1: {{ figure.__globals__" in result.err
    assert "advocacy.md, line 2: image" in result.err
    assert "mentoring.md is not UTF-8 text (line 1 holds the byte 0xE9" in result.err
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "out").exists()


def test_templates_folders_are_documented_as_trusted(cli: Cli) -> None:
    result = cli("report", "annual", "--help")
    text = " ".join(result.out.split())
    assert "A --templates folder is code, not data" in text
    assert "Narrative files are data: nothing in them is run" in text


def test_narrative_errors_are_cpkit_errors_with_exit_2() -> None:
    assert issubclass(NarrativeError, CpkitError) and NarrativeError.exit_code == 2
