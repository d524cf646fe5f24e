"""Field lengths for BM25F from memory: one byte per document and field, read once per segment.

Whoosh's scorer asks the reader for the field length of every match, which is a file read when the
index is read through file handles. The W3 codec keeps a field's lengths as one column file holding a
byte per document (`NumericColumn("B")`, decoded with `byte_to_length`); it is read here whole.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from whoosh.codec.whoosh3 import W3Codec
from whoosh.util.numeric import byte_to_length

from search_app.core.cache import BoundedLRU

LENGTHS_CACHE_BYTES = 64 * 2**20
_DECODED = tuple(byte_to_length(b) for b in range(256))
_DECODED_ARRAY = np.asarray(_DECODED, dtype=np.float64)
_columns = BoundedLRU(LENGTHS_CACHE_BYTES, len)


def field_length_reader(searcher, fieldname: str) -> Callable[[int], int] | None:
    """docnum → length of `fieldname` for a searcher of one segment; None for a searcher of several."""
    reader = searcher.reader()
    if not reader.is_atomic():
        return None
    raw = _raw_column(reader, fieldname)
    decoded = _DECODED
    return lambda docnum: decoded[raw[docnum]]


def field_lengths(reader, fieldname: str, docnums: np.ndarray) -> np.ndarray:
    """The lengths of `fieldname` in `docnums` of the segment of `reader` (atomic), as the scorer sees them."""
    raw = np.frombuffer(_raw_column(reader, fieldname), dtype=np.uint8)
    return _DECODED_ARRAY[raw[docnums]]


def _raw_column(reader, fieldname: str) -> bytes:
    segment = reader.segment()
    return _columns.get((segment.segment_id(), fieldname), lambda: _read_column(reader, segment, fieldname))


def _read_column(reader, segment, fieldname: str) -> bytes:
    name = W3Codec.column_filename(segment, f"_{fieldname}_len")
    storage = reader._storage  # the segment's files, inside its compound file when it has one
    raw = storage.open_file(name).read() if storage.file_exists(name) else b""
    return raw.ljust(reader.doc_count_all(), b"\0")
