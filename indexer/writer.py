"""Index management: add what is new, update what changed, skip the rest; one writer at a time.

An incremental run changes the live index in one Whoosh commit. Whoosh writes the new table of contents
last, so a run that fails (its writer cancelled) leaves the previous generation whole and searchable.
A fresh build (first run, or --rebuild) is written into a sibling directory and swapped in at the end,
so a failed rebuild loses nothing and a new schema takes effect.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.util.filelock import try_for

from indexer.bulk import LIMIT_MB, build_index, document_fields
from indexer.documents import Document, build_document
from indexer.entities import find_entities
from indexer.errors import FahrasError
from indexer.near_duplicates import NearDuplicates
from indexer.progress import Progress
from indexer.sources import Problem, iter_records
from indexer.store import open_index

DEFAULT_LOCK_TIMEOUT = 10.0
LOCK_POLL_SECONDS = 0.1
WRITELOCK = f"{index._DEF_INDEX_NAME}_WRITELOCK"
BUILD_PROCS = min(os.cpu_count() or 1, 4)


@dataclass
class RunSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0

    def render(self) -> str:
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        lines = [
            f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
            f"deleted {self.deleted}, failed {len(self.failed)} "
            f"({self.documents} documents read in {self.seconds:.1f} s, {rate:.0f} docs/s)"
        ]
        lines += [f"failed: {where}: {reason}" for where, reason in self.failed]
        return "\n".join(lines)


@dataclass(frozen=True)
class Known:
    """What the index holds about a document, enough to tell unchanged from updated."""

    content_hash: str
    added_at: int
    path: str | None


def run_index(index_dir: str | Path, inputs: Iterable[str | Path], *, rebuild: bool, prune: bool,
              delete_ids: Iterable[str], max_bytes: int, progress: bool,
              lock_timeout: float = DEFAULT_LOCK_TIMEOUT, now: Callable[[], float] = time.time) -> RunSummary:
    """Bring the index at `index_dir` up to date with `inputs`, then delete and prune.

    `--rebuild` without inputs re-reads every source file the index records. `now` gives the clock
    behind `added_at` (epoch seconds).
    """
    index_dir = Path(index_dir).absolute()
    inputs = [Path(p).absolute() for p in inputs]
    delete_ids = list(delete_ids)
    _recover_swap(index_dir)
    summary = RunSummary()
    bar = Progress(sys.stderr if progress else None)
    stamp = int(now() * 1000)
    fresh = rebuild or not _has_index(index_dir)
    if fresh and not inputs:
        open_index(index_dir)
    try:
        built = fresh and _build_fresh(index_dir, inputs, rebuild, delete_ids, max_bytes, lock_timeout, stamp,
                                       summary, bar)
        if not built:
            _update(index_dir, inputs, prune, delete_ids, max_bytes, lock_timeout, stamp, summary, bar)
    finally:
        bar.close()
    summary.documents = bar.done
    summary.seconds = bar.clock() - bar.started
    return summary


def _update(index_dir, inputs, prune, delete_ids, max_bytes, lock_timeout, stamp, summary, bar) -> None:
    ix = open_index(index_dir)
    try:
        writer = ix.writer(timeout=lock_timeout, delay=LOCK_POLL_SECONDS, limitmb=LIMIT_MB)
    except LockError:
        raise _busy(index_dir, lock_timeout) from None
    try:
        with writer.reader() as reader:
            known = _read_known(reader)
            near = NearDuplicates.from_stored(reader.all_stored_fields())
        seen = set()
        for doc in _documents(inputs, max_bytes, summary, bar):
            seen.add(doc.id)
            old = known.get(doc.id)
            if old is None:
                writer.add_document(**document_fields(_with_entities(doc), stamp, near))
                summary.added += 1
            elif old.content_hash == doc.content_hash and old.path == doc.path:
                summary.unchanged += 1
            else:
                added_at = old.added_at if old.content_hash == doc.content_hash else stamp
                writer.update_document(**document_fields(_with_entities(doc), added_at, near))
                summary.updated += 1
        doomed = _checked_deletes(delete_ids, known.keys() | seen, summary)
        if prune:
            doomed |= {doc_id for doc_id, k in known.items()
                       if doc_id not in seen and k.path and not Path(k.path).exists()}
        for doc_id in doomed:
            writer.delete_by_term("id", doc_id)
        summary.deleted = len(doomed)
        if summary.added or summary.updated or summary.deleted:
            writer.commit()
        else:
            writer.cancel()
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise


def _build_fresh(index_dir, inputs, rebuild, delete_ids, max_bytes, lock_timeout, stamp, summary, bar) -> bool:
    """False, having done nothing, when another first build of the index won the lock: update that one."""
    strangers = index_dir.is_dir() and any(p.name != WRITELOCK for p in index_dir.iterdir())
    if strangers and not _has_index(index_dir):
        raise FahrasError("not_an_index", f"{index_dir} holds files but no Fahras index; "
                                          "give --index an empty or new directory")
    with _write_lock(index_dir, lock_timeout):
        if not rebuild and _has_index(index_dir):
            return False
        known = {}
        if index.exists_in(index_dir):
            with index.open_dir(index_dir).reader() as reader:
                known = _read_known(reader)
        if not inputs:
            inputs = sorted({Path(k.path) for k in known.values() if k.path and Path(k.path).exists()})
        kept, dropped = set(), set()
        kept_added_at: dict[str, int] = {}

        def documents():
            """Counts each document as it goes; build_index reads kept_added_at after each yield."""
            for doc in _documents(inputs, max_bytes, summary, bar):
                if doc.id in delete_ids:
                    dropped.add(doc.id)
                    continue
                old = known.get(doc.id)
                if old is None:
                    summary.added += 1
                elif old.content_hash == doc.content_hash:
                    kept_added_at[doc.id] = old.added_at
                    summary.unchanged += 1
                else:
                    summary.updated += 1
                kept.add(doc.id)
                yield _with_entities(doc)

        new_dir = _sibling(index_dir, "new")
        shutil.rmtree(new_dir, ignore_errors=True)
        try:
            build_index(new_dir, documents(), procs=BUILD_PROCS, added_at=stamp, kept_added_at=kept_added_at)
            _checked_deletes(delete_ids, known.keys() | dropped, summary)
            summary.deleted = len(known.keys() - kept)
            _swap_in(index_dir, new_dir)
        finally:
            shutil.rmtree(new_dir, ignore_errors=True)
    return True


def _documents(inputs, max_bytes, summary: RunSummary, bar: Progress) -> Iterator[Document]:
    """Documents of the inputs, each id once; problems and repeated ids go to `summary.failed`."""
    first_seen: dict[str, str] = {}
    for item in iter_records(inputs, max_bytes=max_bytes):
        if isinstance(item, Problem):
            summary.failed.append((item.where, item.reason))
            continue
        try:
            doc = build_document(item)
        except FahrasError as e:
            summary.failed.append((item.origin, e.message))
            continue
        if doc.id in first_seen:
            summary.failed.append((item.origin, f"duplicate id {doc.id!r} (first at {first_seen[doc.id]}), skipped"))
            continue
        first_seen[doc.id] = item.origin
        bar.step()
        yield doc
    bar.phase("all read, writing the index")


def _checked_deletes(delete_ids, present, summary: RunSummary) -> set[str]:
    for doc_id in delete_ids:
        if doc_id not in present:
            summary.failed.append((f"--delete {doc_id}", "no document with this id in the index"))
    return {doc_id for doc_id in delete_ids if doc_id in present}


def _with_entities(doc: Document) -> Document:
    if not doc.entities:
        doc.entities = find_entities(doc.title, doc.body, lang=doc.lang)
    return doc


def _has_index(index_dir: Path) -> bool:
    return index_dir.is_dir() and index.exists_in(index_dir)


def _read_known(reader) -> dict[str, Known]:
    return {
        f["id"]: Known(f.get("content_hash"), f.get("added_at"), f.get("path"))
        for f in reader.all_stored_fields()
    }


def _busy(index_dir: Path, waited: float) -> FahrasError:
    return FahrasError(
        "index_locked",
        f"another writer is updating the index at {index_dir}; gave up after waiting {waited:g} s "
        "(run again when it has finished, or wait longer with --lock-timeout)",
        409,
    )


@contextmanager
def _write_lock(index_dir: Path, timeout: float):
    """The lock Whoosh's own writers take, held while a fresh build replaces the directory."""
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileStorage(str(index_dir)).lock(WRITELOCK)
    if not try_for(lock.acquire, timeout=timeout, delay=LOCK_POLL_SECONDS):
        raise _busy(index_dir, timeout)
    try:
        yield
    finally:
        lock.release()


def _sibling(index_dir: Path, role: str) -> Path:
    return index_dir.with_name(f".{index_dir.name}.{role}")


def _swap_in(index_dir: Path, new_dir: Path) -> None:
    old_dir = _sibling(index_dir, "old")
    shutil.rmtree(old_dir, ignore_errors=True)
    os.rename(index_dir, old_dir)
    os.rename(new_dir, index_dir)
    shutil.rmtree(old_dir, ignore_errors=True)


def _recover_swap(index_dir: Path) -> None:
    """A run killed between the two renames of a swap left the old index aside: put it back."""
    old_dir = _sibling(index_dir, "old")
    if not index_dir.exists() and old_dir.is_dir():
        os.rename(old_dir, index_dir)
