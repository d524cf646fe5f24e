"""Saved query lists in SQLite: named lists of saved queries, each remembering when it was last run.

WAL mode, so readers never wait for the writer. The schema version is `PRAGMA user_version`; opening a
store runs the migrations it has not seen yet, in order, each in its own transaction.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson

from indexer.errors import FahrasError
from search_app.core.search import MAX_QUERY_CHARS, SORTS

DB_NAME = "lists.sqlite3"
EXPORT_FORMAT = "fahras-list"
EXPORT_VERSION = 1
MAX_NAME_CHARS = 200
MAX_QUERIES_PER_LIST = 500
LIST_FILTERS = ("person", "place", "org", "lang", "source")
TEXT_FILTERS = ("date_from", "date_to")
SWITCHES = ("mode", "expand")  # how the words combine and whether names expand: saved with the filters
SQLITE_MIN_INT, SQLITE_MAX_INT = -(2**63), 2**63 - 1


def create_tables(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE lists (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE queries ("
        " id INTEGER PRIMARY KEY,"
        " list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,"
        " q TEXT NOT NULL, filters TEXT NOT NULL, sort TEXT NOT NULL,"
        " created_at INTEGER NOT NULL, last_run_at INTEGER)"
    )
    conn.execute("CREATE INDEX queries_by_list ON queries(list_id, id)")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [create_tables]


def migrate(conn: sqlite3.Connection, migrations=MIGRATIONS) -> None:
    """Bring the database to `len(migrations)`; a newer database than this code knows is an error."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(migrations):
        raise FahrasError(
            "lists_too_new", f"saved lists database has schema {version}; this Fahras knows {len(migrations)}", 500
        )
    for number, migration in enumerate(migrations[version:], start=version + 1):
        with transaction(conn):
            migration(conn)
            conn.execute(f"PRAGMA user_version = {number}")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def invalid(field: str, message: str) -> FahrasError:
    return FahrasError("bad_parameter", f"{field}: {message}", 400)


def check_name(value, field: str = "name") -> str:
    if not isinstance(value, str) or not value.strip():
        raise invalid(field, "give a non-empty string")
    name = value.strip()
    if len(name) > MAX_NAME_CHARS:
        raise invalid(field, f"at most {MAX_NAME_CHARS} characters")
    return name


def check_query(value, field: str = "q") -> str:
    if not isinstance(value, str):
        raise invalid(field, "give a string")
    if len(value) > MAX_QUERY_CHARS:
        raise FahrasError("query_too_long", f"{field}: at most {MAX_QUERY_CHARS} characters", 400)
    return value


def check_sort(value, field: str = "sort") -> str:
    if value not in SORTS:
        raise invalid(field, "give 'relevance' or 'date'")
    return value


def check_filters(value, field: str = "filters") -> dict:
    """The shape of saved filters: the repeatable search parameters as lists of strings, the dates and
    the switches (mode, expand) as strings; the values themselves are checked by `parse_search`, by the caller."""
    if not isinstance(value, dict):
        raise invalid(field, "give an object")
    unknown = sorted(set(value) - set(LIST_FILTERS) - set(TEXT_FILTERS) - set(SWITCHES))
    if unknown:
        raise invalid(field, f"unknown filter {unknown[0]!r}")
    filters: dict = {}
    for key in LIST_FILTERS:
        ids = value.get(key, [])
        if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
            raise invalid(f"{field}.{key}", "give a list of non-empty strings")
        if ids:
            filters[key] = ids
    for key in TEXT_FILTERS + SWITCHES:
        text = value.get(key)
        if text is not None and not isinstance(text, str):
            raise invalid(f"{field}.{key}", "give a string")
        if text:
            filters[key] = text
    return filters


def storable(row_id: int) -> bool:
    """SQLite integers are 64-bit; a larger id (any digits reach the routes) names no row."""
    return SQLITE_MIN_INT <= row_id <= SQLITE_MAX_INT


def list_not_found(list_id: int) -> FahrasError:
    return FahrasError("not_found", f"no list with id {list_id}", 404)


def search_args(q: str, filters: dict, sort: str) -> dict:
    """A saved query as the arguments `parse_search` takes."""
    return {"q": q, "sort": sort, **filters}


