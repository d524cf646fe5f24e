"""News files to records: what `fahras index --input` reads.

Inputs are files and folders, walked by `indexer.walk` (recursively, in the order of relative paths,
hidden entries left out, links to folders followed once, what cannot be read reported):
- `.txt`, `.md`: one article per file; its id is the path relative to the input folder, without the
  extension, `/`-separated. A sidecar `NAME.json` beside it (a JSON object) overrides what is extracted
  from the text, and is not read as articles itself.
- `.jsonl` (one JSON object per line), `.jsonl.gz` (the same, gzipped), `.json` (an array of objects),
  `.csv` (a header row naming the fields). These containers are read as streams, record by record
  (`indexer.streams`), so their size is not limited.
`max_bytes` limits one article: a text file, a sidecar, one record of a container, counted after
gunzipping. Text is decoded by `indexer.decoding.decode`, a container's record by record. Whatever cannot
be read becomes a `Problem` naming the file (and line, or array index) and the run goes on: a bad or
oversized record costs that record, a bad file that file.
"""
from __future__ import annotations

import csv
import gzip
import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import orjson

from indexer.decoding import decode
from indexer.errors import FahrasError
from indexer.records import Problem, Record
from indexer.streams import CsvRowEnds, JsonItemEnds, LineEnds, Piece, StreamError, open_regular, read_bounded, \
    split_records
from indexer.walk import walk_inputs

__all__ = ["DEFAULT_MAX_BYTES", "KINDS", "Problem", "Record", "iter_records", "kind_of"]

DEFAULT_MAX_BYTES = 20_000_000
TEXT_KINDS = (".txt", ".md")
KINDS = (*TEXT_KINDS, ".jsonl", ".jsonl.gz", ".json", ".csv")

# The csv module refuses fields over 128 KiB; an article body may be longer, and max_bytes bounds the row.
csv.field_size_limit(sys.maxsize)


