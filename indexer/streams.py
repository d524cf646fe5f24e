"""Files read in bounded pieces: a container (JSON Lines, JSON array, CSV) split into its records as a stream.

A record is never held whole before its size is known: the stream is read in chunks of CHUNK bytes and
a record longer than `max_bytes` is dropped as it is read, only its size and lines counted. Sizes are
bytes as read after gunzipping (in UTF-8 for a UTF-16 file). Finding where a record ends needs only the
characters that delimit records (brackets, braces, commas, quotes, newlines), which are ASCII: UTF-8 and
Windows-1256 never use ASCII bytes inside other characters, so the splitters work on bytes, and each
record is decoded on its own.
"""
from __future__ import annotations

import codecs
import io
import os
import re
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from indexer.walk import not_regular

CHUNK = 1 << 16


class StreamError(Exception):
    """The stream cannot be read on: `line` is where it broke (0 when unknown), `reason` says why."""

    def __init__(self, reason: str, line: int = 0):
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class Piece:
    """One record's bytes, or None when it was over the limit; its size in bytes; the line it starts on."""

    data: bytes | None
    size: int
    line: int


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for binary reading; OSError when it is not a regular file.

    O_NONBLOCK makes even a named pipe put in place since the walk looked at it open without waiting.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(0, not_regular(mode))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(stream: BinaryIO, max_bytes: int) -> bytes | None:
    """The whole stream, or None when it holds more than `max_bytes` bytes.

    Read by chunks, at most one byte past the limit: asking for max_bytes at once would allocate that much.
    """
    parts, size = [], 0
    while size <= max_bytes and (part := stream.read(min(CHUNK, max_bytes + 1 - size))):
        parts.append(part)
        size += len(part)
    return None if size > max_bytes else b"".join(parts)


def as_utf8(stream: BinaryIO) -> BinaryIO:
    """The stream without a leading UTF-8 BOM; a stream that starts with a UTF-16 BOM, recoded as UTF-8."""
    head = stream.peek(3)[:3]
    if head.startswith(codecs.BOM_UTF8):
        stream.read(len(codecs.BOM_UTF8))
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return io.BufferedReader(_Utf16AsUtf8(stream), CHUNK)
    return stream


