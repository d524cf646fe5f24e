"""Index management: add what is new, update what changed, skip the rest; one writer at a time.

An incremental run changes the live index in one Whoosh commit. Whoosh writes the new table of contents
last, so a run that fails (its writer cancelled) leaves the previous generation whole and searchable.
A fresh build (first run, or --rebuild) is written into a sibling directory and swapped in at the end,
so a failed rebuild loses nothing and a new schema takes effect.

A run that could not read an input it was given, or that read no document at all, changes nothing: it
stops before any commit or swap (a mistyped path must not empty the index). One writer at a time: the
lock is Whoosh's write lock, with the holder's pid recorded beside it, so a run that finds the pid of a
process that no longer exists says it takes the lock over.
"""
from __future__ import annotations

import os
import shutil
import signal
import sys
import time
import unicodedata
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.util.filelock import try_for

from indexer.bulk import LIMIT_MB, STOP_SECONDS, build_index, document_fields
from indexer.documents import Document, build_document, record_id
from indexer.errors import FahrasError
from indexer.gazetteer import build_gazetteer, choose_gazetteer, record_gazetteer
from indexer.linking import load_recognizer
from indexer.merging import merge_aliases, write_person_names
from indexer.near_duplicates import NearDuplicates
from indexer.preparation import Linker, Preparation
from indexer.progress import Progress
from indexer.sources import Problem, iter_records
from indexer.spill import Spill
from indexer.store import open_index

DEFAULT_LOCK_TIMEOUT = 10.0
LOCK_POLL_SECONDS = 0.1
LEFTOVER_GRACE_SECONDS = 0.5
WRITELOCK = f"{index._DEF_INDEX_NAME}_WRITELOCK"
LOCK_OWNER = f"{WRITELOCK}.pid"
NEWEST_FIELD = "entity_forms"  # the newest field of the schema: an index without it needs --rebuild
BUILD_PROCS = min(os.cpu_count() or 1, 4)


class Change(Enum):
    """What a document read is to the index; the value names its RunSummary counter."""

    NEW = "added"
    UPDATED = "updated"
    MOVED = "moved"
    UNCHANGED = "unchanged"


@dataclass
class RunSummary:
    added: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stopped: str | None = None
    documents: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.failed or self.stopped)

    def count(self, change: Change) -> None:
        setattr(self, change.value, getattr(self, change.value) + 1)

    def stop(self, reason: str) -> None:
        """The run changed nothing: no count stands, only what was read and failed."""
        self.added = self.updated = self.moved = self.unchanged = self.deleted = 0
        self.stopped = reason

    def render(self) -> str:
        """One line of counts, then a line per note, failure and stop; control characters in file names
        are escaped, so each stays one line."""
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        lines = [
            f"added {self.added}, updated {self.updated}, moved {self.moved}, unchanged {self.unchanged}, "
            f"deleted {self.deleted}, failed {len(self.failed)} "
            f"({self.documents} documents read in {self.seconds:.1f} s, {rate:.0f} docs/s)"
        ]
        lines += [f"note: {note}" for note in self.notes]
        lines += [f"failed: {where}: {reason}" for where, reason in self.failed]
        if self.stopped:
            lines.append(f"stopped: {self.stopped}")
        return "\n".join(map(escape_controls, lines))


def escape_controls(text: str) -> str:
    """`text` with line breaks and other control characters as backslash escapes (a ZWNJ stays as it is)."""
    return "".join(c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in ("Cc", "Zl", "Zp")
                   else c for c in text)


class RunStopped(Exception):
    """Raised while reading the inputs to end the run before anything is committed or swapped."""


@dataclass(frozen=True)
class Known:
    """What the index holds about a document, enough to tell unchanged from updated."""

    content_hash: str
    added_at: int
    path: str | None
    record_hash: str | None = None  # None in an index built before the column existed


@dataclass(frozen=True)
class Unchanged:
    """A record whose id, path and digest match what the index holds: not built again."""

    id: str


def classify(old: Known | None, doc: Document) -> Change:
    """The one rule for every run: new id, other content, same content from another file, or the same."""
    if old is None:
        return Change.NEW
    if old.content_hash != doc.content_hash:
        return Change.UPDATED
    if old.path != doc.path:
        return Change.MOVED
    return Change.UNCHANGED


