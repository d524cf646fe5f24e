"""Reading containers: Fahras' streamed records against whole-file reading, same files, same run.

    .venv/bin/python tests/bench/sources.py [--shared ../shared]

The Arabic dev corpus is written as JSON Lines, gzipped JSON Lines, a JSON array (indented) and CSV into
a temporary folder. fahras: `iter_records` with the default --max-bytes. baseline: the file read whole,
decoded, and parsed at once (orjson for JSON, splitting lines for JSON Lines, csv.reader for CSV), as
Fahras read containers before streaming. Records per second and the peak of Python allocations
(tracemalloc) for each, and their ratio. Prints figures only; exits 0 with a note when the corpus is missing.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import orjson

from indexer.records import Record
from indexer.sources import iter_records

CORPUS = Path("corpora") / "ar-news-dev.jsonl.gz"
FIELDS = ("id", "title", "body", "author", "date", "source", "url", "lang")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    corpus = parser.parse_args().shared / CORPUS
    if not corpus.is_file():
        print(f"bench-sources: {corpus} is missing; nothing to measure.")
        return 0
    records = [orjson.loads(line) for line in gzip.open(corpus, "rb")]
    with tempfile.TemporaryDirectory(prefix="fahras-bench-") as tmp:
        files = write_containers(records, Path(tmp))
        print(f"{len(records)} articles of {corpus}")
        print("file | MB | fahras rec/s | baseline rec/s | ratio | fahras peak MB | baseline peak MB")
        for path, whole in files:
            fahras = measure(lambda: sum(isinstance(i, Record) for i in iter_records([path])))
            baseline = measure(lambda: whole(path.read_bytes()))
            print(f"{path.name} | {path.stat().st_size / 1e6:.0f} | {fahras[0]:.0f} | {baseline[0]:.0f} | "
                  f"{fahras[0] / baseline[0]:.2f} | {fahras[1]:.1f} | {baseline[1]:.0f}")
    return 0


def write_containers(records: list[dict], folder: Path) -> list[tuple[Path, Callable[[bytes], int]]]:
    """Each container file with its whole-file reader (which returns the number of records)."""
    lines = b"".join(orjson.dumps(r) + b"\n" for r in records)
    (folder / "ar.jsonl").write_bytes(lines)
    (folder / "ar.jsonl.gz").write_bytes(gzip.compress(lines, compresslevel=6))
    (folder / "ar.json").write_bytes(orjson.dumps(records, option=orjson.OPT_INDENT_2))
    with open(folder / "ar.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(FIELDS)
        writer.writerows([r.get(name) or "" for name in FIELDS] for r in records)
    return [(folder / "ar.jsonl", jsonl), (folder / "ar.jsonl.gz", lambda data: jsonl(gzip.decompress(data))),
            (folder / "ar.json", lambda data: len(orjson.loads(data.decode("utf-8")))),
            (folder / "ar.csv", lambda data: sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))) - 1)]


def jsonl(data: bytes) -> int:
    return sum(1 for line in data.decode("utf-8").split("\n") if line.strip() and orjson.loads(line))


def measure(read: Callable[[], int]) -> tuple[float, float]:
    """(records per second, peak MB of Python allocations)."""
    tracemalloc.start()
    start = time.perf_counter()
    count = read()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return count / seconds, peak


if __name__ == "__main__":
    raise SystemExit(main())
