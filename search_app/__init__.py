"""The Flask app: `create_app(settings)` wires settings, per-request state, error handlers and blueprints."""
from __future__ import annotations

from collections.abc import Callable

import orjson
from flask import Flask
from flask.json.provider import JSONProvider

from search_app.web import errors, state
from search_app.settings import Settings

MAX_BODY_BYTES = 2_000_000


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
    settings = settings or Settings.from_env()
    app.secret_key = settings.secret_key
    state.init_app(app, settings, clock=clock)
    with app.app_context():
        state.warm_up()
    errors.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    return app
