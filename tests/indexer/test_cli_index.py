"""`fahras index` and `fahras show` through click's CliRunner: exit codes, summaries, messages; and
`fahras index` as a real process, for what only a process shows: hangs, signals, processes left behind."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from indexer.store import open_index
from search_app.cli import main

TITLE_AR = "كازاخستان.. فشل الثورة المستوحاة من الخارج"
BODY_AR = "شهدت كازاخستان احتجاجات واسعة بعد رفع أسعار الغاز المسال في مطلع العام."


def fahras(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def article_line(doc_id: str) -> bytes:
    return orjson.dumps({"id": doc_id, "title": TITLE_AR, "body": BODY_AR, "lang": "ar"}) + b"\n"


@pytest.fixture
def news_jsonl(tmp_path) -> Path:
    """Three articles, the second line cut off."""
    path = tmp_path / "news.jsonl"
    path.write_bytes(article_line("ar-1") + b'{"id": "ar-2", "title": "\xd9\x83\xd8\xa7\n' + article_line("ar-3"))
    return path


def stored_ids(index_dir: Path) -> list[str]:
    with open_index(index_dir).searcher() as searcher:
        return sorted(f["id"] for f in searcher.all_stored_fields())


def test_index_prints_the_summary_and_exits_zero(sample_dir, tmp_path):
    result = fahras("index", "--input", sample_dir, "--index", tmp_path / "ix")
    assert result.exit_code == 0
    assert result.stderr.startswith("added 5, updated 0, moved 0, unchanged 0, deleted 0, failed 0 (")


def test_bad_jsonl_line_is_reported_with_its_line_number_and_the_rest_indexed(news_jsonl, tmp_path):
    result = fahras("index", "--input", news_jsonl, "--index", tmp_path / "ix")
    assert result.exit_code == 1
    assert f"failed: {news_jsonl}:2: " in result.stderr
    assert stored_ids(tmp_path / "ix") == ["ar-1", "ar-3"]


def test_bad_line_loses_nothing_indexed_before(news_jsonl, sample_dir, tmp_path):
    fahras("index", "--input", sample_dir, "--index", tmp_path / "ix")
    before = stored_ids(tmp_path / "ix")
    fahras("index", "--input", news_jsonl, "--index", tmp_path / "ix")
    assert stored_ids(tmp_path / "ix") == sorted(before + ["ar-1", "ar-3"])


def test_index_without_work_is_a_usage_error(tmp_path):
    result = fahras("index", "--index", tmp_path / "ix")
    assert result.exit_code == 2
    assert "give --input PATH, or --delete ID, --prune or --rebuild" in result.stderr


def test_index_on_a_locked_index_stops_with_a_message(sample_dir, tmp_path):
    fahras("index", "--input", sample_dir, "--index", tmp_path / "ix")
    lock = open_index(tmp_path / "ix").lock("WRITELOCK")
    assert lock.acquire() is True
    try:
        result = fahras("index", "--input", sample_dir, "--index", tmp_path / "ix", "--lock-timeout", "0")
    finally:
        lock.release()
    assert result.exit_code == 1
    assert "Error: another writer is updating the index at" in result.stderr


def test_show_json_prints_the_stored_document(seed_index):
    doc_id = stored_ids(seed_index)[0]
    result = fahras("show", "--index", seed_index, doc_id, "--json")
    assert result.exit_code == 0
    doc = orjson.loads(result.stdout)
    assert (list(doc), doc["id"]) == (["id", "title", "body", "author", "date", "source", "url", "lang", "entities"],
                                      doc_id)


def test_show_prints_title_and_body(seed_index):
    doc_id = stored_ids(seed_index)[0]
    with open_index(seed_index).searcher() as searcher:
        fields = searcher.document(id=doc_id)
    result = fahras("show", "--index", seed_index, doc_id)
    assert result.exit_code == 0
    assert f"title: {fields['title']}\n" in result.stdout
    assert result.stdout.endswith(fields["body"] + "\n")


def test_show_unknown_id_exits_non_zero_with_a_message(seed_index):
    result = fahras("show", "--index", seed_index, "no-such-id", "--json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: no document with id 'no-such-id'\n"


@pytest.mark.parametrize("args", [("show", "x"), ("index", "--prune")], ids=["show", "index-prune"])
def test_missing_index_is_a_clear_message(tmp_path, args):
    command, *rest = args
    result = fahras(command, "--index", tmp_path / "none", *rest)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no Fahras index at {tmp_path / 'none'}")


FAHRAS = [sys.executable, "-c", "from search_app.cli import main; main()"]
WAIT_SECONDS = 120  # bounds every wait below; none is a measure of speed


def fahras_process(*args) -> subprocess.Popen:
    return subprocess.Popen([*FAHRAS, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def poll(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def long_jsonl(tmp_path, sample_dir) -> Path:
    """Enough Arabic and Persian articles that a build is still running when the test interrupts it."""
    bodies = [p.read_text(encoding="utf-8") for p in sorted(sample_dir.glob("*.txt"))]
    path = tmp_path / "long.jsonl"
    path.write_bytes(b"".join(orjson.dumps({"id": f"n-{n}", "title": TITLE_AR, "body": f"{bodies[n % 5][:2000]} {n}"})
                              + b"\n" for n in range(4000)))
    return path


def spawned(pid: int) -> bool:
    """Whether a process was started by multiprocessing's spawn method (a document-preparing worker)."""
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def interrupted_build(input_path: Path, index_dir: Path, signum: int,
                      started=lambda pids: len(pids) >= 2) -> tuple[subprocess.Popen, list[int], str]:
    """Start a first build, wait until its child processes are `started`, send `signum`; returns it, them
    and what it wrote on stderr."""
    build = fahras_process("index", "--input", input_path, "--index", index_dir, "--max-bytes", 10**9)
    workers: list[int] = []
    try:
        assert poll(lambda: started(workers.extend(set(children(build.pid)) - set(workers)) or workers),
                    WAIT_SECONDS), "the build never started its writer processes"
        os.kill(build.pid, signum)
        _, stderr = build.communicate(timeout=WAIT_SECONDS)
    except BaseException:
        for pid in [build.pid, *workers]:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        raise
    return build, workers, stderr


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["kill", "term", "int"])
def test_no_process_of_an_interrupted_build_is_left(long_jsonl, tmp_path, signum):
    _, workers, _ = interrupted_build(long_jsonl, tmp_path / "ix", signum)
    poll(lambda: not any(map(running, workers)), 5)
    assert [pid for pid in workers if running(pid)] == []


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["kill", "term", "int"])
def test_no_process_of_a_build_interrupted_while_writing_is_left(long_jsonl, tmp_path, signum):
    """Interrupted once the spawned preparing processes have ended and the forked writer processes run."""
    _, workers, stderr = interrupted_build(long_jsonl, tmp_path / "ix", signum, started=lambda pids: len(
        pids) >= 5 and sum(running(p) and not spawned(p) for p in pids) >= 3)  # 2 preparing, 2 writers, a tracker
    poll(lambda: not any(map(running, workers)), 5)
    assert [pid for pid in workers if running(pid)] == []
    assert "Traceback" not in stderr


