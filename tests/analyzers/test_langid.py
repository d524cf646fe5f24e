import pytest

from analyzers.langid import detect


@pytest.mark.parametrize("name, lang", [
    ("000_df839379cba759f4.txt", "fa"),
    ("001_7bdcb4ea2c0200a6.txt", "ar"),
    ("002_a917483df7011d66.txt", "ar"),
    ("003_91dd7b59b1f721e3.txt", "ar"),
    ("004_eb9ca2d14c0c29d5.txt", "ar"),
], ids=["dari", "ar-001", "ar-002", "ar-003", "ar-004"])
def test_detect_seed_articles(sample_dir, name, lang):
    assert detect((sample_dir / name).read_text(encoding="utf-8")) == lang


@pytest.mark.parametrize("text, lang", [
    ("ایران", "fa"),
    ("گزارش", "fa"),
    ("مدرسة", "ar"),
    ("في البيت", "ar"),
    ("تحلیل رسانههای امریکائی", "fa"),
    ("ارائه خدمات بر خط بانكي در دفاتر روستايي امكان پذير مي شود", "fa"),
    ("فشل الثورة المستوحاة من الخارج", "ar"),
    ("NATO و روسیه", "fa"),
], ids=["persian-word", "persian-gaf", "teh-marbuta", "arabic-preposition", "persian-no-zwnj",
        "persian-arabic-letters", "arabic-title", "mixed-latin"])
def test_detect_short_text(text, lang):
    assert detect(text) == lang


@pytest.mark.parametrize("text", ["", "   ", "Kazakhstan unrest", "2022-01-06", "NATO, CIA and MI6 تو"],
                         ids=["empty", "blank", "english", "digits", "mostly-latin"])
def test_detect_other(text):
    assert detect(text) == "other"
