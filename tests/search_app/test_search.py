"""run_search and parse_search on the seed index: syntax, names, filters, ranking order, limits, freshness."""
import itertools

import orjson
import pytest
from werkzeug.datastructures import MultiDict
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from indexer.errors import FahrasError
from indexer.writer import run_index
from search_app.core.query import query_terms
from indexer.store import stored_to_dict
from search_app.core.search import (TITLE_WEIGHT, SearcherHolder, SearchRequest, highlight_document,
                               parse_search, run_search)

TOKAYEV_AR = "توكاييف"
TOKAYEV_FA = "توکایف"
KAZAKHSTAN_FA = "قزاقستان"
KAZAKHSTAN_AR = "كازاخستان"


@pytest.fixture(scope="module")
def searcher(seed_index):
    return SearcherHolder(seed_index).acquire()


@pytest.fixture(scope="module")
def stored(searcher) -> list[dict]:
    return list(searcher.all_stored_fields())


@pytest.fixture(scope="module")
def writable_index(sample_dir, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("writable") / "ix"
    index_articles(index_dir, [sample_dir])
    return index_dir


def index_articles(index_dir, inputs) -> None:
    summary = run_index(index_dir, inputs, rebuild=False, prune=False, delete_ids=[], max_bytes=20_000_000,
                        progress=False)
    assert summary.failed == []


def add_article(index_dir, tmp_path, article: dict) -> None:
    path = tmp_path / f"{article['id']}.jsonl"
    path.write_bytes(orjson.dumps({"date": "2022-02-01", "source": "example.org", "lang": "fa", **article}))
    index_articles(index_dir, [path])


def search(searcher, q="", **params):
    return run_search(searcher, parse_search({"q": q, "size": "100", **params}))


def found(searcher, q="", **params) -> set[str]:
    return {hit["id"] for hit in search(searcher, q, **params).hits}


def written(stored, text: str) -> set[str]:
    return {d["id"] for d in stored if text in d["title"] + d["body"]}


# Analysis: the query meets documents as they were indexed


@pytest.mark.parametrize("variant, canonical", [
    ("سياسي", "سیاسی"),
    ("کازاخستان", KAZAKHSTAN_AR),
], ids=["arabic-yeh", "persian-kaf"])
def test_search_finds_same_documents_for_letter_variants(searcher, variant, canonical):
    canonical_ids = found(searcher, canonical, expand="0")
    assert (found(searcher, variant, expand="0"), len(canonical_ids) > 0) == (canonical_ids, True)


def test_search_persian_name_finds_arabic_spelling_with_expansion(searcher, stored):
    arabic = {d["id"] for d in stored if d["lang"] == "ar"}
    assert found(searcher, TOKAYEV_FA) & arabic == written(stored, TOKAYEV_AR) & arabic


def test_search_persian_name_misses_arabic_spelling_without_expansion(searcher, stored):
    arabic = {d["id"] for d in stored if d["lang"] == "ar"}
    expected = written(stored, TOKAYEV_AR) & arabic
    assert (found(searcher, TOKAYEV_FA, expand="0") & arabic, found(searcher, TOKAYEV_FA) & arabic, len(expected) > 0) == (
        set(), expected, True)


def test_search_expanded_name_counts_as_one_word(searcher, stored):
    """The other names of an entity are alternatives for one word: the document of the Persian spelling
    need not also hold the Arabic one."""
    expected = brute(stored, "person", "tokayev")
    assert (found(searcher, f"{TOKAYEV_FA} {KAZAKHSTAN_AR}"), found(searcher, TOKAYEV_FA), len(expected) > 1) == (
        expected, expected, True)


def test_search_stopword_does_not_fail_all_words(searcher, stored):
    expected = written(stored, KAZAKHSTAN_FA)
    assert (found(searcher, f"{KAZAKHSTAN_FA} در", expand="0"), len(expected) > 0) == (expected, True)


# Syntax


def test_search_phrase_matches_adjacent_words(searcher, stored):
    assert found(searcher, '"بنیاد سوروس"') == written(stored, "بنیاد سوروس")


def test_search_phrase_needs_its_word_order(searcher, stored):
    """The reversed phrase misses the documents its two words, unquoted, find."""
    both_words = found(searcher, "سوروس بنیاد")
    assert (found(searcher, '"سوروس بنیاد"'), both_words >= written(stored, "بنیاد سوروس"), len(both_words) > 0) == (
        set(), True, True)


def test_search_excluded_word_removes_its_documents(searcher):
    expected = found(searcher, KAZAKHSTAN_AR, expand="0") - found(searcher, TOKAYEV_AR, expand="0")
    assert (found(searcher, f"{KAZAKHSTAN_AR} -{TOKAYEV_AR}", expand="0"), len(expected)) == (expected, 1)


def test_search_or_unites_both_sides(searcher):
    expected = found(searcher, KAZAKHSTAN_FA, expand="0") | found(searcher, TOKAYEV_AR, expand="0")
    assert (found(searcher, f"{KAZAKHSTAN_FA} OR {TOKAYEV_AR}", expand="0"), len(expected)) == (expected, 4)


def test_search_all_mode_needs_every_word(searcher):
    first, second = found(searcher, KAZAKHSTAN_AR, expand="0"), found(searcher, TOKAYEV_AR, expand="0")
    both = found(searcher, f"{KAZAKHSTAN_AR} {TOKAYEV_AR}", expand="0", mode="all")
    assert (both, len(first & second) > 0, first & second < first | second) == (first & second, True, True)


def test_search_any_mode_needs_one_word(searcher):
    first, second = found(searcher, KAZAKHSTAN_FA, expand="0"), found(searcher, TOKAYEV_AR, expand="0")
    either = found(searcher, f"{KAZAKHSTAN_FA} {TOKAYEV_AR}", expand="0", mode="any")
    assert (either, len(first - second) > 0, len(second - first) > 0) == (first | second, True, True)


def test_search_prefix_matches_longer_words(searcher, stored):
    assert found(searcher, "قزاق*", expand="0") == written(stored, KAZAKHSTAN_FA)


def test_search_excluded_words_alone_are_rejected(searcher):
    with pytest.raises(FahrasError) as caught:
        search(searcher, "-سوروس")
    assert (caught.value.code, caught.value.status) == ("bad_query", 400)


def test_search_empty_query_finds_nothing(searcher):
    result = search(searcher, "")
    assert (result.total, result.hits) == (0, [])


# Filters, in the query and as parameters


def brute(stored, field: str, value: str) -> set[str]:
    if field in ("person", "place", "org"):
        return {d["id"] for d in stored if any(e["id"] == value for e in d["entities"])}
    if field == "date":
        return {d["id"] for d in stored if (d.get("date") or "").startswith(value)}
    return {d["id"] for d in stored if d.get(field) == value}


@pytest.mark.parametrize("field, value", [
    ("person", "tokayev"), ("place", "almaty"), ("org", "isis"), ("lang", "ar"), ("source", "forbes.com"),
    ("date", "2022-01"),
], ids=["person", "place", "org", "lang", "source", "date"])
def test_search_query_filter_keeps_matching_documents(searcher, stored, field, value):
    expected = brute(stored, field, value)
    assert (found(searcher, f"{field}:{value}"), len(expected) > 0) == (expected, True)


@pytest.mark.parametrize("params, field, value", [
    ({"person": ["tokayev"]}, "person", "tokayev"),
    ({"place": "almaty"}, "place", "almaty"),
    ({"org": "isis"}, "org", "isis"),
    ({"lang": "fa"}, "lang", "fa"),
    ({"source": "forbes.com"}, "source", "forbes.com"),
    ({"date_from": "2022-01", "date_to": "2022-01-31"}, "date", "2022-01"),
], ids=["person", "place", "org", "lang", "source", "dates"])
def test_search_parameter_filter_keeps_matching_documents(searcher, stored, params, field, value):
    expected = found(searcher, KAZAKHSTAN_FA) & brute(stored, field, value)
    assert (found(searcher, KAZAKHSTAN_FA, **params), len(expected) > 0) == (expected, True)


def test_search_repeated_entity_parameters_all_apply(searcher, stored):
    expected = brute(stored, "person", "tokayev") & brute(stored, "person", "blinken")
    assert found(searcher, person=["tokayev", "blinken"]) == expected


# Order, paging, result shape


def plain_bm25f(searcher, word: str, lang: str) -> dict[str, float]:
    """Scores of one word from Whoosh's own BM25F, the title term boosted TITLE_WEIGHT times."""
    term = query_terms(word, lang)[0][1]
    q = wq.Or([wq.Term(f"title_{lang}", term, boost=TITLE_WEIGHT), wq.Term(f"body_{lang}", term)])
    return {hit["id"]: round(hit.score, 4) for hit in Searcher(searcher.reader(), weighting=BM25F()).search(q, limit=None)}


def test_search_scores_are_bm25f_with_titles_weighted(searcher, stored):
    expected = plain_bm25f(searcher, KAZAKHSTAN_AR, "ar")
    in_titles = {d["id"] for d in stored if KAZAKHSTAN_AR in d["title"]}
    scores = {hit["id"]: hit["score"] for hit in search(searcher, KAZAKHSTAN_AR, expand="0").hits}
    assert (scores, len(in_titles & set(expected)) > 0) == (expected, True)


def test_search_date_sort_puts_newest_first_and_undated_last(searcher):
    dates = [hit["date"] for hit in search(searcher, KAZAKHSTAN_FA, sort="date").hits]
    dated = [d for d in dates if d]
    assert (dated, dates[len(dated):] == [None] * (len(dates) - len(dated))) == (sorted(dated, reverse=True), True)


def test_search_relevance_sort_orders_by_score(searcher):
    """Best first by an independent scorer, in an order that neither the index order nor its reverse gives."""
    expected = plain_bm25f(searcher, KAZAKHSTAN_AR, "ar")
    by_score = sorted(expected, key=lambda doc_id: -expected[doc_id])
    ids = [hit["id"] for hit in search(searcher, KAZAKHSTAN_AR, expand="0").hits]
    assert (ids, by_score not in (sorted(expected), sorted(expected, reverse=True))) == (by_score, True)


def test_search_second_page_continues_the_first(searcher):
    four = run_search(searcher, parse_search({"q": KAZAKHSTAN_FA, "size": "4"})).hits
    second = run_search(searcher, parse_search({"q": KAZAKHSTAN_FA, "size": "2", "page": "2"})).hits
    assert [h["id"] for h in second] == [h["id"] for h in four[2:4]]


def test_search_result_has_the_api_shape(searcher):
    body = search(searcher, KAZAKHSTAN_AR).to_dict()
    assert (sorted(body), sorted(body["hits"][0]), sorted(body["facets"])) == (
        ["facets", "groups", "hits", "page", "query", "size", "suggestion", "timed_out", "took_ms", "total"],
        ["date", "group", "id", "lang", "score", "similar", "similar_count", "snippet_html", "source", "title",
         "title_html"],
        ["date_histogram", "lang", "month", "org", "person", "place", "source"],
    )


def test_search_total_counts_beyond_the_page(searcher):
    everything = search(searcher, KAZAKHSTAN_FA)
    assert run_search(searcher, parse_search({"q": KAZAKHSTAN_FA, "size": "1"})).total == len(everything.hits)


# Time limit and suggestions


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_search_out_of_time_returns_what_it_has(searcher, sort):
    """Time moves on each time it is read, so the deadline falls inside the collector's pass, which reads
    the clock once per match: the search stops, says so, and returns the matches it counted, best first.
    (The vectorised evaluator reads it once per segment: see test_vector_rank.)"""
    req = parse_search({"q": KAZAKHSTAN_FA, "sort": sort, "size": "100"})
    everything = run_search(searcher, req)
    clock = itertools.count()
    result = run_search(searcher, req, time_limit=everything.total / 2, clock=lambda: next(clock), vectorised=False)
    ids, all_ids = [hit["id"] for hit in result.hits], [hit["id"] for hit in everything.hits]
    assert (result.timed_out, 0 < result.total < everything.total, len(ids), ids == [i for i in all_ids if i in ids],
            sum(v["count"] for v in result.facets["lang"])) == (True, True, result.total, True, result.total)


def test_search_while_time_stands_still_is_not_timed_out(searcher):
    req = parse_search({"q": KAZAKHSTAN_FA, "size": "100"})
    result = run_search(searcher, req, time_limit=0.001, clock=lambda: 0.0)
    assert (result.timed_out, result.total, len(result.hits) > 1) == (False, run_search(searcher, req).total, True)


@pytest.mark.parametrize("misspelled, suggestion", [
    ("سوروص", "سوروس"),
    ("قزاقستن", KAZAKHSTAN_FA),
    ("كازاخسستان", KAZAKHSTAN_AR),
], ids=["persian-letter", "persian-missing-letter", "arabic-extra-letter"])
def test_search_suggests_nearest_indexed_word(searcher, misspelled, suggestion):
    assert search(searcher, misspelled, expand="0").suggestion == suggestion


def test_search_suggestion_keeps_the_rest_of_the_query(searcher):
    assert search(searcher, '"بنیاد سوروس" قزاقستن', expand="0").suggestion == '"بنیاد سوروس" قزاقستان'


def test_search_with_results_suggests_nothing(searcher):
    assert search(searcher, KAZAKHSTAN_FA).suggestion is None


# Freshness: new documents, new-since


def test_search_holder_sees_document_added_after_it_opened(writable_index, tmp_path):
    holder = SearcherHolder(writable_index)
    with holder.searcher() as searcher:
        before = found(searcher, "زرافه")
    add_article(writable_index, tmp_path, {"id": "giraffe", "title": "زرافه در آلماتی", "body": "زرافه"})
    with holder.searcher() as searcher:
        assert (before, found(searcher, "زرافه")) == (set(), {"giraffe"})


def test_search_holder_reuses_a_released_searcher(seed_index):
    holder = SearcherHolder(seed_index)
    first = holder.acquire()
    holder.release(first)
    assert holder.acquire() is first


def test_search_holder_lends_a_searcher_to_one_caller_at_a_time(seed_index):
    holder = SearcherHolder(seed_index)
    assert holder.acquire() is not holder.acquire()


def test_search_new_since_counts_and_puts_new_hits_first(writable_index, tmp_path):
    searcher = SearcherHolder(writable_index).acquire()
    since = max(searcher.reader().column_reader("added_at"))
    add_article(writable_index, tmp_path, {"id": "new-almaty", "title": "آلماتی", "body": "گزارش تازه از آلماتی"})
    fresh = SearcherHolder(writable_index).acquire()
    result = run_search(fresh, parse_search({"q": "آلماتی OR ألماتي", "expand": "0"}), new_since=since)
    flags = [hit["new"] for hit in result.hits]
    assert (result.new_count, result.hits[0]["id"], flags.count(True), result.to_dict()["new_count"]) == (
        1, "new-almaty", 1, 1)


def test_search_escapes_stored_markup(writable_index, tmp_path):
    add_article(writable_index, tmp_path, {"id": "markup", "title": "<script>alert(1)</script> کرگدن",
                                           "body": '<img src=x onerror="alert(1)"> کرگدن'})
    hit = search(SearcherHolder(writable_index).acquire(), "کرگدن").hits[0]
    assert ("<script" in hit["title_html"] + hit["snippet_html"], "<img" in hit["snippet_html"],
            "&lt;script&gt;" in hit["title_html"]) == (False, False, True)


# The document page


def arabic_tokayev_doc(searcher, stored) -> dict:
    doc_id = min(written(stored, TOKAYEV_AR))
    return stored_to_dict(searcher.document(id=doc_id))


def test_highlight_document_marks_expanded_name_through_its_mentions(searcher, stored):
    html = highlight_document(arabic_tokayev_doc(searcher, stored), parse_search({"q": TOKAYEV_FA}))
    assert f"<mark>{TOKAYEV_AR}</mark>" in html["body_html"]


def test_highlight_document_without_query_marks_nothing(searcher, stored):
    html = highlight_document(arabic_tokayev_doc(searcher, stored), None)
    assert ("<mark>" in html["title_html"] + html["body_html"], html["body_html"].startswith("<p dir=")) == (
        False, True)


def test_highlight_document_with_malformed_query_marks_nothing(searcher, stored):
    html = highlight_document(arabic_tokayev_doc(searcher, stored), SearchRequest(q='"' + TOKAYEV_AR))
    assert "<mark>" not in html["title_html"] + html["body_html"]


# parse_search


def test_parse_search_defaults():
    assert parse_search({}) == SearchRequest()


def test_parse_search_reads_lists_and_single_values():
    req = parse_search({"q": ["قزاقستان"], "person": ["tokayev", "putin"], "lang": "fa", "size": ["20"]})
    assert (req.q, req.person, req.lang, req.size) == ("قزاقستان", ("tokayev", "putin"), ("fa",), 20)


def test_parse_search_reads_repeated_keys_of_a_multidict():
    req = parse_search(MultiDict([("place", "almaty"), ("place", "moscow"), ("expand", "0")]))
    assert (req.place, req.expand) == (("almaty", "moscow"), False)


def test_parse_search_widens_months_to_whole_days():
    req = parse_search({"date_from": "2022-01", "date_to": "2022-02"})
    assert (req.date_from, req.date_to) == ("2022-01-01", "2022-02-28")


def test_parse_search_rejects_long_query():
    with pytest.raises(FahrasError) as caught:
        parse_search({"q": "ک" * 1001})
    assert (caught.value.code, caught.value.status) == ("query_too_long", 400)


def test_parse_search_accepts_query_of_1000_characters():
    assert parse_search({"q": "ک" * 1000}).q == "ک" * 1000


def test_parse_search_rejects_malformed_query():
    with pytest.raises(FahrasError) as caught:
        parse_search({"q": '"بنیاد سوروس'})
    assert (caught.value.code, caught.value.status) == ("bad_query", 400)


@pytest.mark.parametrize("params, name, code", [
    ({"page": "0"}, "page", "bad_parameter"),
    ({"page": "two"}, "page", "bad_parameter"),
    ({"page": "1001", "size": "10"}, "page", "bad_parameter"),
    ({"size": "0"}, "size", "bad_parameter"),
    ({"size": "101"}, "size", "bad_parameter"),
    ({"sort": "oldest"}, "sort", "bad_parameter"),
    ({"mode": "some"}, "mode", "bad_parameter"),
    ({"expand": "maybe"}, "expand", "bad_parameter"),
    ({"lang": "xx"}, "lang", "bad_parameter"),
    ({"ui_lang": "de"}, "ui_lang", "bad_parameter"),
    ({"person": "two words"}, "person", "bad_parameter"),
    ({"date_from": "2022-02", "date_to": "2022-01"}, "date_to", "bad_parameter"),
    ({"date_from": "2022-13"}, "date_from", "bad_query"),
    ({"date_to": "01/02/2022"}, "date_to", "bad_query"),
], ids=["page-zero", "page-word", "page-too-deep", "size-zero", "size-over-100", "sort", "mode", "expand",
        "lang", "ui-lang", "entity-id", "dates-reversed", "date-from", "date-to"])
def test_parse_search_rejects_bad_parameter_by_name(params, name, code):
    with pytest.raises(FahrasError) as caught:
        parse_search(params)
    assert (caught.value.code, caught.value.status, caught.value.message.startswith(f"{name}:")) == (
        code, 400, True)


def test_searcher_holder_of_a_missing_index_says_so(tmp_path):
    with pytest.raises(FahrasError) as caught:
        SearcherHolder(tmp_path / "none")
    assert (caught.value.code, caught.value.status) == ("index_missing", 503)


def test_search_scores_an_article_found_through_another_name_by_that_name(searcher):
    # The Arabic articles match the Persian قزاقستان through their كازاخستان: each scores at least what
    # the Arabic spelling scores by itself (other spellings of the name add theirs), not one constant.
    expanded = {h["id"]: h["score"] for h in search(searcher, KAZAKHSTAN_FA, size="20").hits if h["lang"] == "ar"}
    direct = {h["id"]: h["score"] for h in search(searcher, KAZAKHSTAN_AR, expand="0", size="20").hits}
    assert (len(expanded), len(set(expanded.values()))) == (4, 4)
    assert all(expanded[d] >= direct[d] > 0 for d in expanded)


@pytest.mark.parametrize("vectorised", [True, False], ids=["vectorised", "collector"])
def test_excluded_word_removes_a_segments_first_match_too(searcher, vectorised):
    # the only article with المستوحاة is not the segment's first, and every article has روسية
    req = parse_search({"q": "المستوحاة", "size": "100"})
    assert run_search(searcher, req, vectorised=vectorised).total == 1
    excluded = parse_search({"q": "المستوحاة -روسية", "size": "100"})
    assert run_search(searcher, excluded, vectorised=vectorised).total == 0
