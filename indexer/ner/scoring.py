"""Tagging as arithmetic: the CRF's scores summed once per word, Viterbi over all of a text's sentences.

A linear-chain CRF scores label y at a token as the sum of the weights of (attribute, y) over the
token's attributes, plus a weight for each pair of adjacent labels. A token's attributes are what its
own word gives and what its neighbours give (features.py), each fixed by the word alone, plus the pair
of it and the word before. So a word's share of the scores, as the token itself and as each neighbour,
is a few vectors of one number per label, summed the first time the word is seen; scoring a sentence
is then a few array additions, where crfsuite would be handed some 40 feature strings per token, every
time. The tags are crfsuite's: the same weights (read exactly from the model file), the same sums, ties
won by the first label as in crfsuite's Viterbi (tests compare the two).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pycrfsuite

from indexer.ner.features import NEIGHBOURS, FeatureExtractor, edge_feature, pair_feature

FEATURE = np.dtype([("kind", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])
STATE, TRANSITION = 0, 1  # crfsuite's feature kinds: (attribute, label) and (label, next label)
BATCH = 64  # sentences searched together: their padded table stays small however long the longest is
CACHE_LIMIT = 200_000  # words; about 850 bytes each (a score per label in five rows, the word, its fold), per worker


@dataclass(frozen=True)
class Weights:
    """A trained CRF's weights: `state[attributes[a], y]` for attribute a and label y, `transition[y, z]`
    for label z right after label y."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: np.ndarray
    transition: np.ndarray

    @classmethod
    def read(cls, model: bytes, tagger: pycrfsuite.Tagger) -> "Weights":
        """From the model file's bytes and the tagger opened on it (which names the ids); ValueError if
        the file holds no feature table where its header says."""
        info = tagger.info()
        labels = {int(i): name for name, i in info.labels.items()}
        attributes = {name: int(i) for name, i in info.attributes.items()}
        offset = int(info.header["off_features"], 16)
        chunk, _, count = struct.unpack_from("<4sII", model, offset)
        if chunk != b"FEAT":
            raise ValueError("no feature table")
        features = np.frombuffer(model, dtype=FEATURE, count=count, offset=offset + 12)
        state = np.zeros((len(attributes) + 1, len(labels)))
        transition = np.zeros((len(labels), len(labels)))
        for table, kind in ((state, STATE), (transition, TRANSITION)):
            rows = features[features["kind"] == kind]
            table[rows["source"], rows["target"]] = rows["weight"]
        return cls(tuple(labels[i] for i in range(len(labels))), attributes, state, transition)

    def scores(self, groups: Iterable[Iterable[str]]) -> np.ndarray:
        """(groups, labels): each label's summed weight over each group of attributes; attributes the
        model never kept weigh nothing."""
        find, nothing = self.attributes.get, len(self.attributes)  # the last row of `state` is zeros
        rows: list[int] = []
        starts = []
        for group in groups:
            starts.append(len(rows))
            rows.extend(r for a in group if (r := find(a)) is not None)
            rows.append(nothing)  # so that no group is empty, which reduceat would misread
        return np.add.reduceat(self.state[rows], starts)


class Scorer:
    """Tags sentences of one language with `weights`, reading words through `features`."""

    def __init__(self, weights: Weights, features: FeatureExtractor):
        self.weights = weights
        self.features = features
        self.edges = dict(zip(NEIGHBOURS, weights.scores([edge_feature(d)] for d in NEIGHBOURS)))
        self.cache: dict[str, tuple[str, np.ndarray]] = {}

    def word(self, token: str) -> tuple[str, np.ndarray]:
        """The token's folded form, and its scores: row 0 as itself, then as each neighbour in NEIGHBOURS order."""
        described = self.features.describe(token)
        hit = (described.folded, self.weights.scores([described.own, *described.as_neighbour]))
        if len(self.cache) >= CACHE_LIMIT:
            self.cache.clear()
        self.cache[token] = hit
        return hit

    def scores(self, tokens: list[str]) -> np.ndarray:
        """(tokens, labels): what each label scores at each token, transitions aside."""
        cache = self.cache
        words = [cache.get(t) or self.word(t) for t in tokens]
        table = np.stack([w for _, w in words])
        n = len(tokens)
        result = table[:, 0].copy()
        for slot, d in enumerate(NEIGHBOURS, start=1):
            if d < 0:
                result[-d:] += table[:n + d, slot]
            else:
                result[:n - d] += table[d:, slot]
            edge = -d - 1 if d < 0 else n - d  # the token whose neighbour at d is just past the sentence
            if 0 <= edge < n:
                result[edge] += self.edges[d]
        attributes, state = self.weights.attributes, self.weights.state
        for i in range(1, n):
            row = attributes.get(pair_feature(words[i - 1][0], words[i][0]))
            if row is not None:
                result[i] += state[row]
        return result

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """One label per token of each sentence (empty sentences stay empty), sentences of like length
        searched together, BATCH at a time."""
        labels = self.weights.labels
        found: list[list[str]] = [[] for _ in sentences]
        full = sorted((k for k, tokens in enumerate(sentences) if tokens), key=lambda k: -len(sentences[k]))
        for at in range(0, len(full), BATCH):
            batch = full[at:at + BATCH]
            for k, path in zip(batch, viterbi([self.scores(sentences[k]) for k in batch], self.weights.transition)):
                found[k] = [labels[y] for y in path]
        return found


def viterbi(scores: list[np.ndarray], transition: np.ndarray) -> list[list[int]]:
    """The best label path of each sentence (none empty), all stepped together, longest first, so the
    sentences still running at step t are the first ones."""
    order = sorted(range(len(scores)), key=lambda k: -len(scores[k]))
    lengths = [len(scores[k]) for k in order]
    padded = np.zeros((len(order), lengths[0], transition.shape[0]))
    for row, k in enumerate(order):
        padded[row, :lengths[row]] = scores[k]
    back = np.zeros(padded.shape, dtype=np.intp)
    best = padded[:, 0].copy()
    running = len(order)
    for t in range(1, lengths[0]):
        while lengths[running - 1] <= t:
            running -= 1
        candidates = best[:running, :, None] + transition  # [sentence, label before, label now]
        back[:running, t] = candidates.argmax(axis=1)
        best[:running] = candidates.max(axis=1) + padded[:running, t]
    ends = best.argmax(axis=1).tolist()
    pointers = back.tolist()
    paths: list[list[int]] = [[] for _ in scores]
    for row, k in enumerate(order):
        label, path, steps = ends[row], [ends[row]], pointers[row]
        for t in range(lengths[row] - 1, 0, -1):
            label = steps[t][label]
            path.append(label)
        path.reverse()
        paths[k] = path
    return paths
