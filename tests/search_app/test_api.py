"""GET /api/v1/search and /api/v1/documents/{id}: every body is checked against openapi.json by the client."""
import csv
import io
from html.parser import HTMLParser

import orjson
import pytest
from api_support import JSON_HEADERS, app, assert_error, client, clock, make_app, writable_index  # noqa: F401

from indexer.store import get_document
from indexer.writer import run_index

KAZAKHSTAN_FA = "قزاقستان"
KAZAKHSTAN_AR = "كازاخستان"
MARK_OPEN = "<mark>"
PERSIAN_SEED_ID = "000_df839379cba759f4"
ARABIC_SEED_ID = "001_7bdcb4ea2c0200a6"


def search(client, **params):
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200
    return response.get_json()


def add_articles(index_dir, tmp_path, articles) -> None:
    path = tmp_path / "new.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(a) for a in articles))
    summary = run_index(index_dir, [path], rebuild=False, prune=False, delete_ids=[], max_bytes=20_000_000,
                        progress=False)
    assert summary.failed == []


def test_api_search_finds_persian_article(client):
    hits = search(client, q=KAZAKHSTAN_FA)["hits"]
    assert [(hit["id"], hit["lang"]) for hit in hits if hit["lang"] == "fa"] == [(PERSIAN_SEED_ID, "fa")]


def test_api_search_echoes_query_and_paging(client):
    body = search(client, q=KAZAKHSTAN_AR, page=1, size=2)
    assert (body["query"], body["page"], body["size"], len(body["hits"])) == (KAZAKHSTAN_AR, 1, 2, 2)


def test_api_search_second_page_continues_the_first(client):
    both = search(client, q=KAZAKHSTAN_AR, size=4)["hits"]
    second = search(client, q=KAZAKHSTAN_AR, size=2, page=2)["hits"]
    assert [h["id"] for h in second] == [h["id"] for h in both[2:4]]


def test_api_search_marks_matches_in_title_html(client):
    hits = search(client, q=KAZAKHSTAN_AR)["hits"]
    assert any(MARK_OPEN in hit["title_html"] for hit in hits)


def test_api_search_lang_filter_keeps_that_language(client):
    hits = search(client, q=KAZAKHSTAN_AR, lang="ar")["hits"]
    assert {hit["lang"] for hit in hits} == {"ar"}


def test_api_search_lang_facet_counts_languages(client):
    facets = search(client, q=f"{KAZAKHSTAN_AR} OR {KAZAKHSTAN_FA}")["facets"]
    assert {v["id"]: v["count"] for v in facets["lang"]} == {"ar": 4, "fa": 1}


def test_api_search_sort_by_date_puts_newest_first(writable_index, tmp_path, clock):
    add_articles(writable_index, tmp_path, [
        {"id": f"almaty-{day}", "title": f"آلماتی در روز {day}", "body": "اعتراض‌ها در آلماتی ادامه دارد.",
         "lang": "fa", "date": f"2022-01-{day}"}
        for day in ("05", "09", "07")
    ])
    client = make_app(writable_index, tmp_path / "data", clock).test_client()
    hits = search(client, q="آلماتی", sort="date", lang="fa")["hits"]
    assert [hit["date"] for hit in hits] == ["2022-01-30", "2022-01-09", "2022-01-07", "2022-01-05"]


def test_api_search_accepts_query_of_1000_characters(client):
    assert search(client, q=("کشور " * 200)[:1000])["query"] == ("کشور " * 200)[:1000]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"size": "0"}, "bad_parameter"), ({"size": "101"}, "bad_parameter"), ({"size": "ten"}, "bad_parameter"),
        ({"page": "0"}, "bad_parameter"), ({"page": "-1"}, "bad_parameter"), ({"page": "1.5"}, "bad_parameter"),
        ({"sort": "newest"}, "bad_parameter"), ({"lang": "en"}, "bad_parameter"),
        ({"date_from": "2022-13-45"}, "bad_query"), ({"date_to": "yesterday"}, "bad_query"),
    ],
    ids=["size-0", "size-101", "size-text", "page-0", "page-negative", "page-fraction", "sort-unknown",
         "lang-unknown", "date-from-invalid", "date-to-invalid"],
)
def test_api_search_rejects_out_of_range_parameter(client, params, code):
    response = client.get("/api/v1/search", query_string={"q": KAZAKHSTAN_FA, **params})
    assert_error(response, 400, code)


def test_api_search_rejects_query_over_1000_characters(client):
    assert_error(client.get("/api/v1/search", query_string={"q": "ک" * 1001}), 400, "query_too_long")


