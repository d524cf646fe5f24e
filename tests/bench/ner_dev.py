"""The recogniser's features trained and scored on the development split, to choose CRF parameters.

    .venv/bin/python tests/bench/ner_dev.py --shared ../shared [--lang ar|fa] [--c1 X] [--c2 Y] [--iterations N]

Trains on the train part of `train.development_split` with the shipped word clusters and scores the
dev part (exact-span precision, recall and F1): Arabic, the ninth of ANERcorp just before the
held-out tenth; Persian, PEYMA dev with PEYMA train. No test part is read, so parameters picked here
are measured fairly by `make bench-entities`. Prints figures only; stops with a note when ../shared
is missing.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pycrfsuite

from indexer.ner.evaluation import ALL, span_scores
from indexer.ner.features import FeatureExtractor
from indexer.ner.spans import TYPES
from indexer.ner.tagger import LANGS, load_model
from indexer.ner.train import PARAMS, development_split, fit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--lang", choices=LANGS, action="append", help="default: both")
    parser.add_argument("--c1", type=float, default=PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=PARAMS["c2"])
    parser.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = parser.parse_args()
    ner_dir = args.shared / "ner"
    if not ner_dir.is_dir():
        print(f"{ner_dir} is missing: nothing to measure")
        return 0
    params = {**PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    work = Path(tempfile.mkdtemp(prefix="fahras-ner-dev-"))
    for lang in args.lang or LANGS:
        train, dev = development_split(lang, ner_dir)
        features = FeatureExtractor(lang, load_model(lang).clusters)
        path = work / f"{lang}.crfsuite"
        fit(train, features.sentence, path, params)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        scores = span_scores((s.tags, tagger.tag(features.sentence(s.tokens))) for s in dev)
        cells = " ".join(f"{k} {scores[k].f1:.3f}" for k in TYPES)
        print(f"{lang} dev ({len(train)} sentences trained, {len(dev)} scored), c1={args.c1} c2={args.c2} "
              f"iterations={args.iterations}: P/R/F1 {scores[ALL].precision:.3f} / {scores[ALL].recall:.3f} / "
              f"{scores[ALL].f1:.3f} ({cells})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
