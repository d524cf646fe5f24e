"""Saved query lists through /api/v1/lists: CRUD, runs with new matches first, digest, export and import,
and the guards on writes (JSON only, bearer token when set)."""
import orjson
import pytest
from api_support import JSON_HEADERS, app, assert_error, client, clock, make_app, writable_index  # noqa: F401
from whoosh import index as whoosh_index

from indexer.writer import run_index
from search_app import MAX_BODY_BYTES

KAZAKHSTAN_FA = "قزاقستان"
KAZAKHSTAN_AR = "كازاخستان"
LIST_NAME = "اخبار آسیای میانه"
NEW_ARTICLE = {
    "id": "new-almaty",
    "title": "اعتراض‌ها در قزاقستان به آلماتی رسید",
    "body": "معترضان در قزاقستان ساختمان‌های دولتی را در آلماتی تصرف کردند.",
    "lang": "fa",
    "date": "2022-01-08",
}


def post(client, path, body, **kwargs):
    return client.post(path, data=orjson.dumps(body), headers=JSON_HEADERS, **kwargs)


def patch(client, path, body):
    return client.patch(path, data=orjson.dumps(body), headers=JSON_HEADERS)


def delete(client, path):
    return client.delete(path, headers=JSON_HEADERS)


def created(response) -> dict:
    assert response.status_code == 201
    return response.get_json()


def new_list(client, name=LIST_NAME) -> dict:
    return created(post(client, "/api/v1/lists", {"name": name}))


def save(client, list_id, q=KAZAKHSTAN_FA, **fields) -> dict:
    return created(post(client, f"/api/v1/lists/{list_id}/queries", {"q": q, **fields}))


def run(client, saved, **params) -> dict:
    response = client.post(f"/api/v1/lists/{saved['list_id']}/queries/{saved['id']}/run",
                           headers=JSON_HEADERS, query_string=params)
    assert response.status_code == 200
    return response.get_json()


def newest_added_at(index_dir) -> int:
    with whoosh_index.open_dir(index_dir).searcher() as searcher:
        return max(fields["added_at"] for fields in searcher.all_stored_fields())


def index_article(index_dir, tmp_path, article, at_ms: int) -> None:
    path = tmp_path / f"{article['id']}.jsonl"
    path.write_bytes(orjson.dumps(article))
    summary = run_index(index_dir, [path], rebuild=False, prune=False, delete_ids=[], max_bytes=20_000_000,
                        progress=False, now=lambda: at_ms / 1000)
    assert summary.failed == []


@pytest.fixture
def live(writable_index, tmp_path, clock):
    """A client over an index that tests may add to; the clock starts at the newest seed's added_at."""
    clock.now = newest_added_at(writable_index)
    return make_app(writable_index, tmp_path / "data", clock).test_client()


def test_create_list(client):
    assert new_list(client) == {"id": 1, "name": LIST_NAME, "created_at": 0, "queries": []}


def test_lists_lists_names_and_counts(client):
    first = new_list(client)
    new_list(client, "الأخبار العربية")
    save(client, first["id"])
    rows = client.get("/api/v1/lists").get_json()["lists"]
    assert [(r["name"], r["query_count"]) for r in rows] == [(LIST_NAME, 1), ("الأخبار العربية", 0)]


@pytest.mark.parametrize(
    "body", [{}, {"name": ""}, {"name": 5}, {"name": "x" * 201}, {"name": LIST_NAME, "colour": "red"}],
    ids=["missing", "empty", "number", "too-long", "unknown-field"],
)
def test_create_list_rejects_bad_body(client, body):
    assert_error(post(client, "/api/v1/lists", body), 400, "bad_parameter")


@pytest.mark.parametrize("raw", [b"{", b"[1, 2]", b"\xff\xfe", b'"name"'], ids=["truncated", "array", "not-utf8", "string"])
def test_write_with_bad_json_is_400(client, raw):
    assert_error(client.post("/api/v1/lists", data=raw, headers=JSON_HEADERS), 400, "bad_json")


def test_form_encoded_post_is_rejected(client):
    response = client.post("/api/v1/lists", data={"name": LIST_NAME})
    assert_error(response, 415, "unsupported_media_type")
    assert client.get("/api/v1/lists").get_json() == {"lists": []}


