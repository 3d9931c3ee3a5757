"""World maps of the states the sources place, drawn offline.

Country shapes are Natural Earth's 1:50m admin-0 countries (public domain), as packaged by
the npm package `world-atlas` and converted from TopoJSON to GeoJSON by `topojson-client`
when the book is set up (`make vendor` writes `book/_vendor/world-atlas/`, git-ignored and
never copied into the site). Nothing is downloaded when the book is built.

A state is joined on its ISO 3166-1 code: world-atlas names each country by its numeric
code, which pycountry converts to the book's alpha-3 codes. The map uses matplotlib's
Mollweide projection, an equal-area one, so that no state looks larger than it is; states
too small to see at this scale (Malta, Singapore, Andorra...) are also drawn as a dot.
"""

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pycountry
from matplotlib.path import Path as MplPath

from .errors import CrimePolicyError
from .paths import root as find_root

ATLAS = Path("book") / "_vendor" / "world-atlas" / "countries-50m.geojson"
# Antarctica takes a sixth of a world map and no state stands there.
LEFT_OUT = {"ATA"}
# States whose largest shape is smaller than this (in the projection's units, whose whole
# world is 2π·√2 ≈ 8.9; this is about 3,000 km²) are also marked by a dot.
DOT_BELOW = 7e-5


def atlas_path(root=None) -> Path:
    return find_root(root) / ATLAS


def _alpha3(numeric: str) -> str | None:
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_3 if country else None


def _project(points: np.ndarray) -> np.ndarray:
    """Longitude and latitude in degrees to Mollweide coordinates (matplotlib's own
    transform, applied once, so that the map draws on plain axes)."""
    from matplotlib.projections.geo import MollweideAxes

    return MollweideAxes.MollweideTransform(resolution=1).transform(np.radians(points))


def _unwrap(ring: np.ndarray) -> list[np.ndarray]:
    """A ring that crosses the antimeridian (world-atlas leaves that to the renderer)
    made continuous, plus its copy shifted by a full turn, so that clipping to the
    map's outline shows both halves."""
    longitudes = np.degrees(np.unwrap(np.radians(ring[:, 0])))
    ring = np.column_stack([longitudes, ring[:, 1]])
    if longitudes.max() > 180:
        return [ring, ring - [360, 0]]
    if longitudes.min() < -180:
        return [ring, ring + [360, 0]]
    return [ring]


def _ring_paths(rings) -> list[MplPath]:
    """One polygon (outer ring and holes) as projected matplotlib paths: one, or two for
    a polygon across the antimeridian."""
    copies = [_unwrap(np.asarray(ring, dtype=float)) for ring in rings]
    paths = []
    for k in range(max(len(c) for c in copies)):
        vertices, codes = [], []
        for versions in copies:
            points = _project(versions[min(k, len(versions) - 1)])
            vertices.extend(points)
            codes.extend(
                [MplPath.MOVETO] + [MplPath.LINETO] * (len(points) - 2) + [MplPath.CLOSEPOLY]
            )
        paths.append(MplPath(np.asarray(vertices), codes))
    return paths


def _outline() -> np.ndarray:
    """The map's edge: the meridians at ±180°, projected."""
    latitudes = np.linspace(-90, 90, 91)
    points = np.r_[
        np.column_stack([np.full(91, -180.0), latitudes]),
        np.column_stack([np.full(91, 180.0), latitudes[::-1]]),
    ]
    return _project(points)


@lru_cache(maxsize=2)
def _shapes(path: Path, stamp: float) -> dict:
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
    except FileNotFoundError:
        raise CrimePolicyError(
            path, "the country shapes are missing", hint="run `make vendor` to fetch them"
        ) from None
    shapes = {}
    for feature in features:
        code = _alpha3(str(feature.get("id") or ""))
        geometry = feature.get("geometry")
        if geometry is None or code in LEFT_OUT:
            continue
        # Areas without an ISO code (Kosovo, Northern Cyprus, Somaliland...) are drawn as
        # background only, under their own names.
        code = code or f"({feature.get('properties', {}).get('name', '?')})"
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            shapes.setdefault(code, []).extend(_ring_paths(polygon))
    return shapes


