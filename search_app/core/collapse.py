"""Near-duplicate collapsing: one result per group of near-copies (`indexer.near_duplicates`).

The ranking pass keeps, per group, the best-ranked article and the group's count of matches; a page
then shows each group's best article with `similar_count` (the other matching articles of its group)
and the first few of those others, so the interface can expand the group without a second search.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SIMILAR_SHOWN = 10


def similar_members(groups: np.ndarray, docnums: Sequence[int], shown: dict[int, int],
                    limit: int = SIMILAR_SHOWN) -> dict[int, list[int]]:
    """For each group in `shown` (group -> the docnum on the page), up to `limit` other matched docnums,
    in docnum order; `groups` is `DocValues.group`."""
    matched = np.asarray(docnums, dtype=np.int64)
    of_group = groups[matched]
    keep = np.isin(of_group, list(shown)) & ~np.isin(matched, list(shown.values()))
    members: dict[int, list[int]] = {key: [] for key in shown}
    for docnum, key in zip(matched[keep].tolist(), of_group[keep].tolist()):
        if len(members[key]) < limit:
            members[key].append(docnum)
    return members
