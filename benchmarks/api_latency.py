"""API latency over 1,000,000 synthetic events: p50/p95 of /relations and /events.

    .venv/bin/python benchmarks/api_latency.py [--events 1000000] [--requests 200]

Loads synthetic events straight into a DuckDB file (articles, reports, mentions,
links and merged events, one report per event), opens it once read-write so the
store builds its per-dyad monthly summary (``dyad_months``), starts ``detente serve``'s
app with uvicorn on a loopback port, and times HTTP requests. The baseline, measured
in the same run, is ``/health`` (the HTTP floor); ratios are printed against it.

Before and after, in the same run: the monthly series is timed both from a scan of
``merged_events`` (before: the summary switched off) and from the summary (after).
The server opens the file per request (an ``ATTACH ... (READ_ONLY)`` on an in-memory
instance, so that ``detente ingest`` can write between requests); the cost of that is
measured in-process against one connection kept open (the former design) and against
a new ``duckdb.connect(read_only=True)`` per request.
Target: p95 < 100 ms for a dyad's monthly series.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

COUNTRIES = ["USA", "RUS", "CHN", "GBR", "FRA", "DEU", "UKR", "IRN", "ISR", "TUR", "IND", "PAK", "JPN",
             "KOR", "PRK", "SYR", "IRQ", "SAU", "EGY", "BRA", "MEX", "CAN", "POL", "ITA", "ESP"]


def load(path: Path, n: int) -> None:
    from detente.store import Store

    cl = "[" + ", ".join(f"'{c}'" for c in COUNTRIES) + "]"
    with Store(path) as store:
        con = store.con
        t0 = time.perf_counter()
        # One article per 5 events; USA-RUS gets about 4% of the events.
        con.execute(f"""
            CREATE TEMP TABLE syn AS
            SELECT i,
                CASE WHEN i % 25 = 0 THEN 'USA' ELSE {cl}[1 + (hash(i) % {len(COUNTRIES)})::INT] END AS s,
                CASE WHEN i % 25 = 0 THEN 'RUS' ELSE {cl}[1 + (hash(i * 7 + 1) % {len(COUNTRIES)})::INT] END AS t,
                lpad(CAST(1 + hash(i * 3) % 20 AS VARCHAR), 2, '0') AS root,
                DATE '2015-01-01' + CAST(hash(i * 5) % 3650 AS INT) AS d
            FROM range({n}) r(i)""")
        con.execute("""
            INSERT INTO articles (id, title, text, url, published, source, n_events)
            SELECT 'a' || (i // 5), 'Synthetic article ' || (i // 5), 'Synthetic text.', NULL, any_value(d),
                'outlet' || (i // 5 % 50), 5
            FROM syn GROUP BY i // 5""")
        con.execute("""
            INSERT INTO events (event_id, doc_id, source_code, source_country, source_sector, source_name,
                target_code, target_country, target_sector, target_name, cameo, cameo_root, goldstein,
                quad_class, plover_type, date, date_precision, date_fallback, confidence, n_mentions)
            SELECT 'e' || i, 'a' || (i // 5), s || 'GOV', s, 'GOV', s || ' government', t || 'GOV', t, 'GOV',
                t || ' government', root || '0', root, 10 - CAST(root AS INT), CASE WHEN root <= '05' THEN 1
                WHEN root <= '09' THEN 2 WHEN root <= '14' THEN 3 ELSE 4 END,
                CASE WHEN root >= '03' THEN 'CONSULT' END, d, 'day', false, 1.0, 1
            FROM syn""")
        con.execute("""
            INSERT INTO mentions SELECT 'e' || i, 'a' || (i // 5), 0, 'Synthetic sentence number ' || i || '.',
                0, 20, 'met', 10, 'synthetic', NULL FROM syn""")
        con.execute("INSERT INTO event_links SELECT 'e' || i, 'm' || i FROM syn")
        con.execute("""
            INSERT INTO merged_events SELECT 'm' || substr(e.event_id, 2), e.event_id, e.source_code,
                e.source_country, e.source_sector, e.source_name, e.target_code, e.target_country,
                e.target_sector, e.target_name, e.cameo, e.cameo_root, e.goldstein, e.quad_class, e.plover_type,
                NULL, NULL, e.date, e.date_precision, e.date_fallback, NULL, NULL, NULL, NULL, e.confidence,
                1, 1, 1, 1, e.doc_id, NULL, current_timestamp,
                'Synthetic sentence number ' || substr(e.event_id, 2) || '.', e.doc_id,
                [{'event_id': e.event_id, 'doc_id': e.doc_id, 'idx': 0,
                  'sentence': 'Synthetic sentence number ' || substr(e.event_id, 2) || '.', 'start_char': 0,
                  'end_char': 20, 'trigger': 'met', 'trigger_start': 10, 'pattern': 'synthetic',
                  'date_text': NULL, 'title': 'Synthetic article', 'url': NULL, 'source': 'outlet',
                  'published': e.date}]
            FROM events e""")
        con.execute("CHECKPOINT")
        print(f"loaded {n:,} events in {time.perf_counter() - t0:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
    t0 = time.perf_counter()
    with Store(path) as store:  # opening read-write builds the summary the loader bypassed
        rows = store.con.execute("SELECT count(*) FROM dyad_months").fetchone()[0]  # type: ignore[index]
    print(f"built dyad_months at open ({rows:,} rows) in {time.perf_counter() - t0:.1f} s")


def percentiles(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49] * 1000, q[94] * 1000


def timed(fn, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    fn()  # warm up
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def connection_costs(path: Path, n: int) -> dict[str, list[float]]:
    """In-process: one query (table counts, as /health) on three ways of holding the file."""
    import duckdb

    from detente.web.db import SharedFile

    sql = "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), (SELECT count(*) FROM merged_events)"
    kept = duckdb.connect(str(path), read_only=True)

    def on_kept() -> None:
        cur = kept.cursor()
        cur.execute(sql).fetchall()
        cur.close()

    def on_new() -> None:
        con = duckdb.connect(str(path), read_only=True)
        con.execute(sql).fetchall()
        con.close()

    out = {"one connection kept open (former design)": timed(on_kept, n)}
    kept.close()
    shared = SharedFile(path)

    def on_attach() -> None:
        with shared.reader() as cur:
            cur.execute(sql).fetchall()

    out["ATTACH READ_ONLY per request (detente serve)"] = timed(on_attach, n)
    shared.close()
    out["new duckdb.connect(read_only) per request"] = timed(on_new, max(5, n // 4))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()

    import httpx

    import detente.analysis as analysis
    from detente.store import Store
    from detente.web.app import create_app
    from relations_helpers import live_server

    summary = analysis.monthly_stats

    def scan_only(*_: object, **__: object) -> None:
        return None  # the monthly series as before the summary: a scan of merged_events

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        load(path, args.events)
        direct: dict[str, list[float]] = {}
        with Store(path, read_only=True) as store:
            for name, fn in (("scan (before)", scan_only), ("summary (after)", summary)):
                analysis.monthly_stats = fn  # type: ignore[assignment]
                direct[name] = timed(lambda: analysis.relations(store, "USA", "RUS", by="month", top=0),
                                     args.requests // 4)
        analysis.monthly_stats = summary  # type: ignore[assignment]
        cases = {
            "/health (baseline)": ("/health", {}, summary),
            "/relations/USA/RUS?by=month, scan (before)": ("/relations/USA/RUS", {"by": "month", "top": 0}, scan_only),
            "/relations/USA/RUS?by=month (dashboard)": ("/relations/USA/RUS", {"by": "month", "top": 0}, summary),
            "/relations/USA/RUS?by=month&top=3": ("/relations/USA/RUS", {"by": "month", "top": 3}, summary),
            "/relations/USA/RUS?by=week": ("/relations/USA/RUS", {"by": "week", "top": 0}, summary),
            "/events?dyad=USA-RUS": ("/events", {"dyad": "USA-RUS", "limit": 50}, summary),
            "/events?actor=CHN&root=04&since..until": (
                "/events", {"actor": "CHN", "root": "04", "since": "2019-01-01", "until": "2019-12-31"}, summary),
            "/events?q=number 4242": ("/events", {"q": "number 4242", "limit": 10}, summary),
        }
        with live_server(create_app(path, read_only=True)) as url, httpx.Client(base_url=url, timeout=60) as c:
            results = {}
            for name, (route, params, fn) in cases.items():
                analysis.monthly_stats = fn  # type: ignore[assignment]
                n = args.requests if "q=" not in name else max(10, args.requests // 10)
                samples = timed(lambda: c.get(route, params=params).raise_for_status(), n)
                results[name] = percentiles(samples)
            analysis.monthly_stats = summary  # type: ignore[assignment]
        costs = {k: percentiles(v) for k, v in connection_costs(path, args.requests).items()}
        base = results["/health (baseline)"][0]
        print(f"\n{'request':<46} {'p50 ms':>8} {'p95 ms':>8} {'p50/health':>11}")
        for name, (p50, p95) in results.items():
            print(f"{name:<46} {p50:>8.1f} {p95:>8.1f} {p50 / base:>10.1f}x")
        print(f"\n{'in-process analysis.relations(month, top=0)':<46} {'p50 ms':>8} {'p95 ms':>8}")
        for name, samples in direct.items():
            d50, d95 = percentiles(samples)
            print(f"{name:<46} {d50:>8.1f} {d95:>8.1f}")
        print(f"\n{'in-process table counts (/health query) on':<46} {'p50 ms':>8} {'p95 ms':>8}")
        for name, (p50, p95) in costs.items():
            print(f"{name:<46} {p50:>8.1f} {p95:>8.1f}")
        b50, b95 = results["/relations/USA/RUS?by=month, scan (before)"]
        h50, h95 = results["/relations/USA/RUS?by=month (dashboard)"]
        print(f"\nmonthly series over HTTP, after/before: {h50 / b50:.2f}x at p50, {h95 / b95:.2f}x at p95")
        print(f"target p95 < 100 ms for /relations by month: {'met' if h95 < 100 else 'NOT met'} ({h95:.1f} ms)")


if __name__ == "__main__":
    main()
