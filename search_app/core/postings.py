"""A term's postings in one segment as numpy arrays (docnums and weights), decoded once and cached.

The W3 codec writes a posting list as blocks; each block's data is a pickled tuple of the ids (delta
coded unless the list has byte ids), the weights (an array of 'f' or a tuple, one float for all, or None
for all 1.0) and the values. Decoding a block here costs one unpickle and a cumulative sum, where Whoosh's
matcher walks the postings one by one in Python. Segments never change once written, so the arrays are
cached by segment id, field and term; deletions change, so they are left to the caller (`deleted_mask`).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pickle import loads

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher

from search_app.core.cache import BoundedLRU

POSTINGS_CACHE_BYTES = 128 * 2**20
_NO_BLOCKS = np.zeros(0, dtype=np.int64)
ENTRY_BYTES = 200  # a cache entry's own cost (key, arrays' headers), so terms without postings count too


@dataclass(frozen=True)
class Postings:
    docnums: np.ndarray  # int64, ascending, within the segment
    weights: np.ndarray  # float64: the term's weight (frequency) in each document
    block_starts: np.ndarray = field(default_factory=lambda: _NO_BLOCKS)  # each block's place in the file
    block_last: np.ndarray = field(default_factory=lambda: _NO_BLOCKS)  # the last docnum of each block

    @property
    def nbytes(self) -> int:
        return self.docnums.nbytes + self.weights.nbytes + 2 * self.block_starts.nbytes + ENTRY_BYTES


EMPTY = Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
_cache = BoundedLRU(POSTINGS_CACHE_BYTES, lambda p: p.nbytes)


def term_postings(reader, fieldname: str, btext: bytes) -> Postings:
    """The postings of (fieldname, btext) in the segment of `reader` (an atomic reader), deleted
    documents included."""
    key = (reader.segment().segment_id(), fieldname, btext)
    return _cache.get(key, lambda: _decode(reader, fieldname, btext) if (fieldname, btext) in reader else EMPTY)


def deleted_mask(reader) -> np.ndarray | None:
    """True for each deleted docnum of the segment of `reader`; None when it has no deletions."""
    deleted = reader.deleted_docs_set
    if not deleted:
        return None
    mask = np.zeros(reader.doc_count_all(), dtype=bool)
    mask[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = True
    return mask


def seek_block(matcher, postings: Postings, docnum: int) -> None:
    """Move a matcher of `postings` straight to the block that may hold `docnum`, when it lies past the
    matcher's block (its own skip_to reads the header of every block on the way); then skip_to."""
    leaf = getattr(matcher, "child", matcher)  # under the filter of deleted documents
    if isinstance(leaf, W3LeafMatcher) and leaf.is_active() and docnum > leaf.block_max_id():
        block = int(np.searchsorted(postings.block_last, docnum))
        if block < len(postings.block_starts):
            leaf._goto(int(postings.block_starts[block]))
    matcher.skip_to(docnum)


def _decode(reader, fieldname: str, btext: bytes) -> Postings:
    matcher = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
    if not isinstance(matcher, W3LeafMatcher):  # postings inlined in the term info: a handful
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return Postings(np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64))
    ids, weights, starts = [], [], [matcher._baseoffset]
    postfile = matcher._postfile
    while True:
        count = matcher._blocklength
        data = postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
        block_ids, block_weights = loads(zlib.decompress(data) if matcher._compression else data)[:2]
        block_ids = np.asarray(block_ids, dtype=np.int64)
        ids.append(block_ids if matcher._byteids else np.cumsum(block_ids))
        if block_weights is None:
            weights.append(np.ones(count))
        elif isinstance(block_weights, float):
            weights.append(np.full(count, block_weights))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float64))  # array('f') or a tuple
        if matcher._lastblock:
            break
        starts.append(matcher._nextoffset)
        matcher._goto(matcher._nextoffset)
    return Postings(np.concatenate(ids), np.concatenate(weights), np.asarray(starts, dtype=np.int64),
                    np.asarray([block[-1] for block in ids], dtype=np.int64))
