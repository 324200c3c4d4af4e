"""Layering, checked on the source with ast: the library never imports the CLI, and metrics
never import rendering (matplotlib, jinja2, cpkit.render)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "cpkit"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in the file (also inside functions), with
    relative imports resolved against the module's package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def modules_under(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (PACKAGE / folder).rglob("*.py"))


def _hits(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))


def test_the_checker_sees_relative_and_nested_imports(tmp_path: Path) -> None:
    sample = PACKAGE / "ingest" / "commit.py"
    assert "cpkit.warehouse" in imported_modules(sample)
    assert "cpkit.ingest.pipeline" in imported_modules(sample)
    nested = PACKAGE / "warehouse" / "__init__.py"
    assert "duckdb" in imported_modules(nested)  # imported inside a function


# cpkit.__main__ is the console script's entry point: CLI layer, kept outside cpkit.cli so
# that it can handle signals before the CLI's imports run
LIBRARY = [
    p
    for p in sorted(PACKAGE.rglob("*.py"))
    if not module_name(p).startswith(("cpkit.cli", "cpkit.__main__"))
]


@pytest.mark.parametrize("path", LIBRARY, ids=[module_name(p) for p in LIBRARY])
def test_library_never_imports_the_cli(path: Path) -> None:
    assert _hits(imported_modules(path), ("cpkit.cli",)) == []


METRICS = modules_under("metrics")


@pytest.mark.parametrize("path", METRICS, ids=[module_name(p) for p in METRICS])
def test_metrics_never_import_rendering(path: Path) -> None:
    forbidden = ("cpkit.render", "matplotlib", "jinja2")
    assert _hits(imported_modules(path), forbidden) == []


def test_there_is_something_to_check() -> None:
    assert len(LIBRARY) > 20 and METRICS
