"""Entities on news the gazetteer was not written from: who and what the People and Organisations facets show.

    .venv/bin/python tests/bench/news_entities.py [--shared ../shared] [--ar-articles 2000] [--fa-articles 0]
        [--cache DIR] [--top 30] [--gazetteer none]

The first `--ar-articles` articles of `corpora/ar-news-dev.jsonl.gz` and the first `--fa-articles` of
`corpora/fa-hamshahri.jsonl.gz` (0: all) are made into documents and linked as `fahras index` links
them (gazetteer, recogniser, then the cross-document aliases of `indexer.aliases` over all of them). Printed per
language: the share of documents with at least one person and with at least one organisation, and the
`--top` persons and organisations by documents, each with its id and label (a gazetteer entity's label in
the language, a corpus entity's most frequent written form). `--cache DIR` keeps the recogniser's output
per article, so a second run measures a linking change without tagging again.
"""
from __future__ import annotations

import argparse
import hashlib
import pickle
from collections import Counter
from itertools import islice
from pathlib import Path

from indexer.aliases import apply_aliases, corpus_aliases
from indexer.documents import build_document
from indexer.entity_report import most_frequent
from indexer.gazetteer import build_gazetteer, get_gazetteer
from indexer.given_names import given_names
from indexer.linking import load_recognizer
from indexer.sources import Problem, iter_records
from indexer.writer import Linker

CORPORA = {"ar": "ar-news-dev.jsonl.gz", "fa": "fa-hamshahri.jsonl.gz"}


class CachedRecognizer:
    """The recogniser, its output kept on disk by (language, text digest)."""

    def __init__(self, recognize, path: Path | None):
        self.recognize, self.path = recognize, path
        self.known = pickle.loads(path.read_bytes()) if path and path.is_file() else {}

    def __call__(self, text: str, lang: str):
        key = (lang, hashlib.sha1(text.encode("utf-8")).hexdigest())
        if key not in self.known:
            self.known[key] = self.recognize(text, lang)
        return self.known[key]

    def save(self) -> None:
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(pickle.dumps(self.known))


def documents(path: Path, limit: int):
    records = (r for r in iter_records([path]) if not isinstance(r, Problem))
    return [build_document(r) for r in (islice(records, limit) if limit else records)]


def report(lang: str, docs, gazetteer, top: int) -> None:
    labels = {e.id: getattr(e, f"label_{lang}") or e.label_en for e in gazetteer}
    docs_with = Counter()
    per_entity = {"person": Counter(), "org": Counter()}
    forms: dict[str, Counter] = {}
    for doc in docs:
        types = {e["type"] for e in doc.entities}
        docs_with.update(types)
        for e in doc.entities:
            if e["type"] in per_entity:
                per_entity[e["type"]][e["id"]] += 1
                text = {"title": doc.title, "body": doc.body}
                forms.setdefault(e["id"], Counter()).update(
                    " ".join(text[m["field"]][m["start"]:m["end"]].split()) for m in e["mentions"])
    n = len(docs)
    print(f"\n{lang}: {n} documents; with a person {docs_with['person'] / n:.1%}, "
          f"with an organisation {docs_with['org'] / n:.1%}")
    for etype, counts in per_entity.items():
        print(f"\n| {lang} {etype} | docs | label | id |\n|---|---|---|---|")
        for rank, (eid, count) in enumerate(counts.most_common(top), 1):
            label = labels.get(eid) or most_frequent(forms[eid])
            print(f"| {rank} | {count} | {label} | `{eid}` |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--ar-articles", type=int, default=2000)
    parser.add_argument("--fa-articles", type=int, default=0, help="0: all")
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--gazetteer", choices=["built-in", "none"], default="built-in")
    args = parser.parse_args()
    corpora = args.shared / "corpora"
    if not corpora.is_dir():
        print(f"{corpora} is missing: nothing to measure")
        return 0
    gazetteer = get_gazetteer() if args.gazetteer == "built-in" else build_gazetteer({"entities": []})
    recognize = CachedRecognizer(load_recognizer(), args.cache / "recognised.pickle" if args.cache else None)
    linker = Linker(gazetteer, recognize)
    by_lang = {lang: [linker(d) for d in documents(corpora / CORPORA[lang], limit)]
               for lang, limit in (("ar", args.ar_articles), ("fa", args.fa_articles))}
    recognize.save()
    every = [d for docs in by_lang.values() for d in docs]
    counts = Counter(e["id"] for d in every for e in d.entities)
    aliases = corpus_aliases(counts, linker.people, given_names())
    for d in every:
        d.entities = apply_aliases(d.entities, aliases)
    for lang, docs in by_lang.items():
        report(lang, docs, gazetteer, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
