"""Indexing throughput and peak memory: `fahras index` (run_index) against bare Whoosh, same corpus, same run.

    .venv/bin/python tests/bench/indexing.py --shared ../shared [--limit N]

Each side runs in a fresh subprocess into its own temporary directory, so neither warms the other's
caches. fahras: run_index on the corpus file (sources, metadata, entities, per-language analysis, bulk
build). baseline: the same JSONL read with json.loads into a Whoosh index with StandardAnalyzer title/body
fields, no entities, through the same Whoosh writer settings as Fahras's bulk build.

Both systems run with one process, then both with Fahras's default BUILD_PROCS; the last table puts
each at its best (the faster of its two runs), labelled with its process count. Peak memory is the largest summed RSS of the subprocess
and all its descendants, sampled every 50 ms; getrusage's RUSAGE_SELF and RUSAGE_CHILDREN peaks are shown
beside it, and the CPU seconds of the tree (on a shared machine wall time depends on the load; CPU less so). Prints figures only; exits 0 with a note when the shared corpus is missing.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CORPUS = Path("corpora") / "ar-news-dev.jsonl.gz"
SAMPLE_SECONDS = 0.05
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
TARGET_RATIO = 0.8
TARGET_PEAK_MB = 2048


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--limit", type=int, help="Index only the first N articles.")
    parser.add_argument("--side", choices=["fahras", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--procs", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        print(json.dumps(SIDES[args.side](args.corpus, args.workdir, args.procs)))
        return 0
    corpus = args.shared / CORPUS
    if not corpus.is_file():
        print(f"bench-index: {corpus} is missing; nothing to measure.")
        return 0
    from indexer.writer import BUILD_PROCS

    with tempfile.TemporaryDirectory(prefix="fahras-bench-") as tmp:
        if args.limit:
            corpus = head(corpus, Path(tmp) / f"first-{args.limit}.jsonl.gz", args.limit)
        results = {(side, procs): measure(side, procs, corpus, Path(tmp) / f"{side}-{procs}")
                   for procs in sorted({1, BUILD_PROCS}) for side in ("fahras", "baseline")}
    for procs in sorted({1, BUILD_PROCS}):
        report(f"same number of processes: {procs} each", {side: results[side, procs] for side in SIDES}, procs)
    best = {side: max((r for (s, _), r in results.items() if s == side), key=lambda r: r["docs"] / r["seconds"])
            for side in SIDES}
    report("each at its best: " + ", ".join(f"{side} on {best[side]['procs']}" for side in SIDES), best, None)
    return 0


def head(corpus: Path, out: Path, limit: int) -> Path:
    with gzip.open(corpus, "rb") as src, gzip.open(out, "wb") as dst:
        dst.writelines(itertools.islice(src, limit))
    return out


def run_fahras(corpus: Path, workdir: Path, procs: int) -> dict:
    from indexer import writer

    writer.BUILD_PROCS = procs  # the bulk build's process count, fixed for this run
    started = time.perf_counter()
    summary = writer.run_index(workdir / "ix", [corpus], rebuild=False, prune=False, delete_ids=[],
                        max_bytes=1 << 40, progress=False)
    seconds = time.perf_counter() - started
    return dict(docs=summary.added, seconds=seconds, failed=summary.failed[:5], nfailed=len(summary.failed),
                **rusage())


def run_baseline(corpus: Path, workdir: Path, procs: int) -> dict:
    from whoosh import index

    from indexer.bulk import BATCH_SIZE, LIMIT_MB, _start_workers
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, STORED, TEXT, Schema

    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=StandardAnalyzer(), stored=True),
                    body=TEXT(analyzer=StandardAnalyzer(), stored=True), date=ID(stored=True),
                    source=ID(stored=True), url=STORED(), lang=ID(stored=True))
    started = time.perf_counter()
    (workdir / "ix").mkdir(parents=True)
    ix = index.create_in(workdir / "ix", schema)
    if procs > 1:
        writer = ix.writer(procs=procs, limitmb=LIMIT_MB, multisegment=True, batchsize=BATCH_SIZE)
        _start_workers(writer)
    else:
        writer = ix.writer(limitmb=LIMIT_MB)
    docs = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            writer.add_document(**{k: v for k, v in record.items() if k in schema.names() and v})
            docs += 1
    writer.commit()
    return dict(docs=docs, seconds=time.perf_counter() - started, failed=[], nfailed=0, **rusage())


SIDES = {"fahras": run_fahras, "baseline": run_baseline}


def rusage() -> dict:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return dict(
        maxrss_self_mb=own.ru_maxrss / 1024,
        maxrss_children_mb=children.ru_maxrss / 1024,
        cpu_seconds=own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
    )


def measure(side: str, procs: int, corpus: Path, workdir: Path) -> dict:
    workdir.mkdir()
    cmd = [sys.executable, __file__, "--side", side, "--procs", str(procs), "--corpus", str(corpus),
           "--workdir", str(workdir)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.wait(SAMPLE_SECONDS):
            peak[0] = max(peak[0], tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"bench-index: the {side} side on {procs} processes failed with exit status "
                         f"{proc.returncode}")
    return {**json.loads(out), "peak_tree_mb": peak[0] / 1024, "procs": procs}


def tree_rss_kb(root: int) -> int:
    """Summed resident memory of `root` and its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, ppid in parents.items() if ppid == pid]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
        except OSError:
            continue
    return total


def report(title: str, results: dict, procs: int | None) -> None:
    """One table; `procs` None when the rows ran on different process counts."""
    print(f"\n{title}")
    print(f"{'side':<10}{'procs':>6}{'docs':>8}{'seconds':>10}{'docs/s':>10}{'CPU s':>8}"
          f"{'peak tree MB':>14}{'self MB':>10}{'children MB':>13}")
    for side, r in results.items():
        print(f"{side:<10}{r['procs']:>6}{r['docs']:>8}{r['seconds']:>10.1f}{r['docs'] / r['seconds']:>10.1f}{r['cpu_seconds']:>8.1f}"
              f"{r['peak_tree_mb']:>14.0f}{r['maxrss_self_mb']:>10.0f}{r['maxrss_children_mb']:>13.0f}")
    fahras, baseline = results["fahras"], results["baseline"]
    ratio = (fahras["docs"] / fahras["seconds"]) / (baseline["docs"] / baseline["seconds"])
    print(f"ratio fahras/baseline docs/s: {ratio:.2f} (target >= {TARGET_RATIO}); "
          f"fahras peak {fahras['peak_tree_mb']:.0f} MB (target <= {TARGET_PEAK_MB})"
          + ("" if procs is not None else f"; fahras on {fahras['procs']}, baseline on {baseline['procs']} processes"))
    if fahras["nfailed"]:
        print(f"fahras reported {fahras['nfailed']} failures, first: {fahras['failed']}")


if __name__ == "__main__":
    sys.exit(main())
