"""The terms each token of a text is indexed under, per language: fold, drop stopwords, stem.

Order (as Lucene's Persian analyzer): fold first, so stopwords are compared folded and stemmers see one
spelling; stemming last. Numbers lose thousands separators (1,000 and ۱٬۰۰۰ are both 1000). The terms
of each distinct surface form are computed once and cached: news vocabularies are Zipfian.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from analyzers import stem_ar, stem_fa
from analyzers.fold import fold
from analyzers.stopwords import is_stopword
from analyzers.tokens import tokenize

LANGS = ("fa", "ar", "other")
STEMMERS = {"fa": stem_fa.stem, "ar": stem_ar.stem}
GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


@dataclass
class AnalyzedToken:
    text: str
    start: int
    end: int
    terms: list[str] = field(default_factory=list)


def normalize(surface: str) -> str:
    """The folded form of a token, as a query-time prefix or wildcard is matched (no stemming)."""
    folded = fold(surface)
    if GROUPED_NUMBER.fullmatch(folded):
        return folded.replace(",", "")
    return folded


@lru_cache(maxsize=1 << 19)
def term_for(surface: str, lang: str) -> str | None:
    """The one term of a token, or None for a stopword or a token that folds to nothing."""
    folded = normalize(surface)
    if not folded or is_stopword(folded, lang):
        return None
    stemmer = STEMMERS.get(lang)
    return stemmer(folded) if stemmer else folded


def analyze(text: str, lang: str) -> list[AnalyzedToken]:
    """Every token of `text` with its offsets and terms (an empty list for a stopword)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    out = []
    for span in tokenize(text):
        term = term_for(span.text, lang)
        out.append(AnalyzedToken(span.text, span.start, span.end, [term] if term else []))
    return out
