"""The terms each token of a text is indexed under, per language: fold, drop stopwords, stem.

Order (as Lucene's Persian analyzer): fold first, so stopwords are compared folded and stemmers see one
spelling; stemming last. Numbers lose thousands separators (1,000 and ۱٬۰۰۰ are both 1000).
Persian verbs written with their prefix apart (مي رود, older text) are also indexed as the joined
form (میرود) when hazm knows that form as a verb, so they meet می‌رود and میرود.
The term of each distinct surface form is computed once per language and kept in a dict: news
vocabularies are Zipfian, so after a few thousand documents nearly every token is a dict hit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from analyzers import stem_ar, stem_fa
from analyzers.fold import fold
from analyzers.stopwords import is_stopword
from analyzers.tokens import NBSP, spans

LANGS = ("fa", "ar", "other")
STEMMERS = {"fa": stem_fa.stem, "ar": stem_ar.stem}
GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
VERB_PREFIXES = frozenset({"\u0645\u06cc", "\u0646\u0645\u06cc"})  # می نمی, folded
CACHE_SIZE = 1 << 20
MISSING = object()
TERM_CACHES: dict[str, dict[str, str | None]] = {lang: {} for lang in LANGS}


@dataclass
class AnalyzedToken:
    text: str
    start: int
    end: int
    terms: list[str] = field(default_factory=list)


def normalize(surface: str) -> str:
    """The folded form of a token, as a query-time prefix or wildcard is matched (no stemming)."""
    folded = fold(surface)
    if " " in folded or NBSP in folded:  # an acronym and its number written apart: MI ۶ -> mi6
        folded = folded.replace(" ", "").replace(NBSP, "")
    if GROUPED_NUMBER.fullmatch(folded):
        return folded.replace(",", "")
    return folded


def _compute_term(surface: str, lang: str) -> str | None:
    folded = normalize(surface)
    if not folded or is_stopword(folded, lang):
        return None
    stemmer = STEMMERS.get(lang)
    return stemmer(folded) if stemmer else folded


def term_for(surface: str, lang: str) -> str | None:
    """The one term of a token, or None for a stopword or a token that folds to nothing."""
    cache = TERM_CACHES[lang]
    term = cache.get(surface, MISSING)
    if term is MISSING:
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        term = cache[surface] = _compute_term(surface, lang)
    return term


@lru_cache(maxsize=1 << 16)
def joined_term(prefix: str, surface: str, lang: str) -> str | None:
    """The term of a Persian verb whose prefix (می, نمی) was written as the token before it, if any."""
    if lang != "fa" or normalize(prefix) not in VERB_PREFIXES:
        return None
    joined = normalize(prefix) + normalize(surface)
    if not stem_fa.is_verb_form(joined):
        return None
    term = term_for(joined, lang)
    return term if term != term_for(surface, lang) else None


def analyze(text: str, lang: str) -> list[AnalyzedToken]:
    """Every token of `text` with its offsets and the terms it is indexed under.

    A stopword has no terms, and neither has a part of a ZWNJ compound whose term is the compound's.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    out = []
    previous = whole_term = None
    for word, start, end, _, is_part in spans(text):
        term = term_for(word, lang)
        terms = [term] if term else []
        if is_part:
            if term == whole_term:
                terms = []
        else:
            whole_term = term
            if previous is not None and (joined := joined_term(previous, word, lang)):
                terms.append(joined)
            previous = word if term is None else None  # as TermFilter: only a stopword prefix joins
        out.append(AnalyzedToken(word, start, end, terms))
    return out
