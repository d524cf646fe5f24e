"""ListStore: saved query lists in SQLite, their schema migrations, export and import."""
import sqlite3

import pytest

from indexer.errors import FahrasError
from search_app.lists.store import (
    DB_NAME,
    MIGRATIONS,
    ListStore,
    migrate,
    new_since,
    parse_import,
    parse_saved_query,
)

KAZAKHSTAN_FA = "قزاقستان"
KAZAKHSTAN_AR = "كازاخستان"
LIST_NAME = "اخبار آسیای میانه"


class FakeClock:
    def __init__(self, now: int = 1_000):
        self.now = now

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def store(tmp_path, clock):
    opened = ListStore(tmp_path / DB_NAME, clock=clock)
    yield opened
    opened.close()


def test_create_list_strips_name_and_stamps_clock(store):
    created = store.create_list(f"  {LIST_NAME} ")
    assert created == {"id": 1, "name": LIST_NAME, "created_at": 1_000, "queries": []}


@pytest.mark.parametrize("name", ["", "   ", None, 7, "x" * 201], ids=["empty", "blank", "null", "number", "too-long"])
def test_create_list_rejects_bad_name(store, name):
    with pytest.raises(FahrasError) as e:
        store.create_list(name)
    assert (e.value.code, e.value.status) == ("bad_parameter", 400)


def test_all_lists_counts_queries(store):
    first = store.create_list(LIST_NAME)
    store.create_list("الأخبار العربية")
    store.add_query(first["id"], KAZAKHSTAN_FA, {}, "relevance")
    assert [(row["name"], row["query_count"]) for row in store.all_lists()] == [
        (LIST_NAME, 1), ("الأخبار العربية", 0)
    ]


def test_rename_list(store):
    created = store.create_list(LIST_NAME)
    assert store.rename_list(created["id"], "الأخبار العربية")["name"] == "الأخبار العربية"


@pytest.mark.parametrize("action", ["get", "rename", "delete"])
def test_unknown_list_is_404(store, action):
    calls = {
        "get": lambda: store.get_list(99),
        "rename": lambda: store.rename_list(99, LIST_NAME),
        "delete": lambda: store.delete_list(99),
    }
    with pytest.raises(FahrasError) as e:
        calls[action]()
    assert (e.value.code, e.value.status) == ("not_found", 404)


@pytest.mark.parametrize("list_id", [2**63, -(2**63) - 1, 10**30], ids=["just-over", "just-under", "huge"])
def test_list_id_beyond_sqlite_integers_is_404(store, list_id):
    with pytest.raises(FahrasError) as e:
        store.get_list(list_id)
    assert (e.value.code, e.value.status) == ("not_found", 404)


def test_query_id_beyond_sqlite_integers_is_404(store):
    created = store.create_list(LIST_NAME)
    with pytest.raises(FahrasError) as e:
        store.get_query(created["id"], 2**63)
    assert (e.value.code, e.value.status) == ("not_found", 404)


def test_delete_list_deletes_its_queries(store):
    created = store.create_list(LIST_NAME)
    saved = store.add_query(created["id"], KAZAKHSTAN_FA, {}, "relevance")
    store.delete_list(created["id"])
    assert store.conn.execute("SELECT COUNT(*) FROM queries WHERE id = ?", (saved["id"],)).fetchone()[0] == 0


def test_add_query_keeps_filters_and_stamps_clock(store):
    created = store.create_list(LIST_NAME)
    saved = store.add_query(created["id"], KAZAKHSTAN_AR, {"lang": ["ar"], "person": ["tokayev"]}, "date")
    assert saved == {
        "id": 1, "list_id": created["id"], "q": KAZAKHSTAN_AR, "filters": {"lang": ["ar"], "person": ["tokayev"]},
        "sort": "date", "created_at": 1_000, "last_run_at": None,
    }


def test_query_of_another_list_is_404(store):
    first = store.create_list(LIST_NAME)
    second = store.create_list("الأخبار العربية")
    saved = store.add_query(first["id"], KAZAKHSTAN_FA, {}, "relevance")
    with pytest.raises(FahrasError) as e:
        store.get_query(second["id"], saved["id"])
    assert (e.value.code, e.value.status) == ("not_found", 404)


def test_update_query_replaces_fields(store):
    created = store.create_list(LIST_NAME)
    saved = store.add_query(created["id"], KAZAKHSTAN_FA, {}, "relevance")
    updated = store.update_query(created["id"], saved["id"], KAZAKHSTAN_AR, {"lang": ["ar"]}, "date")
    assert (updated["q"], updated["filters"], updated["sort"]) == (KAZAKHSTAN_AR, {"lang": ["ar"]}, "date")


def test_delete_query(store):
    created = store.create_list(LIST_NAME)
    saved = store.add_query(created["id"], KAZAKHSTAN_FA, {}, "relevance")
    store.delete_query(created["id"], saved["id"])
    assert store.get_list(created["id"])["queries"] == []