@pytest.mark.parametrize("q, named", [
    ('"', "quote"), ("-", '"-"'), ("OR", "OR"), ("a OR", "OR at character 3"), ("person:", "person:"),
    ("date:2022-99", "2022-99"), ("*", "'*'"), (f'{KAZAKHSTAN_AR} "روسيا', "quote"),
], ids=["quote", "minus", "bare-or", "trailing-or", "empty-filter", "bad-date-filter", "star", "unclosed-phrase"])
def test_api_search_names_what_is_wrong_in_a_malformed_query(client, q, named):
    assert named in assert_error(client.get("/api/v1/search", query_string={"q": q}), 400, "bad_query")["message"]


@pytest.mark.parametrize("q", ["(((", ")", "\\", "\u0000", "😀" * 10], ids=["parens", "close-paren", "backslash", "nul", "emoji"])
def test_api_search_finds_nothing_for_symbols_alone(client, q):
    body = search(client, q=q)
    assert (body["total"], body["hits"], body["query"]) == (0, [], q)


@pytest.mark.parametrize("q", [f"{KAZAKHSTAN_AR} (((", f"{KAZAKHSTAN_AR} \\", f"{KAZAKHSTAN_AR} 😀"],
                         ids=["parens", "backslash", "emoji"])
def test_api_search_ignores_symbols_beside_words(client, q):
    expected = [hit["id"] for hit in search(client, q=KAZAKHSTAN_AR)["hits"]]
    assert ([hit["id"] for hit in search(client, q=q)["hits"]], len(expected) > 0) == (expected, True)


def test_api_search_rejects_post(client):
    assert_error(client.post("/api/v1/search", headers=JSON_HEADERS, data="{}"), 405, "method_not_allowed")


def test_api_document_is_the_show_json_shape(client, seed_index):
    doc_id = search(client, q=KAZAKHSTAN_FA)["hits"][0]["id"]
    response = client.get(f"/api/v1/documents/{doc_id}")
    assert response.get_json() == get_document(seed_index, doc_id)


@pytest.mark.parametrize(
    "doc_id", ["000_missing", "%00", "..%2F..%2Fetc%2Fpasswd", "%D9%82" * 300, "a%20b"],
    ids=["missing", "nul", "dot-dot", "long", "space"],
)
def test_api_document_unknown_id_is_404(client, doc_id):
    assert_error(client.get(f"/api/v1/documents/{doc_id}"), 404, "not_found")


@pytest.fixture
def hostile_client(writable_index, tmp_path, clock):
    add_articles(writable_index, tmp_path, [{
        "id": "hostile",
        "title": 'پایتخت <script>alert("title")</script> قزاقستان',
        "body": 'اعتراض در پایتخت <img src=x onerror="alert(1)"> و <script>alert(2)</script> ادامه دارد.',
        "lang": "fa",
    }])
    return make_app(writable_index, tmp_path / "data", clock).test_client()


class Markup(HTMLParser):
    """The tags of an HTML fragment and its text, entities decoded."""

    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.parts = set(), []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.add((tag, tuple(attrs)))

    def handle_data(self, data):
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


# What highlight.py may add around escaped text: marks, and direction isolation for right-to-left pages.
ALLOWED_TAGS = {("mark", ()), ("bdi", ()), ("span", (("dir", "auto"),))}


def hostile_hit(client) -> dict:
    return next(h for h in search(client, q="پایتخت")["hits"] if h["id"] == "hostile")


@pytest.mark.parametrize("field", ["title_html", "snippet_html"])
def test_api_html_fields_have_only_highlight_tags(hostile_client, field):
    markup = Markup(hostile_hit(hostile_client)[field])
    assert (("mark", ()) in markup.tags, markup.tags - ALLOWED_TAGS) == (True, set())


@pytest.mark.parametrize(
    ("field", "markup"),
    [("title_html", '<script>alert("title")</script>'), ("snippet_html", '<img src=x onerror="alert(1)">')],
    ids=["script-in-title", "onerror-in-body"],
)
def test_api_html_fields_keep_stored_markup_as_text(hostile_client, field, markup):
    assert markup in Markup(hostile_hit(hostile_client)[field]).text


# Writes without a body


def new_saved_query(client) -> tuple[int, int]:
    created = client.post("/api/v1/lists", data=orjson.dumps({"name": "قزاقستان"}), headers=JSON_HEADERS).get_json()
    saved = client.post(f"/api/v1/lists/{created['id']}/queries", data=orjson.dumps({"q": KAZAKHSTAN_AR}),
                        headers=JSON_HEADERS).get_json()
    return created["id"], saved["id"]


def test_api_delete_without_a_body_needs_no_content_type(client):
    list_id, _ = new_saved_query(client)
    response = client.delete(f"/api/v1/lists/{list_id}")
    assert (response.status_code, client.get("/api/v1/lists").get_json()) == (204, {"lists": []})


