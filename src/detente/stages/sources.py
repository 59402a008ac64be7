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
``.rss`` ``.atom``        feed      one per RSS/Atom entry: the entry's content (or
``.xml``                            summary); with ``fetch_links`` the linked page
``.warc``                 warc      one per HTML ``response`` record (CC-NEWS): the
                                    page's body, URL and date
any of these + ``.gz``    same      read through gzip, bz2 or xz (also recognised
``.bz2`` ``.xz``                    from the file's first bytes)
========================  ========  ===============================================

``http://`` and ``https://`` paths are fetched (feeds or single pages); this and
``fetch_links`` are the only network access in detente.

Limits: a file or record of ``max_bytes`` (10 MB) or more, and an article text longer
than :data:`MAX_TEXT_CHARS` (what the parser accepts), are refused with a
``too-large`` error; a publication date after tomorrow is a ``date`` error.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import json
import lzma
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Literal, cast

from detente.errors import ConfigError, SourceError
from detente.model import Article

__all__ = [
    "InputFormat",
    "FORMATS",
    "MAX_BYTES",
    "MAX_TEXT_CHARS",
    "read_articles",
    "extract_html",
    "parse_published",
    "stable_id",
]

InputFormat = Literal["text", "html", "jsonl", "feed", "warc"]
FORMATS: tuple[InputFormat, ...] = ("text", "html", "jsonl", "feed", "warc")

#: Files, JSON lines and WARC records of this many bytes or more are refused.
MAX_BYTES = 10_000_000
#: An HTML page whose extracted body has fewer words than this holds no article.
MIN_ARTICLE_WORDS = 8
#: Article texts longer than this are refused: spaCy's parser takes at most 1,000,000 characters.
MAX_TEXT_CHARS = 1_000_000

_EXTENSIONS: dict[str, InputFormat] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
    ".arc": "warc",
}
_COMPRESSED = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz"}
_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"))
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
    max_bytes: int = MAX_BYTES,
    fetch_links: bool = False,
) -> Iterator[Article]:
    """Yield the articles in a file, a directory (recursively, in name order) or ``"-"`` (stdin).

    ``input_format`` (``text``, ``html``, ``jsonl``, ``feed`` or ``warc``) overrides detection from the
    extension; in a directory it makes every non-hidden file be read in that format,
    otherwise only files with a known extension are read. Stdin is text unless told.
    The ``*_field`` options name the JSON fields holding the text, headline, date and
    id (the Article-Bias-Prediction corpus needs ``text_field="content_original",
    date_field="date", id_field="ID"``).

    ``path`` may be an ``http(s)://`` URL of a feed or a page. ``fetch_links`` makes
    feed entries be read from the pages they link to (network) rather than from the
    feed's own text. ``max_bytes`` bounds the size of one file, line or record.

    Each unreadable article raises :class:`SourceError` (origin ``"file:line"``), or,
    when ``on_error`` is given, is passed to it and skipped. An unknown
    ``input_format`` raises :class:`~detente.errors.ConfigError` at once.
    """
    if input_format is not None and input_format not in FORMATS:
        raise ConfigError(f"input_format must be one of {', '.join(FORMATS)}, not {input_format!r}")
    fields = _Fields(text=text_field, title=title_field, date=date_field, id=id_field,
                     max_bytes=max_bytes, fetch_links=fetch_links)
    report = on_error or _raise
    return _checked(_iter_articles(path, cast("InputFormat | None", input_format), fields, report), report)


def _checked(articles: Iterator[Article], report: ErrorHandler) -> Iterator[Article]:
    """The checks every article passes, whatever it was read from: size and date."""
    latest = date.today() + timedelta(days=1)  # a day's grace for time zones
    for article in articles:
        where = article.origin or article.id
        if len(article.text) > MAX_TEXT_CHARS:
            report(SourceError(where, f"article text has {len(article.text):,} characters; at most "
                                      f"{MAX_TEXT_CHARS:,} can be parsed (split the article)", "too-large"))
        elif article.published is not None and article.published > latest:
            report(SourceError(where, f"publication date {article.published.isoformat()} is in the future", "date"))
        else:
            yield article


