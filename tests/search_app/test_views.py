"""The browser UI through Flask's test client: pages, their JSON twins, languages, errors and forms."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from search_app import create_app
from search_app.settings import Settings

KAZAKHSTAN_AR = "كازاخستان"
KAZAKHSTAN_FA = "قزاقستان"
TEMPLATE_SCRIPT = "/static/fahras.js"
TIME_LIMIT = 60.0  # generous: the first search of a process loads the gazetteer and analyzers


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each element that has a data-testid."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.texts: dict[str, list[str]] = {}
        self.open: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in self.VOID:
            return
        testid = attrs.get("data-testid")
        if testid:
            self.texts.setdefault(testid, []).append("")
        self.open.append((tag, testid))

    def handle_endtag(self, tag):
        while self.open:
            opened, _ = self.open.pop()
            if opened == tag:
                break

    def handle_data(self, data):
        for _, testid in self.open:
            if testid:
                self.texts[testid][-1] += data

    def find(self, testid: str) -> list[dict]:
        return [attrs for _, attrs in self.tags if attrs.get("data-testid") == testid]

    def ids(self, testid: str) -> list[str]:
        return [attrs["data-id"] for attrs in self.find(testid)]

    def text(self, testid: str) -> str:
        return " ".join(" ".join(t.split()) for t in self.texts.get(testid, []))

    def first(self, tag: str, **match) -> dict | None:
        for name, attrs in self.tags:
            if name == tag and all(attrs.get(k.replace("_", "-")) == v for k, v in match.items()):
                return attrs
        return None


def parse(response) -> Elements:
    return Elements(response.get_data(as_text=True))


@pytest.fixture
def app(seed_index, tmp_path):
    return create_app(Settings(index_dir=seed_index, data_dir=tmp_path / "data", query_time_limit=TIME_LIMIT))


@pytest.fixture
def client(app):
    return app.test_client()


def csrf(client) -> str:
    return parse(client.get("/lists")).first("input", name="csrf_token")["value"]


def make_list(client, name="Kazakhstan") -> int:
    response = client.post("/lists", data={"name": name, "csrf_token": csrf(client)})
    assert response.status_code == 303
    return int(re.search(r"/lists/(\d+)", response.headers["Location"]).group(1))


def save_search(client, list_id, **fields) -> None:
    data = {"list_id": str(list_id), "sort": "relevance", "csrf_token": csrf(client), **fields}
    response = client.post("/lists/save", data=data)
    assert response.status_code == 303


def first_hit_id(client, q=KAZAKHSTAN_AR) -> str:
    return parse(client.get("/search", query_string={"q": q})).ids("result")[0]


# Pages


def test_home_has_search_box(client):
    page = parse(client.get("/"))
    assert (len(page.find("search-input")), len(page.find("search-submit"))) == (1, 1)


def result_items(response) -> list[Elements]:
    """Each result of a page, parsed on its own."""
    return [Elements(chunk) for chunk in re.split(r'(?=<li class="result)', response.get_data(as_text=True))[1:]]


def test_search_lists_hits_with_title_source_date_and_language(client):
    hits = client.get("/api/v1/search", query_string={"q": KAZAKHSTAN_AR}).get_json()["hits"]
    shown = [(item.ids("result")[0], item.text("result-title"), item.text("result-source") or None,
              (item.find("result-date") or [{}])[0].get("datetime"), item.find("result-lang")[0]["data-lang"])
             for item in result_items(client.get("/search", query_string={"q": KAZAKHSTAN_AR}))]
    expected = [(h["id"], h["title"], h["source"], h["date"], h["lang"]) for h in hits]
    assert (shown, len(hits), {bool(h["source"]) for h in hits}, {bool(h["date"]) for h in hits}) == (
        expected, 5, {True, False}, {True, False})


def test_search_snippets_mark_matches(client):
    response = client.get("/search", query_string={"q": KAZAKHSTAN_AR})
    snippets = re.findall(r'data-testid="snippet">(.*?)</p>', response.get_data(as_text=True), re.S)
    assert (len(snippets), all("<mark>" in snippet for snippet in snippets)) == (5, True)


@pytest.mark.parametrize("query", [{}, {"q": "  "}, {"q": "", "ui": "fa"}], ids=["no-q", "blank-q", "blank-q-fa-ui"])
def test_empty_search_goes_back_to_the_search_box(client, query):
    response = client.get("/search", query_string=query)
    assert (response.status_code, urlsplit(response.headers["Location"]).path) == (302, "/")


def test_filters_alone_make_a_search(client):
    page = parse(client.get("/search", query_string={"person": "putin"}))
    assert len(page.ids("result")) == int(page.find("result-count")[0]["data-total"]) > 0


def test_pages_vary_on_accept_language(client):
    assert "Accept-Language" in client.get("/").headers["Vary"]


def test_search_without_matches_says_so(client):
    page = parse(client.get("/search", query_string={"q": "zzzzqqq"}))
    assert (page.ids("result"), len(page.find("no-results"))) == ([], 1)


def test_facet_value_link_adds_its_filter(client):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR}))
    lang_facet = [a for a in page.find("facet-value") if a["data-facet"] == "lang"][0]
    args = parse_qs(urlsplit(lang_facet["href"]).query)
    assert args["lang"] == [lang_facet["data-value"]]


def test_facet_count_is_the_total_of_the_narrowed_search(client):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR}))
    facet = [a for a in page.find("facet-value") if a["data-facet"] == "lang"][0]
    narrowed = parse(client.get(facet["href"]))
    assert narrowed.find("result-count")[0]["data-total"] == facet["data-count"]


def test_active_filter_shows_as_chip_that_removes_it(client):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR, "lang": "ar"}))
    chip = page.find("filter-chip")[0]
    assert (chip["data-filter"], chip["data-value"], "lang" in parse_qs(urlsplit(chip["href"]).query)) == (
        "lang", "ar", False)


def test_pagination_links_to_next_page(client):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR, "size": "2"}))
    next_link = page.find("page-next")[0]
    assert parse_qs(urlsplit(next_link["href"]).query)["page"] == ["2"]


@pytest.mark.parametrize(
    ("field", "value", "testid"),
    [("mode", "any", "mode-any"), ("mode", "all", "mode-all")],
    ids=["any-word", "all-words"],
)
def test_mode_switch_reflects_request(client, field, value, testid):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR, field: value}))
    assert "checked" in page.find(testid)[0]


def test_expand_switch_reflects_request(client):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR, "expand": "true"}))
    assert "checked" in page.find("expand")[0]


def test_document_page_shows_whole_text(client, seed_index):
    from indexer.store import get_document

    doc_id = first_hit_id(client)
    body = get_document(seed_index, doc_id)["body"]
    page = parse(client.get(f"/documents/{doc_id}"))
    assert page.text("document-body") == " ".join(body.split())


def test_document_page_marks_matches_of_the_query(client):
    doc_id = first_hit_id(client)
    html = client.get(f"/documents/{doc_id}", query_string={"q": KAZAKHSTAN_AR}).get_data(as_text=True)
    body = html.split('data-testid="document-body">', 1)[1]
    assert "<mark>" in body


def test_document_page_links_entities_to_their_facet(client):
    doc_id = first_hit_id(client)
    page = parse(client.get(f"/documents/{doc_id}", query_string={"q": KAZAKHSTAN_AR}))
    entity = page.find("entity")[0]
    args = parse_qs(urlsplit(entity["href"]).query)
    assert [kind for kind in ("person", "place", "org") if args.get(kind) == [entity["data-id"]]] != []


# JSON twins


def hit_ids(data) -> list[str]:
    return [hit["id"] for hit in data["hits"]]


def page_hit_ids(page: Elements) -> list[str]:
    return page.ids("result")


def digest_hit_ids(data) -> list[str]:
    return [f"{query['id']}/{hit['id']}" for query in data["queries"] for hit in query["hits"]]


def page_digest_hit_ids(page: Elements) -> list[str]:
    return [f"{a['data-query']}/{a['data-id']}" for a in page.find("result")]


TWINS = [
    ("search", f"/search?q={KAZAKHSTAN_AR}", page_hit_ids, hit_ids),
    ("search-by-date", f"/search?q={KAZAKHSTAN_AR}&sort=date", page_hit_ids, hit_ids),
    ("search-any-word", f"/search?q={KAZAKHSTAN_AR} بوتين&mode=any", page_hit_ids, hit_ids),
    ("search-page-2", f"/search?q={KAZAKHSTAN_AR}&size=2&page=2", page_hit_ids, hit_ids),
    ("search-filtered-fa-ui", f"/search?q={KAZAKHSTAN_AR}&lang=ar&person=putin&ui=fa", page_hit_ids, hit_ids),
    ("lists", "/lists", lambda page: page.ids("list"), lambda data: [str(item["id"]) for item in data["lists"]]),
    ("digest", "/lists/{list_id}", page_digest_hit_ids, digest_hit_ids),
    ("document", "/documents/{doc_id}", lambda page: page.ids("document"), lambda data: [data["id"]]),
    ("entity", "/entities/tokayev", lambda page: page.ids("latest"), lambda data: [d["id"] for d in data["latest"]]),
]


@pytest.mark.parametrize(("path", "page_pick", "json_pick"), [t[1:] for t in TWINS], ids=[t[0] for t in TWINS])
def test_page_and_json_twin_list_same_ids(client, path, page_pick, json_pick):
    list_id = make_list(client)
    save_search(client, list_id, q=KAZAKHSTAN_AR)
    save_search(client, list_id, q=KAZAKHSTAN_FA, lang="fa")
    page = parse(client.get(path.format(list_id=list_id, doc_id=first_hit_id(client))))
    link = page.first("link", rel="alternate", type="application/json")
    page_ids, json_ids = page_pick(page), json_pick(client.get(link["href"]).get_json())
    assert (page_ids, page_ids != []) == (json_ids, True)


# Interface language and direction


@pytest.mark.parametrize(
    ("query", "headers", "expected"),
    [
        ({"ui": "fa"}, {}, ("fa", "rtl")),
        ({"ui": "ar"}, {}, ("ar", "rtl")),
        ({}, {"Accept-Language": "fa-IR,fa;q=0.9"}, ("fa", "rtl")),
        ({}, {"Accept-Language": "ar-EG"}, ("ar", "rtl")),
        ({}, {}, ("en", "ltr")),
        ({"ui": "en"}, {"Accept-Language": "ar"}, ("en", "ltr")),
    ],
    ids=["ui-fa", "ui-ar", "browser-fa", "browser-ar", "default-en", "ui-beats-browser"],
)
def test_interface_language_and_direction(client, query, headers, expected):
    root = parse(client.get("/", query_string=query, headers=headers)).first("html")
    assert (root["lang"], root["dir"]) == expected


@pytest.mark.parametrize(("ui", "label"), [("en", "Search"), ("fa", "جستجو"), ("ar", "بحث")], ids=["en", "fa", "ar"])
def test_interface_text_in_each_language(client, ui, label):
    assert parse(client.get("/", query_string={"ui": ui})).text("search-submit") == label


def test_arabic_content_is_right_to_left_in_english_interface(client):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR, "lang": "ar"}))
    snippets = page.find("snippet")
    assert {(s["lang"], s["dir"]) for s in snippets} == {("ar", "rtl")}


def test_persian_content_is_right_to_left(client):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_FA, "lang": "fa"}))
    assert {(s["lang"], s["dir"]) for s in page.find("snippet")} == {("fa", "rtl")}


def test_links_keep_explicit_interface_language(client):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR, "ui": "ar"}))
    facet_href = page.find("facet-value")[0]["href"]
    assert parse_qs(urlsplit(facet_href).query)["ui"] == ["ar"]


def test_json_twin_leaves_out_interface_language(client):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR, "ui": "fa"}))
    link = page.first("link", rel="alternate", type="application/json")
    assert parse_qs(urlsplit(link["href"]).query) == {"q": [KAZAKHSTAN_AR]}


# Error pages


def test_unknown_document_is_404_page_in_interface_language(client):
    response = client.get("/documents/no-such-doc", query_string={"ui": "fa"})
    page = parse(response)
    assert (response.status_code, page.first("html")["lang"], page.first("h1") is not None,
            "پیدا نشد" in response.get_data(as_text=True)) == (404, "fa", True, True)


@pytest.mark.parametrize(
    ("query", "ui", "explanation", "detail"),
    [
        ({"q": KAZAKHSTAN_AR, "size": "1000"}, "ar", "إحدى قيم الطلب غير صالحة.", "size"),
        ({"q": "-" + KAZAKHSTAN_AR}, "fa", "عبارت جستجو را نتوانستیم بخوانیم.", "excluded"),
        ({"q": "lang:xx"}, "en", "The query could not be read.", "lang:xx"),
        ({"q": KAZAKHSTAN_AR * 200}, "fa", "عبارت جستجو بیش از اندازه بلند است.", "1000"),
    ],
    ids=["bad-parameter-ar", "bad-query-fa", "bad-filter-en", "too-long-fa"],
)
def test_bad_query_is_400_page_with_message_in_interface_language(client, query, ui, explanation, detail):
    response = client.get("/search", query_string={**query, "ui": ui})
    page = parse(response)
    assert (response.status_code, page.first("html")["lang"], page.text("error-explanation"),
            detail in page.text("error-message")) == (400, ui, explanation, True)


def test_unknown_path_is_404_page(client):
    response = client.get("/no/such/page")
    assert (response.status_code, len(parse(response).find("error"))) == (404, 1)


def test_get_on_a_form_target_is_405_page(client):
    response = client.get("/lists/save")
    assert (response.status_code, len(parse(response).find("error"))) == (405, 1)


def test_unknown_list_is_404_page(client):
    response = client.get("/lists/999")
    assert (response.status_code, len(parse(response).find("error"))) == (404, 1)


# Forms and cross-site request forgery


def post_routes(app) -> list[str]:
    return sorted(
        rule.rule.replace("<int:list_id>", "1").replace("<int:query_id>", "1")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("views.") and "POST" in rule.methods
    )


@pytest.mark.parametrize("token", [None, "forged"], ids=["missing-token", "wrong-token"])
def test_every_form_post_needs_the_session_token(app, client, token):
    list_id = make_list(client)
    save_search(client, list_id, q=KAZAKHSTAN_AR)
    data = {"name": "renamed", "list_id": "1", "q": KAZAKHSTAN_AR}
    if token:
        data["csrf_token"] = token
    statuses = {path: client.post(path, data=data).status_code for path in post_routes(app)}
    assert statuses == {path: 400 for path in post_routes(app)}


def test_forged_post_changes_nothing(client):
    list_id = make_list(client, "before")
    client.post(f"/lists/{list_id}/rename", data={"name": "after"})
    assert parse(client.get(f"/lists/{list_id}")).text("list-title") == "before"


def test_forged_post_shows_error_page_in_interface_language(client):
    response = client.post("/lists?ui=fa", data={"name": "x"})
    page = parse(response)
    assert (response.status_code, page.first("html")["lang"], page.text("error-explanation")) == (
        400, "fa", "این فرم منقضی شده یا از فهرس نیامده است. صفحه را دوباره بارگذاری کنید و دوباره بکوشید.")


def test_token_from_another_session_is_rejected(app, client):
    token = csrf(app.test_client())
    csrf(client)
    assert client.post("/lists", data={"name": "x", "csrf_token": token}).status_code == 400


def test_create_list_then_it_is_listed(client):
    make_list(client, "اخبار آسیای میانه")
    assert parse(client.get("/lists")).text("list") == "اخبار آسیای میانه 0 saved searches"


def test_save_search_into_new_list(client):
    data = {"list_id": "new", "new_list_name": "Kazakhstan", "q": KAZAKHSTAN_AR, "lang": "ar",
            "sort": "date", "csrf_token": csrf(client)}
    response = client.post("/lists/save", data=data)
    page = parse(client.get(response.headers["Location"]))
    assert (page.text("list-title"), len(page.find("saved-query"))) == ("Kazakhstan", 1)


def test_save_search_keeps_any_word_mode_and_expansion_switch(client):
    data = {"list_id": "new", "new_list_name": "Kazakhstan", "q": KAZAKHSTAN_AR, "mode": "any", "expand": "0",
            "sort": "relevance", "csrf_token": csrf(client)}
    list_id = re.search(r"/lists/(\d+)", client.post("/lists/save", data=data).headers["Location"]).group(1)
    saved = client.get(f"/api/v1/lists/{list_id}").get_json()["queries"][0]
    assert saved["filters"] == {"mode": "any", "expand": "0"}


@pytest.mark.parametrize("list_id", ["\u00b2", "x1", "-1"], ids=["superscript-two", "letters", "negative"])
def test_saving_into_a_list_id_that_is_no_number_is_400(client, list_id):
    data = {"list_id": list_id, "q": KAZAKHSTAN_AR, "csrf_token": csrf(client)}
    assert client.post("/lists/save", data=data).status_code == 400


def test_saving_needs_a_list_name_for_a_new_list(client):
    data = {"list_id": "new", "new_list_name": " ", "q": KAZAKHSTAN_AR, "csrf_token": csrf(client)}
    assert client.post("/lists/save", data=data).status_code == 400


def test_saving_a_query_the_search_rejects_is_400(client):
    list_id = make_list(client)
    data = {"list_id": str(list_id), "q": KAZAKHSTAN_AR, "date_from": "yesterday", "csrf_token": csrf(client)}
    assert client.post("/lists/save", data=data).status_code == 400


def test_rename_list(client):
    list_id = make_list(client, "old")
    client.post(f"/lists/{list_id}/rename", data={"name": "جدید", "csrf_token": csrf(client)})
    assert parse(client.get(f"/lists/{list_id}")).text("list-title") == "جدید"


def test_delete_list(client):
    list_id = make_list(client)
    client.post(f"/lists/{list_id}/delete", data={"csrf_token": csrf(client)})
    assert client.get(f"/lists/{list_id}").status_code == 404


def test_remove_saved_query(client):
    list_id = make_list(client)
    save_search(client, list_id, q=KAZAKHSTAN_AR)
    query_id = parse(client.get(f"/lists/{list_id}")).ids("saved-query")[0]
    client.post(f"/lists/{list_id}/queries/{query_id}/delete", data={"csrf_token": csrf(client)})
    assert parse(client.get(f"/lists/{list_id}")).ids("saved-query") == []


def test_list_page_links_its_export(client):
    list_id = make_list(client)
    export = parse(client.get(f"/lists/{list_id}")).find("export-json")[0]
    assert client.get(export["href"]).get_json()["name"] == "Kazakhstan"


def test_redirect_after_post_keeps_interface_language(client):
    response = client.post("/lists?ui=ar", data={"name": "x", "csrf_token": csrf(client)})
    assert parse_qs(urlsplit(response.headers["Location"]).query)["ui"] == ["ar"]


# New matches


@pytest.fixture
def early_client(seed_index, tmp_path):
    """A clock before the seed index was built: every seed counts as new for a query saved now."""
    settings = Settings(index_dir=seed_index, data_dir=tmp_path / "data", query_time_limit=TIME_LIMIT)
    return create_app(settings, clock=Clock(0)).test_client()


def test_digest_counts_new_matches(early_client):
    list_id = make_list(early_client)
    save_search(early_client, list_id, q=KAZAKHSTAN_AR)
    page = parse(early_client.get(f"/lists/{list_id}"))
    assert (page.find("new-count")[0]["data-count"], len(page.find("new-badge"))) == ("5", 5)


def test_query_saved_after_indexing_has_nothing_new(client):
    list_id = make_list(client)
    save_search(client, list_id, q=KAZAKHSTAN_AR)
    assert parse(client.get(f"/lists/{list_id}")).find("new-count")[0]["data-count"] == "0"


class Clock:
    """Epoch ms that a test moves by hand."""

    def __init__(self, now: int):
        self.now = now

    def __call__(self) -> int:
        return self.now


def test_mark_seen_clears_new_count(seed_index, tmp_path):
    clock = Clock(0)
    settings = Settings(index_dir=seed_index, data_dir=tmp_path / "data", query_time_limit=TIME_LIMIT)
    client = create_app(settings, clock=clock).test_client()
    list_id = make_list(client)
    save_search(client, list_id, q=KAZAKHSTAN_AR)
    query_id = parse(client.get(f"/lists/{list_id}")).ids("saved-query")[0]
    clock.now = 2**62
    client.post(f"/lists/{list_id}/queries/{query_id}/seen", data={"csrf_token": csrf(client)})
    assert parse(client.get(f"/lists/{list_id}")).find("new-count")[0]["data-count"] == "0"


# Stored text is shown as text


SCRIPT = '<script>alert("fahras")</script>'
ONERROR = '<img src=x onerror=alert(1)>'
HOSTILE = {
    "id": "hostile-1",
    "title": f"كازاخستان {SCRIPT}",
    "body": f"أكدت المنشورات العديدة التي ناقشت ما حدث في كازاخستان {ONERROR} أن قوى خارجية أشعلت فتيل الأحداث.",
    "date": "2022-01-10",
    "source": "<b onmouseover=alert(2)>source</b>",
    "url": "javascript:alert(3)",
    "lang": "ar",
}


@pytest.fixture
def hostile_client(tmp_path):
    import orjson

    from indexer.writer import run_index

    corpus = tmp_path / "hostile.jsonl"
    corpus.write_bytes(orjson.dumps(HOSTILE) + b"\n")
    summary = run_index(tmp_path / "ix", [corpus], rebuild=False, prune=False, delete_ids=[],
                        max_bytes=20_000_000, progress=False)
    assert summary.failed == []
    settings = Settings(index_dir=tmp_path / "ix", data_dir=tmp_path / "data", query_time_limit=TIME_LIMIT)
    return create_app(settings).test_client()


def live_markup(page: Elements) -> list[str]:
    """Elements or event handlers that came from stored text rather than from the templates."""
    found = [tag for tag, attrs in page.tags if tag in ("script", "img", "b") and attrs.get("src") != TEMPLATE_SCRIPT]
    found += [name for _, attrs in page.tags for name in attrs if name.startswith("on")]
    found += [value for _, attrs in page.tags for value in attrs.values() if (value or "").startswith("javascript:")]
    return found


def test_stored_markup_is_text_in_the_result_list(hostile_client):
    page = parse(hostile_client.get("/search", query_string={"q": KAZAKHSTAN_AR}))
    shown = (SCRIPT in page.text("result-title"), ONERROR in page.text("snippet"),
             page.text("result-source") == HOSTILE["source"])
    assert (live_markup(page), shown) == ([], (True, True, True))


@pytest.mark.parametrize("query", [{}, {"q": KAZAKHSTAN_AR}], ids=["unmarked", "marked"])
def test_stored_markup_is_text_on_the_document_page(hostile_client, query):
    page = parse(hostile_client.get("/documents/hostile-1", query_string=query))
    shown = (SCRIPT in page.text("document-title"), ONERROR in page.text("document-body"),
             HOSTILE["source"] in page.text("document-meta"))
    assert (live_markup(page), shown) == ([], (True, True, True))


def test_hostile_result_is_listed(hostile_client):
    page = parse(hostile_client.get("/search", query_string={"q": KAZAKHSTAN_AR}))
    assert page.ids("result") == ["hostile-1"]


def test_search_that_ran_out_of_time_says_so(seed_index, tmp_path):
    settings = Settings(index_dir=seed_index, data_dir=tmp_path / "data", query_time_limit=0.0)
    client = create_app(settings).test_client()
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR}))
    assert len(page.find("timed-out")) == 1


def test_search_in_time_has_no_timeout_notice(client):
    assert parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR})).find("timed-out") == []


def test_misspelt_query_links_the_suggestion(client):
    page = parse(client.get("/search", query_string={"q": "كازاخستن", "lang": "ar"}))
    link = page.find("suggestion-link")[0]
    suggested = page.text("suggestion-link")
    assert (parse_qs(urlsplit(link["href"]).query), suggested.startswith("كازاخستان")) == (
        {"q": [suggested], "lang": ["ar"]}, True)


def test_search_page_ignores_a_ui_lang_parameter(client):
    """The page sets the search's label language from its own interface language."""
    response = client.get("/search", query_string={"q": KAZAKHSTAN_AR, "ui": "fa", "ui_lang": "xx"})
    assert (response.status_code, "ولادیمیر پوتین" in parse(response).text("facets")) == (200, True)


