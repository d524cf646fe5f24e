"""Scale: the Arabic dev corpus replicated ×1, ×4 and ×8 (×50 with --million), each indexed with
`fahras index`, re-run unchanged, served with `fahras serve` and queried over HTTP.

For each size it prints indexing docs/s, index size, the time of an incremental re-run over the unchanged
input, the server's peak resident memory (VmHWM) over the replay, and p50/p95/p99 over the same queries
(one to three words of an article's title, a quarter with one of its facets as a filter), with the ratio
of each figure to the ×1 figures of the same run. Copies after the first get their ids suffixed.

    .venv/bin/python tests/bench/scale.py --shared ../shared [--sizes 1,4,8] [--million] [--reuse]

Each build's figures are saved beside its index (`x8.build.json`, with the commit it was built by);
`--reuse` takes an index and those figures from an earlier run, says so, and measures the rest again.
"""
from __future__ import annotations

import argparse
import gzip
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
from whoosh import index as whoosh_index

from search_latency import fetch, percentile, query_from, served, title_words, vm_hwm_kb

ROOT = Path(__file__).resolve().parents[2]
CORPUS = "ar-news-dev.jsonl.gz"
WARMUP_QUERIES = 20
TARGETS = {"rss_mb": 600.0, "p95_ratio": 2.5, "p99_ratio": 3.0, "p95_ms": 150.0, "index_rate_ratio": 0.9,
           "rerun_s": 60.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--work", type=Path, default=ROOT / "index_data" / "bench-scale")
    parser.add_argument("--sizes", default="1,4,8", help="Comma-separated replication factors; 1 comes first.")
    parser.add_argument("--million", action="store_true", help="Also ×50, about a million articles (hours).")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--reuse", action="store_true",
                        help="Keep an index built by an earlier run (and its build figures); re-measure the rest.")
    args = parser.parse_args()

    corpus = args.shared / "corpora" / CORPUS
    if not corpus.is_file():
        print(f"scale benchmark skipped: {corpus} not found")
        return 0
    sizes = sorted({int(s) for s in args.sizes.split(",")} | {1} | ({50} if args.million else set()))
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    queries = None
    for factor in sizes:
        source = replicate(corpus, factor, args.work)
        index_dir = args.work / f"x{factor}"
        built = (reused(index_dir) if args.reuse else None) or index_once(source, index_dir)
        row = {"factor": factor, **built}
        row["rerun_s"] = timed_index(source, index_dir)[1]
        row["index_mb"] = directory_bytes(index_dir) / 2**20
        if queries is None:
            queries = sample_queries(index_dir, args.queries + WARMUP_QUERIES, random.Random(args.seed))
        row.update(replay(index_dir, queries))
        rows.append(row)
        print_row(row, rows[0])
    report(rows)
    return 0


def replicate(corpus: Path, factor: int, work: Path) -> Path:
    """The corpus `factor` times in one .jsonl.gz, ids of copy k > 0 suffixed with ~k; kept between runs."""
    if factor == 1:
        return corpus
    out = work / f"ar-news-x{factor}.jsonl.gz"
    if out.is_file() and out.stat().st_mtime >= corpus.stat().st_mtime:
        return out
    records = [orjson.loads(line) for line in gzip.open(corpus)]
    partial = out.with_suffix(".partial")
    with gzip.open(partial, "wb", compresslevel=1) as sink:
        for k in range(factor):
            for record in records:
                sink.write(orjson.dumps({**record, "id": f"{record['id']}~{k}" if k else record["id"]}) + b"\n")
    partial.rename(out)
    return out


def fahras() -> str:
    return str(Path(sys.executable).with_name("fahras"))


