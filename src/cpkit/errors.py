"""The one error hierarchy of cpkit.

The library raises these; the CLI turns them into a one-line ``Error: ...`` message and an
exit code, in one place (``cpkit.cli``). Messages say what went wrong and how to fix it, and
never contain a personal value (a name, date of birth or identifier from the data).
"""

from __future__ import annotations


class CpkitError(Exception):
    """Base class. ``exit_code`` follows interfaces.md: 1 data problem, 2 usage or input."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message and the hint as sentences on one line: "X is wrong. Do Y."."""
        text = _sentence(self.message)
        if self.hint:
            hint = _sentence(self.hint)
            text += " " + hint[:1].upper() + hint[1:]
        return " ".join(text.split())


def _sentence(text: str) -> str:
    """``text`` ending in exactly one full stop (or its own '?' or '!')."""
    text = text.strip().rstrip(".").rstrip()
    return text if text.endswith(("?", "!")) else text + "."


class UsageError(CpkitError):
    """A bad option or argument (exit 2)."""


class ConfigError(CpkitError):
    """cpkit.toml is missing a key, has an unknown key or a bad value (exit 2)."""


class WorkspaceError(CpkitError):
    """No workspace where one is needed, or a damaged one (exit 2)."""


class InputError(CpkitError):
    """An input file cannot be read or recognised (exit 2)."""


class DataError(CpkitError):
    """The data is readable but not usable as asked: --strict failures, missing metric inputs."""

    exit_code = 1


class DisclosureError(DataError):
    """A public output would let a reader work out a small count: it is not written."""


class MissingInputError(DataError):
    """A metric needs a dataset or column that is not in the warehouse."""


class Terminated(KeyboardInterrupt):
    """SIGTERM (or SIGHUP), raised like Ctrl-C so that every clean-up path runs."""


class Interrupted(CpkitError):
    """Stopped by Ctrl-C or SIGTERM; the message says whether anything was committed."""

    exit_code = 130

    def __init__(self, message: str, *, hint: str | None = None, signal_exit: int = 130) -> None:
        super().__init__(message, hint=hint)
        self.exit_code = signal_exit


def interrupted(stop: BaseException, *, committed: bool, done: str) -> Interrupted:
    """The honest message for an interrupt during a write: before or after the commit point.

    ``done`` says what was saved, e.g. "the ingest was saved to the warehouse"."""
    code = 143 if isinstance(stop, Terminated) else 130
    how = "terminated" if isinstance(stop, Terminated) else "interrupted"
    if committed:
        return Interrupted(
            f"{how} just after the commit point: {done}",
            hint="nothing needs undoing; run 'cpkit validate' to see its quarantined rows "
            "(the quarantine CSV files may be incomplete)",
            signal_exit=code,
        )
    return Interrupted(
        f"{how} before the commit point; nothing was written and the warehouse is as it was",
        hint="run the same command again",
        signal_exit=code,
    )


class ReportDefinitionError(InputError):
    """The report definition, a sentence template or a chart names a metric, template or
    option that does not exist (exit 2): said with the file and line, never skipped."""
