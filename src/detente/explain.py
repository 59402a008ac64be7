"""``detente explain``: the coder's own trace, printed sentence by sentence.

Nothing here re-derives a decision: :meth:`Pipeline.code_parsed` runs with a trace list,
the event stage appends a :class:`~detente.stages.events.SentenceNote` per sentence and a
:class:`~detente.stages.events.Decision` per candidate (coded or dropped, with the reason),
and this module formats them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Literal

from detente.model import Article, Event
from detente.stages.events import Decision, SentenceNote

__all__ = ["trace_text", "format_trace", "explain_text"]


def trace_text(pipeline: object, text: str, published: date | None = None) -> tuple[list[object], list[Event]]:
    """Code ``text`` with ``pipeline`` and return (trace, events)."""
    from detente.stages.nlp import parse_one

    article = Article(id=hashlib.sha1(text.encode("utf-8")).hexdigest()[:16], text=text, published=published,
                      origin="<explain>")
    parsed = parse_one(article, pipeline.nlp)  # type: ignore[attr-defined]
    trace: list[object] = []
    events = pipeline.code_parsed(parsed, trace)  # type: ignore[attr-defined]
    return trace, events


def _parse_lines(note: SentenceNote) -> list[str]:
    out = []
    for i, text, lemma, pos, dep, head in note.tokens:
        arrow = "ROOT" if head == i else f"{dep} <- {head}"
        out.append(f"    {i:>3} {text:<16} {lemma:<14} {pos:<6} {arrow}")
    return out


def format_trace(
    trace: Sequence[object],
    events: Sequence[Event] = (),
    ontology: Literal["cameo", "plover"] = "cameo",
    show_parse: bool = True,
) -> str:
    from detente.dictionaries.codebook import load_codebook

    book = load_codebook()
    lines: list[str] = []
    for item in trace:
        if isinstance(item, SentenceNote):
            lines.append("")
            lines.append(f"sentence {item.sentence + 1}: {item.text}")
            if show_parse:
                lines.append("  parse:")
                lines.extend(_parse_lines(item))
            if item.tags:
                lines.append("  actors in the dictionaries:")
                for text, code, kind, source, entry in item.tags:
                    lines.append(f"    {text!r:<28} {code:<10} {kind:<8} ({source}: {entry})")
            else:
                lines.append("  actors in the dictionaries: none")
            lines.append("  candidates:")
        elif isinstance(item, Decision):
            lines.append("    " + _decision_line(item, book, ontology))
    lines.append("")
    lines.append(f"{len(events)} event(s) after merging mentions:")
    for e in events:
        tgt = e.target.code if e.target else "---"
        lead = e.plover.type if ontology == "plover" and e.plover else e.cameo
        other = e.cameo if ontology == "plover" else (e.plover.type if e.plover else "")
        lines.append(f"  {e.source.code} -> {tgt}  {lead} ({other})  {e.date_str or '-'}"
                     f"{'  at ' + e.location.name if e.location else ''}")
    return "\n".join(lines).lstrip("\n") + "\n"


def _decision_line(d: Decision, book: object, ontology: str) -> str:
    code = d.code or "-"
    label = code
    if d.code:
        try:
            entry = book.lookup(d.code)  # type: ignore[attr-defined]
            plover = book.plover(d.code)  # type: ignore[attr-defined]
            name = entry.name
            ptype = plover.type if plover else ""
            label = f"{ptype} [{code}] {name}" if ontology == "plover" else f"{code} {name} [{ptype}]"
        except Exception:  # an unknown code still prints
            pass
    where = f" @ {d.origin}" if d.origin else ""
    mood = "" if d.modality == "asserted" else f" <{d.modality}>"
    if d.outcome == "coded":
        head = f"CODED   {d.trigger!r}: {d.source or '?'} -> {d.target or '---'}  {label}{mood}"
    else:
        head = f"DROPPED {d.trigger!r}: {label}{mood} -- {d.outcome}"
    parts = [head, f"        pattern: {d.pattern}{where}"]
    if d.outcome != "coded" and (d.sources or d.targets):
        parts.append(f"        sources: {', '.join(d.sources) or '-'}; targets: {', '.join(d.targets) or '-'}")
    return "\n    ".join(parts)


def explain_text(
    pipeline: object,
    text: str,
    published: date | None = None,
    ontology: Literal["cameo", "plover"] = "cameo",
    show_parse: bool = True,
) -> str:
    """The printed explanation of how ``pipeline`` codes ``text``."""
    trace, events = trace_text(pipeline, text, published)
    return format_trace(trace, events, ontology, show_parse)