def timed_index(source: Path, index_dir: Path) -> tuple[str, float]:
    started = time.perf_counter()
    done = subprocess.run([fahras(), "index", "--input", str(source), "--index", str(index_dir)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"fahras index failed on {source}:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr, seconds


def index_once(source: Path, index_dir: Path) -> dict:
    """Build from scratch (the index of an earlier run is removed, so build times compare)."""
    shutil.rmtree(index_dir, ignore_errors=True)
    _, seconds = timed_index(source, index_dir)
    with whoosh_index.open_dir(index_dir).searcher() as searcher:
        count = searcher.doc_count()
    built = {"docs": count, "index_s": seconds, "docs_per_s": count / seconds, "commit": commit(),
             "load": os.getloadavg()[0]}
    build_record(index_dir).write_bytes(orjson.dumps(built))
    return built


def reused(index_dir: Path) -> dict | None:
    """The build figures of an index an earlier run left, announced; None when there is none."""
    record = build_record(index_dir)
    if not (record.is_file() and index_dir.is_dir()):
        return None
    built = orjson.loads(record.read_bytes())
    print(f"{index_dir.name}: index and build figures reused from an earlier run (commit {built['commit']}, "
          f"load average {built['load']:.1f} when it ended)")
    return built


def build_record(index_dir: Path) -> Path:
    return index_dir.with_name(index_dir.name + ".build.json")


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.iterdir() if p.is_file())


def sample_queries(index_dir: Path, count: int, rng: random.Random) -> list[dict]:
    """Taken from the ×1 index, so every size answers the same queries."""
    with whoosh_index.open_dir(index_dir).searcher() as searcher:
        docs = [f for f in searcher.all_stored_fields() if title_words(f.get("title") or "")]
    return [query_from(rng.choice(docs), rng) for _ in range(count)]


def replay(index_dir: Path, queries: list[dict]) -> dict:
    times, errors, timed_out = [], 0, 0
    with served(index_dir) as (base_url, pid):
        for query in queries[:WARMUP_QUERIES]:
            fetch(base_url, query)
        for query in queries[WARMUP_QUERIES:]:
            started = time.perf_counter()
            try:
                body = fetch(base_url, query)
            except OSError:
                errors += 1
                continue
            times.append((time.perf_counter() - started) * 1000)
            timed_out += bool(body["timed_out"])
        rss_mb = vm_hwm_kb(pid) / 1024
    return {"rss_mb": rss_mb, "errors": errors, "timed_out": timed_out,
            **{f"p{q}": percentile(times, q) for q in (50, 95, 99)}}


COLUMNS = [("docs", "docs", "{:>10,}"), ("docs_per_s", "docs/s", "{:>10.0f}"), ("index_mb", "index MB", "{:>10.0f}"),
           ("rerun_s", "re-run s", "{:>10.1f}"), ("rss_mb", "RSS MB", "{:>10.0f}"), ("p50", "p50 ms", "{:>10.1f}"),
           ("p95", "p95 ms", "{:>10.1f}"), ("p99", "p99 ms", "{:>10.1f}")]


def print_row(row: dict, base: dict) -> None:
    if row is base:
        print(f"{'size':>5}" + "".join(f"{label:>10}" for _, label, _ in COLUMNS))
    print(f"{'×' + str(row['factor']):>5}" + "".join(fmt.format(row[name]) for name, _, fmt in COLUMNS)
          + f"   errors {row['errors']}, timed out {row['timed_out']}")
    if row is not base:
        print(f"{'':>15}" + "".join(f"{row[name] / base[name]:>9.2f}x" for name, _, _ in COLUMNS[1:])
              + "   (ratio to ×1)")
    sys.stdout.flush()


def report(rows: list[dict]) -> None:
    base = rows[0]
    print(f"\nload average (1 min) {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for row in rows[1:]:
        if row["factor"] != 8:
            continue
        checks = [
            (f"peak RSS {row['rss_mb']:.0f} MB <= {TARGETS['rss_mb']:.0f}", row["rss_mb"] <= TARGETS["rss_mb"]),
            (f"p95 {row['p95'] / base['p95']:.2f}x of ×1 <= {TARGETS['p95_ratio']}",
             row["p95"] / base["p95"] <= TARGETS["p95_ratio"]),
            (f"p99 {row['p99'] / base['p99']:.2f}x of ×1 <= {TARGETS['p99_ratio']}",
             row["p99"] / base["p99"] <= TARGETS["p99_ratio"]),
            (f"p95 {row['p95']:.0f} ms < {TARGETS['p95_ms']:.0f}", row["p95"] < TARGETS["p95_ms"]),
            (f"indexing {row['docs_per_s'] / base['docs_per_s']:.2f}x of ×1 docs/s >= {TARGETS['index_rate_ratio']}",
             row["docs_per_s"] / base["docs_per_s"] >= TARGETS["index_rate_ratio"]),
            (f"re-run {row['rerun_s']:.0f} s < {TARGETS['rerun_s']:.0f}", row["rerun_s"] < TARGETS["rerun_s"]),
        ]
        for text, ok in checks:
            print(f"  {'met   ' if ok else 'MISSED'} ×8: {text}")


if __name__ == "__main__":
    sys.exit(main())
