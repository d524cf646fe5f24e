"""Export of a search's matching articles as CSV or JSON Lines, one row at a time.

Every matching article is exported (near-copies too, each with its group id), in the search's order,
up to EXPORT_LIMIT. Rows are generated as they are read from storage, so an export starts as soon as the
ranking pass ends and holds one stored document at a time.
"""
from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import orjson

from indexer.errors import FahrasError
from search_app.core.facets import doc_values
from search_app.core.query import compile_query, parse_query
from search_app.core.search import SearchRequest, rank

EXPORT_LIMIT = 10_000
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
COLUMNS = ("id", "title", "date", "source", "url", "lang", "entities", "group")
FORMULA_STARTS = ("=", "+", "-", "@")


def check_format(value: str) -> str:
    if value not in FORMATS:
        raise FahrasError("bad_parameter", f"format: {value[:40]!r} is not one of json, {', '.join(FORMATS)}.", 400)
    return value


def export_rows(searcher, req: SearchRequest, *, gazetteer, limit: int = EXPORT_LIMIT,
                time_limit: float | None = None, clock: Callable[[], float] = time.perf_counter) -> Iterator[dict]:
    """The matching articles in the search's order, at most `limit`, as export rows. The search runs
    now, under `time_limit` like any search, so a query that cannot run, or runs out of time, is an
    error before anything is sent (an export is never silently cut short); rows are read as asked for."""
    req = replace(req, collapse=False)
    compiled = compile_query(parse_query(req.q), mode=req.mode, expand=req.expand, gazetteer=gazetteer)
    deadline = clock() + time_limit if time_limit is not None else None
    ranked, timed_out = rank(searcher, req, compiled, doc_values(searcher), limit, deadline=deadline, clock=clock)
    if timed_out:
        raise FahrasError("export_timed_out", f"The search ran past its time limit of {time_limit:g} s, so "
                                              "it cannot be exported whole; narrow it with words or filters.", 400)
    return _rows(searcher, ranked.top[:limit])


def _rows(searcher, top: list[tuple]) -> Iterator[dict]:
    for item in top:
        stored = searcher.stored_fields(-item[3])
        entities = {(e["type"], e["id"]): None for e in stored.get("entities") or []}
        yield {
            "id": stored.get("id"), "title": stored.get("title") or "", "date": stored.get("date"),
            "source": stored.get("source"), "url": stored.get("url"), "lang": stored.get("lang"),
            "entities": [{"type": t, "id": i} for t, i in entities], "group": stored.get("near_group"),
        }


def encode(rows: Iterator[dict], fmt: str) -> Iterator[bytes]:
    """CSV (a header, then entities as `type:id` joined by spaces) or one JSON object per line."""
    if fmt == "jsonl":
        for row in rows:
            yield orjson.dumps(row) + b"\n"
        return
    yield from csv_lines([COLUMNS], ([*(row[c] for c in COLUMNS[:-2]), _entity_cell(row["entities"]), row["group"]]
                                     for row in rows))


def _cell(value) -> str:
    """A CSV cell; text a spreadsheet would run as a formula (=, +, -, @ first) is quoted with '."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_lines(*parts) -> Iterator[bytes]:
    """Rows of each iterable in `parts`, as UTF-8 CSV lines (a BOM first, so spreadsheets read it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff".encode()
    for rows in parts:
        for row in rows:
            writer.writerow([_cell(v) for v in row])
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()


def _entity_cell(entities: list[dict]) -> str:
    return " ".join(f"{e['type']}:{e['id']}" for e in entities)
