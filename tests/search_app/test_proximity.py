"""Proximity re-ranking: the same words, together or scattered, in Persian and Arabic."""
import pytest

from indexer.bulk import build_index
from indexer.documents import Document
from search_app.trec.batch import run_batch
from search_app.core.proximity import WINDOW, near
from search_app.core.search import SearcherHolder, parse_search, run_search

# Each pair holds the same words, so BM25F scores both alike; only the order differs. The scattered
# document comes first in the index and by id, so every tie-break without proximity puts it first.
PAIRS = {
    "ar": ("معاهدة الأمن الجماعي", [
        Document("ar-a-scattered", "", "طالب معاهدة السلطات بتعليق طلب المساعدة الأمن من منظمة التي تجمعها مع "
                                       "الجماعي الاتحاد الروسي", "ar"),
        Document("ar-b-together", "", "طالب السلطات بتعليق طلب المساعدة من منظمة معاهدة الأمن الجماعي التي "
                                      "تجمعها مع الاتحاد الروسي", "ar"),
    ]),
    "fa": ("نیروی هوایی ارتش", [
        Document("fa-a-scattered", "", "فرمانده نیروی کل قوا بر به روز بودن هوایی کارکنان تاکید کرد و ارتش را "
                                       "ستود", "fa"),
        Document("fa-b-together", "", "فرمانده کل قوا بر به روز بودن کارکنان نیروی هوایی ارتش تاکید کرد و را "
                                      "ستود", "fa"),
    ]),
}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("proximity") / "ix"
    build_index(path, [doc for _, docs in PAIRS.values() for doc in docs], procs=1)
    return path


def test_near_needs_order_and_window():
    assert near([3], [4])
    assert near([3, 40], [3 + WINDOW])
    assert not near([4], [3])
    assert not near([3], [4 + WINDOW])
    assert not near([3], [3])  # parts of one ZWNJ-joined word share a position


@pytest.mark.parametrize("lang", PAIRS)
def test_batch_ranks_words_together_first(index_dir, tmp_path, lang):
    query, docs = PAIRS[lang]
    queries, run = tmp_path / "q.tsv", tmp_path / "run.trec"
    queries.write_text(f"q1\t{query}\n", encoding="utf-8")
    run_batch(index_dir, queries, run)
    assert [line.split()[2] for line in run.read_text(encoding="utf-8").splitlines()] == [docs[1].id, docs[0].id]


@pytest.mark.parametrize("lang", PAIRS)
@pytest.mark.parametrize("mode", ["all", "any"])
def test_search_ranks_words_together_first(index_dir, lang, mode):
    query, docs = PAIRS[lang]
    result = run_search(SearcherHolder(index_dir).acquire(), parse_search({"q": query, "mode": mode}))
    assert [hit["id"] for hit in result.hits] == [docs[1].id, docs[0].id]
    assert result.hits[0]["score"] > result.hits[1]["score"]


@pytest.mark.parametrize("lang", PAIRS)
def test_search_by_date_is_not_reranked(index_dir, lang):
    query, docs = PAIRS[lang]
    result = run_search(SearcherHolder(index_dir).acquire(), parse_search({"q": query, "sort": "date"}))
    assert result.hits[0]["score"] == result.hits[1]["score"]


def test_words_together_in_the_other_order_get_no_bonus(index_dir):
    result = run_search(SearcherHolder(index_dir).acquire(), parse_search({"q": "ارتش هوایی نیروی"}))
    assert [hit["id"] for hit in result.hits] == ["fa-a-scattered", "fa-b-together"]
    assert result.hits[0]["score"] == result.hits[1]["score"]
