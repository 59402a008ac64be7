"""The ``where`` stage: the offline gazetteer, and the capitals/metonyms table.

Place names below are the phrases the events stage hands over from news sentences
such as "Biden and Putin met in Geneva on Wednesday" or "Shelling resumed across
the Donbas overnight".
"""

from __future__ import annotations

import csv
import gzip
import re
import time
from importlib.resources import files
from pathlib import Path

import pytest

from case_files import case_params

from detente.errors import ConfigError, DetenteError
from detente.model import Place
from detente.stages.where import Gazetteer, fold, load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    start = time.perf_counter()
    g = load_gazetteer()
    print(f"\ngazetteer: {len(g)} places, {len(g.index)} names, loaded in "
          f"{time.perf_counter() - start:.3f} s")
    return g


def country(g: Gazetteer, name: str, *context: str, near: str | None = None) -> str | None:
    place = g.lookup(name, context_countries=context, near=near)
    assert place is not None, name
    return place.country


# -- the summit cities ----------------------------------------------------------------


def test_geneva_is_in_switzerland_with_coordinates(gaz: Gazetteer) -> None:
    place = gaz.lookup("Geneva")  # "Biden and Putin met in Geneva on Wednesday"
    assert place is not None
    assert place.country == "CHE"
    assert place.lat == pytest.approx(46.2, abs=0.1)
    assert place.lon == pytest.approx(6.15, abs=0.1)


def test_lookup_returns_a_model_place(gaz: Gazetteer) -> None:
    place = gaz.lookup("Geneva")
    assert isinstance(place, Place)
    assert place.to_dict()["name"] == "Geneva"


def test_geneva_stays_in_switzerland_with_a_us_context(gaz: Gazetteer) -> None:
    # Geneva, Illinois exists, but the Swiss city is 10x larger.
    assert country(gaz, "Geneva", "USA", "RUS") == "CHE"


# -- Washington -----------------------------------------------------------------------


def test_washington_is_the_us_capital(gaz: Gazetteer) -> None:
    place = gaz.lookup("Washington")  # "the talks in Washington last week"
    assert place is not None
    assert place.country == "USA"
    assert place.lat == pytest.approx(38.9, abs=0.1)
    assert place.lon == pytest.approx(-77.04, abs=0.1)


def test_washington_state_is_the_us_state(gaz: Gazetteer) -> None:
    (best, *_) = gaz.candidates("Washington state")  # "wildfires in Washington state"
    assert best.kind == "admin1" and best.admin1 == "WA"
    assert gaz.lookup("Washington State") == gaz.lookup("state of Washington")
    place = gaz.lookup("Washington state")
    assert place is not None and place.lon is not None and place.lon < -115


def test_washington_dc_spellings(gaz: Gazetteer) -> None:
    dc = gaz.lookup("Washington")
    assert gaz.lookup("Washington, D.C.") == dc
    assert gaz.lookup("Washington DC") == dc


# -- Paris and qualifiers -------------------------------------------------------------


def test_paris_is_in_france(gaz: Gazetteer) -> None:
    assert country(gaz, "Paris") == "FRA"


def test_paris_texas_is_in_the_us(gaz: Gazetteer) -> None:
    place = gaz.lookup("Paris, Texas")  # "a rally in Paris, Texas, drew hundreds"
    assert place is not None
    assert place.country == "USA"
    assert place.lat == pytest.approx(33.66, abs=0.1)


def test_paris_france_qualifier(gaz: Gazetteer) -> None:
    assert country(gaz, "Paris, France") == "FRA"


def test_qualifier_by_postal_code(gaz: Gazetteer) -> None:
    place = gaz.lookup("Portland, ME")
    assert place is not None and place.lon is not None and place.lon > -71
    place = gaz.lookup("Portland, Oregon")
    assert place is not None and place.lon is not None and place.lon < -120


def test_unknown_town_with_known_qualifier_falls_back_to_the_state(gaz: Gazetteer) -> None:
    # Paris, Kentucky (10,000 people) is not in the cut: Kentucky is coarse but right.
    place = gaz.lookup("Paris, Kentucky")
    assert place is not None and place.name == "Kentucky" and place.country == "USA"


