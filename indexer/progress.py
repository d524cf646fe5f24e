"""A one-line progress counter for long runs: documents done, documents per second, elapsed time."""
from __future__ import annotations

import time
from typing import Callable, TextIO

REDRAW_SECONDS = 0.25


class Progress:
    """Redraws one line on `stream` at most every REDRAW_SECONDS; with `stream=None` it only counts."""

    def __init__(self, stream: TextIO | None, *, label: str = "indexing",
                 clock: Callable[[], float] = time.monotonic):
        self.stream = stream
        self.label = label
        self.clock = clock
        self.done = 0
        self.started = clock()
        self.drawn_at = self.started

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.stream is not None and self.clock() - self.drawn_at >= REDRAW_SECONDS:
            self.draw()

    def phase(self, label: str) -> None:
        """Say what a long pause is for, such as the final commit once every document is read."""
        self.label = label
        if self.stream is not None:
            self.draw()

    def rate(self) -> float:
        elapsed = self.clock() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        elapsed = int(self.clock() - self.started)
        return f"{self.label}: {self.done:,} docs | {self.rate():,.0f} docs/s | {elapsed // 60}:{elapsed % 60:02d}"

    def draw(self) -> None:
        self.drawn_at = self.clock()
        self.stream.write("\r" + self.line() + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.draw()
            self.stream.write("\n")
            self.stream.flush()
