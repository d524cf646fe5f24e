import pytest

from analyzers.fold import fold
from analyzers.stem_ar import stem


@pytest.mark.parametrize("word, expected", [
    ("والكتاب", "کتاب"),
    ("بالكتاب", "کتاب"),
    ("الكتاب", "کتاب"),
    ("للمدرسة", "مدرس"),
    ("فالأمر", "امر"),
    ("المعلمون", "معلم"),
    ("السعوديين", "سعود"),
    ("هجماته", "هجما"),
    ("حكومتها", "حکوم"),
    ("الحكومة", "حکوم"),
    ("بلادهم", "لاد"),
], ids=["wal", "bil", "al", "lil", "fal", "plural-un", "plural-in-nisba", "pronoun-h", "teh-pronoun",
        "teh-marbuta", "pronoun-hum"])
def test_clitics_and_affixes_are_stripped(word, expected):
    assert stem(fold(word)) == expected


@pytest.mark.parametrize("word", ["بلد", "ولد", "من", "في", "كل", "اب"])
def test_short_words_are_untouched(word):
    assert stem(fold(word)) == fold(word)


def test_waw_needs_three_letters_after_it():
    assert (stem(fold("وجد")), stem(fold("وقالت"))) == ("وجد", "قالت")


def test_empty_word_stays_empty():
    assert stem("") == ""
