"""The figure helper: every figure gets a title, axis labels, a source note and alt text."""

import io

import pytest
from PIL import Image

from crimepolicy import plots


def _figure():
    fig, ax = plots.new_figure(4, 3)
    ax.bar(["a", "b"], [1, 2])
    return fig, ax


def test_finished_figure_carries_alt_text_into_the_png():
    fig, ax = _figure()
    plots.finish(
        fig,
        ax,
        title="B is twice A",
        xlabel="Letter",
        ylabel="Count",
        source="made up",
        alt="Bar chart: b is twice as high as a in this test.",
    )
    png = plots.to_png(fig)
    with Image.open(io.BytesIO(png)) as img:
        assert img.info["Description"] == "Bar chart: b is twice as high as a in this test."
        assert img.info["Title"] == "B is twice A"
        assert "Software" not in img.info
    assert ax.get_xlabel() == "Letter"
    texts = [t.get_text() for t in fig.texts]
    assert "Source: made up" in texts


@pytest.mark.parametrize(
    ("missing", "message"),
    [("alt", "alt"), ("title", "title"), ("source", "source"), ("xlabel", "x axis")],
)
def test_missing_parts_are_refused(missing, message):
    fig, ax = _figure()
    args = dict(
        title="T",
        xlabel="X",
        ylabel="Y",
        source="S",
        alt="A sentence that describes the figure well enough.",
    )
    args[missing] = None if missing.endswith("label") else " "
    with pytest.raises(ValueError, match=message):
        plots.finish(fig, ax, **args)


def test_png_is_identical_on_rerun():
    pngs = []
    for _ in range(2):
        fig, ax = _figure()
        plots.finish(
            fig,
            ax,
            title="T",
            xlabel="X",
            ylabel="Y",
            source="S",
            alt="A sentence that describes the figure well enough.",
        )
        pngs.append(plots.to_png(fig))
    assert pngs[0] == pngs[1]


def test_palettes_are_fixed_and_distinct():
    assert set(plots.THEME_COLOURS) == {
        "cybercrime-treaty",
        "wildlife-protocol",
        "review-mechanism",
        "civil-society-access",
    }
    assert len(set(plots.THEME_COLOURS.values())) == 4
    assert len(set(plots.STANCE_COLOURS.values())) == len(plots.STANCE_COLOURS)


def test_camps_place_each_actor_under_its_stance():
    import pandas as pd

    frame = pd.DataFrame({"actor": ["A", "B", "C"], "stance": ["opposes", "supports", "opposes"]})
    fig, ax = plots.camps(
        frame,
        column="stance",
        label="actor",
        order=["opposes", "silent", "supports"],
        colours=plots.STANCE_COLOURS,
    )
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["opposes (2)", "silent (0)", "supports (1)"]
    placed = {t.get_text(): t.get_position()[0] for t in ax.texts}
    assert placed == {"A": 0, "C": 0, "B": 2}
    plots.finish(
        fig,
        ax,
        title="Two against one",
        xlabel="Stance",
        source="made up",
        alt="Two actors oppose and one supports in this made-up example.",
    )
    assert plots.to_png(fig)[:4] == b"\x89PNG"


def test_moments_put_each_moment_on_its_row():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2015-04-17", "2018-10-19", "2022-05-20"]),
            "moment": ["calls", "compromise", "vetoes"],
            "direction": ["widening", "holding", "narrowing"],
            "call": [True, False, False],
        }
    )
    fig, ax = plots.moments(
        frame,
        date="date",
        label="moment",
        category="direction",
        order=list(plots.DIRECTION_COLOURS),
        colours=plots.DIRECTION_COLOURS,
    )
    rows = sorted(line.get_ydata()[0] for line in ax.lines if line.get_marker() == "o")
    assert rows == [0, 1, 2]
    fig, ax = plots.moments(
        frame,
        date="date",
        label="moment",
        category="direction",
        order=list(plots.DIRECTION_COLOURS),
        colours=plots.DIRECTION_COLOURS,
        hollow="call",
    )
    faces = [line.get_markerfacecolor() for line in ax.lines if line.get_marker() == "o"]
    assert faces[0] == "white" and faces[1] != "white"
    assert [a.get_text() for a in ax.texts] == ["calls", "compromise", "vetoes"]


def test_text_colour_keeps_labels_readable_on_every_palette_colour():
    from crimepolicy.plots import _luminance, text_colour

    for colour in [*plots.STANCE_COLOURS.values(), *plots.THEME_COLOURS.values()]:
        text = "#000000" if text_colour(colour) == "black" else "#FFFFFF"
        lighter, darker = sorted([_luminance(colour), _luminance(text)], reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5, colour
    assert text_colour("#0072B2") == "white" and text_colour("#F0E442") == "black"
