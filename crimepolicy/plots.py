"""Plots in the house style.

One colour-blind-safe palette (Okabe & Ito 2008), with fixed colours per theme and per
stance so a colour means the same thing in every chapter. `finish()` gives every figure a
title that states the finding, labelled axes, a source note and alt text; `show()`
renders it as a PNG that carries its alt text in the PNG's `Description` field, which the
book's `alt_from_png` Sphinx extension copies into the page's `alt`.
"""

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # figures are rendered to PNG bytes, never to a window
import matplotlib.pyplot as plt  # noqa: E402
from IPython.display import Image, display  # noqa: E402

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
THEME_COLOURS = {
    "cybercrime-treaty": OKABE_ITO["blue"],
    "wildlife-protocol": OKABE_ITO["bluish green"],
    "review-mechanism": OKABE_ITO["orange"],
    "civil-society-access": OKABE_ITO["reddish purple"],
}
STANCE_COLOURS = {
    "supports": OKABE_ITO["blue"],
    "qualified": OKABE_ITO["sky blue"],
    "silent": OKABE_ITO["grey"],
    "opposes": OKABE_ITO["vermillion"],
}
DIRECTION_COLOURS = {
    "widening": OKABE_ITO["bluish green"],
    "holding": OKABE_ITO["grey"],
    "narrowing": OKABE_ITO["vermillion"],
}
DPI = 144
STYLE = {
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "legend.frameon": False,
    "svg.hashsalt": "crimepolicy",
}


def new_figure(width: float = 8.0, height: float = 4.5, **subplots):
    """A figure and axes in the house style."""
    plt.rcParams.update(STYLE)
    return plt.subplots(figsize=(width, height), **subplots)


def finish(fig, ax, *, title: str, source: str, alt: str, xlabel=None, ylabel=None):
    """Title, axis labels, source note and alt text for a figure; returns the figure.

    `xlabel`/`ylabel` are required unless that axis is hidden; `alt` must say what the
    figure shows (at least a sentence), because readers of the book may not see it.
    """
    for name, value in (("title", title), ("source", source), ("alt", alt)):
        if not value or not value.strip():
            raise ValueError(f"a figure needs a {name}")
    if len(alt.split()) < 8:
        raise ValueError("alt text must describe the figure in a sentence or more")
    axes = list(ax) if isinstance(ax, (list, tuple)) else list(getattr(ax, "flat", [ax]))
    if len(axes) > 1:
        # Small multiples share one label per axis, placed on the figure.
        if not (xlabel and ylabel):
            raise ValueError("a figure of several panels needs both axis labels")
        fig.supxlabel(xlabel, fontsize=10, y=0.05, va="bottom")
        fig.supylabel(ylabel, fontsize=10)
    else:
        first = axes[0]
        for axis, label, visible in (
            ("x", xlabel, first.xaxis.get_visible()),
            ("y", ylabel, first.yaxis.get_visible()),
        ):
            if visible and not label:
                raise ValueError(f"the {axis} axis needs a label (or hide it)")
        if xlabel:
            first.set_xlabel(xlabel)
        if ylabel:
            first.set_ylabel(ylabel)
    wrapped = textwrap.fill(title, 80)
    fig.suptitle(wrapped, x=0.01, ha="left", fontsize=12, fontweight="bold")
    fig.text(
        0.01,
        0.005,
        textwrap.fill(f"Source: {source}", 120),
        ha="left",
        va="bottom",
        fontsize=8,
        color="#444444",
    )
    # Leave room at the top for the title's lines and at the bottom for the source note
    # (and for a shared x label under small multiples).
    top = 1 - (0.08 + 0.2 * (wrapped.count("\n") + 1)) / fig.get_figheight()
    fig.tight_layout(rect=(0, 0.09 if len(axes) > 1 else 0.05, 1, top))
    fig.crimepolicy_alt = " ".join(alt.split())
    fig.crimepolicy_title = title
    return fig


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a colour."""
    from matplotlib.colors import to_rgb

    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with `background` (WCAG contrast ratio)."""
    light = _luminance(background)
    return "black" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "white"


