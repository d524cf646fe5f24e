"""Every request bounded: repeated values, prefix expansion, long URLs and bodies, list sizes, the
digest's deadline, idle searchers and long articles shown in parts."""
import time

import orjson
import pytest
from api_support import JSON_HEADERS, app, assert_error, client, clock, make_app, writable_index  # noqa: F401

from indexer.store import open_index
from search_app import MAX_BODY_BYTES, MAX_URL_BYTES
from search_app.core import query
from search_app.core.parts import PART_CHARS, part_bounds
from search_app.core.search import (
    IDLE_SECONDS, MAX_VALUES, SearcherHolder, parse_search, run_search,
)
from search_app.lists.saved import list_digest
from search_app.lists.store import DB_NAME, MAX_QUERIES_PER_LIST, ListStore

KAZAKHSTAN_FA = "قزاقستان"
KAZAKHSTAN_AR = "كازاخستان"
PERSIAN_LETTERS = "ابتثجحخدذرزسشصضطظعغفقکگلمنوهی"
TWO_LETTER_PREFIXES = " ".join(f"{a}{b}*" for a in PERSIAN_LETTERS for b in PERSIAN_LETTERS).split()[:250]
SENTENCE = "معترضان در قزاقستان ساختمان‌های دولتی را در آلماتی تصرف کردند.\n"


class Seconds:
    """A clock in seconds that moves `step` at every reading."""

    def __init__(self, step: float = 0.0):
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_api_search_refuses_1000_repeated_person_values(client):
    response = client.get("/api/v1/search", query_string=[("person", f"Q{i}") for i in range(1000)])
    assert f"at most {MAX_VALUES}" in assert_error(response, 400, "too_many_values")["message"]


def test_results_page_refuses_repeated_source_values_beyond_the_cap(client):
    sources = [("source", f"s{i}") for i in range(MAX_VALUES + 1)]
    response = client.get("/search", query_string=[("q", KAZAKHSTAN_FA), *sources])
    assert (response.status_code, b"source" in response.data) == (400, True)


def test_results_page_refuses_5000_source_values_by_their_url(client):
    sources = [("source", f"s{i}") for i in range(5000)]
    assert client.get("/search", query_string=[("q", KAZAKHSTAN_FA), *sources]).status_code == 414


def test_api_search_takes_50_values_of_a_filter(client):
    response = client.get("/api/v1/search", query_string=[("q", KAZAKHSTAN_FA)] + [("lang", "fa")] * MAX_VALUES)
    assert response.get_json()["total"] >= 1


def test_250_two_letter_prefixes_are_refused_within_the_limit(client, monkeypatch):
    monkeypatch.setattr(query, "MAX_EXPANDED_TERMS", 40)
    started = time.perf_counter()
    response = client.get("/api/v1/search", query_string={"q": " ".join(TWO_LETTER_PREFIXES)})
    elapsed = time.perf_counter() - started
    assert "fewer or longer prefixes" in assert_error(response, 400, "prefix_too_broad")["message"]
    assert elapsed < 2.0 + 1.0


def test_a_prefix_over_its_own_cap_is_named(client, monkeypatch):
    monkeypatch.setattr(query, "MAX_PREFIX_TERMS", 1)
    response = client.get("/api/v1/search", query_string={"q": "قزا*"})
    assert "قزا*" in assert_error(response, 400, "prefix_too_broad")["message"]


def test_prefix_expansion_stops_at_the_deadline(seed_index, monkeypatch):
    monkeypatch.setattr(query, "MAX_EXPANDED_TERMS", 10**6)
    monkeypatch.setattr(query, "MAX_PREFIX_TERMS", 10**6)
    with open_index(seed_index).searcher() as searcher:
        result = run_search(searcher, parse_search({"q": " ".join(TWO_LETTER_PREFIXES)}), time_limit=5.0,
                            clock=Seconds(step=1.0))
    assert (result.timed_out, result.total) == (True, 0)


def test_api_answers_a_long_url_with_a_json_414(client):
    response = client.get("/api/v1/search", query_string={"q": "ا" * MAX_URL_BYTES})
    assert_error(response, 414, "request_uri_too_long")


