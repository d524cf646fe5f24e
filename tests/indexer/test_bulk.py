"""Full builds: field dicts of documents, and indexes built in one or two processes."""
import multiprocessing
import threading

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Term

from indexer.bulk import BATCH_SIZE, build_index, document_fields
from indexer.documents import Document
from indexer.errors import FahrasError
from indexer.near_duplicates import NearDuplicates

ADDED_AT = 1_700_000_000_000
FA_TITLE = "ردپای «بنیاد سوروس» در انقلاب رنگی در قزاقستان"
FA_BODY = "تحلیل رسانههای امریکائی و روسی از پشت پرده وقایع قزاقستان"
AR_TITLE = "كازاخستان.. فشل “الثورة” المستوحاة من الخارج"
AR_BODY = "تُدار كازاخستان من قبل نخبة راسخة ضمن إطار دستوري"
ENTITY_KZ = {"id": "Q232", "type": "place", "label": "Kazakhstan", "mentions": [{"field": "title", "start": 0, "end": 9}]}
ENTITY_SOROS = {"id": "Q12908", "type": "person", "label": "George Soros", "mentions": []}
ENTITY_ALMATY = {"id": "Q35493", "type": "place", "label": "Almaty", "mentions": []}


def fa_doc(**overrides) -> Document:
    values = dict(id="fa-1", title=FA_TITLE, body=FA_BODY, lang="fa", author="سمیرا پورآقائی", date="2022-01-30",
                  source="afgazad", url="https://www.afgazad.com/1", path="/news/000.txt")
    return Document(**(values | overrides))


def ar_doc(**overrides) -> Document:
    return Document(**(dict(id="ar-1", title=AR_TITLE, body=AR_BODY, lang="ar") | overrides))


@pytest.mark.parametrize("lang", ["fa", "ar", "other"])
def test_document_fields_fill_the_text_pair_of_the_document_language(lang):
    fields = document_fields(fa_doc(lang=lang), ADDED_AT)
    text_fields = {name: value for name, value in fields.items() if name.startswith(("title_", "body_"))}
    assert text_fields == {f"title_{lang}": FA_TITLE, f"body_{lang}": FA_BODY}


def test_document_fields_index_an_unknown_language_as_other():
    fields = document_fields(fa_doc(lang="en"), ADDED_AT)
    assert (fields["lang"], fields["body_other"]) == ("other", FA_BODY)


def test_document_fields_store_metadata_month_and_hash():
    doc = fa_doc()
    fields = document_fields(doc, ADDED_AT)
    assert {k: fields[k] for k in ("id", "title", "body", "author", "date", "month", "source", "url", "path",
                                   "added_at", "content_hash")} == {
        "id": "fa-1", "title": FA_TITLE, "body": FA_BODY, "author": "سمیرا پورآقائی", "date": "2022-01-30",
        "month": "2022-01", "source": "afgazad", "url": "https://www.afgazad.com/1", "path": "/news/000.txt",
        "added_at": ADDED_AT, "content_hash": doc.content_hash,
    }


def test_document_fields_leave_out_missing_metadata():
    assert sorted(document_fields(ar_doc(), ADDED_AT)) == [
        "added_at", "body", "body_ar", "content_hash", "entities", "id", "lang", "title", "title_ar",
    ]


def test_document_fields_list_entity_ids_by_type_once_each():
    fields = document_fields(fa_doc(entities=[ENTITY_KZ, ENTITY_SOROS, ENTITY_ALMATY, ENTITY_KZ]), ADDED_AT)
    assert (fields["place"], fields["person"], "org" in fields) == ("Q232 Q35493", "Q12908", False)


def test_document_fields_store_the_entity_dicts_as_given():
    assert document_fields(fa_doc(entities=[ENTITY_KZ]), ADDED_AT)["entities"] == [ENTITY_KZ]


def corpus() -> list[Document]:
    return [
        fa_doc(entities=[ENTITY_KZ]),
        fa_doc(id="fa-2", title="", body="وقایع رخ داده در قزاقستان سبب شده تا تحلیلهای مختلفی منتشر شود"),
        ar_doc(),
        ar_doc(id="ar-2", title="كازانخستان... تهم روسية بتورّط واشنطن!", body="بعيد اندلاع الأزمة الكازاخستانية بأيام"),
    ]


