from pathlib import Path

import pytest
from broken_inputs import BAD_IDS, MAX_BYTES, PROBLEMS, write_broken_folder

from indexer.documents import Document, build_document
from indexer.errors import FahrasError
from indexer.sources import Record, iter_records

SOURCE = Path("/news/records.jsonl")
SEED_LANGS = {"000_df839379cba759f4": "fa", "001_7bdcb4ea2c0200a6": "ar", "002_a917483df7011d66": "ar",
              "003_91dd7b59b1f721e3": "ar", "004_eb9ca2d14c0c29d5": "ar"}
BODY = "حدد رئيس الوزراء البريطاني ديفيد كاميرون ملامح استراتيجية للتصدي للتطرف داخل بريطانيا."


def structured(**fields) -> Record:
    return Record(fields, f"{SOURCE}:1", SOURCE)


def text_record(text: str, sidecar: dict | None = None) -> Record:
    return Record(sidecar or {}, "/news/a.txt", Path("/news/a.txt"), "a", text)


@pytest.fixture(scope="module")
def seed_documents(sample_dir) -> dict[str, Document]:
    return {doc.id: doc for doc in map(build_document, iter_records([sample_dir], max_bytes=20_000_000))}


def test_seed_documents_have_their_path_ids(seed_documents):
    assert sorted(seed_documents) == sorted(SEED_LANGS)


@pytest.mark.parametrize("seed", SEED_LANGS, ids=[s[:3] for s in SEED_LANGS])
def test_seed_language(seed_documents, seed):
    assert seed_documents[seed].lang == SEED_LANGS[seed]


def test_seed_000_document(seed_documents, sample_dir):
    doc = seed_documents["000_df839379cba759f4"]
    assert (doc.title, doc.author, doc.date, doc.source, doc.url, doc.path) == (
        "ردپای «بنیاد سوروس» در انقلاب رنگی در قزاقستان", "سمیرا پورآقائی، سیده مریم سیدان", "2022-01-30",
        "afgazad.com", None, str(sample_dir / "000_df839379cba759f4.txt"))


def test_seed_without_date_or_source_has_none(seed_documents):
    doc = seed_documents["002_a917483df7011d66"]
    assert (doc.author, doc.date, doc.source) == (None, None, None)


def test_sidecar_overrides_what_was_extracted():
    doc = build_document(text_record("عنوان الخبر هنا\nنص الخبر.", {"title": "عنوان آخر", "date": "10 دی 1400",
                                                                     "author": None, "id": "x/1"}))
    assert (doc.id, doc.title, doc.date, doc.author, doc.body) == ("x/1", "عنوان آخر", "2021-12-31", None,
                                                                    "نص الخبر.")


def test_text_body_keeps_characters_but_loses_controls_and_outer_whitespace():
    doc = build_document(text_record("عنوان الخبر هنا\r\n\r\n  می\u200cشود\x00 ك ي \u200fنص\x07.  \n"))
    assert doc.body == "می\u200cشود ك ي \u200fنص."


def test_structured_record_keeps_its_empty_title():
    doc = build_document(structured(id="s1", title="", body=f"عنوان يشبه العنوان\n{BODY}"))
    assert (doc.title, doc.body) == ("", f"عنوان يشبه العنوان\n{BODY}")


def test_structured_record_without_title_key_gets_its_headline():
    doc = build_document(structured(body=f"بريطانيا تتصدى للتطرف\n{BODY}"))
    assert (doc.title, doc.body) == ("بريطانيا تتصدى للتطرف", f"بريطانيا تتصدى للتطرف\n{BODY}")


def test_structured_fields_are_kept_as_given():
    doc = build_document(structured(id=7, title="عنوان", body=BODY, author="سمر سامي السمارة", date="2015-07-21",
                                    source="aawsat", url="http://aawsat.com/home/article/410826", lang="ar"))
    assert (doc.id, doc.author, doc.date, doc.source, doc.url, doc.lang, doc.path) == (
        "7", "سمر سامي السمارة", "2015-07-21", "aawsat", "http://aawsat.com/home/article/410826", "ar", str(SOURCE))


@pytest.mark.parametrize("given, iso", [
    ("21 يوليو 2015", "2015-07-21"),
    ("2015-07-21T08:00:00+03:00", "2015-07-21"),
    ("۳۰ تیر ۱۳۹۴", "2015-07-21"),
    ("soon", None),
], ids=["arabic-months", "timestamp", "solar", "no-date"])
def test_structured_date_becomes_iso(given, iso):
    assert build_document(structured(title="عنوان", body=BODY, date=given)).date == iso


