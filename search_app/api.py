"""The JSON API under /api/v1: thin routes over search.py and lists.py, answered with orjson."""
from __future__ import annotations

from flask import Blueprint, current_app

from indexer.errors import FahrasError
from indexer.store import stored_to_dict
from search_app import state

bp = Blueprint("api", __name__)


def json_response(data, status: int = 200):
    response = current_app.json.response(data)
    response.status_code = status
    return response


@bp.get("/documents/<doc_id>")
def document_json(doc_id: str):
    fields = state.searcher().document(id=doc_id)
    if fields is None:
        raise FahrasError("not_found", f"no document with id {doc_id!r}", 404)
    return json_response(stored_to_dict(fields))