def test_text_plain_post_is_rejected(client):
    response = client.post("/api/v1/lists", data=orjson.dumps({"name": LIST_NAME}), content_type="text/plain")
    assert_error(response, 415, "unsupported_media_type")


def test_body_over_limit_is_413(client):
    response = post(client, "/api/v1/lists", {"name": "x" * MAX_BODY_BYTES})
    assert_error(response, 413, "request_entity_too_large")


def test_put_on_lists_is_405(client):
    assert_error(client.put("/api/v1/lists", headers=JSON_HEADERS, data="{}"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/v1/lists/99"), ("patch", "/api/v1/lists/99"), ("delete", "/api/v1/lists/99"),
     ("get", "/api/v1/lists/99/export"), ("post", "/api/v1/lists/99/queries"),
     ("patch", "/api/v1/lists/1/queries/99"), ("delete", "/api/v1/lists/1/queries/99"),
     ("post", "/api/v1/lists/1/queries/99/run"), ("get", "/api/v1/lists/not-a-number"),
     ("get", "/api/v1/lists/99999999999999999999999"), ("post", "/api/v1/lists/1/queries/99999999999999999999/run")],
    ids=["get-list", "rename-list", "delete-list", "export", "add-query", "update-query", "delete-query",
         "run-query", "non-numeric-id", "list-id-beyond-sqlite", "query-id-beyond-sqlite"],
)
def test_unknown_list_or_query_is_404(client, method, path):
    new_list(client)
    body = {"name": LIST_NAME} if method == "patch" and "queries" not in path else {"q": KAZAKHSTAN_FA}
    response = getattr(client, method)(path, headers=JSON_HEADERS, data=orjson.dumps(body))
    assert_error(response, 404, "not_found")


def test_rename_list(client):
    listed = new_list(client)
    renamed = patch(client, f"/api/v1/lists/{listed['id']}", {"name": "الأخبار العربية"})
    assert (renamed.status_code, renamed.get_json()["name"]) == (200, "الأخبار العربية")


def test_delete_list(client):
    listed = new_list(client)
    response = delete(client, f"/api/v1/lists/{listed['id']}")
    assert (response.status_code, client.get("/api/v1/lists").get_json()) == (204, {"lists": []})


def test_save_query_with_filters(client):
    saved = save(client, new_list(client)["id"], q=KAZAKHSTAN_AR, filters={"lang": ["ar"]}, sort="date")
    assert (saved["q"], saved["filters"], saved["sort"], saved["last_run_at"]) == (
        KAZAKHSTAN_AR, {"lang": ["ar"]}, "date", None)


@pytest.mark.parametrize(
    ("body", "code"),
    [({"q": KAZAKHSTAN_FA, "sort": "newest"}, "bad_parameter"),
     ({"q": KAZAKHSTAN_FA, "filters": {"colour": "red"}}, "bad_parameter"),
     ({"q": KAZAKHSTAN_FA, "filters": {"person": "tokayev"}}, "bad_parameter"),
     ({"q": 7}, "bad_parameter"),
     ({"q": "ک" * 1001}, "query_too_long")],
    ids=["sort", "unknown-filter", "filter-not-list", "q-number", "q-too-long"],
)
def test_save_query_rejects_bad_body(client, body, code):
    listed = new_list(client)
    assert_error(post(client, f"/api/v1/lists/{listed['id']}/queries", body), 400, code)


def test_saved_any_word_mode_runs_as_any_word(client):
    saved = save(client, new_list(client)["id"], q=f"{KAZAKHSTAN_AR} زززققق", filters={"mode": "any", "expand": "0"})
    assert (saved["filters"], run(client, saved)["total"] > 0) == ({"mode": "any", "expand": "0"}, True)


def test_saved_all_words_mode_needs_every_word(client):
    saved = save(client, new_list(client)["id"], q=f"{KAZAKHSTAN_AR} زززققق", filters={"mode": "all"})
    assert run(client, saved)["total"] == 0


def test_save_query_rejects_unknown_mode(client):
    listed = new_list(client)
    body = {"q": KAZAKHSTAN_FA, "filters": {"mode": "most"}}
    assert_error(post(client, f"/api/v1/lists/{listed['id']}/queries", body), 400, "bad_parameter")


def test_save_query_rejects_what_search_rejects(client):
    listed = new_list(client)
    body = {"q": KAZAKHSTAN_FA, "filters": {"date_from": "yesterday"}}
    assert_error(post(client, f"/api/v1/lists/{listed['id']}/queries", body), 400, "bad_query")
    assert client.get(f"/api/v1/lists/{listed['id']}").get_json()["queries"] == []


