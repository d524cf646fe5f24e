"""The Flask side: HTML views, the JSON API, errors, CSRF, interface languages and per-request state."""