def kept_added_at(change: Change, old: Known | None, stamp: int) -> int:
    """A document keeps when it entered the index until its content changes."""
    return stamp if change in (Change.NEW, Change.UPDATED) else old.added_at


def run_index(index_dir: str | Path, inputs: Iterable[str | Path], *, rebuild: bool, prune: bool,
              delete_ids: Iterable[str], max_bytes: int, progress: bool,
              lock_timeout: float = DEFAULT_LOCK_TIMEOUT, now: Callable[[], float] = time.time,
              gazetteer: str | Path | None = None) -> RunSummary:
    """Bring the index at `index_dir` up to date with `inputs`, then delete and prune.

    `--rebuild` without inputs re-reads every source file the index records. `now` gives the clock
    behind `added_at` (epoch seconds). `gazetteer` is a file, "none", or None for the one the index
    records (see `choose_gazetteer`); it and the recogniser are loaded before anything is written.
    """
    index_dir = Path(index_dir).absolute()
    gazetteer_data = choose_gazetteer(gazetteer, index_dir)
    linker = Linker(build_gazetteer(gazetteer_data), load_recognizer())
    inputs = list(dict.fromkeys(Path(p).absolute() for p in inputs))  # a path given twice is read once
    delete_ids = list(delete_ids)
    _recover_swap(index_dir)
    summary = RunSummary()
    bar = Progress(sys.stderr if progress else None)
    stamp = int(now() * 1000)
    fresh = rebuild or not _has_index(index_dir)
    if fresh and not inputs:
        open_index(index_dir)
    if not fresh and NEWEST_FIELD not in open_index(index_dir).schema:
        raise FahrasError("old_index", f"the index at {index_dir} was built by an older Fahras, without "
                                       "the written forms of its entities; run again with --rebuild to rebuild it")
    try:
        built = fresh and _build_fresh(index_dir, inputs, rebuild, delete_ids, max_bytes, lock_timeout, stamp,
                                       summary, bar, linker, gazetteer_data)
        if not built:
            _update(index_dir, inputs, prune, delete_ids, max_bytes, lock_timeout, stamp, summary, bar, linker)
            if summary.added or summary.updated or summary.moved:  # documents linked with this gazetteer
                record_gazetteer(index_dir, gazetteer_data)
    except RunStopped as stop:
        summary.stop(f"{stop}; nothing was changed in {index_dir}")
    finally:
        bar.close()
    summary.documents = bar.done
    summary.seconds = bar.clock() - bar.started
    return summary


def _update(index_dir, inputs, prune, delete_ids, max_bytes, lock_timeout, stamp, summary, bar, linker) -> None:
    ix = open_index(index_dir)
    with _write_lock(index_dir, lock_timeout, summary):
        _remove_leftovers(index_dir)
        _update_locked(ix, inputs, prune, delete_ids, max_bytes, stamp, summary, bar, linker)
        if summary.added or summary.updated or summary.moved or summary.deleted:
            merge_aliases(index_dir, linker.people)


def _update_locked(ix, inputs, prune, delete_ids, max_bytes, stamp, summary, bar, linker) -> None:
    writer = ix.writer(_lk=False, limitmb=LIMIT_MB)
    try:
        with writer.reader() as reader:
            known = _read_known(reader)
        near = None  # read from the stored signatures only when a document is written
        seen = set()
        for doc in _documents(inputs, max_bytes, summary, bar, known):
            seen.add(doc.id)
            if isinstance(doc, Unchanged):
                summary.count(Change.UNCHANGED)
                continue
            old = known.get(doc.id)
            change = classify(old, doc)
            summary.count(change)
            if change is not Change.UNCHANGED and near is None:
                with ix.reader() as reader:
                    near = NearDuplicates.from_columns(reader)
            if change is Change.NEW:
                writer.add_document(**_in_schema(document_fields(linker(doc), stamp, near), ix.schema))
            elif change is not Change.UNCHANGED:
                fields = document_fields(linker(doc), kept_added_at(change, old, stamp), near)
                writer.update_document(**_in_schema(fields, ix.schema))
        doomed = _checked_deletes(delete_ids, known.keys() | seen, summary)
        if prune:
            doomed |= {doc_id for doc_id, k in known.items()
                       if doc_id not in seen and k.path and not Path(k.path).exists()}
        for doc_id in doomed:
            writer.delete_by_term("id", doc_id)
        summary.deleted = len(doomed)
        if summary.added or summary.updated or summary.moved or summary.deleted:
            writer.commit()
        else:
            writer.cancel()
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        raise


