"""Short names of corpus persons merged across documents into the dominant full name, and only then."""
import json

import orjson
import pytest
from test_linking import Spans

from indexer import writer
from indexer.aliases import apply_aliases, corpus_aliases
from indexer.merging import PERSON_NAMES
from indexer.names import key_words, name_key
from indexer.store import open_index


def pid(name: str) -> str:
    return "per:" + name_key(name)


def aliases_of(counts: dict[str, int], given=frozenset()) -> dict[str, str]:
    words = {pid(name): tuple(key_words(name)) for name in counts}
    return corpus_aliases({pid(name): n for name, n in counts.items()}, words, given)


def test_surname_merges_into_the_full_name_that_dominates_it():
    aliases = aliases_of({"خاتمي": 33, "محمد خاتمي": 38, "محمد خاتمی": 38})
    assert aliases == {pid("خاتمي"): pid("محمد خاتمي")}


def test_two_word_short_name_merges_into_the_three_word_name():
    aliases = aliases_of({"احمدي نژاد": 38, "محمود احمدي‌نژاد": 42})
    assert aliases == {pid("احمدي نژاد"): pid("محمود احمدي نژاد")}


def test_surname_of_two_people_with_neither_dominant_stays_its_own_entity():
    aliases = aliases_of({"الفيصل": 12, "سعود الفيصل": 22, "خالد الفيصل": 18})
    assert pid("الفيصل") not in aliases


def test_surname_merges_when_one_of_two_bearers_dominates():
    aliases = aliases_of({"الفيصل": 12, "سعود الفيصل": 22, "تركي الفيصل": 2})
    assert aliases[pid("الفيصل")] == pid("سعود الفيصل")


def test_full_name_named_once_takes_no_surname():
    assert aliases_of({"قاليباف": 23, "محمدباقر قاليباف": 1}) == {}


def test_titled_given_name_merges_by_first_word_and_a_surname_does_not():
    given = frozenset({name_key("سلمان")})
    assert aliases_of({"سلمان": 25, "سلمان بن عبد العزيز": 83}, given) == {pid("سلمان"): pid("سلمان بن عبدالعزيز")}
    assert aliases_of({"صالح": 12, "صالح الفوزان": 5}) == {}


def test_merge_goes_to_the_longest_name():
    aliases = aliases_of({"الجبير": 11, "عادل الجبير": 6, "عادل أحمد الجبير": 22})
    assert aliases[pid("الجبير")] == aliases[pid("عادل الجبير")] == pid("عادل أحمد الجبير")


def test_name_beginning_with_a_given_name_is_never_the_end_of_a_longer_name():
    given = frozenset({name_key("فيصل")})
    assert aliases_of({"فيصل بن عبدالعزيز": 10, "خالد الفيصل بن عبدالعزيز": 18}, given) == {}


def test_name_written_more_fully_counts_with_the_name_it_ends_with():
    counts = {"خاتمي": 33, "محمد خاتمي": 38, "سیدمحمد خاتمی": 18, "محمدرضا خاتمي": 3, "احمد خاتمي": 5}
    assert aliases_of(counts)[pid("خاتمي")] == pid("محمد خاتمي")


def test_name_under_a_clitic_merges_into_the_more_frequent_bare_name_of_any_type():
    counts = {"org:" + name_key("رويترز"): 68, "org:" + name_key("لرويترز"): 18, "org:" + name_key("وبيان"): 3}
    assert corpus_aliases(counts, {}, frozenset()) == {"org:" + name_key("لرويترز"): "org:" + name_key("رويترز")}


def test_apply_aliases_joins_the_documents_own_entity_in_text_order():
    full, short = pid("محمد خاتمي"), pid("خاتمي")
    entities = [
        {"id": short, "type": "person", "label": "خاتمي", "mentions": [{"field": "body", "start": 0, "end": 5}]},
        {"id": "iran", "type": "place", "label": "Iran", "mentions": [{"field": "body", "start": 9, "end": 13}]},
        {"id": full, "type": "person", "label": "محمد خاتمي", "mentions": [{"field": "title", "start": 0, "end": 10}]},
    ]
    merged = apply_aliases(entities, {short: full})
    assert [e["id"] for e in merged] == [full, "iran"]
    assert merged[0]["mentions"] == [{"field": "title", "start": 0, "end": 10}, {"field": "body", "start": 0, "end": 5}]


ARTICLES = [
    ("fa-1", "سید محمد خاتمی رئیس جمهور در تهران سخنرانی کرد."),
    ("fa-2", "محمد خاتمی با نمایندگان مجلس دیدار کرد."),
    ("fa-3", "محمد خاتمی امروز به مشهد رفت."),
    ("fa-4", "خاتمی گفت که دولت به وعده‌های خود عمل می‌کند."),
    ("fa-5", "حسن روحانی و علی در جلسه بودند."),
]
TAGS = {"محمد خاتمی": "PER", "خاتمی": "PER", "حسن روحانی": "PER", "علی": "PER"}


def write_articles(path, articles) -> None:
    path.write_bytes(b"".join(orjson.dumps({"id": i, "title": "", "body": b, "lang": "fa"}) + b"\n"
                              for i, b in articles))


def persons(index_dir) -> dict[str, set[str]]:
    with open_index(index_dir).searcher() as s:
        return {f["id"]: set((f.get("person") or "").split()) for f in s.all_stored_fields()}


@pytest.fixture
def tagged(monkeypatch):
    monkeypatch.setattr(writer, "load_recognizer", lambda: Spans(TAGS))


def run(index_dir, inputs, rebuild=False):
    return writer.run_index(index_dir, inputs, rebuild=rebuild, prune=False, delete_ids=[],
                            max_bytes=20_000_000, progress=False, gazetteer="none")


