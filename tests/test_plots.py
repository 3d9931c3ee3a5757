"""The figure helpers: each draws what it says (positions, colours, labels, the distinction
between corpus evidence and context), and every figure carries a title, axis labels, a
source note and alt text that strict nbval can compare."""

import io

import matplotlib
import pandas as pd
import pytest
from PIL import Image

from crimepolicy import plots, themes


def _finish(fig, ax, **overrides):
    args = dict(
        title="A finding stated as a title",
        xlabel="X",
        ylabel="Y",
        source="made up",
        alt="A sentence that describes the test figure well enough.",
    )
    args.update(overrides)
    return plots.finish(fig, ax, **args)


def _bars():
    frame = pd.DataFrame({"name": ["a", "b", "c"], "n": [3, 0, 1], "kind": ["x", "y", "x"]})
    return frame


# --- finish, render, the Figure -------------------------------------------------------


def test_finished_figure_carries_title_and_alt_text_into_the_png_and_its_text_form():
    fig, ax = plots.ranked_bars(_bars(), value="n", label="name")
    _finish(fig, ax, alt="Bar chart: a is three, b is zero and c is one in this test.")
    figure = plots.render(fig)
    with Image.open(io.BytesIO(figure.png)) as img:
        assert (
            img.info["Description"] == "Bar chart: a is three, b is zero and c is one in this test."
        )
        assert img.info["Title"] == "A finding stated as a title"
        assert "Software" not in img.info
    assert repr(figure) == (
        "Figure: A finding stated as a title\n"
        "Alt text: Bar chart: a is three, b is zero and c is one in this test."
    )
    assert figure._repr_png_() == figure.png


@pytest.mark.parametrize(
    ("missing", "message"),
    [("alt", "alt"), ("title", "title"), ("source", "source"), ("xlabel", "x axis")],
)
def test_missing_parts_are_refused(missing, message):
    fig, ax = plots.ranked_bars(_bars(), value="n", label="name")
    with pytest.raises(ValueError, match=message):
        _finish(fig, ax, **{missing: None if missing.endswith("label") else " "})


def test_short_alt_text_is_refused():
    fig, ax = plots.ranked_bars(_bars(), value="n", label="name")
    with pytest.raises(ValueError, match="a sentence"):
        _finish(fig, ax, alt="A chart.")


def test_render_refuses_an_unfinished_figure():
    fig, _ = plots.ranked_bars(_bars(), value="n", label="name")
    with pytest.raises(ValueError, match="finish"):
        plots.render(fig)


def test_png_is_a_compact_palette_image_that_looks_like_the_full_colour_one():
    fig, ax = plots.ranked_bars(_bars(), value="n", label="name")
    alt = "Bar chart: “a” is three, b is zero and c is one — a test."
    _finish(fig, ax, alt=alt)
    fig.savefig(full := io.BytesIO(), format="png", dpi=plots.DPI)
    png = plots.render(fig).png
    with Image.open(io.BytesIO(png)) as small, Image.open(full) as big:
        assert small.mode == "P" and small.size == big.size
        assert small.info["Description"] == alt
        assert round(small.info["dpi"][0]) == plots.DPI
        a, b = small.convert("RGB"), big.convert("RGB")
        # Flat colours are kept exactly; at most an anti-aliased edge pixel moves a little.
        assert a.getcolors(256) is not None
        difference = [abs(p - q) for p, q in zip(a.tobytes(), b.tobytes(), strict=True)]
        assert max(difference) <= 80 and sum(difference) / len(difference) < 0.1
    assert len(png) < len(full.getvalue()) / 2


def test_png_is_identical_on_rerun():
    pngs = []
    for _ in range(2):
        fig, ax = plots.ranked_bars(_bars(), value="n", label="name")
        pngs.append(plots.to_png(_finish(fig, ax)))
    assert pngs[0] == pngs[1]


