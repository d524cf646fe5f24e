"""`fahras entities`: the gazetteer with counts in an index, and candidate names for it."""
import json

import orjson
import pytest
from click.testing import CliRunner
from whoosh.index import create_in

from indexer.entity_report import candidate_rows, cross_language_links, facet_scores, gazetteer_rows, sentence_at
from indexer.errors import FahrasError
from indexer.gazetteer import GAZETTEER_PATH, get_gazetteer
from indexer.schema import build_schema
from search_app.cli import main


@pytest.fixture
def tiny_index(tmp_path):
    index_dir = tmp_path / "ix"
    index_dir.mkdir()
    writer = create_in(index_dir, build_schema()).writer()
    writer.add_document(id="a", place="kazakhstan russia", person="tokayev", org="csto")
    writer.add_document(id="b", place="kazakhstan")
    writer.commit()
    return index_dir


def gazetteer_data_without(*ids) -> dict:
    data = json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))
    data["entities"] = [e for e in data["entities"] if e["id"] not in ids]
    return data


def test_rows_without_index_list_every_entity_with_its_labels():
    rows = gazetteer_rows(None)
    assert (len(rows), rows[0].keys()) == (len(get_gazetteer()), {"id", "type", "label_en", "label_fa", "label_ar"})


def test_rows_without_index_come_people_first():
    types = [r["type"] for r in gazetteer_rows(None)]
    assert types == sorted(types, key=["person", "place", "org"].index)


def test_rows_count_documents_per_entity(tiny_index):
    docs = {r["id"]: r["docs"] for r in gazetteer_rows(tiny_index)}
    assert (docs["kazakhstan"], docs["russia"], docs["tokayev"], docs["csto"], docs["iran"]) == (2, 1, 1, 1, 0)


def test_rows_with_index_come_most_documents_first(tiny_index):
    assert [r["id"] for r in gazetteer_rows(tiny_index)[:2]] == ["kazakhstan", "csto"]


def test_rows_count_the_seed_index(seed_index):
    docs = {r["id"]: r["docs"] for r in gazetteer_rows(seed_index)}
    assert (docs["kazakhstan"], docs["tokayev"], docs["ablyazov"], docs["nur_sultan"]) == (5, 4, 3, 2)


def test_rows_for_a_missing_index_are_an_error(tmp_path):
    with pytest.raises(FahrasError) as e:
        gazetteer_rows(tmp_path / "none")
    assert e.value.code == "index_missing"


def test_candidates_need_an_index():
    with pytest.raises(FahrasError) as e:
        candidate_rows(None)
    assert e.value.code == "index_required"


def test_candidates_of_the_seed_index_recur_and_are_unknown(seed_index):
    rows = candidate_rows(seed_index)
    gaz = get_gazetteer()
    assert rows != []
    assert [r for r in rows if r["docs"] < 2 or gaz.get(r["id"]) is not None] == []


def test_candidates_propose_a_recurring_person_the_gazetteer_lacks(sample_dir, tmp_path):
    from indexer.writer import run_index

    path = tmp_path / "gaz.json"
    path.write_text(json.dumps(gazetteer_data_without("ablyazov"), ensure_ascii=False), encoding="utf-8")
    run_index(tmp_path / "ix", [sample_dir], rebuild=False, prune=False, delete_ids=[], max_bytes=20_000_000,
              progress=False, gazetteer=path)
    rows = {r["name"]: r for r in candidate_rows(tmp_path / "ix") if r["type"] == "person"}
    ablyazov = [r for name, r in rows.items() if "بليازوف" in name or "بلیازوف" in name]
    assert ablyazov != [] and ablyazov[0]["docs"] >= 2
    assert "زوف" in ablyazov[0]["example"]


def test_sentence_at_gives_the_sentence_of_a_mention():
    text = "بدأت الاحتجاجات في جاناوزين. وقال مختار أبليازوف إنه يدعم المحتجين. ثم انتشرت."
    start = text.index("مختار")
    assert sentence_at(text, start, start + len("مختار أبليازوف")) == "وقال مختار أبليازوف إنه يدعم المحتجين."


def test_facet_scores():
    scores = facet_scores({"d1": {"a", "b"}, "d2": {"c"}}, {"d1": {"a", "x"}, "d2": {"c"}})
    assert (scores["precision"], scores["recall"], scores["missed"], scores["extra"]) == (
        2 / 3, 2 / 3, {"d1": ["b"]}, {"d1": ["x"]})


def test_cross_language_links():
    links = cross_language_links({"p": {"a", "b"}, "q": {"b", "c"}, "r": {"a"}}, {"p": "fa", "q": "ar", "r": "fa"})
    assert links == ["b"]


def test_cli_lists_the_gazetteer_as_json():
    result = CliRunner().invoke(main, ["entities", "--json"])
    assert (result.exit_code, len(orjson.loads(result.output))) == (0, len(get_gazetteer()))


def test_cli_lists_counts_of_an_index(tiny_index):
    result = CliRunner().invoke(main, ["entities", "--index", str(tiny_index)])
    assert (result.exit_code, result.output.splitlines()[0].split("\t")[0::5]) == (0, ["kazakhstan", "2"])


def test_cli_candidates_without_index_fail_with_a_message():
    result = CliRunner().invoke(main, ["entities", "--candidates"])
    assert (result.exit_code, "--index" in result.output) == (1, True)
