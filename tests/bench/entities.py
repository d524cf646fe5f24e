"""Entities measured: mention precision and recall on annotated news, and the sample as a regression check.

    .venv/bin/python tests/bench/entities.py [--shared ../shared] [--chunk 20] [--ar-heldout 0.1]

Annotated news (text the gazetteer was not written from): the tokens of `ner/fa-peyma-test.conll` and of
the last `--ar-heldout` share of the sentences of `ner/ar-anercorp-train.conll` (the part the recogniser
is not trained on, if its training leaves the same share out) are joined with spaces into documents of
`--chunk` sentences, each goes through `find_entities` as `fahras index` runs it (gazetteer, recogniser,
linking), and each found mention is compared with the gold spans at token level: right when it covers
exactly the tokens of a gold name of the same type. Printed per type and overall, with the built-in
gazetteer and with none (recognition alone).

Sample (regression only: the gazetteer was written from these five articles): facet precision and
recall against tests/indexer/seed_entities.json with the built-in gazetteer; with no gazetteer, persons
only, a found corpus entity counting as a seed person when its key is the key of one of that person's
gazetteer names; and how many persons named in both the Persian and an Arabic article get one id.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from indexer.documents import build_document
from indexer.entities import find_entities
from indexer.entity_report import cross_language_links, facet_scores
from indexer.gazetteer import build_gazetteer, get_gazetteer
from indexer.linking import CORPUS_PREFIX, load_recognizer
from indexer.names import name_key
from indexer.sources import iter_records

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = ROOT / "indexer" / "sample"
SEEDS = ROOT / "tests" / "indexer" / "seed_entities.json"
GOLD_TYPES = {"PER": "person", "LOC": "place", "ORG": "org"}
NO_GAZETTEER = build_gazetteer({"entities": []})


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        token, _, tag = line.partition("\t")
        current.append((token, tag.split("\t")[0].strip() or "O"))
    if current:
        sentences.append(current)
    return sentences


def as_document(sentences: list[list[tuple[str, str]]]) -> tuple[str, list[tuple[int, int]], set]:
    """Text of the tokens, each token's offsets, and the gold names as (type, first token, last token)."""
    text, offsets, gold = "", [], set()
    open_name = None
    for sentence in sentences:
        for token, tag in sentence:
            if text:
                text += " "
            offsets.append((len(text), len(text) + len(token)))
            text += token
            i = len(offsets) - 1
            kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if open_name and (tag.startswith("B-") or kind != open_name[0]):
                gold.add(open_name)
                open_name = None
            if kind in GOLD_TYPES:
                open_name = (kind, open_name[1] if open_name else i, i)
        if open_name:
            gold.add(open_name)
            open_name = None
    return text, offsets, {(GOLD_TYPES[k], a, b) for k, a, b in gold}


def found_names(text: str, offsets: list[tuple[int, int]], lang: str, gazetteer, recognize) -> set:
    names = set()
    for entity in find_entities("", text, gazetteer, lang=lang, recognize=recognize):
        for m in entity["mentions"]:
            covered = [i for i, (s, e) in enumerate(offsets) if s < m["end"] and m["start"] < e]
            if covered:
                names.add((entity["type"], covered[0], covered[-1]))
    return names


def mention_scores(sentences, lang: str, chunk: int, gazetteer, recognize) -> dict[str, tuple[int, int, int]]:
    """Per type and "all": (right, found, gold)."""
    counts: dict[str, Counter] = {t: Counter() for t in (*GOLD_TYPES.values(), "all")}
    for start in range(0, len(sentences), chunk):
        text, offsets, gold = as_document(sentences[start:start + chunk])
        found = found_names(text, offsets, lang, gazetteer, recognize)
        for etype in GOLD_TYPES.values():
            g = {n for n in gold if n[0] == etype}
            f = {n for n in found if n[0] == etype}
            for key in (etype, "all"):
                counts[key].update(right=len(g & f), found=len(f), gold=len(g))
    return {t: (c["right"], c["found"], c["gold"]) for t, c in counts.items()}


