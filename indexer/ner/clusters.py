"""Word clusters learned from unlabeled news: words used in the same contexts share a cluster.

Each frequent folded word is described by the words seen just before and just after it (counts over
the CONTEXTS most frequent words, log-scaled), projected onto the top DIMENSIONS principal axes,
normalised, and grouped by k-means into FINE clusters; the FINE centroids are grouped again into
COARSE ones. A name the annotated data never saw still gets the cluster of the names it is written
among. Deterministic: a fixed seed, ties broken by order.
"""
from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import orjson

from analyzers.fold import fold
from analyzers.tokens import spans

VOCABULARY = 40_000
MIN_COUNT = 3
CONTEXTS = 800
DIMENSIONS = 96
FINE = 300
COARSE = 40
ITERATIONS = 12
SEED = 13
CORPORA = {"ar": ("ar-news-dev.jsonl.gz",), "fa": ("fa-hamshahri.jsonl.gz", "fa-news-dev.jsonl.gz")}


def corpus_sentences(paths: Iterable[Path], max_docs: int) -> Iterator[list[str]]:
    """Folded words of each article's title and body, one list per article."""
    for path in paths:
        with gzip.open(path, "rb") as f:
            for n, line in enumerate(f):
                if n >= max_docs:
                    break
                record = orjson.loads(line)
                text = f"{record.get('title') or ''}\n{record.get('body') or ''}"
                yield [fold(w) for w, _, _, _, part in spans(text) if not part]


def _kmeans(points: np.ndarray, k: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    centroids = points[rng.choice(len(points), size=k, replace=False)].copy()
    labels = np.zeros(len(points), dtype=np.int64)
    for _ in range(ITERATIONS):
        labels = np.argmax(points @ centroids.T, axis=1)
        for c in range(k):
            members = points[labels == c]
            if len(members):
                mean = members.sum(axis=0)
                centroids[c] = mean / (np.linalg.norm(mean) or 1.0)
    return labels, centroids


def learn_clusters(texts: Iterable[list[str]]) -> dict[str, str]:
    """folded word -> "coarse/fine" cluster ids."""
    texts = list(texts)
    counts = Counter(w for words in texts for w in words)
    vocab = [w for w, c in counts.most_common(VOCABULARY) if c >= MIN_COUNT]
    index = {w: i for i, w in enumerate(vocab)}
    contexts = {w: i for i, w in enumerate(vocab[:CONTEXTS])}
    stream = [w for words in texts for w in (*words, "")]  # "" between articles: no pair crosses one
    ids = np.array([index.get(w, -1) for w in stream])
    ctx = np.array([contexts.get(w, -1) for w in stream])
    matrix = np.zeros((len(vocab), 2 * CONTEXTS), dtype=np.float32)
    left = (ids[1:] >= 0) & (ctx[:-1] >= 0)
    np.add.at(matrix, (ids[1:][left], ctx[:-1][left]), 1.0)
    right = (ids[:-1] >= 0) & (ctx[1:] >= 0)
    np.add.at(matrix, (ids[:-1][right], CONTEXTS + ctx[1:][right]), 1.0)
    matrix = np.log1p(matrix)
    matrix -= matrix.mean(axis=0)
    _, vectors = np.linalg.eigh(matrix.T @ matrix)
    points = matrix @ vectors[:, -DIMENSIONS:]
    points /= np.linalg.norm(points, axis=1, keepdims=True) + 1e-9
    rng = np.random.default_rng(SEED)
    fine, centroids = _kmeans(points, FINE, rng)
    coarse, _ = _kmeans(centroids, COARSE, rng)
    return {w: f"{coarse[fine[i]]}/{fine[i]}" for i, w in enumerate(vocab)}


def write_clusters(path: Path, table: dict[str, str]) -> None:
    path.write_text("".join(f"{w}\t{c}\n" for w, c in table.items()), encoding="utf-8")
