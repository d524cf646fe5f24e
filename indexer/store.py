"""Reading a Fahras index: open it, fetch a stored document in the `fahras show --json` shape."""
from __future__ import annotations

from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex

from indexer.errors import FahrasError

DOCUMENT_KEYS = ("id", "title", "body", "author", "date", "source", "url", "lang")


def open_index(index_dir: str | Path) -> FileIndex:
    """The index at `index_dir`, read through file handles.

    With memory mapping, Whoosh copies each sub-file of a compound segment (postings, term index) into
    a BytesIO for every reader it opens, so every open searcher would hold the whole index in memory;
    read through a file handle, a compound segment is read where a query needs it (the OS caches pages).
    """
    index_dir = Path(index_dir)
    if not index_dir.is_dir() or not index.exists_in(index_dir):
        raise FahrasError(
            "index_missing",
            f"no Fahras index at {index_dir}; build one with `fahras index --input PATH --index {index_dir}`",
            503,
        )
    return FileStorage(str(index_dir), supports_mmap=False).open_index()


def stored_to_dict(fields: dict) -> dict:
    """Stored fields of one hit or document as the public document shape; absent values are None."""
    doc = {key: fields.get(key) for key in DOCUMENT_KEYS}
    doc["title"] = doc["title"] or ""
    doc["body"] = doc["body"] or ""
    doc["entities"] = list(fields.get("entities") or [])
    return doc


def find_document(searcher, doc_id: str) -> dict:
    """The stored document with this id, in the public shape; FahrasError 404 when there is none."""
    fields = searcher.document(id=doc_id)
    if fields is None:
        raise FahrasError("not_found", f"no document with id {doc_id!r}", 404)
    return stored_to_dict(fields)


def get_document(index_dir: str | Path, doc_id: str) -> dict:
    with open_index(index_dir).searcher() as searcher:
        return find_document(searcher, doc_id)
