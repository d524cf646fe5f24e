import pytest

from analyzers.tokens import ZWNJ, Span, tokenize


def texts(text):
    return [s.text for s in tokenize(text)]


def test_every_span_is_a_slice_of_the_original(sample_dir):
    for path in sorted(sample_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for span in tokenize(text):
            assert text[span.start:span.end] == span.text


def test_zwnj_compound_is_one_token_then_its_parts_at_the_same_position():
    text = "تحلیل رسانه" + ZWNJ + "ها"
    assert list(tokenize(text)) == [
        Span("تحلیل", 0, 5, 0),
        Span("رسانه" + ZWNJ + "ها", 6, 14, 1),
        Span("رسانه", 6, 11, 1),
        Span("ها", 12, 14, 1),
    ]


@pytest.mark.parametrize("word", ["كَتَبَ", "العـــربية", "الرَّحْمَٰن"], ids=["harakat", "tatweel", "shadda"])
def test_marks_and_tatweel_do_not_split_a_word(word):
    assert texts(word) == [word]


@pytest.mark.parametrize("text, expected", [
    ("كازاخستان.. فشل “الثورة”", ["كازاخستان", "فشل", "الثورة"]),
    ("سیاسی، اقتصادی؛ چرا؟", ["سیاسی", "اقتصادی", "چرا"]),
    ("«میدل ایست مانیتور»", ["میدل", "ایست", "مانیتور"]),
], ids=["arabic-punctuation", "persian-punctuation", "guillemets"])
def test_punctuation_separates_words(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("MI6 و CIA", ["MI6", "و", "CIA"]),
    ("MI۶", ["MI۶"]),
    ("۳٫۵ درصد", ["۳٫۵", "درصد"]),
    ("۱٬۲۰۰ نفر", ["۱٬۲۰۰", "نفر"]),
    ("3.14 و 1,000", ["3.14", "و", "1,000"]),
    ("۳۰ جنوری ۲۰۲۲", ["۳۰", "جنوری", "۲۰۲۲"]),
], ids=["latin-acronym", "mixed-digits", "decimal-separator", "thousands-separator", "ascii-number", "date"])
def test_acronyms_and_numbers_stay_whole(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("www.afgazad.com.", ["www.afgazad.com"]),
    ("(https://example.org/a/b?x=1)", ["https://example.org/a/b?x=1"]),
    ("afgazad@gmail.com", ["afgazad@gmail.com"]),
], ids=["www", "url-in-parentheses", "email"])
def test_urls_and_email_addresses_are_one_token(text, expected):
    assert texts(text) == expected


def test_acronym_and_number_written_apart_are_one_token_with_parts():
    assert list(tokenize("MI ۶ و NATO 2022")) == [
        Span("MI ۶", 0, 4, 0), Span("MI", 0, 2, 0), Span("۶", 3, 4, 0),
        Span("و", 5, 6, 1), Span("NATO", 7, 11, 2), Span("2022", 12, 16, 3),
    ]


def test_positions_count_words_not_parts():
    assert [s.pos for s in tokenize("پشت" + ZWNJ + "پرده این")] == [0, 0, 0, 1]


@pytest.mark.parametrize("text", ["", "  \n\t", "…؟!،"], ids=["empty", "whitespace", "punctuation-only"])
def test_text_without_words_has_no_tokens(text):
    assert texts(text) == []
