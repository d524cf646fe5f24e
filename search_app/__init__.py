"""The Flask app: `create_app(settings)` wires settings, per-request state, error handlers and blueprints."""
from __future__ import annotations

from collections.abc import Callable

import orjson
from flask import Flask, request
from flask.json.provider import JSONProvider
from werkzeug.exceptions import RequestURITooLarge

from search_app.web import errors, state
from search_app.settings import Settings

MAX_BODY_BYTES = 2_000_000
MAX_URL_BYTES = 16_384


class OrjsonProvider(JSONProvider):
    """`jsonify`, `app.json.response` and `request.get_json` through orjson."""

    def dumps(self, obj, **kwargs) -> str:
        return orjson.dumps(obj).decode()

    def loads(self, s, **kwargs):
        return orjson.loads(s)

    def response(self, *args, **kwargs):
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(orjson.dumps(obj), mimetype="application/json")


def create_app(settings: Settings | None = None, *, clock: Callable[[], int] | None = None) -> Flask:
    """Build the app; `clock` (epoch ms) decides what counts as new for saved queries."""
    from search_app.web import api, views

    app = Flask(__name__)
    app.json = OrjsonProvider(app)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.before_request(refuse_long_urls)
    settings = settings or Settings.from_env()
    app.secret_key = settings.secret_key
    state.init_app(app, settings, clock=clock)
    with app.app_context():
        state.warm_up()
    errors.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    return app


def refuse_long_urls() -> None:
    """414 for a URL longer than MAX_URL_BYTES: pages repeat their parameters in every link, so a long
    URL makes a long page; the error handlers answer it in the JSON shape under /api/."""
    length = len(request.environ.get("PATH_INFO", "")) + len(request.environ.get("QUERY_STRING", ""))
    if length > MAX_URL_BYTES:
        raise RequestURITooLarge(f"The URL has {length} bytes; at most {MAX_URL_BYTES} are allowed.")
