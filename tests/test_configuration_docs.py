"""docs/configuration.md describes every setting cpkit.toml accepts."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from cpkit.config import Settings

DOC = (Path(__file__).resolve().parents[1] / "docs" / "configuration.md").read_text("utf-8")


def _keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    found = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found += _keys(annotation, f"{prefix}{name}.")
        else:
            found.append(f"{prefix}{name}")
    return found


def test_every_setting_is_documented() -> None:
    for key in _keys(Settings):
        section, _, leaf = key.rpartition(".")
        if section:
            assert f"[{section}]" in DOC, f"[{section}] missing from docs/configuration.md"
        assert f"`{leaf}`" in DOC or f"[{key}" in DOC, f"{key} missing from configuration.md"
    from cpkit.config import DatasetOverrides, Programme

    for nested, model in (("programmes", Programme), ("datasets", DatasetOverrides)):
        assert f"[{nested}." in DOC
        for leaf in model.model_fields:
            assert f"`{leaf}`" in DOC or f".{leaf}]" in DOC, f"{nested}: {leaf} undocumented"