class ListStore:
    """One connection to the lists database; open one per request or thread."""

    def __init__(self, path: str | Path, *, clock: Callable[[], int]):
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as e:
            raise FahrasError("data_dir_unusable", f"cannot open saved lists at {path}: {e}", 500) from e
        self.clock = clock
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 5000")
        migrate(self.conn)

    def close(self) -> None:
        self.conn.close()

    def all_lists(self) -> list[dict]:
        rows = self.conn.execute(
            "SELECT l.id, l.name, l.created_at, COUNT(q.id) AS query_count"
            " FROM lists l LEFT JOIN queries q ON q.list_id = l.id GROUP BY l.id ORDER BY l.id"
        )
        return [dict(row) for row in rows]

    def get_list(self, list_id: int) -> dict:
        """The list with its saved queries, oldest first."""
        if not storable(list_id):
            raise list_not_found(list_id)
        row = self.conn.execute("SELECT id, name, created_at FROM lists WHERE id = ?", (list_id,)).fetchone()
        if row is None:
            raise list_not_found(list_id)
        rows = self.conn.execute("SELECT * FROM queries WHERE list_id = ? ORDER BY id", (list_id,))
        return {**dict(row), "queries": [query_dict(r) for r in rows]}

    def create_list(self, name) -> dict:
        name = check_name(name)
        with transaction(self.conn):
            cursor = self.conn.execute(
                "INSERT INTO lists (name, created_at) VALUES (?, ?)", (name, self.clock())
            )
        return self.get_list(cursor.lastrowid)

    def rename_list(self, list_id: int, name) -> dict:
        name = check_name(name)
        self.get_list(list_id)
        with transaction(self.conn):
            self.conn.execute("UPDATE lists SET name = ? WHERE id = ?", (name, list_id))
        return self.get_list(list_id)

    def delete_list(self, list_id: int) -> None:
        self.get_list(list_id)
        with transaction(self.conn):
            self.conn.execute("DELETE FROM lists WHERE id = ?", (list_id,))

    def get_query(self, list_id: int, query_id: int) -> dict:
        self.get_list(list_id)
        row = None
        if storable(query_id):
            row = self.conn.execute(
                "SELECT * FROM queries WHERE list_id = ? AND id = ?", (list_id, query_id)
            ).fetchone()
        if row is None:
            raise FahrasError("not_found", f"no saved query {query_id} in list {list_id}", 404)
        return query_dict(row)

    def add_query(self, list_id: int, q: str, filters: dict, sort: str) -> dict:
        """Save a query; until its first run, what entered the index after this moment is new.
        FahrasError "list_full" when the list already holds MAX_QUERIES_PER_LIST queries."""
        self.get_list(list_id)
        with transaction(self.conn):
            count = self.conn.execute("SELECT COUNT(*) FROM queries WHERE list_id = ?", (list_id,)).fetchone()[0]
            if count >= MAX_QUERIES_PER_LIST:
                raise FahrasError("list_full", f"list {list_id} holds {count} queries, the most a list may hold; "
                                               f"delete one or start another list.", 400)
            cursor = self.conn.execute(
                "INSERT INTO queries (list_id, q, filters, sort, created_at) VALUES (?, ?, ?, ?, ?)",
                (list_id, q, orjson.dumps(filters).decode(), sort, self.clock()),
            )
        return self.get_query(list_id, cursor.lastrowid)

    def update_query(self, list_id: int, query_id: int, q: str, filters: dict, sort: str) -> dict:
        self.get_query(list_id, query_id)
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE queries SET q = ?, filters = ?, sort = ? WHERE list_id = ? AND id = ?",
                (q, orjson.dumps(filters).decode(), sort, list_id, query_id),
            )
        return self.get_query(list_id, query_id)

    def delete_query(self, list_id: int, query_id: int) -> None:
        self.get_query(list_id, query_id)
        with transaction(self.conn):
            self.conn.execute("DELETE FROM queries WHERE list_id = ? AND id = ?", (list_id, query_id))

    def mark_run(self, list_id: int, query_id: int, at: int) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE queries SET last_run_at = ? WHERE list_id = ? AND id = ?", (at, list_id, query_id)
            )

    def export_list(self, list_id: int) -> dict:
        found = self.get_list(list_id)
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "name": found["name"],
            "queries": [{"q": s["q"], "filters": s["filters"], "sort": s["sort"]} for s in found["queries"]],
        }

    def import_list(self, saved: list[dict], name: str) -> dict:
        """Write a validated import (`name`, saved queries) in one transaction: all of it or nothing."""
        now = self.clock()
        with transaction(self.conn):
            list_id = self.conn.execute(
                "INSERT INTO lists (name, created_at) VALUES (?, ?)", (name, now)
            ).lastrowid
            self.conn.executemany(
                "INSERT INTO queries (list_id, q, filters, sort, created_at) VALUES (?, ?, ?, ?, ?)",
                [(list_id, s["q"], orjson.dumps(s["filters"]).decode(), s["sort"], now) for s in saved],
            )
        return self.get_list(list_id)


def query_dict(row: sqlite3.Row) -> dict:
    return {
        "id": row["id"],
        "list_id": row["list_id"],
        "q": row["q"],
        "filters": orjson.loads(row["filters"]),
        "sort": row["sort"],
        "created_at": row["created_at"],
        "last_run_at": row["last_run_at"],
    }


def new_since(saved: dict) -> int:
    """Matches that entered the index after this moment are new: the last run, or else the save."""
    return saved["created_at"] if saved["last_run_at"] is None else saved["last_run_at"]


def parse_import(data) -> tuple[str, list[dict]]:
    """Check an export document field by field; the first problem names its path."""
    if not isinstance(data, dict):
        raise invalid("body", "give an exported list object")
    if data.get("format") != EXPORT_FORMAT:
        raise invalid("format", f"give {EXPORT_FORMAT!r}")
    if data.get("version") != EXPORT_VERSION:
        raise invalid("version", f"this Fahras reads version {EXPORT_VERSION}")
    name = check_name(data.get("name"))
    queries = data.get("queries")
    if not isinstance(queries, list):
        raise invalid("queries", "give a list")
    if len(queries) > MAX_QUERIES_PER_LIST:
        raise invalid("queries", f"at most {MAX_QUERIES_PER_LIST}")
    return name, [parse_saved_query(item, f"queries[{i}]") for i, item in enumerate(queries)]


def parse_saved_query(item, field: str = "body", partial_of: dict | None = None) -> dict:
    """`{"q", "filters", "sort"}` checked for shape; with `partial_of`, missing keys keep its values."""
    if not isinstance(item, dict):
        raise invalid(field, "give an object")
    unknown = sorted(set(item) - {"q", "filters", "sort"})
    if unknown:
        raise invalid(f"{prefix(field)}{unknown[0]}", "unknown field")
    base = partial_of or {"q": None, "filters": {}, "sort": "relevance"}
    return {
        "q": check_query(item.get("q", base["q"]), f"{prefix(field)}q"),
        "filters": check_filters(item.get("filters", base["filters"]), f"{prefix(field)}filters"),
        "sort": check_sort(item.get("sort", base["sort"]), f"{prefix(field)}sort"),
    }


def prefix(field: str) -> str:
    return "" if field == "body" else f"{field}."
