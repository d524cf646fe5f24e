import pytest

from analyzers.fold import fold
from analyzers.stem_ar import stem


@pytest.mark.parametrize("word, expected", [
    ("والكتاب", "کتاب"),
    ("بالكتاب", "کتاب"),
    ("الكتاب", "کتاب"),
    ("للمدرسة", "مدرسه"),
    ("فالأمر", "امر"),
    ("المعلمون", "معلم"),
    ("السعوديين", "سعود"),
    ("هجماته", "هجمات"),
    ("حكومتها", "حکومه"),
    ("الحكومة", "حکومه"),
    ("بلادهم", "بلاد"),
], ids=["wal", "bil", "al", "lil", "fal", "plural-un", "plural-in-nisba", "pronoun-h", "teh-pronoun",
        "teh-marbuta", "pronoun-hum"])
def test_clitics_and_affixes_are_stripped(word, expected):
    assert stem(fold(word)) == expected


@pytest.mark.parametrize("word", ["بلد", "ولد", "من", "في", "كل", "اب"])
def test_short_words_are_untouched(word):
    assert stem(fold(word)) == fold(word)


def test_waw_needs_three_letters_after_it():
    assert (stem(fold("وجد")), stem(fold("وقالت"))) == ("وجد", "قالت")


@pytest.mark.parametrize("first, second", [
    ("هجماته", "الهجمات"),
    ("بلادهم", "البلاد"),
    ("حكومتها", "الحكومة"),
    ("المعلمين", "المعلمون"),
    ("بواشنطن", "واشنطن"),
    ("فقال", "قال"),
    ("بلبنان", "لبنان"),
    ("اللبناني", "لبنانية"),
], ids=["pronoun-on-plural", "pronoun-hum", "teh-marbuta-pronoun", "sound-plurals", "bi-name",
        "fa-verb", "bi-on-a-name", "nisba"])
def test_forms_of_one_word_share_a_stem(first, second):
    assert stem(fold(first)) == stem(fold(second))


@pytest.mark.parametrize("name, word", [
    ("لبنان", "بن"),
    ("كيري", "يرى"),
    ("كوبا", "وباء"),
    ("كندا", "نداء"),
    ("السودان", "السود"),
    ("فلسطين", "لسطين"),
    ("البحرين", "البحر"),
    ("وزير", "زير"),
], ids=["lebanon-son", "kerry-sees", "cuba-epidemic", "canada-call", "sudan-black", "palestine",
        "bahrain-sea", "minister"])
def test_a_word_never_conflates_with_its_letters_minus_an_affix(name, word):
    assert stem(fold(name)) != stem(fold(word))


@pytest.mark.parametrize("name", ["لبنان", "كيري", "كوبا", "كندا", "فلسطين", "البحرين", "السودان"])
def test_names_keep_their_letters(name):
    assert stem(fold(name)) == fold(name).removeprefix("\u0627\u0644")


def test_empty_word_stays_empty():
    assert stem("") == ""
