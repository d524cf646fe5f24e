import pytest

from analyzers.fold import ZWNJ, fold

RULES = [
    ("علي", "علی", "arabic-yeh"),
    ("مستشفى", "مستشفی", "alef-maksura"),
    ("پاکستانے", "پاکستانی", "yeh-barree"),
    ("كتاب", "کتاب", "arabic-kaf"),
    ("أحمد", "احمد", "alef-hamza-above"),
    ("إسلام", "اسلام", "alef-hamza-below"),
    ("آسيا", "اسیا", "alef-madda"),
    ("\u0671لله", "الله", "alef-wasla"),
    ("مؤتمر", "موتمر", "waw-hamza"),
    ("رئيس", "رییس", "yeh-hamza"),
    ("سماء", "سما", "standalone-hamza"),
    ("مدرسة", "مدرسه", "teh-marbuta"),
    ("خانۀ", "خانه", "heh-yeh-above"),
    ("كَتَبَ", "کتب", "harakat"),
    ("الرَّحْمَٰن", "الرحمن", "shadda-sukun-superscript-alef"),
    ("العـــربية", "العربیه", "tatweel"),
    ("۱۴۰۰", "1400", "persian-digits"),
    ("٢٠١٥", "2015", "arabic-indic-digits"),
    ("۳٫۵", "3.5", "arabic-decimal-separator"),
    ("\ufefb", "لا", "lam-alef-ligature"),
    ("\ufdf2", "الله", "allah-ligature"),
    ("\ufe8d\ufedf\ufecc\ufeae\ufe91\ufef2", "العربی", "presentation-forms-b"),
    ("ＭＩ６", "mi6", "full-width-latin"),
    ("\u200fکتاب\u200e", "کتاب", "bidi-marks"),
    ("رسانه" + ZWNJ + "ها", "رسانهها", "zwnj"),
    ("\ufeffخبر", "خبر", "byte-order-mark"),
    ("NATO", "nato", "latin-lowercase"),
]


@pytest.mark.parametrize("raw, folded", [r[:2] for r in RULES], ids=[r[2] for r in RULES])
def test_fold_rule(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize("word", ["ایران", "تهران", "مردم", "قزاقستان", "کتاب", "داعش", "2015", "www.afgazad.com"])
def test_fold_leaves_canonical_words_alone(word):
    assert fold(word) == word


def test_fold_of_empty_text_is_empty():
    assert fold("") == ""


def test_fold_of_only_marks_is_empty():
    assert fold("\u0640\u064e\u200c") == ""


def test_fold_is_idempotent_on_the_seeds(sample_dir):
    for path in sorted(sample_dir.glob("*.txt")):
        once = fold(path.read_text(encoding="utf-8"))
        assert fold(once) == once


def test_fold_is_idempotent_on_every_folded_code_point():
    from analyzers.fold import TABLE

    for code in TABLE:
        assert fold(fold(chr(code))) == fold(chr(code)), hex(code)
