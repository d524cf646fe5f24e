"""Tell Persian from Arabic (and both from anything else) by letters and function words.

Letters that only Persian writes (پ چ ژ گ, and ک ی) count for Persian; teh marbuta, alef maksura and
alef with hamza count for Arabic, as do Arabic yeh and kaf, though weakly: older Persian text writes
them too. A function word of either language counts more than a letter, and the Arabic article ال
counts for Arabic. Only the first SAMPLE_CHARS characters are read. Text with fewer Arabic-script letters than Latin ones is "other".
"""
from __future__ import annotations

from analyzers.fold import fold
from analyzers.tokens import tokenize

PERSIAN_LETTERS = {"\u067e": 3.0, "\u0686": 3.0, "\u0698": 3.0, "\u06af": 3.0, "\u06a9": 1.0, "\u06cc": 1.0,
                   "\u06c0": 1.0}
ARABIC_LETTERS = {"\u0629": 2.0, "\u0649": 2.0, "\u0625": 1.5, "\u0623": 1.0, "\u0624": 1.0,
                  "\u064a": 0.3, "\u0643": 0.3}
# Folded, so that no word of one list folds onto a word of the other (آن and أن both fold to ان).
PERSIAN_WORDS = frozenset(fold(w) for w in "است این را که می نمی های برای با از در شد شود".split())
ARABIC_WORDS = frozenset(fold(w) for w in "في من على إلى التي الذي أن عن هذا هذه كان مع قد".split())
ARTICLE = "\u0627\u0644"  # ال
WORD_WEIGHT = 3.0
SAMPLE_CHARS = 5000
ARTICLE_WEIGHT = 1.0


def _letter_counts(text: str) -> tuple[float, float, int, int]:
    fa = ar = 0.0
    arabic_script = latin = 0
    for ch in text:
        if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
            arabic_script += 1
            fa += PERSIAN_LETTERS.get(ch, 0.0)
            ar += ARABIC_LETTERS.get(ch, 0.0)
        elif ch.isalpha() and ch.isascii():
            latin += 1
    return fa, ar, arabic_script, latin


def detect(text: str) -> str:
    """"fa", "ar" or "other"; ties between Persian and Arabic go to Arabic."""
    text = text[:SAMPLE_CHARS]
    fa, ar, arabic_script, latin = _letter_counts(text)
    if arabic_script == 0 or arabic_script < latin:
        return "other"
    for span in tokenize(text):
        word = fold(span.text)
        if word in PERSIAN_WORDS:
            fa += WORD_WEIGHT
        elif word in ARABIC_WORDS:
            ar += WORD_WEIGHT
        elif word.startswith(ARTICLE) and len(word) > 3:
            ar += ARTICLE_WEIGHT
    return "fa" if fa > ar else "ar"
