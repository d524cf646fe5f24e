"""Query syntax: parsing into clauses, every malformed form's message, compiling to Whoosh queries."""
import pytest
from whoosh import query as wq

from indexer.errors import FahrasError
from search_app.core.query import Clause, Filter, Phrase, Prefix, Word, compile_query, parse_query, plain_clauses


def test_parse_words_are_separate_clauses():
    assert parse_query("قزاقستان  سوروس") == (
        Clause((Word("قزاقستان", 0, 8),)), Clause((Word("سوروس", 10, 15),)),
    )


def test_parse_quoted_phrase():
    assert parse_query('"بنیاد سوروس"') == (Clause((Phrase("بنیاد سوروس", 0, 13),)),)


def test_parse_minus_excludes_the_next_atom():
    assert parse_query("كازاخستان -توكاييف") == (
        Clause((Word("كازاخستان", 0, 9),)), Clause((Word("توكاييف", 11, 18),), excluded=True),
    )


def test_parse_or_joins_neighbours_into_one_clause():
    assert parse_query("قزاقستان OR كازاخستان") == (
        Clause((Word("قزاقستان", 0, 8), Word("كازاخستان", 12, 21))),
    )


def test_parse_star_makes_a_prefix():
    assert parse_query("قزاق*") == (Clause((Prefix("قزاق", 0, 5),)),)


def test_parse_hyphen_inside_a_word_is_not_an_exclusion():
    assert parse_query("covid-19") == (Clause((Word("covid-19", 0, 8),)),)


def test_parse_url_is_a_word_not_a_filter():
    assert parse_query("https://afgazad.com") == (Clause((Word("https://afgazad.com", 0, 19),)),)


@pytest.mark.parametrize("text, value", [
    ("date:2022-01..2022-02", "2022-01-01..2022-02-28"),
    ("date:2022-01-30", "2022-01-30..2022-01-30"),
    ("date:2022", "2022-01-01..2022-12-31"),
    ("date:..2022-02", "..2022-02-28"),
    ("date:2022-01..", "2022-01-01.."),
], ids=["month-range", "day", "year", "open-start", "open-end"])
def test_parse_date_filter_bounds(text, value):
    assert parse_query(text)[0].atoms[0] == Filter("date", value, 0, len(text))


def test_parse_filter_value_in_quotes():
    assert parse_query('source:"forbes.com"') == (Clause((Filter("source", "forbes.com", 0, 19),)),)


def test_parse_lang_filter_is_lowercased():
    assert parse_query("lang:AR")[0].atoms[0].value == "ar"


@pytest.mark.parametrize("text, message", [
    ('"بنیاد سوروس', "Unbalanced quote"),
    ('قزاقستان "', "Unbalanced quote"),
    ('""', "is empty"),
    ("OR قزاقستان", "OR at character 1 must stand between"),
    ("قزاقستان OR", "OR at character 10 must stand between"),
    ("قزاقستان OR OR سوروس", "OR at character 10 must stand between"),
    ("قزاقستان - سوروس", '"-" at character 10 stands alone'),
    ("قزاقستان -", '"-" at character 10 stands alone'),
    ("--سوروس", '"-" at character 1 must be followed'),
    ("-OR سوروس", '"-" at character 1 must be followed'),
    ("-قزاقستان OR سوروس", "cannot join an excluded word"),
    ("author:سوروس", "Unknown filter author:"),
    ("lang:", "has no value"),
    ("lang:xx", "lang:xx is not a language"),
    ("date:2022-13", "is not a date"),
    ("date:yesterday", "is not a date"),
    ("date:2022-02..2022-01", "ends before it starts"),
    ("قز*اق", "* may only end a word"),
    ("ق*", "needs at least 2 letters"),
    ("*", "needs at least 2 letters"),
], ids=["open-quote", "trailing-quote", "empty-phrase", "leading-or", "trailing-or", "double-or",
        "lone-minus", "trailing-minus", "double-minus", "minus-or", "excluded-or", "unknown-filter",
        "empty-filter", "bad-lang", "bad-month", "bad-date", "reversed-dates", "inner-star",
        "short-prefix", "lone-star"])
def test_parse_malformed_query_says_what_is_wrong(text, message):
    with pytest.raises(FahrasError) as caught:
        parse_query(text)
    assert (caught.value.code, caught.value.status, message in caught.value.message) == ("bad_query", 400, True)


def terms_of(q) -> set[tuple[str, str]]:
    return set(q.all_terms())


def test_compile_word_searches_every_language_field():
    compiled = compile_query(parse_query("سوروس"), expand=False)
    fields = sorted(field for field, _ in terms_of(compiled.scored))
    assert fields == ["body_ar", "body_fa", "body_other", "title_ar", "title_fa", "title_other"]


