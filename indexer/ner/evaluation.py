"""Exact-span precision, recall and F1, per type and over all types (a span counts only when its
first token, last token and type all match the gold span)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from indexer.ner.spans import TYPES, bio_spans

ALL = "ALL"


@dataclass(frozen=True)
class Score:
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def span_scores(pairs: Iterable[tuple[list[str], list[str]]]) -> dict[str, Score]:
    """`pairs` of (gold tags, predicted tags), one per sentence -> Score per type and for ALL."""
    counts = {kind: [0, 0, 0] for kind in (*TYPES, ALL)}
    for gold_tags, predicted_tags in pairs:
        gold, predicted = set(bio_spans(gold_tags)), set(bio_spans(predicted_tags))
        for spans, slot in ((predicted & gold, 0), (predicted, 1), (gold, 2)):
            for span in spans:
                counts[span[2]][slot] += 1
                counts[ALL][slot] += 1
    return {kind: Score(*c) for kind, c in counts.items()}
