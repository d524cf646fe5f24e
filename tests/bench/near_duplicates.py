"""Share of articles grouped as near-copies at a few thresholds, and groups to check by hand.

    .venv/bin/python tests/bench/near_duplicates.py [--shared ../shared] [--show N] [--threshold T]

Reads the Arabic dev corpus in file order (as `fahras index` would), groups it at each threshold of
THRESHOLDS and prints the share of articles in a group of two or more; then prints N random groups
(seed 12) at `--threshold`, each member's source, date and title, for a hand check.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
from collections import defaultdict
from pathlib import Path

from indexer.near_duplicates import THRESHOLD, NearDuplicates

ROOT = Path(__file__).resolve().parents[2]
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def read(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def groups_at(records: list[dict], threshold: float) -> dict[str, list[dict]]:
    near = NearDuplicates(threshold)
    groups = defaultdict(list)
    for r in records:
        group, _ = near.assign(r["id"], f"{r.get('title') or ''}\n{r.get('body') or ''}")
        groups[group].append(r)
    return groups


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    args = parser.parse_args()
    corpus = args.shared / "corpora" / "ar-news-dev.jsonl.gz"
    if not corpus.exists():
        raise SystemExit(f"{corpus} is missing; give --shared")
    records = read(corpus)
    print(f"{len(records)} articles in {corpus.name}")
    print("threshold | grouped share | groups of 2+")
    for threshold in THRESHOLDS:
        multi = [g for g in groups_at(records, threshold).values() if len(g) > 1]
        grouped = sum(len(g) for g in multi)
        print(f"{threshold:.1f} | {grouped / len(records):.3f} | {len(multi)}")
    if args.show:
        multi = [g for g in groups_at(records, args.threshold).values() if len(g) > 1]
        for i, group in enumerate(random.Random(12).sample(multi, min(args.show, len(multi))), 1):
            print(f"\n# group {i} ({len(group)})")
            for r in group:
                print(f"  {r.get('source')} | {r.get('date')} | {(r.get('title') or '')[:90]} | "
                      f"{(r.get('body') or '')[:120]!r}")


if __name__ == "__main__":
    main()
