"""Saved queries meet the index: run one (new matches first, then marked seen), or a whole list's digest.

"New" means entered the index (`added_at`) after the query was last run, or before its first run,
after it was saved. Shared by the JSON API and the HTML pages.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from indexer.errors import FahrasError
from search_app.core.facets import doc_values
from search_app.lists.store import ListStore, new_since, search_args
from search_app.core.search import SearchRequest, parse_search, run_search

DIGEST_SIZE = 10


def saved_request(saved: Mapping, overrides: Mapping | None = None, field: str = "") -> SearchRequest:
    """The search a saved query stands for; a FahrasError names `field` when the query cannot run."""
    args = {**search_args(saved["q"], saved["filters"], saved["sort"]), **(overrides or {})}
    try:
        return parse_search(args)
    except FahrasError as e:
        if not field:
            raise
        raise FahrasError(e.code, f"{field}: {e.message}", e.status) from e


def run_saved_query(searcher, store: ListStore, list_id: int, query_id: int, *,
                    overrides: Mapping | None = None, time_limit: float | None = None) -> dict:
    """The search body plus `new_count` and a `new` flag per hit, new hits first; then marks them seen.

    Seen means up to the newest `added_at` this searcher sees, not the clock: an indexing run stamps its
    documents when it starts, so documents it commits after this run are still new next time.
    """
    saved = store.get_query(list_id, query_id)
    since = new_since(saved)
    result = run_search(searcher, saved_request(saved, overrides), time_limit=time_limit, new_since=since)
    store.mark_run(list_id, query_id, max(since, newest_added_at(searcher)))
    return result.to_dict()


def newest_added_at(searcher) -> int:
    """When the newest document this searcher sees entered the index (epoch ms; 0 when empty)."""
    added_at = doc_values(searcher).added_at
    return int(added_at.max()) if len(added_at) else 0


def list_digest(searcher, store: ListStore, list_id: int, *, size: int = DIGEST_SIZE,
                time_limit: float | None = None, clock: Callable[[], float] = time.perf_counter) -> dict:
    """The morning digest: the list, and for each saved query its new count and top hits, new first.

    All the queries share one deadline, `time_limit` seconds (by `clock`) from the start: each runs with
    what is left, and a query cut short or never started is marked `unfinished` (its counts and hits
    partial or empty). Reading the digest marks nothing seen; only running a query does.
    """
    found = store.get_list(list_id)
    deadline = clock() + time_limit if time_limit is not None else None
    queries = []
    for saved in found["queries"]:
        req = saved_request(saved, {"size": str(size)})
        left = deadline - clock() if deadline is not None else None
        if left is not None and left <= 0:
            queries.append({**saved, "new_count": 0, "total": 0, "hits": [], "unfinished": True})
            continue
        result = run_search(searcher, req, time_limit=left, new_since=new_since(saved), clock=clock).to_dict()
        queries.append({**saved, "new_count": result["new_count"], "total": result["total"],
                        "hits": result["hits"], "unfinished": result["timed_out"]})
    return {**found, "queries": queries}