def test_style_comes_from_the_style_file_with_constrained_layout():
    assert plots.STYLE.is_file() and plots.STYLE.suffix == ".mplstyle"
    fig, ax = plots.ranked_bars(_bars(), value="n", label="name")
    assert isinstance(fig.get_layout_engine(), matplotlib.layout_engine.ConstrainedLayoutEngine)
    _finish(fig, ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    title = fig._suptitle.get_window_extent(renderer)
    axes_top = ax.get_tightbbox(renderer).y1
    # No empty band under the title: it sits just above what the axes draw.
    assert 0 <= title.y0 - axes_top < 0.25 * fig.dpi
    source = [t for t in fig.texts if t.get_text().startswith("Source:")][0]
    assert source.get_window_extent(renderer).y1 <= ax.get_tightbbox(renderer).y0 + 1


def test_glue_stores_the_figure_under_its_name(monkeypatch):
    glued = {}
    monkeypatch.setattr(
        "myst_nb.glue", lambda name, value, display: glued.update({name: (value, display)})
    )
    fig, ax = plots.ranked_bars(_bars(), value="n", label="name")
    assert plots.glue("fig-test", _finish(fig, ax)) is None
    figure, display = glued["fig-test"]
    assert isinstance(figure, plots.Figure) and display is False


# --- colours --------------------------------------------------------------------------


def test_theme_colours_come_from_data_and_are_used_for_themes_only():
    theme_colours = set(themes.colours().values())
    assert len(theme_colours) == 4
    for palette in (plots.STANCE_COLOURS, plots.DIRECTION_COLOURS):
        assert not theme_colours & set(palette.values())
    assert plots.NEUTRAL not in theme_colours and plots.CONTEXT_COLOUR not in theme_colours


def test_text_colour_keeps_labels_readable_on_every_palette_colour():
    from crimepolicy.plots import _luminance, text_colour

    palette = [
        *plots.STANCE_COLOURS.values(),
        *themes.colours().values(),
        *plots.ordinal_colours(4),
    ]
    for colour in palette:
        text = "#000000" if text_colour(colour) == "black" else "#FFFFFF"
        lighter, darker = sorted([_luminance(colour), _luminance(text)], reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5, colour


def test_ordinal_colours_go_from_dark_to_light():
    colours = plots.ordinal_colours(4)
    lum = [plots._luminance(c) for c in colours]
    assert lum == sorted(lum) and len(set(colours)) == 4


# --- the chart helpers ----------------------------------------------------------------


def test_camps_place_each_actor_under_its_stance():
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
    boxes = {t.get_text(): t.get_bbox_patch().get_facecolor() for t in ax.texts}
    assert matplotlib.colors.to_hex(boxes["B"]).upper() == plots.STANCE_COLOURS["supports"].upper()


def test_ranked_bars_keep_the_order_colour_by_category_and_show_zero():
    frame = _bars().assign(note=["three", "zero", "one"])
    fig, ax = plots.ranked_bars(
        frame,
        value="n",
        label="name",
        colour_by="kind",
        colours={"x": "#111111", "y": "#999999"},
        annotate="note",
    )
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["a", "b", "c"]
    widths = [p.get_width() for p in ax.patches]
    assert widths[0] == 3 and 0 < widths[1] < 0.1  # a visible stub for zero
    faces = [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches]
    assert faces == ["#111111", "#999999", "#111111"]
    assert [t.get_text() for t in ax.texts] == ["three", "zero", "one"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["x", "y"]


def test_bars_write_each_value():
    frame = pd.DataFrame({"doc": ["d1", "d2"], "rate": [1.25, 18.7]})
    fig, ax = plots.bars(frame, value="rate", label="doc")
    assert [t.get_text() for t in ax.texts] == ["1.2", "18.7"]
    assert [round(p.get_height(), 2) for p in ax.patches] == [1.25, 18.7]


def test_moments_put_each_moment_on_its_row_with_a_readable_label():
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2015-04-17", "2018-10-19", "2022-05-20"]),
            "label": ["calls in Doha", "the compromise", "vetoes"],
            "direction": ["widening", "holding", "narrowing"],
            "call": [True, False, False],
        }
    )
    fig, ax = plots.moments(
        frame,
        date="date",
        label="label",
        category="direction",
        order=list(plots.DIRECTION_COLOURS),
        colours=plots.DIRECTION_COLOURS,
        hollow="call",
    )
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert sorted(d.get_ydata()[0] for d in dots) == [0, 1, 2]
    faces = [d.get_markerfacecolor() for d in dots]
    assert faces[0] == "white" and faces[1] != "white"
    assert sorted(a.get_text().replace("\n", " ") for a in ax.texts) == [
        "calls in Doha",
        "the compromise",
        "vetoes",
    ]


def test_timeline_draws_corpus_and_context_apart():
    items = pd.DataFrame(
        {
            "start": pd.to_datetime(["2015-04-17", "2019-12-27", "2021-05-10", "2022-05-16"]),
            "end": pd.to_datetime([None, None, "2024-08-09", None]),
            "lane": ["cyber", "cyber", "cyber", "review"],
            "label": ["Doha debate", "Committee set up", "Committee sessions", "31st CCPCJ"],
            "source": ["corpus", "context", "context", "corpus"],
        }
    )
    fig, ax = plots.timeline(
        items, lanes=["cyber", "review"], lane_colours={"cyber": "#0072B2", "review": "#E69F00"}
    )
    corpus_marks = [line for line in ax.lines if line.get_marker() == "o"]
    context_marks = [line for line in ax.lines if line.get_marker() == "D"]
    assert len(corpus_marks) == 2 and len(context_marks) == 2
    assert all(m.get_markerfacecolor() == "white" for m in context_marks)
    assert matplotlib.colors.to_hex(corpus_marks[0].get_color()).upper() == "#0072B2"
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(dashed) == 1  # the context fact that lasts (the sessions) is a dashed span
    styles = {a.get_text().replace("\n", " "): a.get_style() for a in ax.texts}
    assert styles["Committee set up"] == "italic" and styles["Doha debate"] == "normal"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Reported in the corpus", "Beyond the corpus (official source)"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cyber", "review"]


