"""Recognised mentions that are words of the calendar, of money or of the newspaper, not names.

The recogniser learned from news where نيسان، آذار or ريال often stand next to names, and tags them as
names in unseen text; a Hamshahri article opens with its desk («گروه ورزشی»), which it tags as an
organisation. A mention is dropped when, its title taken off, it is:

- a month: all its words one month name of the Gregorian calendar as Arabic writes it (يناير and the
  Levantine كانون الثاني، نيسان …, the Maghreb's جانفي) and as Persian writes it (ژانویه …), or of the
  Iranian solar calendar (فروردین … اسفند); the Afghan solar months are left out, since اسد، حمل and
  سرطان are as often names or words;
- a currency: one currency word (ريال، دولار، تومان …), alone or with a nationality adjective (الريال
  السعودي); «ريال مدريد» stays a name;
- a desk or byline: a desk word (گروه، سرویس) followed only by adjectives in ی (گروه علمی فرهنگی), or
  any desk name that opens a line and is followed by a colon («گروه بورس: …», `is_desk_byline`).

Words are compared by their cross-script key (`names.key_words`), so spellings and scripts agree.
"""
from __future__ import annotations

from indexer.dates import month_names
from indexer.names import key_words, name_key

MONTH_CALENDARS = ("gregorian-arabic", "gregorian-levant", "gregorian-maghreb", "gregorian-dari",
                   "gregorian-iran", "solar-iran")
MONTH_KEYS = frozenset(name_key(m) for m in month_names(MONTH_CALENDARS))
_CURRENCIES = """
ريال دينار درهم دولار يورو ليرة جنيه فرنك روبل ين يوان روبية شيكل تومان دلار یورو روپیه لیر پوند
"""
CURRENCY_KEYS = frozenset(name_key(w) for w in _CURRENCIES.split())
DESK_KEYS = frozenset(name_key(w) for w in ("گروه", "سرویس"))
ADJECTIVE_ENDING = "ی"  # the fold of both ي and ی


def is_not_a_name(name: str) -> bool:
    """A month, a currency or a desk, as the module doc says (`name` without its title)."""
    words = key_words(name)
    if not words:
        return False
    if "".join(words) in MONTH_KEYS:
        return True
    if words[0] in CURRENCY_KEYS and len(words) <= 2 and all(w.endswith(ADJECTIVE_ENDING) for w in words[1:]):
        return True
    return words[0] in DESK_KEYS and len(words) > 1 and all(w.endswith(ADJECTIVE_ENDING) for w in words[1:])


def is_desk_byline(text: str, start: int, end: int) -> bool:
    """text[start:end] opens a line, begins with a desk word and a colon follows it (گروه بورس: ...)."""
    words = key_words(text[start:end])
    line_start = text.rfind("\n", 0, start) + 1
    return bool(words) and words[0] in DESK_KEYS and not text[line_start:start].strip() \
        and text[end:].lstrip(" \t").startswith(":")
