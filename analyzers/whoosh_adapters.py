"""Whoosh analyzers over the pure functions of this package (the only module that imports Whoosh).

`analyzer_for(lang)` is FahrasTokenizer | FoldFilter | StopwordFilter(lang) | StemFilter(lang):
- index time: a ZWNJ compound yields the whole word, then its parts at the same position, so
  رسانه‌ها (whole: رسانهها), رسانه ها and رسانهها all index the term of رسانهها;
- query time (mode="query"): the compound alone, so one word gives one term and the query parser
  builds no phrase that documents written apart or together would miss;
- prefix, wildcard and range text (tokenize=False): the whole string folded, unstopped, unstemmed.
Positions are never renumbered after stopwords, so the parts of a compound keep sharing one.
"""
from __future__ import annotations

from whoosh.analysis import Filter, Token, Tokenizer

from analyzers import stem_ar, stem_fa
from analyzers.analysis import normalize
from analyzers.stopwords import FOLDED
from analyzers.tokens import tokenize as spans_of

STEMMERS = {"fa": stem_fa.stem, "ar": stem_ar.stem}


class FahrasTokenizer(Tokenizer):
    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        tok = Token(positions, chars, removestops=removestops, mode=mode, whole=not tokenize, **kwargs)
        if not tokenize:
            tok.original = tok.text = value
            tok.boost, tok.stopped = 1.0, False
            if positions:
                tok.pos = start_pos
            if chars:
                tok.startchar, tok.endchar = start_char, start_char + len(value)
            yield tok
            return
        query = mode == "query"
        last_pos = -1
        for span in spans_of(value):
            if span.pos == last_pos and query:
                continue
            last_pos = span.pos
            tok.text, tok.boost, tok.stopped = span.text, 1.0, False
            if keeporiginal:
                tok.original = span.text
            if positions:
                tok.pos = start_pos + span.pos
            if chars:
                tok.startchar, tok.endchar = start_char + span.start, start_char + span.end
            yield tok


class FoldFilter(Filter):
    """Folds each token (fold.py) and drops the ones that fold to nothing, such as a lone tatweel."""

    def __call__(self, tokens):
        for tok in tokens:
            text = normalize(tok.text)
            if text:
                tok.text = text
                yield tok


class StopwordFilter(Filter):
    """Drops folded stopwords of `lang`, without renumbering positions."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, tokens):
        stops = FOLDED[self.lang]
        for tok in tokens:
            if tok.text not in stops or tok.whole:
                yield tok
            elif not tok.removestops:
                tok.stopped = True
                yield tok


class StemFilter(Filter):
    """Stems each folded token with stem_fa or stem_ar; whole (prefix, wildcard) text stays as is."""

    is_morph = True

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, tokens):
        stem = STEMMERS[self.lang]
        for tok in tokens:
            if not tok.whole:
                tok.text = stem(tok.text)
            yield tok


def analyzer_for(lang: str):
    """The analyzer of the fields of `lang` ("fa", "ar" or "other": fold only)."""
    if lang == "other":
        return FahrasTokenizer() | FoldFilter()
    if lang not in STEMMERS:
        raise ValueError(f"unknown language {lang!r}")
    return FahrasTokenizer() | FoldFilter() | StopwordFilter(lang) | StemFilter(lang)