def test_api_answers_a_large_body_with_a_json_413(client):
    body = orjson.dumps({"name": "ا" * MAX_BODY_BYTES})
    assert_error(client.post("/api/v1/lists", data=body, headers=JSON_HEADERS), 413, "request_entity_too_large")


def new_list(client) -> int:
    response = client.post("/api/v1/lists", data=orjson.dumps({"name": "آسیای میانه"}), headers=JSON_HEADERS)
    return response.get_json()["id"]


def test_api_refuses_a_query_beyond_500_in_a_list(client):
    export = {"format": "fahras-list", "version": 1, "name": "پر",
              "queries": [{"q": f"{KAZAKHSTAN_FA} {i}"} for i in range(MAX_QUERIES_PER_LIST)]}
    full = client.post("/api/v1/lists/import", data=orjson.dumps(export), headers=JSON_HEADERS).get_json()
    response = client.post(f"/api/v1/lists/{full['id']}/queries", data=orjson.dumps({"q": KAZAKHSTAN_AR}),
                           headers=JSON_HEADERS)
    assert_error(response, 400, "list_full")
    assert len(client.get(f"/api/v1/lists/{full['id']}/export").get_json()["queries"]) == MAX_QUERIES_PER_LIST


def test_digest_marks_the_queries_its_deadline_cut(seed_index, tmp_path):
    store = ListStore(tmp_path / DB_NAME, clock=lambda: 0)
    list_id = store.create_list("آسیای میانه")["id"]
    for q in (KAZAKHSTAN_FA, KAZAKHSTAN_AR, "آلماتی", "توکایف", "روسیه", "ایران"):
        store.add_query(list_id, q, {}, "relevance")
    with open_index(seed_index).searcher() as searcher:
        digest = list_digest(searcher, store, list_id, time_limit=20.0, clock=Seconds(step=1.0))
    first, last = digest["queries"][0], digest["queries"][-1]
    assert (first["unfinished"], first["total"] > 0) == (False, True)
    assert (last["unfinished"], last["hits"], last["total"]) == (True, [], 0)


def test_digest_without_deadline_trouble_finishes_every_query(client):
    list_id = new_list(client)
    client.post(f"/api/v1/lists/{list_id}/queries", data=orjson.dumps({"q": KAZAKHSTAN_FA}), headers=JSON_HEADERS)
    digest = client.get(f"/api/v1/lists/{list_id}").get_json()
    assert [q["unfinished"] for q in digest["queries"]] == [False]


def test_list_page_says_which_queries_are_unfinished(seed_index, tmp_path, clock, monkeypatch):
    from search_app.web import views

    app = make_app(seed_index, tmp_path / "data", clock)
    c = app.test_client()
    list_id = new_list(c)
    c.post(f"/api/v1/lists/{list_id}/queries", data=orjson.dumps({"q": KAZAKHSTAN_FA}), headers=JSON_HEADERS)
    monkeypatch.setattr(views, "list_digest", lambda *a, **k: list_digest(*a, **k, clock=Seconds(step=100.0)))
    page = c.get(f"/lists/{list_id}").get_data(as_text=True)
    assert page.count('data-testid="unfinished"') == 1


def test_holder_closes_searchers_left_idle(seed_index):
    seconds = Seconds()
    holder = SearcherHolder(seed_index, clock=seconds)
    first = holder.acquire()
    holder.release(first)
    seconds.now += IDLE_SECONDS + 1
    second = holder.acquire()
    assert (second is first, first.is_closed, holder.idle_count()) == (False, True, 0)


def test_holder_lends_an_idle_searcher_again(seed_index):
    holder = SearcherHolder(seed_index, clock=Seconds())
    first = holder.acquire()
    holder.release(first)
    assert holder.acquire() is first


def test_parts_cut_at_line_breaks_and_cover_the_text():
    text = SENTENCE * 1000
    bounds = part_bounds(text)
    assert "".join(text[a:b] for a, b in bounds) == text
    assert all(text[b - 1] == "\n" and b - a <= PART_CHARS for a, b in bounds[:-1])


