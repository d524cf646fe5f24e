"""Index runs on the seed articles: add, skip unchanged, update, delete, prune, rebuild, fail safely."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import orjson
import pytest
from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import MultifieldParser
from whoosh.reading import SegmentReader

import indexer.writer as writer_module
from indexer.errors import FahrasError
from indexer.progress import Progress
from indexer.store import get_document, open_index
from indexer.writer import RunSummary, run_index

TITLE_AR = "كازاخستان.. فشل الثورة المستوحاة من الخارج"
BODY_AR = "شهدت كازاخستان احتجاجات واسعة بعد رفع أسعار الغاز المسال في مطلع العام."
BODY_AR_EDITED = BODY_AR + " وأعلن الرئيس حالة الطوارئ في ألماتي."


def index_run(index_dir: Path, inputs, **options) -> RunSummary:
    settings = dict(rebuild=False, prune=False, delete_ids=[], max_bytes=20_000_000, progress=False)
    return run_index(index_dir, list(inputs), **{**settings, **options})


def counts(summary: RunSummary) -> dict:
    return dict(added=summary.added, updated=summary.updated, moved=summary.moved, unchanged=summary.unchanged,
                deleted=summary.deleted, failed=len(summary.failed))


def stored(index_dir: Path) -> dict[str, dict]:
    with open_index(index_dir).searcher() as searcher:
        return {fields["id"]: fields for fields in searcher.all_stored_fields()}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def article(doc_id: str, title: str = TITLE_AR, body: str = BODY_AR, **extra) -> dict:
    return {"id": doc_id, "title": title, "body": body, "lang": "ar", **extra}


@pytest.fixture
def corpus(tmp_path, sample_dir) -> Path:
    """A private copy of the seed articles, free to edit and delete."""
    return Path(shutil.copytree(sample_dir, tmp_path / "corpus"))


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "ix"


@pytest.fixture
def indexed(corpus, index_dir) -> Path:
    assert index_run(index_dir, [corpus]).failed == []
    return index_dir


def id_of(index_dir: Path, path: Path) -> str:
    return next(doc_id for doc_id, f in stored(index_dir).items() if f["path"] == str(path))


def test_first_run_adds_every_seed_article(corpus, index_dir):
    summary = index_run(index_dir, [corpus])
    assert counts(summary) == dict(added=5, updated=0, moved=0, unchanged=0, deleted=0, failed=0)
    assert len(stored(index_dir)) == 5


def test_rerun_on_same_inputs_leaves_everything_unchanged(corpus, indexed):
    summary = index_run(indexed, [corpus])
    assert counts(summary) == dict(added=0, updated=0, moved=0, unchanged=5, deleted=0, failed=0)


def test_changed_file_is_updated(corpus, indexed):
    path = sorted(corpus.glob("*.txt"))[1]
    path.write_text(path.read_text(encoding="utf-8") + "\n" + BODY_AR_EDITED + "\n", encoding="utf-8")
    summary = index_run(indexed, [corpus])
    assert counts(summary) == dict(added=0, updated=1, moved=0, unchanged=4, deleted=0, failed=0)
    assert BODY_AR_EDITED in get_document(indexed, id_of(indexed, path))["body"]


def test_new_file_is_added_next_to_unchanged_ones(corpus, indexed, tmp_path):
    extra = write_jsonl(corpus / "extra.jsonl", [article("ar-extra-1")])
    summary = index_run(indexed, [corpus])
    assert counts(summary) == dict(added=1, updated=0, moved=0, unchanged=5, deleted=0, failed=0)
    assert stored(indexed)["ar-extra-1"]["path"] == str(extra)


def test_same_id_in_a_later_run_updates_the_document(tmp_path, index_dir):
    index_run(index_dir, [write_jsonl(tmp_path / "a.jsonl", [article("ar-1", body=BODY_AR)])])
    summary = index_run(index_dir, [write_jsonl(tmp_path / "b.jsonl", [article("ar-1", body=BODY_AR_EDITED)])])
    assert counts(summary) == dict(added=0, updated=1, moved=0, unchanged=0, deleted=0, failed=0)
    assert get_document(index_dir, "ar-1")["body"] == BODY_AR_EDITED


def test_added_at_is_kept_on_unchanged_reruns(corpus, index_dir):
    index_run(index_dir, [corpus], now=lambda: 1_700_000_000.0)
    index_run(index_dir, [corpus], now=lambda: 1_800_000_000.0)
    assert {f["added_at"] for f in stored(index_dir).values()} == {1_700_000_000_000}


def test_added_at_is_set_anew_when_content_changes(tmp_path, index_dir):
    index_run(index_dir, [write_jsonl(tmp_path / "a.jsonl", [article("ar-1"), article("ar-2")])],
              now=lambda: 1_700_000_000.0)
    index_run(index_dir, [write_jsonl(tmp_path / "a.jsonl", [article("ar-1"), article("ar-2", body=BODY_AR_EDITED)])],
              now=lambda: 1_800_000_000.0)
    added_at = {doc_id: f["added_at"] for doc_id, f in stored(index_dir).items()}
    assert added_at == {"ar-1": 1_700_000_000_000, "ar-2": 1_800_000_000_000}


def test_rebuild_keeps_added_at_unless_content_changed(tmp_path, index_dir):
    path = write_jsonl(tmp_path / "a.jsonl", [article("ar-1"), article("ar-2")])
    index_run(index_dir, [path], now=lambda: 1_700_000_000.0)
    write_jsonl(path, [article("ar-1"), article("ar-2", body=BODY_AR_EDITED), article("ar-3")])
    summary = index_run(index_dir, [path], rebuild=True, now=lambda: 1_800_000_000.0)
    assert counts(summary) == dict(added=1, updated=1, moved=0, unchanged=1, deleted=0, failed=0)
    added_at = {doc_id: f["added_at"] for doc_id, f in stored(index_dir).items()}
    assert added_at == {"ar-1": 1_700_000_000_000, "ar-2": 1_800_000_000_000, "ar-3": 1_800_000_000_000}


@pytest.mark.parametrize("rebuild", [False, True], ids=["incremental", "rebuild"])
def test_moved_file_is_counted_moved_updates_path_and_keeps_added_at(tmp_path, index_dir, rebuild):
    first = write_jsonl(tmp_path / "a.jsonl", [article("ar-1"), article("ar-2", body=BODY_AR_EDITED)])
    index_run(index_dir, [first], now=lambda: 1_700_000_000.0)
    moved = first.rename(tmp_path / "b.jsonl")
    summary = index_run(index_dir, [moved], rebuild=rebuild, now=lambda: 1_800_000_000.0)
    assert counts(summary) == dict(added=0, updated=0, moved=2, unchanged=0, deleted=0, failed=0)
    assert {doc_id: (f["path"], f["added_at"]) for doc_id, f in stored(index_dir).items()} == {
        "ar-1": (str(moved), 1_700_000_000_000), "ar-2": (str(moved), 1_700_000_000_000)}


def test_stored_fields_record_path_hash_and_month(tmp_path, index_dir):
    path = write_jsonl(tmp_path / "a.jsonl", [article("ar-1", date="2022-01-30")])
    index_run(index_dir, [path])
    fields = stored(index_dir)["ar-1"]
    assert (fields["path"], fields["month"], "content_hash" in fields) == (str(path), "2022-01", False)


def test_a_rerun_compares_from_columns_without_reading_stored_fields(tmp_path, index_dir, monkeypatch):
    path = write_jsonl(tmp_path / "a.jsonl", [article("ar-1"), article("ar-2")])
    index_run(index_dir, [path], now=lambda: 1_700_000_000.0)
    write_jsonl(path, [article("ar-1"), article("ar-2", body=BODY_AR_EDITED)])

    def refuse(*args, **kwargs):
        raise AssertionError("stored fields read")

    monkeypatch.setattr(SegmentReader, "all_stored_fields", refuse)
    monkeypatch.setattr(SegmentReader, "stored_fields", refuse)
    summary = index_run(index_dir, [path], now=lambda: 1_800_000_000.0)
    assert counts(summary) == dict(added=0, updated=1, moved=0, unchanged=1, deleted=0, failed=0)


def counting_builds(monkeypatch) -> list[str]:
    """The ids of the documents the run builds from their records."""
    built, build = [], writer_module.build_document

    def counted(record):
        doc = build(record)
        built.append(doc.id)
        return doc

    monkeypatch.setattr(writer_module, "build_document", counted)
    return built


def test_a_rerun_builds_documents_only_from_records_that_changed(tmp_path, index_dir, monkeypatch):
    path = write_jsonl(tmp_path / "a.jsonl", [article("ar-1"), article("ar-2"), article("ar-3")])
    index_run(index_dir, [path])
    write_jsonl(path, [article("ar-1"), article("ar-2", body=BODY_AR_EDITED), article("ar-3", author="سعيد")])
    built = counting_builds(monkeypatch)
    summary = index_run(index_dir, [path])
    assert counts(summary) == dict(added=0, updated=2, moved=0, unchanged=1, deleted=0, failed=0)
    assert sorted(built) == ["ar-2", "ar-3"]
    assert stored(index_dir)["ar-3"]["author"] == "سعيد"


def test_a_rerun_over_unchanged_text_files_builds_no_document(corpus, indexed, monkeypatch):
    built = counting_builds(monkeypatch)
    assert index_run(indexed, [corpus]).unchanged == 5
    assert built == []


def test_a_record_moved_to_another_file_is_built_and_counted_moved(tmp_path, index_dir, monkeypatch):
    first = write_jsonl(tmp_path / "a.jsonl", [article("ar-1")])
    index_run(index_dir, [first])
    second = write_jsonl(tmp_path / "b.jsonl", [article("ar-1")])
    first.unlink()
    built = counting_builds(monkeypatch)
    assert counts(index_run(index_dir, [second]))["moved"] == 1
    assert built == ["ar-1"]


def test_an_index_without_record_hashes_is_updated_by_comparing_documents(tmp_path, index_dir, monkeypatch):
    from indexer.schema import build_schema

    schema = build_schema()
    schema.remove("record_hash")
    index_dir.mkdir(parents=True)
    index.create_in(index_dir, schema).writer().commit()
    path = write_jsonl(tmp_path / "a.jsonl", [article("ar-1"), article("ar-2")])
    assert counts(index_run(index_dir, [path]))["added"] == 2
    write_jsonl(path, [article("ar-1"), article("ar-2", body=BODY_AR_EDITED)])
    built = counting_builds(monkeypatch)
    assert counts(index_run(index_dir, [path])) == dict(added=0, updated=1, moved=0, unchanged=1, deleted=0, failed=0)
    assert sorted(built) == ["ar-1", "ar-2"]


def test_delete_removes_the_document(corpus, indexed):
    doc_id = id_of(indexed, sorted(corpus.glob("*.txt"))[0])
    summary = index_run(indexed, [], delete_ids=[doc_id])
    assert counts(summary) == dict(added=0, updated=0, moved=0, unchanged=0, deleted=1, failed=0)
    assert doc_id not in stored(indexed)


@pytest.mark.parametrize("rebuild", [False, True], ids=["incremental", "rebuild"])
def test_delete_wins_over_an_input_with_the_same_id(tmp_path, index_dir, rebuild):
    path = write_jsonl(tmp_path / "a.jsonl", [article("ar-1"), article("ar-2")])
    index_run(index_dir, [path])
    summary = index_run(index_dir, [path], rebuild=rebuild, delete_ids=["ar-2"])
    assert (summary.deleted, summary.failed, sorted(stored(index_dir))) == (1, [], ["ar-1"])


def test_delete_of_unknown_id_is_reported(indexed):
    summary = index_run(indexed, [], delete_ids=["no-such-id"])
    assert summary.failed == [("--delete no-such-id", "no document with this id in the index")]


def test_prune_removes_documents_whose_file_is_gone(corpus, indexed):
    before = set(stored(indexed))
    gone = sorted(corpus.glob("*.txt"))[2]
    gone_id = id_of(indexed, gone)
    gone.unlink()
    summary = index_run(indexed, [], prune=True)
    assert counts(summary) == dict(added=0, updated=0, moved=0, unchanged=0, deleted=1, failed=0)
    assert set(stored(indexed)) == before - {gone_id}


def test_without_prune_documents_of_missing_files_stay(corpus, indexed):
    sorted(corpus.glob("*.txt"))[2].unlink()
    summary = index_run(indexed, [corpus])
    assert (counts(summary), len(stored(indexed))) == (dict(added=0, updated=0, moved=0, unchanged=4, deleted=0, failed=0), 5)


def test_rebuild_starts_over_from_the_given_inputs(corpus, indexed, tmp_path):
    kept = tmp_path / "kept"
    kept.mkdir()
    for path in sorted(corpus.glob("*.txt"))[:3]:
        shutil.copy(path, kept / path.name)
    summary = index_run(indexed, [kept], rebuild=True)
    assert counts(summary) == dict(added=0, updated=0, moved=3, unchanged=0, deleted=2, failed=0)
    assert {f["path"] for f in stored(indexed).values()} == {str(p) for p in kept.glob("*.txt")}


def test_rebuild_without_inputs_rereads_the_recorded_sources(corpus, indexed):
    summary = index_run(indexed, [], rebuild=True)
    assert counts(summary) == dict(added=0, updated=0, moved=0, unchanged=5, deleted=0, failed=0)
    assert len(stored(indexed)) == 5


def test_rebuild_leaves_no_sibling_directories(corpus, indexed):
    index_run(indexed, [corpus], rebuild=True)
    assert sorted(p.name for p in indexed.parent.iterdir()) == ["corpus", "ix"]


def fail_on_call(monkeypatch, number: int, step: str = "build_document") -> None:
    """Make the `number`-th call of the writer's `step` on a record raise, as a bug or a kill would."""
    original = getattr(writer_module, step)
    calls = iter(range(1, 1_000_000))

    def failing(record):
        if next(calls) == number:
            raise RuntimeError("simulated crash")
        return original(record)

    monkeypatch.setattr(writer_module, step, failing)