@pytest.fixture(params=[1, 2], ids=["one-process", "two-processes"])
def built(request, tmp_path):
    count = build_index(tmp_path / "ix", corpus(), procs=request.param, added_at=ADDED_AT)
    return count, whoosh_index.open_dir(tmp_path / "ix")


def test_build_index_returns_the_document_count(built):
    count, ix = built
    assert (count, ix.doc_count()) == (4, 4)


def test_build_index_stores_what_document_fields_gives(built):
    _, ix = built
    with ix.searcher() as searcher:
        stored = searcher.document(id="fa-1")
    expected = document_fields(fa_doc(entities=[ENTITY_KZ]), ADDED_AT, NearDuplicates())
    assert stored == {k: v for k, v in expected.items() if ix.schema[k].stored}


def test_build_index_keeps_what_runs_compare_in_columns(built):
    _, ix = built
    doc = fa_doc(entities=[ENTITY_KZ])
    with ix.reader() as reader:
        docnum = next(reader.postings("id", "fa-1").all_ids())
        columns = [reader.column_reader(name)[docnum] for name in ("id", "content_hash", "path", "added_at")]
    assert columns == ["fa-1", doc.content_hash, "/news/000.txt", ADDED_AT]


@pytest.mark.parametrize(
    "field, word, ids",
    [
        ("body_fa", "قزاقستان", ["fa-1", "fa-2"]),
        ("title_ar", "واشنطن", ["ar-2"]),
        ("place", "Q232", ["fa-1"]),
        ("month", "2022-01", ["fa-1", "fa-2"]),
    ],
    ids=["persian-body", "arabic-title", "entity", "month"],
)
def test_build_index_makes_fields_searchable(built, field, word, ids):
    _, ix = built
    term = next(ix.schema[field].process_text(word, mode="query")) if field.startswith(("title_", "body_")) else word
    with ix.searcher() as searcher:
        assert sorted(hit["id"] for hit in searcher.search(Term(field, term))) == ids


def test_build_index_replaces_an_existing_index(tmp_path):
    build_index(tmp_path / "ix", corpus(), procs=1)
    build_index(tmp_path / "ix", [ar_doc(id="ar-9")], procs=1)
    with whoosh_index.open_dir(tmp_path / "ix").searcher() as searcher:
        assert [fields["id"] for fields in searcher.all_stored_fields()] == ["ar-9"]


@pytest.mark.parametrize("procs", [1, 2], ids=["one-process", "two-processes"])
def test_build_index_rejects_a_repeated_id_and_commits_nothing(tmp_path, procs):
    with pytest.raises(FahrasError) as err:
        build_index(tmp_path / "ix", corpus() + [ar_doc()], procs=procs)
    assert (err.value.code, whoosh_index.open_dir(tmp_path / "ix").doc_count()) == ("duplicate_id", 0)


def test_build_index_stops_its_workers_when_the_documents_fail(tmp_path):
    def documents():
        for n in range(BATCH_SIZE * 2):  # enough for both workers to start
            yield ar_doc(id=f"ar-{n}")
        raise OSError("disk gone")

    with pytest.raises(OSError):
        build_index(tmp_path / "ix", documents(), procs=2)
    assert multiprocessing.active_children() == []


def test_build_index_of_nothing_forks_no_worker(tmp_path):
    assert build_index(tmp_path / "ix", [], procs=2) == 0
    assert multiprocessing.active_children() == []


def feeder_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name == "QueueFeederThread"]


def test_build_index_leaves_no_queue_thread_for_the_next_fork(tmp_path):
    build_index(tmp_path / "ix", [ar_doc(id=f"ar-{n}") for n in range(BATCH_SIZE * 2)], procs=2)
    assert feeder_threads() == []


def test_build_index_keeps_the_added_at_it_is_given_per_document(tmp_path):
    build_index(tmp_path / "ix", corpus(), procs=1, added_at=ADDED_AT, kept_added_at={"fa-2": 1_600_000_000_000})
    with whoosh_index.open_dir(tmp_path / "ix").searcher() as searcher:
        stamps = {fields["id"]: fields["added_at"] for fields in searcher.all_stored_fields()}
    assert stamps == {"fa-1": ADDED_AT, "fa-2": 1_600_000_000_000, "ar-1": ADDED_AT, "ar-2": ADDED_AT}
