"""The book's figures, drawn by tested helpers; a notebook only calls them.

Style comes from `book.mplstyle` (constrained layout, no hand-tuned margins). Colours
(Okabe & Ito 2008, colour-blind safe) mean the same thing in every chapter: each theme has
its own colour, read from `data/themes.csv` and used for themes only; stances and
directions of change share a second set (sky blue for support and widening, vermillion
for opposition and narrowing, yellow for reservations, grey for silence and holding);
ordinal scales use the sequential, colour-blind-safe cividis map.

Every figure goes through `finish()`, which refuses one without a title that states the
finding, axis labels, a source note naming the documents, and alt text. `show()` and
`glue()` render it as a `Figure`: a PNG that carries its alt text in the PNG's
`Description` field (the book's `alt_from_png` Sphinx extension copies it into the
page), and a plain-text form, "Figure: title / Alt text: ...", which strict nbval compares,
so that a changed title or alt text fails the notebook tests.

Corpus evidence and context from beyond the corpus are always drawn differently: filled
marks for what the documents report, hollow dashed marks (and a legend entry) for context.
"""

import io
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # figures are rendered to PNG bytes, never to a window
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

STYLE = Path(__file__).with_name("book.mplstyle")
plt.style.use(STYLE)  # every figure of the book, and every text drawn on it
DPI = 144
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "grey": "#8C8C8C",
}
# Stances and directions: none of these is a theme colour (data/themes.csv).
STANCE_COLOURS = {
    "supports": OKABE_ITO["sky blue"],
    "qualified": OKABE_ITO["yellow"],
    "silent": OKABE_ITO["grey"],
    "opposes": OKABE_ITO["vermillion"],
}
DIRECTION_COLOURS = {
    "widening": OKABE_ITO["sky blue"],
    "holding": OKABE_ITO["grey"],
    "narrowing": OKABE_ITO["vermillion"],
}
NEUTRAL = "#4D4D4D"  # marks that encode no category
CONTEXT_COLOUR = "#6E6E6E"  # facts from beyond the corpus
NOT_PLACED = "#F2F2F2"  # empty cells of a grid
SOURCE_SIZE = 8.5  # points, the source note under every figure


def theme_colours(root=None) -> dict[str, str]:
    """{theme id: colour}, from data/themes.csv."""
    from . import themes

    return themes.colours(root)


def ordinal_colours(n: int) -> list[str]:
    """`n` colours of the cividis map from dark (lowest) to light (highest), for ordinal
    scales (0 = weakest)."""
    cmap = matplotlib.colormaps["cividis"]
    if n == 1:
        return [matplotlib.colors.to_hex(cmap(0.5))]
    return [matplotlib.colors.to_hex(cmap(0.08 + 0.84 * i / (n - 1))) for i in range(n)]


# --- the figure object ------------------------------------------------------------------


class Figure:
    """A finished figure: PNG bytes with its title and alt text. Displays as the PNG,
    with a plain-text form that names the title and alt text (compared by nbval)."""

    def __init__(self, png: bytes, title: str, alt: str):
        self.png, self.title, self.alt = png, title, alt

    def _repr_png_(self) -> bytes:
        return self.png

    def __repr__(self) -> str:
        return f"Figure: {self.title}\nAlt text: {self.alt}"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


def new_figure(width: float = 8.0, height: float = 4.5, **subplots):
    """A figure and axes in the house style (constrained layout)."""
    return plt.subplots(figsize=(width, height), **subplots)


def _axes(ax) -> list:
    if isinstance(ax, (list, tuple)):
        return list(ax)
    return list(getattr(ax, "flat", [ax]))


