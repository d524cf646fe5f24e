"""Search latency: interactive queries through `fahras serve` over HTTP, next to bare Whoosh.

Indexes both dev corpora with the Fahras indexer (and, for comparison, with Whoosh's StandardAnalyzer),
reusing either index when it was built from the same input files (and, for Fahras, the same indexer and
analyzers source). Starts `fahras serve` on a free loopback port and replays queries of one to three
words taken from titles (half Persian, half Arabic titles; a quarter with a facet filter), one at a
time, each with facets and highlighting. Just before each request the same words go through a bare
Whoosh search in this process (all words required in title or body, top 10, no facets, no
highlighting), so both meet the same load on a shared machine. Prints p50/p95/p99 of both, their
ratios, the server's own `took_ms`, and the server's peak resident memory (VmHWM). Each query is also
sent with near-duplicate collapsing and the timeline switched off (`collapse=0&timeline=0`), right
after, and the p95 of both settings is compared.

    .venv/bin/python tests/bench/search_latency.py --shared ../shared
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from functools import partial
from pathlib import Path

import orjson
from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import MultifieldParser

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ("ar-news-dev.jsonl.gz", "fa-news-dev.jsonl.gz")
ZWNJ = "\u200c"
QUERY_SYNTAX_WORDS = {"OR", "AND", "NOT"}
FILTER_SHARE = 0.25
WARMUP_QUERIES = 20
STARTUP_SECONDS = 180
REQUEST_TIMEOUT_SECONDS = 30
TARGETS = {"ratio": 2.0, "p95_ms": 100.0, "p99_ms": 250.0, "rss_mb": 600.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--work", type=Path, default=ROOT / "index_data" / "bench-search",
                        help="Where the two indexes are built and kept for the next run.")
    parser.add_argument("--queries", type=int, default=600, help="Queries to replay (at least 500 for the targets).")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="Stop replaying after this long.")
    parser.add_argument("--seed", type=int, default=20260122)
    args = parser.parse_args()

    inputs = [args.shared / "corpora" / name for name in CORPORA]
    missing = [str(p) for p in inputs if not p.is_file()]
    if missing:
        print(f"search latency benchmark skipped: corpora not found ({', '.join(missing)})")
        return 0

    args.work.mkdir(parents=True, exist_ok=True)
    fahras_dir, bare_dir = args.work / "fahras", args.work / "bare"
    ensure_built(fahras_dir, input_stamp(inputs) + [code_fingerprint()], partial(build_fahras_index, inputs))
    ensure_built(bare_dir, input_stamp(inputs), partial(build_bare_index, inputs))

    queries = sample_queries(fahras_dir, args.queries + WARMUP_QUERIES, random.Random(args.seed))
    warmup, queries = queries[:WARMUP_QUERIES], queries[WARMUP_QUERIES:]
    with BareSearch(bare_dir) as bare, served(fahras_dir) as (base_url, pid):
        for query in warmup:
            bare(query)
            fetch(base_url, query)
        load_before = os.getloadavg()[0]
        run = replay(base_url, bare, queries, args.max_seconds)
        peak_rss_mb = vm_hwm_kb(pid) / 1024
    print(f"\nload average (1 min) {load_before:.1f} before the replay, {os.getloadavg()[0]:.1f} after, "
          f"on {os.cpu_count()} cores: other work on the machine slows both columns alike")
    report(queries, run, peak_rss_mb)
    return 0


def input_stamp(inputs: list[Path]) -> list:
    return [[p.name, p.stat().st_size, p.stat().st_mtime_ns] for p in inputs]


def code_fingerprint() -> str:
    """What the Fahras index depends on besides its inputs: the indexer's and analyzers' source."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "indexer").rglob("*.py")) + sorted((ROOT / "analyzers").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_built(index_dir: Path, stamp: list, build) -> None:
    """Build unless the index there was built from the same stamp (input names, sizes and times)."""
    stamp_path = index_dir.with_suffix(".inputs.json")
    if index_dir.is_dir() and stamp_path.is_file() and json.loads(stamp_path.read_text()) == stamp:
        print(f"reusing {index_dir}")
        return
    stamp_path.unlink(missing_ok=True)
    shutil.rmtree(index_dir, ignore_errors=True)
    started = time.perf_counter()
    build(index_dir)
    print(f"built {index_dir} in {time.perf_counter() - started:.0f} s")
    stamp_path.write_text(json.dumps(stamp))


