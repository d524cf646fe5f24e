"""The JSON API under /api/v1: thin routes over search.py, lists.py and saved.py, answered with orjson.

Writes are not usable cross-site: they must be `Content-Type: application/json` (a cross-site HTML form
cannot send that without a CORS preflight, which Fahras never answers), and when an API token is set
they must carry it as a bearer token. A write without a body (`curl -X DELETE`) needs no content type
unless a browser sends it from another site, which it says in the Origin header.
"""
from __future__ import annotations

import hmac
from functools import cache
from importlib.resources import files
from urllib.parse import urlsplit

import orjson
from flask import Blueprint, current_app, request

from indexer.errors import FahrasError
from indexer.store import find_document
from search_app.web import state
from search_app.lists.store import parse_import, parse_saved_query
from search_app.lists.saved import DIGEST_SIZE, list_digest, run_saved_query, saved_request
from search_app.core.entity_page import entity_page
from search_app.core.export import FORMATS, check_format, csv_lines, encode, export_rows
from search_app.core.search import parse_search, run_search, searcher_gazetteer

bp = Blueprint("api", __name__)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON_MIMETYPE = "application/json"
RUN_OVERRIDES = ("page", "size")
SQLITE_MAX_INT = 2**63 - 1
LIST_PATH = f"/lists/<int(max={SQLITE_MAX_INT}):list_id>"
QUERY_PATH = f"{LIST_PATH}/queries/<int(max={SQLITE_MAX_INT}):query_id>"


def json_response(data, status: int = 200):
    response = current_app.json.response(data)
    response.status_code = status
    return response


def no_content():
    return current_app.response_class(status=204)


@cache
def openapi_bytes() -> bytes:
    return files("search_app").joinpath("openapi.json").read_bytes()


@bp.before_request
def guard_writes() -> None:
    if request.method not in WRITE_METHODS:
        return
    token = state.settings().api_token
    if token is not None:
        scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(sent.strip().encode(), token.encode()):
            raise FahrasError("unauthorized", "API writes need the header 'Authorization: Bearer <token>'", 401)
    if request.mimetype != JSON_MIMETYPE and not bodiless_same_site():
        raise FahrasError(
            "unsupported_media_type", f"API writes must be sent as 'Content-Type: {JSON_MIMETYPE}'", 415
        )


def bodiless_same_site() -> bool:
    """A write with no body and no content type, not sent by a browser from another site."""
    if request.mimetype or request.content_length or "Transfer-Encoding" in request.headers:
        return False
    origin = request.headers.get("Origin")
    return origin is None or urlsplit(origin).netloc == request.host


def json_body(*, empty_ok: bool = False) -> dict:
    """The request body as a JSON object; an empty body is `{}` where the route allows it."""
    raw = request.get_data(cache=False)
    if not raw.strip() and empty_ok:
        return {}
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise FahrasError("bad_json", f"the request body is not valid JSON: {e}", 400) from None
    if not isinstance(body, dict):
        raise FahrasError("bad_json", "the request body must be a JSON object", 400)
    return body


def only_fields(body: dict, allowed: set[str]) -> dict:
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise FahrasError("bad_parameter", f"{unknown[0]}: unknown field", 400)
    return body


def query_overrides(names) -> dict:
    return {name: request.args.getlist(name) for name in names if name in request.args}


@bp.get("/openapi.json")
def openapi_json():
    return current_app.response_class(openapi_bytes(), mimetype=JSON_MIMETYPE)


@bp.get("/search")
def search_json():
    req = parse_search(request.args.to_dict(flat=False))
    fmt = request.args.get("format", "json")
    if fmt != "json":
        return export_response(req, check_format(fmt))
    result = run_search(state.searcher(), req, time_limit=state.settings().query_time_limit)
    return json_response(result.to_dict())


