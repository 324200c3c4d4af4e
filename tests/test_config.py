"""Config and workspace: cpkit init, cpkit.toml validation, finding the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, Cli
from cpkit.config import default_config, load_settings, settings_from_dict
from cpkit.errors import ConfigError, WorkspaceError
from cpkit.workspace import SECRET_NAME, Workspace, init_workspace, open_workspace


def test_init_writes_a_commented_valid_config(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "rap-2024"
    result = cli("init", target, "--la-code", "330", "--la-name", "Birmingham")
    assert result.code == 0
    assert "Workspace ready" in result.out
    text = (target / "cpkit.toml").read_text()
    assert text.count("#") > 10  # commented for the analyst who opens it
    settings = load_settings(target / "cpkit.toml")
    assert (settings.la.code, settings.la.name) == ("330", "Birmingham")
    assert settings.locations.IN_AREA == "Birmingham"
    for folder in ("warehouse", "quarantine", "reports"):
        assert (target / folder).is_dir()
    assert (target / SECRET_NAME).is_file()


def test_init_leaves_an_existing_config_alone(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path, la_code="330")
    workspace.config_path.write_text('[la]\ncode = "406"\n')
    init_workspace(tmp_path, la_code="999")
    assert load_settings(workspace.config_path).la.code == "406"


def test_template_defaults_are_valid() -> None:
    import tomllib

    settings = settings_from_dict(tomllib.loads(default_config("330")))
    assert settings.privacy.suppress_below == 5
    assert (settings.la.name, settings.locations.REGION) == ("Birmingham", "West Midlands")
    unknown = settings_from_dict(tomllib.loads(default_config("999", 'Odd "Quoted" Council')))
    assert unknown.la.name == 'Odd "Quoted" Council'  # quoted safely in TOML


def _error(toml: str, tmp_path: Path) -> str:
    path = tmp_path / "cpkit.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    text = caught.value.one_line()
    assert "\n" not in text
    assert caught.value.exit_code == 2
    return text


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (
            '[la]\ncode = "330"\n[privacy]\nsupress_below = 5\n',
            "unknown key 'privacy.supress_below' (did you mean 'suppress_below'?)",
        ),
        ('[la]\ncode = "330"\n[lax]\n', "unknown key 'lax' (did you mean 'la'?)"),
        (
            '[la]\ncode = "330"\n[programmes.next_steps]\ntitel = "x"\n',
            "unknown key 'programmes.next_steps.titel' (did you mean 'title'?)",
        ),
        (
            '[la]\ncode = "330"\n[datasets.advocacy_referrals]\ncolumn = {}\n',
            "unknown key 'datasets.advocacy_referrals.column' (did you mean 'columns'?)",
        ),
        (
            '[la]\ncode = "330"\n[datasets.advocacy_referal.columns]\n',
            "unknown dataset 'datasets.advocacy_referal' (did you mean 'advocacy_referrals'?)",
        ),
        (
            '[la]\ncode = "330"\n[datasets.advocacy_referrals.columns]\nreferal_date = ["x"]\n',
            "'advocacy_referrals' has no column 'referal_date' "
            "(in 'datasets.advocacy_referrals.columns') (did you mean 'referral_date'?)",
        ),
        ("[la]\nname = 'x'\n", "missing key 'la.code'"),
        ('[la]\ncode = "33"\n', "bad value for 'la.code': must be the 3-digit DfE LA code"),
        (
            '[la]\ncode = "330"\n[privacy]\nsuppress_below = "five"\n',
            "bad value for 'privacy.suppress_below'",
        ),
        ("[la\ncode = 330\n", "cpkit.toml is not valid TOML"),
        (
            '[la]\ncode = "330"\n[codes.cohrt]\nCIC = ["S20"]\n',
            "unknown code list 'codes.cohrt' (did you mean 'cohort'?)",
        ),
        (
            '[la]\ncode = "330"\n[codes.cohort]\nCICC = ["S20"]\n',
            "'CICC' is not a code of the cohort list (in 'codes.cohort') (did you mean 'CIC'?)",
        ),
        (
            '[la]\ncode = "330"\n[codes.issue]\nCODE = ["Housing"]\n',
            "'CODE' is not a code of the issue list (in 'codes.issue'). Its codes are "
            "SUPPORT_AT_MEETINGS, PLACEMENT",
        ),
        (
            '[la]\ncode = "330"\n[codes.cohort]\nCIC = ["Relevant"]\nCARE_LEAVER = ["relevant"]\n',
            "the wording 'relevant' is listed under both CIC and CARE_LEAVER",
        ),
        (
            '[la]\ncode = "330"\n[codes.cohort]\nCIC = [1]\n',
            "bad value for 'codes.cohort.CIC.0'",
        ),
    ],
)
def test_bad_config_names_the_key(toml: str, expected: str, tmp_path: Path) -> None:
    text = _error(toml, tmp_path)
    assert expected in text
    assert "Value error," not in text  # pydantic's wording does not reach the user


def test_la_code_may_be_a_number() -> None:
    assert settings_from_dict({"la": {"code": 330}}).la.code == "330"


def test_no_config_says_so_and_suggests_init(cli: Cli, tmp_path: Path) -> None:
    result = cli("datasets", "--workspace", tmp_path)
    assert result.code == 2
    assert result.err.startswith(f"Error: no cpkit workspace at {tmp_path}")
    assert "Run 'cpkit init'" in result.err
    assert result.err.count("\n") == 1


def test_data_without_config_is_an_error_not_a_default(tmp_path: Path) -> None:
    (tmp_path / "referrals.csv").write_text("x")
    with pytest.raises(WorkspaceError) as caught:
        open_workspace(tmp_path)
    assert "holds data files but no cpkit.toml" in caught.value.one_line()
    assert f"cpkit init {tmp_path}" in caught.value.one_line()


def test_ingest_without_workspace_suggests_init(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CPKIT_WORKSPACE", raising=False)
    result = cli("ingest", FIXTURES / "advocacy_comma.csv")
    assert result.code == 2
    assert "cpkit init" in result.err


def test_workspace_from_environment(
    cli: Cli, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPKIT_WORKSPACE", str(workspace.root))
    assert open_workspace().root == workspace.root
    result = cli("ingest", FIXTURES / "advocacy_comma.csv")
    assert result.code == 0
    assert (workspace.warehouse_dir / "_manifest.json").exists()


def test_bad_config_stops_a_command_before_any_work(cli: Cli, workspace: Workspace) -> None:
    workspace.config_path.write_text('[la]\ncode = "330"\n[privacy]\nsupress_below = 5\n')
    result = cli("ingest", FIXTURES / "advocacy_comma.csv", "-w", workspace.root)
    assert result.code == 2
    assert "did you mean 'suppress_below'?" in result.err
    assert not (workspace.warehouse_dir / "_manifest.json").exists()


def test_la_code_is_stamped_on_rows(cli: Cli, tmp_path: Path) -> None:
    from conftest import read_table

    workspace = init_workspace(tmp_path, la_code="406")
    cli("ingest", FIXTURES / "advocacy_comma.csv", "-w", tmp_path)
    assert read_table(workspace, "SELECT DISTINCT la_code FROM advocacy_referrals") == [("406",)]


def test_bad_codes_config_is_one_error_line_and_exit_2(cli: Cli, tmp_path: Path) -> None:
    cli("init", tmp_path, "--la-code", "330")
    config = tmp_path / "cpkit.toml"
    config.write_text(config.read_text() + '\n[codes.ethnicty]\nAIND = ["Asian - Indin"]\n')
    result = cli("ingest", FIXTURES / "advocacy_comma.csv", "-w", tmp_path)
    assert result.code == 2
    [line] = result.err.splitlines()
    assert line.startswith("Error: cpkit.toml: unknown code list 'codes.ethnicty'")
    assert "(did you mean 'ethnicity'?)" in line and "The code lists are cohort" in line
    assert result.out == ""


def test_codes_accept_one_wording_without_brackets() -> None:
    settings = settings_from_dict({"la": {"code": "330"}, "codes": {"issue": {"OTHER": "Money"}}})
    assert settings.codes == {"issue": {"OTHER": ["Money"]}}


def test_a_target_may_carry_the_year_it_is_for() -> None:
    from cpkit.config import Settings, Target

    settings = Settings.model_validate(
        {"la": {"code": "330"}, "targets": {"a.b": 30, "c.d": {"value": 50, "year": "2025/26"}}}
    )
    assert settings.targets["c.d"] == Target(value=50, year="2025-26")
    with pytest.raises(ValueError, match="not a financial year"):
        Settings.model_validate(
            {"la": {"code": "330"}, "targets": {"c.d": {"value": 50, "year": "soon"}}}
        )