def test_update_query_changes_only_given_fields(client):
    saved = save(client, new_list(client)["id"], filters={"lang": ["fa"]})
    response = patch(client, f"/api/v1/lists/{saved['list_id']}/queries/{saved['id']}", {"sort": "date"})
    assert (response.get_json()["q"], response.get_json()["filters"], response.get_json()["sort"]) == (
        KAZAKHSTAN_FA, {"lang": ["fa"]}, "date")


def test_delete_query(client):
    saved = save(client, new_list(client)["id"])
    response = delete(client, f"/api/v1/lists/{saved['list_id']}/queries/{saved['id']}")
    queries = client.get(f"/api/v1/lists/{saved['list_id']}").get_json()["queries"]
    assert (response.status_code, queries) == (204, [])


def test_first_run_counts_matches_that_entered_after_saving(client, clock):
    clock.now = 0
    result = run(client, save(client, new_list(client)["id"], q=KAZAKHSTAN_AR))
    assert (result["new_count"], all(hit["new"] for hit in result["hits"])) == (result["total"], True)


def test_first_run_ignores_matches_that_entered_before_saving(live):
    result = run(live, save(live, new_list(live)["id"]))
    assert (result["total"] >= 1, result["new_count"], [h["new"] for h in result["hits"]].count(True)) == (
        True, 0, 0)


def saved_then_new_article(live, index_dir, tmp_path) -> dict:
    saved = save(live, new_list(live)["id"])
    run(live, saved)
    index_article(index_dir, tmp_path, NEW_ARTICLE, newest_added_at(index_dir) + 60_000)
    return saved


def test_run_after_indexing_puts_the_new_match_first(live, writable_index, tmp_path):
    result = run(live, saved_then_new_article(live, writable_index, tmp_path))
    assert (result["new_count"], result["hits"][0]["id"], [h["new"] for h in result["hits"]]) == (
        1, NEW_ARTICLE["id"], [True] + [False] * (len(result["hits"]) - 1))


def test_run_again_finds_nothing_new(live, writable_index, tmp_path):
    saved = saved_then_new_article(live, writable_index, tmp_path)
    run(live, saved)
    result = run(live, saved)
    assert (result["new_count"], [h["new"] for h in result["hits"]].count(True)) == (0, 0)


def test_run_new_first_also_when_sorted_by_date(live, writable_index, tmp_path):
    saved = saved_then_new_article(live, writable_index, tmp_path)
    patch(live, f"/api/v1/lists/{saved['list_id']}/queries/{saved['id']}", {"sort": "date"})
    assert run(live, saved)["hits"][0]["id"] == NEW_ARTICLE["id"]


def test_run_records_last_run(live, writable_index, tmp_path):
    saved = saved_then_new_article(live, writable_index, tmp_path)
    run(live, saved)
    queries = live.get(f"/api/v1/lists/{saved['list_id']}").get_json()["queries"]
    assert queries[0]["last_run_at"] == newest_added_at(writable_index)


def test_run_rejects_bad_page_size(client):
    saved = save(client, new_list(client)["id"])
    response = client.post(f"/api/v1/lists/{saved['list_id']}/queries/{saved['id']}/run",
                           headers=JSON_HEADERS, query_string={"size": "500"})
    assert_error(response, 400, "bad_parameter")


def test_digest_shows_new_matches_without_marking_them_seen(live, writable_index, tmp_path):
    saved = saved_then_new_article(live, writable_index, tmp_path)
    first = live.get(f"/api/v1/lists/{saved['list_id']}").get_json()["queries"][0]
    second = live.get(f"/api/v1/lists/{saved['list_id']}").get_json()["queries"][0]
    assert (first["new_count"], first["hits"][0]["id"], second["new_count"]) == (1, NEW_ARTICLE["id"], 1)


def test_digest_lists_every_saved_query(client):
    listed = new_list(client)
    save(client, listed["id"], q=KAZAKHSTAN_FA)
    save(client, listed["id"], q=KAZAKHSTAN_AR)
    digest = client.get(f"/api/v1/lists/{listed['id']}", query_string={"size": 2}).get_json()
    assert [(q["q"], len(q["hits"])) for q in digest["queries"]] == [(KAZAKHSTAN_FA, 2), (KAZAKHSTAN_AR, 2)]


