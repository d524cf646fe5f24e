"""What `fahras entities` prints: the gazetteer with document counts, and names proposed for it.

Candidates are what a person should review for the gazetteer: the corpus entities of an index (names
the recogniser found that link to no gazetteer entry), with their counts and an example sentence. Also
here: scoring found entities against hand-checked ones.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Mapping

from indexer.errors import FahrasError
from indexer.gazetteer import Gazetteer, get_gazetteer, index_gazetteer
from indexer.schema import ENTITY_TYPES
from indexer.store import open_index

MIN_COUNT = 2
MAX_EXAMPLE = 160
SENTENCE_ENDS = ".!?؟\n"


def gazetteer_rows(index_dir: str | Path | None, gazetteer: Gazetteer | None = None) -> list[dict]:
    """One row per entity of the index's gazetteer (the built-in one without an index); with an index,
    its number of documents there (most first)."""
    gaz = gazetteer or (index_gazetteer(index_dir) if index_dir is not None else get_gazetteer())
    rows = [{"id": e.id, "type": e.type, "label_en": e.label_en, "label_fa": e.label_fa,
             "label_ar": e.label_ar} for e in gaz]
    if index_dir is None:
        return sorted(rows, key=lambda r: (ENTITY_TYPES.index(r["type"]), r["id"]))
    counts = entity_doc_counts(index_dir)
    for row in rows:
        row["docs"] = counts.get(row["id"], 0)
    return sorted(rows, key=lambda r: (-r["docs"], r["id"]))


def entity_doc_counts(index_dir: str | Path) -> dict[str, int]:
    """Documents per entity id, from the index's person, place and org keyword fields."""
    counts: dict[str, int] = {}
    with open_index(index_dir).reader() as reader:
        for field in ENTITY_TYPES:
            if field not in reader.schema:
                continue
            for term, info in reader.iter_field(field):
                key = term.decode("utf-8") if isinstance(term, bytes) else term
                counts[key] = counts.get(key, 0) + info.doc_frequency()
    return counts


def candidate_rows(index_dir: str | Path | None, min_docs: int = MIN_COUNT) -> list[dict]:
    """Names the recogniser found in at least `min_docs` documents that link to no gazetteer entry, most
    documents first: {"id", "type", "name", "docs", "mentions", "example"} (name: the most frequent
    written form; example: the sentence of its first mention)."""
    if index_dir is None:
        raise FahrasError("index_required", "give --index DIR: candidates are read from an index's documents")
    forms: dict[str, Counter[str]] = {}
    docs: Counter[str] = Counter()
    types: dict[str, str] = {}
    examples: dict[str, str] = {}
    with open_index(index_dir).searcher() as searcher:
        for stored in searcher.all_stored_fields():
            texts = {"title": stored.get("title") or "", "body": stored.get("body") or ""}
            for entity in stored.get("entities") or ():
                if ":" not in entity["id"]:
                    continue
                eid = entity["id"]
                docs[eid] += 1
                types[eid] = entity["type"]
                first = entity["mentions"][0]
                if eid not in examples:
                    examples[eid] = sentence_at(texts[first["field"]], first["start"], first["end"])
                forms.setdefault(eid, Counter()).update(written_form(texts, m) for m in entity["mentions"])
    rows = [{"id": eid, "type": types[eid], "name": most_frequent(forms[eid]), "docs": n,
             "mentions": sum(forms[eid].values()), "example": examples[eid]}
            for eid, n in docs.items() if n >= min_docs]
    return sorted(rows, key=lambda r: (-r["docs"], -r["mentions"], r["id"]))


def written_form(texts: Mapping[str, str], mention: Mapping) -> str:
    """A stored mention as the document writes it, on one line."""
    return " ".join(texts[mention["field"]][mention["start"]:mention["end"]].split())


def most_frequent(forms: Mapping[str, int]) -> str:
    """The label of a corpus entity: its most frequent written form (ties: the longer, then the first)."""
    return min(forms, key=lambda f: (-forms[f], -len(f), f))


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], on one line, at most MAX_EXAMPLE characters either side."""
    left = max((text.rfind(c, 0, start) for c in SENTENCE_ENDS), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in SENTENCE_ENDS) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    left, right = max(left, start - MAX_EXAMPLE), min(right, end + MAX_EXAMPLE)
    return " ".join(text[left:right].split())


def facet_scores(truth: Mapping[str, set[str]], found: Mapping[str, set[str]]) -> dict:
    """Micro precision and recall of per-document entity sets, with what was missed or extra."""
    tp = sum(len(truth[d] & found.get(d, set())) for d in truth)
    n_found = sum(len(found.get(d, set())) for d in truth)
    n_true = sum(len(truth[d]) for d in truth)
    return {
        "precision": tp / n_found if n_found else 1.0,
        "recall": tp / n_true if n_true else 1.0,
        "true_positives": tp, "found": n_found, "truth": n_true,
        "missed": {d: sorted(truth[d] - found.get(d, set())) for d in truth if truth[d] - found.get(d, set())},
        "extra": {d: sorted(found.get(d, set()) - truth[d]) for d in truth if found.get(d, set()) - truth[d]},
    }


def cross_language_links(entity_sets: Mapping[str, set[str]], langs: Mapping[str, str]) -> list[str]:
    """Entities named both in a Persian document and in an Arabic one."""
    by_lang: dict[str, set[str]] = {"fa": set(), "ar": set()}
    for doc_id, ids in entity_sets.items():
        if langs.get(doc_id) in by_lang:
            by_lang[langs[doc_id]] |= ids
    return sorted(by_lang["fa"] & by_lang["ar"])