def legend_patch(colour: str, label: str):
    """A legend entry: a filled square of `colour` labelled `label`."""
    from matplotlib.patches import Patch

    return Patch(facecolor=colour, label=label)


def to_png(fig) -> bytes:
    """The figure as PNG bytes, with its title and alt text in the PNG metadata."""
    alt = getattr(fig, "crimepolicy_alt", None)
    if not alt:
        raise ValueError("call plots.finish() first: the figure has no alt text")
    buffer = io.BytesIO()
    metadata = {"Title": fig.crimepolicy_title, "Description": alt, "Software": None}
    fig.savefig(buffer, format="png", dpi=DPI, metadata=metadata)
    plt.close(fig)
    return buffer.getvalue()


def show(fig) -> None:
    """Display a finished figure in the notebook as a PNG carrying its alt text (closes
    the figure; returns nothing, so no figure repr lands in the stored output)."""
    display(Image(data=to_png(fig), format="png"))


def camps(
    frame,
    *,
    column: str,
    label: str,
    order,
    colours: dict,
    headings: dict | None = None,
    width: float = 9.0,
):
    """Actors grouped into columns ("camps") by a category, one coloured box per actor.

    `frame` has one row per actor; `column` holds the category (e.g. stance) and `label`
    the text of each box. Categories appear left to right in `order`; `headings` can
    rename them. Returns (fig, ax) for `finish()`; the x axis names the categories, the y
    axis is hidden.
    """
    groups = {key: list(frame.loc[frame[column] == key, label]) for key in order}
    rows = max((len(v) for v in groups.values()), default=1)
    fig, ax = new_figure(width, 1.4 + 0.36 * rows)
    for x, key in enumerate(order):
        for y, text in enumerate(groups[key]):
            ax.text(
                x,
                y,
                text,
                ha="center",
                va="center",
                fontsize=10,
                wrap=True,
                color=text_colour(colours[key]),
                bbox={"boxstyle": "round,pad=0.35", "facecolor": colours[key], "edgecolor": "none"},
            )
    names = [(headings or {}).get(key, key) + f" ({len(groups[key])})" for key in order]
    ax.set_xticks(range(len(order)), names)
    ax.set_xlim(-0.6, len(order) - 0.4)
    ax.set_ylim(rows - 0.4, -0.7)
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="x", length=0)
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
    width: float = 9.5,
):
    """Dated moments on one time axis, one row per category (e.g. widening / holding /
    narrowing), each a dot labelled with `label`. `frame[date]` holds datetimes; where
    `hollow` names a boolean column, those moments are drawn as open circles (e.g. calls
    for change, as against changes). Labels take turns at four heights so that close
    neighbours stay legible. Returns (fig, ax) for `finish()`."""
    fig, ax = new_figure(width, 1.6 + 1.5 * len(order))
    rank = {key: i for i, key in enumerate(order)}
    data = frame.sort_values(date).reset_index(drop=True)
    levels = (0.25, -0.25, 0.42, -0.42)
    turn = {key: 0 for key in order}
    for _, row in data.iterrows():
        y = rank[row[category]]
        colour = colours[row[category]]
        open_ = bool(row[hollow]) if hollow else False
        ax.plot(
            row[date],
            y,
            marker="o",
            ms=9,
            ls="none",
            markeredgecolor=colour,
            markeredgewidth=2,
            markerfacecolor="white" if open_ else colour,
        )
        offset = levels[turn[row[category]] % len(levels)]
        turn[row[category]] += 1
        ax.annotate(
            textwrap.fill(str(row[label]), 24),
            (row[date], y),
            (row[date], y + offset),
            ha="center",
            va="center",
            fontsize=7.5,
            color="#222222",
            arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.6},
        )
    ax.set_yticks(range(len(order)), list(order))
    ax.set_ylim(len(order) - 0.45, -0.55)
    for y in range(len(order)):
        ax.axhline(y, color="#dddddd", lw=0.8, zorder=0)
    return fig, ax
