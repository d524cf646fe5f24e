"""A least-recently-used cache bounded by the summed sizes of its values (bytes, or a count)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable


class BoundedLRU:
    """Least recently used values leave first once their sizes pass `budget` (the newest always stays)."""

    def __init__(self, budget: int, size: Callable[[object], int]):
        self.budget, self.size = budget, size
        self.items: OrderedDict = OrderedDict()
        self.held = 0  # the summed sizes of `items`, kept as they come and go
        self.lock = threading.Lock()

    def get(self, key, build: Callable):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = build()
        with self.lock:
            if key in self.items:  # built meanwhile by another thread
                self.held -= self.size(self.items.pop(key))
            self.items[key] = value
            self.held += self.size(value)
            while self.held > self.budget and len(self.items) > 1:
                self.held -= self.size(self.items.popitem(last=False)[1])
        return value
