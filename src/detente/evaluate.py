"""Evaluation on gold data: gold readers, the coder run, and the metrics of ``detente eval``.

Three gold formats are read into one :class:`GoldRecord` list:

``plover-gsr``
    The PLOVER gold-standard records (``PLOVER_GSR_CAMEO.json``, PLOVER 0.5): a JSON
    list of records with ``text``, ``event`` (a PLOVER type), ``source``/``target``
    actor lists and a ``textInfo.markup`` whose ``SRC/TAR`` marks actors that act on
    each other.
``petrarch-xml``
    PETRARCH's validation files (``PETR.UnitTest.records.xml``, ``PETR2_GSR_validation.xml``):
    ``<Sentence id= date= category=>`` followed by ``<EventCoding sourcecode= targetcode=
    eventcode=>`` (or ``noevents="True"``) and ``<Text>``. Read with regular expressions,
    because some of these files are not well-formed XML.
``jsonl``
    detente's own format, one sentence a line (docs/coder.md)::

        {"id": "s1", "text": "...", "published": "2021-06-16", "category": "news",
         "events": [{"source": "USA", "target": "RUS", "cameo": "042", "plover": "CONSULT"}]}

The metrics (docs/coder.md) compare, sentence by sentence, the set of gold tuples with
the set of coded tuples at four levels: (a) an event detected, (b) the root code (CAMEO
root, or PLOVER type), (c) the source and target country, (d) the full triple.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from detente.errors import ConfigError
from detente.model import Actor, Article, Event

__all__ = [
    "GoldEvent",
    "GoldRecord",
    "Score",
    "Report",
    "FORMATS",
    "read_gold",
    "detect_format",
    "gold_environment",
    "evaluate",
    "actor_key",
    "PLOVER_ALIASES",
]

Ontology = Literal["cameo", "plover"]
FORMATS = ("plover-gsr", "petrarch-xml", "jsonl")

#: PLOVER 0.5 type names (the GSR file) -> the 2021 names detente codes.
PLOVER_ALIASES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
#: Country codes mistyped in the PLOVER GSR file (CAMEO uses ISO 3166-1 alpha-3).
CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One gold event. Codes are as the gold file gives them (``USAGOV``, ``042``)."""

    source: str | None
    target: str | None
    cameo: str | None = None
    plover: str | None = None


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One gold sentence with its events (none for a ``noevents`` record)."""

    id: str
    text: str
    published: date | None = None
    category: str = ""
    events: tuple[GoldEvent, ...] = ()
    #: The PETRARCH ``<Config option= value=>`` lines in force for this record, in file order.
    options: tuple[tuple[str, str], ...] = ()


# --------------------------------------------------------------------------- readers


def detect_format(path: str | Path) -> str:
    name = str(path).lower()
    if name.endswith(".xml"):
        return "petrarch-xml"
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return "jsonl"
    if name.endswith(".json"):
        return "plover-gsr"
    raise ConfigError(f"Cannot tell the gold format of {path}; pass --format plover-gsr|petrarch-xml|jsonl")


def read_gold(path: str | Path, fmt: str | None = None) -> list[GoldRecord]:
    """Read a gold file in one of :data:`FORMATS` (guessed from the extension if ``fmt`` is None)."""
    fmt = fmt or detect_format(path)
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ConfigError(f"Cannot read gold file {path}: {exc.strerror}") from exc
    if fmt == "plover-gsr":
        return list(_read_plover(text, str(path)))
    if fmt == "petrarch-xml":
        return list(_read_petrarch(text))
    if fmt == "jsonl":
        return list(_read_jsonl(text, str(path)))
    raise ConfigError(f"Unknown gold format {fmt!r}; use one of {', '.join(FORMATS)}")


def _day(text: str | None) -> date | None:
    if not text:
        return None
    digits = text.replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _code(a: object) -> str | None:
    if isinstance(a, dict):
        code = (a.get("code") or "").strip().upper()
        sector = (a.get("sector") or "").strip().upper()
        if not code:
            return None
        code = CODE_ALIASES.get(code, code)
        return code + (sector if len(sector) == 3 else "")
    return None


def _read_plover(text: str, origin: str) -> Iterator[GoldRecord]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{origin} is not PLOVER GSR JSON: {exc}") from exc
    for r in data:
        if r.get("event") == "DOCUMENT" or not r.get("text"):
            continue
        sources = [c for c in map(_code, _as_list(r.get("source"))) if c]
        targets = [c for c in map(_code, _as_list(r.get("target"))) if c]
        info = r.get("textInfo")
        markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")
        mutual = len(re.findall(r"\(SRC/TAR:", markup))
        ptype = PLOVER_ALIASES.get(r["event"], r["event"])
        if not targets and len(sources) > 1 and mutual >= 2:
            pairs = [(s, t) for s in sources for t in sources if s != t]
        else:
            pairs = [(s, t) for s in sources for t in (targets or [None])]
        events = tuple(GoldEvent(s, t, None, ptype) for s, t in pairs) or (GoldEvent(None, None, None, ptype),)
        yield GoldRecord(r["id"], " ".join(r["text"].split()), _day(r.get("date")), r["event"], events)


def _as_list(x: object) -> list[object]:
    if isinstance(x, list):
        return x
    return [x] if isinstance(x, dict) else []


_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_TAG_RE = re.compile(r"<(Sentence|EventCoding|Config)\b([^>]*)>|<Text>(.*?)</Text>", re.S)
_ATTR_RE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _read_petrarch(text: str) -> Iterator[GoldRecord]:
    text = _COMMENT_RE.sub("", text)
    text = re.sub(r"<Parse>.*?</Parse>", "", text, flags=re.S)
    current: dict[str, object] | None = None
    options: list[tuple[str, str]] = []

    def finish(rec: dict[str, object]) -> GoldRecord:
        return GoldRecord(str(rec["id"]), str(rec.get("text", "")), _day(str(rec.get("date", ""))),
                          str(rec.get("category", "")), tuple(rec["events"]),  # type: ignore[arg-type]
                          tuple(rec["options"]))  # type: ignore[arg-type]

    for m in _TAG_RE.finditer(text):
        tag, attrs, body = m.group(1), m.group(2), m.group(3)
        if tag == "Config":
            a = {k.lower(): v1 or v2 for k, v1, v2 in _ATTR_RE.findall(attrs)}
            if a.get("option"):
                options.append((a["option"], a.get("value", "")))
        elif tag == "Sentence":
            if current is not None and current.get("text"):
                yield finish(current)
            a = {k: v1 or v2 for k, v1, v2 in _ATTR_RE.findall(attrs)}
            current = {"id": a.get("id", ""), "date": a.get("date", ""), "category": a.get("category", ""),
                       "events": [], "options": list(options)}
        elif tag == "EventCoding" and current is not None:
            a = {k.lower(): v1 or v2 for k, v1, v2 in _ATTR_RE.findall(attrs)}
            if a.get("noevents", "").lower() == "true" or not a.get("eventcode"):
                continue
            # a new actor's code is its words, quoted ('"THE MINISTRY OF MAGIC"')
            src = a.get("sourcecode", "").strip().strip('"') or None
            tgt = a.get("targetcode", "").strip().strip('"') or None
            current["events"].append(GoldEvent(src, None if tgt == "---" else tgt, a["eventcode"]))  # type: ignore[union-attr]
        elif body is not None and current is not None and "text" not in current:
            current["text"] = " ".join(html.unescape(body).split())
    if current is not None and current.get("text"):
        yield finish(current)


def _read_jsonl(text: str, origin: str) -> Iterator[GoldRecord]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{origin}:{n}: not JSON: {exc}") from exc
        if "text" not in r:
            raise ConfigError(f"{origin}:{n}: a gold record needs a 'text' field")
        events = tuple(
            GoldEvent(e.get("source"), e.get("target"), e.get("cameo"),
                      PLOVER_ALIASES.get(e.get("plover") or "", e.get("plover")))
            for e in r.get("events", [])
        )
        yield GoldRecord(str(r.get("id", n)), " ".join(r["text"].split()), _day(r.get("published")),
                         r.get("category", ""), events)


def gold_environment(path: str | Path) -> dict[str, list[str]]:
    """The ``<Environment>`` of a PETRARCH validation file: Verbfile, Actorfile, Agentfile, ..."""
    text = _COMMENT_RE.sub("", Path(path).read_text(encoding="utf-8", errors="replace"))
    env = re.search(r"<Environment>(.*?)</Environment>", text, re.S)
    if not env:
        return {}
    out: dict[str, list[str]] = {}
    for tag, value in re.findall(r"<(\w+)>([^<]*)</\1>", env.group(1)):
        out[tag] = [v.strip() for v in value.split(",") if v.strip()]
    return out


# --------------------------------------------------------------------------- scoring


def actor_key(code: str | None) -> str | None:
    """The country part of an actor code (``USAGOV`` -> ``USA``; ``IGOUNO`` -> ``IGO``)."""
    if not code:
        return None
    code = code.strip().upper()
    if code.startswith("---") or code.startswith("###"):
        return None
    return code[:3]


def _event_key(a: Actor | None) -> str | None:
    if a is None:
        return None
    return a.country or actor_key(a.code)


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set[object], pred: set[object]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)


LEVELS = ("event", "root", "dyad", "triple")
LEVEL_NAMES = {
    "event": "(a) event detected",
    "root": "(b) root / type",
    "dyad": "(c) source+target",
    "triple": "(d) full triple",
}


@dataclass(slots=True)
class Outcome:
    """One record's result: what was coded, and whether it matched exactly (PETRARCH's test)."""

    record: GoldRecord
    coded: list[tuple[str, str, str]]
    passed: bool


@dataclass(slots=True)
class Report:
    """Scores at the four levels, the root confusion counts, and per-category pass counts."""

    ontology: Ontology
    scores: dict[str, Score] = field(default_factory=lambda: {k: Score() for k in LEVELS})
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    found: int = 0  # gold records with an event where the coder found one
    found_right: int = 0  # ... and one of its roots is a gold root
    categories: dict[str, list[int]] = field(default_factory=dict)  # category -> [passed, total]
    outcomes: list[Outcome] = field(default_factory=list)
    records: int = 0

    @property
    def root_accuracy(self) -> float:
        return self.found_right / self.found if self.found else 0.0

    @property
    def passed(self) -> int:
        return sum(p for p, _ in self.categories.values())

    def to_dict(self) -> dict[str, object]:
        return {
            "ontology": self.ontology,
            "records": self.records,
            "scores": {
                k: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                    "tp": s.tp, "fp": s.fp, "fn": s.fn}
                for k, s in self.scores.items()
            },
            "root_accuracy_where_found": round(self.root_accuracy, 4),
            "found": self.found,
            "categories": {k: {"passed": p, "total": t} for k, (p, t) in sorted(self.categories.items())},
            "confusion": [[g, p, n] for (g, p), n in sorted(self.confusion.items())],
        }


def _root(code: str | None, ontology: Ontology, plover: str | None, book: object) -> str | None:
    if ontology == "plover":
        if plover:
            return plover
        if code:
            p = book.plover(code)  # type: ignore[attr-defined]
            return p.type if p else None
        return None
    return code[:2] if code else None


def score_record(
    report: Report, record: GoldRecord, events: Sequence[Event], book: object, exact_codes: bool = False
) -> Outcome:
    """Add one record's comparison to ``report``; return its outcome."""
    onto = report.ontology
    gold = [(actor_key(g.source), actor_key(g.target), _root(g.cameo, onto, g.plover, book)) for g in record.events]
    # A coded event's PLOVER type is the one the coder gave it (none for the CAMEO-only
    # reverse copy of a visit or meeting), not one re-derived from its CAMEO code.
    pred = [
        (_event_key(e.source), _event_key(e.target),
         (e.plover.type if e.plover else None) if onto == "plover" else _root(e.cameo, onto, None, book))
        for e in events
    ]
    if onto == "plover":
        # PLOVER has no type for CAMEO's statements and appeals (01, 02): in PLOVER terms
        # they are not events, so they are neither right nor wrong here.
        pred = [p for p in pred if p[2] is not None]
    sc = report.scores
    has_g, has_p = bool(gold), bool(pred)
    sc["event"].tp += int(has_g and has_p)
    sc["event"].fp += int(has_p and not has_g)
    sc["event"].fn += int(has_g and not has_p)
    g_roots = {r for _, _, r in gold if r}
    p_roots = {r for _, _, r in pred if r}
    sc["root"].add(g_roots, p_roots)
    sc["dyad"].add({(s, t) for s, t, _ in gold}, {(s, t) for s, t, _ in pred})
    sc["triple"].add(set(gold), set(pred))
    if has_g and has_p:
        report.found += 1
        report.found_right += int(bool(g_roots & p_roots))
    first = next(iter(sorted(p_roots)), "none")
    for g in sorted(g_roots):
        report.confusion[(g, g if g in p_roots else first)] += 1
    if not g_roots:
        for p in sorted(p_roots):
            report.confusion[("none", p)] += 1
    coded = sorted({(e.source.code, e.target.code if e.target else "---", e.cameo) for e in events})
    want = sorted({(g.source or "---", g.target or "---", g.cameo or "") for g in record.events})
    if exact_codes:
        passed = coded == want
    else:
        passed = set(gold) == set(pred)
    cat = report.categories.setdefault(record.category or "-", [0, 0])
    cat[0] += int(passed)
    cat[1] += 1
    report.records += 1
    outcome = Outcome(record, coded, passed)
    report.outcomes.append(outcome)
    return outcome


