"""The vectorised evaluator: a Whoosh query tree evaluated over whole posting lists with numpy.

It computes what Whoosh's matchers compute, match by match, for the same tree: the same documents and,
up to the order of additions, the same scores. A term's scores come from the scorer the weighting
model gives Whoosh (its `_score(weight, length)` applied to arrays, so every parameter is the model's),
over the term's postings (`core.postings`) and field lengths (`core.lengths`). Or sums the scores of
its parts and And sums them over the documents every part matches; AndNot (`query.Excluding`) keeps
the documents of its positive part that its negative part does not match; boosts multiply. Whoosh's own choices are followed
where they change results: an Or of one part is that part (its boost dropped), a prefix or range
expands per segment and its terms are scored by the searcher's default weighting (constant-score
queries leave the weighting unset), and on a small segment an Or of three or more parts, unless the
current match is needed, pre-loads its scores and keeps only documents scoring above zero (a term of
boost 0, such as an entity tag, adds no document there) but the first of each window it reads, or
counts 1 for each when unscored.
A phrase (a name of several words, often) is read from its own Whoosh matcher, match by match: it
matches few documents, and only those are visited.

`supports` decides which trees are evaluated here; any other (a coordination scale, a query type not
named there) is left to the collector.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from whoosh import query as wq
from whoosh.scoring import WeightLengthScorer, WeightScorer
from whoosh.searching import SearchContext, TimeLimit

from search_app.core.lengths import field_lengths
from search_app.core.postings import deleted_mask, term_postings
from search_app.core.query import Excluding

PRELOAD_DOC_LIMIT = 5000  # whoosh.query.compound.Or._matcher: up to this many documents, Or may pre-load
PRELOAD_WINDOW = 2048  # whoosh.matching.ArrayUnionMatcher's partsize


class Unsupported(Exception):
    """A scorer the evaluator cannot apply to arrays."""


@dataclass(frozen=True)
class _Matches:
    docnums: np.ndarray  # int64, ascending, within the segment
    scores: np.ndarray  # float64


_NONE = _Matches(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


@dataclass(frozen=True)
class _Context:
    leaf: object  # the atomic searcher of one segment
    weighting: object | None  # None: constant-score terms, scored by the leaf's default weighting
    needs_current: bool
    scored: bool  # False for an excluded part: only its documents count


def supports(q: wq.Query) -> bool:
    """Whether the evaluator handles every node of `q`."""
    if q is wq.NullQuery:
        return True
    kind = type(q)
    if kind is wq.Term or kind is wq.Phrase:
        return True
    if kind is wq.Or:
        return not q.scale and q.matcher_type == wq.Or.AUTO_MATCHER and all(map(supports, q.subqueries))
    if kind is wq.And:
        return all(map(supports, q.subqueries))
    if kind is Excluding:
        return supports(q.a) and supports(q.b)
    if isinstance(q, wq.MultiTerm):
        return kind.matcher is wq.MultiTerm.matcher
    return False


def evaluate(searcher, q: wq.Query, *, weighting, needs_current: bool = False,
             check: Callable[[], None] = lambda: None) -> tuple[np.ndarray, np.ndarray, bool]:
    """Every document `q` matches in `searcher` (top-level docnums, ascending) with its score, and
    whether `check`, called before each segment, raised TimeLimit (the segments evaluated before it
    are kept). `q` must be one that
    `supports` accepts; Unsupported when a scorer is not one the evaluator can apply."""
    docnums, scores = [], []
    timed_out = False
    for leaf, offset in searcher.leaf_searchers():
        try:
            check()
        except TimeLimit:
            timed_out = True
            break
        found = _evaluate(q, _Context(leaf, weighting, needs_current, True))
        deleted = deleted_mask(leaf.reader())
        if deleted is not None:
            kept = ~deleted[found.docnums]
            found = _Matches(found.docnums[kept], found.scores[kept])
        docnums.append(found.docnums + offset)
        scores.append(found.scores)
    if not docnums:
        return _NONE.docnums, _NONE.scores, timed_out
    return np.concatenate(docnums), np.concatenate(scores), timed_out


def _evaluate(q: wq.Query, context: _Context) -> _Matches:
    if q is wq.NullQuery:
        return _NONE
    kind = type(q)
    if kind is wq.Term:
        return _term(q.fieldname, q.text, q.boost, context)
    if kind is wq.Or:
        return _compound(q, context, _union)
    if kind is wq.And:
        return _compound(q, context, _intersection)
    if kind is Excluding:
        return _difference(q, context)
    if kind is wq.Phrase:
        return _phrase(q, context)
    return _expansion(q, context)


def _term(fieldname: str, text, boost: float, context: _Context) -> _Matches:
    leaf = context.leaf
    if fieldname not in leaf.schema:
        return _NONE
    try:
        btext = text if isinstance(text, bytes) else leaf.schema[fieldname].to_bytes(text)
    except ValueError:
        return _NONE
    reader = leaf.reader()
    postings = term_postings(reader, fieldname, btext)
    if not len(postings.docnums):
        return _NONE
    if not context.scored:
        return _Matches(postings.docnums, np.ones(len(postings.docnums)))
    scorer = (context.weighting or leaf.weighting).scorer(leaf, fieldname, btext)
    if isinstance(scorer, WeightLengthScorer) and type(scorer).score is WeightLengthScorer.score:
        scores = scorer._score(postings.weights, field_lengths(reader, fieldname, postings.docnums))
    elif type(scorer) is WeightScorer:
        scores = postings.weights
    else:
        raise Unsupported(f"{type(scorer).__name__} scores one match at a time")
    return _Matches(postings.docnums, scores * boost if boost != 1.0 else np.asarray(scores, dtype=np.float64))


def _compound(q: wq.Or | wq.And, context: _Context, combine: Callable) -> _Matches:
    """Nothing without parts; the one part alone (its boost dropped, as Whoosh does); else `combine`."""
    subs = q.subqueries
    if not subs:
        return _NONE
    if len(subs) == 1:
        return _evaluate(subs[0], context)
    return combine(q, [_evaluate(sub, context) for sub in subs], context)


def _union(q: wq.Or, parts: list[_Matches], context: _Context) -> _Matches:
    subs = q.subqueries
    docnums, where = np.unique(np.concatenate([p.docnums for p in parts]), return_inverse=True)
    scores = np.bincount(where, weights=np.concatenate([p.scores for p in parts]), minlength=len(docnums))
    preloaded = not (len(subs) < wq.Or.TOO_MANY_CLAUSES and (
        context.needs_current or len(subs) == 2 or context.leaf.doc_count_all() > PRELOAD_DOC_LIMIT))
    if preloaded and context.weighting is None:
        return _Matches(docnums, np.ones(len(docnums)))
    if q.boost != 1.0:
        scores = scores * q.boost
    if preloaded:
        kept = scores > 0
        kept[_window_starts(docnums)] = True
        return _Matches(docnums[kept], scores[kept])
    return _Matches(docnums, scores)


def _window_starts(docnums: np.ndarray) -> list[int]:
    """Where Whoosh's pre-loading Or (`ArrayUnionMatcher`) starts each window of PRELOAD_WINDOW docnums
    it reads: at the first document left, which it gives whatever its score, zero included. (Read in
    order, as the collector reads it; a parent that skips ahead moves the windows.)"""
    starts, i = [], 0
    while i < len(docnums):
        starts.append(i)
        i = int(np.searchsorted(docnums, docnums[i] + PRELOAD_WINDOW))
    return starts


def _intersection(q: wq.And, parts: list[_Matches], context: _Context) -> _Matches:
    parts = sorted(parts, key=lambda p: len(p.docnums))
    docnums, scores = parts[0].docnums, parts[0].scores
    for part in parts[1:]:
        at, found = _find(part.docnums, docnums)
        docnums, scores = docnums[found], scores[found] + part.scores[at[found]]
    return _Matches(docnums, scores * q.boost if q.boost != 1.0 else scores)


def _difference(q: Excluding, context: _Context) -> _Matches:
    positive = _evaluate(q.a, context)
    if not len(positive.docnums):
        return positive
    negative = _evaluate(q.b, replace(context, weighting=None, needs_current=False, scored=False))
    kept = ~_find(negative.docnums, positive.docnums)[1]
    return _Matches(positive.docnums[kept], positive.scores[kept])


def _find(haystack: np.ndarray, needles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of `needles` is in the sorted `haystack`, and whether it is there."""
    at = np.minimum(np.searchsorted(haystack, needles), max(len(haystack) - 1, 0))
    found = haystack[at] == needles if len(haystack) else np.zeros(len(needles), dtype=bool)
    return at, found


def _phrase(q: wq.Phrase, context: _Context) -> _Matches:
    matcher = q.matcher(context.leaf, SearchContext(weighting=context.weighting,
                                                    needs_current=context.needs_current))
    docnums, scores = [], []
    while matcher.is_active():
        docnums.append(matcher.id())
        scores.append(matcher.score() if context.scored else 1.0)
        matcher.next()
    return _Matches(np.asarray(docnums, dtype=np.int64), np.asarray(scores, dtype=np.float64))


def _expansion(q: wq.MultiTerm, context: _Context) -> _Matches:
    """A prefix, range or pattern: the union of the index terms it stands for in this segment."""
    words = [word for word in q._btexts(context.leaf.reader()) if word]
    if not words:
        return _NONE
    if len(words) == 1:
        return _term(q.field(), words[0], 1.0, context)
    if q.constantscore:
        context = replace(context, weighting=None)
    return _compound(wq.Or([wq.Term(q.field(), word) for word in words], boost=q.boost), context, _union)