def body_hits(index_dir: Path, word: str) -> int:
    ix = open_index(index_dir)
    query = MultifieldParser(["body_fa", "body_ar", "body_other"], ix.schema).parse(word)
    with ix.searcher() as searcher:
        return len(searcher.search(query, limit=None))


def test_crash_mid_run_keeps_the_previous_index_searchable(corpus, indexed, monkeypatch):
    before = stored(indexed)
    for path in sorted(corpus.glob("*.txt")):
        path.write_text(path.read_text(encoding="utf-8") + "\n" + BODY_AR_EDITED + "\n", encoding="utf-8")
    fail_on_call(monkeypatch, 3)
    with pytest.raises(RuntimeError, match="simulated crash"):
        index_run(indexed, [corpus])
    assert stored(indexed) == before
    assert body_hits(indexed, "كازاخستان") > 0


def test_crash_mid_run_releases_the_lock(corpus, indexed, monkeypatch):
    fail_on_call(monkeypatch, 2, "record_id")  # a re-run over unchanged files builds no document
    with pytest.raises(RuntimeError) as crash:
        index_run(indexed, [corpus])
    monkeypatch.undo()
    assert (index_run(indexed, [corpus], lock_timeout=0).unchanged, crash.type) == (5, RuntimeError)


def test_failed_rebuild_keeps_the_previous_index(corpus, indexed, monkeypatch):
    before = stored(indexed)
    fail_on_call(monkeypatch, 4)
    with pytest.raises(RuntimeError, match="simulated crash"):
        index_run(indexed, [corpus], rebuild=True)
    assert stored(indexed) == before
    assert sorted(p.name for p in indexed.parent.iterdir()) == ["corpus", "ix"]


