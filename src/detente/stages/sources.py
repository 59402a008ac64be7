"""Stage ``sources``: read articles from files, directories or stdin.

:func:`read_articles` streams :class:`~detente.model.Article` values out of plain
text, HTML and JSON Lines files (gzipped or not), one article at a time. Bad input
never stops a batch: each problem becomes a :class:`~detente.errors.SourceError`
naming the file and line, handed to ``on_error`` (reading goes on) or raised.

Formats, chosen from the file name unless ``input_format`` is given:

========================  ========  ===============================================
extension                 format    article
========================  ========  ===============================================
``.txt``                  text      first non-empty line is the headline, the rest
                                    is the body
``.html`` ``.htm``        html      the body extracted by trafilatura; headline,
                                    date and URL from the page's metadata
``.jsonl`` ``.ndjson``    jsonl     one JSON object per line: id, title, text, url,
``.json``                           published, source (field names configurable)
any of these + ``.gz``    same      read through gzip
========================  ========  ===============================================
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
import zlib
from collections.abc import Callable, Iterator
from datetime import date, datetime
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, cast

from detente.errors import ConfigError, SourceError
from detente.model import Article

__all__ = ["InputFormat", "FORMATS", "read_articles", "parse_published", "stable_id"]

InputFormat = Literal["text", "html", "jsonl"]
FORMATS: tuple[InputFormat, ...] = ("text", "html", "jsonl")

_EXTENSIONS: dict[str, InputFormat] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
_SNIFF_BYTES = 8192
_STDIN = "<stdin>"
#: A first line ending in sentence punctuation with at least this many words is prose,
#: not a headline: such a text file has no headline.
_PROSE_WORDS = 15

ErrorHandler = Callable[[SourceError], None]


def read_articles(
    path: str | Path,
    *,
    input_format: str | None = None,
    text_field: str = "text",
    title_field: str = "title",
    date_field: str = "published",
    id_field: str = "id",
    on_error: ErrorHandler | None = None,
) -> Iterator[Article]:
    """Yield the articles in a file, a directory (recursively, in name order) or ``"-"`` (stdin).

    ``input_format`` (``text``, ``html`` or ``jsonl``) overrides detection from the
    extension; in a directory it makes every non-hidden file be read in that format,
    otherwise only files with a known extension are read. Stdin is text unless told.
    The ``*_field`` options name the JSON fields holding the text, headline, date and
    id (the Article-Bias-Prediction corpus needs ``text_field="content_original",
    date_field="date", id_field="ID"``).

    Each unreadable article raises :class:`SourceError` (origin ``"file:line"``), or,
    when ``on_error`` is given, is passed to it and skipped. An unknown
    ``input_format`` raises :class:`~detente.errors.ConfigError` at once.
    """
    if input_format is not None and input_format not in FORMATS:
        raise ConfigError(f"input_format must be one of {', '.join(FORMATS)}, not {input_format!r}")
    fields = _Fields(text=text_field, title=title_field, date=date_field, id=id_field)
    return _iter_articles(path, cast("InputFormat | None", input_format), fields, on_error or _raise)


def _iter_articles(path: str | Path, fmt: InputFormat | None, fields: _Fields, report: ErrorHandler) -> Iterator[Article]:
    if str(path) == "-":
        yield from _guard(_read_stdin(fmt or "text", fields, report), _STDIN, report)
        return
    root = Path(path)
    if root.is_dir():
        for file in _walk(root, everything=fmt is not None, report=report):
            yield from _read_file(file, fmt, fields, report)
    elif root.exists():
        yield from _read_file(root, fmt, fields, report)
    else:
        report(SourceError(str(path), "no such file or directory"))


def parse_published(value: str | None) -> date | None:
    """Parse a publication date: ISO 8601 or a common written form; None for blank.

    Accepts ``2021-06-20``, ``2021-06-20T10:00:00Z``, ``2019-07-04 12:00:00``,
    ``June 20, 2021``, ``20 Jun 2021``, ``Sun, 20 Jun 2021 10:00:00 +0000``. The date
    is the one written (no time-zone conversion); ``06/07/2021`` is read month first.
    Raises ``ValueError`` for text that is not a date or lacks the year, month or day.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    from dateutil import parser as dateparser

    try:
        first = dateparser.parse(text, default=datetime(2000, 1, 1), ignoretz=True)
        second = dateparser.parse(text, default=datetime(2004, 12, 28), ignoretz=True)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a date: {text!r}") from exc
    if first.date() != second.date():
        raise ValueError(f"not a full date (year, month and day): {text!r}")
    return first.date()