def test_compile_stopword_is_left_out_of_its_language_only():
    terms = terms_of(compile_query(parse_query("قزاقستان در"), expand=False).scored)
    assert (("body_fa", "در") in terms, ("body_ar", "در") in terms) == (False, True)


@pytest.fixture(scope="module")
def two_word_searcher(tmp_path_factory):
    """Three Persian articles: both words, only the first, only the second."""
    import orjson

    from indexer.store import open_index
    from indexer.writer import run_index

    folder = tmp_path_factory.mktemp("two-words")
    articles = [{"id": "both", "title": "قزاقستان و بنیاد سوروس", "body": "خبر"},
                {"id": "first", "title": "اعتراض در قزاقستان", "body": "خبر"},
                {"id": "second", "title": "کمک بنیاد سوروس", "body": "خبر"}]
    (folder / "in.jsonl").write_bytes(b"\n".join(orjson.dumps({"lang": "fa", **a}) for a in articles))
    summary = run_index(folder / "ix", [folder / "in.jsonl"], rebuild=False, prune=False, delete_ids=[],
                        max_bytes=20_000_000, progress=False)
    assert summary.failed == []
    with open_index(folder / "ix").searcher() as searcher:
        yield searcher


def matched(searcher, q: wq.Query) -> set[str]:
    return {hit["id"] for hit in searcher.search(q, limit=None)}


def test_compile_all_mode_needs_every_word_within_each_language(two_word_searcher):
    compiled = compile_query(parse_query("قزاقستان سوروس"), mode="all", expand=False)
    assert matched(two_word_searcher, compiled.scored) == {"both"}


def test_compile_any_mode_needs_one_word(two_word_searcher):
    compiled = compile_query(parse_query("قزاقستان سوروس"), mode="any", expand=False)
    assert matched(two_word_searcher, compiled.scored) == {"both", "first", "second"}


def test_compile_punctuation_alone_leaves_nothing_to_score():
    assert compile_query(parse_query("،"), expand=False).scored is None


def test_compile_filters_restrict_without_scoring():
    compiled = compile_query(parse_query("سوروس lang:fa"), expand=False)
    assert compiled.required == (wq.Term("lang", "fa"),)


def test_compile_exclusion_is_kept_apart():
    compiled = compile_query(parse_query("قزاقستان -سوروس"), expand=False)
    assert (len(compiled.excluded), compiled.match.terms["fa"]) == (1, frozenset({"قزاقستان"}))


def test_compile_prefix_is_folded():
    compiled = compile_query(parse_query("كاز*"), expand=False)
    assert compiled.match.prefixes == frozenset({"\u06a9از"})


def test_compile_sequences_keep_query_order_without_stopwords_or_exclusions():
    compiled = compile_query(parse_query('رسانههای "بنیاد سوروس" در -امریکا قزاقستان'), expand=False)
    expected = ("رسانه", "بنیاد", "سوروس", "قزاقستان")
    assert (compiled.sequences["title_fa"], compiled.sequences["body_fa"]) == (expected, expected)


def test_plain_clauses_read_query_syntax_as_words():
    clauses = plain_clauses('-واشنطن "بلينكين OR كاز*')
    assert [atom.text for clause in clauses for atom in clause.atoms] == ["-واشنطن", '"بلينكين', "OR", "كاز*"]


def test_compile_leaves_out_a_name_holding_another_name_of_its_language():
    from indexer.gazetteer import get_gazetteer

    compiled = compile_query(parse_query("ایران"), gazetteer=get_gazetteer())
    phrases = [q for q in compiled.scored.leaves() if isinstance(q, wq.Phrase) and q.fieldname == "body_fa"]
    assert (phrases, ("body_fa", "ایران") in terms_of(compiled.scored)) == ([], True)


def test_compile_scores_an_article_holding_a_name_and_its_alias_through_the_name_alone(tmp_path):
    from indexer.bulk import build_index
    from indexer.documents import Document
    from indexer.gazetteer import get_gazetteer
    from indexer.store import open_index
    from search_app.core.search import WEIGHTING

    build_index(tmp_path / "ix", [
        Document("both", "", "أعلن تنظيم الدولة مسؤوليته، وقال بيان داعش إن الهجوم استهدف المدينة", "ar"),
        Document("alias", "", "أعلن تنظيم الدولة مسؤوليته عن الهجوم على المدينة", "ar"),
    ], procs=1)
    expanded = compile_query(parse_query("داعش"), gazetteer=get_gazetteer()).scored
    bare = compile_query(parse_query("داعش"), expand=False).scored
    with open_index(tmp_path / "ix").searcher(weighting=WEIGHTING) as searcher:
        scores = {q: {hit["id"]: hit.score for hit in searcher.search(q.normalize(), limit=None)}
                  for q in (expanded, bare)}
    assert (scores[expanded]["both"] == pytest.approx(scores[bare]["both"]), sorted(scores[expanded])) == (
        True, ["alias", "both"])
