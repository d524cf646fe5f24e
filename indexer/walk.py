"""Which files an index run reads: the inputs walked in a stable order, and a Problem for each path skipped.

Folders are read recursively, hidden entries (a name starting with ".") left out, files in the order of
their paths relative to the input folder. A symbolic link to a folder is followed, and each folder is read
once: a link back to a folder being read is a loop, a second way to a folder already read is reported,
neither is read again. A folder named as an input and also inside another input (`--input news
--input news/2022`, in either order) is simply read once, under the input that reaches it first. Broken and looping links, folders that cannot be listed, and anything that is not a
regular file (a named pipe, a socket, a device) are reported with their path, and never opened: opening a
named pipe for reading waits for a writer that may never come.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from indexer.records import Problem

SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                 (stat.S_ISBLK, "a block device"))

Key = tuple[int, int]  # a folder's device and inode
Entry = tuple[Path, os.stat_result | Problem]


def walk_inputs(paths: Iterable[Path | str]) -> Iterator[tuple[Path, Path] | Problem]:
    """(file, root) for each regular file under `paths`, root being the folder its id is relative to."""
    paths = [Path(p) for p in paths]
    statuses = [_status(path) for path in paths]
    named = {_key(status) for status in statuses if _is_dir(status)}
    seen: dict[Key, Path] = {}
    for path, status in zip(paths, statuses):
        if _is_dir(status) and _key(status) in seen:
            continue
        yield from _walk(path, path if _is_dir(status) else path.parent, status, seen, named)


def not_regular(mode: int) -> str:
    """Why a path of this mode is not read."""
    kind = next((name for test, name in SPECIAL_KINDS if test(mode)), "a special file")
    return f"not a regular file but {kind}, not read"


def _walk(top: Path, root: Path, status: os.stat_result | Problem, seen: dict[Key, Path], named: set[Key]
          ) -> Iterator[tuple[Path, Path] | Problem]:
    """Depth first with an explicit stack (of folder keys and entries left), so no tree is too deep."""
    stack: list[tuple[Key | None, Iterator[Entry]]] = [(None, iter([(top, status)]))]
    while stack:
        entry = next(stack[-1][1], None)
        if entry is None:
            stack.pop()
            continue
        path, status = entry
        if isinstance(status, Problem):
            yield status
        elif stat.S_ISDIR(status.st_mode):
            listing = _listing(path, status, [key for key, _ in stack], seen, named)
            if isinstance(listing, Problem):
                yield listing
            else:
                stack.append((_key(status), iter(listing)))
        elif stat.S_ISREG(status.st_mode):
            yield path, root
        else:
            yield Problem(str(path), not_regular(status.st_mode))


def _listing(folder: Path, status: os.stat_result, ancestors: list, seen: dict[Key, Path], named: set[Key]
             ) -> list[Entry] | Problem:
    """The visible entries of `folder`, sorted so that files come in the order of their relative paths;
    none for an input folder already read as an input of its own.

    A folder sorts as its name followed by "/", as it does inside each path under it.
    """
    key = _key(status)
    if key in ancestors:
        return Problem(str(folder), "symbolic link loop: leads back to a folder being read, not followed")
    if key in seen and key in named:
        return []
    if key in seen:
        return Problem(str(folder), f"same folder as {seen[key]}, already read")
    seen[key] = folder
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries if not entry.name.startswith(".")]
    except OSError as e:
        return Problem(str(folder), f"cannot read folder: {e.strerror or e}")
    statuses = [(folder / name, _status(folder / name)) for name in names]
    return sorted(statuses, key=lambda entry: entry[0].name + ("/" if _is_dir(entry[1]) else ""))


def _status(path: Path) -> os.stat_result | Problem:
    """The status of what `path` leads to, following links; a Problem when it leads nowhere."""
    try:
        return path.stat()
    except OSError as e:
        if e.errno == errno.ELOOP:
            return Problem(str(path), "symbolic link loop")
        if e.errno == errno.ENOENT and path.is_symlink():
            return Problem(str(path), f"broken symbolic link (to {os.readlink(path)})")
        if e.errno == errno.ENOENT:
            return Problem(str(path), "no such file or directory")
        return Problem(str(path), f"cannot read: {e.strerror or e}")


def _is_dir(status: os.stat_result | Problem) -> bool:
    return not isinstance(status, Problem) and stat.S_ISDIR(status.st_mode)


def _key(status: os.stat_result) -> Key:
    return status.st_dev, status.st_ino
