"""Facet counts over a whole result set, from per-document values held in compact arrays.

Segments never change once written (a deletion only hides documents, which then match nothing), so the
values of each segment are read once, from its postings and columns, and kept under its segment id.
A searcher reads its segments' columns where they are (`JoinedColumn`: each segment's codes mapped to
one vocabulary, no copy of their arrays) and lays end to end only the arrays ranking reads per document:
dates, `added_at` and group numbers. Both caches are bounded in bytes.

Per document the server holds, for each facet and for the near-duplicate group, an offset into an array
of value codes (8 bytes, plus 4 bytes per value: an entity named in the document, its language, source,
month and group), the date as a number (4 bytes) and the time it entered the index (8 bytes); a searcher
over several segments adds its joined group number, date and time (20 bytes): about 120 bytes for a
document with five entities.
Counting is a vectorised gather and `bincount` over the matched docnums, with no stored field read.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from indexer.schema import ENTITY_TYPES
from search_app.core.cache import BoundedLRU

FACETS = ("person", "place", "org", "lang", "source", "month")
GROUP = "group"
FACET_LIMIT = 20
SEGMENT_CACHE_BYTES = 256 * 2**20
SEARCHER_CACHE_BYTES = 256 * 2**20
UNDATED = 0


@dataclass(frozen=True)
class Column:
    """One facet's values: document d holds `vocab[c]` for c in `codes[offsets[d]:offsets[d + 1]]`."""

    vocab: tuple[str, ...]
    offsets: np.ndarray  # int64, one more than the documents
    codes: np.ndarray  # int32

    @classmethod
    def from_lists(cls, rows: list[Iterable[str]]) -> "Column":
        """A column from each document's values (tests and small inputs)."""
        vocab: dict[str, int] = {}
        codes = [vocab.setdefault(v, len(vocab)) for row in rows for v in row]
        lengths = [len(tuple(row)) for row in rows]
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return cls(tuple(vocab), offsets, np.asarray(codes, dtype=np.int32))

    @property
    def nbytes(self) -> int:
        return self.offsets.nbytes + self.codes.nbytes

    def counts(self, docnums: np.ndarray) -> np.ndarray:
        """How many of `docnums` hold each value of `vocab`."""
        starts = self.offsets[docnums]
        lengths = self.offsets[docnums + 1] - starts
        within = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        held = self.codes[np.repeat(starts, lengths) + within]
        return np.bincount(held, minlength=len(self.vocab))

    def group_keys(self) -> np.ndarray:
        """A number per document: the code of its single value, or one of its own (past every code) when
        it has none."""
        keys = np.arange(len(self.offsets) - 1, dtype=np.int64) + len(self.vocab)
        keys[np.diff(self.offsets) > 0] = self.codes
        return keys


@dataclass(frozen=True)
class JoinedColumn:
    """The columns of consecutive segments read as one column, their arrays left where they are: `vocab`
    joins theirs, and `remaps[i]` gives the joined code of each code of `parts[i]`."""

    vocab: tuple[str, ...]
    parts: tuple[Column, ...]
    starts: np.ndarray  # the first docnum of each part, then the number of documents
    remaps: tuple[np.ndarray, ...]  # int64

    @classmethod
    def join(cls, parts: Sequence[Column]) -> "JoinedColumn":
        vocab: dict[str, int] = {}
        remaps = tuple(np.fromiter((vocab.setdefault(v, len(vocab)) for v in part.vocab), dtype=np.int64,
                                   count=len(part.vocab)) for part in parts)
        starts = np.zeros(len(parts) + 1, dtype=np.int64)
        np.cumsum([len(part.offsets) - 1 for part in parts], out=starts[1:])
        return cls(tuple(vocab), tuple(parts), starts, remaps)

    @property
    def nbytes(self) -> int:
        return sum(part.nbytes for part in self.parts) + sum(r.nbytes for r in self.remaps)

    def counts(self, docnums: np.ndarray) -> np.ndarray:
        """How many of `docnums` hold each value of `vocab`: counted in each part, then added up."""
        if (np.diff(docnums) < 0).any():  # searches give them ascending; a sort is then work for nothing
            docnums = np.sort(docnums)
        cuts = np.searchsorted(docnums, self.starts)
        total = np.zeros(len(self.vocab), dtype=np.int64)
        for part, remap, start, lo, hi in zip(self.parts, self.remaps, self.starts, cuts, cuts[1:]):
            if hi > lo:
                total[remap] += part.counts(docnums[lo:hi] - start)  # a part's codes map to distinct codes
        return total

    def group_keys(self) -> np.ndarray:
        """`Column.group_keys` of the joined column."""
        keys = np.arange(self.starts[-1], dtype=np.int64) + len(self.vocab)
        for part, remap, start in zip(self.parts, self.remaps, self.starts):
            keys[np.flatnonzero(np.diff(part.offsets) > 0) + start] = remap[part.codes]
        return keys


