"""Error handlers: one JSON shape under /api/, the error page elsewhere, never a 500 for user input."""
import logging

import pytest
from api_support import JSON_HEADERS, app, assert_error, client, clock  # noqa: F401

import search_app.web.api


def test_api_unknown_path_is_json_404(client):
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")


def test_api_unknown_document_is_json_404(client):
    error = assert_error(client.get("/api/v1/documents/no-such-id"), 404, "not_found")
    assert error["message"] == "no document with id 'no-such-id'"


def test_api_wrong_method_is_json_405_with_allow(client):
    response = client.delete("/api/v1/documents/anything", headers=JSON_HEADERS)
    assert_error(response, 405, "method_not_allowed")
    assert sorted(response.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS"]


def test_api_bug_is_json_500_with_traceback_logged(client, monkeypatch, caplog):
    def broken(searcher, doc_id):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(search_app.web.api, "find_document", broken)
    doc_id = client.get("/api/v1/search?q=قزاقستان").get_json()["hits"][0]["id"]
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/api/v1/documents/{doc_id}")
    assert_error(response, 500, "internal_error")
    assert "ZeroDivisionError: a bug" in caplog.text


def test_page_unknown_path_renders_error_page(client):
    response = client.get("/nothing-here")
    assert (response.status_code, response.mimetype) == (404, "text/html")
    assert "not_found" in response.get_data(as_text=True)


def test_page_bug_renders_error_page_500_with_traceback_logged(app, caplog):
    def broken():
        raise ZeroDivisionError("a bug")

    app.add_url_rule("/broken", "broken", broken)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/broken")
    assert (response.status_code, response.mimetype) == (500, "text/html")
    assert ("internal_error" in response.get_data(as_text=True), "ZeroDivisionError: a bug" in caplog.text) == (
        True, True)


@pytest.mark.parametrize(
    "path", ["/api/v1/search", "/api/v1/documents/x", "/api/v1/lists", "/api/v1/lists/1"], ids=str
)
def test_api_never_answers_cross_origin_preflight_with_cors(client, path):
    response = client.options(path, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in response.headers
