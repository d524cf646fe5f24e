"""Recognised mentions that are words of the calendar, of money or of the newspaper, not names.

The recogniser learned from news where نيسان، آذار or ريال often stand next to names, and tags them as
names in unseen text; a Hamshahri article opens with its desk («گروه ورزشی»), which it tags as an
organisation. A mention is dropped when, its title taken off, it is:

- a month (`is_month`): all its words one month name of the Gregorian calendar as Arabic writes it
  (يناير and the Levantine كانون الثاني، نيسان …, the Maghreb's جانفي) and as Persian writes it (ژانویه …), or of the
  Iranian solar calendar (فروردین … اسفند); the Afghan solar months are left out, since اسد، حمل and
  سرطان are as often names or words; one tagged as an organisation stays unless a number or another
  month stands next to it (مهر is also a news agency, نيسان a car maker);
- a currency: one currency word as written (ريال، دولار، تومان …), alone or with a nationality
  adjective (الريال السعودي); «ريال مدريد» and «رئال» (Real Madrid) stay names;
- a desk or byline: a desk word (گروه، سرویس) followed only by adjectives in ی (گروه علمی فرهنگی), or
  any desk name that opens a line and is followed by a colon («گروه بورس: …», `is_desk_byline`).

Months and desks are compared by their cross-script key (`names.key_words`), currencies by their letters.
"""
from __future__ import annotations

from indexer.dates import month_names
from indexer.names import ARTICLE_CLITICS, AR_ARTICLE, key_words, name_key, name_words

MONTH_CALENDARS = ("gregorian-arabic", "gregorian-levant", "gregorian-maghreb", "gregorian-dari",
                   "gregorian-iran", "solar-iran")
MONTH_KEYS = frozenset(name_key(m) for m in month_names(MONTH_CALENDARS))
_CURRENCIES = """
ريال دينار درهم دولار يورو ليرة جنيه فرنك روبل ين يوان روبية شيكل تومان دلار یورو روپیه لیر پوند
"""
# Letters only: رئال (Real Madrid) keeps its hamza, so it is not ريال, though both have one key.
PLAIN = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0629": "\u0647"})  # ي→ی، ك→ک، ة→ه
NEAR = 24  # characters either side where the neighbouring words are looked for
DESK_KEYS = frozenset(name_key(w) for w in ("گروه", "سرویس"))
ADJECTIVE_ENDING = "ی"  # the fold of both ي and ی


def _plain(word: str) -> str:
    """The word with ي ك ة written the Persian way and the article (under a clitic or not) taken off."""
    plain = word.translate(PLAIN)
    for clitic in ("", *ARTICLE_CLITICS, "\u0643"):
        if plain.startswith(clitic + AR_ARTICLE) and len(plain) > len(clitic + AR_ARTICLE) + 1:
            return plain[len(clitic + AR_ARTICLE):]
    return plain


CURRENCIES = frozenset(_plain(w) for w in _CURRENCIES.split())


def is_not_a_name(name: str) -> bool:
    """A currency or a desk, as the module doc says (`name` without its title)."""
    words = key_words(name)
    if not words:
        return False
    written = name_words(name)
    if _plain(written[0][0]) in CURRENCIES and len(words) <= 2 and all(w.endswith(ADJECTIVE_ENDING) for w in words[1:]):
        return True
    return words[0] in DESK_KEYS and len(words) > 1 and all(w.endswith(ADJECTIVE_ENDING) for w in words[1:])


def is_month(text: str, start: int, end: int, etype: str) -> bool:
    """text[start:end] is a month name, and the recogniser did not call it an organisation or a number
    or another month stands next to it (22 أبريل (نيسان)): مهر and نيسان alone, tagged so, are the news
    agency and the car maker."""
    if name_key(text[start:end]) not in MONTH_KEYS:
        return False
    before, after = name_words(text[max(0, start - NEAR):start])[-1:], name_words(text[end:end + NEAR])[:1]
    return etype != "org" or any(w.isdigit() or name_key(w) in MONTH_KEYS for w, _, _ in before + after)


def is_desk_byline(text: str, start: int, end: int) -> bool:
    """text[start:end] opens a line, begins with a desk word and a colon follows it (گروه بورس: ...)."""
    words = key_words(text[start:end])
    line_start = text.rfind("\n", 0, start) + 1
    return bool(words) and words[0] in DESK_KEYS and not text[line_start:start].strip() \
        and text[end:].lstrip(" \t").startswith(":")
