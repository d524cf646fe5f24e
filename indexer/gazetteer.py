"""The gazetteer: people, places and organisations, each with one id for all its spellings.

The data lives in `data/gazetteer.json`; each entity has an id, a type (person, place, org), labels in
English, Persian and Arabic, and its names in Persian, Arabic and Latin script. Names are compared as
folded tokens (`analyzers.fold`), so ي/ی, ك/ک, أ/ا, ة/ه and harakat never matter. A name may carry
Arabic clitics on its first word (و ف ب ل ك and their pairs; لل for ل + ال) and, on its last word, a
Persian ezafe ی after a final ا or و (اروپای غربی) or a ZWNJ-joined suffix (قزاقستان‌ها). A nisba
adjective (روسی, الروسي, الأميركي) is another word, never a name.

"Guarded" names match only where their rule holds (see `Guard`); they serve matching in running text
and are never used by `lookup`, so a query for the common noun توقیف does not become Tokayev.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from analyzers.fold import fold
from analyzers.tokens import JOINERS, TOKEN_RE, ZWNJ, Span
from indexer.countries import with_countries
from indexer.errors import FahrasError
from indexer.schema import ENTITY_TYPES

GAZETTEER_PATH = Path(__file__).resolve().parent / "data" / "gazetteer.json"
INDEX_GAZETTEER = "gazetteer.json"  # the copy kept in an index directory
NO_GAZETTEER = "none"
NAME_LANGS = ("fa", "ar", "latin")

# Folded clitic prefixes, longest first: conjunction (و ف), then preposition (ب ل ك).
CLITICS = ("وب", "ول", "وک", "فب", "فل", "فک", "و", "ف", "ب", "ل", "ک")
# ل before the article drops its alef: للقرم = ل + القرم; the article's lam stays in the name.
LAM_ARTICLE_CLITICS = ("ولل", "فلل", "لل")
ARTICLE = "ال"
MIN_STEM = 2
EZAFE = "ی"
EZAFE_AFTER = ("ا", "و")
ZWNJ_SUFFIXES = ("هایی", "های", "ها", "ای", "ی")
TEH_MARBUTA = "\u0629"


@dataclass(frozen=True)
class Entity:
    id: str
    type: str  # "person", "place" or "org"
    label_en: str
    label_fa: str
    label_ar: str
    names: Mapping[str, tuple[str, ...]] = field(compare=False)  # "fa" / "ar" / "latin" -> spellings

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def labels(self) -> dict[str, str]:
        return {"en": self.label_en, "fa": self.label_fa, "ar": self.label_ar}

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.label_en

    @property
    def all_names(self) -> tuple[str, ...]:
        return tuple(name for lang in NAME_LANGS for name in self.names.get(lang, ()))


@dataclass(frozen=True)
class Guard:
    """Where a guarded name is a mention; every rule given must hold."""

    as_written: bool = False  # the text spells it exactly as the gazetteer does (keheh, Farsi yeh...)
    near: tuple[tuple[str, ...], ...] = ()  # one of these folded phrases within `window` words
    window: int = 2
    after: tuple[tuple[str, ...], ...] = ()  # one of these folded phrases right before the name
    not_after: tuple[tuple[str, ...], ...] = ()  # none of these right before it (بن: a father's name)
    with_ids: frozenset[str] = frozenset()  # the document names all of these entities elsewhere
    without_ids: frozenset[str] = frozenset()  # ... and none of these
    not_after_definite: bool = False  # after a definite noun (الحكومة السعودية) it is an adjective
    quoted: bool = False  # between quotation marks: «الشرق الأوسط» is the newspaper, not the region
    lang: str | None = None  # the document is in this language ("fa": یمن, لیبی; in Arabic a word or an adjective)
    recognised: bool = False  # only where the recogniser tagged the name (CLDR's one-word country names)

    @property
    def needs_document(self) -> bool:
        return bool(self.with_ids or self.without_ids or self.lang)


RECOGNISED = Guard(recognised=True)


@dataclass(frozen=True)
class Name:
    entity: Entity
    written: str
    keys: tuple[str, ...]  # folded words
    upper: tuple[bool, ...]  # words written in capitals in the gazetteer (acronyms) must be so in text
    teh_marbuta: tuple[bool, ...]  # words some spelling ends in ة; elsewhere a ة makes another word
    guard: Guard | None = None


def words(text: str) -> list[Span]:
    """One span per word, as `tokenize` finds them; a ZWNJ compound once, whole, without its parts."""
    return [Span(m.group(), m.start(), m.end(), pos) for pos, m in enumerate(TOKEN_RE.finditer(text))]


def clitic_forms(folded: str) -> list[tuple[str, int]]:
    """The word itself and what it may be under a clitic, each with where that form starts."""
    forms = [(folded, 0)]
    for prefix in LAM_ARTICLE_CLITICS:
        if folded.startswith(prefix) and len(folded) - len(prefix) >= MIN_STEM:
            forms.append((ARTICLE + folded[len(prefix):], len(prefix) - 1))
            break
    for prefix in CLITICS:
        if folded.startswith(prefix) and len(folded) - len(prefix) >= MIN_STEM:
            forms.append((folded[len(prefix):], len(prefix)))
    return forms


def suffix_cuts(form: str, raw: str) -> list[tuple[str, int]]:
    """The word and what it may be under a Persian suffix, each with how many folded chars to cut."""
    cuts = [(form, 0)]
    if form.endswith(EZAFE) and form[:-1].endswith(EZAFE_AFTER):
        cuts.append((form[:-1], 1))
    if ZWNJ in raw:
        cuts.extend((form[: -len(s)], len(s)) for s in ZWNJ_SUFFIXES
                    if form.endswith(s) and len(form) - len(s) >= MIN_STEM and (form[: -len(s)], len(s)) not in cuts)
    return cuts


def last_word_cut(key: str, folded: str, raw: str) -> int | None:
    """How many folded chars of the name's last word are suffix, or None if it is not the word."""
    if folded == key:
        return 0
    for stem, cut in suffix_cuts(folded, raw)[1:]:
        if stem == key:
            return cut
    return None