def test_digest_rejects_size_over_100(client):
    listed = new_list(client)
    response = client.get(f"/api/v1/lists/{listed['id']}", query_string={"size": 101})
    assert_error(response, 400, "bad_parameter")


def test_export_is_a_download(client):
    listed = new_list(client)
    save(client, listed["id"], filters={"lang": ["fa"]})
    response = client.get(f"/api/v1/lists/{listed['id']}/export")
    assert (response.headers["Content-Disposition"], response.get_json()) == (
        f'attachment; filename="fahras-list-{listed["id"]}.json"',
        {"format": "fahras-list", "version": 1, "name": LIST_NAME,
         "queries": [{"q": KAZAKHSTAN_FA, "filters": {"lang": ["fa"]}, "sort": "relevance"}]},
    )


def test_export_as_csv_has_a_row_per_saved_query(client):
    listed = new_list(client)
    save(client, listed["id"], filters={"lang": ["fa"]})
    response = client.get(f"/api/v1/lists/{listed['id']}/export", query_string={"format": "csv"})
    assert (response.mimetype, response.get_data(as_text=True).lstrip("\ufeff").splitlines()) == (
        "text/csv", ["q,filters,sort", f'{KAZAKHSTAN_FA},"{{""lang"":[""fa""]}}",relevance'])


def test_export_rejects_an_unknown_format(client):
    listed = new_list(client)
    assert_error(client.get(f"/api/v1/lists/{listed['id']}/export", query_string={"format": "jsonl"}),
                 400, "bad_parameter")


def test_import_creates_a_list_like_the_export(client):
    listed = new_list(client)
    save(client, listed["id"], q=KAZAKHSTAN_AR, sort="date")
    exported = client.get(f"/api/v1/lists/{listed['id']}/export").get_json()
    imported = created(post(client, "/api/v1/lists/import", exported))
    assert client.get(f"/api/v1/lists/{imported['id']}/export").get_json() == exported


def test_import_rejects_invalid_query_and_writes_nothing(client):
    document = {"format": "fahras-list", "version": 1, "name": LIST_NAME,
                "queries": [{"q": KAZAKHSTAN_FA}, {"q": KAZAKHSTAN_AR, "filters": {"date_to": "yesterday"}}]}
    error = assert_error(post(client, "/api/v1/lists/import", document), 400, "bad_query")
    assert (error["message"].startswith("queries[1]: date_to: "), client.get("/api/v1/lists").get_json()) == (
        True, {"lists": []})


def test_import_rejects_unknown_format(client):
    error = assert_error(post(client, "/api/v1/lists/import", {"format": "opml"}), 400, "bad_parameter")
    assert error["message"] == "format: give 'fahras-list'"


@pytest.fixture
def guarded(seed_index, tmp_path, clock):
    return make_app(seed_index, tmp_path / "data", clock, api_token="s3cret-token").test_client()


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret-token"},
                {"Authorization": "Basic s3cret-token"}],
    ids=["none", "wrong-token", "no-scheme", "basic-scheme"],
)
def test_write_without_the_token_is_401(guarded, headers):
    response = guarded.post("/api/v1/lists", data=orjson.dumps({"name": LIST_NAME}),
                            headers={**JSON_HEADERS, **headers})
    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_write_with_the_token_succeeds(guarded):
    headers = {**JSON_HEADERS, "Authorization": "Bearer s3cret-token"}
    response = guarded.post("/api/v1/lists", data=orjson.dumps({"name": LIST_NAME}), headers=headers)
    assert response.status_code == 201


def test_read_needs_no_token(guarded):
    assert guarded.get("/api/v1/lists").status_code == 200


def test_form_post_with_the_token_is_still_rejected(guarded):
    response = guarded.post("/api/v1/lists", data={"name": LIST_NAME}, headers={"Authorization": "Bearer s3cret-token"})
    assert_error(response, 415, "unsupported_media_type")


def test_run_with_a_body_that_is_not_an_object_is_400(client):
    saved = save(client, new_list(client)["id"])
    response = client.post(f"/api/v1/lists/{saved['list_id']}/queries/{saved['id']}/run", data=b"[1]",
                           headers=JSON_HEADERS)
    assert_error(response, 400, "bad_json")
