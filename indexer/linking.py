"""Recognised mentions made into entities: a gazetteer entity where one fits, else a corpus entity.

Per document, in order of mention:
1. A recognised mention inside a gazetteer mention, or overlapping one of the same type, is that
   gazetteer mention (the gazetteer's guards and longest match already judged the words).
2. Its leading titles are taken off (`names.split_title`) and kept on the mention.
3. The rest is looked up in the gazetteer (clitics and suffixes allowed): توقایف and توكاييف are Tokayev.
4. Otherwise it is a corpus entity with id `TYPE:KEY`, KEY being `names.name_key` of the name: stable
   across runs and documents, and the same for a name spelled alike in Persian and in Arabic.
5. A person named by fewer words than a person before it in the same document, whose key words are the
   last words of that person's key (a surname, or a first name with the surname), is that person.

Ids never hold spaces (the facet fields split on them); a corpus entity's label is chosen where the
index is read, from the counts of its written forms (`search_app.core.entity_page`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from indexer.gazetteer import Entity, Gazetteer
from indexer.ner import LANGS as RECOGNISED_LANGS
from indexer.ner import load_model, recognize
from indexer.names import name_key, split_title

NER_TYPES = {"PER": "person", "LOC": "place", "ORG": "org"}
CORPUS_PREFIX = {"person": "per", "place": "loc", "org": "org"}
FIELDS = ("title", "body")

Recognizer = Callable[[str, str], list]


@dataclass(frozen=True)
class Found:
    """One mention, linked: where it is, which entity, how the document wrote it."""

    field: str
    start: int
    end: int
    entity_id: str
    type: str
    label: str
    title: str = ""


def load_recognizer() -> Recognizer:
    """The recogniser with every language's model opened, before an index run writes anything: a
    missing or corrupt model stops the run with a message naming the file and `make train-ner`."""
    for lang in RECOGNISED_LANGS:
        load_model(lang)
    return recognize


def corpus_id(etype: str, key: str) -> str:
    return f"{CORPUS_PREFIX[etype]}:{key}"


def link_recognised(field: str, text: str, mentions: Iterable, gaz: Gazetteer,
                    known: list[Found]) -> list[Found]:
    """The recogniser's mentions of one field not already among `known` (the gazetteer's), linked."""
    linked: list[Found] = []
    for m in mentions:
        etype = NER_TYPES.get(m.type)
        if etype is None or _covered(field, m.start, m.end, etype, known):
            continue
        title, offset = split_title(text[m.start:m.end])
        start = m.start + offset
        name = text[start:m.end]
        entity = gaz.lookup(name)
        if entity is not None:
            linked.append(_gazetteer_found(field, start, m.end, entity, title))
            continue
        key = name_key(name)
        if key:
            linked.append(Found(field, start, m.end, corpus_id(etype, key), etype, name, title))
    return linked


def _gazetteer_found(field: str, start: int, end: int, entity: Entity, title: str) -> Found:
    return Found(field, start, end, entity.id, entity.type, entity.label_en, title)


def _covered(field: str, start: int, end: int, etype: str, known: list[Found]) -> bool:
    for k in known:
        if k.field == field and k.start < end and start < k.end and (
                k.type == etype or k.start <= start and end <= k.end):
            return True
    return False


def join_short_forms(found: list[Found]) -> list[Found]:
    """Later short forms of a corpus person become the full name mentioned before them (text order)."""
    people: list[tuple[list[str], Found]] = []
    joined: list[Found] = []
    for f in sorted(found, key=lambda f: (FIELDS.index(f.field), f.start)):
        if f.type == "person" and f.entity_id.startswith(CORPUS_PREFIX["person"] + ":"):
            words = f.entity_id.split(":", 1)[1].split("_")
            longer = next((p for w, p in reversed(people)
                           if len(w) > len(words) and w[-len(words):] == words), None)
            if longer is not None:
                f = Found(f.field, f.start, f.end, longer.entity_id, longer.type, f.label, f.title)
            else:
                people.append((words, f))
        joined.append(f)
    return joined


def group_entities(found: list[Found]) -> list[dict]:
    """Entities in order of first mention: {"id", "type", "label", "mentions"}; a mention keeps its title."""
    entities: dict[str, dict] = {}
    for f in found:
        entry = entities.setdefault(f.entity_id, {"id": f.entity_id, "type": f.type, "label": f.label,
                                                  "mentions": []})
        mention = {"field": f.field, "start": f.start, "end": f.end}
        if f.title:
            mention["title"] = f.title
        entry["mentions"].append(mention)
    return list(entities.values())