def export_response(req, fmt: str):
    """A streamed download of every matching article. The rows are read after the request's teardown,
    so the export holds a searcher of its own, given back when the response is closed."""
    holder = state.app_state().searchers
    searcher = holder.acquire()
    try:
        rows = export_rows(searcher, req, gazetteer=searcher_gazetteer(searcher),
                           time_limit=state.settings().query_time_limit)
    except BaseException:
        holder.release(searcher)
        raise
    response = attachment(encode(rows, fmt), fmt, "fahras-search")
    response.call_on_close(lambda: holder.release(searcher))
    return response


def attachment(body, fmt: str, name: str):
    response = current_app.response_class(body, mimetype=FORMATS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@bp.get("/documents/<path:doc_id>")
def document_json(doc_id: str):
    return json_response(find_document(state.searcher(), doc_id))


@bp.get("/entities/<path:entity_id>")
def entity_json(entity_id: str):
    searcher = state.searcher()
    return json_response(entity_page(searcher, entity_id, searcher_gazetteer(searcher)))


@bp.get("/lists")
def lists_json():
    return json_response({"lists": state.list_store().all_lists()})


@bp.post("/lists")
def create_list_json():
    body = only_fields(json_body(), {"name"})
    return json_response(state.list_store().create_list(body.get("name")), 201)


@bp.post("/lists/import")
def import_list_json():
    name, saved = parse_import(json_body())
    for i, item in enumerate(saved):
        saved_request(item, field=f"queries[{i}]")
    return json_response(state.list_store().import_list(saved, name), 201)


@bp.get(LIST_PATH)
def list_json(list_id: int):
    size = parse_search({"size": request.args.get("size", str(DIGEST_SIZE))}).size
    digest = list_digest(state.searcher(), state.list_store(), list_id, size=size,
                         time_limit=state.settings().query_time_limit)
    return json_response(digest)


@bp.patch(LIST_PATH)
def rename_list_json(list_id: int):
    body = only_fields(json_body(), {"name"})
    return json_response(state.list_store().rename_list(list_id, body.get("name")))


@bp.delete(LIST_PATH)
def delete_list_json(list_id: int):
    state.list_store().delete_list(list_id)
    return no_content()


@bp.get(f"{LIST_PATH}/export")
def export_list_json(list_id: int):
    exported = state.list_store().export_list(list_id)
    fmt = request.args.get("format", "json")
    if fmt == "csv":
        rows = ([s["q"], orjson.dumps(s["filters"]).decode(), s["sort"]] for s in exported["queries"])
        return attachment(csv_lines([("q", "filters", "sort")], rows), "csv", f"fahras-list-{list_id}")
    if fmt != "json":
        raise FahrasError("bad_parameter", f"format: {fmt[:40]!r} is not one of json, csv.", 400)
    response = json_response(exported)
    response.headers["Content-Disposition"] = f'attachment; filename="fahras-list-{list_id}.json"'
    return response


@bp.post(f"{LIST_PATH}/queries")
def add_query_json(list_id: int):
    saved = parse_saved_query(json_body())
    saved_request(saved)
    return json_response(state.list_store().add_query(list_id, **saved), 201)


@bp.patch(QUERY_PATH)
def update_query_json(list_id: int, query_id: int):
    store = state.list_store()
    current = store.get_query(list_id, query_id)
    saved = parse_saved_query(json_body(), partial_of=current)
    saved_request(saved)
    return json_response(store.update_query(list_id, query_id, **saved))


@bp.delete(QUERY_PATH)
def delete_query_json(list_id: int, query_id: int):
    state.list_store().delete_query(list_id, query_id)
    return no_content()


@bp.post(f"{QUERY_PATH}/run")
def run_query_json(list_id: int, query_id: int):
    """The body is empty or a JSON object (the write guard wants one); page and size come in the URL."""
    json_body(empty_ok=True)
    result = run_saved_query(state.searcher(), state.list_store(), list_id, query_id,
                             overrides=query_overrides(RUN_OVERRIDES),
                             time_limit=state.settings().query_time_limit)
    return json_response(result)
