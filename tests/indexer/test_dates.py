from datetime import date

import pytest

from indexer.dates import find_date, gregorian_to_solar, parse_date, solar_to_gregorian

JAN_30 = date(2022, 1, 30)
ZWNJ = "\u200c"


@pytest.mark.parametrize("text", [
    "۳۰ جنوری ۲۰۲۲",
    "30 يناير 2022",
    "٣٠ يناير ٢٠٢٢",
    "30 كانون الثاني 2022",
    "الأحد 30 كانون الثاني 2022",
    "30 يناير/كانون الثاني 2022",
    "30 جانفي 2022",
    "۳۰ ژانویه ۲۰۲۲",
    "10 بهمن 1400",
    "۱۰ بهمن ۱۴۰۰",
    "۱۰ دلو ۱۴۰۰",
    "2022-01-30",
    "2022/01/30",
    "۱۴۰۰/۱۱/۱۰",
    "30/01/2022",
    "30.01.2022",
    "January 30, 2022",
    "Jan. 30, 2022",
    "30 Jan 2022",
    "30 January 2022",
], ids=[
    "dari-persian-digits", "arabic-egyptian-months", "arabic-indic-digits", "arabic-levantine-months",
    "levantine-with-weekday", "both-month-systems", "maghreb-months", "iranian-gregorian-months",
    "solar-iranian-months", "solar-persian-digits", "solar-afghan-months", "iso", "iso-slashes",
    "solar-numeric", "day-first", "day-first-dots", "english-month-day-year", "english-abbrev-dot",
    "english-day-abbrev-year", "english-day-month-year",
])
def test_find_date_reads_each_form_as_january_30_2022(text):
    assert find_date(text) == JAN_30


@pytest.mark.parametrize("solar, gregorian", [
    ((1401, 1, 1), date(2022, 3, 21)),
    ((1400, 10, 10), date(2021, 12, 31)),
    ((1400, 1, 1), date(2021, 3, 21)),
    ((1399, 1, 1), date(2020, 3, 20)),
    ((1403, 1, 1), date(2024, 3, 20)),
    ((1403, 12, 30), date(2025, 3, 20)),
    ((1404, 1, 1), date(2025, 3, 21)),
    ((1357, 11, 22), date(1979, 2, 11)),
    ((1400, 6, 31), date(2021, 9, 22)),
    ((1400, 7, 1), date(2021, 9, 23)),
], ids=["nowruz-1401", "10-dey-1400", "nowruz-1400", "nowruz-1399-leap-before", "nowruz-1403",
        "esfand-30-leap-1403", "nowruz-1404", "22-bahman-1357", "last-of-shahrivar", "first-of-mehr"])
def test_solar_to_gregorian_known_pairs(solar, gregorian):
    assert solar_to_gregorian(*solar) == gregorian


@pytest.mark.parametrize("solar", [(1402, 12, 30), (1400, 7, 31), (1400, 13, 1), (1400, 1, 0)],
                         ids=["esfand-30-common-year", "mehr-31", "month-13", "day-0"])
def test_solar_to_gregorian_rejects_days_the_calendar_lacks(solar):
    with pytest.raises(ValueError):
        solar_to_gregorian(*solar)


def test_afghan_and_iranian_month_names_agree():
    assert find_date("۱۰ جدی ۱۴۰۰") == find_date("۱۰ دی ۱۴۰۰") == date(2021, 12, 31)


def test_month_names_match_with_arabic_yeh_and_kaf():
    assert find_date("10 دي 1400") == date(2021, 12, 31)


def test_day_first_falls_back_to_month_first_when_day_first_is_impossible():
    assert find_date("01/30/2022") == JAN_30


def test_day_first_is_preferred_when_both_readings_are_possible():
    assert find_date("02/01/2022") == date(2022, 1, 2)


def test_find_date_returns_the_earliest_date_in_the_text():
    assert find_date("نشر في 2022-01-30، وعدّل في 5 شباط 2022") == JAN_30


@pytest.mark.parametrize("text", [
    "في 6 كانون الثاني، وصفت وزارة الخارجية الروسية",
    "خلال العامين 2020 و2021",
    "31/02/2022",
    "30 يناير 1400",
    "10 دی 2022",
    "ارائه خدمات بانكي امكان پذير مي شود",
    "",
], ids=["no-year", "years-only", "no-such-day", "gregorian-month-solar-year", "solar-month-gregorian-year",
        "persian-word-mi-is-not-may", "empty"])
def test_find_date_finds_nothing_where_there_is_no_date(text):
    assert find_date(text) is None


@pytest.mark.parametrize("text", [f"۱۰ بهمن{ZWNJ}ماه ۱۴۰۰", "۱۰ بهمن ماه ۱۴۰۰", "۱۰ بهمنماه ۱۴۰۰"],
                         ids=["zwnj", "space", "joined"])
def test_solar_month_may_carry_mah(text):
    assert find_date(text) == JAN_30


@pytest.mark.parametrize("text", ["30 مهرداد 1400", "وضع عادی 10، 1400"], ids=["name-prefix", "name-suffix"])
def test_month_name_must_be_a_whole_word(text):
    assert find_date(text) is None


@pytest.mark.parametrize("value", ["2015-07-21", "2015-07-21T10:30:00Z", "2015-07-21 10:30", "21 يوليو 2015",
                                   "۳۰ تیر ۱۳۹۴"],
                         ids=["iso", "iso-timestamp", "iso-space-time", "arabic-months", "solar"])
def test_parse_date_reads_field_values(value):
    assert parse_date(value) == date(2015, 7, 21)


def test_parse_date_returns_none_for_a_value_without_a_date():
    assert parse_date("unknown") is None


@pytest.mark.parametrize("day, solar", [
    (date(2022, 1, 30), (1400, 11, 10)), (date(2022, 3, 21), (1401, 1, 1)), (date(2022, 3, 20), (1400, 12, 29)),
    (date(2021, 3, 20), (1399, 12, 30)), (date(2022, 9, 23), (1401, 7, 1)),
], ids=["bahman", "nowruz", "last-day-of-esfand", "leap-esfand-30", "first-of-mehr"])
def test_gregorian_to_solar(day, solar):
    assert (gregorian_to_solar(day), solar_to_gregorian(*solar)) == (solar, day)