def test_build_after_a_killed_build_takes_the_lock_over(long_jsonl, sample_dir, tmp_path):
    killed, _, _ = interrupted_build(long_jsonl, tmp_path / "ix", signal.SIGKILL)
    result = fahras("index", "--input", sample_dir, "--index", tmp_path / "ix", "--lock-timeout", "5")
    assert result.exit_code == 0
    assert (f"note: took over the write lock of {tmp_path / 'ix'} from process {killed.pid}, "
            "which ended without releasing it\n") in result.stderr
    assert len(stored_ids(tmp_path / "ix")) == 5


@pytest.mark.parametrize("make", [lambda p: p / "none", lambda p: p / "empty.txt"], ids=["missing", "empty"])
def test_first_build_of_nothing_exits_with_a_message(tmp_path, make):
    source = make(tmp_path)
    if source.suffix:
        source.write_bytes(b"")
    build = fahras_process("index", "--input", source, "--index", tmp_path / "ix")
    _, stderr = build.communicate(timeout=WAIT_SECONDS)
    assert (build.returncode, "Traceback" in stderr) == (1, False)
    assert stderr.splitlines()[-1] == f"stopped: could not read {source}; nothing was changed in {tmp_path / 'ix'}"


def test_rebuild_of_a_mistyped_input_keeps_every_document(sample_dir, tmp_path):
    fahras("index", "--input", sample_dir, "--index", tmp_path / "ix")
    result = fahras("index", "--rebuild", "--input", tmp_path / "smaple", "--index", tmp_path / "ix")
    assert (result.exit_code, len(stored_ids(tmp_path / "ix"))) == (1, 5)
    assert result.stderr.startswith("added 0, updated 0, moved 0, unchanged 0, deleted 0, failed 1 (")
