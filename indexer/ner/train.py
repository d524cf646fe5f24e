"""Train the recogniser of each language from `../shared/ner`, reproducibly.

    python -m indexer.ner.train --shared ../shared [--lang ar] [--out DIR]

Arabic: ANERcorp has no document breaks, so the final HELD_OUT share of its sentences (in file
order) is set aside for measurement and never trained on. Persian: PEYMA's train and dev files;
its test file is for measurement only. Fixed parameters (PARAMS), fixed splits, a fixed cluster
seed: the same files give the same model.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pycrfsuite

from indexer.errors import FahrasError
from indexer.ner.clusters import CORPORA, corpus_sentences, learn_clusters, write_clusters
from indexer.ner.conll import Sentence, read_tagged
from indexer.ner.features import FeatureExtractor, gazetteer_digest
from indexer.ner.tagger import LANGS, MODELS_DIR, check_lang, digest_path

HELD_OUT = 0.1
CLUSTER_DOCS = 12_000  # articles per corpus file: enough for the frequent words, a minute to read
PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}
TRAIN_FILES = {"ar": ("ar-anercorp-train.conll",), "fa": ("fa-peyma-train.conll", "fa-peyma-dev.conll")}


def arabic_split(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held out): the held-out part is the final HELD_OUT of the sentences."""
    cut = len(sentences) - round(len(sentences) * HELD_OUT)
    return sentences[:cut], sentences[cut:]


def development_split(lang: str, ner_dir: Path) -> tuple[list[Sentence], list[Sentence]]:
    """(train, dev) for choosing parameters and features, apart from every measured part: Arabic,
    the training part's final ninth (as large as the held-out tenth, just before it) as dev;
    Persian, PEYMA train and PEYMA dev."""
    if lang == "fa":
        return read_tagged(ner_dir / TRAIN_FILES["fa"][0]), read_tagged(ner_dir / TRAIN_FILES["fa"][1])
    train = training_sentences("ar", ner_dir)
    cut = len(train) - round(len(train) / 9)
    return train[:cut], train[cut:]


def training_sentences(lang: str, ner_dir: Path) -> list[Sentence]:
    sentences = [s for name in TRAIN_FILES[lang] for s in read_tagged(ner_dir / name)]
    return arabic_split(sentences)[0] if lang == "ar" else sentences


def fit(sentences: list[Sentence], featurize, model: Path, params: dict = PARAMS) -> None:
    """Train a CRF on `featurize(tokens)` of each sentence and write it to `model`."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sentences:
        trainer.append(featurize(s.tokens), s.tags)
    trainer.set_params(params)
    trainer.train(str(model))


def train_language(lang: str, shared: Path, out: Path) -> None:
    check_lang(lang)
    started = time.perf_counter()
    corpora = [shared / "corpora" / name for name in CORPORA[lang]]
    for path in corpora + [shared / "ner" / name for name in TRAIN_FILES[lang]]:
        if not path.is_file():
            raise FahrasError("missing_data", f"{path} is missing: training reads ../shared (set SHARED=...)")
    table = learn_clusters(corpus_sentences(corpora, CLUSTER_DOCS))
    write_clusters(out / f"{lang}.clusters.tsv", table)
    features = FeatureExtractor(lang, table)
    sentences = training_sentences(lang, shared / "ner")
    fit(sentences, features.sentence, out / f"{lang}.crfsuite")
    (out / digest_path(lang).name).write_text(gazetteer_digest() + "\n", encoding="ascii")
    print(f"{lang}: {len(table)} clustered words, {len(sentences)} sentences, "
          f"{time.perf_counter() - started:.0f} s -> {out / (lang + '.crfsuite')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--lang", choices=LANGS, action="append")
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    args = parser.parse_args(argv)
    try:
        for lang in args.lang or LANGS:
            train_language(lang, args.shared, args.out)
    except FahrasError as e:
        print(f"error: {e.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