def finish(fig, ax, *, title: str, source: str, alt: str, xlabel=None, ylabel=None):
    """Title, axis labels, source note and alt text for a figure; returns the figure.

    `xlabel`/`ylabel` are required unless that axis is hidden (for several panels, both
    are required and shared); `alt` must say what the figure shows, in at least a
    sentence, because some readers of the book do not see it.
    """
    for name, value in (("title", title), ("source", source), ("alt", alt)):
        if not value or not str(value).strip():
            raise ValueError(f"a figure needs a {name}")
    if len(alt.split()) < 8:
        raise ValueError("alt text must describe the figure in a sentence or more")
    axes = _axes(ax)
    if not any(a.axison for a in axes):
        pass  # maps have no axis to label
    elif len(axes) > 1:
        if not (xlabel and ylabel):
            raise ValueError("a figure of several panels needs both axis labels")
        # The bottom panel carries the shared x label (a figure-level label would sit in
        # the source note's room); the y label is shared by the figure.
        axes[-1].set_xlabel(xlabel)
        fig.supylabel(ylabel, fontsize=10.5)
    else:
        first = axes[0]
        for axis, label, visible in (
            ("x", xlabel, first.xaxis.get_visible()),
            ("y", ylabel, first.yaxis.get_visible()),
        ):
            if visible and not label:
                raise ValueError(f"the {axis} axis needs a label (or hide it)")
        # Axis labels wrap to the axes' size (about 6 points a character).
        fig.canvas.draw()
        box = first.get_window_extent()
        if xlabel:
            first.set_xlabel(_wrap(xlabel, max(30, int(box.width / fig.dpi * 72 / 6.2))))
        if ylabel:
            first.set_ylabel(_wrap(ylabel, max(20, int(box.height / fig.dpi * 72 / 6.2))))
    fig.suptitle(textwrap.fill(title, int(fig.get_figwidth() * 8.4)), x=0.01, ha="left")
    note = textwrap.fill(f"Source: {source}", int(fig.get_figwidth() * 15))
    lines = note.count("\n") + 1
    # Room for the source note below everything else: constrained layout keeps titles,
    # axes and legends inside the rectangle above it.
    bottom = (lines * SOURCE_SIZE * 1.25 + 6) / 72 / fig.get_figheight()
    fig.text(0.01, 0.006, note, ha="left", va="bottom", fontsize=SOURCE_SIZE, color="#444444")
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0, bottom, 1, 1 - bottom))
    fig.crimepolicy_title = title
    fig.crimepolicy_alt = " ".join(alt.split())
    return fig


def render(fig) -> Figure:
    """The finished figure as a `Figure` (PNG with title and alt text in its metadata);
    closes the matplotlib figure."""
    alt = getattr(fig, "crimepolicy_alt", None)
    if not alt:
        raise ValueError("call plots.finish() first: the figure has no alt text")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    plt.close(fig)
    png = compact_png(buffer.getvalue(), {"Title": fig.crimepolicy_title, "Description": alt})
    return Figure(png, fig.crimepolicy_title, alt)


def compact_png(png: bytes, text: dict[str, str]) -> bytes:
    """A chart's PNG as an 8-bit palette PNG carrying `text` (title, alt text) and its
    resolution: about a third of the bytes of matplotlib's 32-bit RGBA, at the same size.

    The book's charts have an opaque white background and a few flat colours plus their
    anti-aliased edges, so a 256-colour palette (median cut, no dithering) keeps every
    flat colour exactly and moves only the rare edge pixel by a few levels; text stays as
    sharp as before. Deterministic: the same figure gives the same bytes.
    """
    from PIL import Image, PngImagePlugin

    with Image.open(io.BytesIO(png)) as image:
        dpi = image.info.get("dpi", (DPI, DPI))
        palette = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_text(key, value)  # iTXt (UTF-8) when the text is not Latin-1
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True, pnginfo=info, dpi=dpi)
    return buffer.getvalue()


def to_png(fig) -> bytes:
    """The finished figure as PNG bytes (closes it)."""
    return render(fig).png


def show(fig) -> None:
    """Display a finished figure in the notebook (PNG and its plain-text form)."""
    from IPython.display import display

    display(render(fig))


def glue(name: str, fig) -> None:
    """Glue a finished figure under `name` for a numbered, captioned `{glue:figure}` in
    the chapter's text (nothing is displayed where the cell is). Returns nothing, so that
    a cell ending with this call shows no second copy."""
    from myst_nb import glue as myst_glue

    myst_glue(name, render(fig), display=False)


# --- small drawing helpers --------------------------------------------------------------


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a colour."""
    from matplotlib.colors import to_rgb

    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with `background` (WCAG contrast ratio)."""
    light = _luminance(background)
    return "black" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "white"


def legend_patch(colour: str, label: str, **kwargs):
    """A legend entry: a filled square of `colour` labelled `label`."""
    from matplotlib.patches import Patch

    return Patch(facecolor=colour, label=label, **kwargs)


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(str(text), width, break_long_words=False)


# --- chart helpers ----------------------------------------------------------------------


def camps(frame, *, column: str, label: str, order, colours: dict, headings=None, width=8.0):
    """Actors grouped into columns ("camps") by a category, one coloured box per actor.

    `frame` has one row per actor; `column` holds the category (e.g. stance) and `label`
    the text of each box. Categories appear left to right in `order` (all of them, empty
    ones too); `headings` can rename them, and each heading shows its count. Returns
    (fig, ax) for `finish()`; the x axis names the categories, the y axis is hidden.
    """
    groups = {key: list(frame.loc[frame[column] == key, label]) for key in order}
    rows = max((len(v) for v in groups.values()), default=1) or 1
    fig, ax = new_figure(width, 1.5 + 0.34 * rows)
    for x, key in enumerate(order):
        for y, text in enumerate(groups[key]):
            ax.text(
                x,
                y,
                _wrap(text, 22),
                ha="center",
                va="center",
                fontsize=10,
                color=text_colour(colours[key]),
                bbox={"boxstyle": "round,pad=0.3", "facecolor": colours[key], "edgecolor": "none"},
            )
    # Headings wrap to the width of their column (about 6.5 points a character).
    chars = max(8, int(width / max(len(order), 1) * 72 / 6.8))
    names = [
        _wrap((headings or {}).get(key, key) + f" ({len(groups[key])})", chars) for key in order
    ]
    ax.set_xticks(range(len(order)), names)
    ax.set_xlim(-0.6, len(order) - 0.4)
    ax.set_ylim(rows - 0.4, -0.7)
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="x", length=0)
    return fig, ax


