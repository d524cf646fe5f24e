"""Mentions, and the spans a BIO tag sequence encodes."""
from __future__ import annotations

from dataclasses import dataclass

TYPES = ("PER", "LOC", "ORG")
OUTSIDE = "O"


@dataclass(frozen=True, slots=True)
class Mention:
    """A recognised name: `text == original[start:end]`, `type` one of PER, LOC, ORG."""

    start: int
    end: int
    type: str
    text: str


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """`(first, after_last, type)` token ranges; an `I-` after `O` or after another type starts a span."""
    found: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate(tags):
        prefix, _, tag_type = tag.partition("-")
        if kind and (prefix != "I" or tag_type != kind):
            found.append((start, i, kind))
            kind = ""
        if prefix in ("B", "I") and not kind:
            start, kind = i, tag_type
    if kind:
        found.append((start, len(tags), kind))
    return found