@pytest.mark.parametrize("args", [{"q": '"قزاقستان'}, {"q": "قزاقستان", "page": "abc"}, {"q": "قزاقستان", "size": "500"}],
                         ids=["unbalanced-quote", "bad-page", "size-over-100"])
def test_document_page_opens_despite_a_bad_search_in_its_link(client, args):
    response = client.get("/documents/000_df839379cba759f4", query_string=args)
    page = parse(response)
    assert (response.status_code, page.ids("document"), "بنیاد سوروس" in page.text("document-title"),
            len(page.text("document-body")) > 1000) == (200, ["000_df839379cba759f4"], True, True)


def test_document_in_a_subfolder_opens_from_its_result_link(tmp_path, sample_dir):
    from indexer.writer import run_index

    (tmp_path / "in" / "kz").mkdir(parents=True)
    (tmp_path / "in" / "kz" / "a.txt").write_text((sample_dir / "001_7bdcb4ea2c0200a6.txt").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    run_index(tmp_path / "ix", [tmp_path / "in"], rebuild=False, prune=False, delete_ids=[], max_bytes=20_000_000,
              progress=False)
    client = create_app(Settings(index_dir=tmp_path / "ix", data_dir=tmp_path / "data")).test_client()
    link = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR})).first("a", data_testid="result-title")
    page, twin = client.get(link["href"]), client.get("/api/v1/documents/kz/a")
    assert (page.status_code, twin.status_code, twin.get_json()["id"]) == (200, 200, "kz/a")


