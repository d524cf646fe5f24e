"""Recognised mentions made into entities: a gazetteer entity where one fits, else a corpus entity.

Per document, in order of mention:
1. A recognised mention inside a gazetteer mention, or overlapping one of the same type, is that
   gazetteer mention (the gazetteer's guards and longest match already judged the words).
2. Its leading titles are taken off (`names.split_title`) and kept on the mention.
3. The rest is looked up in the gazetteer (clitics and suffixes allowed): توقایف and توكاييف are Tokayev.
4. Otherwise it is a corpus entity with id `TYPE:KEY`, KEY being `names.name_key` of the name: stable
   across runs and documents, and the same for a name spelled alike in Persian and in Arabic.
5. A person named by fewer words than a person before it in the same document, whose key words are the
   last words of that person's key (a surname, or a first name with the surname), is that person; so
   is one whose key, a one-letter clitic taken off, is an earlier person's (لنزارباييف after نزارباييف),
   and a titled first name that begins the earlier person's name (الملك سلمان after سلمان بن عبدالعزيز).
   A one-word mention of a generic noun (الشمال, منظمة, دولت) is dropped, and so is a month, a
   currency or a newspaper desk (`not_names`), the adjective of a gazetteer place (روسي), and a lone
   given name (`given_names`: محمد, خالد) with no title that joins no person.

Across documents, short names are merged into the full name that dominates them at the end of an
index run (`aliases`, `merging`).

Ids never hold spaces (the facet fields split on them); a corpus entity's label is chosen where the
index is read, from the counts of its written forms (`search_app.core.entity_page`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from indexer.gazetteer import Entity, Gazetteer
from indexer.given_names import given_names
from indexer.ner import LANGS as RECOGNISED_LANGS
from indexer.ner import load_model, recognize
from indexer.names import is_definite, is_generic, key_words, name_words, nisba_stems, split_title, without_clitic
from indexer.not_names import is_desk_byline, is_month, is_not_a_name

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
    words: tuple[str, ...] = ()  # a corpus entity's key words (`names.key_words`)


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
        if is_generic(text[m.start:m.end]):
            continue
        title, offset = split_title(text[m.start:m.end])
        start = m.start + offset
        name = text[start:m.end]
        if is_not_a_name(name) or is_month(text, start, m.end, etype) or is_desk_byline(text, start, m.end) \
                or _adjective_of_place(name, etype, gaz):
            continue
        entity = gaz.lookup(name, recognised=True)
        if entity is not None:
            linked.append(_gazetteer_found(field, start, m.end, entity, title))
            continue
        words = tuple(key_words(name))
        if words and not is_generic(name):
            linked.append(Found(field, start, m.end, corpus_id(etype, "".join(words)), etype, name, title, words))
    return linked


def _adjective_of_place(name: str, etype: str, gaz: Gazetteer) -> bool:
    """One word that is the nisba adjective of a gazetteer place (روسي، الروسية، روسی): the gazetteer
    never links an adjective, and its key would be the place's (روسية folds to روسیه). A definite one
    may be a person's surname (البغدادي), so it is dropped only as a place or an organisation."""
    words = name_words(name)
    if len(words) != 1 or etype == "person" and is_definite(words[0][0]):
        return False
    places = (gaz.lookup(stem) for stem in nisba_stems(words[0][0]))
    return any(e is not None and e.type == "place" for e in places)


def _gazetteer_found(field: str, start: int, end: int, entity: Entity, title: str) -> Found:
    return Found(field, start, end, entity.id, entity.type, entity.label_en, title)


def _covered(field: str, start: int, end: int, etype: str, known: list[Found]) -> bool:
    for k in known:
        if k.field == field and k.start < end and start < k.end and (
                k.type == etype or k.start <= start and end <= k.end):
            return True
    return False


def join_short_forms(found: list[Found]) -> list[Found]:
    """Later short forms of a corpus person become the person mentioned before them (text order); a
    lone given name (`given_names`) without a title that joins nobody is dropped."""
    people: list[Found] = []
    joined: list[Found] = []
    given = given_names()
    for f in sorted(found, key=lambda f: (FIELDS.index(f.field), f.start)):
        if f.type == "person" and f.words:
            first_name = len(f.words) == 1 and f.words[0] in given
            earlier = next((p for p in reversed(people)
                            if p.entity_id != f.entity_id and _short_form(f, p, first_name)), None)
            if earlier is not None:
                f = Found(f.field, f.start, f.end, earlier.entity_id, earlier.type, f.label, f.title, earlier.words)
            elif first_name and not f.title:
                continue
            else:
                people.append(f)
        joined.append(f)
    return joined


def _short_form(short: Found, full: Found, first_name: bool) -> bool:
    """The last words of the full name (a surname), the same name under a clitic, or its first name
    when titled or a given name (الملك سلمان, or خالد, after سلمان بن عبدالعزيز, خالد الفيصل)."""
    forms = [list(short.words)] + [w for w in [without_clitic(list(short.words))] if w]
    for i, form in enumerate(forms):
        text = "".join(form)
        if any("".join(full.words[-k:]) == text for k in range(1, len(full.words) + (i > 0))):
            return True
    return (bool(short.title) or first_name) and len(short.words) == 1 and len(full.words) > 1 \
        and full.words[0] == short.words[0]


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