def ranked_bars(
    frame,
    *,
    value: str,
    label: str,
    colour=None,
    colours=None,
    colour_by=None,
    annotate=None,
    ticks=None,
    lines=None,
    width=8.0,
    wrap=48,
    height_per_bar=0.4,
):
    """Horizontal bars, one per row of `frame`, in the frame's order from the top.

    `value` is the bar length, `label` the text on the y axis. Colour: one `colour` for
    every bar, or `colours[row[colour_by]]` per bar (then a legend names the categories in
    the order of `colours`). `annotate` names a column written at the end of each bar;
    `ticks` maps x positions to tick labels (an ordinal scale); `lines` maps x positions to
    labels of dashed reference lines (thresholds). A bar of length 0 gets a short stub so
    that it stays visible. Returns (fig, ax).
    """
    rows = frame.reset_index(drop=True)
    fig, ax = new_figure(width, 0.9 + height_per_bar * len(rows))
    y = range(len(rows))
    lengths = rows[value].astype(float)
    span = float(lengths.max()) if len(rows) and lengths.max() > 0 else 1.0
    shown = lengths.clip(lower=span * 0.015)
    if colours is not None:
        bar_colours = [colours[c] for c in rows[colour_by]]
    else:
        bar_colours = [colour or NEUTRAL] * len(rows)
    ax.barh(list(y), shown, color=bar_colours, height=0.7)
    ax.set_yticks(list(y), [_wrap(text, wrap) for text in rows[label]])
    ax.invert_yaxis()
    if annotate:
        written = [
            ax.text(length + span * 0.015, position, str(text), va="center", fontsize=9.5)
            for position, (length, text) in enumerate(zip(shown, rows[annotate], strict=True))
        ]
        _fit_texts(ax, fig, written, span)
    for x, text in (lines or {}).items():
        ax.axvline(x, color="#333333", ls="--", lw=0.9)
        ax.text(x, -0.6, f" {text}", fontsize=9, color="#333333", va="bottom", ha="left")
    if ticks:
        ax.set_xticks(list(ticks), list(ticks.values()))
    if colours is not None:
        present = [c for c in colours if c in set(rows[colour_by])]
        ax.legend(handles=[legend_patch(colours[c], c) for c in present], loc="lower right")
    return fig, ax


def _fit_texts(ax, fig, written, span) -> None:
    """Widen the x axis so that the texts written after the bars stay inside it."""
    ax.set_xlim(0, span * 1.1)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    inverse = ax.transData.inverted()
    right = max(inverse.transform((t.get_window_extent(renderer).x1, 0))[0] for t in written)
    ax.set_xlim(0, max(span * 1.1, right * 1.04))


def bars(
    frame, *, value: str, label: str, colour=None, annotate_format="{:.1f}", width=8.0, height=3.8
):
    """Vertical bars, one per row of `frame`, in its order, each with its value written
    on top (`annotate_format`). Returns (fig, ax)."""
    rows = frame.reset_index(drop=True)
    fig, ax = new_figure(width, height)
    ax.bar(range(len(rows)), rows[value].astype(float), color=colour or NEUTRAL)
    top = float(rows[value].max()) if len(rows) else 1.0
    for x, number in enumerate(rows[value]):
        ax.text(
            x, float(number) + top * 0.02, annotate_format.format(number), ha="center", fontsize=10
        )
    ax.set_xticks(range(len(rows)), [_wrap(t, 16) for t in rows[label]])
    ax.set_ylim(0, top * 1.15 if top else 1)
    return fig, ax


