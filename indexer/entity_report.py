"""What `fahras entities` prints: the gazetteer with document counts, and names proposed for it.

Candidates are what a person should review for the gazetteer: phrases quoted in «», "" or “”,
capitalised Latin words, and runs of two or three words that recur together; each seen at least twice
and not already a name of the gazetteer. Also here: scoring found entities against hand-checked ones.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Iterable, Mapping

from analyzers.fold import fold
from hazm import stopwords_list

from analyzers.stopwords import FOLDED
from indexer.entities import find_mentions
from indexer.errors import FahrasError
from indexer.gazetteer import Gazetteer, get_gazetteer, words
from indexer.schema import ENTITY_TYPES
from indexer.store import open_index

QUOTED_RE = re.compile(r"«([^«»\n]{2,60})»|\"([^\"\n]{2,60})\"|“([^“”\n]{2,60})”")
LATIN_RE = re.compile(r"\b[A-Z][A-Za-z]{1,}(?:[ -][A-Z][A-Za-z]+)*\b")
MAX_QUOTED_WORDS = 5
RUN_SIZES = (3, 2)
MIN_COUNT = 2
MIN_WORD = 3
COHESION = 0.6  # share of a run's rarer word's occurrences that are inside the run
# Function words a name never holds: the analyzers' lists, hazm's broader Persian one, a few more Arabic.
MORE_ARABIC = "على إلا عليه بأن بأنه أنه إنه أنها إنها لها لهذا هذا بعد".split()
STOPWORDS = FOLDED["fa"] | FOLDED["ar"] | {fold(w) for w in [*stopwords_list(), *MORE_ARABIC]}


def gazetteer_rows(index_dir: str | Path | None, gazetteer: Gazetteer | None = None) -> list[dict]:
    """One row per entity; with an index, its number of documents there (most first)."""
    gaz = gazetteer or get_gazetteer()
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


def candidate_rows(index_dir: str | Path | None, gazetteer: Gazetteer | None = None) -> list[dict]:
    """Names the index's documents use that the gazetteer lacks, most frequent first."""
    if index_dir is None:
        raise FahrasError("index_required", "give --index DIR: candidates are read from an index's documents")
    with open_index(index_dir).searcher() as searcher:
        texts = [f"{f.get('title') or ''}\n{f.get('body') or ''}" for f in searcher.all_stored_fields()]
    return propose_candidates(texts, gazetteer)


def propose_candidates(texts: Iterable[str], gazetteer: Gazetteer | None = None) -> list[dict]:
    """Rows {"name", "kind", "count", "docs"} for names seen at least twice and unknown to the gazetteer."""
    gaz = gazetteer or get_gazetteer()
    count: Counter[tuple[str, str]] = Counter()
    docs: Counter[tuple[str, str]] = Counter()
    written: dict[tuple[str, str], str] = {}
    word_count: Counter[str] = Counter()
    for text in texts:
        seen: set[tuple[str, str]] = set()
        for kind, phrase in [*_quoted(text), *_latin(text), *_runs(text, gaz, word_count)]:
            key = (kind, " ".join(fold(s.text) for s in words(phrase)))
            if kind != "words" and _known(phrase, gaz):
                continue
            written.setdefault(key, phrase)
            count[key] += 1
            seen.add(key)
        docs.update(seen)
    keep = {k for k, c in count.items() if c >= MIN_COUNT and (k[0] != "words" or _cohesive(k[1], c, word_count))}
    keep -= {k for k in keep if k[0] == "words" and any(
        other[0] == "words" and f" {k[1]} " in f" {other[1]} " and other != k for other in keep)}
    rows = [{"name": written[k], "kind": k[0], "count": count[k], "docs": docs[k]} for k in keep]
    return sorted(rows, key=lambda r: (-r["docs"], -r["count"], r["kind"], r["name"]))


def _quoted(text: str) -> Iterable[tuple[str, str]]:
    for m in QUOTED_RE.finditer(text):
        phrase = next(g for g in m.groups() if g).strip()
        if 0 < len(words(phrase)) <= MAX_QUOTED_WORDS:
            yield "quoted", phrase


def _latin(text: str) -> Iterable[tuple[str, str]]:
    for m in LATIN_RE.finditer(text):
        if not m.group().startswith(("http", "www")):
            yield "latin", m.group()


def _runs(text: str, gaz: Gazetteer, word_count: Counter[str]) -> Iterable[tuple[str, str]]:
    """Runs of two or three content words outside known names; counts every content word seen."""
    spans = words(text)
    known = {i for m in find_mentions(text, gaz) for i, s in enumerate(spans) if m.start <= s.start < m.end}
    folded = [fold(s.text) for s in spans]
    content = [i not in known and len(f) >= MIN_WORD and f not in STOPWORDS and not any(c.isdigit() for c in f)
               for i, f in enumerate(folded)]
    word_count.update(f for f, ok in zip(folded, content) if ok)
    for size in RUN_SIZES:
        for i in range(len(spans) - size + 1):
            if all(content[i:i + size]) and all(
                    not text[spans[k].end:spans[k + 1].start].strip() for k in range(i, i + size - 1)):
                yield "words", text[spans[i].start:spans[i + size - 1].end]


def _cohesive(key: str, count: int, word_count: Counter[str]) -> bool:
    """The run's words are mostly seen together: a name, not a phrase made of common words."""
    return count >= COHESION * min(word_count[w] for w in key.split())


def _known(phrase: str, gaz: Gazetteer) -> bool:
    """The phrase is, or is made of, names the gazetteer has."""
    if gaz.lookup(phrase) is not None:
        return True
    spans = words(phrase)
    covered = {i for m in find_mentions(phrase, gaz) for i, s in enumerate(spans) if m.start <= s.start < m.end}
    return len(covered) == len(spans)


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
