"""Facet counts over a whole result set, from per-document values cached per index segment.

Segments never change once written (a deletion only hides documents, which then match nothing), so the
values of each segment are read once, from its postings and columns, and kept under its segment id;
a searcher's arrays are those of its segments laid end to end, cached by the tuple of segment ids.
Counting is then a pass over the matched docnums, with no stored field read.
"""
from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain

from indexer.schema import ENTITY_TYPES

FACETS = ("person", "place", "org", "lang", "source", "month")
SINGLE_VALUED = ("lang", "source", "month")
FACET_LIMIT = 20
SEGMENT_CACHE_SIZE = 64
SEARCHER_CACHE_SIZE = 8


@dataclass(frozen=True)
class DocValues:
    """Per-docnum values: entity id tuples, single values (None when absent), date, added_at,
    near-duplicate group ("" when the index has none for the document)."""

    entities: dict[str, list[tuple[str, ...]]]
    single: dict[str, list[str | None]]
    date: list[str]
    added_at: list[int]
    group: list[str]

    @classmethod
    def concat(cls, parts: list["DocValues"]) -> "DocValues":
        if len(parts) == 1:
            return parts[0]
        return cls(
            entities={f: list(chain.from_iterable(p.entities[f] for p in parts)) for f in ENTITY_TYPES},
            single={f: list(chain.from_iterable(p.single[f] for p in parts)) for f in SINGLE_VALUED},
            date=list(chain.from_iterable(p.date for p in parts)),
            added_at=list(chain.from_iterable(p.added_at for p in parts)),
            group=list(chain.from_iterable(p.group for p in parts)),
        )


class _LRU:
    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, build: Callable):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = build()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


_segments = _LRU(SEGMENT_CACHE_SIZE)
_searchers = _LRU(SEARCHER_CACHE_SIZE)


def segment_key(searcher) -> tuple[str, ...]:
    """The ids of the segments `searcher` reads, in docnum order."""
    return tuple(sub.reader().segment().segment_id() for sub, _ in searcher.leaf_searchers())


def doc_values(searcher) -> DocValues:
    """The per-docnum values of every document of `searcher`, built once per segment."""
    leaves = [sub.reader() for sub, _ in searcher.leaf_searchers()]
    key = segment_key(searcher)
    return _searchers.get(key, lambda: DocValues.concat(
        [_segments.get(sid, lambda r=r: _segment_values(r)) for sid, r in zip(key, leaves)]))


def _segment_values(reader) -> DocValues:
    n = reader.doc_count_all()
    entities = {}
    for field in ENTITY_TYPES:
        values: list[tuple[str, ...]] = [()] * n
        for term, docnum in _postings(reader, field):
            values[docnum] = (*values[docnum], term)
        entities[field] = values
    single = {}
    for field in SINGLE_VALUED:
        values = [None] * n
        for term, docnum in _postings(reader, field):
            values[docnum] = term
        single[field] = values
    return DocValues(entities, single, _column(reader, "date", n, ""), _column(reader, "added_at", n, 0),
                     _column(reader, "near_group", n, ""))


def _postings(reader, field: str) -> Iterable[tuple[str, int]]:
    if field not in reader.indexed_field_names():
        return
    for term in reader.field_terms(field):
        for docnum in reader.postings(field, term).all_ids():
            yield term, docnum


def _column(reader, field: str, n: int, default):
    if not reader.has_column(field):
        return [default] * n
    return [v if v is not None else default for v in reader.column_reader(field)]


def count_facets(values: DocValues, docnums: Iterable[int], labels: Callable[[str], str],
                 limit: int = FACET_LIMIT) -> dict[str, list[dict]]:
    """Counts per facet value over `docnums`, most frequent first (months newest first).

    `labels(entity_id)` names an entity; lang, source and month values are their own labels.
    """
    docnums = list(docnums)
    facets = {}
    for field in ENTITY_TYPES:
        column = values.entities[field]
        counts = Counter(chain.from_iterable(column[d] for d in docnums))
        rows = [{"id": v, "label": labels(v), "count": c} for v, c in counts.items()]
        facets[field] = sorted(rows, key=lambda r: (-r["count"], r["label"], r["id"]))[:limit]
    for field in SINGLE_VALUED:
        column = values.single[field]
        counts = Counter(column[d] for d in docnums)
        counts.pop(None, None)
        rows = [{"id": v, "label": v, "count": c} for v, c in counts.items()]
        if field == "month":
            facets[field] = sorted(rows, key=lambda r: r["id"], reverse=True)
        else:
            facets[field] = sorted(rows, key=lambda r: (-r["count"], r["id"]))[:limit]
    return {name: facets[name] for name in FACETS}