def stable_id(text: str) -> str:
    """The id of an article that has none: the first 16 hex digits of the text's SHA-1."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- plumbing


@dataclass(frozen=True, slots=True)
class _Fields:
    """Names of the JSON fields an article is read from."""

    text: str
    title: str
    date: str
    id: str


def _raise(error: SourceError) -> None:
    raise error


def _guard(articles: Iterator[Article], origin: str, report: ErrorHandler) -> Iterator[Article]:
    """Turn I/O failures while streaming (truncated gzip, unreadable file) into SourceErrors."""
    try:
        yield from articles
    except SourceError:
        raise
    except (OSError, EOFError, zlib.error) as exc:
        report(SourceError(origin, _describe_io_error(exc)))


def _describe_io_error(exc: BaseException) -> str:
    if isinstance(exc, gzip.BadGzipFile) or isinstance(exc, zlib.error):
        return f"not a valid gzip file ({exc})"
    if isinstance(exc, EOFError):
        return "gzip file is truncated"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    return f"cannot read: {exc}"


def _walk(root: Path, *, everything: bool, report: ErrorHandler) -> Iterator[Path]:
    """Non-hidden files under ``root``, depth first, in name order."""
    try:
        entries = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        report(SourceError(str(root), _describe_io_error(exc)))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, everything=everything, report=report)
        elif entry.is_file() and (everything or _format_of(entry) is not None):
            yield entry


def _format_of(path: Path) -> InputFormat | None:
    return _EXTENSIONS.get(_base_suffix(path))


def _base_suffix(path: Path) -> str:
    """The extension that names the format: ``articles.jsonl.gz`` → ``.jsonl``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _is_gzip(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def _read_file(path: Path, fmt: InputFormat | None, fields: _Fields, report: ErrorHandler) -> Iterator[Article]:
    origin = str(path)
    fmt = fmt or _format_of(path)
    if fmt is None:
        report(SourceError(origin, "cannot tell the format from the file name; pass input_format='text', 'html' or 'jsonl'"))
        return
    try:
        stream: IO[bytes] = gzip.open(path, "rb") if _is_gzip(path) else path.open("rb")
    except OSError as exc:
        report(SourceError(origin, _describe_io_error(exc)))
        return
    with stream:
        articles = _read_stream(stream, origin, fmt, fields, report, json_document=_base_suffix(path) == ".json")
        yield from _guard(articles, origin, report)


def _read_stdin(fmt: InputFormat, fields: _Fields, report: ErrorHandler) -> Iterator[Article]:
    yield from _read_stream(sys.stdin.buffer, _STDIN, fmt, fields, report)


def _read_stream(
    stream: IO[bytes],
    origin: str,
    fmt: InputFormat,
    fields: _Fields,
    report: ErrorHandler,
    *,
    json_document: bool = False,
) -> Iterator[Article]:
    if fmt == "jsonl":
        yield from _read_jsonl(stream, origin, fields, report, json_document=json_document)
        return
    data = stream.read()
    problem = _check_bytes(data)
    if problem:
        report(SourceError(origin, problem))
        return
    if fmt == "html":
        article = _html_article(data, origin, report)
    else:
        article = _text_article(data, origin, report)
    if article is not None:
        yield article


def _check_bytes(data: bytes) -> str | None:
    if not data.strip():
        return "empty file"
    if b"\x00" in data[:_SNIFF_BYTES]:
        return "binary file, not text (it holds NUL bytes)"
    return None


def _decode(data: bytes, origin: str, *, first_line: int = 1) -> str | SourceError:
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        return SourceError(f"{origin}:{line}", f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); convert the file to UTF-8")


# --------------------------------------------------------------------------- text


def _text_article(data: bytes, origin: str, report: ErrorHandler) -> Article | None:
    text = _decode(data, origin)
    if isinstance(text, SourceError):
        report(text)
        return None
    title, body = _split_title(text.strip())
    if not body:
        report(SourceError(origin, "no article text after the headline"))
        return None
    return Article(id=stable_id(body), text=body, title=title, origin=origin)


def _split_title(text: str) -> tuple[str, str]:
    """The first line is the headline unless it reads as prose (a long, finished sentence)."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    stripped = first.rstrip("\"'”’)")
    if stripped[-1:] in (".", "!", "?", "…") and len(first.split()) >= _PROSE_WORDS:
        return "", text
    return first, rest.strip("\n").rstrip()


# --------------------------------------------------------------------------- HTML


def _html_article(data: bytes, origin: str, report: ErrorHandler) -> Article | None:
    import trafilatura

    extracted = trafilatura.extract(data, include_comments=False, output_format="txt", favor_precision=False)
    if not extracted or not extracted.strip():
        report(SourceError(origin, "no article text could be extracted from the HTML"))
        return None
    title, url, published = _html_metadata(data)
    lines = [line.strip() for line in extracted.replace("\r\n", "\n").split("\n") if line.strip()]
    if title and lines and " ".join(lines[0].split()).casefold() == " ".join(title.split()).casefold():
        lines = lines[1:]
    if not lines:
        report(SourceError(origin, "no article text could be extracted from the HTML"))
        return None
    body = "\n\n".join(lines)
    return Article(id=stable_id(body), text=body, title=title, url=url, published=published, origin=origin)


def _html_metadata(data: bytes) -> tuple[str, str | None, date | None]:
    import trafilatura
    from trafilatura.metadata import extract_metadata

    tree = trafilatura.load_html(data)
    if tree is None:
        return "", None, None
    try:
        meta = extract_metadata(tree, extensive=False)
    except Exception:  # noqa: BLE001 - metadata is a bonus; a broken page still has its text
        return "", None, None
    try:
        published = parse_published(meta.date) if meta.date else None
    except ValueError:
        published = None
    return (meta.title or "").strip(), meta.url or None, published


# --------------------------------------------------------------------------- JSON Lines


def _read_jsonl(stream: IO[bytes], origin: str, fields: _Fields, report: ErrorHandler, *, json_document: bool) -> Iterator[Article]:
    peek = getattr(stream, "peek", None)
    head = peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if peek is not None else b""
    if b"\x00" in head:
        report(SourceError(origin, "binary file, not text (it holds NUL bytes)"))
        return
    seen = False
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        if not seen and json_document and _is_document_start(raw):
            yield from _read_json_document(raw + stream.read(), origin, fields, report, first_line=number)
            return
        seen = True
        where = f"{origin}:{number}"
        line = _decode(raw, origin, first_line=number)
        if isinstance(line, SourceError):
            report(line)
            continue
        try:
            record = json.loads(line.strip())
        except json.JSONDecodeError as exc:
            report(SourceError(where, f"malformed JSON ({exc.msg} at column {exc.colno})"))
            continue
        article = _record_article(record, where, fields, report)
        if article is not None:
            yield article
    if not seen:
        report(SourceError(origin, "empty file"))


def _is_document_start(raw: bytes) -> bool:
    """A ``.json`` file opening with ``[`` or a lone ``{`` holds one (pretty-printed) document."""
    stripped = raw.strip()
    return stripped.startswith(b"[") or stripped == b"{"


def _read_json_document(data: bytes, origin: str, fields: _Fields, report: ErrorHandler, *, first_line: int) -> Iterator[Article]:
    text = _decode(data, origin, first_line=first_line)
    if isinstance(text, SourceError):
        report(text)
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        report(SourceError(f"{origin}:{first_line + exc.lineno - 1}", f"malformed JSON ({exc.msg} at column {exc.colno})"))
        return
    records = document if isinstance(document, list) else [document]
    for index, record in enumerate(records):
        where = f"{origin}[{index}]" if isinstance(document, list) else origin
        article = _record_article(record, where, fields, report)
        if article is not None:
            yield article


def _record_article(record: Any, where: str, fields: _Fields, report: ErrorHandler) -> Article | None:
    if not isinstance(record, dict):
        report(SourceError(where, f"expected a JSON object, got {type(record).__name__}"))
        return None
    text = record.get(fields.text)
    if text is None:
        report(SourceError(where, f"no {fields.text!r} field; pass text_field=... to read the text from another field"))
        return None
    if not isinstance(text, str):
        report(SourceError(where, f"field {fields.text!r} is not a string"))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        report(SourceError(where, f"field {fields.text!r} is empty"))
        return None
    try:
        published = parse_published(_optional_str(record.get(fields.date)))
    except ValueError as exc:
        report(SourceError(where, f"field {fields.date!r}: {exc}"))
        return None
    raw_id = record.get(fields.id)
    return Article(
        id=str(raw_id) if raw_id not in (None, "") else stable_id(text),
        text=text,
        title=_optional_str(record.get(fields.title)) or "",
        url=_optional_str(record.get("url")),
        published=published,
        source=_optional_str(record.get("source")),
        origin=where,
    )


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
