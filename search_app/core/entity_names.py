"""How the index writes each entity: its written forms per language, with counts, and the label chosen.

A corpus entity (one the recogniser found and no gazetteer names) has no label of its own: its label
is the form the documents write most often (`indexer.entity_report.most_frequent`). The index keeps
each mention's form as a term of `entity_forms` (`indexer.schema.FormsField`), so the forms of one
entity are a prefix lookup in the term dictionary: no pass over the stored documents, nothing held per
document. Counts are the term statistics, which count a deleted document until its segment is merged.
"""
from __future__ import annotations

from collections import Counter

from indexer.entity_report import most_frequent
from indexer.schema import FORM_SEPARATOR
from search_app.core.cache import BoundedLRU
from search_app.core.facets import segment_key

FORMS_FIELD = "entity_forms"
LABELS_BYTES = 8 * 2**20

# (segments, entity id) -> label: a lookup reads a few blocks of every segment's term dictionary
_labels = BoundedLRU(LABELS_BYTES, lambda label: 100 + 2 * len(label))


def written_forms(searcher, entity_id: str) -> Counter:
    """Counter((lang, form)) of the mentions of `entity_id` in the searcher's documents."""
    prefix = entity_id + FORM_SEPARATOR
    forms: Counter = Counter()
    for leaf, _ in searcher.reader().leaf_readers():  # each segment's terms with their counts, one pass
        if FORMS_FIELD not in leaf.schema:
            continue
        for term, info in leaf.iter_prefix(FORMS_FIELD, prefix):
            lang, _, form = term.decode("utf-8")[len(prefix):].partition(FORM_SEPARATOR)
            forms[(lang, form)] += int(info.weight())
    return forms


def label_of(forms: Counter) -> str | None:
    by_form: Counter = Counter()
    for (_, form), n in forms.items():
        by_form[form] += n
    return most_frequent(by_form) if by_form else None


def entity_label(searcher, gazetteer, entity_id: str, ui_lang: str) -> str:
    """A gazetteer entity's label in the interface language; a corpus entity's most frequent written
    form in the index; else its id."""
    entity = gazetteer.get(entity_id)
    if entity is not None:
        return entity.label(ui_lang)
    return _labels.get((segment_key(searcher), entity_id),
                       lambda: label_of(written_forms(searcher, entity_id)) or entity_id)
