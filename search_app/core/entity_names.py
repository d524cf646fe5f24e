"""How the index writes each entity: its written forms per language, with counts, and the label chosen.

A corpus entity (one the recogniser found and no gazetteer names) has no label of its own: the index
stores each mention's offsets, and its label is the form the documents write most often
(`indexer.entity_report.most_frequent`). The forms are read once per segment from the stored mentions
and kept under the segment id, like the facet values (`facets`), so incremental runs need no pass over
the whole corpus; deleted documents drop out when their segment is merged away.
"""
from __future__ import annotations

from collections import Counter

from indexer.entity_report import most_frequent, written_form
from search_app.core.cache import BoundedLRU
from search_app.core.facets import segment_key

FormCounts = dict[str, Counter]  # entity id -> Counter of (lang, written form)

_segments = BoundedLRU(64, lambda forms: 1)
_searchers = BoundedLRU(8, lambda forms: 1)


def written_forms(searcher) -> FormCounts:
    """Entity id -> Counter((lang, form)) over the searcher's documents."""
    key = segment_key(searcher)
    leaves = [sub.reader() for sub, _ in searcher.leaf_searchers()]

    def merged() -> FormCounts:
        total: FormCounts = {}
        for sid, reader in zip(key, leaves):
            for entity_id, forms in _segments.get(sid, lambda r=reader: _segment_forms(r)).items():
                total.setdefault(entity_id, Counter()).update(forms)
        return total

    return _searchers.get(key, merged)


def _segment_forms(reader) -> FormCounts:
    forms: FormCounts = {}
    for stored in reader.all_stored_fields():
        texts = {"title": stored.get("title") or "", "body": stored.get("body") or ""}
        lang = stored.get("lang") or "other"
        for entity in stored.get("entities") or ():
            counts = forms.setdefault(entity["id"], Counter())
            for m in entity["mentions"]:
                form = written_form(texts, m)
                if form:
                    counts[(lang, form)] += 1
    return forms


def label_of(forms: Counter) -> str | None:
    by_form: Counter = Counter()
    for (_, form), n in forms.items():
        by_form[form] += n
    return most_frequent(by_form) if by_form else None


def corpus_label(searcher, entity_id: str) -> str:
    """The most frequent written form of an entity in the index, else its id."""
    return label_of(written_forms(searcher).get(entity_id, Counter())) or entity_id