# Rough edges: quotes, links back, one expand value, pages past the end, syntax help, dates, title, icon

SOROS_PHRASE_OPEN = '"بنیاد سوروس'


def test_unclosed_quote_is_searched_as_if_closed_with_a_notice(client):
    response = client.get("/search", query_string={"q": SOROS_PHRASE_OPEN})
    closed = parse(client.get("/search", query_string={"q": SOROS_PHRASE_OPEN + '"'}))
    page = parse(response)
    assert (response.status_code, page.ids("result"), len(page.find("quote-closed")), closed.find("quote-closed"),
            page.find("search-input")[0]["value"]) == (200, closed.ids("result"), 1, [], SOROS_PHRASE_OPEN)
    assert closed.ids("result") == ["000_df839379cba759f4"]


def test_bad_query_page_has_a_search_box_with_the_query(client):
    response = client.get("/search", query_string={"q": "قزاقستان OR"})
    page = parse(response)
    assert (response.status_code, page.find("search-input")[0]["value"]) == (400, "قزاقستان OR")


def test_back_to_results_returns_to_the_same_query_filters_and_page(client):
    args = {"q": KAZAKHSTAN_AR, "lang": "ar", "sort": "date", "size": "2", "page": "2", "mode": "any", "ui": "fa"}
    link = parse(client.get("/search", query_string=args)).first("a", data_testid="result-title")
    back = parse(client.get(link["href"])).first("a", data_testid="back-to-results")
    assert parse_qs(urlsplit(back["href"]).query) == {k: [v] for k, v in args.items()}


