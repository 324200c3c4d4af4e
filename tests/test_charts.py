"""Charts (cpkit.render.charts): afcharts palettes, the LA highlighted against muted
comparators, hidden values drawn as no bar, legible layout, deterministic SVG and PNG."""

from __future__ import annotations

from typing import Any

from cpkit.render.charts import (
    MUTED_EDGE,
    Chart,
    Series,
    draw,
    focus_colours,
    palette,
    render,
    render_png,
    render_svg,
)


def chart(**options: Any) -> Chart:
    values = options.pop("values", [3.0, 5.0])
    alt = options.pop("alt", "Bar chart. Female 3, Male 5.")
    labels = options.pop("labels", [str(v) for v in values])
    categories = options.pop("categories", ["Female", "Male"][: len(values)])
    return Chart(
        "chart-id",
        "Most mentees are female",
        "Mentees by gender, 2023-24",
        "Source: test",
        alt,
        categories,
        [Series("Mentees", values, labels)],
        **options,
    )


def comparison(**options: Any) -> Chart:
    return Chart(
        "eet",
        "56% of care leavers were in education, employment or training",
        "Care leavers in EET (DfE method), 2023-24",
        "Source: test",
        "Grouped bar chart.",
        ["Aged 17 to 18", "Aged 19 to 21"],
        [
            Series("Testshire", [64.0, 56.0], ["64%", "56%"]),
            Series("England", [64.0, 54.0], ["64%", "54%"]),
            Series("West Midlands", [None, 50.0], ["–", "50%"]),
        ],
        unit="percent",
        **options,
    )


def bars(figure: Any) -> list[Any]:
    """The drawn bars (rectangles with a size) of every panel."""
    import matplotlib.pyplot as plt

    try:
        return [
            p
            for ax in figure.axes
            for p in ax.patches
            if abs(p.get_width()) > 0 and abs(p.get_height()) > 0
        ]
    finally:
        plt.close(figure)


def hex_of(patch: Any) -> str:
    from matplotlib.colors import to_hex

    return to_hex(patch.get_facecolor()).lower()


def test_palettes_come_from_afcharts() -> None:
    from afcharts.af_colours import get_af_colours

    assert palette() == tuple(get_af_colours("categorical"))
    assert palette()[0].upper() == "#12436D"  # the Analysis Function's dark blue
    assert focus_colours() == tuple(get_af_colours("focus"))


def test_svg_is_deterministic_and_accessible() -> None:
    first, second = render_svg(chart()), render_svg(chart())
    assert first == second
    assert first.startswith("<svg") and 'role="img"' in first
    assert '<title id="chart-id-title">Most mentees are female</title>' in first
    assert '<desc id="chart-id-desc">Bar chart. Female 3, Male 5.</desc>' in first
    assert "<dc:date>" not in first and "width=" not in first.split(">", 1)[0]


def test_png_is_deterministic_and_at_print_resolution() -> None:
    png = render_png(chart(), dpi=200)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png == render_png(chart(), dpi=200)
    width = int.from_bytes(png[16:20], "big")
    assert width == 5.6 * 200  # 5.6 inches at 200 dpi
    assert render(chart(), "svg").decode("utf-8") == render_svg(chart())


def test_title_text_is_escaped() -> None:
    svg = render_svg(chart(alt="Bar chart. <b>Female</b> & male"))
    assert "Bar chart. &lt;b&gt;Female&lt;/b&gt; &amp; male" in svg


def test_a_hidden_value_draws_no_bar_only_its_label() -> None:
    hidden = chart(values=[None, 5.0], labels=["[c]", "5"])
    assert len(bars(draw(hidden))) == 1
    assert ">[c]<" in render_svg(hidden)


def test_a_chart_whose_every_figure_is_hidden_says_so_instead_of_empty_axes() -> None:
    hidden = chart(values=[None, None], labels=["[c]", "[c]"], unit="percent")
    figure = draw(hidden)
    texts = [t.get_text().replace("\n", " ") for ax in figure.axes for t in ax.texts]
    axes_drawn = [ax for ax in figure.axes if ax.axison]
    assert not bars(figure)
    assert any("hidden [c] to protect the people" in t for t in texts)
    assert not axes_drawn  # no empty axes with meaningless 0% / 1% ticks
    missing = chart(values=[None, None], labels=["–", "–"])
    assert "No figure in this chart is available" in render_svg(missing).replace("\n", " ")


def test_series_use_the_categorical_palette_in_order() -> None:
    two = chart()
    two.series.append(Series("Mentors", [4.0, 2.0], ["4", "2"]))
    colours = {hex_of(p) for p in bars(draw(two))}
    assert colours == {c.lower() for c in palette()[:2]}


def test_highlight_draws_the_la_in_the_focus_colour_and_comparators_muted() -> None:
    strong, muted = focus_colours()
    figure = draw(comparison(highlight="Testshire"))
    assert len(figure.axes) == 2  # one panel per age band
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == ["Testshire", "England", "West Midlands"]  # every bar named
    drawn = bars(figure)
    assert len(drawn) == 5  # West Midlands has no figure for 17 to 18: no bar
    la = [p for p in drawn if hex_of(p) == strong.lower()]
    others = [p for p in drawn if hex_of(p) == muted.lower()]
    assert len(la) == 2 and len(others) == 3
    from matplotlib.colors import to_hex

    assert {to_hex(p.get_edgecolor()) for p in others} == {MUTED_EDGE}


def test_crowded_category_names_turn_a_chart_horizontal() -> None:
    names = ["Support at meetings", "Placement and where I live", "Contact with family"] * 2
    crowded = chart(values=[1.0, 2, 3, 4, 5, 6], categories=names)
    figure = draw(crowded)
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    bars(figure)
    assert ticks[1] == "Placement and\nwhere I live"  # wrapped, on the vertical axis
    roomy = draw(chart())
    assert [t.get_text() for t in roomy.axes[0].get_xticklabels()] == ["Female", "Male"]
    bars(roomy)


def test_a_legend_never_runs_wider_than_the_chart() -> None:
    three = chart(categories=["2021-22", "2022-23", "2023-24"], values=[13.0, 20, 36])
    three.series += [
        Series("Children awaiting", [17.0, 32, 44], ["17", "32", "44"]),
        Series("Volunteers", [19.0, 30, 46], ["19", "30", "46"]),
    ]
    three.series[0].name = "Children matched"
    figure = draw(three)
    legend = figure.axes[0].get_legend()
    bars(figure)
    assert legend._ncols == 2  # three long names do not fit on one line at 14 pt
