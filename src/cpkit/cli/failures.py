"""What ``main()`` says when something other than a ``CpkitError`` stops a command.

Signals: SIGTERM and SIGHUP are raised as ``Terminated`` (a KeyboardInterrupt), so every
clean-up path that runs for Ctrl-C runs for them too. Errors from the operating system and
from libraries become one ``Error:`` line naming the file and the fix. The text of an
unexpected exception is never printed: it may hold a value from the data.
"""

from __future__ import annotations

import contextlib
import errno
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from cpkit.errors import Terminated

INTERRUPTED = 130
TERMINATED = 143
_received: list[int] = []  # the signals received during this run


def _raise_terminated(number: int, frame: FrameType | None) -> None:
    _received.append(number)
    raise Terminated


@contextlib.contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """SIGTERM and SIGHUP handled like Ctrl-C while a command runs (main thread only)."""
    _received.clear()
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {number: signal.signal(number, _raise_terminated) for number in wanted}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def was_terminated() -> bool:
    return bool(_received)


def interrupt_line() -> tuple[str, int]:
    """Ctrl-C or SIGTERM outside a warehouse write: nothing was committed, unless a write
    of this run had already passed its commit point (the interrupt came while the command
    was printing what it did)."""
    from cpkit.warehouse import saved_in_this_run

    how, code = ("terminated", TERMINATED) if was_terminated() else ("interrupted", INTERRUPTED)
    saved = saved_in_this_run()
    if saved is not None:
        return f"{how} just after the commit point: {saved}; nothing needs undoing.", code
    return f"{how}; nothing was committed and the warehouse is as it was.", code


def os_error_line(error: OSError) -> str:
    """A file-system error as a sentence naming the file and the fix."""
    where = error.filename or "a file"
    code = error.errno
    fixes = {
        errno.ENOSPC: ("the disk is full", "Free some space and run the same command again"),
        errno.EDQUOT: ("the disk quota is used up", "Free some space and run again"),
        errno.EFBIG: (
            "the file-size limit (ulimit -f) was reached",
            "Raise the limit and run again",
        ),
        errno.EACCES: ("permission denied", "Make the folder writable (or choose another)"),
        errno.EPERM: ("permission denied", "Make the folder writable (or choose another)"),
        errno.EROFS: ("the folder is on a read-only disk", "Choose a writable folder"),
        errno.EEXIST: ("it is a file, not a folder", "Give a folder name (or remove the file)"),
        errno.ENOTDIR: (
            "a part of that path is a file, not a folder",
            "Give a folder name (or remove the file)",
        ),
        errno.EISDIR: ("it is a folder, not a file", "Give a file name"),
        errno.ENOENT: ("it does not exist", "Check the path"),
        errno.ENAMETOOLONG: ("the name is too long", "Choose a shorter path"),
    }
    reason, fix = fixes.get(code or -1, (error.strerror or "the system refused", "Check it"))
    return f"cannot use {where}: {reason}. {fix}."


def library_error_line(error: Exception) -> str | None:
    """Known library errors that reach main(): a template with a syntax error, a damaged
    Parquet file under DuckDB, a decoding error. None for anything else."""
    module = type(error).__module__
    name = type(error).__name__
    if module.startswith("jinja2"):
        filename = getattr(error, "filename", None) or getattr(error, "name", None)
        line = getattr(error, "lineno", None)
        where = f"{filename}, line {line}" if filename and line else (filename or "a template")
        message = getattr(error, "message", None) or name
        return (
            f"the template {where} cannot be used ({message}). Correct it, or remove it "
            "from your templates folder to use cpkit's own."
        )
    if "duckdb" in module and name in {"IOException", "InvalidInputException"}:
        return (
            "a warehouse file could not be read (damaged or removed while in use). Run "
            "'cpkit repair', then the same command again."
        )
    if module.startswith("pyarrow") and name in {"ArrowInvalid", "ArrowIOError"}:
        return (
            "a warehouse file could not be read (it is damaged). Run 'cpkit repair', "
            "then the same command again."
        )
    if isinstance(error, UnicodeDecodeError):
        return (
            "a text file is not UTF-8 (it may have been saved as Windows-1252). Save it "
            "again as UTF-8 and run again."
        )
    if isinstance(error, MemoryError):
        return "not enough memory for this input. Split the file or close other programs."
    return None
