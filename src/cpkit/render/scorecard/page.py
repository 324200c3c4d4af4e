"""The scorecard as a page: one self-contained HTML file (CSS and sparklines inline, nothing
loaded from anywhere) that prints to one A4 landscape page (``cpkit.render.outputs``
prints it through headless Chromium)."""

from __future__ import annotations

from pathlib import Path

from cpkit.render.scorecard.model import Scorecard

TEMPLATE = "scorecard.html.j2"
STYLE = "scorecard.css"


def write_html(scorecard: Scorecard, path: Path, user_templates: Path | None) -> Path:
    """Render ``scorecard.html.j2`` (autoescaped: every text from config or data is escaped)
    with ``scorecard.css`` inline, and write it atomically."""
    from markupsafe import Markup

    from cpkit import __version__
    from cpkit.render.documents import _render, _write, environment, prepare_out_dir

    env = environment(user_templates)
    prepare_out_dir(path.parent)
    values = {
        "card": scorecard,
        # the style sheet is a template (trusted, like every --templates file): not escaped
        "css": Markup(_render(env, STYLE, {})),
        "svg": Markup,  # the sparklines are built by cpkit from numbers only
        "version": __version__,
    }
    return _write(path, _render(env, TEMPLATE, values))
