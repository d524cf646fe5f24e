"""Per-request resources on `g`, opened lazily and closed on teardown (flaskr's db.py pattern).

Views and the API reach everything through these accessors: `settings()`, `clock()`, `searcher()`,
`list_store()`.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, g

from search_app.lists.store import DB_NAME, ListStore
from search_app.core.search import SearcherHolder, parse_search, run_search
from search_app.settings import Settings


WARM_UP_QUERY = "خبر"  # each query word meets every language's analyzer, so both stemmers load


def epoch_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True)
class AppState:
    settings: Settings
    clock: Callable[[], int]
    searchers: SearcherHolder


def init_app(app: Flask, settings: Settings, *, clock: Callable[[], int] | None = None) -> None:
    searchers = SearcherHolder(settings.index_dir)  # FahrasError when there is no index
    ListStore(settings.data_dir / DB_NAME, clock=clock or epoch_ms).close()
    app.extensions["fahras"] = AppState(settings=settings, clock=clock or epoch_ms, searchers=searchers)
    app.teardown_appcontext(close_resources)


def app_state() -> AppState:
    return current_app.extensions["fahras"]


def settings() -> Settings:
    return app_state().settings


def clock() -> Callable[[], int]:
    return app_state().clock


def searcher():
    """A searcher of the newest index version, taken once per request and given back on teardown
    (Whoosh readers are not shared between threads; the holder keeps released ones for reuse)."""
    if "searcher" not in g:
        g.searcher = app_state().searchers.acquire()
    return g.searcher


def list_store() -> ListStore:
    if "list_store" not in g:
        g.list_store = ListStore(settings().data_dir / DB_NAME, clock=clock())
    return g.list_store


def close_resources(exc: BaseException | None = None) -> None:
    found = g.pop("searcher", None)
    if found is not None:
        app_state().searchers.release(found)
    store = g.pop("list_store", None)
    if store is not None:
        store.close()


def warm_up() -> None:
    """One search before the first request: loads the gazetteer, the stemmers' lexicons (seconds for
    Persian) and the facet arrays, so that the first person to search does not wait for them."""
    run_search(searcher(), parse_search({"q": WARM_UP_QUERY}))
