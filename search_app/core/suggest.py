"""'Did you mean': each query word the index does not know is replaced by its nearest indexed word.

Nearest: an indexed term one edit away (Damerau-Levenshtein, same first letter), else for long terms
two edits away (same first two letters); among those, the one in most documents. Terms are folded and
stemmed, so the suggestion is the shortest spelling of that term in the first documents indexed under it.
"""
from __future__ import annotations

from itertools import islice

from analyzers.analysis import normalize, term_for
from analyzers.tokens import tokenize
from indexer.schema import LANGS, TEXT_KINDS, text_field
from search_app.core.query import Word, parse_query, query_terms

SEARCHES = ((1, 1), (2, 2))  # (edits, letters that must match at the start): one edit first
LONG_CHARS = 6  # two edits only for terms this long: on shorter ones they reach too many words
MIN_CHARS = 3
SAMPLE_DOCS = 3


def suggest(searcher, q: str) -> str | None:
    """The query with its unknown words corrected, or None when no word could be."""
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
    """The best correction of `word`: one edit away if any indexed word is, else (long words) two."""
    reader = searcher.reader()
    terms = {}
    for lang in LANGS:
        analyzed = query_terms(word, lang)
        if len(analyzed) != 1 or len(analyzed[0][1]) < MIN_CHARS:
            continue
        term = analyzed[0][1]
        if any(reader.doc_frequency(text_field(kind, lang), term) for kind in TEXT_KINDS):
            return None
        terms[lang] = {term, normalize(word)}  # unstemmed too: a name the stemmer keeps whole
    for edits, prefix in SEARCHES:
        candidates = [
            (found, text_field("body", lang), lang)  # titles are written with the words of bodies
            for lang, forms in terms.items() for term in forms if edits == 1 or len(term) >= LONG_CHARS
            for leaf, _ in reader.leaf_readers()
            for found in leaf.terms_within(text_field("body", lang), term, edits, prefix=prefix)
        ]
        if candidates:
            term, field, lang = max(candidates, key=lambda c: (reader.doc_frequency(c[1], c[0]), c[0]))
            return _written(searcher, term, field, lang)
    return None


def _written(searcher, term: str, field: str, lang: str) -> str:
    """The shortest spelling of `term` in the first documents indexed under it (the term if none)."""
    spellings = set()
    for docnum in islice(searcher.reader().postings(field, term).all_ids(), SAMPLE_DOCS):
        stored = searcher.stored_fields(docnum)
        for text in (stored.get("title") or "", stored.get("body") or ""):
            spellings.update(span.text for span in tokenize(text) if term_for(span.text, lang) == term)
    return min(spellings, key=lambda w: (len(w), w)) if spellings else term