def test_back_to_results_of_a_filter_alone(client):
    link = parse(client.get("/search", query_string={"person": "putin"})).first("a", data_testid="result-title")
    back = parse(client.get(link["href"])).first("a", data_testid="back-to-results")
    assert parse_qs(urlsplit(back["href"]).query) == {"person": ["putin"]}


def test_checked_expand_box_and_its_hidden_off_redirect_to_one_value(client):
    response = client.get("/search", query_string=[("q", KAZAKHSTAN_AR), ("expand", "1"), ("expand", "0")])
    assert (response.status_code, parse_qs(urlsplit(response.headers["Location"]).query)) == (
        302, {"q": [KAZAKHSTAN_AR], "expand": ["1"]})


def test_links_of_a_results_page_carry_one_expand_value(client):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR, "expand": "0", "size": "2"}))
    hrefs = [attrs["href"] for _, attrs in page.tags if "/search?" in (attrs.get("href") or "")]
    assert (len(hrefs) > 5, {tuple(parse_qs(urlsplit(h).query)["expand"]) for h in hrefs}) == (True, {("0",)})


def test_page_past_the_end_redirects_to_the_last_page(client):
    response = client.get("/search", query_string={"q": KAZAKHSTAN_AR, "size": "2", "page": "999"})
    target = parse_qs(urlsplit(response.headers.get("Location", "")).query)
    last = parse(client.get(response.headers["Location"]))
    assert (response.status_code, target["page"], last.ids("result") != []) == (302, ["3"], True)


