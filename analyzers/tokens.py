"""Split text into tokens that keep their offsets in the original text.

One compiled regex pass finds URLs, e-mail addresses, numbers with separators and words. A word is
a run of letters, digits, combining marks (harakat, superscript alef) and tatweel, so marks inside
a word never split it; runs joined by ZWNJ (or ZWJ) make one word, e.g. the plural رسانه‌ها. Such a
compound is yielded whole, then each of its parts at the same position, so that the compound, its
parts written apart and its parts written together can all meet in the index. A Latin acronym and a
short number written apart (MI ۶, G 20) are one token with parts in the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from analyzers.fold import ZWJ, ZWNJ

NBSP = "\u00a0"
JOINERS = ZWNJ + ZWJ
SPACES = " " + NBSP

MARKS = "\u064b-\u065f\u0670\u06d6-\u06ed"  # harakat, superscript alef, Quranic marks
WORD = rf"[\w{MARKS}]+"
URL = r"(?:https?://|www\.)[^\s<>\"'«»()\[\]{}]*[^\s<>\"'«»()\[\]{}.,;:!?،؛؟]"
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
NUMBER = r"\d+(?:[.,\u066b\u066c]\d+)+(?![\w])"
COMPOUND = rf"{WORD}(?:[{JOINERS}]{WORD})*"
ACRONYM_NUMBER = rf"(?-i:[A-Z]{{1,4}})[{SPACES}]\d{{1,2}}(?!\w)"  # MI ۶, G 20: written apart, one name
TOKEN_RE = re.compile(rf"{URL}|{EMAIL}|{NUMBER}|{ACRONYM_NUMBER}|{COMPOUND}", re.IGNORECASE)
PART_RE = re.compile(WORD)


@dataclass(frozen=True, slots=True)
class Span:
    """A token: `text == original[start:end]`; parts of a ZWNJ compound share the compound's `pos`."""

    text: str
    start: int
    end: int
    pos: int


def spans(text: str) -> Iterator[tuple[str, int, int, int, bool]]:
    """`(text, start, end, pos, is_part)` tuples: what `tokenize` yields, without building objects."""
    pos = 0
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        start = m.start()
        yield word, start, m.end(), pos, False
        if ZWNJ in word or " " in word or ZWJ in word or NBSP in word:
            for part in PART_RE.finditer(word):
                yield part.group(), start + part.start(), start + part.end(), pos, True
        pos += 1


def tokenize(text: str) -> Iterator[Span]:
    for word, start, end, pos, _ in spans(text):
        yield Span(word, start, end, pos)