def _iter_articles(path: str | Path, fmt: InputFormat | None, fields: _Fields, report: ErrorHandler) -> Iterator[Article]:
    if str(path) == "-":
        yield from _guard(_read_stdin(fmt or "text", fields, report), _STDIN, report)
        return
    if str(path).startswith(("http://", "https://")):
        yield from _read_url(str(path), fmt, fields, report)
        return
    root = Path(path)
    if root.is_dir():
        for file in _walk(root, everything=fmt is not None, report=report):
            yield from _read_file(file, fmt, fields, report)
    elif root.exists():
        yield from _read_file(root, fmt, fields, report)
    else:
        report(SourceError(str(path), "no such file or directory"))


def parse_feed_date(value: Any) -> date | None:
    """The date of a feedparser ``*_parsed`` struct_time, or None."""
    try:
        return date(value.tm_year, value.tm_mon, value.tm_mday) if value else None
    except (AttributeError, ValueError, TypeError):
        return None


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
    max_bytes: int = MAX_BYTES
    fetch_links: bool = False


def _raise(error: SourceError) -> None:
    raise error


def _guard(articles: Iterator[Article], origin: str, report: ErrorHandler) -> Iterator[Article]:
    """Turn I/O failures while streaming (truncated gzip, unreadable file) into SourceErrors."""
    try:
        yield from articles
    except SourceError:
        raise
    except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
        report(SourceError(origin, _describe_io_error(exc)))


def _describe_io_error(exc: BaseException) -> str:
    if isinstance(exc, gzip.BadGzipFile) or isinstance(exc, zlib.error):
        return f"not a valid gzip file ({exc})"
    if isinstance(exc, lzma.LZMAError):
        return f"not a valid xz file ({exc})"
    if isinstance(exc, EOFError):
        return f"compressed file is truncated ({exc})"
    if isinstance(exc, OSError) and "Invalid data stream" in str(exc):
        return "not a valid bz2 file"
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
    if suffixes and suffixes[-1] in _COMPRESSED:
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _open(path: Path) -> IO[bytes]:
    """Open a file for reading, decompressing gzip, bz2 or xz (told by the first bytes)."""
    with path.open("rb") as probe:
        head = probe.read(8)
    codec = next((name for magic, name in _MAGIC if head.startswith(magic)), None)
    if codec is None and path.suffix.lower() in _COMPRESSED and head:
        raise _NotCompressed(_COMPRESSED[path.suffix.lower()])
    if codec == "gzip":
        return gzip.open(path, "rb")
    if codec == "bz2":
        return bz2.open(path, "rb")
    if codec == "xz":
        return lzma.open(path, "rb")
    return path.open("rb")


class _NotCompressed(Exception):
    def __init__(self, codec: str) -> None:
        self.codec = codec


def _read_file(path: Path, fmt: InputFormat | None, fields: _Fields, report: ErrorHandler) -> Iterator[Article]:
    origin = str(path)
    fmt = fmt or _format_of(path)
    if fmt is None:
        report(SourceError(origin, "cannot tell the format from the file name; pass input_format="
                                   "'text', 'html', 'jsonl', 'feed' or 'warc'"))
        return
    try:
        stream: IO[bytes] = _open(path)
    except _NotCompressed as exc:
        report(SourceError(origin, f"not a valid {exc.codec} file (the name says {exc.codec}, the bytes do not)"))
        return
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
    if fmt == "warc":
        yield from _read_warc(stream, origin, fields, report)
        return
    data = stream.read(fields.max_bytes)
    if len(data) >= fields.max_bytes:
        report(SourceError(origin, f"file is {_size(fields.max_bytes)} or more; the limit is "
                                   f"{_size(fields.max_bytes)} (max_bytes)", "too-large"))
        return
    data = _from_utf16(data)
    problem = _check_bytes(data)
    if problem:
        report(SourceError(origin, *problem))
        return
    if fmt == "feed":
        yield from _feed_articles(data, origin, fields, report)
        return
    if fmt == "html":
        article = _html_article(data, origin, report)
    else:
        article = _text_article(data, origin, report)
    if article is not None:
        yield article


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n:,} bytes"


