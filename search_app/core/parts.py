"""A long text in parts of about PART_CHARS characters, for pages that must stay small.

Parts end at the last line break (else space) before the limit, so no word is cut; a part's offsets are
those of the whole text, so stored mention offsets still apply after a shift.
"""
from __future__ import annotations

PART_CHARS = 20_000


def part_bounds(text: str, size: int = PART_CHARS) -> list[tuple[int, int]]:
    """(start, end) of each part of `text`; one part (possibly empty) for a short text."""
    bounds, start = [], 0
    while len(text) - start > size:
        limit = start + size
        cut = text.rfind("\n", start + size // 2, limit)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, limit)
        end = cut + 1 if cut >= 0 else limit
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds
