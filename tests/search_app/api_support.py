"""Fixtures and helpers for the JSON API tests: an app per test, a client that checks every /api/ response
against the OpenAPI document, and the one helper asserting the error shape."""
import json
import shutil
from importlib.resources import files

import pytest
from flask.testing import FlaskClient
from openapi_schema_validator import OAS31Validator
from werkzeug.exceptions import MethodNotAllowed, NotFound

from search_app import create_app
from search_app.settings import Settings

SPEC = json.loads(files("search_app").joinpath("openapi.json").read_text(encoding="utf-8"))
ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}
JSON_HEADERS = {"Content-Type": "application/json"}


class FakeClock:
    """Epoch ms that only move when a test moves them."""

    def __init__(self, now: int = 0):
        self.now = now

    def __call__(self) -> int:
        return self.now


def operation(operation_id: str) -> dict:
    for item in SPEC["paths"].values():
        for method, op in item.items():
            if method != "parameters" and op["operationId"] == operation_id:
                return op
    raise AssertionError(f"{operation_id} is not in openapi.json")


def response_schema(app, path: str, method: str, status: int, mimetype: str = "application/json") -> dict | None:
    """The document's schema for this response; None for a documented response without a body."""
    try:
        endpoint, _ = app.url_map.bind("localhost").match(path, method)
    except (NotFound, MethodNotAllowed):
        return ERROR_SCHEMA
    responses = operation(endpoint)["responses"]
    assert str(status) in responses, f"{method} {path}: status {status} is not documented for {endpoint}"
    content = responses[str(status)].get("content")
    if not content:
        return None
    assert mimetype in content, f"{method} {path}: {mimetype} is not documented for {endpoint}"
    return content[mimetype]["schema"]


def assert_matches_schema(body, schema: dict) -> None:
    OAS31Validator({**schema, "components": SPEC["components"]}).validate(body)


class SpecClient(FlaskClient):
    """A test client that validates each /api/ response body against openapi.json."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        request = response.request
        if request.path.startswith("/api/") and request.method not in ("HEAD", "OPTIONS"):
            schema = response_schema(self.application, request.path, request.method, response.status_code,
                                     response.mimetype)
            if schema is None:
                assert response.data == b""
            elif response.mimetype == "application/json":
                assert_matches_schema(response.get_json(), schema)
        return response


def assert_error(response, status: int, code: str) -> dict:
    """The one check of the error shape: `{"error": {"code", "message"}}` as JSON with this status."""
    assert (response.status_code, response.mimetype) == (status, "application/json")
    body = response.get_json()
    assert list(body) == ["error"]
    assert sorted(body["error"]) == ["code", "message"]
    assert body["error"]["code"] == code
    assert body["error"]["message"].strip() != ""
    return body["error"]


def make_app(index_dir, data_dir, clock, **settings):
    app = create_app(Settings(index_dir=index_dir, data_dir=data_dir, **settings), clock=clock)
    app.test_client_class = SpecClient
    return app


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def app(seed_index, tmp_path, clock):
    """The app over the shared seed index (read-only) with saved lists in this test's directory."""
    return make_app(seed_index, tmp_path / "data", clock)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def writable_index(seed_index, tmp_path):
    index_dir = tmp_path / "ix"
    shutil.copytree(seed_index, index_dir)
    return index_dir
