"""The app factory, per-request state and `fahras serve`."""
import dataclasses
import shutil
import sqlite3

import orjson
import pytest
from click.testing import CliRunner
from flask import Flask

from indexer.errors import FahrasError
from indexer.writer import run_index
from search_app import create_app, serving
from search_app.web import state
from search_app.cli import main
from search_app.lists.store import DB_NAME
from search_app.settings import Settings


@pytest.fixture
def settings(seed_index, tmp_path):
    return Settings(index_dir=seed_index, data_dir=tmp_path / "data")


def test_create_app_registers_pages_and_api(settings):
    assert {"views", "api"} <= set(create_app(settings).blueprints)


def test_create_app_keeps_the_settings(settings):
    app = create_app(settings)
    with app.app_context():
        assert state.settings() is settings


def test_create_app_signs_sessions_with_the_configured_key(settings):
    app = create_app(dataclasses.replace(settings, secret_key="fahras-test-key"))
    assert app.secret_key == "fahras-test-key"


def test_create_app_without_a_key_makes_one(settings):
    assert len(create_app(settings).secret_key) == 64


def test_settings_read_the_secret_key_from_the_environment():
    assert Settings.from_env({"FAHRAS_SECRET_KEY": "s3cret"}).secret_key == "s3cret"


def test_create_app_prepares_the_lists_database(settings):
    create_app(settings)
    conn = sqlite3.connect(settings.data_dir / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1


def test_create_app_without_index_names_the_directory(tmp_path):
    with pytest.raises(FahrasError) as e:
        create_app(Settings(index_dir=tmp_path / "missing", data_dir=tmp_path / "data"))
    assert (e.value.code, str(tmp_path / "missing") in e.value.message) == ("index_missing", True)


def test_create_app_warms_up_with_one_search(settings, monkeypatch):
    searched = []
    monkeypatch.setattr(state, "run_search", lambda searcher, req, **kwargs: searched.append(req.q))
    create_app(settings)
    assert searched == [state.WARM_UP_QUERY]


def test_clock_is_injected(settings):
    app = create_app(settings, clock=lambda: 42)
    with app.app_context():
        assert state.list_store().create_list("فهرست")["created_at"] == 42


@pytest.mark.parametrize("accessor", [state.searcher, state.list_store], ids=["searcher", "list-store"])
def test_resource_is_opened_once_per_request(settings, accessor):
    with create_app(settings).test_request_context():
        assert accessor() is accessor()


def test_searcher_is_given_back_after_the_request(settings):
    app = create_app(settings)
    with app.app_context():
        first = state.searcher()
    with app.app_context():
        assert state.searcher() is first


def test_later_request_sees_newly_indexed_document(settings, seed_index, tmp_path):
    index_dir = tmp_path / "ix"
    shutil.copytree(seed_index, index_dir)
    app = create_app(dataclasses.replace(settings, index_dir=index_dir))
    with app.app_context():
        before = state.searcher().document(id="new-almaty")
    article = {"id": "new-almaty", "title": "اعتراض‌ها در آلماتی", "body": "معترضان در آلماتی.", "lang": "fa"}
    (tmp_path / "new.jsonl").write_bytes(orjson.dumps(article))
    run_index(index_dir, [tmp_path / "new.jsonl"], rebuild=False, prune=False, delete_ids=[],
              max_bytes=20_000_000, progress=False)
    with app.app_context():
        after = state.searcher().document(id="new-almaty")
    assert (before, after["title"]) == (None, article["title"])


def test_list_store_is_closed_after_the_request(settings):
    with create_app(settings).app_context():
        opened = state.list_store()
    with pytest.raises(sqlite3.ProgrammingError):
        opened.conn.execute("SELECT 1")


@pytest.fixture
def served(monkeypatch):
    """What `fahras serve` would run, without binding a socket."""
    calls = {}

    def fake_run(app, host=None, port=None, **kwargs):
        calls.update(app=app, host=host, port=port, **kwargs)

    monkeypatch.setattr(Flask, "run", fake_run)
    monkeypatch.setattr(serving, "serve_app", fake_run)
    for name in ("FAHRAS_HOST", "FAHRAS_PORT", "FAHRAS_DATA", "FAHRAS_INDEX", "FAHRAS_API_TOKEN",
                 "FAHRAS_QUERY_TIME_LIMIT"):
        monkeypatch.delenv(name, raising=False)
    return calls


def test_serve_binds_loopback_by_default(served, seed_index, tmp_path):
    result = CliRunner().invoke(main, ["serve", "--index", str(seed_index), "--data", str(tmp_path / "d")])
    assert (result.exit_code, served["host"], served["port"]) == (0, "127.0.0.1", 5000)


def test_serve_takes_host_port_and_data_flags(served, seed_index, tmp_path):
    args = ["serve", "--index", str(seed_index), "--data", str(tmp_path / "d"), "--host", "0.0.0.0", "--port", "8123"]
    result = CliRunner().invoke(main, args)
    with served["app"].app_context():
        data_dir = state.settings().data_dir
    assert (result.exit_code, served["host"], served["port"], data_dir) == (0, "0.0.0.0", 8123, tmp_path / "d")


def test_serve_reads_api_token_from_environment(served, seed_index, tmp_path, monkeypatch):
    monkeypatch.setenv("FAHRAS_API_TOKEN", "s3cret")
    CliRunner().invoke(main, ["serve", "--index", str(seed_index), "--data", str(tmp_path / "d")])
    with served["app"].app_context():
        assert state.settings().api_token == "s3cret"


def test_serve_without_index_is_a_clear_message(served, tmp_path):
    result = CliRunner().invoke(main, ["serve", "--index", str(tmp_path / "missing"), "--data", str(tmp_path / "d")])
    assert (result.exit_code, served) == (1, {})
    assert f"no Fahras index at {tmp_path / 'missing'}" in result.output


def test_serve_runs_waitress_with_threads(served, seed_index, tmp_path):
    args = ["serve", "--index", str(seed_index), "--data", str(tmp_path / "d"), "--threads", "8"]
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, served["threads"], "debug" in served) == (0, 8, False)


