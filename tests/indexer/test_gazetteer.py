"""The gazetteer data file and its lookups (for query words)."""
import json

import pytest

from analyzers.fold import fold
from indexer.countries import with_countries
from indexer.entities import find_entities
from indexer.errors import FahrasError
from indexer.gazetteer import GAZETTEER_PATH, build_gazetteer, get_gazetteer, load_gazetteer, words
from indexer.schema import ENTITY_TYPES


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


def raw_data() -> dict:
    return json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))


def minimal(**changes) -> dict:
    entity = {"id": "almaty", "type": "place", "label_en": "Almaty", "label_fa": "آلماتی", "label_ar": "ألماتي",
              "names": {"fa": ["آلماتی"], "ar": ["ألماتي"], "latin": ["Almaty"]}}
    entity.update(changes)
    return {"entities": [entity]}


def test_every_entity_has_a_known_type(gaz):
    assert [e.id for e in gaz if e.type not in ENTITY_TYPES] == []


def test_every_entity_has_labels_in_three_languages(gaz):
    assert [e.id for e in gaz if not (e.label_en and e.label_fa and e.label_ar)] == []


def test_every_entity_has_a_name(gaz):
    data = {e["id"]: e for e in with_countries(raw_data()["entities"])}
    assert [e.id for e in gaz if not e.all_names and not data[e.id].get("guarded")] == []


def test_no_two_entities_share_a_name(gaz):
    owners: dict[tuple[str, ...], set[str]] = {}
    for e in gaz:
        for name in e.all_names:
            owners.setdefault(tuple(fold(s.text) for s in words(name)), set()).add(e.id)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_ids_are_single_keyword_terms(gaz):
    assert [e.id for e in gaz if not e.id.replace("_", "").isalnum() or e.id != e.id.lower()] == []


def test_gazetteer_is_loaded_once():
    assert get_gazetteer() is get_gazetteer()


@pytest.mark.parametrize("word, entity_id", [
    ("توکایف", "tokayev"), ("توقایف", "tokayev"), ("توكاييف", "tokayev"), ("Tokayev", "tokayev"),
    ("قزاقستان", "kazakhstan"), ("كازاخستان", "kazakhstan"), ("کازاخستان", "kazakhstan"),
    ("كازانخستان", "kazakhstan"), ("بكازاخستان", "kazakhstan"), ("وروسيا", "russia"),
    ("للقرم", "crimea"), ("روسيا البيضاء", "belarus"), ("روسیه", "russia"),
    ("نور سلطان", "nur_sultan"), ("نور سلطان نزارباييف", "nazarbayev"),
    ("csto", "csto"), ("اروپای", "europe"), ("منظمة معاهدة الأمن الجماعي", "csto"),
], ids=["fa-keheh", "fa-qaf", "ar-double-yeh", "latin", "fa", "ar", "fa-kaf-spelling", "ar-misspelt",
        "ar-clitic-b", "ar-clitic-w", "ar-lam-article", "belarus-not-russia", "fa-russia", "capital",
        "person-not-capital", "acronym-any-case", "fa-ezafe", "ar-org"])
def test_lookup_finds_the_entity(gaz, word, entity_id):
    assert gaz.lookup(word).id == entity_id


def test_england_is_a_part_of_the_united_kingdom_not_another_name_of_it(gaz):
    """Arabic football reports name إنجلترا; a search for بريطانيا must not bring them. Persian uses
    انگلیس for the kingdom."""
    words = ("إنجلترا", "انجلترا", "England", "بريطانيا", "المملكة المتحدة", "انگلیس")
    assert [gaz.lookup(w).id for w in words] == ["england", "england", "england", "uk", "uk", "uk"]


@pytest.mark.parametrize("word", [
    "الروسي", "روسی", "الأميركي", "روسية", "الكازاخستانية", "توقیف", "كيف", "قاسم", "الأمن", "", "  ",
], ids=["ar-adjective", "fa-adjective", "ar-nisba-us", "ar-feminine-adjective", "ar-nisba-kz",
        "guarded-common-noun", "ar-how", "part-of-a-name", "part-of-an-org", "empty", "blank"])
def test_lookup_refuses_what_is_not_a_name(gaz, word):
    assert gaz.lookup(word) is None


def test_lookup_gives_every_spelling_of_the_entity(gaz):
    names = gaz.lookup("توکایف").all_names
    assert {"توكاييف", "توقایف", "توقاييف", "Tokayev"} <= set(names)


def test_entity_labels_by_language(gaz):
    e = gaz.get("kazakhstan")
    assert (e.labels, e.label("fa"), e.label("xx")) == (
        {"en": "Kazakhstan", "fa": "قزاقستان", "ar": "كازاخستان"}, "قزاقستان", "Kazakhstan")


def test_get_unknown_id_is_none(gaz):
    assert gaz.get("atlantis") is None


