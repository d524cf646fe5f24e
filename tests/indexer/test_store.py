"""Reading the index: a stored document in the `fahras show --json` shape, and clear errors."""
import pytest

from indexer.errors import FahrasError
from indexer.store import get_document, open_index, stored_to_dict

DOCUMENT_KEYS = ["id", "title", "body", "author", "date", "source", "url", "lang", "entities"]


def seed_ids(seed_index) -> list[str]:
    with open_index(seed_index).searcher() as searcher:
        return sorted(f["id"] for f in searcher.all_stored_fields())


def test_document_has_exactly_the_show_keys(seed_index):
    doc = get_document(seed_index, seed_ids(seed_index)[0])
    assert list(doc) == DOCUMENT_KEYS


def test_document_body_is_the_stored_text(seed_index):
    doc_id = seed_ids(seed_index)[1]
    with open_index(seed_index).searcher() as searcher:
        body = searcher.document(id=doc_id)["body"]
    assert get_document(seed_index, doc_id)["body"] == body


def test_entities_have_id_type_label_and_mentions(seed_index):
    entities = [e for doc_id in seed_ids(seed_index) for e in get_document(seed_index, doc_id)["entities"]]
    assert entities != []
    assert {tuple(sorted(e)) for e in entities} == {("id", "label", "mentions", "type")}
    assert {tuple(sorted(m)) for e in entities for m in e["mentions"]} == {
        ("end", "field", "start"), ("end", "field", "start", "title")}


def test_absent_values_are_none_and_missing_text_is_empty():
    doc = stored_to_dict({"id": "ar-1", "lang": "ar"})
    assert doc == {"id": "ar-1", "title": "", "body": "", "author": None, "date": None, "source": None,
                   "url": None, "lang": "ar", "entities": []}


def test_unknown_id_is_not_found(seed_index):
    with pytest.raises(FahrasError) as caught:
        get_document(seed_index, "no-such-id")
    assert (caught.value.code, caught.value.status) == ("not_found", 404)
    assert caught.value.message == "no document with id 'no-such-id'"


@pytest.mark.parametrize("make", [lambda p: p, lambda p: p.mkdir() or p], ids=["absent", "empty-directory"])
def test_missing_index_is_a_clear_error(tmp_path, make):
    index_dir = make(tmp_path / "ix")
    with pytest.raises(FahrasError) as caught:
        open_index(index_dir)
    assert caught.value.code == "index_missing"
    assert caught.value.message.startswith(f"no Fahras index at {index_dir}; build one with `fahras index")