@pytest.mark.parametrize("rebuild", [False, True], ids=["incremental", "rebuild"])
def test_run_with_a_missing_input_stops_and_changes_nothing(corpus, indexed, tmp_path, rebuild):
    before = stored(indexed)
    extra = write_jsonl(tmp_path / "extra.jsonl", [article("ar-extra-1")])
    typo = tmp_path / "corpsu"
    summary = index_run(indexed, [extra, typo], rebuild=rebuild)
    assert (counts(summary), summary.failed) == (dict(added=0, updated=0, moved=0, unchanged=0, deleted=0, failed=1),
                                                 [(str(typo), "no such file or directory")])
    assert summary.stopped == f"could not read {typo}; nothing was changed in {indexed}"
    assert stored(indexed) == before


def test_rebuild_without_inputs_stops_when_a_recorded_source_is_gone(corpus, indexed, tmp_path):
    before = stored(indexed)
    gone = sorted(corpus.glob("*.txt"))[2]
    gone.rename(tmp_path / gone.name)
    summary = index_run(indexed, [], rebuild=True)
    assert (summary.ok, summary.failed) == (False, [(str(gone), "no such file or directory")])
    assert stored(indexed) == before
    assert sorted(p.name for p in indexed.parent.iterdir()) == sorted(["corpus", "ix", gone.name])