def test_a_short_text_is_one_part():
    assert part_bounds(SENTENCE) == [(0, len(SENTENCE))]


def test_document_page_refuses_a_part_it_does_not_have(client):
    doc_id = client.get("/api/v1/search", query_string={"q": KAZAKHSTAN_FA}).get_json()["hits"][0]["id"]
    assert client.get(f"/documents/{doc_id}", query_string={"part": "9"}).status_code == 400


@pytest.fixture
def waitress_url(app):
    """The app on waitress with `fahras serve`'s limits, on a free loopback port."""
    import threading

    import waitress

    from search_app.serving import waitress_options

    options = {k: v for k, v in waitress_options("127.0.0.1", 0, 2, None).items() if k not in ("host", "port")}
    server = waitress.create_server(app, host="127.0.0.1", port=0, **options)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.effective_port}"
    stop.set()
    thread.join()
    server.close()


def test_waitress_answers_a_large_chunked_body_with_a_json_413(waitress_url):
    import http.client

    connection = http.client.HTTPConnection(waitress_url, timeout=30)
    chunks = (b"[" + b"1," * 50_000 + b"1]" for _ in range(30))
    connection.request("POST", "/api/v1/lists", body=chunks, encode_chunked=True, headers=JSON_HEADERS)
    response = connection.getresponse()
    body = orjson.loads(response.read())
    assert (response.status, body["error"]["code"]) == (413, "request_entity_too_large")


def test_waitress_answers_a_100kb_url_with_a_json_414(waitress_url):
    import http.client

    connection = http.client.HTTPConnection(waitress_url, timeout=30)
    connection.request("GET", "/api/v1/search?q=" + "a" * 100_000)
    response = connection.getresponse()
    assert (response.status, orjson.loads(response.read())["error"]["code"]) == (414, "request_uri_too_long")


def test_a_word_repeated_in_an_or_is_searched_once():
    repeated = query.compile_query(query.parse_query(" OR ".join([KAZAKHSTAN_FA] * 100)))
    assert repeated.scored == query.compile_query(query.parse_query(KAZAKHSTAN_FA)).scored



def test_hits_past_the_deadline_come_without_marks(seed_index):
    with open_index(seed_index).searcher() as searcher:
        req = parse_search({"q": KAZAKHSTAN_FA, "size": "3"})
        hits = run_search(searcher, req, time_limit=1000.0, clock=Seconds(step=1.0)).hits
        marked = [("<mark" in h["title_html"] + h["snippet_html"]) for h in hits]
        limit = 8.0  # calls of the clock: start, expansion check, one per match (at most 5), then one per hit
        late = run_search(searcher, req, time_limit=limit, clock=Seconds(step=1.0), vectorised=False)
    assert (marked[0], late.timed_out, "<mark" in late.hits[-1]["snippet_html"]) == (True, True, False)


def test_document_page_shows_a_long_article_in_parts(writable_index, tmp_path, clock):
    from indexer.writer import run_index

    article = {"id": "long-almaty", "title": "آلماتی", "body": SENTENCE * 1000, "lang": "fa"}
    path = tmp_path / "long.jsonl"
    path.write_bytes(orjson.dumps(article))
    run_index(writable_index, [path], rebuild=False, prune=False, delete_ids=[], max_bytes=20_000_000,
              progress=False)
    c = make_app(writable_index, tmp_path / "data", clock).test_client()
    parts = len(part_bounds(article["body"]))
    last = c.get("/documents/long-almaty", query_string={"part": str(parts)}).get_data(as_text=True)
    whole = c.get("/api/v1/documents/long-almaty").get_json()["body"]
    assert (parts > 1, f'data-parts="{parts}"' in last, 'data-testid="next-part"' in last) == (True, True, False)
    first = c.get("/documents/long-almaty").get_data(as_text=True)
    assert (first.count("آلماتی تصرف"), whole) == (PART_CHARS // len(SENTENCE), article["body"].strip())