def test_timeline_marks_the_documents():
    items = pd.DataFrame(
        {
            "start": pd.to_datetime(["2015-04-17"]),
            "end": [pd.NaT],
            "lane": ["a"],
            "label": ["x"],
            "source": ["corpus"],
        }
    )
    name = "crime-congress13-2015"
    documents = pd.DataFrame({"date": pd.to_datetime(["2018-11-01"]), "label": [name]})
    fig, ax = plots.timeline(items, lanes=["a", "b", "c"], documents=documents)
    assert name in [t.get_text() for t in ax.texts]
    fig.canvas.draw()
    label = next(t for t in ax.texts if t.get_text() == name)
    inside = ax.get_window_extent()
    assert label.get_window_extent().y1 <= inside.y1  # the name stays inside the axes


def test_grid_colours_each_cell_by_its_category_and_leaves_the_rest_empty():
    cells = pd.DataFrame(
        {
            "row": ["Russia", "Norway"],
            "column": ["cs", "cs"],
            "category": ["opposes", "supports"],
            "text": ["opposes (1)", "supports (2)"],
        }
    )
    fig, ax = plots.grid(
        cells,
        rows=["Russia", "Norway"],
        columns=["cyber", "cs"],
        colours=plots.STANCE_COLOURS,
        text="text",
    )
    faces = [matplotlib.colors.to_hex(p.get_facecolor()).upper() for p in ax.patches]
    assert faces.count(plots.NOT_PLACED.upper()) == 4  # every cell starts empty
    assert plots.STANCE_COLOURS["opposes"].upper() in faces
    assert sorted(t.get_text() for t in ax.texts) == ["opposes (1)", "supports (2)"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["supports", "opposes"]


def test_value_grid_writes_every_value():
    matrix = pd.DataFrame([[1.0, 2.5], [0.0, 10.0]], index=["d1", "d2"], columns=["a", "b"])
    fig, ax = plots.value_grid(matrix, colourbar_label="rate")
    assert sorted(t.get_text() for t in ax.texts) == ["0.0", "1.0", "10.0", "2.5"]


def test_panel_bars_draw_one_panel_per_frame():
    panels = {
        "d1": pd.DataFrame({"term": ["x", "y"], "g2": [3.0, 2.0]}),
        "d2": pd.DataFrame({"term": ["z"], "g2": [5.0]}),
    }
    fig, axes = plots.panel_bars(panels, value="g2", label="term")
    assert [ax.get_title(loc="left") for ax in axes] == ["d1", "d2"]
    assert [len(ax.patches) for ax in axes] == [2, 1]
    _finish(fig, axes)
    assert axes[-1].get_xlabel() == "X"


def test_windows_mark_known_dates_and_windows_apart():
    frame = pd.DataFrame(
        {
            "doc": ["known", "window"],
            "meeting": pd.to_datetime(["2022-05-18", "2018-10-17"]),
            "earliest": pd.to_datetime(["2022-05-27", "2018-10-19"]),
            "latest": pd.to_datetime(["2022-05-27", "2018-12-31"]),
        }
    )
    fig, ax = plots.windows(
        frame, label="doc", event="meeting", earliest="earliest", latest="latest"
    )
    markers = [line.get_marker() for line in ax.lines]
    assert markers.count("s") == 2 and markers.count("v") == 1
    spans = [line for line in ax.lines if len(line.get_xdata()) == 2]
    assert len(spans) == 1


def test_moments_draw_judged_moments_as_squares_with_a_legend():
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2021-03-15", "2022-05-20"]),
            "label": ["declaration", "vetoes"],
            "direction": ["narrowing", "narrowing"],
            "judged": [True, False],
        }
    )
    fig, ax = plots.moments(
        frame,
        date="date",
        label="label",
        category="direction",
        order=["narrowing"],
        colours=plots.DIRECTION_COLOURS,
        square="judged",
        legend={"square": "the source's judgement"},
    )
    markers = [line.get_marker() for line in ax.lines if line.get_marker() in ("o", "s")]
    assert markers == ["s", "o"]
    assert "the source's judgement" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_stacked_bars_split_each_bar_into_its_segments():
    counts = pd.DataFrame({"author": [5, 0], "unnamed": [1, 4]}, index=["for", "against"])
    fig, ax = plots.stacked_bars(counts, colours={"author": "#111111", "unnamed": "#999999"})
    widths = [p.get_width() for p in ax.patches]
    lefts = [p.get_x() for p in ax.patches]
    assert widths == [5, 0, 1, 4] and lefts == [0, 0, 5, 0]
    assert sorted(t.get_text() for t in ax.texts) == ["1", "4", "5"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["for", "against"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["author", "unnamed"]


def test_ranked_bars_draw_reference_lines_with_their_labels():
    fig, ax = plots.ranked_bars(_bars(), value="n", label="name", lines={0.8: "reliable"})
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(dashed) == 1 and dashed[0].get_xdata()[0] == 0.8
    assert " reliable" in [t.get_text() for t in ax.texts]


def test_chip_bands_show_every_row_once_under_its_band_heading_without_overlap():
    frame = pd.DataFrame(
        {
            "actor": ["Egypt", "Council of Arab Interior Ministers", "United States"]
            + [f"State {i}" for i in range(14)],
            "camp": ["for", "for", "against"] + ["listed"] * 14,
        }
    )
    colours = {"for": plots.OKABE_ITO["sky blue"], "against": plots.OKABE_ITO["vermillion"],
               "listed": plots.NOT_PLACED, "empty": "#000000"}  # fmt: skip
    fig, ax = plots.chip_bands(
        frame,
        band="camp",
        label="actor",
        bands=["for", "against", "empty", "listed"],
        colours=colours,
        headings={"for": "For a new instrument"},
        legend={"for": "for", "listed": "not placed"},
    )
    _finish(fig, ax, xlabel=None, ylabel=None)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [t for t in ax.texts if getattr(t, "crimepolicy_kind", None)]
    headings = [t.get_text() for t in texts if t.crimepolicy_kind == "heading"]
    assert headings == ["For a new instrument (2)", "against (1)", "empty (0)", "listed (14)"]
    chips = [t for t in texts if t.crimepolicy_kind == "chip"]
    assert sorted(t.get_text() for t in chips) == sorted(frame["actor"])
    assert chips[2].get_bbox_patch().get_facecolor()[:3] == matplotlib.colors.to_rgb(
        colours["against"]
    )
    boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in chips]
    boxes += [t.get_window_extent(renderer) for t in texts if t.crimepolicy_kind == "heading"]
    for i, a in enumerate(boxes):
        assert a.x0 >= 0 and a.x1 <= fig.bbox.width, "a chip leaves the figure"
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), "two chips or headings overlap"
    note = next(t for t in fig.texts if t.get_text().startswith("Source:"))
    top_of_note = note.get_window_extent(renderer).y1
    bottom_of_title = fig._suptitle.get_window_extent(renderer).y0
    assert all(top_of_note < b.y0 and b.y1 < bottom_of_title for b in boxes)
    # The listed chips wrap onto more than one line, all below their heading.
    listed = [b for t, b in zip(chips, boxes, strict=False) if t.get_text().startswith("State")]
    assert len({round(b.y0) for b in listed}) > 1
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["for", "not placed"]