def test_index_writes_a_surname_as_the_full_name_it_stands_for(tmp_path, tagged):
    source = tmp_path / "news.jsonl"
    write_articles(source, ARTICLES)
    run(tmp_path / "ix", [source])
    found = persons(tmp_path / "ix")
    assert found["fa-4"] == {pid("محمد خاتمی")}
    assert found["fa-5"] == {pid("حسن روحانی")}  # the lone given name علی is no person
    with open_index(tmp_path / "ix").searcher() as s:
        entities = s.document(id="fa-4")["entities"]
        assert s.document(id="fa-4")["body"] == ARTICLES[3][1]
    assert [(e["id"], e["mentions"][0]["start"]) for e in entities] == [(pid("محمد خاتمی"), 0)]


def test_update_merges_a_new_surname_and_a_second_run_changes_nothing(tmp_path, tagged):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_articles(first, ARTICLES[:3])
    run(tmp_path / "ix", [first])
    write_articles(second, ARTICLES[3:])
    run(tmp_path / "ix", [first, second])
    assert persons(tmp_path / "ix")["fa-4"] == {pid("محمد خاتمی")}
    names = json.loads((tmp_path / "ix" / PERSON_NAMES).read_text(encoding="utf-8"))
    assert names[pid("محمد خاتمی")] == key_words("محمد خاتمی")
    again = run(tmp_path / "ix", [first, second])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)


def test_first_build_writes_each_document_once_with_its_final_ids_and_keeps_no_spill(tmp_path, tagged):
    source = tmp_path / "news.jsonl"
    write_articles(source, ARTICLES)
    run(tmp_path / "ix", [source])
    with open_index(tmp_path / "ix").reader() as reader:
        assert (reader.doc_count(), reader.doc_count_all()) == (5, 5)  # no entry deleted by a rewrite
    names = json.loads((tmp_path / "ix" / PERSON_NAMES).read_text(encoding="utf-8"))
    assert pid("محمد خاتمی") in names and pid("خاتمی") not in names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix", "news.jsonl"]


def test_failed_first_build_leaves_no_spill_and_no_index(tmp_path, tagged, monkeypatch):
    source = tmp_path / "news.jsonl"
    write_articles(source, ARTICLES)

    def failing(index_dir, documents, **kwargs):
        next(iter(documents))  # every document spilled, the first read back
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(writer, "build_index", failing)
    with pytest.raises(RuntimeError):
        run(tmp_path / "ix", [source])
    assert not any(p.name.startswith(".ix.") for p in tmp_path.iterdir())


def test_update_removes_what_a_killed_rebuild_left_beside_the_index(tmp_path, tagged):
    source = tmp_path / "news.jsonl"
    write_articles(source, ARTICLES)
    run(tmp_path / "ix", [source])
    (tmp_path / ".ix.prepared").write_bytes(b"\x80" * 1000)
    (tmp_path / ".ix.new").mkdir()
    assert run(tmp_path / "ix", [source]).unchanged == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix", "news.jsonl"]


def test_documents_rewritten_by_alias_merging_keep_their_record_hash(tmp_path, tagged, monkeypatch):
    source = tmp_path / "news.jsonl"
    write_articles(source, ARTICLES[:3])
    run(tmp_path / "ix", [source])
    write_articles(source, ARTICLES)
    assert run(tmp_path / "ix", [source]).added == 2  # fa-4 is written, then merged into محمد خاتمی
    assert persons(tmp_path / "ix")["fa-4"] == {pid("محمد خاتمی")}
    with open_index(tmp_path / "ix").reader() as reader:
        hashes = reader.column_reader("record_hash")
        assert all(hashes[docnum] for docnum in reader.all_doc_ids())
    built = []
    monkeypatch.setattr(writer, "build_document", lambda record: built.append(record))
    again = run(tmp_path / "ix", [source])
    assert (again.unchanged, built) == (5, [])


def test_unreadable_person_names_file_is_rewritten_and_nothing_is_lost(tmp_path, tagged):
    source = tmp_path / "news.jsonl"
    write_articles(source, ARTICLES)
    run(tmp_path / "ix", [source])
    (tmp_path / "ix" / PERSON_NAMES).write_bytes(b"\xff not json")
    write_articles(source, ARTICLES + [("fa-6", "خاتمی در مجلس سخن گفت.")])
    run(tmp_path / "ix", [source])
    found = persons(tmp_path / "ix")
    assert (len(found), found["fa-6"]) == (6, {pid("محمد خاتمی")})
    assert json.loads((tmp_path / "ix" / PERSON_NAMES).read_text(encoding="utf-8"))


def test_king_salman_is_one_gazetteer_entity_under_his_titles_and_not_in_his_sons_name():
    from indexer.entities import find_entities

    text = ("أكد خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز دعم اليمن، واستقبل الأمير سلطان بن سلمان "
            "بن عبدالعزيز الوفد. وقال الملك سلمان إن المملكة ماضية.")
    found = find_entities("", text, lang="ar")
    assert [(e["id"], [text[m["start"]:m["end"]] for m in e["mentions"]]) for e in found if e["type"] == "person"] == [
        ("salman", ["خادم الحرمين الشريفين", "الملك سلمان بن عبدالعزيز", "الملك سلمان"])]


def test_servant_of_the_two_holy_mosques_alone_names_nobody():
    from indexer.entities import find_entities

    assert find_entities("", "وجه خادم الحرمين الشريفين بصرف راتب شهرين.", lang="ar") == []


def test_persian_zhe_is_the_jim_arabic_writes():
    assert name_key("محمود احمدی‌نژاد") == name_key("محمود أحمدي نجاد") == name_key("محمود احمدي نژاد")