def test_new_since_is_save_time_before_first_run(store, clock):
    created = store.create_list(LIST_NAME)
    saved = store.add_query(created["id"], KAZAKHSTAN_FA, {}, "relevance")
    assert new_since(saved) == 1_000


def test_new_since_is_last_run_after_a_run(store, clock):
    created = store.create_list(LIST_NAME)
    saved = store.add_query(created["id"], KAZAKHSTAN_FA, {}, "relevance")
    store.mark_run(created["id"], saved["id"], 5_000)
    assert new_since(store.get_query(created["id"], saved["id"])) == 5_000


def test_store_is_in_wal_mode(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_records_schema_version(store):
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_migrate_runs_only_new_migrations_in_order(tmp_path):
    ran = []
    conn = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    migrate(conn, [lambda c: ran.append(1)])
    migrate(conn, [lambda c: ran.append(1), lambda c: ran.append(2), lambda c: ran.append(3)])
    assert (ran, conn.execute("PRAGMA user_version").fetchone()[0]) == ([1, 2, 3], 3)


def test_failed_migration_leaves_version_and_tables_unchanged(tmp_path):
    def broken(conn):
        conn.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("disk on fire")

    conn = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, [broken])
    tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert (conn.execute("PRAGMA user_version").fetchone()[0], tables) == (0, [])


def test_database_newer_than_code_is_refused(tmp_path, clock):
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(FahrasError) as e:
        ListStore(tmp_path / DB_NAME, clock=clock)
    assert e.value.code == "lists_too_new"


def test_unusable_data_dir_is_a_clear_error(tmp_path, clock):
    (tmp_path / "file").write_text("not a directory")
    with pytest.raises(FahrasError) as e:
        ListStore(tmp_path / "file" / DB_NAME, clock=clock)
    assert e.value.code == "data_dir_unusable"


def test_export_then_import_round_trips(store):
    created = store.create_list(LIST_NAME)
    store.add_query(created["id"], KAZAKHSTAN_FA, {"lang": ["fa"]}, "relevance")
    store.add_query(created["id"], KAZAKHSTAN_AR, {"place": ["kazakhstan"]}, "date")
    exported = store.export_list(created["id"])
    imported = store.import_list(*reversed(parse_import(exported)))
    assert store.export_list(imported["id"]) == exported


def test_import_writes_nothing_when_a_query_is_bad(store):
    document = {
        "format": "fahras-list", "version": 1, "name": LIST_NAME,
        "queries": [{"q": KAZAKHSTAN_FA}, {"q": KAZAKHSTAN_AR, "sort": "newest"}],
    }
    with pytest.raises(FahrasError) as e:
        parse_import(document)
    assert (e.value.message, store.all_lists()) == ("queries[1].sort: give 'relevance' or 'date'", [])


def test_import_rolls_back_when_the_write_fails(store):
    saved = [{"q": KAZAKHSTAN_FA, "filters": {}, "sort": "relevance"}, {"q": None, "filters": {}, "sort": "date"}]
    with pytest.raises(sqlite3.IntegrityError):
        store.import_list(saved, LIST_NAME)
    assert store.all_lists() == []


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "body: give an exported list object"),
        ({"format": "csv"}, "format: give 'fahras-list'"),
        ({"format": "fahras-list", "version": 9}, "version: this Fahras reads version 1"),
        ({"format": "fahras-list", "version": 1, "name": ""}, "name: give a non-empty string"),
        ({"format": "fahras-list", "version": 1, "name": LIST_NAME}, "queries: give a list"),
        ({"format": "fahras-list", "version": 1, "name": LIST_NAME, "queries": ["q"]}, "queries[0]: give an object"),
        (
            {"format": "fahras-list", "version": 1, "name": LIST_NAME, "queries": [{"q": "x", "page": 2}]},
            "queries[0].page: unknown field",
        ),
        (
            {"format": "fahras-list", "version": 1, "name": LIST_NAME,
             "queries": [{"q": "x", "filters": {"person": "tokayev"}}]},
            "queries[0].filters.person: give a list of non-empty strings",
        ),
    ],
    ids=["not-object", "format", "version", "name", "no-queries", "query-not-object", "unknown-field", "filter-type"],
)
def test_import_names_the_first_problem(document, message):
    with pytest.raises(FahrasError) as e:
        parse_import(document)
    assert (e.value.status, e.value.message) == (400, message)


def test_saved_query_defaults():
    assert parse_saved_query({"q": KAZAKHSTAN_FA}) == {"q": KAZAKHSTAN_FA, "filters": {}, "sort": "relevance"}


def test_saved_query_rejects_long_query():
    with pytest.raises(FahrasError) as e:
        parse_saved_query({"q": KAZAKHSTAN_FA * 200})
    assert (e.value.code, e.value.message) == ("query_too_long", "q: at most 1000 characters")


def test_partial_saved_query_keeps_other_fields():
    current = {"q": KAZAKHSTAN_FA, "filters": {"lang": ["fa"]}, "sort": "date"}
    assert parse_saved_query({"sort": "relevance"}, partial_of=current) == {**current, "sort": "relevance"}
