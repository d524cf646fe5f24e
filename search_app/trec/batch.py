"""Batch search: a TSV of queries in, a TREC run out.

Query text is plain words: it goes through each text field's own analyzer (as documents did) and never
through Whoosh's query parser, so ':' '(' '"' '*' '-' in a title are just characters. The terms of all
language fields are ORed and ranked as interactive search ranks (BM25F, titles weighted above bodies,
then the proximity re-ranking of the best documents), so a run measures what users get. Lines are
ordered by (-score, docid) with scores rounded as printed, so a run repeats exactly and reads back in
its own order.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.query import NullQuery, Or, Query, Term
from whoosh.searching import Searcher

from indexer.errors import FahrasError
from indexer.schema import LANGS, TEXT_KINDS, text_field
from indexer.store import open_index
from search_app.core.proximity import RERANK_DEPTH, Proximity
from search_app.core.search import WEIGHTING
from search_app.core.vector_rank import evaluate

SCORE_DECIMALS = 6


@dataclass(frozen=True)
class BatchQuery:
    qid: str
    text: str


def read_queries(path: Path) -> list[BatchQuery]:
    """`qid<TAB>query` lines; blank lines are skipped, any other malformed line is a FahrasError."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise FahrasError("unreadable_queries", f"cannot read queries file {path}: {e}") from e
    queries, seen = [], set()
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        qid, tab, query = line.partition("\t")
        where = f"{path}:{lineno}"
        if not tab:
            raise FahrasError("bad_queries", f"{where}: expected 'qid<TAB>query', found no tab")
        if not qid or any(c.isspace() for c in qid):
            raise FahrasError("bad_queries", f"{where}: query id {qid!r} is empty or has spaces")
        if not query.strip():
            raise FahrasError("bad_queries", f"{where}: query {qid} is empty")
        if qid in seen:
            raise FahrasError("bad_queries", f"{where}: query id {qid} appears twice")
        seen.add(qid)
        queries.append(BatchQuery(qid, query))
    return queries


def field_terms(schema, text: str) -> dict[str, list[str]]:
    """The analyzed terms of `text`, in order and once each, per language title and body field of `schema`."""
    return {name: list(dict.fromkeys(schema[name].process_text(text, mode="query")))
            for lang in LANGS for kind in TEXT_KINDS if (name := text_field(kind, lang)) in schema}


def build_query(terms: dict[str, list[str]]) -> Query:
    """OR of every term of every field."""
    clauses = [Term(name, term) for name, words in terms.items() for term in words]
    return Or(clauses) if clauses else NullQuery


class DocIds:
    """docnum -> stored id, read lazily once per document for one searcher."""

    def __init__(self, searcher: Searcher):
        self._searcher = searcher
        self._ids: dict[int, str] = {}

    def __getitem__(self, docnum: int) -> str:
        if docnum not in self._ids:
            self._ids[docnum] = self._searcher.stored_fields(docnum)["id"]
        return self._ids[docnum]


def rank(searcher: Searcher, terms: dict[str, list[str]], top: int, ids: DocIds) -> list[tuple[str, float]]:
    """The `top` best (docid, score) pairs by (-score, docid).

    Every match is scored by the vectorised evaluator, as interactive search scores it. The best
    RERANK_DEPTH, with any documents tied with the last of them, gain their proximity bonus; the
    documents kept are those down to the score at the cut (`top`, or RERANK_DEPTH if deeper), and any
    whose printed score may tie with it; then ties are ordered by docid.
    """
    proximity = Proximity(terms)
    docnums, scores, _ = evaluate(searcher, build_query(terms), weighting=WEIGHTING,
                                  needs_current=bool(proximity.pairs))
    order = np.lexsort((docnums, -scores))
    cut = max(top, RERANK_DEPTH)
    if len(order) > cut:
        order = order[scores[order] >= scores[order[cut - 1]] - 10 ** -SCORE_DECIMALS]
    if not len(order):
        return []
    floor = scores[order[min(RERANK_DEPTH, len(order)) - 1]]
    bonus = proximity.bonuses(searcher, WEIGHTING, docnums[order][scores[order] >= floor].tolist())
    hits = [(ids[docnum], round(score + bonus.get(docnum, 0.0), SCORE_DECIMALS))
            for docnum, score in zip(docnums[order].tolist(), scores[order].tolist())]
    return sorted(hits, key=lambda hit: (-hit[1], hit[0]))[:top]


def run_lines(qid: str, hits: list[tuple[str, float]], tag: str) -> list[str]:
    return [f"{qid} Q0 {docid} {n} {score:.{SCORE_DECIMALS}f} {tag}\n" for n, (docid, score) in enumerate(hits, 1)]


def run_batch(index_dir: Path, queries_path: Path, run_path: Path, *, top: int = 100, tag: str = "fahras") -> int:
    """Search every query of `queries_path` in one searcher and write the TREC run; returns the query count."""
    if not tag or any(c.isspace() for c in tag):
        raise FahrasError("bad_tag", f"run tag {tag!r} must be one word")
    queries = read_queries(queries_path)
    ix = open_index(index_dir)
    try:
        out = open(run_path, "w", encoding="utf-8")
    except OSError as e:
        raise FahrasError("unwritable_run", f"cannot write run file {run_path}: {e}") from e
    with out, ix.searcher(weighting=WEIGHTING) as searcher:
        ids = DocIds(searcher)
        for q in queries:
            out.writelines(run_lines(q.qid, rank(searcher, field_terms(ix.schema, q.text), top, ids), tag))
    return len(queries)