class _Starts(dict):
    """raw word -> the forms of it that begin some name: (first folded word, start in the fold, cut).

    A dict filled on first sight of each word, so the scan's one lookup per word stays in C.
    """

    MAX_WORDS = 1_000_000

    def __init__(self, by_first: Mapping[str, list[Name]]):
        super().__init__()
        self.by_first = by_first

    def __missing__(self, raw: str) -> tuple[tuple[str, int, int], ...]:
        if len(self) >= self.MAX_WORDS:
            self.clear()
        hit = tuple(
            (stem, start, cut)
            for form, start in clitic_forms(fold(raw))
            for stem, cut in suffix_cuts(form, raw)
            if stem in self.by_first
        )
        self[raw] = hit
        return hit


class Gazetteer:
    def __init__(self, entities: Iterable[Entity], names: Iterable[Name]):
        self.entities = {e.id: e for e in entities}
        index: dict[str, list[Name]] = {}
        for name in names:
            index.setdefault(name.keys[0], []).append(name)
        for candidates in index.values():
            candidates.sort(key=lambda n: (-len(n.keys), n.guard is None))
        self.by_first = index
        self.starts = _Starts(index)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities.values())

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def lookup(self, words_text: str, recognised: bool = False) -> Entity | None:
        """The entity a query word or phrase names (clitics and suffixes allowed, case ignored);
        `recognised`: the words are a name the recogniser found, which names guarded so may link."""
        spans = words(words_text)
        if not spans:
            return None
        folded = [fold(s.text) for s in spans]
        for stem, _, cut in self.starts[spans[0].text]:
            for name in self.by_first[stem]:
                if (name.guard is None or recognised and name.guard == RECOGNISED) and len(name.keys) == len(spans) and _spelled(name, spans) and (
                        len(spans) == 1 or cut == 0 and folded[1:-1] == list(name.keys[1:-1])
                        and last_word_cut(name.keys[-1], folded[-1], spans[-1].text) is not None):
                    return name.entity
        return None


def _spelled(name: Name, spans: list[Span]) -> bool:
    return all(ta or not ends_in_teh_marbuta(s.text) for ta, s in zip(name.teh_marbuta, spans))


def ends_in_teh_marbuta(raw: str) -> bool:
    """The word's last letter is ة (harakat after it ignored): Arabic feminine, روسية is not روسیه."""
    letters = raw.rstrip(JOINERS)
    while letters and not fold(letters[-1]):
        letters = letters[:-1]
    return letters.endswith(TEH_MARBUTA)