def moments(
    frame,
    *,
    date: str,
    label: str,
    category: str,
    order,
    colours: dict,
    hollow: str | None = None,
    square: str | None = None,
    legend: dict | None = None,
    width: float = 8.5,
):
    """Dated moments on one time axis, one row per category (e.g. widening / holding /
    narrowing), each a dot labelled with its readable `label`. `frame[date]` holds
    datetimes; where `hollow` names a boolean column, those moments are drawn as open
    circles (e.g. calls for change, as against changes); where `square` names a boolean
    column, those are drawn as squares (e.g. moments whose direction is the source's own
    judgement). `legend` maps "filled", "hollow" and "square" to legend texts. Labels are
    placed by `_place_labels` so that neighbours do not overlap. Returns (fig, ax)."""
    from matplotlib.lines import Line2D

    fig, ax = new_figure(width, 1.4 + 1.8 * len(order))
    rank = {key: i for i, key in enumerate(order)}
    data = frame.sort_values(date).reset_index(drop=True)
    # Moments on the same day and row are set side by side, a fortnight apart, so that
    # none hides another.
    data[date] = pd.to_datetime(data[date]) + pd.to_timedelta(
        data.groupby([date, category]).cumcount() * 15, unit="D"
    )
    for row in data.itertuples(index=False):
        values = row._asdict()
        y = rank[values[category]]
        colour = colours[values[category]]
        open_ = bool(values[hollow]) if hollow else False
        marker = "s" if square and bool(values[square]) else "o"
        ax.plot(
            values[date],
            y,
            marker=marker,
            ms=8,
            ls="none",
            markeredgecolor=colour,
            markeredgewidth=2,
            markerfacecolor="white" if open_ else colour,
        )
    _set_time_limits(ax, data[date], data[date])
    ax.set_ylim(len(order) - 0.4, -0.6)
    _place_labels(ax, data[date], [rank[c] for c in data[category]], data[label], fig, spread=0.3)
    ax.set_yticks(range(len(order)), list(order))
    for y in range(len(order)):
        ax.axhline(y, color="#dddddd", lw=0.8, zorder=0)
    if legend:
        handles = [Line2D([], [], marker="o", ls="none", color=NEUTRAL,
                          label=legend.get("filled", "moment"))]  # fmt: skip
        if hollow:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    ls="none",
                    markerfacecolor="white",
                    markeredgecolor=NEUTRAL,
                    markeredgewidth=2,
                    label=legend.get("hollow", hollow),
                )  # fmt: skip
            )
        if square:
            handles.append(Line2D([], [], marker="s", ls="none", color=NEUTRAL,
                                  label=legend.get("square", square)))  # fmt: skip
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3)
    return fig, ax


def stacked_bars(counts: pd.DataFrame, *, colours: dict, width=8.0, annotate=True):
    """Horizontal bars, one per row of `counts` (in its order, from the top), each split
    into the segments of its columns (in their order), coloured by `colours[column]` and,
    with `annotate`, with each segment's count written in it. A legend names the
    segments. Returns (fig, ax)."""
    fig, ax = new_figure(width, 1.3 + 0.5 * len(counts))
    left = pd.Series(0.0, index=counts.index)
    for column in counts.columns:
        values = counts[column].astype(float)
        drawn = ax.barh(list(range(len(counts))), values.to_numpy(), left=left.to_numpy(),
                        color=colours[column], label=column, height=0.6)  # fmt: skip
        if annotate:
            for bar, value in zip(drawn, values, strict=True):
                if value:
                    ax.text(
                        bar.get_x() + bar.get_width() / 2,
                        bar.get_y() + bar.get_height() / 2,
                        f"{value:.0f}",
                        ha="center",
                        va="center",
                        fontsize=10,
                        color=text_colour(colours[column]),
                    )
        left = left + values
    ax.set_yticks(range(len(counts)), [_wrap(i, 30) for i in counts.index])
    ax.invert_yaxis()
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=min(4, len(counts.columns)))
    return fig, ax


def _set_time_limits(ax, starts, ends, pad_days: int = 120) -> None:
    low = pd.to_datetime(pd.Series(list(starts))).min()
    high = pd.to_datetime(pd.Series(list(ends))).max()
    pad = max(pd.Timedelta(days=pad_days), (high - low) * 0.04)
    ax.set_xlim(low - pad, high + pad)


def _place_labels(
    ax, xs, ys, texts, fig, spread=0.34, fontsize=8.5, colours=None, styles=None, wrap=18
):
    """Write each label near its point, at the first of several offsets above and below
    (nearest first) where its box overlaps no label already placed, wherever that label
    belongs; a thin line joins label and point. Boxes are estimated from the number of
    characters and lines, in the axes' data units."""
    fig.canvas.draw()  # the axes' final size, for the estimates
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    box = ax.get_window_extent()
    x_per_point = (x1 - x0) / (box.width / fig.dpi * 72)
    y_per_point = abs(y1 - y0) / (box.height / fig.dpi * 72)
    steps = [k * spread for k in (1, -1, 1.8, -1.8, 2.6, -2.6, 3.4, -3.4)]
    placed = []  # (left, right, bottom, top) of every label so far, in data units
    xs, ys, texts = list(xs), list(ys), list(texts)
    order = sorted(range(len(texts)), key=lambda i: (pd.Timestamp(xs[i]), ys[i]))
    for i in order:
        x = matplotlib.dates.date2num(pd.Timestamp(xs[i]))
        text = _wrap(texts[i], wrap)
        lines = text.split("\n")
        half_w = max(len(line) for line in lines) * fontsize * 0.62 * x_per_point / 2
        half_h = len(lines) * fontsize * 1.4 * y_per_point / 2

        def free(y, x=x, half_w=half_w, half_h=half_h):
            return all(
                x + half_w < left or x - half_w > right or y + half_h < bottom or y - half_h > top
                for left, right, bottom, top in placed
            )

        offset = next((step for step in steps if free(ys[i] + step)), steps[i % 2])
        y = ys[i] + offset
        placed.append((x - half_w, x + half_w, y - half_h, y + half_h))
        ax.annotate(
            text,
            (pd.Timestamp(xs[i]), ys[i]),
            (pd.Timestamp(xs[i]), y),
            ha="center",
            va="center",
            fontsize=fontsize,
            color=(colours[i] if colours else "#222222"),
            style=(styles[i] if styles else "normal"),
            arrowprops={"arrowstyle": "-", "color": "#aaaaaa", "lw": 0.6},
        )
    # Keep every label inside the axes (the y axis runs downwards in these charts).
    low = min([min(y0, y1)] + [b for _, _, b, _ in placed])
    high = max([max(y0, y1)] + [t for _, _, _, t in placed])
    ax.set_ylim(high, low) if y0 > y1 else ax.set_ylim(low, high)


