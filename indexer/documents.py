"""Records become documents: one dataclass the index writer consumes."""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from functools import cached_property

from analyzers.analysis import LANGS
from analyzers.langid import detect
from indexer.dates import parse_date
from indexer.decoding import CONTROL_CHARS
from indexer.errors import FahrasError
from indexer.metadata import extract_metadata
from indexer.near_duplicates import signature
from indexer.records import FIELDS, Record


@dataclass
class Document:
    id: str
    title: str
    body: str
    lang: str  # "fa", "ar" or "other"
    author: str | None = None
    date: str | None = None  # ISO "YYYY-MM-DD"
    source: str | None = None
    url: str | None = None
    path: str | None = None  # absolute path of the source file, for --prune
    entities: list[dict] = field(default_factory=list)
    record_hash: str | None = None  # the `digest` of the record it was built from

    @cached_property
    def content_hash(self) -> str:
        """What the text and metadata hash to (entities are derived from them); computed once."""
        h = hashlib.sha256()
        for part in (self.title, self.body, self.lang, self.author, self.date, self.source, self.url):
            h.update((part or "").encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()[:16]

    @cached_property
    def near_signature(self) -> bytes | None:
        """The near-copy signature of the title and body (`near_duplicates.signature`); computed once."""
        return signature(f"{self.title}\n{self.body}")


# Codes a record may give for a language, beyond LANGS; any other code is "other".
LANG_CODES = {"fas": "fa", "per": "fa", "prs": "fa", "pes": "fa", "ara": "ar", "arb": "ar"}
LINE_BREAKS = re.compile(r"\r\n?|[\n\t\x0b\x0c]")
ID_CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode's Cc: line breaks and tabs included


def record_id(record: Record) -> str | None:
    """The id `build_document` gives the record when that does not depend on its content; else None."""
    given = record.fields.get("id")
    if isinstance(given, (str, int, float)) and not isinstance(given, bool) and str(given).strip():
        return str(given).strip()
    return record.default_id


def build_document(record: Record) -> Document:
    """The Document of a record; FahrasError("empty_record") when it has neither title nor body.

    A text file's title, author, date, source and body are extracted from its text, then its sidecar's
    fields override them. A structured record keeps the fields it gives (a `title` key, even empty, is
    kept) and only what it lacks is extracted from its body. Dates become ISO; a missing language is
    detected; titles lose HTML entities; stored text keeps its characters but loses control characters
    and surrounding whitespace. The id is the given one, else the text file's path id, else a hash of the
    title and body.
    """
    given = _given(record)
    if record.text is not None:
        fields = _extracted(record.text) | given
    elif "title" not in given or not all(given.get(name) for name in ("author", "date", "source")):
        extracted = _extracted(given.get("body") or "", headline="title" not in given)
        del extracted["body"]
        fields = extracted | {name: value for name, value in given.items() if value}
    else:
        fields = given
    title = _clean_title(fields.get("title") or "")
    body = _clean_body(fields.get("body") or "")
    if not title and not body:
        raise FahrasError("empty_record", "neither title nor body")
    return Document(
        id=_checked_id(fields.get("id") or record.default_id) or _content_id(title, body),
        title=title,
        body=body,
        lang=_lang(fields.get("lang")) or detect(f"{title}\n{body}"),
        author=fields.get("author") or None,
        date=fields.get("date"),
        source=fields.get("source") or None,
        url=fields.get("url") or None,
        path=str(record.source_path),
        record_hash=record.digest,
    )


def _given(record: Record) -> dict[str, str | None]:
    """The record's known fields as cleaned text (None for null); FahrasError for a value that is not text."""
    given: dict[str, str | None] = {}
    for name in FIELDS:
        if name not in record.fields:
            continue
        value = record.fields[name]
        if isinstance(value, bool) or not isinstance(value, (str, int, float, type(None))):
            raise FahrasError("bad_field", f"field {name!r} is not text")
        given[name] = None if value is None else _given_text(name, str(value))
    if given.get("date"):
        given["date"] = _iso_date(given["date"])
    return given


def _given_text(name: str, value: str) -> str:
    """The body as given; an id without surrounding whitespace (its control characters are refused later,
    not removed: two ids must not become one); any other field on one clean line."""
    return value if name == "body" else value.strip() if name == "id" else _clean_line(value)


def _checked_id(doc_id: str | None) -> str | None:
    """`doc_id` when it can name a document's page; FahrasError("bad_id") otherwise.

    An id is a `/`-separated path of the document's link: an empty, `.` or `..` segment would be
    normalised by browsers into another page, and control characters have no place in a link or a summary.
    """
    if not doc_id:
        return None
    if ID_CONTROL_CHARS.search(doc_id):
        raise FahrasError("bad_id", f"id {doc_id!r} holds a control character")
    bad = next((segment for segment in doc_id.split("/") if segment in ("", ".", "..")), None)
    if bad is not None:
        raise FahrasError("bad_id", f"id {doc_id!r} has {f'a {bad!r}' if bad else 'an empty'} segment")
    return doc_id


def _extracted(text: str, *, headline: bool = True) -> dict[str, str | None]:
    meta = extract_metadata(_clean_body(text), headline=headline)
    return {
        "title": meta.title,
        "author": meta.author,
        "date": meta.date.isoformat() if meta.date else None,
        "source": meta.source,
        "body": meta.body,
    }


def _clean_body(text: str) -> str:
    return CONTROL_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _clean_line(text: str) -> str:
    return CONTROL_CHARS.sub("", LINE_BREAKS.sub(" ", text)).strip()


def _clean_title(text: str) -> str:
    return _clean_line(html.unescape(text))


def _lang(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGS else LANG_CODES.get(code, "other")


def _iso_date(value: str) -> str | None:
    found = parse_date(value)
    return found.isoformat() if found else None


def _content_id(title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\x00{body}".encode("utf-8")).hexdigest()[:16]
