"""Tell Persian from Arabic (and both from anything else) by letters and function words.

Letters that only Persian writes (پ چ ژ گ, and ک ی) count for Persian; teh marbuta, alef maksura and
alef with hamza count for Arabic, as do Arabic yeh and kaf, though weakly: older Persian text writes
them too. A function word of either language counts more than a letter, and the Arabic article ال
counts for Arabic. Only the first SAMPLE_CHARS characters are read, and words only when the letters
are not decisive (one score DECISIVE_RATIO times the other plus DECISIVE_MARGIN).
Text with fewer Arabic-script letters than Latin ones is "other".
"""
from __future__ import annotations

import re

from analyzers.fold import fold
from analyzers.tokens import WORD

PERSIAN_LETTERS = {"\u067e": 3.0, "\u0686": 3.0, "\u0698": 3.0, "\u06af": 3.0, "\u06a9": 1.0, "\u06cc": 1.0,
                   "\u06c0": 1.0}
ARABIC_LETTERS = {"\u0629": 2.0, "\u0649": 2.0, "\u0625": 1.5, "\u0623": 1.0, "\u0624": 1.0,
                  "\u064a": 0.3, "\u0643": 0.3}
# Folded, so that no word of one list folds onto a word of the other (آن and أن both fold to ان).
PERSIAN_WORDS = frozenset(fold(w) for w in "است این را که می نمی های برای با از در شد شود".split())
ARABIC_WORDS = frozenset(fold(w) for w in "في من على إلى التي الذي أن عن هذا هذه كان مع قد".split())
ARTICLE = "\u0627\u0644"  # ال
WORD_WEIGHT = 3.0
SAMPLE_CHARS = 1500
ARABIC_SCRIPT_RUN = re.compile("[\u0600-\u06ff\ufb50-\ufeff]+")
LATIN_RUN = re.compile("[A-Za-z]+")
WORD_RE = re.compile(WORD)
DECISIVE_RATIO = 3.0
DECISIVE_MARGIN = 30.0
CACHE_SIZE = 1 << 16
FOLDED_WORDS: dict[str, str] = {}
ARTICLE_WEIGHT = 1.0


def _letter_scores(text: str) -> tuple[float, float]:
    fa = sum(text.count(ch) * weight for ch, weight in PERSIAN_LETTERS.items())
    ar = sum(text.count(ch) * weight for ch, weight in ARABIC_LETTERS.items())
    return fa, ar


def _folded(word: str) -> str:
    folded = FOLDED_WORDS.get(word)
    if folded is None:
        if len(FOLDED_WORDS) >= CACHE_SIZE:
            FOLDED_WORDS.clear()
        folded = FOLDED_WORDS[word] = fold(word)
    return folded


def detect(text: str) -> str:
    """"fa", "ar" or "other"; ties between Persian and Arabic go to Arabic."""
    text = text[:SAMPLE_CHARS]
    arabic_script = sum(map(len, ARABIC_SCRIPT_RUN.findall(text)))
    if arabic_script == 0 or arabic_script < sum(map(len, LATIN_RUN.findall(text))):
        return "other"
    fa, ar = _letter_scores(text)
    if max(fa, ar) >= DECISIVE_RATIO * min(fa, ar) + DECISIVE_MARGIN:
        return "fa" if fa > ar else "ar"
    for word in WORD_RE.findall(text):
        word = _folded(word)
        if word in PERSIAN_WORDS:
            fa += WORD_WEIGHT
        elif word in ARABIC_WORDS:
            ar += WORD_WEIGHT
        elif word.startswith(ARTICLE) and len(word) > 3:
            ar += ARTICLE_WEIGHT
    return "fa" if fa > ar else "ar"
