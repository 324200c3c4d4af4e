"""The versions of the software that computed and drew the figures, for provenance.

The annual report's technical appendix and the metrics JSON list them, so a figure can be
reproduced with the same libraries (constraints.txt pins the ones CI tests).
"""

from __future__ import annotations

import platform

# the libraries whose behaviour a figure, chart or document depends on, in the order read
LIBRARIES = (
    "duckdb",
    "pyarrow",
    "python-calamine",
    "matplotlib",
    "afcharts",
    "jinja2",
    "markdown-it-py",
    "xlsxwriter",
    "python-docx",
)


def library_versions() -> dict[str, str]:
    """cpkit's version, then each installed library's (an optional one that is not
    installed is left out), then Python's."""
    from importlib.metadata import PackageNotFoundError, version

    from cpkit import __version__

    found = {"cpkit": __version__}
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    found["python"] = platform.python_version()
    return found


def versions_line() -> str:
    """'cpkit 0.9.0, duckdb 2.0.1, ..., Python 3.11.7', for a table cell."""
    items = library_versions()
    python = items.pop("python")
    return ", ".join(f"{name} {number}" for name, number in items.items()) + f"; Python {python}"
