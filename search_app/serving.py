"""`fahras serve` on waitress: the production WSGI server's limits, in one place.

Waitress reads each request whole (headers, then body, spooled to a file past a size) on its event
loop before a worker thread sees it, so a slow or stalled client costs a socket, never a thread, and
it is dropped after CHANNEL_TIMEOUT seconds. URL and body limits are enforced by the app
(`MAX_URL_BYTES`, `MAX_BODY_BYTES` in `search_app`), so their 414 and 413 answers have the JSON error
shape; waitress's own limits sit above them and only stop what no client should send.
"""
from __future__ import annotations

import os
import socket
from collections.abc import Callable

from flask import Flask

DEFAULT_THREADS = 4
DEFAULT_WORKERS = min(os.cpu_count() or 1, 4)
CHANNEL_TIMEOUT = 30  # seconds a connection may stay silent while sending its request or reading the answer
HEADER_LIMIT = 262_144  # request line and headers; the app answers 414 above MAX_URL_BYTES first
BODY_LIMIT = 8_000_000  # above the app's own MAX_BODY_BYTES, which answers 413 in JSON
PROXY_HEADERS = "x-forwarded-for x-forwarded-host x-forwarded-proto x-forwarded-port"


def waitress_options(host: str, port: int, threads: int, trusted_proxy: str | None) -> dict:
    options = {
        "host": host, "port": port, "threads": threads, "channel_timeout": CHANNEL_TIMEOUT,
        "max_request_header_size": HEADER_LIMIT, "max_request_body_size": BODY_LIMIT,
        "ident": "fahras",
    }
    if trusted_proxy:
        options.update(trusted_proxy=trusted_proxy, trusted_proxy_headers=PROXY_HEADERS,
                       clear_untrusted_proxy_headers=True)
    return options


def serve_app(app: Flask, host: str, port: int, *, threads: int = DEFAULT_THREADS,
              trusted_proxy: str | None = None, workers: int = 1,
              make_app: Callable[[], Flask] | None = None) -> None:
    """Serve `app` until interrupted; with `workers` > 1, in that many processes sharing one listening
    socket (the kernel hands each connection to one of them), so searches use every core.

    Each forked worker builds its own app with `make_app`: Whoosh readers keep file positions, which two
    processes must never share. Workers die with the first process (Linux's parent-death signal).
    """
    import waitress

    from indexer.bulk import die_with_parent

    options = waitress_options(host, port, threads, trusted_proxy)
    if workers < 2:
        waitress.serve(app, **options)
        return
    del options["host"], options["port"]
    listening = socket.create_server((host, port))
    first = os.getpid()
    for _ in range(workers - 1):
        if os.fork() == 0:
            die_with_parent(first)
            app = make_app()
            break
    waitress.serve(app, sockets=[listening], **options)