@dataclass(frozen=True)
class DocValues:
    """Per-docnum values: a column per facet and one for the near-duplicate group, the date as YYYYMMDD
    (UNDATED when absent), added_at (ms)."""

    columns: dict[str, Column | JoinedColumn]
    date: np.ndarray  # int32
    added_at: np.ndarray  # int64

    @property
    def nbytes(self) -> int:
        return sum(c.nbytes for c in self.columns.values()) + self.date.nbytes + self.added_at.nbytes

    @cached_property
    def group(self) -> np.ndarray:
        """A group number per docnum: its near-duplicate group's code, or one of its own when it has none."""
        return self.columns[GROUP].group_keys()

    @classmethod
    def concat(cls, parts: list["DocValues"]) -> "DocValues":
        if len(parts) == 1:
            return parts[0]
        return cls(
            columns={f: JoinedColumn.join([p.columns[f] for p in parts]) for f in (*FACETS, GROUP)},
            date=np.concatenate([p.date for p in parts]),
            added_at=np.concatenate([p.added_at for p in parts]),
        )


_segments = BoundedLRU(SEGMENT_CACHE_BYTES, lambda v: v.nbytes)
_searchers = BoundedLRU(SEARCHER_CACHE_BYTES, lambda v: v.nbytes)


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
    columns = {field: _postings_column(reader, field, n) for field in FACETS}
    columns[GROUP] = Column.from_lists([(g,) if g else () for g in _column(reader, "near_group", n, "")])
    dates = np.fromiter((_date_number(v) for v in _column(reader, "date", n, "")), dtype=np.int32, count=n)
    added = np.fromiter(_column(reader, "added_at", n, 0), dtype=np.int64, count=n)
    return DocValues(columns, dates, added)


def _postings_column(reader, field: str, n: int) -> Column:
    vocab: list[str] = []
    docs: list[np.ndarray] = []
    if field in reader.indexed_field_names():
        for term in reader.field_terms(field):
            vocab.append(term)
            docs.append(np.fromiter(reader.postings(field, term).all_ids(), dtype=np.int64))
    held = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
    codes = np.repeat(np.arange(len(vocab), dtype=np.int32), [len(d) for d in docs])
    order = np.argsort(held, kind="stable")
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(held, minlength=n), out=offsets[1:])
    return Column(tuple(vocab), offsets, codes[order])


def _column(reader, field: str, n: int, default) -> Iterable:
    if not reader.has_column(field):
        return (default for _ in range(n))
    return (v if v is not None else default for v in reader.column_reader(field))


def _date_number(iso: str) -> int:
    """2022-01-05 → 20220105; UNDATED for no date."""
    return int(iso[:4] + iso[5:7] + iso[8:10]) if len(iso) >= 10 else UNDATED


def count_facets(values: DocValues, docnums: Sequence[int] | np.ndarray, labels: Callable[[str], str],
                 limit: int = FACET_LIMIT) -> dict[str, list[dict]]:
    """Counts per facet value over `docnums`, most frequent first (months newest first).

    `labels(entity_id)` names an entity; lang, source and month values are their own labels. The `limit`
    values kept are the most frequent, equal counts by id; then they are listed by count and label.
    """
    docnums = np.asarray(docnums, dtype=np.int64)
    facets = {}
    for field in FACETS:
        column = values.columns[field]
        counts = column.counts(docnums)
        found = np.flatnonzero(counts)
        if field == "month":
            rows = [{"id": column.vocab[i], "label": column.vocab[i], "count": int(counts[i])} for i in found]
            facets[field] = sorted(rows, key=lambda r: r["id"], reverse=True)
            continue
        if len(found) > limit:  # the top `limit` by count, ties by id, so only those are labelled
            cut = np.partition(counts[found], len(found) - limit)[len(found) - limit]
            found = found[counts[found] >= cut]
            found = sorted(found.tolist(), key=lambda i: (-counts[i], column.vocab[i]))[:limit]
        label = labels if field in ENTITY_TYPES else str
        rows = [{"id": column.vocab[i], "label": label(column.vocab[i]), "count": int(counts[i])} for i in found]
        facets[field] = sorted(rows, key=lambda r: (-r["count"], r["label"], r["id"]))[:limit]
    return facets