def timeline(
    items,
    *,
    lanes,
    lane_colours=None,
    label: str = "label",
    width: float = 8.5,
    lane_height: float = 1.25,
    documents=None,
):
    """Events on one time axis, one lane per category, corpus and context drawn apart.

    `items` has columns `start` and `end` (datetimes; `end` may be missing), `lane`
    (one of `lanes`), `label` (a short readable text) and `source`: "corpus" for what the
    documents report (filled marks, a bar when the event lasts over 45 days) or
    "context" for facts from beyond the corpus (hollow diamonds, dashed, labels in
    italic grey). `lane_colours` colours the corpus marks of each lane (default: one
    neutral colour). `documents`, if given, is a frame of `date` and `label` drawn as
    dotted vertical lines (the documents' publication dates). Returns (fig, ax).
    """
    data = items.copy()
    data["end"] = data["end"].fillna(data["start"])
    fig, ax = new_figure(width, 1.4 + lane_height * len(lanes))
    rank = {lane: i for i, lane in enumerate(lanes)}
    for row in data.itertuples(index=False):
        y = rank[row.lane]
        colour = (lane_colours or {}).get(row.lane, NEUTRAL)
        context = row.source == "context"
        if not context and (row.end - row.start) > pd.Timedelta(days=45):
            ax.plot([row.start, row.end], [y, y], lw=5, color=colour, solid_capstyle="butt")
        elif context:
            ax.plot(
                row.start,
                y,
                marker="D",
                ms=7,
                ls="none",
                markerfacecolor="white",
                markeredgecolor=CONTEXT_COLOUR,
                markeredgewidth=1.4,
            )
            if (row.end - row.start) > pd.Timedelta(days=45):
                ax.plot([row.start, row.end], [y, y], lw=1.4, ls="--", color=CONTEXT_COLOUR)
        else:
            ax.plot(row.start, y, marker="o", ms=7, ls="none", color=colour)
    ends = list(data["end"])
    if documents is not None:
        ends += list(documents["date"])
    _set_time_limits(ax, list(data["start"]) + ends, ends)
    if documents is not None:
        for doc in documents.itertuples(index=False):
            ax.axvline(doc.date, color="#999999", ls=":", lw=1, zorder=0)
            # Hung from the top of the axes, so that a long name stays inside them.
            ax.text(
                doc.date,
                -1.55,
                doc.label,
                rotation=90,
                fontsize=6.5,
                color="#555555",
                ha="right",
                va="top",
            )
    ax.set_ylim(len(lanes) - 0.35, -0.75 if documents is None else -1.6)
    # An empty label is a mark without words (one label per event, say): no leader line.
    labelled = data[data[label].fillna("").astype(str).str.strip() != ""]
    is_context = list(labelled["source"] == "context")
    _place_labels(
        ax,
        labelled["start"],
        [rank[lane] for lane in labelled["lane"]],
        labelled[label],
        fig,
        spread=0.3 * lane_height,
        colours=[CONTEXT_COLOUR if c else "#222222" for c in is_context],
        styles=["italic" if c else "normal" for c in is_context],
    )
    ax.set_yticks(range(len(lanes)), [_wrap(lane, 18) for lane in lanes])
    ax.set_ylim(len(lanes) - 0.35, -0.75 if documents is None else -1.6)
    for y in range(len(lanes)):
        ax.axhline(y, color="#e5e5e5", lw=0.8, zorder=0)
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="o", ls="none", color=NEUTRAL, label="Reported in the corpus"),
        Line2D(
            [],
            [],
            marker="D",
            ls="none",
            markerfacecolor="white",
            markeredgecolor=CONTEXT_COLOUR,
            label="Beyond the corpus (official source)",
        ),
    ]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2)
    return fig, ax


