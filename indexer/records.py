"""What reading the inputs yields: a Record for each article, a Problem for each thing skipped."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