def evaluate(
    records: Iterable[GoldRecord],
    pipeline: object,
    ontology: Ontology = "cameo",
    exact_codes: bool = False,
) -> Report:
    """Code every gold record's text with ``pipeline`` and score it.

    ``exact_codes`` makes a record pass only when the coded (source, target, event) codes
    equal the gold ones exactly, as PETRARCH's unit tests require (with PETRARCH's
    ``require_dyad`` option, on unless the file's ``<Config>`` turns it off); otherwise a record
    passes when its country-level triples match.
    """
    from detente.dictionaries.codebook import load_codebook

    book = load_codebook()
    report = Report(ontology)
    records = list(records)
    # Articles are numbered: a validation file may reuse a record id (AGENTS-18 twice).
    articles = [
        Article(id=f"{n}", text=r.text, published=r.published or date(2000, 1, 1), origin=f"gold:{r.id}")
        for n, r in enumerate(records)
    ]
    coder = getattr(pipeline, "coder", None)
    rules = getattr(coder, "petrarch", None)
    resources = getattr(pipeline, "actor_resources", None) if exact_codes else None
    # PETRARCH's <Config> lines change its coding rules from the record they precede on:
    # code each run of records under the same options with those rules.
    groups: list[tuple[tuple[tuple[str, str], ...], list[int]]] = []
    for n, r in enumerate(records):
        key = r.options if (rules is not None or resources is not None) else ()
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        groups[-1][1].append(n)
    before = resources.new_actor_length if resources is not None else 0
    try:
        for key, group in groups:
            if rules is not None:
                coder.petrarch = rules.configured(key)  # type: ignore[union-attr]
            if resources is not None:
                resources.new_actor_length = _new_actor_length(key)
            for coded in pipeline.run([articles[n] for n in group], clean=False):  # type: ignore[attr-defined]
                score_record(report, records[int(coded.article.id)], coded.events, book, exact_codes)
    finally:
        if rules is not None:
            coder.petrarch = rules  # type: ignore[union-attr]
        if resources is not None:
            resources.new_actor_length = before
    return report


