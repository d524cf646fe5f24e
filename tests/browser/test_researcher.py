"""Near-copies grouped and expanded, the timeline's bars as date filters, and CSV export, in Chromium."""
from __future__ import annotations

import csv
import io
import json
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from indexer.store import get_document

pytestmark = pytest.mark.browser

KAZAKHSTAN_AR = "كازاخستان"
ARABIC_SEED_ID = "001_7bdcb4ea2c0200a6"
DATED = [
    ("dated-1", "2022-01-08", "أعلنت السلطات في كازاخستان انتهاء عملية مكافحة الإرهاب في ألماتي وبدء انسحاب القوات."),
    ("dated-2", "2022-01-12", "قال الرئيس توكاييف إن الوضع في كازاخستان بات مستقرا بعد أسبوع من الاضطرابات."),
    ("dated-3", "2022-01-12", "عادت خدمة الإنترنت إلى معظم مدن كازاخستان وفتحت المصارف أبوابها من جديد."),
]


def add_articles(site) -> None:
    """A reprint of an Arabic seed article, and short dated reports from three days."""
    original = get_document(site.index_dir, ARABIC_SEED_ID)
    records = [{"id": "reprint-1", "title": original["title"], "lang": "ar", "source": "reprints.example",
                "body": "نقلا عن وكالة الأنباء\n" + original["body"][:-200]}]
    records += [{"id": doc_id, "title": f"كازاخستان: تقرير {n}", "lang": "ar", "date": day, "body": body}
                for n, (doc_id, day, body) in enumerate(DATED, 1)]
    (site.corpus_dir / "added.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records),
                                                 encoding="utf-8")
    site.reindex()


def search(page, site, q: str) -> None:
    page.goto(site.url("/?ui=en"))
    page.get_by_test_id("search-input").fill(q)
    page.get_by_test_id("search-submit").click()


def test_a_reprint_is_one_result_that_expands_to_its_copy(page, site):
    add_articles(site)
    search(page, site, KAZAKHSTAN_AR)
    group = page.locator('[data-testid="result"]', has=page.get_by_test_id("similar"))
    expect(group).to_have_count(1)
    group.get_by_test_id("similar").locator("summary").click()
    expect(group.get_by_test_id("similar-article")).to_be_visible()
    shown = {group.get_attribute("data-id"), group.get_by_test_id("similar-article").get_attribute("data-id")}
    assert shown == {ARABIC_SEED_ID, "reprint-1"}


def test_a_timeline_bar_click_filters_to_its_day(page, site):
    add_articles(site)
    search(page, site, KAZAKHSTAN_AR)
    bar = page.locator('[data-testid="timeline-bar"][data-start="2022-01-12"]')
    expect(bar).to_have_attribute("data-count", "2")
    bar.locator("rect.hit-area").click()
    expect(page.get_by_test_id("result-count")).to_have_attribute("data-total", "2")
    ids = {r.get_attribute("data-id") for r in page.get_by_test_id("result").all()}
    assert ids == {"dated-2", "dated-3"}


def test_the_export_link_downloads_every_match_as_csv(page, site):
    add_articles(site)
    search(page, site, KAZAKHSTAN_AR)
    with page.expect_download() as info:
        page.get_by_test_id("export-csv").click()
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    with urllib.request.urlopen(site.url("/api/v1/search?size=100&collapse=0&q=" + urllib.parse.quote(KAZAKHSTAN_AR))) as r:
        expected = [h["id"] for h in json.load(r)["hits"]]
    assert [row["id"] for row in rows] == expected