def grid(
    cells,
    *,
    rows,
    columns,
    colours: dict,
    text=None,
    width=None,
    height=None,
    row_wrap=28,
    column_wrap=14,
    legend_title=None,
):
    """A grid of categorical cells (a heatmap whose cells are categories, such as stances
    or coded strengths), with each cell's text written in it.

    `cells` is a frame with columns `row`, `column`, `category` (a key of `colours`) and,
    optionally, the column named by `text` (the words written in the cell; default the
    category). Cells missing from `cells` are drawn empty. `rows` and `columns` give the
    order. A legend lists the categories in the order of `colours`. Returns (fig, ax).
    """
    from matplotlib.patches import Rectangle

    width = width or 2.6 + 1.25 * len(columns)
    height = height or 1.4 + 0.42 * len(rows)
    fig, ax = new_figure(width, height)
    r_index = {r: i for i, r in enumerate(rows)}
    c_index = {c: j for j, c in enumerate(columns)}
    for i in range(len(rows)):
        for j in range(len(columns)):
            ax.add_patch(
                Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=NOT_PLACED, edgecolor="white", lw=1.5)
            )
    for cell in cells.itertuples(index=False):
        values = cell._asdict()
        i, j = r_index[values["row"]], c_index[values["column"]]
        colour = colours[values["category"]]
        ax.add_patch(
            Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=colour, edgecolor="white", lw=1.5)
        )
        words = values[text] if text else values["category"]
        ax.text(
            j,
            i,
            _wrap(words, column_wrap),
            ha="center",
            va="center",
            fontsize=9,
            color=text_colour(colour),
        )
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xticks(range(len(columns)), [_wrap(c, column_wrap) for c in columns])
    ax.set_yticks(range(len(rows)), [_wrap(r, row_wrap) for r in rows])
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    present = [c for c in colours if c in set(cells["category"])]
    ax.legend(
        handles=[legend_patch(colours[c], c, edgecolor="#999999") for c in present],
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        title=legend_title,
    )
    return fig, ax


def value_grid(
    matrix: pd.DataFrame, *, fmt="{:.1f}", cmap="cividis", colourbar_label="", width=7.5, height=3.9
):
    """A heatmap of numbers (rows and columns of `matrix`) on a colour-blind-safe
    sequential scale, with each value written in its cell. Returns (fig, ax)."""
    fig, ax = new_figure(width, height)
    values = matrix.to_numpy(dtype=float)
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    norm = image.norm
    colour_map = matplotlib.colormaps[cmap]
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            background = matplotlib.colors.to_hex(colour_map(norm(values[i, j])))
            ax.text(
                j,
                i,
                fmt.format(values[i, j]),
                ha="center",
                va="center",
                fontsize=10,
                color=text_colour(background),
            )
    ax.set_xticks(range(values.shape[1]), [_wrap(c, 14) for c in matrix.columns])
    ax.set_yticks(range(values.shape[0]), list(matrix.index))
    fig.colorbar(image, ax=ax, label=colourbar_label)
    return fig, ax


def panel_bars(
    panels: dict, *, value: str, label: str, colour=None, width=8.0, height_per_bar=0.22
):
    """Small multiples: one horizontal bar chart per panel (`panels` maps a panel title
    to a frame), sharing the x axis. Returns (fig, axes)."""
    total = sum(len(f) for f in panels.values())
    fig, axes = new_figure(
        width,
        1.2 + height_per_bar * total + 0.35 * len(panels),
        nrows=len(panels),
        sharex=True,
        height_ratios=[max(len(f), 1) for f in panels.values()],
    )
    axes = list(getattr(axes, "flat", [axes]))
    for ax, (title, frame) in zip(axes, panels.items(), strict=True):
        rows = frame.iloc[::-1]
        ax.barh(list(rows[label]), rows[value].astype(float), color=colour or NEUTRAL)
        ax.set_title(title, fontsize=10, loc="left")
    return fig, axes


def windows(frame, *, label: str, event: str, earliest: str, latest: str, width=8.0):
    """When each document was written: per row (in the frame's order, from the top) a
    square at the date of the meeting it reports (`event`) and, for its publication, a
    triangle where the date is known (`earliest` equals `latest`) or a bar over the
    window in which it can have been published. Returns (fig, ax)."""
    from matplotlib.lines import Line2D

    rows = frame.reset_index(drop=True)
    fig, ax = new_figure(width, 1.5 + 0.5 * len(rows))
    for y, row in enumerate(rows.itertuples(index=False)):
        values = row._asdict()
        ax.plot(values[event], y, marker="s", ms=7, ls="none", color=NEUTRAL)
        if values[earliest] == values[latest]:
            ax.plot(
                values[earliest],
                y + 0.25,
                marker="v",
                ms=7,
                ls="none",
                color=OKABE_ITO["vermillion"],
            )
        else:
            ax.plot(
                [values[earliest], values[latest]],
                [y + 0.25, y + 0.25],
                lw=3,
                color=OKABE_ITO["sky blue"],
                solid_capstyle="butt",
            )
    ax.set_yticks(range(len(rows)), list(rows[label]))
    ax.set_ylim(len(rows) - 0.4, -0.6)
    handles = [
        Line2D([], [], marker="s", ls="none", color=NEUTRAL, label="Meeting"),
        Line2D(
            [],
            [],
            marker="v",
            ls="none",
            color=OKABE_ITO["vermillion"],
            label="Published (day known)",
        ),
        Line2D([], [], lw=3, color=OKABE_ITO["sky blue"], label="Publication window"),
    ]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3)
    return fig, ax