def test_serve_uses_the_development_server_only_with_debug(served, seed_index, tmp_path):
    args = ["serve", "--index", str(seed_index), "--data", str(tmp_path / "d"), "--debug"]
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, served.get("debug")) == (0, True)


def test_waitress_options_trust_only_the_named_proxy():
    options = serving.waitress_options("127.0.0.1", 5000, 4, "10.0.0.2")
    assert (options["trusted_proxy"], options["clear_untrusted_proxy_headers"]) == ("10.0.0.2", True)


@pytest.mark.parametrize("name, value", [("FAHRAS_PORT", "abc"), ("FAHRAS_PORT", "70000"),
                                         ("FAHRAS_QUERY_TIME_LIMIT", "abc"), ("FAHRAS_QUERY_TIME_LIMIT", "-1")],
                         ids=["port-word", "port-range", "limit-word", "limit-negative"])
def test_serve_with_a_bad_setting_names_it_in_one_line(served, seed_index, tmp_path, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["serve", "--index", str(seed_index), "--data", str(tmp_path / "d")])
    assert (result.exit_code, served, result.output.count("\n")) == (1, {}, 1)
    assert name in result.output and "Traceback" not in result.output


def test_serve_with_two_workers_answers_and_its_workers_die_with_it(seed_index, tmp_path):
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fahras = Path(sys.executable).with_name("fahras")
    server = subprocess.Popen([str(fahras), "serve", "--index", str(seed_index), "--data", str(tmp_path / "d"),
                               "--port", str(port), "--workers", "2"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline, body = time.monotonic() + 60, None
        while body is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/search?q=lang:fa", timeout=5) as r:
                    body = orjson.loads(r.read())
            except OSError:
                time.sleep(0.3)
        workers = [int(pid) for pid in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert (body["total"], len(workers), [p for p in workers if Path(f"/proc/{p}").exists()]) == (1, 1, [])
