"""'Did you mean': each query word the index does not know is replaced by its nearest indexed word.

Nearest: the indexed term with fewest edits (Damerau-Levenshtein, same first letter; one edit for short
terms, at most MAX_EDITS), then most documents. Terms are folded and stemmed, so the suggestion is the
shortest spelling of that term in the first documents indexed under it.
"""
from __future__ import annotations

from itertools import islice

from whoosh.support.levenshtein import damerau_levenshtein

from analyzers.analysis import term_for
from analyzers.tokens import tokenize
from indexer.schema import LANGS, TEXT_KINDS, text_field
from search_app.query import Word, parse_query, query_terms

MAX_EDITS = 2
SHORT_CHARS = 5  # terms this short get one edit: two would reach most short words
MIN_CHARS = 3
SAMPLE_DOCS = 3


def suggest(searcher, q: str) -> str | None:
    """The query with its unknown words corrected, or None when no word could be."""
    reader = searcher.reader()
    edits = []
    for clause in parse_query(q):
        if clause.excluded:
            continue
        for atom in clause.atoms:
            if isinstance(atom, Word):
                better = _nearest(searcher, atom.text)
                if better is not None:
                    edits.append((atom.start, atom.end, better))
    if not edits:
        return None
    out, last = [], 0
    for start, end, word in edits:
        out += [q[last:start], word]
        last = end
    return "".join(out) + q[last:]


def _nearest(searcher, word: str) -> str | None:
    reader = searcher.reader()
    candidates = []
    for lang in LANGS:
        terms = query_terms(word, lang)
        if len(terms) != 1 or len(terms[0][1]) < MIN_CHARS:
            continue
        term = terms[0][1]
        edits = 1 if len(term) <= SHORT_CHARS else MAX_EDITS
        if any(reader.doc_frequency(text_field(kind, lang), term) for kind in TEXT_KINDS):
            return None
        field = text_field("body", lang)  # titles are written with the words of bodies
        for leaf, _ in reader.leaf_readers():
            candidates.extend((damerau_levenshtein(term, found), found, field, lang)
                              for found in leaf.terms_within(field, term, edits, prefix=1))
    if not candidates:
        return None
    fewest = min(c[0] for c in candidates)
    _, term, field, lang = max((c for c in candidates if c[0] == fewest),
                               key=lambda c: (reader.doc_frequency(c[2], c[1]), c[1]))
    return _written(searcher, term, field, lang)


def _written(searcher, term: str, field: str, lang: str) -> str:
    """The shortest spelling of `term` in the first documents indexed under it (the term if none)."""
    spellings = set()
    for docnum in islice(searcher.reader().postings(field, term).all_ids(), SAMPLE_DOCS):
        stored = searcher.stored_fields(docnum)
        for text in (stored.get("title") or "", stored.get("body") or ""):
            spellings.update(span.text for span in tokenize(text) if term_for(span.text, lang) == term)
    return min(spellings, key=lambda w: (len(w), w)) if spellings else term