def test_structured_record_lacking_a_date_takes_one_from_the_head_of_its_body():
    assert build_document(structured(title="عنوان", body=f"الرياض، 21 يوليو 2015\n{BODY}")).date == "2015-07-21"


def test_title_loses_html_entities_and_line_breaks():
    assert build_document(structured(title="&quot;داعش&quot; &amp; القاعدة\n", body=BODY)).title == (
        '"داعش" & القاعدة')


@pytest.mark.parametrize("given, lang", [
    (None, "ar"), ("fa", "fa"), ("AR", "ar"), ("fa-IR", "fa"), ("prs", "fa"), ("en", "other"),
], ids=["detected", "fa", "upper-case", "region", "dari-code", "english"])
def test_language_given_or_detected(given, lang):
    assert build_document(structured(title="عنوان", body=BODY, lang=given)).lang == lang


def test_id_from_content_hash_is_stable_and_content_dependent():
    first = build_document(structured(title="عنوان", body=BODY)).id
    assert (first, len(first), build_document(structured(title="عنوان آخر", body=BODY)).id != first) == (
        build_document(structured(title="عنوان", body=BODY, author="ناصر الطميحي")).id, 16, True)


@pytest.mark.parametrize("record", [
    structured(id="e1", title="", body="  \x00 "),
    structured(id="e2"),
    text_record("\n\n"),
], ids=["blank-fields", "no-fields", "blank-text"])
def test_record_with_neither_title_nor_body_is_refused(record):
    with pytest.raises(FahrasError) as raised:
        build_document(record)
    assert (raised.value.code, raised.value.message) == ("empty_record", "neither title nor body")


def test_field_that_is_not_text_is_refused():
    with pytest.raises(FahrasError) as raised:
        build_document(structured(title=["عنوان"], body=BODY))
    assert (raised.value.code, raised.value.message) == ("bad_field", "field 'title' is not text")


def test_index_run_over_broken_folder_reports_bad_inputs_and_duplicate_ids(tmp_path):
    from indexer.writer import run_index

    root = write_broken_folder(tmp_path / "in")
    summary = run_index(tmp_path / "ix", [root], rebuild=False, prune=False, delete_ids=[], max_bytes=MAX_BYTES,
                        progress=False)
    failed = {where.removeprefix(f"{root}/"): reason for where, reason in summary.failed}
    duplicate = "good/records.jsonl:3"
    assert (sorted(failed), failed[duplicate].startswith("duplicate id 'dup'")) == (
        sorted([*PROBLEMS, *BAD_IDS, duplicate]), True)
    assert {where: failed[where] for where in BAD_IDS} == BAD_IDS


@pytest.mark.parametrize("doc_id, reason", [
    ("x/../y", "id 'x/../y' has a '..' segment"),
    ("./خبر", "id './خبر' has a '.' segment"),
    ("a//b", "id 'a//b' has an empty segment"),
    ("/a1", "id '/a1' has an empty segment"),
    ("a1/", "id 'a1/' has an empty segment"),
    ("a\x001", "id 'a\\x001' holds a control character"),
    ("a\n1", "id 'a\\n1' holds a control character"),
], ids=["dot-dot", "dot", "double-slash", "leading-slash", "trailing-slash", "nul", "newline"])
def test_id_that_cannot_name_a_page_is_refused(doc_id, reason):
    with pytest.raises(FahrasError) as raised:
        build_document(structured(id=doc_id, title="عنوان", body=BODY))
    assert (raised.value.code, raised.value.message) == ("bad_id", reason)


def test_id_keeps_its_dots_inside_segments_and_loses_outer_spaces():
    assert build_document(structured(id=" aawsat/410826.v2/..x ", title="عنوان", body=BODY)).id == (
        "aawsat/410826.v2/..x")


def test_text_file_named_with_a_control_character_is_refused():
    record = Record({}, "/news/a\tb.txt", Path("/news/a\tb.txt"), "a\tb", "عنوان الخبر هنا\nنص الخبر.")
    with pytest.raises(FahrasError) as raised:
        build_document(record)
    assert raised.value.message == "id 'a\\tb' holds a control character"
