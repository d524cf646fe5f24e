"""News files to records: what `fahras index --input` reads.

Inputs are files and folders (read recursively, files sorted by relative path, hidden ones skipped):
- `.txt`, `.md`: one article per file; its id is the path relative to the input folder, without the
  extension, `/`-separated. A sidecar `NAME.json` beside it (a JSON object) overrides what is extracted
  from the text, and is not read as articles itself.
- `.jsonl` (one JSON object per line), `.jsonl.gz` (the same, gzipped, each line UTF-8), `.json` (an array
  of objects), `.csv` (a header row naming the fields).
Text is decoded by `indexer.decoding.decode`. Whatever cannot be read becomes a `Problem` naming the file
(and line, or array index) and the run goes on: a bad line or row costs that record, a bad file that file.
"""
from __future__ import annotations

import codecs
import csv
import gzip
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from indexer.decoding import decode
from indexer.errors import FahrasError

DEFAULT_MAX_BYTES = 20_000_000
TEXT_KINDS = (".txt", ".md")
KINDS = (*TEXT_KINDS, ".jsonl", ".jsonl.gz", ".json", ".csv")

# The csv module refuses fields over 128 KiB; an article body may be longer, and max_bytes bounds the file.
csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Problem:
    """Something skipped: `where` is "path", "path:line" or "path[index]"; `reason` says why."""

    where: str
    reason: str


@dataclass(frozen=True)
class Record:
    """One article as read, before `documents.build_document` makes it a Document.

    fields: a structured record's own keys (id, title, body, author, date, source, url, lang; others are
        ignored), or for a text file its sidecar's, which override what is extracted from `text`.
    origin: "path" or "path:line" (or "path[index]" in a JSON array), for messages.
    source_path: absolute path of the file, for --prune.
    default_id: a text file's id (relative path without extension); None for structured records, whose id
        is their `id` field or else a hash of their content.
    text: the decoded content of a text file; None for structured records.
    """

    fields: dict
    origin: str
    source_path: Path
    default_id: str | None = None
    text: str | None = None


