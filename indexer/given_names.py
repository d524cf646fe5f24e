"""Common given names (محمد, علي, عبد الله, خالد, حسن ...): alone they name nobody in particular.

    python -m indexer.given_names --shared ../shared   (make given-names)

The list is learned, not typed: a word is a given name when, in the recognisers' training data (the
ANERcorp part trained on, PEYMA train and dev), it begins a person's name of two or more words at least
MIN_FIRST times and at least FIRST_SHARE of the times it begins or ends one (so surnames are left out),
its title, initials and abbreviations taken off (خمینی (ره) is one word), and it is common in news: at
least MIN_CORPUS times in the first CORPUS_DOCS articles of each corpus the recogniser's word clusters
are learned from. Words are kept as `names.key_words` spells them, one a line, in `data/given_names.txt`.
"""
from __future__ import annotations

import argparse
import functools
import sys
from collections import Counter
from pathlib import Path

from indexer.names import key_words, split_title
from indexer.ner.clusters import CORPORA, corpus_sentences
from indexer.ner.spans import bio_spans
from indexer.ner.tagger import LANGS
from indexer.ner.train import training_sentences

GIVEN_NAMES_FILE = Path(__file__).parent / "data" / "given_names.txt"
MIN_FIRST = 3
FIRST_SHARE = 0.8
MIN_CORPUS = 20
CORPUS_DOCS = 3_000
MIN_LETTERS = 3  # a key of two letters is an initial or an abbreviation (جی, ره), not a word of the name


@functools.cache
def given_names() -> frozenset[str]:
    """The shipped list (empty when the file is missing: then no name is held back)."""
    if not GIVEN_NAMES_FILE.is_file():
        return frozenset()
    return frozenset(GIVEN_NAMES_FILE.read_text(encoding="utf-8").split())


def learn_given_names(shared: Path) -> list[str]:
    """Given names of both languages, sorted, from `shared`'s ner/ and corpora/ as the module doc says."""
    first: Counter[str] = Counter()
    last: Counter[str] = Counter()
    for lang in LANGS:
        for sentence in training_sentences(lang, shared / "ner"):
            for start, end, etype in bio_spans(sentence.tags):
                name = " ".join(sentence.tokens[start:end])
                words = key_words(name[split_title(name)[1]:]) if etype == "PER" else []
                words = [w for w in words if len(w) >= MIN_LETTERS]
                if len(words) > 1:
                    first[words[0]] += 1
                    last[words[-1]] += 1
    names = {w for w, n in first.items() if n >= MIN_FIRST and n >= FIRST_SHARE * (n + last[w])}
    seen: Counter[str] = Counter()
    paths = [shared / "corpora" / name for lang in LANGS for name in CORPORA[lang]]
    for words in corpus_sentences(paths, CORPUS_DOCS):
        seen.update(k for w in words for k in key_words(w) if k in names)
    return sorted(w for w in names if seen[w] >= MIN_CORPUS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=GIVEN_NAMES_FILE)
    args = parser.parse_args(argv)
    missing = [p for p in (args.shared / "ner", args.shared / "corpora") if not p.is_dir()]
    if missing:
        print(f"error: {missing[0]} is missing: give --shared the folder that holds ner/ and corpora/", file=sys.stderr)
        return 1
    names = learn_given_names(args.shared)
    args.out.write_text("".join(f"{w}\n" for w in names), encoding="utf-8")
    print(f"{len(names)} given names written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
