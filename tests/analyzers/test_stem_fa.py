import pytest

from analyzers.analysis import term_for
from analyzers.fold import ZWNJ, fold
from analyzers.stem_fa import stem


@pytest.mark.parametrize("word", ["ایران", "تهران", "مردم", "قزاقستان", "تنها", "کتاب"])
def test_lexicon_words_and_names_keep_all_their_letters(word):
    assert stem(fold(word)) == fold(word)


@pytest.mark.parametrize("inflected, base", [
    ("کتابها", "کتاب"),
    ("رسانههای", "رسانه"),
    ("تحلیلهای", "تحلیل"),
    ("بزرگترین", "بزرگ"),
    ("بزرگتر", "بزرگ"),
    ("دانشجویان", "دانشجو"),
    ("فرهنگی", "فرهنگ"),
    ("قزاقستانهای", "قزاقستان"),
    ("تمرینات", "تمرین"),
    ("مذاکرات", "مذاکره"),
    ("برگزاری", "برگزار"),
    ("هستهای", "هسته"),
    ("منطقهای", "منطقه"),
], ids=["plural-ha", "plural-haye", "plural-haye-2", "superlative", "comparative", "plural-an",
        "adjective-i", "unknown-name-plural", "plural-at", "plural-at-of-h", "derived-i", "adjective-he-i",
        "adjective-he-i-2"])
def test_affixes_are_stripped(inflected, base):
    assert stem(fold(inflected)) == base


@pytest.mark.parametrize("forms", [
    ("کتاب" + ZWNJ + "ها", "کتابها", "كتابها"),
    ("می" + ZWNJ + "روند", "میروند", "ميروند", "نمی" + ZWNJ + "روند"),
    ("بزرگ" + ZWNJ + "ترین", "بزرگترین"),
], ids=["plural", "verb", "superlative"])
def test_spellings_of_one_word_share_a_term(forms):
    assert len({term_for(f, "fa") for f in forms}) == 1


def test_verb_forms_become_their_lemma():
    assert stem(fold("می" + ZWNJ + "گوید")) == stem(fold("گوید")) == "گفت#گو"


@pytest.mark.parametrize("plural, singular", [
    ("تدابیر", "تدبیر"),
    ("مفاهیم", "مفهوم"),
    ("مقادیر", "مقدار"),
    ("عوامل", "عامل"),
    ("حوادث", "حادثه"),
    ("تصاویر", "تصویر"),
])
def test_broken_plurals_become_the_singular_hazm_has_seen(plural, singular):
    assert stem(fold(plural)) == singular


@pytest.mark.parametrize("word", ["خواهر", "موارد", "مردمی"])
def test_words_that_only_look_derived_keep_their_letters(word):
    assert stem(fold(word)) == fold(word)