def build_fahras_index(inputs: list[Path], index_dir: Path) -> None:
    from indexer.writer import run_index

    summary = run_index(index_dir, inputs, rebuild=True, prune=False, delete_ids=[], max_bytes=500_000_000,
                        progress=sys.stderr.isatty())
    print(summary.render())


def build_bare_index(inputs: list[Path], index_dir: Path) -> None:
    index_dir.mkdir(parents=True)
    analyzer = StandardAnalyzer()
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=analyzer), body=TEXT(analyzer=analyzer))
    writer = whoosh_index.create_in(index_dir, schema).writer(procs=2, limitmb=256, multisegment=True)
    for path in inputs:
        with gzip.open(path) as lines:
            for line in lines:
                record = orjson.loads(line)
                writer.add_document(id=record["id"], title=record.get("title") or "", body=record.get("body") or "")
    writer.commit()


def title_words(title: str) -> list[str]:
    """Words of a title that read as words in both query syntaxes: letters (and ZWNJ), two or more."""
    words = []
    for raw in title.split():
        word = raw.strip(".,:;!?«»\"'()[]{}،؛؟-–—…")
        if len(word) >= 2 and word.replace(ZWNJ, "").isalpha() and word not in QUERY_SYNTAX_WORDS:
            words.append(word)
    return words


def sample_queries(index_dir: Path, count: int, rng: random.Random) -> list[dict]:
    """One to three consecutive title words; a quarter also filter by one of the article's facets."""
    with whoosh_index.open_dir(index_dir).searcher() as searcher:
        by_lang: dict[str, list[dict]] = {"fa": [], "ar": []}
        for fields in searcher.all_stored_fields():
            if fields.get("lang") in by_lang and title_words(fields.get("title") or ""):
                by_lang[fields["lang"]].append(fields)
    return [query_from(rng.choice(by_lang["fa" if i % 2 else "ar"]), rng) for i in range(count)]


def query_from(fields: dict, rng: random.Random) -> dict:
    """One to three consecutive words of the article's title; FILTER_SHARE of them with one of its facets."""
    words = title_words(fields["title"])
    length = rng.randint(1, min(3, len(words)))
    start = rng.randrange(len(words) - length + 1)
    query = {"q": " ".join(words[start:start + length])}
    if rng.random() < FILTER_SHARE:
        query.update(facet_filter(fields, rng))
    return query


def facet_filter(fields: dict, rng: random.Random) -> dict:
    choices = [(e["type"], e["id"]) for e in fields.get("entities") or []]
    choices += [("lang", fields["lang"])] + ([("source", fields["source"])] if fields.get("source") else [])
    name, value = rng.choice(choices)
    return {name: value}