def test_dot_matrix_puts_a_dot_where_a_row_holds_a_code_in_its_groups_colour():
    cells = pd.DataFrame(
        {
            "row": ["Russia", "Russia", "Viet Nam", "some speakers"],
            "group": ["crime", "response", "response", "response"],
            "column": ["wildlife", "new instrument", "CITES", "UNTOC"],
        }
    )
    groups = {"crime": ["wildlife", "fishing"], "response": ["new instrument", "CITES", "UNTOC"]}
    names = {"wildlife": "wildlife (1)", ("response", "UNTOC"): "UNTOC (1)", "UNTOC": "wrong"}
    colours = {"crime": "#000000", "response": "#0072B2"}
    fig, ax = plots.dot_matrix(
        cells,
        rows=["Russia", "Viet Nam", "some speakers"],
        groups=groups,
        colours=colours,
        labels=names,
        muted=["some speakers"],
    )
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    placed = sorted((d.get_ydata()[0], d.get_xdata()[0]) for d in dots)
    # rows from the top; the response group starts after the two crime columns and a gap
    assert placed == [(0, 0.0), (0, 2.7), (1, 3.7), (2, 4.7)]
    hues = {matplotlib.colors.to_hex(d.get_color()).upper() for d in dots if d.get_xdata()[0] > 2}
    assert hues == {"#0072B2"}
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["wildlife (1)", "fishing", "new instrument", "CITES", "UNTOC (1)"]
    assert {"crime", "response"} <= {t.get_text() for t in ax.texts}
    styles = {t.get_text(): t.get_style() for t in ax.get_yticklabels()}
    assert styles["some speakers"] == "italic" and styles["Russia"] == "normal"


