"""Full index builds, fast: documents become field dicts, analyzed on every core by Whoosh's MpWriter.

Whoosh's multiprocessing writer hands batches of field dicts to `procs` worker processes, each of
which analyzes its documents into its own segment; with `multisegment=True` the segments are kept as
they are instead of being merged in the parent (search reads across segments).

Every build ends: the workers are forked at the first document (a build of nothing forks none), die with
the build process however it ends (Linux's parent-death signal, set in each worker), leave Ctrl-C to it,
and are joined with a deadline, then killed.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.multiproc import SubWriterTask

from indexer.documents import Document
from indexer.errors import FahrasError
from indexer.near_duplicates import NearDuplicates
from indexer.entity_report import written_form
from indexer.schema import ENTITY_TYPES, LANGS, build_schema, form_term, text_field

BATCH_SIZE = 256
LIMIT_MB = 256
# A worker writes its whole segment once told there are no more documents: minutes for a very large build.
FINISH_SECONDS = 900.0
STOP_SECONDS = 5.0
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def document_fields(doc: Document, added_at: int, near: NearDuplicates | None = None) -> dict:
    """The keyword arguments of `writer.add_document` for one document; missing values are left out.

    `near` (what the run has seen so far) gives the document its near-duplicate group."""
    lang = doc.lang if doc.lang in LANGS else "other"
    fields = {
        "id": doc.id,
        "title": doc.title,
        "body": doc.body,
        "lang": lang,
        "author": doc.author,
        "url": doc.url,
        "date": doc.date,
        "month": doc.date[:7] if doc.date else None,
        "source": doc.source,
        "path": doc.path,
        "added_at": added_at,
        "entities": doc.entities,
        "content_hash": doc.content_hash,
        "record_hash": doc.record_hash,
        text_field("title", lang): doc.title,
        text_field("body", lang): doc.body,
    }
    for etype in ENTITY_TYPES:
        ids = [e["id"] for e in doc.entities if e["type"] == etype]
        fields[etype] = " ".join(dict.fromkeys(ids)) or None
    texts = {"title": doc.title, "body": doc.body}
    forms = [form_term(e["id"], lang, form) for e in doc.entities for m in e["mentions"]
             if (form := written_form(texts, m))]
    fields["entity_forms"] = "\n".join(forms) or None
    if near is not None:
        fields["near_group"], fields["near_signature"] = near.assign_signature(doc.id, doc.near_signature)
    return {name: value for name, value in fields.items() if value is not None}


def build_index(
    index_dir: Path,
    documents: Iterable[Document],
    *,
    procs: int = 2,
    schema: Schema | None = None,
    added_at: int | None = None,
    kept_added_at: Mapping[str, int] | None = None,
) -> int:
    """Create a fresh index in `index_dir` (replacing any index there) from `documents`; returns the count.

    Document ids must be unique: a repeated id is a FahrasError and nothing is committed.
    `procs=1` indexes in this process. `added_at` (epoch ms) defaults to now, one value for the build;
    documents whose id is in `kept_added_at` keep the value given there (a rebuild keeps when they entered).
    """
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(index_dir, schema or build_schema())
    stamp = now_ms() if added_at is None else added_at
    kept = {} if kept_added_at is None else kept_added_at
    if procs > 1:
        writer = ix.writer(procs=procs, limitmb=LIMIT_MB, multisegment=True, batchsize=BATCH_SIZE)
    else:
        writer = ix.writer(limitmb=LIMIT_MB)
    seen: set[str] = set()
    near = NearDuplicates()
    try:
        for doc in documents:
            if doc.id in seen:
                raise FahrasError("duplicate_id", f"document id {doc.id} appears twice in one build")
            if not seen and procs > 1:
                _start_workers(writer)
            seen.add(doc.id)
            writer.add_document(**document_fields(doc, kept.get(doc.id, stamp), near))
    except BaseException:
        _cancel(writer)
        raise
    writer.commit()
    _stop_feeders(writer)
    indexed = ix.doc_count()
    if indexed != len(seen):
        raise FahrasError("index_failed", f"{len(seen)} documents given but {indexed} indexed in {index_dir}", 500)
    return indexed


class _Worker(SubWriterTask):
    """One of MpWriter's writer processes, made to end with the build."""

    def __init__(self, writer):
        super().__init__(writer.storage, writer.indexname, writer.jobqueue, writer.resultqueue, writer.subargs,
                         writer.multisegment)
        self.parent_pid = os.getpid()

    def run(self):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        die_with_parent(self.parent_pid)
        super().run()

    def join(self, timeout=None):
        """MpWriter.commit joins its workers with no deadline: give them FINISH_SECONDS, then kill them
        (their segments are then missing, and build_index reports the build failed)."""
        super().join(FINISH_SECONDS if timeout is None else timeout)
        if self.is_alive():
            self.kill()
            super().join()


def die_with_parent(parent_pid: int) -> None:
    """Have Linux kill this process when the one that forked it dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:
        os._exit(1)


def _start_workers(writer) -> None:
    """Fork every worker now: MpWriter forks lazily, after its queue's feeder thread has started,
    and forking a process that has threads can deadlock the child."""
    while len(writer.tasks) < writer.procs:
        task = _Worker(writer)
        writer.tasks.append(task)
        task.start()


def _stop_feeders(writer) -> None:
    """End the feeder threads of MpWriter's queues, which it leaves running: the next build forks."""
    for queue in (getattr(writer, "jobqueue", None), getattr(writer, "resultqueue", None)):
        if queue is not None:
            queue.close()
            queue.join_thread()


def _cancel(writer) -> None:
    """Stop the worker processes too: MpWriter.cancel only flags them in this process, where they never look."""
    for task in getattr(writer, "tasks", []):
        task.terminate()
        task.join(STOP_SECONDS)
    _stop_feeders(writer)
    writer.cancel()
