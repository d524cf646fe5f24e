"""Entity facets against the hand-checked seeds, and matching speed on a real corpus.

    .venv/bin/python tests/bench/entities.py [--shared ../shared] [--limit N]

Facets: each sample article goes through the document builder (as `fahras index` reads it), then
`find_entities(title, body)`; the per-document entity sets are scored against
tests/indexer/seed_entities.json (micro precision and recall), and the entities named both in the
Persian article and in an Arabic one are listed. Speed: over the Arabic corpus, the time of
`find_entities` beside the time of bare tokenizing (`analyzers.tokens.tokenize`) of the same text.
Prints figures only; skips the speed part when the shared corpus is missing.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import time
from pathlib import Path

from analyzers.tokens import tokenize
from indexer.documents import build_document
from indexer.entities import find_entities
from indexer.entity_report import cross_language_links, facet_scores
from indexer.gazetteer import get_gazetteer
from indexer.sources import iter_records

ROOT = Path(__file__).resolve().parents[2]

SAMPLE_DIR = ROOT / "indexer" / "sample"
SEEDS = ROOT / "tests" / "indexer" / "seed_entities.json"
CORPUS = Path("corpora") / "ar-news-dev.jsonl.gz"
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.9


def seed_facets() -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str]]:
    """(truth, found, lang) per sample document id."""
    seeds = json.loads(SEEDS.read_text(encoding="utf-8"))["documents"]
    found: dict[str, set[str]] = {}
    for record in iter_records([SAMPLE_DIR]):
        doc = build_document(record)
        found[doc.id] = {e["id"] for e in find_entities(doc.title, doc.body)}
    truth = {doc_id: set(s["entities"]) for doc_id, s in seeds.items()}
    langs = {doc_id: s["lang"] for doc_id, s in seeds.items()}
    return truth, found, langs


def report_facets() -> None:
    truth, found, langs = seed_facets()
    scores = facet_scores(truth, found)
    print(f"facets on {len(truth)} seed articles: precision {scores['precision']:.3f} "
          f"(target {TARGET_PRECISION}), recall {scores['recall']:.3f} (target {TARGET_RECALL}); "
          f"{scores['true_positives']} right of {scores['found']} found, {scores['truth']} true")
    for doc_id, ids in scores["missed"].items():
        print(f"  missed in {doc_id}: {' '.join(ids)}")
    for doc_id, ids in scores["extra"].items():
        print(f"  extra in {doc_id}: {' '.join(ids)}")
    true_links = cross_language_links(truth, langs)
    found_links = cross_language_links(found, langs)
    print(f"cross-language links (in the Persian article and an Arabic one): {len(found_links)} found, "
          f"{len(true_links)} true, {len(set(found_links) & set(true_links))} in both")
    print("  " + " ".join(found_links))
    print(f"gazetteer: {len(get_gazetteer())} entities")


def report_speed(shared: Path, limit: int | None) -> None:
    path = shared / CORPUS
    if not path.is_file():
        print(f"speed: skipped, no corpus at {path}")
        return
    with gzip.open(path, "rt", encoding="utf-8") as f:
        articles = [(a.get("title") or "", a.get("body") or "")
                    for a in map(json.loads, itertools.islice(f, limit))]
    chars = sum(len(t) + len(b) for t, b in articles)
    t0 = time.perf_counter()
    tokens = sum(1 for t, b in articles for text in (t, b) for _ in tokenize(text))
    t1 = time.perf_counter()
    mentions = sum(len(e["mentions"]) for t, b in articles for e in find_entities(t, b))
    t2 = time.perf_counter()
    print(f"speed on {len(articles)} Arabic articles ({chars / 1e6:.1f} M chars, {tokens / 1e6:.2f} M tokens): "
          f"tokenize alone {t1 - t0:.1f} s, find_entities {t2 - t1:.1f} s "
          f"({len(articles) / (t2 - t1):.0f} articles/s, {mentions} mentions)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--limit", type=int, help="Time only the first N articles.")
    args = parser.parse_args()
    report_facets()
    report_speed(args.shared, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
