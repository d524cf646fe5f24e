"""What the entity page shows, as one plain structure: type, names per language, documents per month,
the entities most often named with it, its latest documents. No Flask: views and the API both use it.

Everything but the names and the latest titles comes from the facet arrays (`facets.doc_values`), so a
page costs one term lookup and a pass over the entity's documents.
"""
from __future__ import annotations

import heapq
from collections import Counter

import numpy as np
from whoosh import query as wq

from indexer.errors import FahrasError
from indexer.schema import ENTITY_TYPES
from search_app.core.entity_names import entity_label, written_forms
from search_app.core.facets import Column, doc_values

RELATED_LIMIT = 20
LATEST_LIMIT = 10
MAX_ID_CHARS = 200


def entity_page(searcher, entity_id: str, gazetteer, ui_lang: str = "en") -> dict:
    """The entity page data; FahrasError 404 when no document of the index names `entity_id`."""
    if not entity_id or len(entity_id) > MAX_ID_CHARS:
        raise FahrasError("not_found", "no entity with that id in the index", 404)
    etype, docnums = _documents(searcher, entity_id)
    values = doc_values(searcher)
    forms = written_forms(searcher, entity_id)
    matched = np.asarray(docnums, dtype=np.int64)
    months = _value_counts(values.columns["month"], matched)
    related: Counter = Counter()
    for field in ENTITY_TYPES:
        related.update({(field, other): n for other, n in _value_counts(values.columns[field], matched).items()
                        if other != entity_id})
    dates = values.date
    latest = heapq.nlargest(LATEST_LIMIT, docnums, key=lambda d: (int(dates[d]), d))
    names: dict[str, list[dict]] = {}
    for (lang, form), count in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0])):
        names.setdefault(lang, []).append({"name": form, "count": count})
    return {
        "id": entity_id,
        "type": etype,
        "label": entity_label(searcher, gazetteer, entity_id, ui_lang),
        "in_gazetteer": gazetteer.get(entity_id) is not None,
        "documents": len(docnums),
        "names": names,
        "months": [{"month": m, "count": months[m]} for m in sorted(months)],
        "related": [{"id": other, "type": field, "count": n,
                     "label": entity_label(searcher, gazetteer, other, ui_lang)}
                    for (field, other), n in sorted(related.items(), key=lambda kv: (-kv[1], kv[0][1]))
                    [:RELATED_LIMIT]],
        "latest": [_summary(searcher.stored_fields(d)) for d in latest],
    }


def _value_counts(column: Column, docnums: np.ndarray) -> Counter:
    counts = column.counts(docnums)
    return Counter({column.vocab[i]: int(counts[i]) for i in np.flatnonzero(counts)})


def _documents(searcher, entity_id: str) -> tuple[str, list[int]]:
    for field in ENTITY_TYPES:
        docnums = sorted(searcher.docs_for_query(wq.Term(field, entity_id)))
        if docnums:
            return field, docnums
    raise FahrasError("not_found", f"no entity with id {entity_id[:80]!r} in the index", 404)


def _summary(stored: dict) -> dict:
    return {"id": stored["id"], "title": stored.get("title") or "", "date": stored.get("date"),
            "lang": stored.get("lang")}
