"""Values written into sentences."""

from crimepolicy import prose


def test_a_listing_joins_items_as_a_sentence_names_them():
    assert prose.listing([]) == ""
    assert prose.listing(["Egypt"]) == "Egypt"
    assert prose.listing(["Egypt", "Russia"]) == "Egypt and Russia"
    assert prose.listing(["Egypt", "Russia", 2015]) == "Egypt, Russia and 2015"