def test_api_run_without_a_body_needs_no_content_type(client):
    list_id, query_id = new_saved_query(client)
    response = client.post(f"/api/v1/lists/{list_id}/queries/{query_id}/run")
    assert (response.status_code, response.get_json()["total"]) == (200, search(client, q=KAZAKHSTAN_AR)["total"])


def test_api_bodiless_write_from_another_site_is_refused(client):
    list_id, _ = new_saved_query(client)
    response = client.delete(f"/api/v1/lists/{list_id}", headers={"Origin": "https://elsewhere.example"})
    assert_error(response, 415, "unsupported_media_type")
    assert [saved["id"] for saved in client.get("/api/v1/lists").get_json()["lists"]] == [list_id]


def test_api_bodiless_write_from_its_own_pages_is_accepted(client):
    list_id, _ = new_saved_query(client)
    assert client.delete(f"/api/v1/lists/{list_id}", headers={"Origin": "http://localhost"}).status_code == 204
def reprint_of_seed(index_dir) -> dict:
    """An Arabic seed article as another paper reprints it: a line added on top, the end cut."""
    original = get_document(index_dir, ARABIC_SEED_ID)
    return {"id": "reprint-1", "title": original["title"], "lang": "ar", "source": "reprints.example",
            "date": "2022-01-20", "body": "نقلا عن وكالة الأنباء\n" + original["body"][:-200]}


@pytest.fixture
def reprint_client(writable_index, tmp_path, clock):  # noqa: F811
    add_articles(writable_index, tmp_path, [reprint_of_seed(writable_index)])
    return make_app(writable_index, tmp_path / "data", clock).test_client()


def test_api_search_collapses_a_reprint_into_its_original(reprint_client):
    body = search(reprint_client, q=KAZAKHSTAN_AR, size=100)
    grouped = [h for h in body["hits"] if h["group"] == ARABIC_SEED_ID]
    assert [(h["similar_count"], {h["id"], *(s["id"] for s in h["similar"])}) for h in grouped] == [
        (1, {ARABIC_SEED_ID, "reprint-1"})]


def test_api_search_totals_count_every_copy_when_collapsed(reprint_client):
    collapsed, every = search(reprint_client, q=KAZAKHSTAN_AR), search(reprint_client, q=KAZAKHSTAN_AR, collapse=0)
    assert (collapsed["total"], collapsed["groups"], collapsed["facets"]) == (
        every["total"], every["total"] - 1, every["facets"])


def test_api_search_collapse_off_lists_every_copy(reprint_client):
    ids = {h["id"] for h in search(reprint_client, q=KAZAKHSTAN_AR, collapse=0, size=100)["hits"]}
    assert {ARABIC_SEED_ID, "reprint-1"} <= ids


def test_api_search_rejects_a_bad_collapse_value(client):
    assert_error(client.get("/api/v1/search", query_string={"q": KAZAKHSTAN_AR, "collapse": "maybe"}),
                 400, "bad_parameter")


def test_api_date_histogram_counts_every_match(client):
    body = search(client, q=KAZAKHSTAN_AR)
    assert sum(b["count"] for b in body["facets"]["date_histogram"]["buckets"]) == sum(
        m["count"] for m in body["facets"]["month"])


def test_api_date_histogram_follows_the_persian_calendar(client):
    assert search(client, q=KAZAKHSTAN_AR, ui_lang="fa")["facets"]["date_histogram"]["calendar"] == "solar"


def test_api_search_timeline_off_leaves_the_histogram_out(client):
    assert "date_histogram" not in search(client, q=KAZAKHSTAN_AR, timeline=0)["facets"]


def test_api_search_exports_every_match_as_csv(client):
    response = client.get("/api/v1/search", query_string={"q": KAZAKHSTAN_AR, "format": "csv", "size": 1})
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    expected = [h["id"] for h in search(client, q=KAZAKHSTAN_AR, collapse=0, size=100)["hits"]]
    assert (response.mimetype, rows[0], [r[0] for r in rows[1:]]) == (
        "text/csv", ["id", "title", "date", "source", "url", "lang", "entities", "group"], expected)


def test_api_search_exports_entities_as_jsonl(client):
    response = client.get("/api/v1/search", query_string={"q": KAZAKHSTAN_FA, "format": "jsonl"})
    rows = [orjson.loads(line) for line in response.get_data().splitlines()]
    assert {"type": "place", "id": "kazakhstan"} in rows[0]["entities"]


def test_api_search_rejects_an_unknown_export_format(client):
    assert_error(client.get("/api/v1/search", query_string={"q": KAZAKHSTAN_AR, "format": "xlsx"}),
                 400, "bad_parameter")


def test_api_search_export_of_a_query_that_cannot_run_is_a_json_error(client):
    assert_error(client.get("/api/v1/search", query_string={"q": f"-{KAZAKHSTAN_AR}", "format": "csv"}),
                 400, "bad_query")