@pytest.mark.parametrize("rebuild", [False, True], ids=["incremental", "rebuild"])
def test_run_that_reads_no_document_stops_and_changes_nothing(indexed, tmp_path, rebuild):
    before = stored(indexed)
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b'{"id": "ar-1", "title": "\xd9\x83\xd8\xa7\n')
    summary = index_run(indexed, [broken], rebuild=rebuild, prune=True)
    assert summary.stopped == f"read no document from {broken}; nothing was changed in {indexed}"
    assert [where for where, _ in summary.failed] == [f"{broken}:1"]
    assert stored(indexed) == before


@pytest.mark.parametrize("make", [lambda p: p / "none.jsonl", lambda p: p / "empty.jsonl"], ids=["missing", "empty"])
def test_first_build_that_reads_no_document_creates_no_index(tmp_path, index_dir, make):
    source = make(tmp_path)
    if source.name == "empty.jsonl":
        source.write_bytes(b"")
    summary = index_run(index_dir, [source])
    assert (summary.ok, summary.stopped.endswith(f"nothing was changed in {index_dir}")) == (False, True)
    assert index.exists_in(index_dir) is False


def test_lock_left_by_a_process_that_no_longer_exists_is_taken_over_with_a_note(corpus, indexed):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (indexed / writer_module.LOCK_OWNER).write_text(ended.stdout.strip(), encoding="ascii")
    summary = index_run(indexed, [corpus])
    assert summary.notes == [f"took over the write lock of {indexed} from process {ended.stdout.strip()}, "
                             "which ended without releasing it"]
    assert (summary.unchanged, (indexed / writer_module.LOCK_OWNER).exists()) == (5, False)


