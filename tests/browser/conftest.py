"""A live Fahras server on a free port and Debian's headless Chromium driven by Playwright.

Each test gets its own copy of the sample corpus, index and lists database, so a test may re-index.
"""
from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from indexer.writer import run_index
from search_app import create_app
from search_app.settings import Settings

CHROMIUM = "/usr/bin/chromium"
TIME_LIMIT = 60.0  # generous: the first search of a process loads the gazetteer and analyzers
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@dataclass
class LiveSite:
    base_url: str
    corpus_dir: Path
    index_dir: Path

    def url(self, path: str) -> str:
        return self.base_url + path

    def reindex(self) -> None:
        summary = run_index(self.index_dir, [self.corpus_dir], rebuild=False, prune=False, delete_ids=[],
                            max_bytes=20_000_000, progress=False)
        assert summary.failed == []


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def site(tmp_path, sample_dir):
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(sample_dir, corpus_dir)
    live = LiveSite(base_url="", corpus_dir=corpus_dir, index_dir=tmp_path / "ix")
    live.reindex()
    app = create_app(Settings(index_dir=live.index_dir, data_dir=tmp_path / "data", query_time_limit=TIME_LIMIT))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    live.base_url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield live
    server.shutdown()
    thread.join()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    opened = context.new_page()
    yield opened
    context.close()