def test_build_from_data(gaz):
    assert build_gazetteer(minimal()).lookup("آلماتی").id == "almaty"


def test_missing_file_is_a_fahras_error(tmp_path):
    with pytest.raises(FahrasError) as e:
        load_gazetteer(tmp_path / "none.json")
    assert e.value.code == "gazetteer_invalid"


def test_malformed_json_is_a_fahras_error(tmp_path):
    path = tmp_path / "g.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(FahrasError) as e:
        load_gazetteer(path)
    assert e.value.code == "gazetteer_invalid"


@pytest.mark.parametrize("data, message", [
    (minimal(type="city"), "type 'city'"),
    (minimal(id="new york"), "one word"),
    ({"entities": [minimal()["entities"][0]] * 2}, "appears twice"),
    (minimal(guarded=[{"name": "آلمانی", "with": ["atlantis"]}]), "unknown ids ['atlantis']"),
    ({"entities": [{"id": "x", "type": "place"}]}, "lacks"),
], ids=["unknown-type", "id-with-space", "duplicate-id", "guard-unknown-id", "missing-label"])
def test_invalid_entries_are_refused(data, message):
    with pytest.raises(FahrasError) as e:
        build_gazetteer(data)
    assert (e.value.code, message in e.value.message) == ("gazetteer_invalid", True)


def run_cli(*args):
    from click.testing import CliRunner

    from search_app.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


def stored_entity_ids(index_dir) -> set[str]:
    from indexer.store import open_index

    with open_index(index_dir).searcher() as searcher:
        return {e["id"] for f in searcher.all_stored_fields() for e in f.get("entities") or []}


def test_index_links_to_the_gazetteer_file_given_and_records_it(sample_dir, tmp_path):
    from indexer.gazetteer import index_gazetteer

    only_kazakhstan = {"entities": [e for e in json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))["entities"]
                                    if e["id"] == "kazakhstan"]}
    path = tmp_path / "gaz.json"
    path.write_text(json.dumps(only_kazakhstan, ensure_ascii=False), encoding="utf-8")
    result = run_cli("index", "--input", sample_dir, "--index", tmp_path / "ix", "--gazetteer", path)
    assert result.exit_code == 0, result.output
    gazetteer_ids = {i for i in stored_entity_ids(tmp_path / "ix") if ":" not in i}
    assert (gazetteer_ids, [e.id for e in index_gazetteer(tmp_path / "ix")]) == ({"kazakhstan"}, ["kazakhstan"])


def test_index_with_gazetteer_none_keeps_no_gazetteer_id(sample_dir, tmp_path):
    from indexer.gazetteer import index_gazetteer

    result = run_cli("index", "--input", sample_dir, "--index", tmp_path / "ix", "--gazetteer", "none")
    assert result.exit_code == 0, result.output
    assert [i for i in stored_entity_ids(tmp_path / "ix") if ":" not in i] == []
    assert len(index_gazetteer(tmp_path / "ix")) == 0


def test_index_with_a_broken_gazetteer_stops_before_writing(sample_dir, tmp_path):
    path = tmp_path / "gaz.json"
    path.write_text('{"entities": [{"id": "x"', encoding="utf-8")
    result = run_cli("index", "--input", sample_dir, "--index", tmp_path / "ix", "--gazetteer", path)
    assert (result.exit_code, "gaz.json" in result.output, (tmp_path / "ix").exists()) == (1, True, False)
    assert "Traceback" not in result.output


def test_search_expands_names_with_the_gazetteer_the_index_was_built_with(sample_dir, seed_index, tmp_path):
    from indexer.store import open_index
    from search_app.core.search import parse_search, run_search

    assert run_cli("index", "--input", sample_dir, "--index", tmp_path / "ix", "--gazetteer", "none").exit_code == 0
    totals = []
    for index_dir in (seed_index, tmp_path / "ix"):
        with open_index(index_dir).searcher() as searcher:
            totals.append(run_search(searcher, parse_search({"q": "توقایف"})).total)
    assert totals[0] > totals[1] > 0


def test_cldr_country_new_to_the_file_gets_names_in_three_languages(gaz):
    mali = gaz.lookup("مالي", recognised=True)
    assert (mali.id, mali.label_en, mali.label_fa) == ("cldr_ml", "Mali", "مالی")


def test_cldr_one_word_name_links_only_a_recognised_place(gaz):
    body = "وضعیت مالی شرکت نفت بهتر شد."
    assert (gaz.lookup("مالی"), [e["id"] for e in find_entities("", body, gaz, lang="fa")]) == (None, [])


def test_cldr_names_join_the_country_the_file_has(gaz):
    assert gaz.lookup("Türkiye").id == "turkey"


def test_cldr_name_of_several_words_matches_running_text(gaz):
    assert [e["id"] for e in find_entities("", "وصل الوفد إلى جنوب أفريقيا أمس.", gaz, lang="ar")] == ["cldr_za"]