def shapes(root=None) -> dict[str, list[MplPath]]:
    """{ISO alpha-3 code: [projected polygon paths]} for every state on the map (areas
    without a code under their name in parentheses)."""
    path = atlas_path(root)
    stamp = path.stat().st_mtime if path.exists() else 0.0
    return _shapes(path, stamp)


def not_on_map(codes, root=None) -> list[str]:
    """The codes among `codes` that the map cannot show (sorted)."""
    known = shapes(root)
    return sorted({c for c in codes if c not in known})


def _area(path: MplPath) -> float:
    x, y = path.vertices[:, 0], path.vertices[:, 1]
    return abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))) / 2


def world_map(
    panels: dict,
    *,
    colours: dict,
    columns: int = 2,
    width: float = 8.0,
    legend_title=None,
    root=None,
):
    """One world map per panel, each state filled with the colour of its category.

    `panels` is {panel title: {ISO alpha-3 code: category}}, a category being a key of
    `colours`; states without a category are drawn in the background grey. A code that
    the map cannot show raises an error rather than vanish. Returns (fig, axes)."""
    from matplotlib.collections import PathCollection

    from . import plots

    known = shapes(root)
    for title, values in panels.items():
        missing = not_on_map(values, root)
        if missing:
            raise ValueError(f"panel '{title}': not on the map: {', '.join(missing)}")
        unknown = sorted({v for v in values.values() if v not in colours})
        if unknown:
            raise ValueError(f"panel '{title}': no colour for {', '.join(unknown)}")
    rows = -(-len(panels) // columns)
    # The legend has a row of its own under the maps: a figure legend placed "outside"
    # collides with the title or the source note that `plots.finish` adds later.
    fig, grid = plots.new_figure(
        width,
        1.2 + rows * width / columns * 0.52,
        nrows=rows + 1,
        ncols=columns,
        squeeze=False,
        height_ratios=[1] * rows + [0.16 * columns],
    )
    for ax in grid[-1]:
        ax.remove()
    key = fig.add_subplot(grid[-1][0].get_gridspec()[-1, :])
    key.set_axis_off()
    axes = list(grid[:-1].flat)
    outline = _outline()
    for ax, (title, values) in zip(axes, panels.items(), strict=False):
        paths, faces = [], []
        for code, shapes_of in known.items():
            category = values.get(code)
            paths.extend(shapes_of)
            faces.extend([colours[category] if category else plots.NOT_PLACED] * len(shapes_of))
        collection = PathCollection(paths, facecolors=faces, edgecolors="#A6A6A6", linewidths=0.2)
        ax.add_collection(collection)
        edge = ax.fill(outline[:, 0], outline[:, 1], facecolor="none", edgecolor="#8C8C8C", lw=0.6)
        collection.set_clip_path(edge[0])
        for code, category in sorted(values.items()):
            shapes_of = known[code]
            if max(_area(p) for p in shapes_of) < DOT_BELOW:
                x, y = max(shapes_of, key=_area).vertices.mean(axis=0)
                ax.plot(x, y, "o", ms=4.5, mfc=colours[category], mec="#333333", mew=0.6, zorder=5)
        ax.set_xlim(outline[:, 0].min() * 1.01, outline[:, 0].max() * 1.01)
        ax.set_ylim(outline[:, 1].min() * 1.02, outline[:, 1].max() * 1.02)
        ax.set_aspect("equal")
        ax.set_axis_off()
        ax.set_title(title, fontsize=10.5)
    for ax in axes[len(panels) :]:
        ax.set_visible(False)
    axes = axes[: len(panels)]
    present = [c for c in colours if any(c in v.values() for v in panels.values())]
    handles = [plots.legend_patch(colours[c], c, edgecolor="#999999") for c in present]
    handles.append(plots.legend_patch(plots.NOT_PLACED, "not placed", edgecolor="#999999"))
    key.legend(
        handles=handles,
        loc="center",
        ncols=min(len(handles), 5),
        title=legend_title,
        fontsize=9,
    )
    return fig, axes
