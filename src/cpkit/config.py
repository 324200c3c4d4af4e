"""cpkit.toml: read with tomllib, validated into a settings object.

Every key is optional except ``[la] code``. A misspelt or unknown key is an error that names
the key (a silently ignored setting is how a report ends up wrong).
"""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from cpkit.datasets.model import normalise
from cpkit.errors import ConfigError

CONFIG_NAME = "cpkit.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalAuthority(_Strict):
    code: str = Field(description="DfE old LA code (3 digits), stamped on every ingested row")
    name: str = ""
    # children per 10,000 needs the population aged 0 to 17; used when no imported DfE
    # figure covers the year, and always shown with its source and year
    population_0_17: int | None = Field(None, ge=1)
    population_0_17_source: str = ""
    population_0_17_year: int | None = Field(None, ge=1990, le=2100)

    @field_validator("code", mode="before")
    @classmethod
    def _three_digits(cls, value: Any) -> str:
        text = str(value).strip()
        if not (text.isdigit() and len(text) == 3):
            raise ValueError('must be the 3-digit DfE LA code, e.g. "330"')
        return text

    @model_validator(mode="after")
    def _population_has_a_source(self) -> LocalAuthority:
        if self.population_0_17 and not (
            self.population_0_17_source.strip() and self.population_0_17_year
        ):
            raise ValueError(
                "population_0_17 needs population_0_17_source and population_0_17_year "
                '(e.g. "ONS mid-2023 population estimates" and 2023), so every rate says '
                "where its population comes from"
            )
        return self


class Privacy(_Strict):
    suppress_below: int = Field(default=5, ge=2, le=100)  # 1 would hide nothing
    # "strip": ids that differ only by leading zeros are one child (0012345 = 12345)
    leading_zeros: Literal["keep", "strip"] = "keep"
    rounding: Literal["half-up", "half-even"] = "half-up"
    decimals: int = Field(default=0, ge=0, le=1)


class Locations(_Strict):
    IN_AREA: str = "In area"
    REGION: str = "Elsewhere in region"
    ELSEWHERE_UK: str = "Elsewhere in UK"


class Target(_Strict):
    """A target with the year it is for: ``{ value = 50, year = "2025-26" }``."""

    value: float
    year: str = Field(description="the financial year the target is for, e.g. 2025-26")

    @field_validator("year")
    @classmethod
    def _financial_year(cls, value: str) -> str:
        from cpkit.periods import FinancialYear

        try:
            return FinancialYear.parse(value).label
        except Exception as error:
            raise ValueError(f"'{value}' is not a financial year such as 2025-26") from error


class Programme(_Strict):
    title: str = ""
    target_participants: int | None = Field(None, ge=1)
    grant_gbp: float | None = Field(None, ge=0)
    start: dt.date | None = None
    end: dt.date | None = None


class CorporateParenting(_Strict):
    themes: tuple[str, ...] = ()


class Report(_Strict):
    title: str = "Rights and Participation and Corporate Parenting Annual Report"
    organisation: str = ""


class Scorecard(_Strict):
    title: str = "Corporate parenting board scorecard"
    # metric ids (or "id[key=CODE]"), in the order shown; empty: each area's default set
    measures: tuple[str, ...] = ()


class DatasetOverrides(_Strict):
    columns: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("columns", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _lists_of_wordings(value)


def _lists_of_wordings(value: Any) -> Any:
    """``key = "one wording"`` is read as ``key = ["one wording"]``."""
    if isinstance(value, dict):
        return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
    return value


class Settings(_Strict):
    la: LocalAuthority
    privacy: Privacy = Privacy()
    locations: Locations = Locations()
    programmes: dict[str, Programme] = Field(default_factory=dict)
    targets: dict[str, float | Target] = Field(default_factory=dict)
    corporate_parenting: CorporateParenting = CorporateParenting()
    report: Report = Report()
    scorecard: Scorecard = Scorecard()
    datasets: dict[str, DatasetOverrides] = Field(default_factory=dict)
    codes: dict[str, dict[str, list[str]]] = Field(default_factory=dict)

    @field_validator("codes", mode="before")
    @classmethod
    def _code_wordings(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: _lists_of_wordings(v) for k, v in value.items()}
        return value

    def column_aliases(self, dataset: str) -> dict[str, list[str]]:
        override = self.datasets.get(dataset)
        return dict(override.columns) if override else {}


def load_settings(path: Path) -> Settings:
    """Read and validate a cpkit.toml file."""
    from cpkit.textfiles import read_text

    if not path.is_file():
        raise ConfigError(f"{path} not found", hint="run 'cpkit init' to create one")
    try:
        raw = tomllib.loads(read_text(path, "the settings file"))  # UTF-8, or a clear error
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path.name} is not valid TOML ({exc})", hint="correct that line and run again"
        ) from None
    return settings_from_dict(raw, source=path.name)


def settings_from_dict(raw: dict[str, Any], *, source: str = CONFIG_NAME) -> Settings:
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from None
    _check_dataset_overrides(settings, source)
    _check_codes(settings, source)
    return settings


