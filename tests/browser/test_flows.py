"""The main flows in a real headless Chromium: search, narrow, read, save, and see what is new."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

KAZAKHSTAN_AR = "كازاخستان"
KAZAKHSTAN_FA = "قزاقستان"
NEW_ARTICLE = """كازاخستان تعلن انتهاء عملية مكافحة الإرهاب

أعلنت السلطات في كازاخستان انتهاء عملية مكافحة الإرهاب في ألماتي، وبدء انسحاب قوات منظمة معاهدة الأمن الجماعي من البلاد.
وقال الرئيس توكاييف إن الوضع في كازاخستان بات مستقرا.
"""


def search(page, site, q: str, ui: str = "en") -> None:
    page.goto(site.url(f"/?ui={ui}"))
    page.get_by_test_id("search-input").fill(q)
    page.get_by_test_id("search-submit").click()


def test_search_lists_the_matching_articles(page, site):
    search(page, site, KAZAKHSTAN_AR)
    expect(page.get_by_test_id("result")).to_have_count(5)


def test_facet_click_narrows_results_and_shows_a_chip(page, site):
    search(page, site, KAZAKHSTAN_FA)
    page.locator('[data-testid="facet-value"][data-facet="lang"][data-value="fa"]').click()
    expect(page.get_by_test_id("filter-chip")).to_have_attribute("data-value", "fa")
    expect(page.get_by_test_id("result")).to_have_count(1)


def test_removing_the_chip_widens_results_again(page, site):
    search(page, site, KAZAKHSTAN_AR)
    page.locator('[data-testid="facet-value"][data-facet="lang"][data-value="ar"]').click()
    page.get_by_test_id("filter-chip").click()
    expect(page.get_by_test_id("filter-chip")).to_have_count(0)
    expect(page.get_by_test_id("result")).to_have_count(5)


def test_marked_matches_are_visible_in_a_right_to_left_snippet(page, site):
    search(page, site, KAZAKHSTAN_FA, ui="fa")
    snippet = page.locator('[data-testid="snippet"][lang="fa"]').first
    expect(snippet.locator("mark").first).to_be_visible()
    expect(snippet).to_have_css("direction", "rtl")


def test_open_a_document_shows_its_text_with_marks(page, site):
    search(page, site, KAZAKHSTAN_AR)
    page.get_by_test_id("result").first.locator("h3 a").click()
    body = page.get_by_test_id("document-body")
    expect(body.locator("mark").first).to_be_visible()
    expect(body).to_have_css("direction", "rtl")


def test_save_query_into_a_new_list(page, site):
    search(page, site, KAZAKHSTAN_AR)
    page.get_by_test_id("new-list-name").fill("Kazakhstan")
    page.get_by_test_id("save-query").click()
    expect(page.get_by_test_id("list-title")).to_have_text("Kazakhstan")
    expect(page.get_by_test_id("saved-query")).to_have_count(1)
    expect(page.get_by_test_id("new-count")).to_have_attribute("data-count", "0")


def test_new_matching_article_counts_as_new_after_reindex(page, site):
    search(page, site, KAZAKHSTAN_AR)
    page.get_by_test_id("new-list-name").fill("Kazakhstan")
    page.get_by_test_id("save-query").click()
    expect(page.get_by_test_id("new-count")).to_have_attribute("data-count", "0")
    (site.corpus_dir / "900_new_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    site.reindex()
    page.reload()
    expect(page.get_by_test_id("new-count")).to_have_attribute("data-count", "1")
    expect(page.get_by_test_id("new-badge")).to_have_count(1)


def saved_list(page, site) -> None:
    search(page, site, KAZAKHSTAN_AR)
    page.get_by_test_id("new-list-name").fill("Kazakhstan")
    page.get_by_test_id("save-query").click()
    expect(page.get_by_test_id("list-title")).to_have_text("Kazakhstan")


def test_deleting_a_list_asks_first_and_keeps_it_when_declined(page, site):
    saved_list(page, site)
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.get_by_test_id("delete-list").click()
    page.goto(site.url("/api/v1/lists"))
    assert (messages, len(page.evaluate("JSON.parse(document.body.innerText).lists"))) == (
        ["Delete this list and every search saved in it?"], 1)


def test_deleting_a_list_once_confirmed_removes_it(page, site):
    saved_list(page, site)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("delete-list").click()
    expect(page).to_have_url(re.compile(r"/lists(\?ui=en)?$"))
    page.goto(site.url("/api/v1/lists"))
    assert page.evaluate("JSON.parse(document.body.innerText).lists") == []


def test_sort_menu_applies_on_change(page, site):
    search(page, site, KAZAKHSTAN_AR)
    page.get_by_test_id("sort").select_option("date")
    expect(page).to_have_url(re.compile(r"[?&]sort=date(&|$)"))
    expect(page.get_by_test_id("result").first).to_have_attribute("data-id", "000_df839379cba759f4")


@pytest.mark.parametrize("checked, expected", [(True, "1"), (False, "0")], ids=["expand-on", "expand-off"])
def test_submitted_search_carries_one_expand_value(page, site, checked, expected):
    page.goto(site.url("/?ui=en"))
    page.get_by_test_id("search-input").fill(KAZAKHSTAN_AR)
    page.get_by_test_id("expand").set_checked(checked)
    with page.expect_request(lambda request: "/search?" in request.url) as sent:
        page.get_by_test_id("search-submit").click()
    assert parse_qs(urlsplit(sent.value.url).query)["expand"] == [expected]
