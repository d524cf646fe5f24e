"""The best matches of a whole scored match set, in the order the ranking collector keeps them.

An item is (is_new, key, score, -docnum), best first: new documents first when `new_since` is set,
then by key (the score, or the date as YYYYMMDD when sorting by date), then by score, ties by docnum.
With collapsing, each near-duplicate group is represented by its best match.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np

from search_app.core.facets import DocValues


class GroupSizes(Mapping):
    """group -> how many of the matches belong to it, over arrays (a dict of every group costs more)."""

    def __init__(self, groups: np.ndarray):
        self.groups, self.sizes = np.unique(groups, return_counts=True)

    def __getitem__(self, group) -> int:
        at = int(np.searchsorted(self.groups, group))
        if at < len(self.groups) and self.groups[at] == group:
            return int(self.sizes[at])
        raise KeyError(group)

    def __len__(self) -> int:
        return len(self.groups)

    def __iter__(self) -> Iterator[int]:
        return iter(self.groups.tolist())


def best_items(docnums: np.ndarray, scores: np.ndarray, values: DocValues, limit: int, *, by_date: bool,
               new_since: int | None, collapse: bool) -> tuple[list[tuple], int, GroupSizes | None]:
    """The best `limit` items, best first; how many matches are new; the group sizes when collapsing."""
    is_new = values.added_at[docnums] > new_since if new_since is not None else np.zeros(len(docnums), bool)
    keys = values.date[docnums] if by_date else scores
    if collapse:
        groups = values.group[docnums]
        order = _grouped_prefix(groups, docnums, scores, keys, is_new, limit)
        _, first = np.unique(groups[order], return_index=True)
        chosen = order[np.sort(first)[:limit]]
        sizes = GroupSizes(groups)
    else:
        contenders = _contenders(keys, is_new, limit)
        chosen = _best_first(contenders, docnums, scores, keys, is_new)[:limit]
        sizes = None
    items = [(bool(is_new[i]), keys[i].item(), float(scores[i]), -int(docnums[i])) for i in chosen.tolist()]
    return items, int(is_new.sum()), sizes


def _grouped_prefix(groups, docnums, scores, keys, is_new, limit: int) -> np.ndarray:
    """The first positions of the best-first order, enough to hold the best match of each of the best
    `limit` groups: the contenders for a growing count, sorted, until they span `limit` groups (a common
    word matches most of the corpus, and sorting every match cost more than the rest of the ranking)."""
    count = 4 * limit
    while True:
        order = _best_first(_contenders(keys, is_new, count), docnums, scores, keys, is_new)
        if len(order) == len(docnums) or len(np.unique(groups[order])) >= limit:
            return order
        count *= 4


def _best_first(at: np.ndarray, docnums, scores, keys, is_new) -> np.ndarray:
    """The positions `at`, best item first."""
    return at[np.lexsort((docnums[at], -scores[at], -keys[at].astype(np.float64), ~is_new[at]))]


def _contenders(keys: np.ndarray, is_new: np.ndarray, limit: int) -> np.ndarray:
    """Positions that include the best `limit` (new ones first, then the highest keys, ties kept)."""
    new = np.flatnonzero(is_new)
    if len(new) >= limit:
        return _highest(new, keys, limit)
    return np.concatenate([new, _highest(np.flatnonzero(~is_new), keys, limit - len(new))])


def _highest(pool: np.ndarray, keys: np.ndarray, k: int) -> np.ndarray:
    """The positions of `pool` whose key is at least the k-th highest."""
    if len(pool) <= k:
        return pool
    values = keys[pool]
    kth = np.partition(values, len(values) - k)[len(values) - k]
    return pool[values >= kth]
