import pickle

import pytest
from whoosh.fields import Schema, TEXT
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from analyzers.fold import ZWNJ
from analyzers.whoosh_adapters import FahrasTokenizer, TermFilter, analyzer_for

LANGS = ["fa", "ar", "other"]


@pytest.mark.parametrize("lang", LANGS)
def test_analyzer_survives_pickling(lang):
    analyzer = analyzer_for(lang)
    assert pickle.loads(pickle.dumps(analyzer)) == analyzer


def test_analyzers_of_different_languages_differ():
    assert analyzer_for("fa") != analyzer_for("ar")


def test_unknown_language_is_an_error():
    with pytest.raises(ValueError, match="unknown language 'en'"):
        TermFilter("en")


@pytest.mark.parametrize("lang, morph", [("fa", True), ("ar", True), ("other", False)])
def test_stemming_analyzers_are_morphological(lang, morph):
    assert analyzer_for(lang).has_morph() == morph


def test_index_tokens_keep_offsets_and_share_positions():
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in analyzer_for("fa")("پشت" + ZWNJ + "پرده رسانهها", positions=True, chars=True)]
    assert tokens == [("پشتپرده", 0, 0, 8), ("پشت", 0, 0, 3), ("پرده", 0, 4, 8), ("رسانه", 1, 9, 16)]


def test_query_mode_emits_the_compound_alone():
    assert [t.text for t in analyzer_for("fa")("پشت" + ZWNJ + "پرده", mode="query")] == ["پشتپرده"]


def test_query_mode_emits_the_joined_verb_alone():
    index = [t.text for t in analyzer_for("fa")("مي رود")]
    query = [t.text for t in analyzer_for("fa")("مي رود", mode="query")]
    assert (len(index), query) == (2, index[1:])


def test_untokenized_text_is_folded_whole_and_unstemmed():
    tokens = analyzer_for("ar")("الكتابة*", tokenize=False, mode="query", removestops=False)
    assert [t.text for t in tokens] == ["الکتابه*"]


def test_kept_stopwords_are_marked_stopped():
    tokens = analyzer_for("ar")("في الكتاب", removestops=False)
    assert [(t.text, t.stopped) for t in tokens] == [("في", True), ("کتاب", False)]


def test_tokenizer_offsets_start_at_start_char():
    tokens = FahrasTokenizer()("كتب", chars=True, start_char=10)
    assert [(t.startchar, t.endchar) for t in tokens] == [(10, 13)]


@pytest.fixture(scope="module")
def persian_index():
    schema = Schema(body=TEXT(analyzer=analyzer_for("fa"), phrase=True, stored=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        for body in ["رسانه" + ZWNJ + "های امریکا", "رسانه های روسیه", "رسانههای اروپا", "ایران"]:
            w.add_document(body=body)
    return ix


@pytest.mark.parametrize("query", ["رسانه" + ZWNJ + "ها", "رسانه ها", "رسانهها", "رسانه*"],
                         ids=["zwnj", "spaced", "joined", "prefix"])
def test_parsed_query_matches_all_three_spellings(persian_index, query):
    with persian_index.searcher() as s:
        q = QueryParser("body", persian_index.schema).parse(query)
        assert len(s.search(q)) == 3