class BareSearch:
    """Whoosh out of the box: the words through the default parser (all required) in title or body, top 10."""

    def __init__(self, index_dir: Path):
        self.index = whoosh_index.open_dir(index_dir)
        self.parser = MultifieldParser(["title", "body"], self.index.schema)

    def __enter__(self):
        self.searcher = self.index.searcher()
        return self

    def __exit__(self, *exc):
        self.searcher.close()

    def __call__(self, query: dict) -> float:
        """Milliseconds to parse, search and read the stored ids of the top 10."""
        started = time.perf_counter()
        results = self.searcher.search(self.parser.parse(query["q"]), limit=10)
        [hit["id"] for hit in results]
        return (time.perf_counter() - started) * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class served:
    """`fahras serve` in a subprocess on a free loopback port, stopped on exit."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir

    def __enter__(self):
        self.data_dir = Path(tempfile.mkdtemp(prefix="fahras-bench-data-"))
        port = free_port()
        fahras = Path(sys.executable).with_name("fahras")
        command = [str(fahras), "serve", "--index", str(self.index_dir), "--data", str(self.data_dir),
                   "--host", "127.0.0.1", "--port", str(port)]
        env = {k: v for k, v in os.environ.items() if k != "FAHRAS_API_TOKEN"}
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self.log, env=env)
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{base_url}/api/v1/openapi.json", timeout=5) as response:
                    response.read()
                break
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.log.seek(0)
                    raise SystemExit(f"fahras serve did not start:\n{self.log.read().decode(errors='replace')}")
                time.sleep(0.2)
        return base_url, self.process.pid

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def fetch(base_url: str, query: dict) -> dict:
    url = f"{base_url}/api/v1/search?{urllib.parse.urlencode({**query, 'size': 10})}"
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_SECONDS) as response:
        return orjson.loads(response.read())


def replay(base_url: str, bare: BareSearch, queries: list[dict], max_seconds: float) -> dict:
    """Each query through bare Whoosh, then over HTTP, so both meet the same load on a shared machine.
    A query that fails on either side is dropped from both, so the percentiles cover the same queries."""
    run = {"served": [], "took": [], "bare": [], "off": [], "errors": [], "timed_out": 0}
    deadline = time.monotonic() + max_seconds
    for query in queries:
        if time.monotonic() > deadline:
            break
        try:
            bare_ms = bare(query)
        except Exception as e:  # noqa: BLE001 - whatever Whoosh's parser or searcher raises drops the query
            run["errors"].append(f"bare whoosh {type(e).__name__} for {query}")
            continue
        started = time.perf_counter()
        try:
            body = fetch(base_url, query)
        except (urllib.error.URLError, TimeoutError) as e:
            run["errors"].append(f"fahras {getattr(e, 'code', type(e).__name__)} for {query}")
            continue
        run["served"].append((time.perf_counter() - started) * 1000)
        run["bare"].append(bare_ms)
        run["took"].append(float(body["took_ms"]))
        run["timed_out"] += bool(body["timed_out"])
        started = time.perf_counter()
        fetch(base_url, {**query, "collapse": 0, "timeline": 0})
        run["off"].append((time.perf_counter() - started) * 1000)
    return run


def vm_hwm_kb(pid: int) -> int:
    """Peak resident memory of `pid` plus that of its child processes (a server's workers), in KiB."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) + sum(vm_hwm_kb(int(child)) for child in children)
    raise RuntimeError(f"no VmHWM for process {pid}")


def percentile(values: list[float], q: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def report(queries: list[dict], run: dict, peak_rss_mb: float) -> None:
    served_times, bare = run["served"], run["bare"]
    filtered = sum(1 for q in queries if len(q) > 1)
    print(f"queries: {len(served_times)} answered of {len(queries)} ({filtered} with a facet filter), "
          f"{len(run['errors'])} failed on either side and dropped from both, {run['timed_out']} timed out; "
          f"after {WARMUP_QUERIES} warm-up")
    for error in run["errors"][:5]:
        print(f"  error: {error}")
    rows = {"fahras over HTTP": served_times, "  of which server took_ms": run["took"],
            "  collapse, timeline off": run["off"], "bare whoosh": bare}
    print(f"{'':28}{'p50':>9}{'p95':>9}{'p99':>9}   (ms)")
    for name, values in rows.items():
        print(f"{name:28}" + "".join(f"{percentile(values, q):9.1f}" for q in (50, 95, 99)))
    ratios = {q: percentile(served_times, q) / percentile(bare, q) for q in (50, 95, 99)}
    print(f"{'ratio fahras / bare':28}" + "".join(f"{ratios[q]:9.2f}" for q in (50, 95, 99)))
    print(f"{'ratio collapse+timeline on/off':28}" + "".join(
        f"{percentile(served_times, q) / percentile(run['off'], q):9.2f}" for q in (50, 95, 99)))
    print(f"server peak RSS (VmHWM): {peak_rss_mb:.0f} MB")
    p95, p99 = percentile(served_times, 95), percentile(served_times, 99)
    checks = [
        (f"p95 ratio {ratios[95]:.2f} <= {TARGETS['ratio']}", ratios[95] <= TARGETS["ratio"]),
        (f"p99 ratio {ratios[99]:.2f} <= {TARGETS['ratio']}", ratios[99] <= TARGETS["ratio"]),
        (f"p95 {p95:.1f} ms < {TARGETS['p95_ms']:.0f} ms", p95 < TARGETS["p95_ms"]),
        (f"p99 {p99:.1f} ms < {TARGETS['p99_ms']:.0f} ms", p99 < TARGETS["p99_ms"]),
        (f"peak RSS {peak_rss_mb:.0f} MB <= {TARGETS['rss_mb']:.0f} MB", peak_rss_mb <= TARGETS["rss_mb"]),
        (f"{len(served_times)} queries >= 500", len(served_times) >= 500),
    ]
    for text, ok in checks:
        print(f"  {'met   ' if ok else 'MISSED'} {text}")


if __name__ == "__main__":
    sys.exit(main())