def _build_fresh(index_dir, inputs, rebuild, delete_ids, max_bytes, lock_timeout, stamp, summary, bar, linker,
                 gazetteer_data) -> bool:
    """False, having done nothing, when another first build of the index won the lock: update that one."""
    strangers = index_dir.is_dir() and any(p.name not in (WRITELOCK, LOCK_OWNER) for p in index_dir.iterdir())
    if strangers and not _has_index(index_dir):
        raise FahrasError("not_an_index", f"{index_dir} holds files but no Fahras index; "
                                          "give --index an empty or new directory")
    with _write_lock(index_dir, lock_timeout, summary):
        if not rebuild and _has_index(index_dir):
            return False
        known = {}
        if index.exists_in(index_dir):
            with index.open_dir(index_dir).reader() as reader:
                known = _read_known(reader)
        if not inputs:
            inputs = sorted({Path(k.path) for k in known.values() if k.path})
        kept, dropped = set(), set()
        added_at: dict[str, int] = {}

        def documents():
            """Counts each document as it goes, and when it entered the index."""
            for doc in _documents(inputs, max_bytes, summary, bar):
                if doc.id in delete_ids:
                    dropped.add(doc.id)
                    continue
                old = known.get(doc.id)
                change = classify(old, doc)
                summary.count(change)
                added_at[doc.id] = kept_added_at(change, old, stamp)
                kept.add(doc.id)
                yield doc

        _remove_leftovers(index_dir)
        new_dir = _sibling(index_dir, "new")
        spill = Spill(_sibling(index_dir, "prepared"), linker.people)
        try:
            with Preparation(gazetteer_data, linker, BUILD_PROCS) as prepare:
                build_index(new_dir, spill(prepare(documents())), procs=BUILD_PROCS, added_at=stamp,
                            kept_added_at=added_at)
            write_person_names(new_dir, spill.person_names())
            record_gazetteer(new_dir, gazetteer_data)
            _checked_deletes(delete_ids, known.keys() | dropped, summary)
            summary.deleted = len(known.keys() - kept)
            _swap_in(index_dir, new_dir)
        finally:
            _remove_leftovers(index_dir)
    return True


def _in_schema(fields: dict, schema) -> dict:
    """`fields` without those an index of an older schema lacks (`record_hash` before it existed)."""
    return {name: value for name, value in fields.items() if name in schema}


def _documents(inputs, max_bytes, summary: RunSummary, bar: Progress,
               known: dict[str, Known] | None = None) -> Iterator[Document | Unchanged]:
    """Documents of the inputs, each id once; problems and repeated ids go to `summary.failed`. With
    `known`, a record `known` holds unchanged (same id, path and record hash) comes as Unchanged.

    RunStopped when an input itself cannot be read, or when the inputs give no document at all.
    """
    given = {str(path) for path in inputs}
    first_seen: dict[str, str] = {}
    for item in iter_records(inputs, max_bytes=max_bytes):
        if isinstance(item, Problem):
            summary.failed.append((item.where, item.reason))
            if item.where in given:
                raise RunStopped(f"could not read {item.where}")
            continue
        doc_id = record_id(item) if known else None
        if doc_id is not None and _unchanged(known.get(doc_id), item):
            doc = Unchanged(doc_id)
        else:
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
    if inputs and not first_seen:
        raise RunStopped("read no document from " + ", ".join(sorted(given)))
    bar.phase("all read, writing the index")


def _unchanged(old: Known | None, record) -> bool:
    return (old is not None and old.record_hash is not None and old.path == str(record.source_path)
            and old.record_hash == record.digest)


def _checked_deletes(delete_ids, present, summary: RunSummary) -> set[str]:
    for doc_id in delete_ids:
        if doc_id not in present:
            summary.failed.append((f"--delete {doc_id}", "no document with this id in the index"))
    return {doc_id for doc_id in delete_ids if doc_id in present}


def _has_index(index_dir: Path) -> bool:
    return index_dir.is_dir() and index.exists_in(index_dir)


