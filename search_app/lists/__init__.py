"""Saved query lists: the SQLite store and the digest that re-runs them."""
