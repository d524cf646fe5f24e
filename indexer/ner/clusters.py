"""What unlabeled news says about each frequent word, as ready-made CRF features.

- Clusters: each folded word is described by the words seen just before and just after it (counts
  over the CONTEXTS most frequent words, log-scaled), projected onto the top DIMENSIONS principal
  axes, normalised, and grouped by k-means into FINE and FINEST clusters; the FINE centroids are
  grouped again into COARSE ones. A name the annotated data never saw still gets the cluster of the
  names it is written among.
- Frequency band (log2 of the count): names are rarer than the words around them.
- Trigger evidence: how often the word comes right after a trigger of each type (وزير X, مدينة X),
  as a share of its occurrences, in bands.
Deterministic: a fixed seed, ties broken by order.
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
from indexer.gazetteer import clitic_forms
from indexer.ner.triggers import TRIGGERS, trigger_kinds

VOCABULARY = 40_000
MIN_COUNT = 3
CONTEXTS = 800
DIMENSIONS = 96
FINE = 300
FINEST = 1000
COARSE = 40
EVIDENCE_BANDS = ((0.2, "hi"), (0.05, "mid"), (0.0, "lo"))
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


def _band(share: float) -> str:
    return next(name for floor, name in EVIDENCE_BANDS if share > floor)


def learn_clusters(texts: Iterable[list[str]]) -> dict[str, str]:
    """folded word -> its features, space-separated, the FINE cluster first (`c=12 cc=3 ...`)."""
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
    finest, _ = _kmeans(points, FINEST, rng)
    table = {w: [f"c={fine[i]}", f"cc={coarse[fine[i]]}", f"c3={finest[i]}", f"fq={int(np.log2(counts[w]))}"]
             for i, w in enumerate(vocab)}
    kinds = [trigger_kinds([f for f, _ in clitic_forms(w)]) for w in vocab]
    occurrences = np.bincount(ids[ids >= 0], minlength=len(vocab))
    for kind in TRIGGERS:
        is_trigger = np.array([kind in k for k in kinds] + [False])  # index -1: not in the vocabulary
        after = (ids[1:] >= 0) & is_trigger[ids[:-1]]
        hits = np.bincount(ids[1:][after], minlength=len(vocab))
        for i in np.nonzero(hits)[0]:
            table[vocab[i]].append(f"a{kind}={_band(hits[i] / occurrences[i])}")
    return {w: " ".join(features) for w, features in table.items()}


def write_clusters(path: Path, table: dict[str, str]) -> None:
    path.write_text("".join(f"{w}\t{c}\n" for w, c in table.items()), encoding="utf-8")
