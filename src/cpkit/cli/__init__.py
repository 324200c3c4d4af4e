"""The command line: a thin typer layer over the library.

This package is the ONE place where errors become exit codes and one-line messages. Heavy
libraries (pyarrow, duckdb, matplotlib) are imported inside the commands that need them, so
``cpkit --help`` answers at once.
"""

from __future__ import annotations

import os
import sys

import typer

from cpkit import __version__
from cpkit.cli import data, describe, metrics, repair, report, system

app = typer.Typer(
    name="cpkit",
    help="Reproducible annual reporting for children's services: ingest extracts, compute "
    "metrics, render the annual report.\n\nStart with 'cpkit demo', or 'cpkit init' then "
    "'cpkit ingest FILES'. Tab completion: 'cpkit --install-completion'.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,  # help is plain text: "[la]" is a config section, not markup
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cpkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        callback=_version,
        is_eager=True,
        help="Show the version and exit.",
    ),
    quiet: bool = typer.Option(
        False,
        "--quiet",
        "-q",
        help="Only the data asked for, warnings and errors: no summaries or hints "
        "(for scheduled runs).",
    ),
    verbose: bool = typer.Option(
        False,
        "--verbose",
        "-v",
        help="Also say what cpkit is doing (workspace, files read), on stderr.",
    ),
) -> None:
    """cpkit command line."""
    from cpkit.cli.common import OUTPUT
    from cpkit.errors import UsageError

    if quiet and verbose:
        raise UsageError("--quiet and --verbose cannot be used together", hint="choose one")
    OUTPUT.level = 0 if quiet else 2 if verbose else 1


system.register(app)
data.register(app)
describe.register(app)
metrics.register(app)
report.register(app)
repair.register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 data problem, 2 usage or input).

    Every failure ends here as one ``Error:`` line on stderr: cpkit's own errors, typer's
    usage errors, Ctrl-C and SIGTERM (130 and 143), the operating system's refusals and a
    few known library errors. Never a traceback (``CPKIT_DEBUG=1`` shows one).
    """
    from cpkit.cli import failures

    code: int | None = None
    try:
        with failures.signals_as_interrupts():
            code = _run(argv)
    except KeyboardInterrupt:  # Ctrl-C while main() was translating or tidying up
        if code is None:
            return _fail(*failures.interrupt_line())
    return code


def _run(argv: list[str] | None) -> int:
    from cpkit.cli import failures
    from cpkit.errors import CpkitError

    command = typer.main.get_command(app)
    try:
        result = command.main(
            args=argv if argv is not None else sys.argv[1:],
            prog_name="cpkit",
            standalone_mode=False,
        )
    except CpkitError as error:
        return _fail(error.one_line(), error.exit_code)
    except typer.Exit as done:
        return done.exit_code
    except (typer.Abort, KeyboardInterrupt):
        return _fail(*failures.interrupt_line())
    except typer.TyperException as error:  # typer's usage errors (bad option, missing argument)
        context = getattr(error, "ctx", None)
        if type(error).__name__ == "NoArgsIsHelpError" and context is not None:
            typer.echo(context.get_help())
            return 0
        path = context.command_path if context is not None else "cpkit"
        return _fail(f"{error.format_message()} (see '{path} --help')", 2)
    except Exception as error:  # never a traceback, and never the error text (it may hold data)
        if os.environ.get("CPKIT_DEBUG"):
            raise
        if isinstance(error, OSError):
            return _fail(failures.os_error_line(error), 2)
        known = failures.library_error_line(error)
        if known is not None:
            return _fail(known, 2)
        return _fail(
            f"internal error ({type(error).__name__}); rerun with CPKIT_DEBUG=1 and "
            "report it (the details may contain data: check before sharing)",
            3,
        )
    if result == failures.INTERRUPTED:  # typer turns Ctrl-C into a bare exit code
        return _fail(*failures.interrupt_line())
    return result if isinstance(result, int) else 0


def _fail(message: str, code: int) -> int:
    text = " ".join(message.split())
    print(f"Error: {text}", file=sys.stderr)
    return code
