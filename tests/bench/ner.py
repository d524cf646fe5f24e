"""The entity recogniser against a plain word-shape CRF trained on the same files in the same run.

    .venv/bin/python tests/bench/ner.py --shared ../shared [--articles N] [--lang ar|fa]

Arabic is measured on the held-out final tenth of ar-anercorp-train.conll (never trained on),
Persian on fa-peyma-test.conll. Fahras is the shipped model (`make train-ner`); the plain CRF sees
the word, its prefixes and suffixes of up to 3 letters and the neighbouring words, and nothing
else, and is trained here with the same parameters on the same sentences. Scores are exact-span
precision, recall and F1. Speed is CPU time of this one process (one core): tokens per second of
features and tagging over the gold sentences, and of `recognize` over news articles of
../shared/corpora (tokenizing included), twice: a fresh worker, then with its word cache warm.
Prints figures only; stops with a note when ../shared is missing.
"""
from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path

import orjson
import pycrfsuite

from indexer.ner import recognize
from indexer.ner.clusters import CORPORA
from indexer.ner.conll import Sentence, read_tagged
from indexer.ner.evaluation import ALL, span_scores
from indexer.ner.features import FeatureExtractor
from indexer.ner.recognition import text_tokens
from indexer.ner.scoring import Scorer
from indexer.ner.spans import TYPES
from indexer.ner.tagger import load_model
from indexer.ner.train import arabic_split, fit, training_sentences


def plain_features(tokens: list[str]) -> list[list[str]]:
    feats = []
    for i, word in enumerate(tokens):
        f = ["bias", "w=" + word]
        f += [f"p{n}={word[:n]}" for n in (1, 2, 3) if len(word) >= n]
        f += [f"s{n}={word[-n:]}" for n in (1, 2, 3) if len(word) >= n]
        f.append("w-1=" + (tokens[i - 1] if i else "BOS"))
        f.append("w+1=" + (tokens[i + 1] if i + 1 < len(tokens) else "EOS"))
        feats.append(f)
    return feats


def evaluation_sentences(lang: str, ner_dir: Path) -> list[Sentence]:
    if lang == "ar":
        return arabic_split(read_tagged(ner_dir / "ar-anercorp-train.conll"))[1]
    return read_tagged(ner_dir / "fa-peyma-test.conll")


def timed_tags(tag_all, sentences: list[Sentence]) -> tuple[list[list[str]], float]:
    """Predicted tags and tokens per CPU second of `tag_all(token lists)`, after one token to load what
    loads once (hazm's lexicon)."""
    tag_all([["."]])
    started = time.process_time()
    predicted = tag_all([s.tokens for s in sentences])
    return predicted, sum(len(s.tokens) for s in sentences) / (time.process_time() - started)


def news_speed(lang: str, shared: Path, articles: int) -> tuple[float, float]:
    """Tokens per CPU second of `recognize` over the first `articles` articles of the corpus: a
    first pass, as a fresh indexing worker sees them, and a second, with every word's features cached."""
    texts = []
    with gzip.open(shared / "corpora" / CORPORA[lang][0], "rb") as f:
        for line, _ in zip(f, range(articles)):
            record = orjson.loads(line)
            texts.append(f"{record.get('title') or ''}\n{record.get('body') or ''}")
    tokens = sum(1 for text in texts for _ in text_tokens(text))
    speeds = []
    for _ in range(2):
        started = time.process_time()
        for text in texts:
            recognize(text, lang)
        speeds.append(tokens / (time.process_time() - started))
    return speeds[0], speeds[1]


def row(name: str, scores) -> str:
    cells = [f"{scores[k].precision:.3f} / {scores[k].recall:.3f} / **{scores[k].f1:.3f}**" if k == ALL
             else f"{scores[k].precision:.3f} / {scores[k].recall:.3f} / {scores[k].f1:.3f}" for k in (*TYPES, ALL)]
    return f"| {name} | " + " | ".join(cells) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--lang", choices=["ar", "fa"], action="append", help="default: both")
    args = parser.parse_args()
    ner_dir = args.shared / "ner"
    if not ner_dir.is_dir():
        print(f"{ner_dir} is missing: nothing to measure")
        return 0
    header = "| P / R / F1 | " + " | ".join(TYPES) + " | overall |\n|---|" + "---|" * (len(TYPES) + 1)
    work = Path(tempfile.mkdtemp(prefix="fahras-ner-bench-"))
    labels = {"ar": "Arabic, held-out tenth of ANERcorp", "fa": "Persian, PEYMA test"}
    for lang in args.lang or labels:
        label = labels[lang]
        gold = evaluation_sentences(lang, ner_dir)
        model = load_model(lang)
        ours, our_speed = timed_tags(Scorer(model.weights, FeatureExtractor(lang, model.clusters)).tag, gold)
        plain_path = work / f"{lang}-plain.crfsuite"
        fit(training_sentences(lang, ner_dir), plain_features, plain_path)
        plain = pycrfsuite.Tagger()
        plain.open(str(plain_path))
        theirs, plain_speed = timed_tags(lambda token_lists: [plain.tag(plain_features(t)) for t in token_lists], gold)
        print(f"\n{label}: {sum(len(s.tokens) for s in gold)} tokens, {len(gold)} sentences\n{header}")
        print(row("Fahras", span_scores(zip((s.tags for s in gold), ours))))
        print(row("plain CRF", span_scores(zip((s.tags for s in gold), theirs))))
        print(f"tokens/s on one core (features + tagging of the gold sentences, cold cache): "
              f"Fahras {our_speed:,.0f}, plain CRF {plain_speed:,.0f} ({our_speed / plain_speed:.2f}x)")
        if (args.shared / "corpora").is_dir():
            first, cached = news_speed(lang, args.shared, args.articles)
            print(f"tokens/s on one core, recognize() over {args.articles} news articles (tokenizing included): "
                  f"first pass {first:,.0f}, second pass {cached:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