def _check_codes(settings: Settings, source: str) -> None:
    """Every ``[codes.<list>]`` names a code list and its codes; a wording means one code."""
    from cpkit.datasets import CODELISTS

    for name, codes in settings.codes.items():
        if name not in CODELISTS:
            raise ConfigError(
                f"{source}: unknown code list 'codes.{name}'{did_you_mean(name, list(CODELISTS))}",
                hint="the code lists are " + ", ".join(CODELISTS),
            )
        known = list(CODELISTS[name].codes)
        meaning: dict[str, str] = {}
        for code, wordings in codes.items():
            if code not in known:
                raise ConfigError(
                    f"{source}: '{code}' is not a code of the {name} list (in 'codes.{name}')"
                    f"{did_you_mean(code, known)}",
                    hint=f"its codes are {', '.join(known)}",
                )
            for wording in wordings:
                key = normalise(wording)
                if not key:
                    raise ConfigError(
                        f"{source}: an empty wording under 'codes.{name}.{code}'",
                        hint="remove it or write the wording the extract uses",
                    )
                if meaning.setdefault(key, code) != code:
                    raise ConfigError(
                        f"{source}: the wording '{wording}' is listed under both "
                        f"{meaning[key]} and {code} in 'codes.{name}'",
                        hint="keep it under the one code it means",
                    )


def _describe(exc: ValidationError, source: str) -> str:
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        known = _keys_at(error["loc"][:-1])
        return f"{source}: unknown key '{key}'{did_you_mean(str(error['loc'][-1]), known)}"
    if error["type"] == "missing":
        return f"{source}: missing key '{key}'; add it (see 'cpkit init' for a commented example)"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{source}: bad value for '{key}': {message}"


def did_you_mean(word: str, choices: list[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _keys_at(loc: tuple[Any, ...]) -> list[str]:
    """Known keys of the settings table at ``loc`` (for 'did you mean').

    Tables keyed by the user (``[programmes.<name>]``, ``[datasets.<name>]``) are dicts of a
    model: the user's key is skipped and the model's own keys are offered.
    """
    annotation: Any = Settings
    for part in loc:
        if get_origin(annotation) is dict:
            annotation = get_args(annotation)[1]  # ``part`` is the user's own table name
            continue
        fields = getattr(annotation, "model_fields", None)
        if not isinstance(part, str) or fields is None or part not in fields:
            return []
        annotation = fields[part].annotation
    is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
    return list(annotation.model_fields) if is_model else []


def _check_dataset_overrides(settings: Settings, source: str) -> None:
    from cpkit.datasets import REGISTRY

    for name, override in settings.datasets.items():
        if name not in REGISTRY:
            hint = did_you_mean(name, list(REGISTRY))
            raise ConfigError(f"{source}: unknown dataset 'datasets.{name}'{hint}")
        dataset = REGISTRY[name]
        for column in override.columns:
            if column not in dataset.column_names:
                raise ConfigError(
                    f"{source}: '{name}' has no column '{column}' "
                    f"(in 'datasets.{name}.columns'){did_you_mean(column, dataset.column_names)}; "
                    "its columns are " + ", ".join(dataset.column_names)
                )


def default_config(code: str, name: str | None = None) -> str:
    """The commented cpkit.toml ``cpkit init`` writes: the LA's name and region filled in
    from the shipped LA table when the code is known (a name given wins)."""
    import json

    from cpkit.datasets.local_authorities import find

    la = find(code)
    name = name or (la.name if la else "Example Council")
    region = la.region if la else "Elsewhere in the region"
    return TEMPLATE.format(code=json.dumps(code), name=json.dumps(name), region=json.dumps(region))


TEMPLATE = """\
# cpkit workspace settings. Every key is optional except [la] code.
# Every setting is described in cpkit's docs/configuration.md.

[la]
# the DfE old LA code (3 digits), stamped on every ingested row as la_code
code = {code}
name = {name}
# children aged 0-17, for children in care per 10,000 in a year no imported DfE file covers:
# population_0_17 = 290047
# population_0_17_source = "ONS mid-2023 population estimates"
# population_0_17_year = 2023

[privacy]
suppress_below = 5           # --public: counts 1..4 shown as [c], with secondary suppression
rounding = "half-up"         # or "half-even"; how percentages are rounded for display
decimals = 0                 # decimal places for displayed percentages (0 or 1)
# The pseudonymisation key lives in .cpkit-secret (created by init, never in this file or the
# warehouse). Back it up: without it, new extracts will not link to children already ingested.

# Display labels for the location code list. Extracts may also write the LA's own name and
# its region's: cpkit knows both from [la] code, so they need no [codes.location] lines.
[locations]
IN_AREA = {name}
REGION = {region}
ELSEWHERE_UK = "Elsewhere in UK"

# [programmes.next_steps]    # one block per funded programme (targets and constants for metrics);
# title = "DfE Next Steps befriending and mentoring"   # "Next Steps" in an extract matches it
# target_participants = 60
# grant_gbp = 608533
# start = 2024-02-01
# end = 2025-03-31

# [targets]                  # targets shown beside metrics, keyed by metric id
# "apprenticeships.in_post" = 30

# [corporate_parenting]      # the pledge themes of your strategy: board themes are matched to them
# themes = ["Your Voice and Participation", "Your Learning and Your Future"]

# [datasets.advocacy_referrals.columns]   # extra header names your extracts use
# referral_date = ["Date of Referral", "Date Referral Received"]

# [codes.cohort]             # extra wordings per code list ('cpkit datasets NAME' lists them);
# CIC = ["Looked after (s20)"]              # ingest prints the lines to paste for unknown ones
# CARE_LEAVER = ["Eligible", "Qualifying"]
"""