def test_lock_held_by_processes_a_dead_writer_left_is_taken_over(corpus, indexed):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (indexed / writer_module.LOCK_OWNER).write_text(ended.stdout.strip(), encoding="ascii")
    holding = "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_WRONLY); fcntl.flock(fd, fcntl.LOCK_EX); " \
              "print('held', flush=True); time.sleep(600)"
    leftover = subprocess.Popen([sys.executable, "-c", holding, str(indexed / writer_module.WRITELOCK)],
                                stdout=subprocess.PIPE, text=True)
    try:
        assert leftover.stdout.readline() == "held\n"
        summary = index_run(indexed, [corpus], lock_timeout=0)
        assert (leftover.wait(60), summary.unchanged) == (-9, 5)
    finally:
        if leftover.poll() is None:
            leftover.kill()
            leftover.wait()
    assert summary.notes[0] == (f"stopped processes {leftover.pid}, left holding the write lock of {indexed} "
                                f"by process {ended.stdout.strip()}")


def test_lock_of_this_process_needs_no_note(corpus, indexed):
    assert index_run(indexed, [corpus]).notes == []


def test_failed_first_build_leaves_no_index(corpus, index_dir, monkeypatch):
    fail_on_call(monkeypatch, 2)
    with pytest.raises(RuntimeError):
        index_run(index_dir, [corpus])
    assert index.exists_in(index_dir) is False


