import pytest

from analyzers.analysis import AnalyzedToken, analyze, term_for
from analyzers.fold import ZWNJ


def terms(text, lang):
    return {t for token in analyze(text, lang) for t in token.terms}


def test_zwnj_space_and_joined_forms_share_terms():
    forms = ["رسانه" + ZWNJ + "ها", "رسانه ها", "رسانهها"]
    assert [terms(f, "fa") for f in forms] == [{"رسانه"}] * 3


def test_compound_parts_are_indexed_when_they_differ_from_the_whole():
    assert terms("پشت" + ZWNJ + "پرده", "fa") == {"پشتپرده", "پشت", "پرده"}


@pytest.mark.parametrize("forms", [("۲۰۲۲", "٢٠٢٢", "2022"), ("۱٬۰۰۰", "1,000", "1000"), ("۳٫۵", "3.5")],
                         ids=["year", "thousands", "decimal"])
def test_digits_in_three_systems_share_a_term(forms):
    assert len({term_for(f, "ar") for f in forms}) == 1


def test_acronym_with_its_number_apart_meets_the_joined_form():
    assert (terms("MI ۶", "fa"), term_for("MI6", "fa")) == ({"mi6", "mi", "6"}, "mi6")


def test_stopwords_have_no_terms():
    assert analyze("این کتاب", "fa") == [AnalyzedToken("این", 0, 3, []), AnalyzedToken("کتاب", 4, 8, ["کتاب"])]


def test_stopwords_are_matched_folded():
    assert (term_for("اين", "fa"), term_for("إلى", "ar"), term_for("الى", "ar")) == (None, None, None)


def test_verb_written_apart_from_its_prefix_gets_the_joined_term():
    assert analyze("مي رود", "fa")[1].terms == ["رود", term_for("میرود", "fa")]


def test_verb_prefix_joins_only_known_verbs():
    assert analyze("می ایران", "fa")[1].terms == ["ایران"]


def test_other_language_is_folded_but_not_stemmed():
    assert terms("Kazakhstan's الكتب", "other") == {"kazakhstan", "s", "الکتب"}


def test_offsets_point_into_the_original(sample_dir):
    text = (sample_dir / "000_df839379cba759f4.txt").read_text(encoding="utf-8")
    assert all(text[t.start:t.end] == t.text for t in analyze(text, "fa"))


def test_empty_text_has_no_tokens():
    assert analyze("", "ar") == []


def test_unknown_language_is_an_error():
    with pytest.raises(ValueError, match="unknown language 'en'"):
        analyze("text", "en")


@pytest.mark.parametrize("name, lang", [("000_df839379cba759f4", "fa"), ("001_7bdcb4ea2c0200a6", "ar")],
                         ids=["persian-seed", "arabic-seed"])
def test_analyze_gives_the_terms_the_index_gets(sample_dir, name, lang):
    from analyzers.whoosh_adapters import analyzer_for

    text = (sample_dir / f"{name}.txt").read_text(encoding="utf-8") + "\nمي رود و نمی شود"
    indexed = [t.text for t in analyzer_for(lang)(text)]
    assert [t for token in analyze(text, lang) for t in token.terms] == indexed
