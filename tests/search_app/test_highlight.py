"""Highlighting on the original text: marks, escaping, bidi isolation, snippet windows, full text."""
import pytest

from search_app.core.highlight import MatchTerms, highlight_full, highlight_text, mention_spans, snippet
from search_app.core.query import compile_query, parse_query

TATWEEL = "\u0640"
FATHA = "\u064e"
ZWNJ = "\u200c"


def match_of(q: str) -> MatchTerms:
    return compile_query(parse_query(q), expand=False).match


def test_highlight_marks_matched_word():
    html = highlight_text("ردپای بنیاد سوروس در قزاقستان", "fa", match_of("سوروس"))
    assert html == '<span dir="auto">ردپای بنیاد <mark>سوروس</mark> در قزاقستان</span>'


@pytest.mark.parametrize("query", ["سياسي", "سیاسی"], ids=["arabic-yeh", "farsi-yeh"])
def test_highlight_marks_yeh_variants(query):
    assert "<mark>سیاسی</mark>" in highlight_text("تحلیل سیاسی", "fa", match_of(query))


def test_highlight_marks_whole_original_word_with_tatweel_and_harakat():
    word = f"كاز{TATWEEL}اخ{FATHA}ستان"
    assert f"<mark>{word}</mark>" in highlight_text(f"في {word} اليوم", "ar", match_of("كازاخستان"))


def test_highlight_marks_zwnj_compound_once():
    word = f"رسانه{ZWNJ}های"
    assert highlight_text(f"تحلیل {word} امریکائی", "fa", match_of(word)).count("<mark>") == 1


def test_highlight_marks_prefix_matches():
    assert "<mark>قزاقستان</mark>" in highlight_text("وقایع قزاقستان", "fa", match_of("قزاق*"))


def test_highlight_does_not_mark_excluded_words():
    assert "<mark>" not in highlight_text("وقایع قزاقستان", "fa", match_of("سوروس -قزاقستان"))


def test_highlight_escapes_script_tags():
    html = highlight_text("<script>alert(1)</script> قزاقستان", "fa", match_of("قزاقستان"))
    assert ("<script>" in html, "&lt;script&gt;alert(1)&lt;/script&gt;" in html) == (False, True)


def test_highlight_escapes_attribute_injection():
    html = snippet('<img src=x onerror="alert(1)"> قزاقستان', "fa", match_of("قزاقستان"))
    assert ("<img" in html, "onerror=&quot;alert" in html) == (False, True)


def test_highlight_isolates_latin_run_inside_arabic():
    html = highlight_text("التي تقودها روسيا CSTO Treaty اليوم", "ar", match_of("روسيا"))
    assert "<bdi>CSTO Treaty</bdi>" in html


def test_highlight_splits_a_mark_that_crosses_an_isolate():
    html = highlight_text("قال Tokayev اليوم", "ar", MatchTerms(), [(0, 11)])
    assert html == '<span dir="auto"><mark>قال </mark><bdi><mark>Tokayev</mark></bdi> اليوم</span>'


def test_highlight_marks_entity_mentions():
    entities = [{"id": "tokayev", "type": "person", "mentions": [{"field": "body", "start": 4, "end": 11}]}]
    spans = mention_spans(entities, "body", {"tokayev"})
    assert "<mark>توكاييف</mark>" in snippet("قال توكاييف إن", "ar", MatchTerms(), spans)


def test_mention_spans_ignore_other_fields_and_entities():
    entities = [{"id": "a", "mentions": [{"field": "title", "start": 0, "end": 3}]},
                {"id": "b", "mentions": [{"field": "body", "start": 5, "end": 9}]}]
    assert mention_spans(entities, "body", {"a"}) == []


def test_snippet_without_match_is_the_beginning():
    body = "وقایع رخ داده در قزاقستان " * 30
    html = snippet(body, "fa", match_of("سوروس"))
    assert (html.startswith('<span dir="auto">وقایع'), html.endswith("\u2026</span>")) == (True, True)


def test_snippet_starts_shortly_before_a_deep_match():
    body = "وقایع رخ داده " * 100 + "بنیاد سوروس در قزاقستان"
    html = snippet(body, "fa", match_of("سوروس"))
    assert (html.startswith('<span dir="auto">\u2026'), "<mark>سوروس</mark>" in html, len(html) < 400) == (
        True, True, True)


def test_snippet_reaches_a_match_far_into_a_long_text():
    body = "وقایع رخ داده " * 2000 + "بنیاد سوروس در قزاقستان"
    assert "<mark>سوروس</mark>" in snippet(body, "fa", match_of("سوروس"))


def test_snippet_reaches_a_far_match_written_with_tatweel_and_harakat():
    word = f"كاز{TATWEEL}اخ{FATHA}ستان"
    body = "قال المتحدث " * 2000 + f"في {word} اليوم"
    assert f"<mark>{word}</mark>" in snippet(body, "ar", match_of("کازاخستان"))


def test_snippet_marks_persian_verb_indexed_by_its_two_stems():
    assert "<mark>گفت</mark>" in snippet("وزیر خارجه گفت که", "fa", match_of("گفت"))


def test_snippet_of_short_text_keeps_trailing_punctuation():
    assert snippet("قزاقستان!", "fa", match_of("قزاقستان")) == '<span dir="auto"><mark>قزاقستان</mark>!</span>'


def test_snippet_of_empty_text_is_empty():
    assert snippet("", "fa", match_of("قزاقستان")) == '<span dir="auto"></span>'


def test_highlight_full_makes_a_paragraph_per_line():
    html = highlight_full("وقایع قزاقستان\n\nبنیاد <سوروس>", "fa", match_of("قزاقستان"))
    assert html == ('<p dir="auto">وقایع <mark>قزاقستان</mark></p>\n'
                    '<p dir="auto">بنیاد &lt;سوروس&gt;</p>')


def test_highlight_full_without_query_marks_nothing():
    assert highlight_full("وقایع قزاقستان", "fa", MatchTerms()) == '<p dir="auto">وقایع قزاقستان</p>'
