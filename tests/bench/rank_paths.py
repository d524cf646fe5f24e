"""Ranking paths: the same queries through the vectorised evaluator and the ranking collector, in one
process on one index, alternating which goes first.

The queries are those of `make bench-scale` (scale.py's sampler and seed), drawn from `--sample-index`
(the ×1 index, default: `--index`). Prints p50/p95/p99 of `run_search` on each path, the ratio of the
vectorised path to the collector, the same for the ranking pass alone (`rank`: matching, scoring, the
best items, proximity), the share of queries the evaluator took, and how many queries listed other hits
on the two paths (it should be none).

    .venv/bin/python tests/bench/rank_paths.py --index DIR [--sample-index X1_DIR] [--queries 500]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from scale import WARMUP_QUERIES, sample_queries
from search_latency import percentile

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from search_app.core.query import compile_query, parse_query  # noqa: E402
from search_app.core.facets import doc_values  # noqa: E402
from search_app.core.proximity import RERANK_DEPTH  # noqa: E402
from search_app.core.search import (SearcherHolder, _whole_query, parse_search, rank, run_search,  # noqa: E402
                                    searcher_gazetteer)
from search_app.core.vector_rank import supports  # noqa: E402

PATHS = {"collector": False, "vectorised": True}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--sample-index", type=Path)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=20261203)
    args = parser.parse_args()
    queries = sample_queries(args.sample_index or args.index, args.queries + WARMUP_QUERIES, random.Random(args.seed))
    searcher = SearcherHolder(args.index).acquire()
    gazetteer = searcher_gazetteer(searcher)
    times: dict[str, list[float]] = {name: [] for name in [*PATHS, *(f"{p} rank" for p in PATHS)]}
    differing = taken = 0
    for n, query in enumerate(queries):
        req = parse_search(query)
        compiled = compile_query(parse_query(req.q), mode=req.mode, expand=req.expand, gazetteer=gazetteer)
        whole = _whole_query(compiled, req)
        taken += whole is not None and supports(whole)
        order = list(PATHS) if n % 2 else list(reversed(PATHS))
        hits = {}
        for name in order:
            started = time.perf_counter()
            result = run_search(searcher, req, gazetteer=gazetteer, vectorised=PATHS[name])
            if n >= WARMUP_QUERIES:
                times[name].append((time.perf_counter() - started) * 1000)
            hits[name] = [(hit["id"], hit["score"]) for hit in result.hits], result.total
            started = time.perf_counter()
            rank(searcher, req, compiled, doc_values(searcher), max(req.page * req.size, RERANK_DEPTH),
                 vectorised=PATHS[name])
            if n >= WARMUP_QUERIES:
                times[f"{name} rank"].append((time.perf_counter() - started) * 1000)
        differing += hits["collector"] != hits["vectorised"]
    print(f"{args.queries} queries after {WARMUP_QUERIES} warm-up on {searcher.doc_count()} articles; "
          f"{taken / len(queries):.0%} taken by the evaluator; {differing} with other hits or totals")
    print(f"{'path':<18}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    figures = {name: [percentile(values, q) for q in (50, 95, 99)] for name, values in times.items()}
    for suffix in ("", " rank"):
        for name in PATHS:
            print(f"{name + suffix:<18}" + "".join(f"{v:>10.1f}" for v in figures[name + suffix]))
        ratios = [v / c for v, c in zip(figures["vectorised" + suffix], figures["collector" + suffix])]
        print(f"{'ratio' + suffix:<18}" + "".join(f"{r:>10.2f}" for r in ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main())
