"""Load: mixed requests from 1, then 8 concurrent clients against `fahras serve`, then hostile input.

Serves the dev corpora (`--index` to reuse an index of them, else the one `make bench-search` keeps)
on a loopback port with `fahras serve`, and for `--seconds` per run sends a mix of searches, filtered
searches, prefix searches, HTML result pages, and documents as JSON and HTML. Prints throughput,
p50/p95/p99, errors, the 8-client throughput as a ratio of the 1-client one, and the server's peak
resident memory (VmHWM). Then the hostile-input check: 300 random requests, the 250 two-letter
prefixes and 1,000 repeated filter values, reporting any 5xx and any answer slower than the time
limit plus 1 s.

    .venv/bin/python tests/bench/load.py --shared ../shared
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_latency import (  # noqa: E402  (a script beside this one, not a package)
    CORPORA, ROOT, build_fahras_index, code_fingerprint, ensure_built, input_stamp, percentile,
    sample_queries, served, vm_hwm_kb,
)

CLIENTS = (1, 8)
TIME_LIMIT = 2.0  # the server's default FAHRAS_QUERY_TIME_LIMIT
HOSTILE_REQUESTS = 300
TARGETS = {"ratio": 1.5, "rss_mb": 800.0}
LETTERS = "ابتثجحخدذرزسشصضطظعغفقکگلمنوهیيكةءأإآ"
SYNTAX = ' *"-:OR'
PREFIX_LETTERS = "ابتثجحخدذرزسشصضطظعغفقکگلمنوهی"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--index", type=Path, help="An index of the dev corpora to serve as it is.")
    parser.add_argument("--seconds", type=float, default=60.0, help="Length of each run.")
    parser.add_argument("--seed", type=int, default=20261203)
    args = parser.parse_args()

    index_dir = args.index
    if index_dir is None:
        inputs = [args.shared / "corpora" / name for name in CORPORA]
        missing = [str(p) for p in inputs if not p.is_file()]
        if missing:
            print(f"load benchmark skipped: corpora not found ({', '.join(missing)})")
            return 0
        index_dir = ROOT / "index_data" / "bench-search" / "fahras"
        ensure_built(index_dir, input_stamp(inputs) + [code_fingerprint()], partial(build_fahras_index, inputs))

    rng = random.Random(args.seed)
    queries = sample_queries(index_dir, 2000, rng)
    with served(index_dir) as (base_url, pid):
        ids = [hit["id"] for q in queries[:200] for hit in get_json(base_url, "/api/v1/search", q)["hits"]]
        requests = mixed_requests(queries, ids, rng)
        print(f"load average (1 min) {os.getloadavg()[0]:.1f} before the runs, on {os.cpu_count()} cores")
        runs = {n: load_run(base_url, requests, n, args.seconds) for n in CLIENTS}
        peak_rss_mb = vm_hwm_kb(pid) / 1024
        print(f"load average (1 min) {os.getloadavg()[0]:.1f} after the runs")
        report(runs, peak_rss_mb)
        hostile = hostile_run(base_url, hostile_requests(rng))
    return 0 if runs[8]["errors"] == 0 and not hostile else 1


def mixed_requests(queries: list[dict], ids: list[str], rng: random.Random) -> list[str]:
    """Paths with their query strings: searches (a quarter filtered), prefixes, pages, documents."""
    paths = []
    for query in queries:
        kind = rng.random()
        if kind < 0.4:
            paths.append(f"/api/v1/search?{urllib.parse.urlencode(query)}")
        elif kind < 0.55:
            word = max(query["q"].split(), key=len)
            paths.append(f"/api/v1/search?{urllib.parse.urlencode({'q': word[:4] + '*'})}")
        elif kind < 0.75:
            paths.append(f"/search?{urllib.parse.urlencode(query)}")
        elif kind < 0.9:
            paths.append(f"/api/v1/documents/{urllib.parse.quote(rng.choice(ids))}")
        else:
            paths.append(f"/documents/{urllib.parse.quote(rng.choice(ids))}")
    return paths


def fetch(base_url: str, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(base_url + path, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def get_json(base_url: str, path: str, params: dict) -> dict:
    import orjson

    return orjson.loads(fetch(base_url, f"{path}?{urllib.parse.urlencode(params)}")[1])


def load_run(base_url: str, paths: list[str], clients: int, seconds: float) -> dict:
    """`clients` threads sending `paths` round-robin for `seconds`; latencies in ms, 4xx counted apart."""
    latencies, errors, refused = [], [], [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    position = [0]

    def client():
        while time.monotonic() < stop:
            with lock:
                path = paths[position[0] % len(paths)]
                position[0] += 1
            started = time.perf_counter()
            try:
                status, _ = fetch(base_url, path)
            except OSError as e:
                status = str(e)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                elif isinstance(status, int) and 400 <= status < 500:
                    refused[0] += 1
                else:
                    errors.append(f"{status} for {path[:120]}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"clients": clients, "done": len(latencies), "per_s": len(latencies) / wall, "latencies": latencies,
            "errors": len(errors), "error_samples": errors[:5], "refused": refused[0]}


def report(runs: dict, peak_rss_mb: float) -> None:
    print("\n| clients | requests/s | p50 ms | p95 ms | p99 ms | errors | 4xx |")
    print("|---|---|---|---|---|---|---|")
    for n, run in runs.items():
        lat = run["latencies"] or [0.0]
        print(f"| {n} | {run['per_s']:.1f} | {percentile(lat, 50):.0f} | {percentile(lat, 95):.0f} | "
              f"{percentile(lat, 99):.0f} | {run['errors']} | {run['refused']} |")
        for sample in run["error_samples"]:
            print(f"  error: {sample}")
    ratio = runs[8]["per_s"] / runs[1]["per_s"] if runs[1]["per_s"] else 0.0
    print(f"\n8 clients / 1 client throughput: {ratio:.2f}x (target >= {TARGETS['ratio']}x)")
    print(f"server peak RSS (VmHWM, both runs): {peak_rss_mb:.0f} MB (target <= {TARGETS['rss_mb']:.0f} MB)")


def random_text(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(LETTERS + SYNTAX) for _ in range(length))


def hostile_requests(rng: random.Random) -> list[str]:
    """Random parameters on every GET route, then the long-prefix and repeated-value requests."""
    paths = []
    for _ in range(HOSTILE_REQUESTS):
        params = [(rng.choice(["q", "person", "place", "org", "lang", "source", "page", "size", "sort", "mode",
                               "expand", "date_from", "date_to", "ui", "part"]),
                   random_text(rng, rng.randint(0, 60)) if rng.random() < 0.7 else str(rng.randint(-5, 10**6)))
                  for _ in range(rng.randint(1, 6))]
        route = rng.choice(["/api/v1/search", "/search", "/api/v1/lists/1", "/lists/1",
                            f"/api/v1/documents/{urllib.parse.quote(random_text(rng, 8))}",
                            f"/documents/{urllib.parse.quote(random_text(rng, 8))}"])
        paths.append(f"{route}?{urllib.parse.urlencode(params)}")
    prefixes = " ".join(f"{a}{b}*" for a in PREFIX_LETTERS for b in PREFIX_LETTERS).split()[:250]
    for route in ("/api/v1/search", "/search"):
        paths.append(f"{route}?{urllib.parse.urlencode({'q': ' '.join(prefixes)})}")
        paths.append(f"{route}?{urllib.parse.urlencode({'q': ' '.join(prefixes), 'mode': 'any'})}")
        paths.append(f"{route}?{urllib.parse.urlencode([('q', 'ایران')] + [('person', f'Q{i}') for i in range(1000)])}")
        paths.append(f"{route}?{urllib.parse.urlencode([('q', 'ایران')] + [('source', f's{i}') for i in range(5000)])}")
    return paths


def hostile_run(base_url: str, paths: list[str]) -> list[str]:
    """Each request once; the problems: any 5xx or answer slower than TIME_LIMIT + 1 s."""
    problems, statuses, slowest = [], {}, 0.0
    for path in paths:
        started = time.perf_counter()
        status, _ = fetch(base_url, path)
        elapsed = time.perf_counter() - started
        statuses[status] = statuses.get(status, 0) + 1
        slowest = max(slowest, elapsed)
        if status >= 500 or elapsed > TIME_LIMIT + 1:
            problems.append(f"{status} in {elapsed:.1f} s for {path[:120]}")
    print(f"\nhostile input: {len(paths)} requests, statuses {dict(sorted(statuses.items()))}, "
          f"slowest {slowest:.2f} s, {len(problems)} problems (5xx or over {TIME_LIMIT + 1:.0f} s)")
    for problem in problems:
        print(f"  {problem}")
    return problems


if __name__ == "__main__":
    sys.exit(main())
