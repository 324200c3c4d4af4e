"""The ``cpkit`` console script (and ``python -m cpkit``): signals handled first.

Importing the CLI takes a moment (typer, rich); Ctrl-C or SIGTERM during that moment must
not print a traceback either.
"""

from __future__ import annotations

import signal
import sys


def run() -> None:
    """Entry point of the ``cpkit`` command."""
    from cpkit.errors import Terminated

    def terminated(number: int, frame: object) -> None:
        raise Terminated

    signal.signal(signal.SIGTERM, terminated)
    try:
        from cpkit.cli import main
    except KeyboardInterrupt as stop:
        how = "terminated" if isinstance(stop, Terminated) else "interrupted"
        print(f"Error: {how} while starting; nothing was done.", file=sys.stderr)
        sys.exit(143 if isinstance(stop, Terminated) else 130)
    code = main()
    # the command is over (its message printed, any commit made): an interrupt while the
    # interpreter shuts down must not turn a finished run into a silent kill
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(code)


if __name__ == "__main__":
    run()