def iter_records(paths: Iterable[Path | str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Record | Problem]:
    """Records of every article under `paths`, in a stable order, and a Problem for each thing skipped.

    A text file, a sidecar or a container's record over `max_bytes` bytes (after gunzipping) is skipped
    and reported; a container's other records are read.
    """
    for item in walk_inputs(paths):
        if isinstance(item, Problem):
            yield item
        elif not _is_sidecar(item[0]):
            yield from _read_file(*item, max_bytes)


def kind_of(path: Path) -> str | None:
    """The file type by extension, one of KINDS, or None."""
    name = path.name.lower()
    return next((kind for kind in KINDS if name.endswith(kind) and len(name) > len(kind)), None)


def _is_sidecar(path: Path) -> bool:
    return kind_of(path) == ".json" and any(path.with_suffix(kind).is_file() for kind in TEXT_KINDS)


def _read_file(path: Path, root: Path, max_bytes: int) -> Iterator[Record | Problem]:
    where = str(path)
    kind = kind_of(path)
    if kind is None:
        yield Problem(where, f"not a supported file type ({', '.join(KINDS)})")
        return
    try:
        with open_regular(path) as stream:
            if kind in TEXT_KINDS:
                yield from _text_file(path, root, stream, max_bytes)
            elif os.fstat(stream.fileno()).st_size == 0:
                yield Problem(where, "empty file")
            else:
                yield from _or_none_found(_container(path, kind, stream, max_bytes), where)
    except OSError as e:
        yield Problem(where, f"cannot read: {e.strerror or e}")


def _text_file(path: Path, root: Path, stream: BinaryIO, max_bytes: int) -> Iterator[Record | Problem]:
    where = str(path)
    try:
        text = _read_text(stream, max_bytes)
    except FahrasError as e:
        yield Problem(where, e.message)
        return
    if not text.strip():
        yield Problem(where, "empty file")
        return
    sidecar = path.with_suffix(".json")
    fields: dict = {}
    if sidecar.is_file():
        read = _sidecar_fields(sidecar, max_bytes)
        if isinstance(read, Problem):
            yield read
        else:
            fields = read
    yield Record(fields, where, path.resolve(), path.relative_to(root).with_suffix("").as_posix(), text)


def _read_text(stream: BinaryIO, max_bytes: int) -> str:
    """The decoded text of a whole file; FahrasError when it is over `max_bytes` or is not text."""
    data = read_bounded(stream, max_bytes)
    if data is None:
        raise FahrasError("too_big", _over_limit(os.fstat(stream.fileno()).st_size, max_bytes))
    return decode(data)


def _sidecar_fields(path: Path, max_bytes: int) -> dict | Problem:
    where = str(path)
    try:
        with open_regular(path) as stream:
            value = orjson.loads(_read_text(stream, max_bytes))
    except OSError as e:
        return Problem(where, f"cannot read sidecar: {e.strerror or e}")
    except FahrasError as e:
        return Problem(where, f"sidecar ignored: {e.message}")
    except orjson.JSONDecodeError as e:
        return Problem(where, f"sidecar ignored, malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}")
    if not isinstance(value, dict):
        return Problem(where, "sidecar ignored: not a JSON object")
    return value


def _over_limit(size: int, max_bytes: int) -> str:
    return f"{size} bytes, over the limit of {max_bytes} bytes"


def _or_none_found(records: Iterator[Record | Problem], where: str) -> Iterator[Record | Problem]:
    found = False
    for item in records:
        found = True
        yield item
    if not found:
        yield Problem(where, "no articles in file")


def _container(path: Path, kind: str, stream: BinaryIO, max_bytes: int) -> Iterator[Record | Problem]:
    """The records of a JSON Lines, JSON or CSV file, read as a stream; a gzipped one is gunzipped as read."""
    gzipped = kind == ".jsonl.gz"
    splitter, read = {".jsonl": (LineEnds, _jsonl), ".jsonl.gz": (LineEnds, _jsonl),
                      ".json": (JsonItemEnds, _json_array), ".csv": (CsvRowEnds, _csv)}[kind]
    pieces = split_records(gzip.GzipFile(fileobj=stream, mode="rb") if gzipped else stream, splitter(), max_bytes,
                           read_error="bad gzip data" if gzipped else "cannot read")
    try:
        yield from read(path, path.resolve(), pieces, max_bytes)
    except StreamError as e:
        yield Problem(f"{path}:{e.line}" if e.line > 1 else str(path), e.reason)


def _texts(pieces: Iterator[Piece], max_bytes: int) -> Iterator[tuple[int, str | None, str | None]]:
    """(line, text, None) for each record that is not blank, or (line, None, why not) when it is over
    `max_bytes` or does not decode.

    Only the first record is tested for binary data, which shows at once in a binary file: an article
    may hold a stray control character, which `build_document` drops.
    """
    first = True
    for piece in pieces:
        if piece.data is None:
            yield piece.line, None, _over_limit(piece.size, max_bytes)
        elif piece.data.strip():
            try:
                yield piece.line, decode(piece.data, check_controls=first), None
            except FahrasError as e:
                yield piece.line, None, e.message
            first = False


def _jsonl(path: Path, source: Path, pieces: Iterator[Piece], max_bytes: int) -> Iterator[Record | Problem]:
    for line, text, why in _texts(pieces, max_bytes):
        where = f"{path}:{line}"
        yield Problem(where, why) if why else _object(text, source, where)


def _json_array(path: Path, source: Path, pieces: Iterator[Piece], max_bytes: int) -> Iterator[Record | Problem]:
    for index, (line, text, why) in enumerate(_texts(pieces, max_bytes)):
        where = f"{path}[{index}]"
        yield Problem(where, why) if why else _object(text, source, where, first_line=line)


def _object(text: str, source: Path, where: str, *, first_line: int | None = None) -> Record | Problem:
    """The record of one JSON object; `first_line` is the line an array item starts on (None for a JSON line)."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as e:
        at = f"column {e.colno}" if first_line is None else f"line {first_line + e.lineno - 1}"
        return Problem(where, f"malformed JSON at {at}: {e.msg}")
    if not isinstance(value, dict):
        return Problem(where, "not a JSON object")
    return Record(value, where, source)


def _csv(path: Path, source: Path, pieces: Iterator[Piece], max_bytes: int) -> Iterator[Record | Problem]:
    """Rows after the header row; a header that cannot be read costs the file, any other row only itself."""
    header: list[str] | None = None
    for line, text, why in _texts(pieces, max_bytes):
        where = f"{path}:{line}"
        row = why or _csv_row(text)
        if isinstance(row, str):
            yield Problem(where, row if header else f"header row: {row}, file skipped")
            if header is None:
                return
        elif not any(cell.strip() for cell in row):
            continue
        elif header is None:
            header = [name.strip().lower() for name in row]
        elif len(row) != len(header):
            yield Problem(where, f"{len(row)} fields where the header names {len(header)}")
        else:
            yield Record({name: value for name, value in zip(header, row) if name}, where, source)


def _csv_row(text: str) -> list[str] | str:
    """The cells of one row, or why it cannot be read."""
    try:
        return next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error as e:
        return f"malformed CSV: {e}"
