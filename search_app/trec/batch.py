"""Batch search: a TSV of queries in, a TREC run out.

Query text is plain words, never the query syntax, so ':' '(' '"' '*' '-' in a title are just characters.
The words are compiled and ranked by interactive search's own functions (`compile_query` in mode "any",
`search.rank`: BM25F, names expanded, the proximity re-ranking of the best documents), so a run
measures what users get. Lines are
ordered by (-score, docid) with scores rounded as printed, so a run repeats exactly and reads back in
its own order.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from whoosh.searching import Searcher

from indexer.errors import FahrasError
from indexer.store import open_index
from search_app.core import search
from search_app.core.facets import doc_values
from search_app.core.proximity import RERANK_DEPTH
from search_app.core.query import CompiledQuery, compile_query, plain_clauses
from search_app.core.search import WEIGHTING, SearchRequest, searcher_gazetteer

SCORE_DECIMALS = 6
PLAIN = SearchRequest(collapse=False, timeline=False)  # no filters, ranked by relevance, every copy listed


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


def compile_plain(text: str, gazetteer, schema) -> CompiledQuery:
    """A topic's query: its words, with no syntax, compiled as interactive search compiles them in
    mode "any" (names expanded through `gazetteer`), analyzed as `schema`'s text fields are."""
    return compile_query(plain_clauses(text), mode="any", gazetteer=gazetteer, schema=schema)


class DocIds:
    """docnum -> stored id, read lazily once per document for one searcher."""

    def __init__(self, searcher: Searcher):
        self._searcher = searcher
        self._ids: dict[int, str] = {}

    def __getitem__(self, docnum: int) -> str:
        if docnum not in self._ids:
            self._ids[docnum] = self._searcher.stored_fields(docnum)["id"]
        return self._ids[docnum]


def rank(searcher: Searcher, compiled: CompiledQuery, top: int, ids: DocIds) -> list[tuple[str, float]]:
    """The `top` best (docid, score) pairs of interactive search's ranking pass, by (-score, docid).

    Whoosh breaks score ties by docnum, which depends on how the index was built; so fetch past the cut
    (`top`, or RERANK_DEPTH if deeper) until the last fetched score is below the score at the cut, then
    order ties by docid.
    """
    cut = max(top, RERANK_DEPTH)
    limit = cut + 1
    values = doc_values(searcher)
    while True:
        scored = search.rank(searcher, PLAIN, compiled, values, limit)[0].top
        if len(scored) < limit or scored[-1][2] < scored[cut - 1][2]:
            break
        limit *= 2
    hits = [(ids[-neg], round(score, SCORE_DECIMALS)) for _, _, score, neg in scored]
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
        ids, gazetteer = DocIds(searcher), searcher_gazetteer(searcher)
        for q in queries:
            out.writelines(run_lines(q.qid, rank(searcher, compile_plain(q.text, gazetteer, ix.schema), top, ids), tag))
    return len(queries)
