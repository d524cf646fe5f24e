"""Recognised words of the calendar, of money and of the newspaper are no entities; names stay."""
import pytest
from test_linking import entities

from indexer.not_names import is_month, is_not_a_name


@pytest.mark.parametrize("word", ["نيسان", "كانون الثاني", "تشرين الأول", "آذار", "أيلول", "يناير", "فروردین",
                                  "اردیبهشت", "ژوئن", "جانفي"])
def test_month_names_are_not_names(word):
    assert is_month(word, 0, len(word), "person")


@pytest.mark.parametrize("words", ["ريال", "الريال السعودي", "الدولار", "تومان", "دلار آمریکایی", "اليورو"])
def test_currencies_are_not_names(words):
    assert is_not_a_name(words)


@pytest.mark.parametrize("desk", ["گروه ورزشي", "گروه علمي فرهنگي", "گروه اجتماعی", "سرويس سياسي"])
def test_newspaper_desks_are_not_names(desk):
    assert is_not_a_name(desk)


@pytest.mark.parametrize("name", ["ريال مدريد", "حسن روحاني", "نيسان موتورز", "گروه طالبان", "اسد", "محمد خاتمي",
                                  "بنك الدولار الأول", ""])
def test_names_that_share_a_word_with_them_stay(name):
    assert not is_not_a_name(name)


def test_month_and_desk_mentions_are_dropped_where_linked():
    body = "گروه ورزشي: تيم استقلال روز ۱۲ فروردین در تهران بازی کرد."
    found = entities(body, {"گروه ورزشي": "ORG", "استقلال": "ORG", "فروردین": "PER", "تهران": "LOC"})
    assert [e["label"] for e in found] == ["استقلال", "تهران"]


def test_definite_nisba_before_a_name_is_taken_off_with_the_title():
    found = entities("قال الرئيس الأمريكي باراك أوباما إن الاتفاق جيد.", {"الرئيس الأمريكي باراك أوباما": "PER"})
    assert [(e["label"], e["mentions"][0]["title"]) for e in found] == [("باراك أوباما", "الرئيس الأمريكي")]


def test_adjective_of_a_gazetteer_place_is_no_entity_but_a_definite_surname_stays():
    from indexer.gazetteer import get_gazetteer

    body = "قال دبلوماسي روسي إن البغدادي هرب، ونقلت وكالة الروسية الخبر عن مسؤول روسی."
    found = entities(body, {"روسي": "PER", "البغدادي": "PER", "الروسية": "LOC", "روسی": "PER"}, get_gazetteer())
    assert [e["label"] for e in found] == ["البغدادي"]


def test_desk_byline_opening_a_line_is_dropped_and_the_same_words_in_a_sentence_stay():
    body = "گروه بورس: سود شرکت افزایش یافت.\nاعضای گروه بورس تهران جلسه داشتند."
    found = entities(body, {"گروه بورس": "ORG"})
    assert [(e["label"], [m["start"] for m in e["mentions"]]) for e in found] == [("گروه بورس", [body.rindex("گروه")])]


def test_month_tagged_as_organisation_stays_alone_and_goes_next_to_a_date():
    body = "قتل في 22 أبريل (نيسان) الماضي. وقالت مهر إن الخبر صحيح، وفي 12 مهر عاد."
    found = entities(body, {"نيسان": "ORG", "مهر": "ORG"})
    assert [(e["label"], [m["start"] for m in e["mentions"]]) for e in found] == [("مهر", [body.index("مهر")])]


def test_real_madrid_written_with_hamza_is_not_the_rial():
    assert (is_not_a_name("رئال"), is_not_a_name("الريال")) == (False, True)
