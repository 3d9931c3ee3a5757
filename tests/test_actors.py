"""Actor mentions: the forms these texts use map to the right ISO codes and organisations."""

import pandas as pd
import pytest

from crimepolicy import actors, countries


def _found(sentence):
    return actors.mentions(pd.DataFrame({"text": [sentence]}, index=["t-2020"]))


@pytest.mark.parametrize(
    ("sentence", "codes"),
    [
        ("The Russian Federation and Russia; a Russian delegate.", ["RUS", "RUS", "RUS"]),
        ("Viet Nam's delegate; Vietnam tabled it.", ["VNM", "VNM"]),
        ("the UAE, the United Arab Emirates", ["ARE", "ARE"]),
        ("the US and others, with support from the UK", ["USA", "GBR"]),
        ("The Belarusian resolution; the Italian ambassador", ["BLR", "ITA"]),
        ("the Norwegians and Swiss lobbied", ["NOR", "CHE"]),
        ("the Czech Republic, Syria and Iran", ["CZE", "SYR", "IRN"]),
        ("let us discuss; the USD; Nigeria and a Nigerian", ["NGA"]),
    ],
)
def test_state_forms_normalise_to_iso3(sentence, codes):
    found = _found(sentence)
    assert list(found.loc[found["actor_type"] == "state", "iso3"]) == codes


def test_organisations_longest_form_wins():
    found = _found(
        "the Global Initiative to End Wildlife Crime and the Global Initiative; "
        "South Africa, speaking for the African Group; the World Health Organization, who said so"
    )
    assert list(found["actor_id"]) == ["GIEWC", "GI-TOC", "ZAF", "AFRICAN-GROUP", "WHO"]


def test_mentions_in_the_seeds(corpus):
    found = actors.mentions(corpus)
    assert all(
        corpus.loc[r.doc_id, "text"][r.start : r.end] == r.surface for r in found.itertuples()
    )
    by_doc = found[found["actor_type"] == "state"].groupby("doc_id")["iso3"].agg(set)
    assert {"RUS", "CHN", "EGY", "NOR", "CHE", "NLD", "GBR", "USA"} <= by_doc["untoc-cop-2018"]
    assert {"AGO", "KEN", "PER"} <= by_doc["ccpcj31-2022"]
    counts = actors.mention_counts(found)
    assert counts.loc[counts["actor_type"] == "state", "actor_id"].iloc[0] == "RUS"


def test_state_name_prefers_common_name():
    assert countries.name("IRN") == "Iran"
    assert countries.name("RUS") == "Russian Federation"


def test_codes_from_names_aliases_and_codes():
    assert countries.code("Russia") == "RUS"
    assert countries.code("Viet Nam") == countries.code("Vietnam") == "VNM"
    assert countries.code("Ruritania") is None
    assert countries.is_code("EGY") and not countries.is_code("XYZ")
