"""The entity page and its JSON twin: names per language, months, entities named with it, latest documents."""
import json
from urllib.parse import quote

import orjson
import pytest
from api_support import app, assert_error, client, clock, make_app  # noqa: F401
from test_views import parse

from indexer.gazetteer import GAZETTEER_PATH
from indexer.writer import run_index
from search_app.core.search import parse_search, run_search


def entity_json(client, entity_id: str):
    return client.get("/api/v1/entities/" + quote(entity_id, safe=""))


def searched_ids(client, **params) -> list[str]:
    return sorted(h["id"] for h in client.get("/api/v1/search", query_string={**params, "size": 100}).get_json()["hits"])


def test_entity_json_counts_the_documents_that_name_it(client):
    body = entity_json(client, "tokayev").get_json()
    expected = searched_ids(client, person="tokayev")
    assert (body["type"], body["documents"], sorted(d["id"] for d in body["latest"])) == (
        "person", len(expected), expected)
    assert len(expected) >= 2


def test_entity_json_lists_names_as_written_in_each_language(client):
    names = entity_json(client, "tokayev").get_json()["names"]
    assert sorted(names) == ["ar", "fa"]
    assert any(n["name"].endswith("توكاييف") for n in names["ar"])
    assert any(n["name"].endswith("توقایف") for n in names["fa"])


def test_entity_json_months_add_up_to_dated_documents(client):
    body = entity_json(client, "tokayev").get_json()
    dated = [d for d in body["latest"] if d["date"]]
    assert sum(m["count"] for m in body["months"]) == len(dated) > 0


def test_entity_json_related_entities_are_named_in_its_documents(client):
    related = {r["id"]: r["count"] for r in entity_json(client, "tokayev").get_json()["related"]}
    assert related["kazakhstan"] == len(searched_ids(client, person="tokayev", place="kazakhstan"))


def test_entity_json_unknown_id_is_a_404(client):
    assert_error(entity_json(client, "no-such-entity"), 404, "not_found")


def test_entity_page_draws_one_bar_per_month(client):
    page = parse(client.get("/entities/tokayev"))
    months = entity_json(client, "tokayev").get_json()["months"]
    bars = [a for tag, a in page.tags if tag == "rect"]
    assert {b["data-month"]: int(b["data-count"]) for b in bars if int(b["data-count"])} == {
        m["month"]: m["count"] for m in months}


def test_search_facet_values_link_to_entity_pages(client):
    page = parse(client.get("/search", query_string={"q": "كازاخستان"}))
    links = [a["href"] for a in page.find("facet-entity")]
    assert "/entities/tokayev" in {link.split("?")[0] for link in links}


@pytest.fixture
def odd_ids_app(sample_dir, tmp_path, clock):  # noqa: F811
    """An index built with a gazetteer whose ids hold a slash, quotes and Arabic script."""
    data = json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))
    for entity in data["entities"]:
        if entity["id"] == "csto":
            entity["id"] = 'org/"معاهدة"\'s'
    gazetteer = tmp_path / "gaz.json"
    gazetteer.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    summary = run_index(tmp_path / "ix", [sample_dir], rebuild=False, prune=False, delete_ids=[],
                        max_bytes=20_000_000, progress=False, gazetteer=gazetteer)
    assert summary.failed == []
    return make_app(tmp_path / "ix", tmp_path / "data", clock)


def test_entity_ids_with_slash_quotes_and_arabic_work_in_both_routes(odd_ids_app):
    entity_id = 'org/"معاهدة"\'s'
    client = odd_ids_app.test_client()
    body = entity_json(client, entity_id).get_json()
    page = parse(client.get("/entities/" + quote(entity_id, safe="")))
    assert (body["id"], body["type"], page.find("entity-page")[0]["data-id"]) == (entity_id, "org", entity_id)
    assert body["documents"] >= 1


def test_written_forms_from_the_index_equal_the_stored_mentions(seed_index):
    """The term dictionary's forms (what labels are read from) count what the stored mentions write."""
    from collections import Counter

    from indexer.entity_report import written_form
    from indexer.store import open_index
    from search_app.core.entity_names import written_forms

    expected: dict[str, Counter] = {}
    with open_index(seed_index).searcher() as searcher:
        for stored in searcher.all_stored_fields():
            texts = {"title": stored.get("title") or "", "body": stored.get("body") or ""}
            for entity in stored.get("entities") or ():
                forms = expected.setdefault(entity["id"], Counter())
                forms.update((stored["lang"], written_form(texts, m)) for m in entity["mentions"])
        assert len(expected) > 10
        assert {entity_id: written_forms(searcher, entity_id) for entity_id in expected} == expected
        assert written_forms(searcher, "tokayev")[("fa", "توقایف")] > 0