def iter_records(paths: Iterable[Path | str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Record | Problem]:
    """Records of every article under `paths`, in a stable order, and a Problem for each thing skipped.

    Files over `max_bytes` bytes (on disk, before any gunzipping) are skipped and reported.
    """
    for path in map(Path, paths):
        if path.is_dir():
            for file in _files_under(path):
                if not _is_sidecar(file):
                    yield from _read_file(file, path, max_bytes)
        elif path.is_file():
            if not _is_sidecar(path):
                yield from _read_file(path, path.parent, max_bytes)
        else:
            yield Problem(str(path), "no such file or directory")


def kind_of(path: Path) -> str | None:
    """The file type by extension, one of KINDS, or None."""
    name = path.name.lower()
    return next((kind for kind in KINDS if name.endswith(kind) and len(name) > len(kind)), None)


def _files_under(root: Path) -> list[Path]:
    files = (p for p in root.rglob("*") if p.is_file())
    visible = (p for p in files if not any(part.startswith(".") for part in p.relative_to(root).parts))
    return sorted(visible, key=lambda p: p.relative_to(root).as_posix())


def _is_sidecar(path: Path) -> bool:
    return kind_of(path) == ".json" and any(path.with_suffix(kind).is_file() for kind in TEXT_KINDS)


def _read_file(path: Path, root: Path, max_bytes: int) -> Iterator[Record | Problem]:
    where = str(path)
    kind = kind_of(path)
    if kind is None:
        yield Problem(where, f"not a supported file type ({', '.join(KINDS)})")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Problem(where, f"{size} bytes, over the limit of {max_bytes} bytes")
            return
        if kind == ".jsonl.gz":
            yield from _gzipped_jsonl(path)
            return
        data = path.read_bytes()
    except OSError as e:
        yield Problem(where, f"cannot read: {e.strerror or e}")
        return
    try:
        text = decode(data)
    except FahrasError as e:
        yield Problem(where, e.message)
        return
    if not text.strip():
        yield Problem(where, "empty file")
    elif kind in TEXT_KINDS:
        yield from _text_file(path, root, text, max_bytes)
    else:
        records = {".jsonl": _jsonl, ".json": _json_array, ".csv": _csv}[kind](path, text)
        yield from _or_none_found(records, where)


def _text_file(path: Path, root: Path, text: str, max_bytes: int) -> Iterator[Record | Problem]:
    sidecar = path.with_suffix(".json")
    fields: dict = {}
    if sidecar.is_file():
        read = _sidecar_fields(sidecar, max_bytes)
        if isinstance(read, Problem):
            yield read
        else:
            fields = read
    doc_id = path.relative_to(root).with_suffix("").as_posix()
    yield Record(fields, str(path), path.resolve(), doc_id, text)


def _sidecar_fields(path: Path, max_bytes: int) -> dict | Problem:
    where = str(path)
    try:
        if path.stat().st_size > max_bytes:
            return Problem(where, f"sidecar over the limit of {max_bytes} bytes, ignored")
        value = orjson.loads(decode(path.read_bytes()))
    except OSError as e:
        return Problem(where, f"cannot read sidecar: {e.strerror or e}")
    except FahrasError as e:
        return Problem(where, f"sidecar ignored: {e.message}")
    except orjson.JSONDecodeError as e:
        return Problem(where, f"sidecar ignored, {_malformed(e)}")
    if not isinstance(value, dict):
        return Problem(where, "sidecar ignored: not a JSON object")
    return value


def _or_none_found(records: Iterator[Record | Problem], where: str) -> Iterator[Record | Problem]:
    found = False
    for item in records:
        found = True
        yield item
    if not found:
        yield Problem(where, "no articles in file")


def _jsonl(path: Path, text: str) -> Iterator[Record | Problem]:
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield _object(line, path, f"{path}:{number}")


def _gzipped_jsonl(path: Path) -> Iterator[Record | Problem]:
    def records():
        number = 0
        try:
            with gzip.open(path, "rb") as lines:
                for number, line in enumerate(lines, 1):
                    if line.strip():
                        yield _object(line.removeprefix(codecs.BOM_UTF8), path, f"{path}:{number}")
        except (OSError, EOFError, zlib.error) as e:
            yield Problem(f"{path}:{number + 1}" if number else str(path), f"bad gzip data: {e}")

    yield from _or_none_found(records(), str(path))


def _object(line: str | bytes, path: Path, where: str) -> Record | Problem:
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError as e:
        return Problem(where, _malformed(e, in_line=True))
    if not isinstance(value, dict):
        return Problem(where, "not a JSON object")
    return Record(value, where, path.resolve())


def _malformed(error: orjson.JSONDecodeError, *, in_line: bool = False) -> str:
    at = f"column {error.colno}" if in_line else f"line {error.lineno}, column {error.colno}"
    return f"malformed JSON at {at}: {error.msg}"


def _json_array(path: Path, text: str) -> Iterator[Record | Problem]:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as e:
        yield Problem(str(path), _malformed(e))
        return
    if not isinstance(value, list):
        yield Problem(str(path), "not a JSON array of articles")
        return
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        yield Record(item, where, path.resolve()) if isinstance(item, dict) else Problem(where, "not a JSON object")


def _csv(path: Path, text: str) -> Iterator[Record | Problem]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as e:
            yield Problem(f"{path}:{line}", f"malformed CSV, rest of file skipped: {e}")
            return
        if row is None:
            return
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [name.strip().lower() for name in row]
        elif len(row) != len(header):
            yield Problem(f"{path}:{line}", f"{len(row)} fields where the header names {len(header)}")
        else:
            fields = {name: value for name, value in zip(header, row) if name}
            yield Record(fields, f"{path}:{line}", path.resolve())
