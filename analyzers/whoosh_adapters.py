"""Whoosh analyzers over the pure functions of this package (the only module that imports Whoosh).

`analyzer_for(lang)` is FahrasTokenizer | TermFilter(lang):
- index time: a ZWNJ compound yields the whole word, then those of its parts whose term differs
  from the whole's, at the same position: رسانه‌ها, رسانه ها and رسانهها all index رسانه, and
  پشت‌پرده indexes پشتپرده, پشت and پرده; a Persian verb written apart from its prefix (مي رود)
  yields its own term and the joined verb's, at one position;
- query time (mode="query"): the compound alone, and the joined verb alone, so one word gives one
  term and the query parser builds no phrase that documents written apart or together would miss;
- prefix, wildcard and range text (tokenize=False): the whole string folded, unstopped, unstemmed.
Positions are never renumbered after stopwords, so the parts of a compound keep sharing one.

Folding, stopwords and stemming run in one filter over one per-surface cache (analysis.term_for)
rather than three chained filters: indexing speed is a requirement and each filter is a generator
layer per token.
"""
from __future__ import annotations

from whoosh.analysis import Filter, Token, Tokenizer

from analyzers.analysis import LANGS, MISSING, STEMMERS, TERM_CACHES, joined_term, normalize, term_for
from analyzers.tokens import NBSP, PART_RE, TOKEN_RE, ZWJ, ZWNJ


class FahrasTokenizer(Tokenizer):
    """tokens.spans as Whoosh tokens, each saying whether it is a part of a compound (`is_part`).

    The loop of tokens.spans is repeated here rather than wrapped: one generator layer less per token.
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        tok = Token(positions, chars, removestops=removestops, mode=mode, whole=not tokenize, **kwargs)
        tok.boost, tok.stopped, tok.is_part = 1.0, False, False
        if not tokenize:
            tok.original = tok.text = value
            if positions:
                tok.pos = start_pos
            if chars:
                tok.startchar, tok.endchar = start_char, start_char + len(value)
            yield tok
            return
        query = mode == "query"
        pos = start_pos - 1
        for m in TOKEN_RE.finditer(value):
            tok.text = text = m[0]
            pos += 1
            if keeporiginal:
                tok.original = text
            if positions:
                tok.pos = pos
            if chars:
                tok.startchar, tok.endchar = start_char + m.start(), start_char + m.end()
            yield tok
            if query or not (ZWNJ in text or " " in text or ZWJ in text or NBSP in text):
                continue
            offset = start_char + m.start()
            tok.is_part = True
            for part in PART_RE.finditer(text):
                tok.text = part[0]
                if keeporiginal:
                    tok.original = tok.text
                if chars:
                    tok.startchar, tok.endchar = offset + part.start(), offset + part.end()
                yield tok
            tok.is_part = False


class TermFilter(Filter):
    """Fold, drop stopwords and stem (analysis.term_for) for `lang`; join Persian verb prefixes."""

    def __init__(self, lang: str):
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self.is_morph = lang in STEMMERS

    def __call__(self, tokens):
        lang = self.lang
        get = TERM_CACHES[lang].get
        joins = lang == "fa"
        whole_term = None  # term of the last whole token: a part with the same term adds nothing
        prefix = None  # surface of the previous whole token, when it was a stopword (می of مي رود)
        for tok in tokens:
            surface = tok.text
            if tok.whole:
                tok.text = normalize(surface)
                yield tok
                continue
            term = get(surface, MISSING)
            if term is MISSING:
                term = term_for(surface, lang)
            joined = None
            if tok.is_part:
                if term == whole_term:
                    continue
            else:
                whole_term = term
                if joins:
                    if prefix is not None:
                        joined = joined_term(prefix, surface, lang)
                    prefix = surface if term is None else None
            if joined:
                if tok.mode != "query" and term is not None:
                    tok.text = term
                    yield tok
                tok.text = joined
                yield tok
            elif term is not None:
                tok.text = term
                yield tok
            elif not tok.removestops:
                tok.stopped = True
                yield tok
                tok.stopped = False


def analyzer_for(lang: str):
    """The analyzer of the fields of `lang`: "fa", "ar", or "other" (folded, no stopwords or stemming)."""
    return FahrasTokenizer() | TermFilter(lang)
