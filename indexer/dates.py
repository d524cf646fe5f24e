"""Dates as news prints them, read into `datetime.date`.

Forms read, in any digit system (ASCII, Arabic-Indic, Persian):
- day, month name, year: Gregorian months in Arabic (يناير; كانون الثاني; جانفي), Dari (جنوری) and
  Iranian Persian (ژانویه) spelling, or English (30 Jan 2022); Solar Hijri months with Iranian (دی ۱۴۰۰)
  or Afghan (جدی ۱۴۰۰) names, converted to Gregorian;
- month name, day, year: January 30, 2022;
- numbers: 2022-01-30 (also with / or .; a year 1200-1599 first is Solar Hijri: ۱۴۰۰/۱۰/۱۰), and
  30/01/2022 (day first; month first only when the day-first reading is impossible).
Month names are matched after folding Arabic yeh/kaf/alef variants, so ي/ی and ك/ک spellings both work.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from analyzers.fold import TATWEEL, ZWNJ

GREGORIAN, SOLAR = "gregorian", "solar"
GREGORIAN_YEARS = range(1800, 2201)
SOLAR_YEARS = range(1200, 1600)

# One character for one, so folded text keeps its length.
_FOLD = str.maketrans({
    "\u064a": "\u06cc",  # Arabic yeh -> Farsi yeh
    "\u0649": "\u06cc",  # alef maksura -> Farsi yeh
    "\u0643": "\u06a9",  # Arabic kaf -> keheh
    "\u0623": "\u0627",  # alef with hamza above -> alef
    "\u0625": "\u0627",  # alef with hamza below -> alef
    "\u0622": "\u0627",  # alef with madda -> alef
    "\u0629": "\u0647",  # teh marbuta -> heh
    "\u06c0": "\u0647",  # heh with yeh above -> heh
    ZWNJ: " ",
    TATWEEL: " ",
})

_MONTH_NAMES: dict[str, tuple[str, list[str]]] = {
    "gregorian-arabic": (GREGORIAN, ["يناير", "فبراير", "مارس", "أبريل ابريل إبريل", "مايو", "يونيو يونيه",
                                     "يوليو يوليه", "أغسطس اغسطس", "سبتمبر", "أكتوبر اكتوبر", "نوفمبر",
                                     "ديسمبر"]),
    "gregorian-levant": (GREGORIAN, ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
                                     "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]),
    "gregorian-maghreb": (GREGORIAN, ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت",
                                      "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]),
    "gregorian-dari": (GREGORIAN, ["جنوری", "فبروری", "مارچ", "اپریل", "می", "جون", "جولای جولائی", "اگست آگست",
                                   "سپتمبر", "اکتوبر", "نومبر نوامبر", "دسمبر"]),
    "gregorian-iran": (GREGORIAN, ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت",
                                   "سپتامبر", "اکتبر", "نوامبر", "دسامبر"]),
    "solar-iran": (SOLAR, ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد امرداد", "شهریور", "مهر", "آبان",
                           "آذر", "دی", "بهمن", "اسفند"]),
    "solar-afghan": (SOLAR, ["حمل", "ثور", "جوزا جوزاء", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس",
                             "جدی", "دلو", "حوت"]),
}
_ENGLISH_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december"]


def _fold(text: str) -> str:
    return text.translate(_FOLD).lower()


def _month_table() -> dict[str, tuple[str, int]]:
    table: dict[str, tuple[str, int]] = {}
    for calendar, months in _MONTH_NAMES.values():
        for number, spellings in enumerate(months, 1):
            for name in _spellings(spellings):
                table[_fold(name)] = (calendar, number)
    for number, name in enumerate(_ENGLISH_MONTHS, 1):
        table[name] = (GREGORIAN, number)
        table[name[:3]] = (GREGORIAN, number)
    table["sept"] = (GREGORIAN, 9)
    return table


def _spellings(entry: str) -> list[str]:
    """Spellings of one month are space-separated, except the two-word Levantine names."""
    words = entry.split()
    if len(words) == 2 and words[0] in ("كانون", "تشرين"):
        return [entry]
    return words


MONTHS = _month_table()


def month_names(calendars: tuple[str, ...]) -> list[str]:
    """Every spelling of the months of these calendars of `_MONTH_NAMES` ("gregorian-levant", ...)."""
    return [name for c in calendars for spellings in _MONTH_NAMES[c][1] for name in _spellings(spellings)]
_MONTH = "|".join(
    re.escape(name).replace(r"\ ", r"\s+") for name in sorted(MONTHS, key=len, reverse=True)
)
_D = r"(?<!\d)(\d{1,2})(?!\d)"
_Y = r"(?<!\d)(\d{4})(?!\d)"
_GAP = r"[\s,،.\-/]*"
_WORD_START = r"(?<![^\W\d_])"  # no letter before a month name: "عادی 10، 1400" holds no دی
_MAH = r"(?:\s*ماه)?"  # "آذرماه", "دی ماه" (a ZWNJ before ماه folds to a space)

# "30 يناير/كانون الثاني 2022": the second name of the month is skipped.
_OTHER_NAME = rf"(?:\s*[/(]\s*(?:{_MONTH})\)?)?"
_DAY_MONTH_YEAR = re.compile(rf"{_D}{_GAP}({_MONTH}){_MAH}\.?{_OTHER_NAME}{_GAP}{_Y}")
_MONTH_DAY_YEAR = re.compile(rf"{_WORD_START}({_MONTH})\.?\s*{_D}(?:st|nd|rd|th)?{_GAP}{_Y}")
_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?!\d)")


def find_date(text: str) -> date | None:
    """The first well-formed date anywhere in `text`, or None."""
    folded = _fold(text)
    found = [d for d in (_first(pattern, reader, folded) for pattern, reader in _READERS) if d is not None]
    return min(found)[1] if found else None


def parse_date(value: str) -> date | None:
    """A date field's value (ISO, ISO timestamp or any form above), or None when it holds no date."""
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return find_date(value)


