"""Records become documents: one dataclass the index writer consumes."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


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

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.title, self.body, self.lang, self.author, self.date, self.source, self.url):
            h.update((part or "").encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()[:16]
