"""Interface language negotiation, translation tables and digits."""
import pytest
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from search_app.web.i18n import MESSAGES, UI_LANGS, direction, format_date, localize_digits, negotiate, translate


def accept(header: str) -> LanguageAccept:
    return parse_accept_header(header, LanguageAccept)


@pytest.mark.parametrize(
    ("ui_param", "header", "expected"),
    [
        ("fa", "en-US,en;q=0.9", "fa"),
        (None, "fa-IR,fa;q=0.9,en;q=0.5", "fa"),
        (None, "ar-SA", "ar"),
        (None, "de-DE", "en"),
        ("xx", "ar", "ar"),
        (None, "", "en"),
    ],
    ids=["ui-param-wins", "persian-browser", "arabic-browser", "unsupported-falls-back", "bad-ui-param-ignored",
         "no-header"],
)
def test_negotiate_picks_interface_language(ui_param, header, expected):
    assert negotiate(ui_param, accept(header)) == expected


def test_every_message_has_every_interface_language():
    incomplete = sorted(key for key, texts in MESSAGES.items() if set(texts) != set(UI_LANGS))
    assert incomplete == []


def test_translate_fills_placeholders():
    assert translate("en", "results_count", n="7") == "7 results"


@pytest.mark.parametrize(("lang", "expected"), [("fa", "rtl"), ("ar", "rtl"), ("en", "ltr"), (None, "ltr")],
                         ids=["fa", "ar", "en", "unknown"])
def test_direction(lang, expected):
    assert direction(lang) == expected


@pytest.mark.parametrize(
    ("ui", "expected"),
    [("fa", "\u06f2\u06f0\u06f2\u06f2-\u06f0\u06f1"), ("ar", "\u0662\u0660\u0662\u0662-\u0660\u0661"),
     ("en", "2022-01")],
    ids=["persian-digits", "arabic-indic-digits", "latin-digits"],
)
def test_localize_digits(ui, expected):
    assert localize_digits("2022-01", ui) == expected


@pytest.mark.parametrize(
    ("value", "ui", "expected"),
    [
        ("2022-01-30", "en", "30 January 2022"),
        ("2022-01-30", "fa", "\u06f1\u06f0 بهمن \u06f1\u06f4\u06f0\u06f0"),
        ("2022-03-21", "fa", "\u06f1 فروردین \u06f1\u06f4\u06f0\u06f1"),
        ("2022-01", "fa", "دی\u2013بهمن \u06f1\u06f4\u06f0\u06f0"),
        ("2022-03", "fa", "اسفند \u06f1\u06f4\u06f0\u06f0\u2013فروردین \u06f1\u06f4\u06f0\u06f1"),
        ("2022-01", "ar", "يناير \u0662\u0660\u0662\u0662"),
        ("2022-13-01", "en", "2022-13-01"),
        ("2022-02-30", "fa", "\u06f2\u06f0\u06f2\u06f2-\u06f0\u06f2-\u06f3\u06f0"),
        ("soon", "en", "soon"),
    ],
    ids=["day-en", "day-fa-solar-hijri", "nowruz-fa", "month-fa-spans-two", "month-fa-spans-new-year", "month-ar",
         "no-such-month", "no-such-day-fa", "not-a-date"],
)
def test_format_date(value, ui, expected):
    assert format_date(value, ui) == expected