def _new_actor_length(options: tuple[tuple[str, str], ...]) -> int:
    """PETRARCH's ``new_actor_length`` among a record's ``<Config>`` options (0: off)."""
    length = 0
    for name, value in options:
        if name.strip().lower() == "new_actor_length" and value.strip().isdigit():
            length = int(value.strip())
    return length


# --------------------------------------------------------------------------- printing


def format_report(report: Report, title: str = "", show_categories: bool = True) -> str:
    lines = []
    if title:
        lines.append(title)
    onto = "PLOVER type" if report.ontology == "plover" else "CAMEO root"
    lines.append(f"{report.records} records; roots compared as {onto}")
    lines.append(f"{'level':<22} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for k in LEVELS:
        s = report.scores[k]
        lines.append(f"{LEVEL_NAMES[k]:<22} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} "
                     f"{s.tp:>5} {s.fp:>5} {s.fn:>5}")
    lines.append(f"root accuracy where an event is found: {report.root_accuracy:.3f} "
                 f"({report.found_right}/{report.found})")
    if show_categories and report.categories:
        total = sum(t for _, t in report.categories.values())
        lines.append(f"passed {report.passed}/{total} ({report.passed / total:.1%}) by category:")
        for cat, (p, t) in sorted(report.categories.items()):
            lines.append(f"  {cat:<12} {p:>4}/{t:<4} {p / t:>6.1%}")
    lines.append("")
    lines.append(format_confusion(report.confusion))
    return "\n".join(lines)


def format_confusion(confusion: Counter[tuple[str, str]]) -> str:
    """Rows: gold root; columns: the coded root ("none": nothing coded)."""
    if not confusion:
        return "confusion: empty"
    gold = sorted({g for g, _ in confusion}, key=lambda x: (x == "none", x))
    pred = sorted({p for _, p in confusion}, key=lambda x: (x == "none", x))
    w = max(4, *(len(p) for p in pred))
    out = ["confusion (rows gold, columns coded):", f"{'':<{w}} " + " ".join(f"{p[:w]:>{w}}" for p in pred)]
    for g in gold:
        cells = " ".join(f"{(confusion.get((g, p)) or '.'):>{w}}" for p in pred)
        out.append(f"{g[:w]:<{w}} {cells}")
    return "\n".join(out)
