"""What reading the inputs yields: a Record for each article, a Problem for each thing skipped."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

FIELDS = ("id", "title", "body", "author", "date", "source", "url", "lang")  # the keys a record may give


@dataclass(frozen=True)
class Problem:
    """Something skipped: `where` is "path", "path:line" or "path[index]"; `reason` says why."""

    where: str
    reason: str


@dataclass(frozen=True)
class Record:
    """One article as read, before `documents.build_document` makes it a Document.

    fields: a structured record's own keys (id, title, body, author, date, source, url, lang; others are
        ignored), or for a text file its sidecar's, which override what is extracted from `text`.
    origin: "path" or "path:line" (or "path[index]" in a JSON array), for messages.
    source_path: absolute path of the file, for --prune.
    default_id: a text file's id (relative path without extension); None for structured records, whose id
        is their `id` field or else a hash of their content.
    text: the decoded content of a text file; None for structured records.
    """

    fields: dict
    origin: str
    source_path: Path
    default_id: str | None = None
    text: str | None = None

    @cached_property
    def digest(self) -> str:
        """What the record as read hashes to (its known fields, its text and its path id), computed once:
        a re-run that finds the same value for a document's id and path does not build it again."""
        h = hashlib.sha256()
        for part in (*(self.fields.get(name) for name in FIELDS), self.text, self.default_id):
            h.update(b"\x01" if part is None else repr(part).encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()[:16]