def _read_known(reader) -> dict[str, Known]:
    """From the columns of `id`, `content_hash`, `path`, `added_at` and `record_hash`, not the stored
    bodies; an index built before those columns existed is read from its stored fields."""
    if not reader.has_column("content_hash"):
        return {f["id"]: Known(f.get("content_hash"), f.get("added_at"), f.get("path"))
                for f in reader.all_stored_fields()}
    known = {}
    names = ("id", "content_hash", "path", "added_at", "record_hash")
    for leaf, _ in reader.leaf_readers():
        ids, hashes, paths, stamps, records = (leaf.column_reader(name) if _has_column(leaf, name) else None
                                               for name in names)
        for docnum in leaf.all_doc_ids():
            known[ids[docnum]] = Known(hashes[docnum], stamps[docnum], paths[docnum] or None,
                                       records[docnum] or None if records is not None else None)
    return known


def _has_column(reader, name: str) -> bool:
    return name in reader.schema and reader.has_column(name)


def _busy(index_dir: Path, waited: float) -> FahrasError:
    return FahrasError(
        "index_locked",
        f"another writer is updating the index at {index_dir}; gave up after waiting {waited:g} s "
        "(run again when it has finished, or wait longer with --lock-timeout)",
        409,
    )


@contextmanager
def _write_lock(index_dir: Path, timeout: float, summary: RunSummary):
    """The lock Whoosh's own writers take, with this process's pid written beside it while held.

    The lock is the kernel's (flock), so it dies with its holder; a pid left beside it names a run that
    ended without finishing, and the run that takes the lock over says so. Processes that run left
    holding the lock are stopped first.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileStorage(str(index_dir)).lock(WRITELOCK)
    owner = index_dir / LOCK_OWNER
    if not lock.acquire():
        leftovers = _stop_leftovers(index_dir / WRITELOCK, owner)
        if leftovers:
            summary.notes.append(f"stopped processes {', '.join(map(str, leftovers))}, left holding the write "
                                 f"lock of {index_dir} by process {_recorded_pid(owner)}")
        if not try_for(lock.acquire, timeout=max(timeout, STOP_SECONDS) if leftovers else timeout,
                       delay=LOCK_POLL_SECONDS):
            raise _busy(index_dir, timeout)
    try:
        previous = _recorded_pid(owner)
        if previous is not None and previous != os.getpid() and not _alive(previous):
            summary.notes.append(f"took over the write lock of {index_dir} from process {previous}, "
                                 "which ended without releasing it")
        owner.write_text(str(os.getpid()), encoding="ascii")
        yield
    finally:
        if _recorded_pid(owner) == os.getpid():
            owner.unlink()
        lock.release()


def _stop_leftovers(lock_file: Path, owner: Path) -> list[int]:
    """Kill the processes holding the lock of a writer that no longer exists, and return their pids.

    They can only be processes it forked while it held the lock and left behind. The recorded pid is read
    twice, LEFTOVER_GRACE_SECONDS apart, so that a writer that has just taken the lock has recorded its own.
    """
    previous = _recorded_pid(owner)
    if previous is None or _alive(previous):
        return []
    time.sleep(LEFTOVER_GRACE_SECONDS)
    if _recorded_pid(owner) != previous:
        return []
    holders = _holders(lock_file)
    for pid in holders:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return holders


def _holders(path: Path) -> list[int]:
    """Pids of the other processes that have `path` open (found through Linux's /proc; none elsewhere)."""
    target = path.stat()
    return sorted(int(fds.parent.name) for fds in Path("/proc").glob("[0-9]*/fd")
                  if int(fds.parent.name) != os.getpid() and _opens(fds, target))


def _opens(fds: Path, target: os.stat_result) -> bool:
    """Whether a /proc/PID/fd directory links to `target`; False for a process this user may not look into."""
    try:
        links = list(fds.iterdir())
    except OSError:
        return False
    for link in links:
        with suppress(OSError):
            if os.path.samestat(os.stat(link), target):
                return True
    return False


def _recorded_pid(owner: Path) -> int | None:
    try:
        return int(owner.read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    """Whether a process has this pid (one of another user counts: signalling it is refused, not unknown)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _remove_leftovers(index_dir: Path) -> None:
    """What a build killed before its end left beside the index: a half-written index, its spilled
    documents (as large as the documents). Called with the write lock held."""
    shutil.rmtree(_sibling(index_dir, "new"), ignore_errors=True)
    _sibling(index_dir, "prepared").unlink(missing_ok=True)


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
