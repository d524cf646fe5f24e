"""Near-copies (wire stories reprinted by several papers), found at index time and grouped.

A document's signature is a one-permutation MinHash (Li, Owen and Zhang, 2012) of the word shingles of
its folded title and body: each shingle is hashed once, the hash picks one of BINS bins, and each bin
keeps its smallest hash. The share of equal non-empty bins estimates the Jaccard similarity of two
documents' shingle sets. Candidates are found by LSH banding (BANDS bands of ROWS bins: documents that
agree on a whole band are compared) and a document joins the group of the most similar earlier document
when that similarity reaches THRESHOLD; otherwise it starts a group named by its own id.

Groups only grow: a new article joins an existing group and no stored group id is rewritten, so an
incremental run reads the stored signatures (never the bodies) and compares new articles with them.
"""
from __future__ import annotations

import hashlib
from array import array
from collections import defaultdict
from collections.abc import Iterable

from analyzers.fold import fold
from analyzers.tokens import spans

SHINGLE = 3
BINS = 64
BANDS = 16
ROWS = BINS // BANDS
THRESHOLD = 0.5
EMPTY = 2**64 - 1
MIN_SHINGLES = 8  # fewer and a few shared words would make two short texts "copies"


def shingles(text: str) -> set[str]:
    """Runs of SHINGLE consecutive folded words (ZWNJ compounds whole, their parts left out)."""
    words = [fold(word) for word, _, _, _, is_part in spans(text) if not is_part]
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> bytes | None:
    """The BINS minimum hashes of `text`'s shingles, as bytes; None when the text is too short to judge."""
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    bins = [EMPTY] * BINS
    for shingle in found:
        h = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "little")
        slot, value = h % BINS, h // BINS
        if value < bins[slot]:
            bins[slot] = value
    return array("Q", bins).tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity: the share of bins, filled in either signature, that are equal."""
    x, y = array("Q", a), array("Q", b)
    filled = equal = 0
    for u, v in zip(x, y):
        if u != EMPTY or v != EMPTY:
            filled += 1
            equal += u == v
    return equal / filled if filled else 0.0


def _bands(sig: bytes) -> list[tuple[int, bytes]]:
    width = ROWS * 8
    return [(band, sig[band * width:(band + 1) * width]) for band in range(BANDS)
            if sig[band * width:(band + 1) * width] != EMPTY.to_bytes(8, "little") * ROWS]


class NearDuplicates:
    """Assigns each document a group id, remembering signatures and groups of what it has seen."""

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self.known: dict[str, tuple[bytes, str]] = {}  # id -> (signature, group)
        self.buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)

    @classmethod
    def from_columns(cls, reader, threshold: float = THRESHOLD) -> "NearDuplicates":
        """Seeded with an index's documents from their `id`, `near_group` and `near_signature` columns
        (no stored body is read), for an incremental run."""
        near = cls(threshold)
        if not reader.has_column("near_signature"):
            return near
        for leaf, _ in reader.leaf_readers():
            ids, groups, sigs = (leaf.column_reader(name) for name in ("id", "near_group", "near_signature"))
            for docnum in leaf.all_doc_ids():
                if sigs[docnum] and groups[docnum]:
                    near.remember(ids[docnum], sigs[docnum], groups[docnum])
        return near

    def remember(self, doc_id: str, sig: bytes, group: str) -> None:
        self.known[doc_id] = (sig, group)
        for key in _bands(sig):
            self.buckets[key].append(doc_id)

    def assign(self, doc_id: str, text: str) -> tuple[str, bytes | None]:
        """The group of `doc_id` and its signature; a text too short to judge is a group of its own."""
        return self.assign_signature(doc_id, signature(text))

    def assign_signature(self, doc_id: str, sig: bytes | None) -> tuple[str, bytes | None]:
        """`assign` with the text's signature already computed (None: too short to judge)."""
        if sig is None:
            return doc_id, None
        candidates = {other for key in _bands(sig) for other in self.buckets.get(key, ()) if other != doc_id}
        best, best_sim = doc_id, self.threshold
        for other in sorted(candidates):
            other_sig, other_group = self.known[other]
            sim = similarity(sig, other_sig)
            if sim >= best_sim:
                best, best_sim = other_group, sim
        self.remember(doc_id, sig, best)
        return best, sig
