"""'Did you mean': each query word the index does not know is replaced by its nearest indexed word.

Nearest: the indexed term with fewest edits (Damerau-Levenshtein, at most MAX_EDITS, same first letter),
then most documents; terms are folded and stemmed, so the suggestion is the term as a document writes it.
"""
from __future__ import annotations

from whoosh.support.levenshtein import damerau_levenshtein

from analyzers.analysis import term_for
from analyzers.tokens import tokenize
from indexer.schema import LANGS, TEXT_KINDS, text_field
from search_app.query import Word, parse_query, query_terms

MAX_EDITS = 2


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
        if len(terms) != 1:
            continue
        term = terms[0][1]
        for kind in TEXT_KINDS:
            field = text_field(kind, lang)
            if reader.doc_frequency(field, term):
                return None
            for leaf, _ in reader.leaf_readers():
                for found in leaf.terms_within(field, term, MAX_EDITS, prefix=1):
                    rank = (damerau_levenshtein(term, found), -reader.doc_frequency(field, found))
                    candidates.append((rank, found, field, lang))
    if not candidates:
        return None
    _, term, field, lang = min(candidates)
    return _written(searcher, term, field, lang)


def _written(searcher, term: str, field: str, lang: str) -> str:
    """The first spelling of `term` in the first document indexed under it (the term itself if none)."""
    docnum = next(iter(searcher.reader().postings(field, term).all_ids()))
    stored = searcher.stored_fields(docnum)
    for text in (stored.get("title") or "", stored.get("body") or ""):
        for span in tokenize(text):
            if term_for(span.text, lang) == term:
                return span.text
    return term
