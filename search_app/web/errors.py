"""App-level error handlers: `{"error": {"code", "message"}}` under /api/, the error page elsewhere.

App level, not blueprint level, because blueprint handlers never see routing 404s and 405s.
"""
from __future__ import annotations

import re

from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.errors import FahrasError

API_PREFIX = "/api/"
INTERNAL_MESSAGE = "Something went wrong on our side; the error has been logged."


def init_app(app: Flask) -> None:
    app.register_error_handler(FahrasError, handle_fahras_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)


def handle_fahras_error(e: FahrasError):
    response = error_response(e.code, e.message, e.status)
    if e.status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def handle_http_exception(e: HTTPException):
    response = error_response(http_error_code(e), e.description or e.name, e.code)
    for name, value in e.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_unexpected(e: Exception):
    current_app.logger.error("unhandled error on %s %s", request.method, request.path, exc_info=e)
    return error_response("internal_error", INTERNAL_MESSAGE, 500)


def http_error_code(e: HTTPException) -> str:
    """"Method Not Allowed" -> "method_not_allowed"."""
    return re.sub(r"[^a-z0-9]+", "_", e.name.lower()).strip("_")


def error_response(code: str, message: str, status: int):
    if request.path.startswith(API_PREFIX):
        response = current_app.json.response({"error": {"code": code, "message": message}})
        response.status_code = status
        return response
    page = render_template("error.html", code=code, message=message, status=status)
    return current_app.make_response((page, status))