def test_progress_draws_corpus_filled_context_hatched_and_what_was_due():
    plots.plt.close("all")  # the earlier tests leave their figures open
    frame = pd.DataFrame(
        {
            "label": ["group one, 2022", "all groups, 2024"],
            "total": [62, 189],
            "done": [31, 81],
            "due": [125, None],
            "context": [False, True],
            "words": ["31 of 62", "81 of 189"],
        }
    )
    fig, ax = plots.progress(
        frame, label="label", total="total", done="done", due="due", annotate="words",
        legend={"done": "advancing", "due": "due to have started"},
    )  # fmt: skip
    bars = ax.patches
    assert [(b.get_x(), b.get_width()) for b in bars] == [(0, 31), (31, 31), (0, 81), (81, 108)]
    assert [b.get_hatch() for b in bars] == [None, None, "///", "///"]
    due = [line for line in ax.lines if list(line.get_xdata()) == [125.0, 125.0]]
    assert len(due) == 1 and len(ax.lines) == 1  # no mark where nothing is given as due
    assert [t.get_text() for t in ax.texts] == ["31 of 62", "81 of 189"]
    assert ax.texts[0].get_position()[0] > 125  # written after the due mark, not over it
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["advancing", "not done", "beyond the corpus", "due to have started"]
    assert ax.get_xlim()[1] > 189


def test_timeline_draws_a_mark_with_an_empty_label_without_words_or_leader_line():
    items = pd.DataFrame(
        {
            "start": pd.to_datetime(["2015-04-17", "2015-04-18"]),
            "end": [pd.NaT, pd.NaT],
            "lane": ["a", "a"],
            "label": ["Doha debate", ""],
            "source": ["corpus", "corpus"],
        }
    )
    fig, ax = plots.timeline(items, lanes=["a"])
    assert len([line for line in ax.lines if line.get_marker() == "o"]) == 2
    assert [t.get_text().replace("\n", " ") for t in ax.texts] == ["Doha debate"]
