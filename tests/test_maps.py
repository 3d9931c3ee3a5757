"""The world map: shapes from the vendored Natural Earth layer, joined on ISO codes."""

import numpy as np
import pytest

from crimepolicy import maps, plots
from crimepolicy.errors import CrimePolicyError


def test_every_un_member_the_book_may_place_is_on_the_map():
    shapes = maps.shapes()
    # Small states included: 1:110m would lose Malta, Singapore and Andorra.
    for code in ("RUS", "USA", "CHN", "BRA", "MLT", "SGP", "AND", "LIE", "FJI", "NZL"):
        assert code in shapes, code
    assert "ATA" not in shapes  # Antarctica is left out
    assert maps.not_on_map(["FRA", "XXX", "ATA"]) == ["ATA", "XXX"]


def test_a_shape_across_the_antimeridian_is_drawn_on_both_edges():
    """Fiji straddles 180°: its islands must not be joined by a line across the world."""
    (ring,) = maps._unwrap(np.array([[178.0, -17.0], [-179.0, -17.0], [-179.0, -16.0]]))[:1]
    assert np.ptp(ring[:, 0]) < 10  # continuous, not a 357° jump
    copies = maps._unwrap(np.array([[178.0, -17.0], [-179.0, -17.0], [-179.0, -16.0]]))
    assert len(copies) == 2
    fiji = maps.shapes()["FJI"]
    widths = [np.ptp(p.vertices[:, 0]) for p in fiji]
    assert max(widths) < 1.0  # no polygon spans the map


def test_a_map_refuses_a_code_it_cannot_show_or_a_category_without_colour():
    with pytest.raises(ValueError, match="not on the map: XXX"):
        maps.world_map({"a": {"XXX": "supports"}}, colours=plots.STANCE_COLOURS)
    with pytest.raises(ValueError, match="no colour for maybe"):
        maps.world_map({"a": {"FRA": "maybe"}}, colours=plots.STANCE_COLOURS)


def _map():
    fig, axes = maps.world_map(
        {"Thread A": {"FRA": "supports", "MLT": "opposes"}, "Thread B": {"BRA": "qualified"}},
        colours=plots.STANCE_COLOURS,
        legend_title="Stance",
    )
    return plots.finish(
        fig,
        axes,
        title="Two threads, three states",
        source="test",
        alt="Two world maps: France supports, Malta opposes on A; Brazil is qualified on B.",
    )


def test_a_map_is_a_finished_figure_that_renders_the_same_twice():
    fig = _map()
    # Malta is too small to see at this scale: it also gets a dot in its colour.
    dots = [line for ax in fig.axes for line in ax.lines]
    assert len(dots) == 1
    assert dots[0].get_markerfacecolor() == plots.STANCE_COLOURS["opposes"]
    assert plots.to_png(fig) == plots.to_png(_map())


def test_missing_shapes_say_how_to_get_them(tmp_path):
    with pytest.raises(CrimePolicyError, match="make vendor"):
        maps.shapes(tmp_path)