def test_paris_with_only_a_us_context_stays_in_france(gaz: Gazetteer) -> None:
    # "The United States rejoined the Paris climate agreement": the capital outweighs.
    assert country(gaz, "Paris", "USA") == "FRA"


def test_near_picks_the_local_paris(gaz: Gazetteer) -> None:
    assert country(gaz, "Paris", near="Texas") == "USA"


# -- Georgia --------------------------------------------------------------------------


def test_georgia_without_context_is_the_country(gaz: Gazetteer) -> None:
    assert country(gaz, "Georgia") == "GEO"  # "Russian troops remain in Georgia"


def test_georgia_with_us_context_is_the_state(gaz: Gazetteer) -> None:
    # "Trump campaigned in Georgia ahead of the runoff"
    (best, *_) = gaz.candidates("Georgia", context_countries=["USA"])
    assert best.kind == "admin1" and best.country == "USA"


def test_georgia_with_both_countries_in_context_is_the_country(gaz: Gazetteer) -> None:
    assert country(gaz, "Georgia", "USA", "GEO") == "GEO"


def test_georgia_qualifiers(gaz: Gazetteer) -> None:
    assert country(gaz, "Tbilisi, Georgia") == "GEO"
    assert country(gaz, "Atlanta, Georgia") == "USA"


# -- context breaks ties --------------------------------------------------------------


def test_tripoli_follows_context(gaz: Gazetteer) -> None:
    assert country(gaz, "Tripoli") == "LBY"
    assert country(gaz, "Tripoli", "LBN") == "LBN"  # "clashes in Tripoli, north Lebanon"


def test_birmingham_follows_context(gaz: Gazetteer) -> None:
    assert country(gaz, "Birmingham") == "GBR"
    assert country(gaz, "Birmingham", "USA") == "USA"


def test_small_us_namesake_does_not_beat_a_country(gaz: Gazetteer) -> None:
    assert country(gaz, "Lebanon", "USA") == "LBN"
    assert country(gaz, "Moscow", "USA") == "RUS"


# -- spellings ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Kyiv", "Kiev", "KYIV", "kyiv"])
def test_kyiv_spellings(gaz: Gazetteer, name: str) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.country == "UKR" and place.name == "Kyiv"


@pytest.mark.parametrize("name", ["Zürich", "Zurich", "ZURICH"])
def test_diacritics_do_not_matter(gaz: Gazetteer, name: str) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.country == "CHE" and place.name == "Zürich"


def test_old_names(gaz: Gazetteer) -> None:
    assert country(gaz, "Peking") == "CHN"
    assert country(gaz, "Burma") == "MMR"
    assert country(gaz, "Odessa") == "UKR"  # not Odessa, Texas


def test_fold() -> None:
    assert fold("Zürich") == "zurich"
    assert fold("Washington, D.C.") == "washington dc"
    assert fold("St. Petersburg") == fold("Saint Petersburg")
    assert fold("the Gaza Strip") == "gaza strip"
    assert fold("Sana'a") == fold("Sanaa")
    assert fold("Łódź") == "lodz"


# -- countries and regions ------------------------------------------------------------


