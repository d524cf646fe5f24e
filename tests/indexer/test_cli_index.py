"""`fahras index` and `fahras show` through click's CliRunner: exit codes, summaries, messages."""
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