def chip_bands(
    frame,
    *,
    band: str,
    label: str,
    bands,
    colours: dict,
    colour_by=None,
    headings=None,
    legend=None,
    width: float = 8.0,
    fontsize: float = 9.5,
    room: float = 1.45,
):
    """Everyone in view at once: one labelled chip per row of `frame`, in horizontal bands
    (one per category of `band`, in the order of `bands`, from the top; empty bands too).

    A band's heading (`headings[category]`, default the category) is written above its
    chips with their count; chips flow left to right in the frame's order and wrap to the
    width of the axes. A chip's colour is `colours[row[colour_by or band]]`; `legend` maps
    those keys to legend labels (none by default). Chips are placed in points from the top
    of the axes, so their spacing does not depend on the figure's final size; the figure is
    as tall as its bands plus `room` inches for title, legend and source note. Both axes
    are hidden. Returns (fig, ax).
    """
    rows = frame.reset_index(drop=True)
    key = colour_by or band
    fig, ax = new_figure(width, 3.0)
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if legend:
        handles = [
            legend_patch(colours[k], text, edgecolor="#999999") for k, text in legend.items()
        ]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(handles))
    fig.canvas.draw()  # the axes' width under constrained layout, for wrapping
    renderer = fig.canvas.get_renderer()
    points = 72 / fig.dpi
    available = ax.get_window_extent(renderer).width * points - 6
    pad = 0.3 * fontsize  # the chip's box pad ("round,pad=0.3"), in points
    gap, line = 0.7 * fontsize, 2.3 * fontsize
    heading_size = fontsize + 0.5
    chars = max(20, int(available / (heading_size * 0.6)))
    placed, y = [], 0.0
    for category in bands:
        members = rows[rows[band] == category]
        heading = _wrap(f"{(headings or {}).get(category, category)} ({len(members)})", chars)
        y += heading_size * 0.8
        placed.append(("heading", heading, 0.0, y, None))
        y += heading_size * 1.3 * heading.count("\n") + 1.35 * fontsize + pad
        x = 0.0
        for row in members.itertuples(index=False):
            values = row._asdict()
            text = str(values[label])
            probe = ax.text(0, 0, text, fontsize=fontsize)
            chip = probe.get_window_extent(renderer).width * points + 2 * pad
            probe.remove()
            if x > 0 and x + chip > available:
                x, y = 0.0, y + line
            placed.append(("chip", text, x + pad, y, colours[values[key]]))
            x += chip + gap
        y += (line if len(members) else 0.8 * fontsize) + 0.1 * fontsize
    fig.set_figheight(y / 72 + room)
    for kind, text, x, y, colour in placed:
        style = {"fontsize": heading_size, "fontweight": "bold", "color": "#222222"}
        if kind == "chip":
            light = _luminance(colour) > 0.6
            style = {
                "fontsize": fontsize,
                "color": text_colour(colour),
                "bbox": {
                    "boxstyle": "round,pad=0.3",
                    "facecolor": colour,
                    "edgecolor": "#999999" if light else "none",
                },
            }
        written = ax.annotate(
            text,
            (0, 1),
            xycoords="axes fraction",
            xytext=(x, -y),
            textcoords="offset points",
            ha="left",
            va="center",
            **style,
        )
        written.set_in_layout(False)  # placed in points: the layout must not shrink the axes
        written.crimepolicy_kind = kind
    return fig, ax


