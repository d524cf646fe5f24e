"""Documents made ready for the index on every core: entities found and linked, near-copy signature computed.

Recognition costs far more than reading a document, so a large build hands documents, in batches, to
worker processes. They are started with the "spawn" method (a fresh interpreter, never a fork of this
process) and this side starts no thread, so the Whoosh writer processes that `bulk.build_index` forks
later are forked from a process without threads. Each worker loads the gazetteer and the recogniser's
models once. A worker holds one batch at a time and sends its answer only when this side waits for it,
so neither side can block the other on a full pipe; documents come back in the order given. Workers
ignore Ctrl-C (the run stops them), and die with the run however it ends (Linux's parent-death signal).
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from multiprocessing.connection import Connection, wait
from typing import Iterable, Iterator

from indexer.aliases import Words, person_words
from indexer.bulk import STOP_SECONDS, die_with_parent
from indexer.documents import Document
from indexer.entities import find_entities
from indexer.errors import FahrasError
from indexer.gazetteer import Gazetteer, build_gazetteer
from indexer.linking import Recognizer, load_recognizer

BATCH_SIZE = 16
# Fewer documents are prepared in this process: starting a worker (an interpreter, the models) costs
# about as much as preparing this many.
POOL_AFTER = 64


@dataclass(frozen=True)
class Linker:
    """Gives each document its entities: the gazetteer's names and the recogniser's, linked."""

    gazetteer: Gazetteer
    recognize: Recognizer
    people: dict[str, Words] = field(default_factory=dict)  # key words of the corpus persons linked

    def __call__(self, doc: Document) -> Document:
        if not doc.entities:
            doc.entities = find_entities(doc.title, doc.body, self.gazetteer, lang=doc.lang, recognize=self.recognize)
        self.remember(doc)
        return doc

    def remember(self, doc: Document) -> None:
        """Keep the words of `doc`'s corpus persons, for the run's alias merging (`indexer.merging`)."""
        self.people.update(person_words(doc.entities))


def ready(doc: Document, linker: Linker) -> Document:
    """`doc` with its entities and its near-copy signature, everything of it that costs time to compute."""
    linker(doc)
    doc.near_signature  # a cached property: computed here, kept with the document
    return doc


class Preparation:
    """`with Preparation(gazetteer_data, linker, procs) as prepare:` then `prepare(documents)` yields them
    ready, in order; on `procs` worker processes when there are more than POOL_AFTER documents."""

    def __init__(self, gazetteer_data: dict, linker: Linker, procs: int):
        self.gazetteer_data = gazetteer_data
        self.linker = linker
        self.procs = procs
        self.workers: dict[Connection, multiprocessing.process.BaseProcess] = {}

    def __enter__(self) -> "Preparation":
        return self

    def __exit__(self, kind, error, tb) -> None:
        self.stop(at_once=error is not None)

    def __call__(self, documents: Iterable[Document]) -> Iterator[Document]:
        docs = iter(documents)
        first = list(islice(docs, POOL_AFTER))
        if self.procs < 2 or len(first) < POOL_AFTER:
            for doc in chain(first, docs):
                yield ready(doc, self.linker)
            return
        self.start()
        for doc in _Batches(self.workers, chain(first, docs)):  # linked in a worker, remembered here
            self.linker.remember(doc)
            yield doc
        self.stop()  # their models' memory is free for what follows (`indexer.spill` writes only then)

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        with _ignoring_sigint():  # inherited through exec: a worker never turns Ctrl-C into a traceback
            for _ in range(self.procs):
                ours, theirs = context.Pipe()
                worker = context.Process(target=_serve, args=(theirs, self.gazetteer_data, os.getpid()),
                                         name="fahras-prepare", daemon=True)
                worker.start()
                theirs.close()
                self.workers[ours] = worker

    def stop(self, at_once: bool = False) -> None:
        """Ask each worker to end (or kill it `at_once`), wait STOP_SECONDS, then kill what still runs."""
        for conn, worker in self.workers.items():
            if at_once:
                worker.kill()
            else:
                try:
                    conn.send(None)
                except OSError:
                    worker.kill()
        for conn, worker in self.workers.items():
            worker.join(STOP_SECONDS)
            if worker.is_alive():
                worker.kill()
                worker.join()
            conn.close()
        self.workers.clear()


class _Batches:
    """The documents of `docs`, prepared by `workers`, yielded in order."""

    def __init__(self, workers: dict, docs: Iterator[Document]):
        self.workers = workers
        self.batches = iter(lambda: list(islice(docs, BATCH_SIZE)), [])
        self.busy: dict[Connection, int] = {}  # worker -> number of the batch it holds
        self.done: dict[int, list[Document]] = {}
        self.sent = 0
        self.exhausted = False

    def __iter__(self) -> Iterator[Document]:
        given = 0
        self.pump(block=False)
        while self.busy or given in self.done:
            if given not in self.done:
                self.pump(block=True)
                continue
            for doc in self.done.pop(given):
                yield doc
                self.pump(block=False)  # an idle worker gets its next batch without waiting for the rest
            given += 1

    def pump(self, block: bool) -> None:
        """Take the answers that have come (waiting for one if `block`), then give idle workers a batch."""
        for conn in wait(list(self.busy), None if block else 0) if self.busy else ():
            self.done[self.busy.pop(conn)] = self.receive(conn)
        for conn in self.workers:
            if conn in self.busy or self.exhausted:
                continue
            batch = next(self.batches, None)
            if batch is None:
                self.exhausted = True
                return
            conn.send(batch)
            self.busy[conn] = self.sent
            self.sent += 1

    def receive(self, conn: Connection) -> list[Document]:
        try:
            status, answer = conn.recv()
        except (EOFError, OSError):
            worker = self.workers[conn]
            worker.join(STOP_SECONDS)
            raise FahrasError("prepare_failed", f"a process preparing documents ended unexpectedly "
                                                f"(exit status {worker.exitcode})", 500) from None
        if status == "error":
            raise answer
        return answer


def _serve(conn: Connection, gazetteer_data: dict, parent_pid: int) -> None:
    """A worker: load once, then answer each batch with its documents made ready until told to stop."""
    die_with_parent(parent_pid)
    try:
        linker, failure = Linker(build_gazetteer(gazetteer_data), load_recognizer()), None
    except Exception as e:  # answered to the first batch, where the run can report it
        linker, failure = None, _sendable(e)
    while (batch := conn.recv()) is not None:
        if failure is not None:
            conn.send(("error", failure))
            continue
        try:
            conn.send(("ok", [ready(doc, linker) for doc in batch]))
        except Exception as e:
            conn.send(("error", _sendable(e)))


def _sendable(error: Exception) -> Exception:
    """The error itself when it survives pickling, else one that carries the worker's traceback."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError("in a process preparing documents:\n" + "".join(traceback.format_exception(error)))
    return error


@contextmanager
def _ignoring_sigint():
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
