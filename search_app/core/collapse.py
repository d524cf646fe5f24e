"""Near-duplicate collapsing: one result per group of near-copies (`indexer.near_duplicates`).

The ranking pass keeps, per group, the best-ranked article and the group's count of matches; a page
then shows each group's best article with `similar_count` (the other matching articles of its group)
and the first few of those others, so the interface can expand the group without a second search.
"""
from __future__ import annotations

from collections.abc import Iterable

SIMILAR_SHOWN = 10


def group_key(groups: Sequence[int], docnum: int) -> int:
    """The group of a document (`DocValues.group`: a document with no near-copy is a group of its own)."""
    return groups[docnum]


def similar_members(groups: Sequence[int], docnums: Iterable[int], shown: dict[int, int],
                    limit: int = SIMILAR_SHOWN) -> dict[int, list[int]]:
    """For each group in `shown` (group -> the docnum on the page), up to `limit` other matched docnums,
    in docnum order."""
    members: dict[int, list[int]] = {key: [] for key in shown}
    for docnum in docnums:
        key = group_key(groups, docnum)
        found = members.get(key)
        if found is not None and docnum != shown[key] and len(found) < limit:
            found.append(docnum)
    return members
