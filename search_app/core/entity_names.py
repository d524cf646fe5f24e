"""How the index writes each entity: its written forms per language, with counts, and the label chosen.

A corpus entity (one the recogniser found and no gazetteer names) has no label of its own: its label
is the form the documents write most often (`indexer.entity_report.most_frequent`). The index keeps
each mention's form as a term of `entity_forms` (`indexer.schema.FormsField`, `id␟lang␟form`), and
each segment's forms are read once, in one pass over that field's terms (no stored document is read),
then kept per segment in a cache bounded in bytes, like the facet values: a label shown on every search
must not cost a term-dictionary search each time. Counts are the term statistics, which count a deleted
document until its segment is merged.
"""
from __future__ import annotations

from collections import Counter

from indexer.entity_report import most_frequent
from indexer.schema import FORM_SEPARATOR
from search_app.core.cache import BoundedLRU

FORMS_FIELD = "entity_forms"
FORMS_BYTES = 128 * 2**20

SegmentForms = dict[str, tuple[tuple[str, str, int], ...]]  # entity id -> (lang, form, mentions), ...

_segments = BoundedLRU(FORMS_BYTES, lambda entry: entry[1])  # segment id -> (SegmentForms, bytes)


def written_forms(searcher, entity_id: str) -> Counter:
    """Counter((lang, form)) of the mentions of `entity_id` in the searcher's documents."""
    forms: Counter = Counter()
    for leaf, _ in searcher.reader().leaf_readers():
        sid = leaf.segment().segment_id()
        for lang, form, n in _segments.get(sid, lambda r=leaf: _segment_forms(r))[0].get(entity_id, ()):
            forms[(lang, form)] += n
    return forms


def _segment_forms(reader) -> tuple[SegmentForms, int]:
    found: dict[str, list] = {}
    nbytes = 0
    if FORMS_FIELD in reader.schema:
        for term, info in reader.iter_field(FORMS_FIELD):
            entity_id, lang, form = term.decode("utf-8").split(FORM_SEPARATOR, 2)
            found.setdefault(entity_id, []).append((lang, form, int(info.weight())))
            nbytes += 120 + 2 * len(term)  # the tuple, its strings and the dictionary slot, roughly
    return {entity_id: tuple(entries) for entity_id, entries in found.items()}, nbytes


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
    return label_of(written_forms(searcher, entity_id)) or entity_id