def test_search_box_links_the_syntax_page(client):
    link = parse(client.get("/", query_string={"ui": "ar"})).first("a", data_testid="syntax-link")
    assert parse_qs(urlsplit(link["href"]).query) == {"ui": ["ar"]} and client.get(link["href"]).status_code == 200


SYNTAX_EXAMPLES = ('"', "-", " OR ", "*", "person:", "place:", "org:", "lang:", "source:", "date:")


@pytest.mark.parametrize("ui, script_word", [("en", "phrase"), ("fa", "عبارت"), ("ar", "العبارة")])
def test_syntax_page_shows_every_operator_and_filter_in_each_language(client, ui, script_word):
    response = client.get("/syntax", query_string={"ui": ui})
    page = parse(response)
    examples = page.text("syntax-example")
    links_run = [client.get(a["href"]).status_code for a in page.find("syntax-example")]
    assert ([e for e in SYNTAX_EXAMPLES if e not in examples], set(links_run), page.first("html")["lang"],
            script_word in response.get_data(as_text=True)) == ([], {200}, ui, True)


def test_persian_interface_shows_solar_hijri_dates(client):
    item = next(i for i in result_items(client.get("/search", query_string={"q": "سوروس", "ui": "fa"}))
                if i.find("result-date"))
    assert (item.find("result-date")[0]["datetime"], item.text("result-date")) == (
        "2022-01-30", "\u06f1\u06f0 بهمن \u06f1\u06f4\u06f0\u06f0")