@pytest.mark.parametrize("rebuild", [False, True], ids=["first-run", "rebuild"])
def test_directory_of_other_files_is_never_replaced(corpus, tmp_path, rebuild):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("كازاخستان", encoding="utf-8")
    with pytest.raises(FahrasError) as caught:
        index_run(notes, [corpus], rebuild=rebuild)
    assert (caught.value.code, [p.name for p in notes.iterdir()]) == ("not_an_index", ["todo.txt"])


def test_swap_interrupted_between_renames_is_recovered(corpus, indexed):
    indexed.rename(indexed.with_name(".ix.old"))
    summary = index_run(indexed, [corpus])
    assert counts(summary) == dict(added=0, updated=0, moved=0, unchanged=5, deleted=0, failed=0)


@pytest.mark.parametrize("rebuild", [False, True], ids=["incremental", "rebuild"])
def test_held_lock_stops_a_second_writer_with_a_clear_message(corpus, indexed, rebuild):
    lock = open_index(indexed).lock("WRITELOCK")
    assert lock.acquire() is True
    try:
        with pytest.raises(FahrasError) as caught:
            index_run(indexed, [corpus], rebuild=rebuild, lock_timeout=0.2)
    finally:
        lock.release()
    assert caught.value.code == "index_locked"
    assert caught.value.message.startswith(f"another writer is updating the index at {indexed}; gave up after waiting 0.2 s")


def test_first_builds_racing_for_a_new_index_both_land(corpus, tmp_path, index_dir, monkeypatch):
    """The run that waited for the lock finds the other's index and adds to it instead of replacing it."""
    waiting = threading.Event()
    wait_for_lock = writer_module.try_for

    def signalling_wait(acquire, **options):
        waiting.set()
        return wait_for_lock(acquire, **options)

    monkeypatch.setattr(writer_module, "try_for", signalling_wait)
    index_dir.mkdir()
    lock = FileStorage(str(index_dir)).lock(writer_module.WRITELOCK)
    assert lock.acquire() is True
    first_build = tmp_path / "first-build"
    index_run(first_build, [corpus])
    second = write_jsonl(tmp_path / "second.jsonl", [article("ar-1")])
    results = []
    waiter = threading.Thread(target=lambda: results.append(index_run(index_dir, [second], lock_timeout=60)))
    waiter.start()
    try:
        assert waiting.wait(60) is True
        for path in first_build.iterdir():
            if path.name != writer_module.WRITELOCK:
                shutil.copy(path, index_dir / path.name)
    finally:
        lock.release()
        waiter.join()
    assert (results[0].added, len(stored(index_dir))) == (1, 6)


def test_duplicate_id_within_a_run_is_reported_and_skipped(tmp_path, index_dir):
    path = write_jsonl(tmp_path / "a.jsonl", [article("ar-1"), article("ar-1", body=BODY_AR_EDITED)])
    summary = index_run(index_dir, [path])
    assert (summary.added, len(summary.failed)) == (1, 1)
    assert "duplicate id 'ar-1'" in summary.failed[0][1]
    assert get_document(index_dir, "ar-1")["body"] == BODY_AR