def _name_keys(written: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    spans = words(written)
    keys = tuple(fold(s.text) for s in spans)
    upper = tuple(len(s.text) > 1 and s.text.isupper() for s in spans)
    return keys, upper


def _teh_marbuta(spellings: list[str]) -> tuple[bool, ...]:
    ends = [tuple(ends_in_teh_marbuta(s.text) for s in words(w)) for w in spellings]
    return tuple(any(column) for column in zip(*ends))


def _guard(spec: dict) -> Guard:
    return Guard(
        as_written=bool(spec.get("as_written", False)),
        near=tuple(_name_keys(p)[0] for p in spec.get("near", ())),
        window=int(spec.get("window", 2)),
        after=tuple(_name_keys(p)[0] for p in spec.get("after", ())),
        not_after=tuple(_name_keys(p)[0] for p in spec.get("not_after", ())),
        with_ids=frozenset(spec.get("with", ())),
        without_ids=frozenset(spec.get("without", ())),
        not_after_definite=bool(spec.get("not_after_definite", False)),
        quoted=bool(spec.get("quoted", False)),
        lang=spec.get("lang"),
        recognised=bool(spec.get("recognised", False)),
    )


def _invalid(message: str) -> FahrasError:
    return FahrasError("gazetteer_invalid", message, 500)


def _entity(spec: dict) -> Entity:
    try:
        names = {lang: tuple(spec["names"].get(lang, ())) for lang in NAME_LANGS}
        entity = Entity(spec["id"], spec["type"], spec["label_en"], spec["label_fa"], spec["label_ar"], names)
    except (KeyError, TypeError, AttributeError) as e:
        raise _invalid(f"gazetteer entry {spec.get('id', spec)!r} lacks {e}") from e
    if entity.type not in ENTITY_TYPES:
        raise _invalid(f"gazetteer entry {entity.id!r} has type {entity.type!r}, not one of {ENTITY_TYPES}")
    if not entity.id or " " in entity.id:
        raise _invalid(f"gazetteer id {entity.id!r} must be one word")
    return entity


def _names(entity: Entity, guarded: list[dict]) -> Iterator[Name]:
    spellings: dict[tuple[str, ...], list[str]] = {}
    upper_of: dict[tuple[str, ...], tuple[bool, ...]] = {}
    for written in entity.all_names:
        keys, upper = _name_keys(written)
        if keys:
            spellings.setdefault(keys, []).append(written)
            upper_of.setdefault(keys, upper)
    for keys, written in spellings.items():
        yield Name(entity, written[0], keys, upper_of[keys], _teh_marbuta(written))
    for spec in guarded:
        keys, upper = _name_keys(spec["name"])
        if keys:
            yield Name(entity, spec["name"], keys, upper, _teh_marbuta([spec["name"]]), _guard(spec))


def build_gazetteer(data: dict) -> Gazetteer:
    """The gazetteer of a file's data; with "countries_from_cldr", CLDR's countries merged in."""
    entities: list[Entity] = []
    names: list[Name] = []
    seen: set[str] = set()
    specs = data.get("entities", ())
    if data.get("countries_from_cldr"):
        specs = with_countries(list(specs))
    for spec in specs:
        entity = _entity(spec)
        if entity.id in seen:
            raise _invalid(f"gazetteer id {entity.id!r} appears twice")
        seen.add(entity.id)
        entities.append(entity)
        names.extend(_names(entity, spec.get("guarded", [])))
    known = {e.id for e in entities}
    for name in names:
        unknown = (name.guard.with_ids | name.guard.without_ids) - known if name.guard else set()
        if unknown:
            raise _invalid(f"guard of {name.written!r} names unknown ids {sorted(unknown)}")
    return Gazetteer(entities, names)


def load_gazetteer(path: str | Path = GAZETTEER_PATH) -> Gazetteer:
    return build_gazetteer(read_gazetteer_data(path))


def read_gazetteer_data(path: str | Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise _invalid(f"cannot read the gazetteer at {path}: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise _invalid(f"the gazetteer at {path} is not an object with an \"entities\" list")
    return data


@functools.cache
def get_gazetteer() -> Gazetteer:
    return load_gazetteer()


def choose_gazetteer(choice: str | Path | None, index_dir: str | Path) -> dict:
    """The gazetteer data an index run uses: FILE, "none" (no entries: recognition alone), or, when
    not given, the one the index was built with (the built-in one for a new index)."""
    if choice is None:
        recorded = Path(index_dir) / INDEX_GAZETTEER
        return read_gazetteer_data(recorded if recorded.is_file() else GAZETTEER_PATH)
    if str(choice) == NO_GAZETTEER:
        return {"about": "no gazetteer: entities from recognition alone", "entities": []}
    return read_gazetteer_data(choice)


def record_gazetteer(index_dir: str | Path, data: dict) -> None:
    """Keep the gazetteer beside the index, so the server expands queries with the names it was built with."""
    target = Path(index_dir) / INDEX_GAZETTEER
    partial = target.with_suffix(".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    partial.replace(target)


def index_gazetteer(index_dir: str | Path) -> Gazetteer:
    """The gazetteer an index was built with (the built-in one for an index that records none)."""
    path = Path(index_dir) / INDEX_GAZETTEER
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return get_gazetteer()
    return _recorded_gazetteer(str(path), stamp)


@functools.lru_cache(maxsize=4)
def _recorded_gazetteer(path: str, stamp: int) -> Gazetteer:
    return load_gazetteer(path)
