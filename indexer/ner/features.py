"""Token features for the CRF: what a word looks like, what it is under analysis, and its neighbours.

A word's own features (shape, affixes of its fold, its light stem without clitics, what unlabeled news
says of it (clusters.py), the gazetteer types it can open or continue, the trigger lists that hold it)
depend on the word alone, so they are described once per distinct word. Neighbours contribute their
folded word, cluster, gazetteer types and triggers at -2..+2, and the word before pairs with the token.
Training reads the feature strings of each sentence; tagging sums their weights per word (scoring.py).
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

import orjson

from analyzers.fold import fold
from analyzers.stem_ar import stem as stem_ar
from analyzers.stem_fa import stem as stem_fa
from indexer.gazetteer import clitic_forms, get_gazetteer
from indexer.ner.triggers import ARTICLE, trigger_kinds

STEMMERS = {"ar": stem_ar, "fa": stem_fa}
GAZETTEER_TYPES = {"person": "PER", "place": "LOC", "org": "ORG"}
NEIGHBOURS = (-2, -1, 1, 2)
SHAPE_RUNS = re.compile(r"(.)\1+")
AFFIX_LENGTHS = (1, 2, 3, 4)


def shape(word: str) -> str:
    """One letter per character class, runs collapsed: ابوظبي -> a, G20 -> Ld, 1.5 -> d.d."""
    classes = []
    for ch in word:
        if ch.isdigit():
            classes.append("d")
        elif "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
            classes.append("a")
        elif ch.isalpha():
            classes.append("L" if ch.isupper() else "l")
        else:
            classes.append(ch)
    return SHAPE_RUNS.sub(r"\1", "".join(classes))


def length_band(n: int) -> str:
    return str(n) if n < 4 else ("4-5" if n < 6 else "6+")


@functools.cache
def gazetteer_tokens() -> dict[str, tuple[str, ...]]:
    """folded word -> features saying which types' names it begins (g:B-PER) or continues (g:I-LOC)."""
    marks: dict[str, set[str]] = {}
    for entity in get_gazetteer():
        kind = GAZETTEER_TYPES[entity.type]
        for name in entity.all_names:
            words = fold(name).split()
            for i, word in enumerate(words):
                marks.setdefault(word, set()).add(f"g:{'B' if i == 0 else 'I'}-{kind}")
    return {word: tuple(sorted(found)) for word, found in marks.items()}


def edge_feature(d: int) -> str:
    """What a token says when its neighbour at `d` is just past the sentence's start or end."""
    return "%dw=%s" % (d, "BOS" if d < 0 else "EOS")


def pair_feature(before: str, folded: str) -> str:
    """The folded word before a token and the token's own, as one feature."""
    return "w-1|w=%s|%s" % (before, folded)


@dataclass(frozen=True, slots=True)
class WordFeatures:
    """A word's features as the token itself (`own`) and as each neighbour, in NEIGHBOURS order."""

    folded: str
    own: list[str]
    as_neighbour: tuple[list[str], ...]


def gazetteer_digest() -> str:
    """A fingerprint of what the features read from the gazetteer: a model trained on other gazetteer
    features scores words by marks they no longer carry, so training records it beside each model."""
    return hashlib.sha256(orjson.dumps(sorted(gazetteer_tokens().items()))).hexdigest()


class FeatureExtractor:
    """Features of one language, with the word clusters its model was trained with."""

    def __init__(self, lang: str, clusters: dict[str, str]):
        self.stem = STEMMERS[lang]
        self.clusters = clusters
        self.gazetteer = gazetteer_tokens()
        self.cache: dict[str, WordFeatures] = {}

    def describe(self, token: str) -> WordFeatures:
        folded = fold(token).replace(" ", "")
        forms = [f for f, _ in clitic_forms(folded)] if folded else [folded]
        stem = self.stem(folded) if folded else ""
        profile = next((self.clusters[f] for f in forms if f in self.clusters), self.clusters.get(stem, ""))
        corpus = profile.split() if profile else ["c=none"]
        gazetteer = sorted({g for f in forms for g in self.gazetteer.get(f, ())})
        triggers = trigger_kinds(forms)
        own = [
            "bias", "w=" + folded, "sh=" + shape(token), "len=" + length_band(len(folded)), "st=" + stem,
            *("p%d=%s" % (n, folded[:n]) for n in AFFIX_LENGTHS if len(folded) > n),
            *("s%d=%s" % (n, folded[-n:]) for n in AFFIX_LENGTHS if len(folded) > n),
            *corpus,
            *gazetteer, *("t=" + t for t in triggers),
        ]
        if len(forms) > 1:
            own.append("cl=" + forms[-1])
        if any(f.startswith(ARTICLE) for f in forms):
            own.append("art")
        said = [("w", folded), ("c", corpus[0][2:])] + [("g", g) for g in gazetteer] + [("t", t) for t in triggers]
        as_neighbour = tuple([f"{d}{name}={value}" for name, value in said] for d in NEIGHBOURS)
        return WordFeatures(folded, own, as_neighbour)

    def word(self, token: str) -> WordFeatures:
        hit = self.cache.get(token)
        if hit is None:
            hit = self.cache[token] = self.describe(token)
        return hit

    def sentence(self, tokens: list[str]) -> list[list[str]]:
        """Each token's feature strings, as training reads them (tagging sums them per word: scoring.py)."""
        words = [self.word(t) for t in tokens]
        last = len(words) - 1
        result = []
        for i, word in enumerate(words):
            feats = list(word.own)
            for slot, d in enumerate(NEIGHBOURS):
                j = i + d
                if 0 <= j <= last:
                    feats.extend(words[j].as_neighbour[slot])
                elif j == -1 or j == last + 1:
                    feats.append(edge_feature(d))
            if i > 0:
                feats.append(pair_feature(words[i - 1].folded, word.folded))
            result.append(feats)
        return result