def test_empty_title_is_indexed_as_empty(tmp_path, index_dir):
    index_run(index_dir, [write_jsonl(tmp_path / "a.jsonl", [article("ar-1", title="")])])
    assert get_document(index_dir, "ar-1")["title"] == ""


def test_file_over_max_bytes_is_reported_and_skipped(corpus, index_dir):
    sizes = {p: p.stat().st_size for p in corpus.glob("*.txt")}
    largest = max(sizes, key=sizes.get)
    summary = index_run(index_dir, [corpus], max_bytes=sorted(sizes.values())[-2])
    assert (summary.added, [where for where, _ in summary.failed]) == (4, [str(largest)])


@pytest.mark.parametrize("options", [dict(prune=True), dict(delete_ids=["x"]), dict(rebuild=True)],
                         ids=["prune", "delete", "rebuild"])
def test_missing_index_is_a_clear_error(tmp_path, options):
    with pytest.raises(FahrasError) as caught:
        index_run(tmp_path / "none", [], **options)
    assert caught.value.code == "index_missing"


def test_summary_lists_each_failure_with_where_and_why():
    summary = RunSummary(added=2, unchanged=1, failed=[("a.jsonl:3", "invalid JSON")], documents=3, seconds=1.5)
    assert summary.render() == (
        "added 2, updated 0, moved 0, unchanged 1, deleted 0, failed 1 (3 documents read in 1.5 s, 2 docs/s)\n"
        "failed: a.jsonl:3: invalid JSON"
    )


def test_summary_escapes_control_characters_in_file_names():
    summary = RunSummary(failed=[("/news/a\nb\x1b.txt", "no such file or directory")], stopped="could not read /news/a\nb")
    assert summary.render().splitlines()[1:] == [
        "failed: /news/a\\nb\\x1b.txt: no such file or directory", "stopped: could not read /news/a\\nb"]


def test_summary_keeps_persian_file_names_as_they_are():
    name = "/news/رسانه\u200cها.txt"
    assert RunSummary(failed=[(name, "empty")]).render().splitlines()[1] == f"failed: {name}: empty"


def test_progress_line_shows_documents_per_second():
    now = [100.0]
    progress = Progress(io.StringIO(), clock=lambda: now[0])
    now[0] = 102.0
    progress.step(10)
    assert progress.stream.getvalue() == "\rindexing: 10 docs | 5 docs/s | 0:02\x1b[K"


def test_progress_goes_to_stderr_only_when_asked(corpus, tmp_path, capsys):
    index_run(tmp_path / "quiet", [corpus])
    quiet = capsys.readouterr()
    index_run(tmp_path / "loud", [corpus], progress=True)
    loud = capsys.readouterr()
    assert (quiet.err, quiet.out, loud.out) == ("", "", "")
    assert loud.err.endswith("\n") and "all read, writing the index: 5 docs | " in loud.err


def test_an_index_from_an_older_schema_asks_for_a_rebuild_and_is_left_alone(tmp_path, index_dir):
    from indexer.schema import build_schema
    from indexer.writer import NEWEST_FIELD

    schema = build_schema()
    schema.remove(NEWEST_FIELD)
    index_dir.mkdir(parents=True)
    index.create_in(index_dir, schema).writer().commit()
    path = write_jsonl(tmp_path / "a.jsonl", [article("ar-1")])
    with pytest.raises(FahrasError, match="--rebuild"):
        index_run(index_dir, [path])
    assert open_index(index_dir).doc_count() == 0
    assert counts(index_run(index_dir, [path], rebuild=True))["added"] == 1


def test_a_folder_given_twice_is_read_once(corpus, index_dir):
    summary = index_run(index_dir, [corpus, corpus])
    assert (counts(summary), summary.stopped) == (dict(added=5, updated=0, moved=0, unchanged=0, deleted=0, failed=0),
                                                  None)
