"""Facet counts: equal to counting the stored fields of every hit, over the whole result set."""
from collections import Counter

import pytest

import numpy as np

from search_app.core.facets import FACET_LIMIT, Column, DocValues, JoinedColumn, count_facets, doc_values
from search_app.core.search import SearcherHolder, parse_search, run_search

QUERIES = ["قزاقستان", "كازاخستان OR سوروس", "lang:ar"]


@pytest.fixture(scope="module")
def searcher(seed_index):
    return SearcherHolder(seed_index).acquire()


def brute_force(searcher, hit_ids: set[str]) -> dict[str, Counter]:
    counts = {name: Counter() for name in ("person", "place", "org", "lang", "source", "month")}
    for doc in searcher.all_stored_fields():
        if doc["id"] not in hit_ids:
            continue
        for entity in doc["entities"]:
            counts[entity["type"]][entity["id"]] += 1
        counts["lang"][doc["lang"]] += 1
        if doc.get("source"):
            counts["source"][doc["source"]] += 1
        if doc.get("date"):
            counts["month"][doc["date"][:7]] += 1
    return counts


def agreement(reported: list[dict], expected: Counter, limit: int) -> tuple[bool, bool, bool]:
    """Reported counts are right, as many as the limit allows, and none left out outranks one shown."""
    shown = {v["id"]: v["count"] for v in reported}
    left_out = [c for value, c in expected.items() if value not in shown]
    return (shown == {value: expected[value] for value in shown},
            len(shown) == min(limit, len(expected)),
            max(left_out, default=0) <= min(shown.values(), default=0))


@pytest.mark.parametrize("q", QUERIES, ids=["persian-word", "arabic-or", "filter-only"])
def test_facets_equal_brute_force_count(searcher, q):
    result = run_search(searcher, parse_search({"q": q, "size": "100"}))
    expected = brute_force(searcher, {hit["id"] for hit in result.hits})
    checks = {name: agreement(values, expected[name], FACET_LIMIT if name != "month" else len(expected[name]))
              for name, values in result.facets.items()}
    assert checks == {name: (True, True, True) for name in expected}


def test_facets_cover_results_beyond_the_page(searcher):
    result = run_search(searcher, parse_search({"q": "قزاقستان", "size": "1"}))
    assert (sum(v["count"] for v in result.facets["lang"]), len(result.hits)) == (result.total, 1)


@pytest.mark.parametrize("ui_lang, expected", [
    ("en", "Kassym-Jomart Tokayev"), ("fa", "قاسم\u200cجومرت توکایف"), ("ar", "قاسم جومارت توكاييف"),
], ids=["en", "fa", "ar"])
def test_facets_label_entities_in_interface_language(searcher, ui_lang, expected):
    result = run_search(searcher, parse_search({"q": "person:tokayev", "ui_lang": ui_lang}))
    assert [v["label"] for v in result.facets["person"] if v["id"] == "tokayev"] == [expected]


def test_doc_values_are_built_once_per_index_version(searcher):
    assert doc_values(searcher) is doc_values(searcher)


def values_of(n: int, **single) -> DocValues:
    rows = {"person": [("a",), ("a", "b"), ()][:n], "place": [()] * n, "org": [()] * n,
            "lang": single.get("lang", [None] * n), "source": [None] * n, "month": single.get("month", [None] * n),
            "group": [None] * n}
    return DocValues(
        columns={f: Column.from_lists([v if isinstance(v, tuple) else (() if v is None else (v,)) for v in values])
                 for f, values in rows.items()},
        date=np.zeros(n, dtype=np.int32), added_at=np.zeros(n, dtype=np.int64),
    )


def test_column_counts_equal_counting_each_document():
    names = ["توقایف", "توكاييف", "نظربایف", "پوتین", "بوتين", "ماكرون"]
    rng = np.random.default_rng(7)
    rows = [tuple(rng.choice(names, size=rng.integers(0, 4), replace=False)) for _ in range(500)]
    column = Column.from_lists(rows)
    docnums = np.sort(rng.choice(500, size=120, replace=False))
    expected = Counter(v for d in docnums for v in rows[d])
    counts = column.counts(docnums)
    assert {column.vocab[i]: int(counts[i]) for i in np.flatnonzero(counts)} == expected
    assert sum(expected.values()) > 100


def test_column_counts_of_no_documents_are_zero():
    column = Column.from_lists([("قزاقستان",), ()])
    assert column.counts(np.zeros(0, dtype=np.int64)).tolist() == [0]


def test_count_facets_counts_only_given_docnums():
    facets = count_facets(values_of(3), [1], str)
    assert facets["person"] == [{"id": "a", "label": "a", "count": 1}, {"id": "b", "label": "b", "count": 1}]


def test_count_facets_keeps_the_most_frequent_values():
    facets = count_facets(values_of(3), [0, 1, 2], str, limit=1)
    assert facets["person"] == [{"id": "a", "label": "a", "count": 2}]


def test_count_facets_lists_months_newest_first():
    facets = count_facets(values_of(3, month=["2022-01", "2022-03", "2022-01"]), [0, 1, 2], str)
    assert [v["id"] for v in facets["month"]] == ["2022-03", "2022-01"]


def test_count_facets_skips_missing_values():
    assert count_facets(values_of(2, lang=[None, "fa"]), [0, 1], str)["lang"] == [
        {"id": "fa", "label": "fa", "count": 1}]


def test_segments_joined_count_and_group_as_one_column_of_all_their_documents():
    names = ["توقایف", "توكاييف", "نظربایف", "پوتین", "بوتين", "ماكرون", "شي جين بينغ"]
    rng = np.random.default_rng(11)
    rows = [tuple(rng.choice(names, size=rng.integers(0, 4), replace=False)) for _ in range(300)]
    groups = [(str(g),) if g < 9 else () for g in rng.integers(0, 12, size=300)]
    cuts = [0, 120, 121, 300]  # a one-document segment among them
    joined = JoinedColumn.join([Column.from_lists(rows[a:b]) for a, b in zip(cuts, cuts[1:])])
    whole = Column.from_lists(rows)
    docnums = rng.permutation(300)[:140]  # unsorted, as a search may give them
    expected = whole.counts(docnums)
    for given in (docnums, np.sort(docnums)):
        counts = joined.counts(given)
        assert ({joined.vocab[i]: int(counts[i]) for i in np.flatnonzero(counts)}
                == {whole.vocab[i]: int(expected[i]) for i in np.flatnonzero(expected)})
    joined_groups = JoinedColumn.join([Column.from_lists(groups[a:b]) for a, b in zip(cuts, cuts[1:])])
    keys = joined_groups.group_keys()
    same_group = keys[:, None] == keys[None, :]
    grouped = np.array([[a == b and a != () for b in groups] for a in groups]) | np.eye(300, dtype=bool)
    assert (same_group == grouped).all()
    assert [joined_groups.vocab[k] if k < len(joined_groups.vocab) else None for k in keys] == [
        g[0] if g else None for g in groups]