@pytest.mark.parametrize(
    "name, code",
    [
        ("Syria", "SYR"),
        ("in Syria", "SYR"),
        ("Russia", "RUS"),
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("Britain", "GBR"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("the Netherlands", "NLD"),
        ("Kosovo", "KSV"),
    ],
)
def test_country_names(gaz: Gazetteer, name: str, code: str) -> None:
    assert country(gaz, name) == code


def test_a_country_has_its_capital_coordinates(gaz: Gazetteer) -> None:
    syria = gaz.lookup("Syria")
    damascus = gaz.lookup("Damascus")
    assert syria is not None and damascus is not None
    assert (syria.lat, syria.lon) == (damascus.lat, damascus.lon)


def test_gaza(gaz: Gazetteer) -> None:
    city = gaz.lookup("Gaza")  # "air strikes on Gaza"
    strip = gaz.lookup("the Gaza Strip")
    assert city is not None and city.country == "PSE"
    assert strip is not None and strip.country == "PSE" and strip.name == "Gaza Strip"
    assert city.lat == pytest.approx(31.5, abs=0.2)


@pytest.mark.parametrize(
    "name, code",
    [
        ("Crimea", "UKR"),
        ("Donbas", "UKR"),
        ("Donbass", "UKR"),
        ("the West Bank", "PSE"),
        ("Golan Heights", "SYR"),
        ("Nagorno-Karabakh", "AZE"),
    ],
)
def test_news_regions(gaz: Gazetteer, name: str, code: str) -> None:
    assert country(gaz, name) == code


def test_kashmir_and_seas_have_no_country(gaz: Gazetteer) -> None:
    kashmir = gaz.lookup("Kashmir")
    sea = gaz.lookup("the South China Sea")
    assert kashmir is not None and kashmir.country is None and kashmir.lat is not None
    assert sea is not None and sea.country is None


@pytest.mark.parametrize("name", ["Gazaland", "Ruritania", "", "   ", "the", "Monday"])
def test_unknown_names_give_none(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) is None


def test_every_country_code_is_three_capitals(gaz: Gazetteer) -> None:
    codes = {gaz.entry(i).country for i in range(len(gaz))}
    assert all(c is None or re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    assert len(gaz) > 34_000


# -- loading --------------------------------------------------------------------------


def test_load_is_cached(gaz: Gazetteer) -> None:
    assert load_gazetteer() is gaz


def test_load_time_is_printed() -> None:
    load_gazetteer.cache_clear()
    start = time.perf_counter()
    g = load_gazetteer()
    elapsed = time.perf_counter() - start
    print(f"\nfresh gazetteer load: {elapsed:.3f} s for {len(g)} places")
    assert g.lookup("Geneva") is not None


def test_gazetteer_carries_the_geonames_attribution() -> None:
    path = Path(str(files("detente") / "data" / "places" / "gazetteer.tsv.gz"))
    head = gzip.decompress(path.read_bytes()).decode("utf-8")[:1000]
    assert "GeoNames" in head and "CC BY 4.0" in head


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="compile_places"):
        load_gazetteer(tmp_path / "nowhere.tsv.gz")


def test_stale_gazetteer_is_a_config_error(tmp_path: Path) -> None:
    stale = tmp_path / "old.tsv"
    stale.write_text("# fold: v0\ngeonameid\tkind\n", encoding="utf-8")
    with pytest.raises(DetenteError, match="rebuild"):
        load_gazetteer(stale)


def test_extra_places_have_a_source() -> None:
    path = files("detente") / "data" / "places" / "extra_places.csv"
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    assert len(rows) >= 40
    assert all(r["source"] for r in rows)
    for r in rows:
        if not r["same_as"]:
            assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r["name"]


# -- metonyms.csv ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def metonyms() -> list[dict[str, str]]:
    path = files("detente") / "data" / "actors" / "metonyms.csv"
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def test_metonyms_parse_with_the_documented_columns(metonyms: list[dict[str, str]]) -> None:
    assert len(metonyms) > 200
    assert list(metonyms[0]) == ["name", "code", "kind", "note"]
    assert {r["kind"] for r in metonyms} == {"capital", "seat", "variant"}


def test_metonym_names_are_unique(metonyms: list[dict[str, str]]) -> None:
    names = [r["name"] for r in metonyms]
    assert len(names) == len(set(names))


def test_metonym_codes_are_country_plus_sector(metonyms: list[dict[str, str]]) -> None:
    bad = [r for r in metonyms if not re.fullmatch(r"[A-Z]{3}(GOV|MIL|LEG|SPY|JUD)", r["code"])]
    assert not bad


@pytest.mark.parametrize(
    "name, code",
    [
        ("Moscow", "RUSGOV"),
        ("Kremlin", "RUSGOV"),
        ("White House", "USAGOV"),
        ("Pentagon", "USAMIL"),
        ("Washington", "USAGOV"),
        ("Kyiv", "UKRGOV"),
        ("Kiev", "UKRGOV"),
        ("Beijing", "CHNGOV"),
        ("Peking", "CHNGOV"),
        ("Downing Street", "GBRGOV"),
        ("Élysée", "FRAGOV"),
        ("Elysee", "FRAGOV"),
        ("Pristina", "KSVGOV"),
    ],
)
def test_metonyms(metonyms: list[dict[str, str]], name: str, code: str) -> None:
    table = {r["name"]: r["code"] for r in metonyms}
    assert table[name] == code


@pytest.mark.parametrize("name", ["Victoria", "Male", "Kingston", "Singapore", "Brussels", "Chancellery"])
def test_ambiguous_capitals_are_left_out(metonyms: list[dict[str, str]], name: str) -> None:
    assert name not in {r["name"] for r in metonyms}


def test_every_capital_metonym_is_in_the_gazetteer(
    gaz: Gazetteer, metonyms: list[dict[str, str]]
) -> None:
    missing = [r["name"] for r in metonyms if r["kind"] == "capital" and not gaz.lookup(r["name"])]
    assert len(missing) < 10, missing


def test_near_a_city_prefers_its_state(gaz: Gazetteer) -> None:
    # Dateline "CHICAGO": Springfield is the Illinois capital, not Missouri's city.
    place = gaz.lookup("Springfield", near="Chicago")
    assert place is not None and place.lat == pytest.approx(39.80, abs=0.1)


def test_near_that_contains_no_candidate_is_only_context(gaz: Gazetteer) -> None:
    assert country(gaz, "Paris", near="Geneva") == "FRA"


def test_seats_of_power_are_located_in_their_capital(gaz: Gazetteer) -> None:
    # "The Kremlin said ..." / "talks at the White House": GeoNames alone would put
    # "White House" in Casablanca (a translation of its name).
    white_house = gaz.lookup("the White House")
    kremlin = gaz.lookup("Kremlin")
    assert white_house is not None and white_house.name == "Washington"
    assert kremlin is not None and kremlin.name == "Moscow" and kremlin.country == "RUS"


def test_an_apposition_after_a_comma_is_not_a_qualifier(gaz: Gazetteer) -> None:
    assert country(gaz, "Kyiv, the Ukrainian capital") == "UKR"


def test_malformed_row_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    header = "geonameid kind country admin1 lat lon population alternate_count is_capital name aliases keys alternate_keys"
    path.write_text(f"# fold: v1\n{header.replace(' ', chr(9))}\n1\tcity\tFRA\tparis\t\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=":3: malformed"):
        load_gazetteer(path)


# --------------------------------------------------------------------------- case file

def _place_cases(kind: str) -> list:
    column = 1 if kind == "lookup" else 2
    return case_params("places.tsv", slice(1, 6), status=6, keep=lambda cols: cols[0] == kind,
                       label=lambda cols: f"-{cols[column][:30]}")


@pytest.mark.parametrize(("name", "context", "near", "country", "admin1"), _place_cases("lookup"))
def test_place_lookup_case(name: str, context: str, near: str, country: str, admin1: str) -> None:
    ranked = load_gazetteer().candidates(
        name,
        context_countries=() if context == "-" else tuple(context.split(",")),
        near=None if near == "-" else near,
    )
    got = ranked[0] if ranked else None
    assert (got.country if got and got.country else "-") == country, [(e.name, e.country, e.admin1) for e in ranked[:3]]
    if admin1 != "-":
        assert got is not None and got.admin1 == admin1


@pytest.mark.parametrize(("published", "text", "_unused", "country", "place"), _place_cases("event"))
def test_place_event_case(published: str, text: str, _unused: str, country: str, place: str) -> None:
    import detente

    events = detente.code(text, published=published)
    assert events, "no event coded"
    loc = events[0].location
    assert (loc.country if loc and loc.country else "-") == country, [e.to_dict() for e in events]
    if place != "-":
        assert loc is not None and fold(loc.name) == fold(place)


def test_place_case_file_has_at_least_100_cases() -> None:
    assert len(_place_cases("lookup")) + len(_place_cases("event")) >= 100


def test_capital_of_a_country(gaz: Gazetteer) -> None:
    assert [gaz.capital(c).name for c in ("KEN", "AFG", "GBR", "usa")] == ["Nairobi", "Kabul", "London", "Washington"]  # type: ignore[union-attr]
    assert gaz.capital("XXX") is None