def report_mentions(shared: Path, chunk: int, ar_heldout: float, recognize) -> None:
    sets = []
    fa_path, ar_path = shared / "ner" / "fa-peyma-test.conll", shared / "ner" / "ar-anercorp-train.conll"
    if fa_path.is_file():
        sets.append(("fa", "PEYMA test", read_conll(fa_path)))
    if ar_path.is_file():
        ar = read_conll(ar_path)
        sets.append(("ar", f"ANERcorp last {ar_heldout:.0%}", ar[int(len(ar) * (1 - ar_heldout)):]))
    if not sets:
        print(f"mentions: skipped, no annotated files under {shared / 'ner'}")
        return
    print("| set | gazetteer | type | precision | recall | F1 | gold |")
    print("|---|---|---|---|---|---|---|")
    for lang, name, sentences in sets:
        for gaz_name, gaz in (("built-in", get_gazetteer()), ("none", NO_GAZETTEER)):
            for etype, (right, found, gold) in mention_scores(sentences, lang, chunk, gaz, recognize).items():
                p = right / found if found else 0.0
                r = right / gold if gold else 0.0
                f1 = 2 * p * r / (p + r) if p + r else 0.0
                print(f"| {name} | {gaz_name} | {etype} | {p:.3f} | {r:.3f} | {f1:.3f} | {gold} |")


def sample_documents():
    return [build_document(r) for r in iter_records([SAMPLE_DIR])]


def report_sample(recognize) -> None:
    seeds = json.loads(SEEDS.read_text(encoding="utf-8"))["documents"]
    truth = {doc_id: set(s["entities"]) for doc_id, s in seeds.items()}
    langs = {doc_id: s["lang"] for doc_id, s in seeds.items()}
    docs = sample_documents()
    gaz = get_gazetteer()
    found = {d.id: {e["id"] for e in find_entities(d.title, d.body, gaz, lang=d.lang, recognize=recognize)}
             for d in docs}
    scores = facet_scores(truth, found)
    print(f"sample, built-in gazetteer: facet precision {scores['precision']:.3f}, recall {scores['recall']:.3f} "
          f"({scores['true_positives']} right of {scores['found']} found, {scores['truth']} true)")
    for doc_id, ids in scores["extra"].items():
        print(f"  extra in {doc_id}: {' '.join(ids)}")

    persons = {e.id for e in gaz if e.type == "person"}
    keys = {e.id: {name_key(n) for n in e.all_names} for e in gaz if e.id in persons}
    by_key = {k: pid for pid, ks in keys.items() for k in ks}
    prefix = CORPUS_PREFIX["person"] + ":"
    found_none = {}
    for d in docs:
        ids = {e["id"] for e in find_entities(d.title, d.body, NO_GAZETTEER, lang=d.lang, recognize=recognize)
               if e["type"] == "person"}
        found_none[d.id] = {by_key.get(i[len(prefix):], i) for i in ids}
    truth_persons = {d: ids & persons for d, ids in truth.items()}
    scores = facet_scores(truth_persons, found_none)
    print(f"sample, no gazetteer, persons: precision {scores['precision']:.3f}, recall {scores['recall']:.3f} "
          f"({scores['true_positives']} right of {scores['found']} found, {scores['truth']} true)")
    both = cross_language_links(truth_persons, langs)
    linked = set(cross_language_links(found_none, langs))
    print(f"  persons named in the Persian and an Arabic article: {len(both)}; "
          f"one id for {len(linked & set(both))}: {' '.join(sorted(linked & set(both)))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--chunk", type=int, default=20, help="Sentences per document.")
    parser.add_argument("--ar-heldout", type=float, default=0.1, help="Share of ANERcorp at its end.")
    args = parser.parse_args()
    recognize = load_recognizer()
    report_sample(recognize)
    report_mentions(args.shared, args.chunk, args.ar_heldout, recognize)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
