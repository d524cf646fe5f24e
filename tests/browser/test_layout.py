"""Layout in a real browser: direction per interface language, facets beside the results or, on a phone,
in a drawer above them."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

KAZAKHSTAN_AR = "كازاخستان"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def boxes(page, site, ui: str, viewport: dict) -> tuple[dict, dict]:
    page.set_viewport_size(viewport)
    page.goto(site.url(f"/search?q={KAZAKHSTAN_AR}&ui={ui}"))
    expect(page.get_by_test_id("result").first).to_be_visible()
    return page.locator(".results-main").bounding_box(), page.get_by_test_id("facets").bounding_box()


@pytest.mark.parametrize(("ui", "direction"), [("fa", "rtl"), ("ar", "rtl"), ("en", "ltr")], ids=["fa", "ar", "en"])
def test_interface_direction_follows_its_language(page, site, ui, direction):
    page.goto(site.url(f"/?ui={ui}"))
    expect(page.locator("body")).to_have_css("direction", direction)


@pytest.mark.parametrize(("ui", "facets_on_right"), [("fa", True), ("ar", True), ("en", False)], ids=["fa", "ar", "en"])
def test_facets_sit_at_the_inline_start_on_desktop(page, site, ui, facets_on_right):
    results, facets = boxes(page, site, ui, DESKTOP)
    assert (facets["x"] > results["x"]) == facets_on_right


@pytest.mark.parametrize("ui", ["fa", "ar"])
def test_facets_come_before_the_results_and_the_save_box_on_a_phone(page, site, ui):
    results, facets = boxes(page, site, ui, PHONE)
    first_result, save = page.get_by_test_id("result").first.bounding_box(), page.locator(".save-box").bounding_box()
    assert (facets["y"] + facets["height"] <= first_result["y"], facets["y"] < results["y"] < save["y"],
            facets["width"] <= PHONE["width"]) == (True, True, True)


def test_phone_facets_drawer_opens_and_narrows_the_results(page, site):
    boxes(page, site, "fa", PHONE)
    lang_ar = page.locator('[data-testid="facet-value"][data-facet="lang"][data-value="ar"]')
    expect(lang_ar).to_be_hidden()
    page.get_by_test_id("facets-toggle").click()
    lang_ar.click()
    expect(page.get_by_test_id("filter-chip")).to_have_count(1)
    expect(page.get_by_test_id("result")).to_have_count(4)


@pytest.mark.parametrize(
    "path",
    ["/?ui=fa", f"/search?q={KAZAKHSTAN_AR}&ui=ar", "/documents/000_df839379cba759f4?ui=fa", "/lists?ui=ar",
     "/documents/missing?ui=fa"],
    ids=["home", "results", "document", "lists", "error"],
)
def test_phone_page_does_not_scroll_sideways(page, site, path):
    page.set_viewport_size(PHONE)
    page.goto(site.url(path))
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]


def test_phone_digest_does_not_scroll_sideways(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site.url(f"/search?q={KAZAKHSTAN_AR}&ui=fa"))
    page.get_by_test_id("new-list-name").fill("آسیای میانه")
    page.get_by_test_id("save-query").click()
    expect(page.get_by_test_id("saved-query")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