def test_page_title_names_the_query(client):
    html = client.get("/search", query_string={"q": KAZAKHSTAN_AR}).get_data(as_text=True)
    assert re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip() == f"{KAZAKHSTAN_AR} · Fahras"


def test_page_title_of_a_filter_alone_names_the_filter(client):
    html = client.get("/search", query_string={"person": "putin"}).get_data(as_text=True)
    assert re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip() == "Vladimir Putin · Fahras"


def test_pages_link_a_favicon(client):
    icon = parse(client.get("/")).first("link", rel="icon")
    response = client.get(icon["href"])
    assert (response.status_code, response.mimetype, b"<svg" in response.data) == (200, "image/svg+xml", True)


def test_list_deletion_asks_for_confirmation_and_sort_applies_on_change(client):
    """The attributes fahras.js acts on; tests/browser checks what the browser does with them."""
    list_page = parse(client.get(f"/lists/{make_list(client)}", query_string={"ui": "fa"}))
    delete_form = next(attrs for tag, attrs in list_page.tags if tag == "form" and "/delete" in attrs.get("action", "")
                       and "/queries/" not in attrs["action"])
    sort = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR})).find("sort")[0]
    assert (delete_form.get("data-confirm", "").endswith("؟"), "data-autosubmit" in sort) == (True, True)
def test_every_copy_switch_survives_a_new_search(client):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR, "collapse": "0"}))
    assert (page.first("input", name="collapse"), parse_qs(urlsplit(page.find("collapse-switch")[0]["href"]).query)[
        "collapse"]) == ({"type": "hidden", "name": "collapse", "value": "0"}, ["1"])


def test_export_links_keep_the_search(client):
    page = parse(client.get("/search", query_string={"q": KAZAKHSTAN_AR, "lang": "ar"}))
    assert parse_qs(urlsplit(page.find("export-csv")[0]["href"]).query) == {
        "q": [KAZAKHSTAN_AR], "lang": ["ar"], "format": ["csv"]}