def _from_utf16(data: bytes) -> bytes:
    """UTF-16 text (told by its byte-order mark) re-encoded as UTF-8; other bytes as they are."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data


def _check_bytes(data: bytes) -> tuple[str, str] | None:
    if not data.strip():
        return "empty file", "empty"
    if b"\x00" in data[:_SNIFF_BYTES]:
        return "binary file, not text (it holds NUL bytes)", "binary"
    return None


def _decode(data: bytes, origin: str, *, first_line: int = 1) -> str | SourceError:
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        return SourceError(f"{origin}:{line}", f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); convert the file "
                                               "to UTF-8, e.g. iconv -f latin1 -t utf-8", "encoding")


# --------------------------------------------------------------------------- text


def _text_article(data: bytes, origin: str, report: ErrorHandler) -> Article | None:
    text = _decode(data, origin)
    if isinstance(text, SourceError):
        report(text)
        return None
    title, body = _split_title(text.strip())
    if not body:
        report(SourceError(origin, "no article text after the headline", "no-article"))
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


from detente.stages.html import Extracted, extract_html  # noqa: E402 - the HTML extractor has its own module


def _html_article(data: bytes, origin: str, report: ErrorHandler, *, url: str | None = None,
                  fallback_date: date | None = None) -> Article | None:
    found = extract_html(data, url)
    if found is None:
        report(SourceError(origin, "no article text could be extracted from the HTML", "no-article"))
        return None
    return Article(id=stable_id(found.text), text=found.text, title=found.title, url=found.url,
                   published=found.published or fallback_date, origin=origin)


# --------------------------------------------------------------------------- feeds


def _feed_articles(data: bytes, origin: str, fields: _Fields, report: ErrorHandler) -> Iterator[Article]:
    """One article per RSS/Atom entry: the entry's content, or the page it links to."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        if not feed.get("version"):
            problem = feed.get("bozo_exception")
            report(SourceError(origin, "not an RSS or Atom feed" + (f" ({problem})" if problem else ""), "malformed"))
        else:
            report(SourceError(origin, "feed has no entries", "empty"))
        return
    source = (feed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{origin}#{number}"
        link = entry.get("link") or None
        published = parse_feed_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        if fields.fetch_links and link:
            page = _fetch(link, where, report)
            article = _html_article(page, where, report, url=link, fallback_date=published) if page else None
            if article is not None:
                yield _replace(article, source=source, title=article.title or _clean_title(entry))
            continue
        html = _entry_html(entry)
        text = _html_fragment_text(html) if html else ""
        if not text:
            report(SourceError(where, "feed entry has no text (pass fetch_links=True / --fetch-links "
                                      "to read the linked page)", "no-article"))
            continue
        raw_id = entry.get("id") or link
        yield Article(id=str(raw_id) if raw_id else stable_id(text), text=text, title=_clean_title(entry),
                      url=link, published=published, source=source, origin=where)


def _replace(article: Article, **changes: Any) -> Article:
    from dataclasses import replace

    return replace(article, **changes)


def _clean_title(entry: Any) -> str:
    title = entry.get("title") or ""
    return " ".join(_html_fragment_text(title).split()) if "<" in title else " ".join(title.split())


def _entry_html(entry: Any) -> str:
    """The longest of an entry's content and summary (feeds often truncate one of them)."""
    texts = [c.get("value", "") for c in entry.get("content") or ()]
    texts.append(entry.get("summary") or "")
    return max(texts, key=len)


_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section")


def _html_fragment_text(html: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    import lxml.html

    if "<" not in html:
        return "\n\n".join(" ".join(p.split()) for p in html.split("\n\n") if p.strip())
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several types on junk
        return ""
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n\n" + (element.text or "")
    paragraphs = (" ".join(p.split()) for p in root.text_content().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


# --------------------------------------------------------------------------- WARC


def _read_warc(stream: IO[bytes], origin: str, fields: _Fields, report: ErrorHandler) -> Iterator[Article]:
    """One article per HTML ``response`` record, as CC-NEWS ships them.

    Other records (requests, metadata, images, redirects) are not articles and are
    passed over. The publication date is the page's own, else the crawl date.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        records = ArchiveIterator(stream, arc2warc=True)
        number = 0
        for record in records:
            number += 1
            if record.rec_type != "response" or record.http_headers is None:
                continue
            if not record.http_headers.get_statuscode().startswith("2"):
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "text/html").lower()
            if "html" not in ctype:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{origin}#{number}"
            payload = record.content_stream().read(fields.max_bytes)
            if len(payload) >= fields.max_bytes:
                report(SourceError(f"{where} <{url}>", f"page is {_size(fields.max_bytes)} or more; the limit is "
                                                        f"{_size(fields.max_bytes)} (max_bytes)", "too-large"))
                continue
            if not payload.strip():
                report(SourceError(f"{where} <{url}>", "empty page", "empty"))
                continue
            crawled = _warc_date(record.rec_headers.get_header("WARC-Date"))
            article = _html_article(payload, f"{where} <{url}>", report, url=url, fallback_date=crawled)
            if article is not None:
                yield article
    except ArchiveLoadFailed as exc:
        report(SourceError(origin, f"not a WARC file ({str(exc).strip()[:120]})", "malformed"))


def _warc_date(value: str | None) -> date | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date() if value else None
    except ValueError:
        return None


# --------------------------------------------------------------------------- URLs


_USER_AGENT = "detente/0 (news event coder; python urllib)"


def _fetch(url: str, origin: str, report: ErrorHandler, *, timeout: float = 30.0, limit: int = MAX_BYTES) -> bytes | None:
    """The body of ``url``, or None after reporting why it could not be fetched."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            data: bytes = response.read(limit)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        report(SourceError(origin, f"cannot fetch {url}: {getattr(exc, 'reason', exc)}"))
        return None
    if len(data) >= limit:
        report(SourceError(origin, f"{url} is {_size(limit)} or more; the limit is {_size(limit)}", "too-large"))
        return None
    return data


def _read_url(url: str, fmt: InputFormat | None, fields: _Fields, report: ErrorHandler) -> Iterator[Article]:
    """A feed or a page on the web (told by ``fmt`` or by its first bytes)."""
    data = _fetch(url, url, report, limit=fields.max_bytes)
    if data is None:
        return
    if data[:8].startswith(b"\x1f\x8b"):
        data = gzip.decompress(data)
    head = data[:_SNIFF_BYTES].lstrip().lower()
    if fmt is None:
        fmt = "feed" if (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head) else "html"
    yield from _read_stream(io.BytesIO(data), url, fmt, fields, report)


# --------------------------------------------------------------------------- JSON Lines


def _read_jsonl(stream: IO[bytes], origin: str, fields: _Fields, report: ErrorHandler, *, json_document: bool) -> Iterator[Article]:
    peek = getattr(stream, "peek", None)
    head = peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if peek is not None else b""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        report(SourceError(origin, "UTF-16 text; convert the file to UTF-8, e.g. iconv -f utf-16 -t utf-8", "encoding"))
        return
    if b"\x00" in head:
        report(SourceError(origin, "binary file, not text (it holds NUL bytes)", "binary"))
        return
    seen = False
    for number, raw in enumerate(_lines(stream, fields.max_bytes), start=1):
        if raw is None:
            seen = True
            report(SourceError(f"{origin}:{number}", f"line is {_size(fields.max_bytes)} or more; the limit is "
                                                      f"{_size(fields.max_bytes)} (max_bytes)", "too-large"))
            continue
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
            report(SourceError(where, f"malformed JSON ({exc.msg} at column {exc.colno})", "malformed"))
            continue
        article = _record_article(record, where, fields, report)
        if article is not None:
            yield article
    if not seen:
        report(SourceError(origin, "empty file", "empty"))


def _lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The lines of a stream; ``None`` stands for a line of ``limit`` bytes or more (skipped unread)."""
    while True:
        line = stream.readline(limit)
        if not line:
            return
        if len(line) >= limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


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
        report(SourceError(f"{origin}:{first_line + exc.lineno - 1}", f"malformed JSON ({exc.msg} at column {exc.colno})",
                           "malformed"))
        return
    records = document if isinstance(document, list) else [document]
    for index, record in enumerate(records):
        where = f"{origin}[{index}]" if isinstance(document, list) else origin
        article = _record_article(record, where, fields, report)
        if article is not None:
            yield article


def _record_article(record: Any, where: str, fields: _Fields, report: ErrorHandler) -> Article | None:
    if not isinstance(record, dict):
        report(SourceError(where, f"expected a JSON object, got {type(record).__name__}", "malformed"))
        return None
    text = record.get(fields.text)
    if text is None:
        report(SourceError(where, f"no {fields.text!r} field; pass text_field=... to read the text from another field",
                           "no-article"))
        return None
    if not isinstance(text, str):
        report(SourceError(where, f"field {fields.text!r} is not a string", "malformed"))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        report(SourceError(where, f"field {fields.text!r} is empty", "empty"))
        return None
    try:
        published = parse_published(_optional_str(record.get(fields.date)))
    except ValueError as exc:
        report(SourceError(where, f"field {fields.date!r}: {exc}", "date"))
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
