"""What every command shares: how commands are declared, options, and how output is written.

- ``command()`` registers a command with readable help: examples kept as written, a short
  help that is the whole first line, and a usage line in the usual ``AREA``, ``[DIR]``,
  ``PATH...`` form.
- Fixed sets (areas, output formats) are ``Enum`` choices: ``--help`` lists them, the shell
  completes them and a misspelling gets "did you mean".
- Output: data (tables, JSON, CSV) always goes to stdout; summaries and hints are left out
  with ``--quiet``; progress goes to stderr on a terminal (always with ``--verbose``).
"""

from __future__ import annotations

import difflib
import enum
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import typer
from typer.core import TyperCommand

from cpkit.formatting import quantity as quantity  # re-exported for the command modules

if TYPE_CHECKING:
    from rich.console import Console

    from cpkit.periods import FinancialYear, Period
    from cpkit.workspace import Workspace

# ---------------------------------------------------------------------------- verbosity


@dataclass
class Verbosity:
    """Set once per run by the root options ``--quiet`` / ``--verbose``."""

    level: int = 1  # 0 quiet, 1 normal, 2 verbose

    @property
    def quiet(self) -> bool:
        return self.level == 0

    @property
    def verbose(self) -> bool:
        return self.level >= 2


OUTPUT = Verbosity()


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def terminal_width(stream: TextIO) -> int | None:
    """The width of the terminal ``stream`` writes to; None when it is a file or a pipe."""
    if not is_terminal(stream):
        return None
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def console(stderr: bool = False) -> Console:
    """Rich output without markup surprises ([la] stays [la]).

    Off a terminal nothing is cut or wrapped: lines are as long as they need to be (tables
    choose their own width, see ``cli/tables.py``).
    """
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = terminal_width(stream) or 100_000
    return Console(
        file=stream, highlight=False, soft_wrap=False, markup=False, emoji=False, width=width
    )


def say(text: str) -> None:
    """A summary line or hint on stdout (left out with --quiet)."""
    if not OUTPUT.quiet:
        console().print(text, soft_wrap=True)


def warn(text: str) -> None:
    """Something the user should act on, on stderr, even with --quiet."""
    console(stderr=True).print(f"Warning: {text}", soft_wrap=True)


def progress(text: str) -> None:
    """What cpkit is doing, on stderr: on a terminal, or always with --verbose."""
    if OUTPUT.quiet or not (OUTPUT.verbose or is_terminal(sys.stderr)):
        return
    console(stderr=True).print(text, style="dim", soft_wrap=True)


# ---------------------------------------------------------------------------- choices

E = TypeVar("E", bound=enum.Enum)


def choices(name: str, values: Iterable[str]) -> type[enum.Enum]:
    """A str Enum of fixed values (the CLI names of areas...), for typer choices."""
    return enum.StrEnum(name, {value: value for value in values})  # type: ignore[return-value]


def choice_parser(kind: type[E], what: str) -> Callable[[Any], E]:
    """Parse a value of ``kind``; a misspelling gets "did you mean" and the valid values."""

    def parse(value: Any) -> E:
        if isinstance(value, kind):
            return value
        try:
            return kind(str(value).strip())
        except ValueError:
            pass
        names = [str(member.value) for member in kind]
        close = difflib.get_close_matches(str(value).lower().replace("_", "-"), names, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "choose one of " + ", ".join(names)
        raise typer.BadParameter(f"unknown {what} '{value}'; {hint}") from None

    return parse


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FORMAT_OPTION: Any = typer.Option(
    "table",
    "--format",
    "-f",
    parser=choice_parser(OutputFormat, "format"),
    help="table for people; json or csv for scripts and spreadsheets.",
)

WORKSPACE_OPTION: Any = typer.Option(
    None,
    "--workspace",
    "-w",
    envvar="CPKIT_WORKSPACE",
    show_envvar=True,
    metavar="DIR",
    help="Workspace folder (default: the nearest folder holding cpkit.toml, from the current "
    "folder upwards).",
)

# The period of a metrics or report command: --year, --period, --from and --to, read
# together by ``period()`` so that every command that takes a period takes them all.
YEAR_OPTION: Any = typer.Option(
    None,
    "--year",
    "-y",
    metavar="YEAR",
    help="Financial year, e.g. 2023-24 (also 2023/24, 2023-2024, FY2023-24).",
)


PERIOD_OPTION: Any = typer.Option(
    None,
    "--period",
    "-p",
    metavar="PERIOD",
    help="A financial-year quarter, e.g. 2023-24-Q3 (Q1 is April to June), or a year.",
)
FROM_OPTION: Any = typer.Option(
    None, "--from", metavar="DATE", help="First day of a range, e.g. 2023-10-01 (with --to)."
)
TO_OPTION: Any = typer.Option(
    None,
    "--to",
    metavar="DATE",
    help="Last day: with --year, the year to date (e.g. --year 2023-24 --to 2023-12-31); "
    "with --from, a range.",
)


def period(
    year: str | None, quarter: str | None = None, start: str | None = None, end: str | None = None
) -> Period:
    """The period the period options name: --year, --period, --year with --to (year to
    date) or --from with --to (any range of up to a year)."""
    from cpkit.periods import period_from_options

    return period_from_options(year, quarter, start, end)


def financial_year(year: str | None) -> FinancialYear:
    """The financial year --year names (required), for commands that take only a year."""
    from cpkit.errors import UsageError
    from cpkit.periods import FinancialYear

    if year is None:
        raise UsageError("--year is required", hint="e.g. --year 2023-24")
    return FinancialYear.parse(year)


def workspace(path: Path | None) -> Workspace:
    from cpkit.workspace import open_workspace

    found = open_workspace(path)
    if OUTPUT.verbose:
        progress(f"workspace: {found.root}")
    return found


# ---------------------------------------------------------------------------- commands


class CpkitCommand(TyperCommand):
    """Usage lines and argument lists in the usual form: ``AREA``, ``[DIR]``, ``PATH...``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(argument_name(param, brackets=True))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                choice = choice_list(param, ctx)
                name = argument_name(param, brackets=False)
                arguments.append((f"{name} {choice}".strip(), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def choice_list(param: Any, ctx: Any) -> str:
    """'<advocacy|iv|...>' for an argument with fixed choices, else ''."""
    return str(param.display_type(ctx)) if param.type_descriptor.is_choice else ""


def argument_name(param: Any, *, brackets: bool) -> str:
    name = param.metavar or param.name.upper()
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return f"[{name}]" if brackets and not param.required else name


def command(app: typer.Typer, name: str, function: Callable[..., Any], help_text: str) -> None:
    """Register ``function`` as ``cpkit ... name`` with ``help_text`` (first line: summary)."""
    app.command(
        name,
        help=keep_examples(help_text),
        short_help=help_text.strip().splitlines()[0],
        cls=CpkitCommand,
    )(function)


def keep_examples(text: str) -> str:
    """Mark indented blocks (the examples) so help shows them line by line, as written."""
    paragraphs = text.strip().split("\n\n")
    marked = [
        "\b\n" + p if all(line.startswith("  ") for line in p.splitlines()) else p
        for p in paragraphs
    ]
    return "\n\n".join(marked)