def dot_matrix(cells, *, rows, groups: dict, colours: dict, labels=None, muted=(), width=None):
    """Which codes each row holds, in groups of columns (for instance the crimes, links and
    responses of each actor's statement): one dot where a row holds a code.

    `cells` has one row per code held, with columns `row`, `group` and `column`; `rows`
    orders the rows from the top; `groups` maps each group's title to its columns, in
    order (groups are set apart by a gap, their titles written above them); `colours`
    maps each group to its dots' colour; `labels` may rename columns on the axis (a count,
    say), keyed by column or, where two groups share a column name, by (group, column).
    Rows in `muted` (speakers the source does not name) are labelled in grey
    italics. Returns (fig, ax); the x axis names the columns, the y axis the rows."""
    positions, x = {}, 0.0
    for title, columns in groups.items():
        for column in columns:
            positions[(title, column)] = x
            x += 1
        x += 0.7  # a gap between groups
    n_columns = sum(len(c) for c in groups.values())
    fig, ax = new_figure(width or 3.4 + 0.36 * (n_columns + len(groups)), 2.9 + 0.3 * len(rows))
    index = {row: i for i, row in enumerate(rows)}
    for at in positions.values():
        ax.axvline(at, color="#eeeeee", lw=0.8, zorder=0)
    for i in range(len(rows)):
        ax.axhline(i, color="#eeeeee", lw=0.8, zorder=0)
    for cell in cells.itertuples(index=False):
        ax.plot(
            positions[(cell.group, cell.column)],
            index[cell.row],
            marker="o",
            ms=8,
            ls="none",
            color=colours[cell.group],
        )
    for title, columns in groups.items():
        left, right = positions[(title, columns[0])], positions[(title, columns[-1])]
        ax.plot([left - 0.3, right + 0.3], [-0.75, -0.75], color=colours[title], lw=2)
        ax.text((left + right) / 2, -1.0, title, ha="center", va="bottom", fontsize=10,
                fontweight="bold", color="#222222")  # fmt: skip
    labels = labels or {}
    names = [
        labels.get((title, column), labels.get(column, column)) for (title, column) in positions
    ]
    ax.set_xticks(list(positions.values()), names, rotation=40, ha="right",
                  rotation_mode="anchor")  # fmt: skip
    ax.set_yticks(range(len(rows)), [_wrap(row, 34) for row in rows])
    for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
        if row in set(muted):
            tick.set_color("#6E6E6E")
            tick.set_style("italic")
    ax.set_xlim(-0.6, x - 0.7 - 0.4)
    ax.set_ylim(len(rows) - 0.5, -1.9)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return fig, ax


def progress(
    frame,
    *,
    label: str,
    total: str,
    done: str,
    due: str | None = None,
    context: str = "context",
    annotate: str | None = None,
    legend: dict | None = None,
    width: float = 8.5,
):
    """Progress against a schedule: one horizontal bar per row of `frame` (in its order,
    from the top), `frame[total]` long, whose first `frame[done]` units are dark (e.g.
    reviews advancing) and the rest light (not advancing or not started). Rows where
    `frame[context]` is true come from beyond the corpus and are drawn hatched with a
    dashed edge; corpus rows are filled. Where `due` names a column, a black bar marks
    how many units were due by the row's date (empty cells: no mark). `annotate` names a
    column written after each bar. `legend` maps "done", "rest", "context" and "due" to
    legend texts. Returns (fig, ax)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows = frame.reset_index(drop=True)
    texts = {"done": "done", "rest": "not done", "context": "beyond the corpus", "due": "due"}
    texts.update(legend or {})
    fig, ax = new_figure(width, 1.6 + 0.75 * len(rows))
    dark, light = NEUTRAL, "#CFCFCF"
    for y, row in enumerate(rows.itertuples(index=False)):
        values = row._asdict()
        n_total, n_done = float(values[total]), float(values[done])
        beyond = bool(values[context])
        for left, length, colour in ((0.0, n_done, dark), (n_done, n_total - n_done, light)):
            if beyond:
                ax.barh(y, length, left=left, height=0.55, facecolor="white", hatch="///",
                        edgecolor=colour, linestyle="--", linewidth=1.2)  # fmt: skip
            else:
                ax.barh(y, length, left=left, height=0.55, color=colour)
        if due and pd.notna(values[due]):
            ax.plot([float(values[due])] * 2, [y - 0.42, y + 0.42], color="black", lw=2.2)
    span = float((rows[[total, due]] if due else rows[[total]]).max().max()) or 1.0
    if annotate:
        # Each text starts after its bar and after its due mark, so that neither hides it.
        ends = [
            max(float(r[total]), float(r[due]) if due and pd.notna(r[due]) else 0.0)
            for _, r in rows.iterrows()
        ]
        written = [
            ax.text(end + span * 0.015, y, str(text), va="center", fontsize=9.5)
            for y, (end, text) in enumerate(zip(ends, rows[annotate], strict=True))
        ]
        _fit_texts(ax, fig, written, span)
    ax.set_yticks(range(len(rows)), [_wrap(t, 30) for t in rows[label]])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    handles = [
        Patch(facecolor=dark, label=texts["done"]),
        Patch(facecolor=light, label=texts["rest"]),
    ]
    if rows[context].astype(bool).any():
        handles.append(Patch(facecolor="white", hatch="///", edgecolor=CONTEXT_COLOUR,
                             linestyle="--", label=texts["context"]))  # fmt: skip
    if due and rows[due].notna().any():
        handles.append(Line2D([], [], color="black", lw=2.2, label=texts["due"]))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2)
    return fig, ax