# Years at which the 33-year leap cycle of the Solar Hijri calendar shifts (Borkowski's table, as in
# jalaali-js); valid for Solar Hijri years -61 to 3177.
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394,
           2456, 3178)


def _nowruz(year: int) -> date:
    """1 Farvardin of Solar Hijri `year`, as a Gregorian date."""
    if not _BREAKS[0] <= year < _BREAKS[-1]:
        raise ValueError(f"Solar Hijri year out of range: {year}")
    leaps = -14
    start = _BREAKS[0]
    for end in _BREAKS[1:]:
        if year < end:
            break
        jump = end - start
        leaps += jump // 33 * 8 + jump % 33 // 4
        start = end
    jump = end - start
    n = year - start
    leaps += n // 33 * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leaps += 1
    gregorian_year = year + 621
    gregorian_leaps = gregorian_year // 4 - (gregorian_year // 100 + 1) * 3 // 4 - 150
    return date(gregorian_year, 3, 20 + leaps - gregorian_leaps)


def solar_to_gregorian(year: int, month: int, day: int) -> date:
    """Solar Hijri (Jalali) to Gregorian; ValueError for a day the calendar does not have.

    Months 1-6 have 31 days, 7-11 have 30, and Esfand 29, or 30 in a leap year.
    """
    if not 1 <= month <= 12 or not 1 <= day <= (31 if month <= 6 else 30):
        raise ValueError(f"no day {day} in Solar Hijri month {month}")
    days = (month - 1) * 31 - max(0, month - 7) + day - 1
    result = _nowruz(year) + timedelta(days=days)
    if month == 12 and day == 30 and result >= _nowruz(year + 1):
        raise ValueError(f"Solar Hijri year {year} is not a leap year")
    return result


def gregorian_to_solar(day: date) -> tuple[int, int, int]:
    """Gregorian to Solar Hijri (year, month, day): the inverse of solar_to_gregorian."""
    year = day.year - 621
    if day < _nowruz(year):
        year -= 1
    days = (day - _nowruz(year)).days
    if days < 6 * 31:
        return year, days // 31 + 1, days % 31 + 1
    days -= 6 * 31
    return year, days // 30 + 7, days % 30 + 1


def solar_month_name(month: int, style: str = "iran") -> str:
    """The name of Solar Hijri `month` (1-12): Iranian (`iran`: دی) or Afghan (`afghan`: جدی)."""
    return _MONTH_NAMES[f"solar-{style}"][1][month - 1].split()[0]


def _first(pattern: re.Pattern, reader, folded: str) -> tuple[int, date] | None:
    for match in pattern.finditer(folded):
        found = reader(match)
        if found is not None:
            return match.start(), found
    return None


def _named(day: str, month_name: str, year: str) -> date | None:
    calendar, month = MONTHS[re.sub(r"\s+", " ", month_name)]
    return _make(calendar, int(year), month, int(day))


def _year_first(m: re.Match) -> date | None:
    year = int(m.group(1))
    calendar = SOLAR if year in SOLAR_YEARS else GREGORIAN
    return _make(calendar, year, int(m.group(3)), int(m.group(4)))


def _day_first(m: re.Match) -> date | None:
    first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    return _make(GREGORIAN, year, second, first) or _make(GREGORIAN, year, first, second)


def _make(calendar: str, year: int, month: int, day: int) -> date | None:
    try:
        if calendar == SOLAR:
            return solar_to_gregorian(year, month, day) if year in SOLAR_YEARS else None
        return date(year, month, day) if year in GREGORIAN_YEARS else None
    except ValueError:
        return None


_READERS = [
    (_DAY_MONTH_YEAR, lambda m: _named(m.group(1), m.group(2), m.group(3))),
    (_MONTH_DAY_YEAR, lambda m: _named(m.group(2), m.group(1), m.group(3))),
    (_YEAR_FIRST, _year_first),
    (_DAY_FIRST, _day_first),
]

