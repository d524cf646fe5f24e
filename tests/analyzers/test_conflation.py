"""What a search must treat as one word, and what it must never: index terms of real word pairs."""
import pytest

from analyzers.analysis import analyze, term_for


def terms(text: str, lang: str) -> list[str]:
    return [term for token in analyze(text, lang) for term in token.terms]


@pytest.mark.parametrize("first, second, lang", [
    ("کتاب\u200cها", "کتاب", "fa"),
    ("رسانه\u200cهای", "رسانه", "fa"),
    ("خسارات", "خسارت", "fa"),
    ("بازسازي", "بازسازی", "fa"),
    ("الكتاب", "بالكتاب", "ar"),
    ("هجماته", "الهجمات", "ar"),
    ("بلادهم", "البلاد", "ar"),
    ("بلبنان", "لبنان", "ar"),
    ("فيلترها", "فیلتر", "fa"),
    ("مهم‌ترین", "مهمتر", "fa"),
    ("بزرگتر", "بزرگ", "fa"),
], ids=["fa-plural-zwnj", "fa-plural-ezafe", "fa-at-plural", "fa-arabic-yeh", "ar-article",
        "ar-pronoun-on-plural", "ar-pronoun-hum", "ar-bi-on-name", "fa-plural-of-filter", "fa-superlative",
        "fa-comparative"])
def test_forms_of_one_word_index_one_term(first, second, lang):
    assert term_for(first, lang) == term_for(second, lang) is not None


@pytest.mark.parametrize("first, second, lang", [
    ("راه", "را", "fa"),
    ("کار", "کارت", "fa"),
    ("لبنان", "بن", "ar"),
    ("كيري", "يرى", "ar"),
    ("كوبا", "وباء", "ar"),
    ("فلسطين", "لسط", "ar"),
    ("راه", "را", "ar"),
    ("کارت", "کار", "ar"),
    ("فیلتر", "فیل", "fa"),
    ("کبوتر", "کبو", "fa"),
    ("سنة", "سن", "ar"),
    ("بنات", "بن", "ar"),
    ("قوة", "قو", "ar"),
], ids=["fa-road-object-marker", "fa-work-card", "ar-lebanon-son", "ar-kerry-sees", "ar-cuba-epidemic",
        "ar-palestine", "ar-path-road-object-marker", "ar-path-work-card", "fa-filter-elephant",
        "fa-pigeon", "ar-year-age", "ar-daughters-son", "ar-force"])
def test_different_words_never_share_a_term(first, second, lang):
    assert term_for(first, lang) not in (None, term_for(second, lang))


def test_a_verb_written_with_spaces_meets_the_joined_verb():
    # Hamshahri pads affixes with runs of spaces: مي     شود is می‌شود.
    assert terms("مي     رود", "fa")[-1] == terms("می\u200cرود", "fa")[0]