class _Utf16AsUtf8(io.RawIOBase):
    """A UTF-16 stream's text as UTF-8 bytes, so that the splitters find ASCII delimiters as single bytes."""

    def __init__(self, stream: BinaryIO):
        self._text = io.TextIOWrapper(stream, encoding="utf-16", newline="")
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self._pending:
            try:
                self._pending = self._text.read(CHUNK // 4).encode("utf-8")
            except UnicodeDecodeError:
                raise StreamError("invalid UTF-16 after a UTF-16 BOM") from None
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class LineEnds:
    """JSON Lines: a record ends at each newline."""

    def ends(self, chunk: bytes) -> Iterator[tuple[int, int]]:
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            start = end + 1
            yield end, start

    def finish(self) -> None:
        pass


class CsvRowEnds:
    """CSV (Python's default dialect): a row ends at a line break outside quotes.

    The states are those of the csv module's reader: a quote opens a quoted field only at the start of a
    field, and two quotes inside one stand for one quote.
    """

    START, FIELD, QUOTED, QUOTE_IN_QUOTED = range(4)
    FIELD_END = re.compile(rb"[,\r\n]")

    def __init__(self):
        self.state = self.START

    def ends(self, chunk: bytes) -> Iterator[tuple[int, int]]:
        at, size = 0, len(chunk)
        while at < size:
            if self.state == self.QUOTED:
                quote = chunk.find(b'"', at)
                if quote < 0:
                    return
                self.state, at = self.QUOTE_IN_QUOTED, quote + 1
            elif self.state == self.FIELD:
                found = self.FIELD_END.search(chunk, at)
                if found is None:
                    return
                self.state, at = self.START, found.start()
            else:
                byte = chunk[at]
                if byte in b"\r\n":
                    self.state = self.START
                    yield at, at + 1
                elif byte == ord(","):
                    self.state = self.START
                elif byte == ord('"'):
                    self.state = self.QUOTED
                else:
                    self.state = self.FIELD
                at += 1

    def finish(self) -> None:
        pass


class JsonItemEnds:
    """A JSON array: an item ends at a comma or the closing bracket outside any string, object or inner array.

    Whatever precedes the opening bracket is a blank record; what follows the closing one must be blank.
    orjson then judges each item on its own.
    """

    OUTSIDE = re.compile(rb'[\[\]{},"]')
    NOT_BLANK = re.compile(rb"\S")

    def __init__(self):
        self.depth = 0  # 1 inside the array, more inside an item
        self.started = self.ended = self.in_string = self.escaped = False

    def ends(self, chunk: bytes) -> Iterator[tuple[int, int]]:
        at, size = 0, len(chunk)
        while at < size:
            if self.ended:
                if self.NOT_BLANK.search(chunk, at):
                    raise StreamError("malformed JSON: more data after the end of the array")
                return
            if not self.started:
                found = self.NOT_BLANK.search(chunk, at)
                if found is None:
                    return
                if found[0] != b"[":
                    raise StreamError("not a JSON array of articles")
                self.started, self.depth, at = True, 1, found.end()
                yield found.start(), at
            elif self.escaped:
                self.escaped, at = False, at + 1
            elif self.in_string:
                at = self._past_string_mark(chunk, at)
            else:
                found = self.OUTSIDE.search(chunk, at)
                if found is None:
                    return
                at = found.end()
                mark = found[0]
                if mark == b'"':
                    self.in_string = True
                elif mark in (b"[", b"{"):
                    self.depth += 1
                elif mark in (b"]", b"}"):
                    self.depth -= 1
                    if self.depth == 0:
                        self.ended = True
                        yield found.start(), at
                elif self.depth == 1:
                    yield found.start(), at

    def _past_string_mark(self, chunk: bytes, at: int) -> int:
        """Past the next quote or backslash of the string being read (bytes.find: strings are most of the data)."""
        quote = chunk.find(b'"', at)
        backslash = chunk.find(b"\\", at, None if quote < 0 else quote)
        if backslash >= 0:
            self.escaped = True
            return backslash + 1
        if quote >= 0:
            self.in_string = False
            return quote + 1
        return len(chunk)

    def finish(self) -> None:
        if not self.started:
            raise StreamError("empty file")
        if not self.ended:
            raise StreamError("malformed JSON: the file ends inside the array (unexpected end of data)")


def split_records(stream: BinaryIO, splitter, max_bytes: int, *, read_error: str = "cannot read") -> Iterator[Piece]:
    """The pieces of `stream` (after `as_utf8`) between the record ends `splitter` finds, blank ones included,
    then what follows the last end unless it is blank.

    A StreamError carries the line where reading broke; an error of the stream itself (a bad gzip member,
    a read that fails) has `read_error` before its own message.
    """
    line, lines, size, kept = 1, 0, 0, []
    try:
        stream = as_utf8(stream)
        for chunk in iter(lambda: stream.read1(CHUNK), b""):
            start = 0
            for end, next_start in splitter.ends(chunk):
                size += end - start
                if kept is not None and size <= max_bytes:
                    kept.append(chunk[start:end])
                yield Piece(None if kept is None or size > max_bytes else b"".join(kept), size, line)
                line += lines + chunk.count(b"\n", start, next_start)
                lines, size, kept, start = 0, 0, [], next_start
            size += len(chunk) - start
            lines += chunk.count(b"\n", start)
            if kept is not None and size <= max_bytes:
                kept.append(chunk[start:])
            else:
                kept = None
        splitter.finish()
    except (OSError, EOFError, zlib.error) as e:
        raise StreamError(f"{read_error}: {getattr(e, 'strerror', None) or e}", line) from None
    except StreamError as e:
        raise StreamError(e.reason, e.line or line) from None
    rest = None if kept is None else b"".join(kept)
    if rest is None or rest.strip():
        yield Piece(rest, size, line)
