"""The query syntax of Fahras: parse a query string, then compile it to a Whoosh query.

Syntax: words (all must match, or any with mode="any"), "exact phrases", -excluded, a OR b,
prefix*, and the filters person: place: org: lang: source: date:2022-01..2022-02.
Parsing is pure (`parse_query`); compiling (`compile_query`) analyzes every word with each language's
index analyzer and searches it in that language's title and body fields, since the query's language is
unknown. A word that is a stopword in some language does not make "all words" fail for documents of that
language. A word or phrase naming a gazetteer entity also matches the entity's other names, each
scored as the word itself would be, and the documents tagged with the entity (unscored).
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from whoosh import query as wq
from whoosh.matching import AndNotMatcher

from analyzers.analysis import normalize
from analyzers.whoosh_adapters import analyzer_for
from indexer.errors import FahrasError
from indexer.schema import ENTITY_TYPES, LANGS, TEXT_KINDS, text_field
from search_app.core.highlight import MatchTerms

FILTER_FIELDS = (*ENTITY_TYPES, "lang", "source", "date")
MIN_PREFIX = 2
MAX_PREFIX_TERMS = 1000  # index terms one prefix may stand for, over all its fields
MAX_EXPANDED_TERMS = 4000  # and all the prefixes of a query together
FIELD_RE = re.compile(r"([A-Za-z_]+):(.*)", re.DOTALL)
PERIOD_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
QUOTE = '"'


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Phrase:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Prefix:
    text: str  # without the trailing *
    start: int
    end: int


@dataclass(frozen=True)
class Filter:
    field: str
    value: str  # for date: "first..last" as ISO days, either side may be empty
    start: int
    end: int


Atom = Word | Phrase | Prefix | Filter


@dataclass(frozen=True)
class Clause:
    """Atoms joined by OR; an excluded clause holds one atom."""

    atoms: tuple[Atom, ...]
    excluded: bool = False

    @property
    def is_filter(self) -> bool:
        return all(isinstance(a, Filter) for a in self.atoms)


@dataclass(frozen=True)
class _Op:
    kind: str  # "-" or "OR"
    start: int


def plain_clauses(text: str) -> tuple[Clause, ...]:
    """Each whitespace-separated run of `text` as a word, with no syntax: ':' '"' '*' '-' and OR are
    characters of the text (a batch topic is plain words)."""
    return tuple(Clause((Word(m[0], m.start(), m.end()),)) for m in re.finditer(r"\S+", text))


def _is_or(tok) -> bool:
    return isinstance(tok, _Op) and tok.kind == "OR"


def bad_query(message: str) -> FahrasError:
    return FahrasError("bad_query", message, 400)


# Parsing


@lru_cache(maxsize=4096)
def parse_query(text: str) -> tuple[Clause, ...]:
    """The clauses of a query string; FahrasError "bad_query" when it is malformed."""
    tokens = list(_lex(text))
    clauses = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if _is_or(tok):
            raise bad_query(f"OR at character {tok.start + 1} must stand between two words, phrases or filters.")
        excluded = isinstance(tok, _Op)
        if excluded:
            k += 1
            if k == len(tokens) or isinstance(tokens[k], _Op):
                raise bad_query(f'"-" at character {tok.start + 1} must be followed by a word, phrase or filter.')
        atoms = [tokens[k]]
        k += 1
        while k < len(tokens) and _is_or(tokens[k]):
            or_at = tokens[k].start
            if excluded:
                raise bad_query(f"OR at character {or_at + 1} cannot join an excluded word; put the exclusion apart.")
            k += 1
            if k == len(tokens) or isinstance(tokens[k], _Op):
                raise bad_query(f"OR at character {or_at + 1} must stand between two words, phrases or filters.")
            atoms.append(tokens[k])
            k += 1
        clauses.append(Clause(tuple(atoms), excluded))
    return tuple(clauses)


def _lex(text: str):
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == QUOTE:
            phrase, i = _quoted(text, i)
            yield phrase
        elif ch == "-" and i + 1 < n and not text[i + 1].isspace():
            yield _Op("-", i)
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] != QUOTE:
                j += 1
            atom, i = _run(text, i, j)
            yield atom


def _quoted(text: str, i: int) -> tuple[Phrase, int]:
    close = text.find(QUOTE, i + 1)
    if close < 0:
        raise bad_query(f"Unbalanced quote: the phrase opened at character {i + 1} is never closed.")
    inner = text[i + 1:close]
    if not inner.strip():
        raise bad_query(f"The phrase at character {i + 1} is empty.")
    return Phrase(inner, i, close + 1), close + 1


def close_quote(text: str) -> str:
    """`text` with the phrase it leaves open closed at its end (each quote mark opens or closes one)."""
    return text + QUOTE if text.count(QUOTE) % 2 else text


def _run(text: str, i: int, j: int) -> tuple[Atom | _Op, int]:
    run = text[i:j]
    if run == "OR":
        return _Op("OR", i), j
    if run == "-":
        raise bad_query(f'"-" at character {i + 1} stands alone; write it right before the word to exclude.')
    m = FIELD_RE.fullmatch(run)
    if m and not m.group(2).startswith("//"):
        name, value = m.group(1).lower(), m.group(2)
        if name not in FILTER_FIELDS:
            raise bad_query(f"Unknown filter {m.group(1)}: (at character {i + 1}); "
                            f"filters are {', '.join(f + ':' for f in FILTER_FIELDS)}.")
        if not value and j < len(text) and text[j] == QUOTE:
            phrase, j = _quoted(text, j)
            value = phrase.text
        if not value.strip():
            raise bad_query(f"The filter {name}: at character {i + 1} has no value.")
        return Filter(name, _filter_value(name, value.strip()), i, j), j
    if "*" in run:
        stem = run[:-1]
        if not run.endswith("*") or "*" in stem:
            raise bad_query(f"In {run!r} (character {i + 1}), * may only end a word, as in قزاق*.")
        if len(normalize(stem)) < MIN_PREFIX:
            raise bad_query(f"The prefix {run!r} (character {i + 1}) needs at least {MIN_PREFIX} letters before *.")
        return Prefix(stem, i, j), j
    return Word(run, i, j), j


def _filter_value(name: str, value: str) -> str:
    if name == "lang":
        lang = value.lower()
        if lang not in LANGS:
            raise bad_query(f"lang:{value} is not a language; use {', '.join(LANGS)}.")
        return lang
    if name == "date":
        first, sep, last = value.partition("..")
        lo = period_bounds(first, "date")[0] if first else ""
        hi = period_bounds(last if sep else first, "date")[1] if (last or not sep) else ""
        if not (lo or hi):
            raise bad_query("date: needs a day, a month or a range, as in date:2022-01..2022-02.")
        if lo and hi and lo > hi:
            raise bad_query(f"date:{value} ends before it starts.")
        return f"{lo}..{hi}"
    return value


def period_bounds(value: str, name: str) -> tuple[str, str]:
    """The first and last ISO day of a year, month (YYYY-MM) or day (YYYY-MM-DD)."""
    m = PERIOD_RE.fullmatch(value.strip())
    try:
        if not m:
            raise ValueError
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        if day:
            d = date(year, int(month), int(day)).isoformat()
            return d, d
        if month:
            last = calendar.monthrange(year, int(month))[1]
            return date(year, int(month), 1).isoformat(), date(year, int(month), last).isoformat()
        return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    except ValueError:
        raise bad_query(f"{name}: {value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY.") from None


# Compiling


@dataclass(frozen=True)
class CompiledQuery:
    """`scored` ranks (None when no word is searchable); `required` and `excluded` only restrict;
    `sequences` holds the terms of the searched words and phrases in query order, per text field."""

    scored: wq.Query | None
    required: tuple[wq.Query, ...]
    excluded: tuple[wq.Query, ...]
    match: MatchTerms
    sequences: dict[str, tuple[str, ...]]


@lru_cache(maxsize=4096)
def query_terms(text: str, lang: str) -> tuple[tuple[int, str], ...]:
    """(position, term) of each token of `text` as the index analyzer of `lang` sees a query."""
    analyzer = analyzer_for(lang)
    return tuple((t.pos, t.text) for t in analyzer(text, positions=True, mode="query"))


def compile_query(clauses: tuple[Clause, ...], *, mode: str = "all", expand: bool = True,
                  gazetteer=None, schema=None) -> CompiledQuery:
    """Whoosh queries for parsed clauses; `gazetteer` (with `lookup(text)`) expands names when `expand`.
    Words are analyzed as Fahras indexes them, or with the text fields' analyzers of `schema` (an index
    built with other analyzers, as the benchmarks build to compare).

    With mode "all" the query is an Or over languages of the And of each clause's query in that
    language's fields; a clause that is a stopword in a language is left out of that language's And,
    so documents of that language need not contain it (a document fills only its language's fields).
    With mode "any" it is the Or of the same clause queries. Both score a document by the sum of its
    matching clauses, so an article holding every word ranks the same in both modes, and above one
    holding fewer unless those are rarer or more frequent in it (an And of all words added to "any"
    as a coordination bonus raised P@10 on the Hamshahri topics but lowered MAP: 0.805 at boost 0.5).
    """
    builder = _Builder(gazetteer=gazetteer if expand else None,
                       analyze=query_terms if schema is None else _schema_terms(schema))
    per_lang: dict[str, list[wq.Query]] = {lang: [] for lang in LANGS}
    required, excluded = [], []
    for clause in clauses:
        if clause.is_filter and not clause.excluded:
            required.append(_or([builder.filter(a) for a in clause.atoms]))
            continue
        alternatives = [builder.atom(a, positive=not clause.excluded) for a in clause.atoms]
        by_lang = {lang: _or(list(dict.fromkeys(alt[lang] for alt in alternatives if lang in alt)))
                   for lang in LANGS}  # a word given twice in an OR is searched once
        by_lang = {lang: q for lang, q in by_lang.items() if q is not None}
        if clause.excluded:
            if by_lang:
                excluded.append(_or(list(dict.fromkeys(by_lang.values()))))
            continue
        for lang, q in by_lang.items():
            per_lang[lang].append(q)
    if mode == "all":
        branches = [qs[0] if len(qs) == 1 else wq.And(qs) for qs in per_lang.values() if qs]
    else:
        branches = [q for qs in per_lang.values() for q in qs]
    return CompiledQuery(
        scored=_or(list(dict.fromkeys(branches))),
        required=tuple(required),
        excluded=tuple(excluded),
        match=builder.match(),
        sequences={text_field(kind, lang): tuple(terms) for lang, terms in builder.sequence.items()
                   for kind in TEXT_KINDS if terms},
    )


def _schema_terms(schema) -> Callable[[str, str], tuple[tuple[int, str], ...]]:
    """`query_terms` with the analyzer of each language's fields in `schema`."""
    def terms(text: str, lang: str) -> tuple[tuple[int, str], ...]:
        analyzer = schema[text_field("body", lang)].analyzer
        return tuple((t.pos, t.text) for t in analyzer(text, positions=True, mode="query"))

    return terms


def filter_query(field: str, value: str) -> wq.Query:
    if field == "date":
        lo, _, hi = value.partition("..")
        return wq.TermRange("date", lo or None, hi or None)
    return wq.Term(field, value)


class Excluding(wq.AndNot):
    """`a` without the documents of `b`, also the first document of `a` (see `ExcludingMatcher`)."""

    def matcher(self, searcher, context=None):
        return ExcludingMatcher(self.a.matcher(searcher, context),
                                self.b.matcher(searcher, searcher.boolean_context()))


class ExcludingMatcher(AndNotMatcher):
    """Whoosh's AndNotMatcher checks the first document of `a` only against the first of `b`: when `b`
    starts earlier and also holds that document, it was kept (an excluded word came back in the first
    match of a segment). Skipping `b` up to it first, as for every later document, removes it."""

    def _find_first(self):
        if self.a.is_active():
            self._find_next()


def _or(queries: list[wq.Query]) -> wq.Query | None:
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else wq.Or(queries)


class _Builder:
    def __init__(self, *, gazetteer, analyze):
        self.gazetteer = gazetteer
        self.analyze = analyze
        self.sequence: dict[str, list[str]] = {lang: [] for lang in LANGS}  # searched terms, in query order
        self.prefixes: set[str] = set()
        self.entity_ids: set[str] = set()

    def match(self) -> MatchTerms:
        return MatchTerms(
            terms={lang: frozenset(t) for lang, t in self.sequence.items()},
            prefixes=frozenset(self.prefixes),
            entity_ids=frozenset(self.entity_ids),
        )

    def atom(self, atom: Atom, *, positive: bool) -> dict[str, wq.Query]:
        """The atom's query in each language where it has terms (the same query for a filter)."""
        if isinstance(atom, Filter):
            return dict.fromkeys(LANGS, self.filter(atom))
        if isinstance(atom, Prefix):
            folded = normalize(atom.text)
            if positive:
                self.prefixes.add(folded)
            return {lang: wq.Or([wq.Prefix(text_field(kind, lang), folded) for kind in TEXT_KINDS])
                    for lang in LANGS}
        by_lang = self.text(atom.text, positive=positive)
        entity = self.gazetteer.lookup(atom.text) if self.gazetteer is not None else None
        if entity is None:
            return by_lang
        if positive:
            self.entity_ids.add(entity.id)
        synonyms = self.synonyms(entity)
        tagged = wq.Term(entity.type, entity.id, boost=0.0)  # found, not ranked, through a tagged mention
        return {lang: _or([q for q in (_alternatives([*filter(None, [by_lang.get(lang)]), *synonyms.get(lang, ())]),
                                       tagged) if q is not None])
                for lang in by_lang or LANGS}

    def synonyms(self, entity) -> dict[str, list[wq.Query]]:
        """Each name of `entity` searched in the fields of its language, as the query's own word is: an
        alias is a synonym, scored by its own BM25 (كازاخستان in Arabic articles for قزاقستان).

        A name holding another name of its language (جمهوری اسلامی ایران, ایران) finds no article the
        shorter one misses, and would only count the name twice: it is left out."""
        names_by_lang: dict[str, dict[tuple[str, ...], tuple[tuple[int, str], ...]]] = {}
        for name_lang, names in entity.names.items():
            lang = name_lang if name_lang in LANGS else "other"
            for name in names:
                if terms := self.analyze(name, lang):
                    names_by_lang.setdefault(lang, {})[tuple(t for _, t in terms)] = terms
        return {lang: [_in_fields(lang, terms) for words, terms in named.items()
                       if not any(_holds(words, other) for other in named)]
                for lang, named in names_by_lang.items()}

    def filter(self, atom: Filter) -> wq.Query:
        if atom.field in ENTITY_TYPES and self.gazetteer is not None:
            entity = self.gazetteer.lookup(atom.value)
            if entity is not None and entity.type == atom.field:
                return wq.Term(atom.field, entity.id)
        return filter_query(atom.field, atom.value)

    def text(self, text: str, *, positive: bool) -> dict[str, wq.Query]:
        """A word or phrase in the title and body fields of each language where it is not a stopword."""
        out = {}
        for lang in LANGS:
            terms = self.analyze(text, lang)
            if not terms:
                continue
            if positive:
                self.sequence[lang].extend(t for _, t in terms)
            out[lang] = _in_fields(lang, terms)
        return out


def _alternatives(queries: list[wq.Query]) -> wq.Query | None:
    """The first query, or the others where it does not match: a document scores through the word
    itself when it holds it, else through its other names, never through both, as a synonym filter
    scores a word and its synonyms as one term (داعش and تنظيم الدولة in one article count once)."""
    queries = list(dict.fromkeys(queries))
    if len(queries) < 2:
        return _or(queries)
    return wq.Or([queries[0], Excluding(_or(queries[1:]), queries[0])])


def _holds(words: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether `other` runs, shorter, inside `words`."""
    n = len(other)
    return n < len(words) and any(words[i:i + n] == other for i in range(len(words) - n + 1))


def _in_fields(lang: str, terms: tuple[tuple[int, str], ...]) -> wq.Query:
    """The terms in the title or the body field of `lang`."""
    return wq.Or([_sequence(text_field(kind, lang), terms) for kind in TEXT_KINDS])


def _sequence(field: str, terms: tuple[tuple[int, str], ...]) -> wq.Query:
    """One term, or the terms in order; stopwords leave gaps in positions, absorbed by the slop."""
    if len(terms) == 1:
        return wq.Term(field, terms[0][1])
    gap = max(b[0] - a[0] for a, b in zip(terms, terms[1:]))
    return wq.Phrase(field, [t for _, t in terms], slop=max(1, gap))


class ExpansionTimeLimit(Exception):
    """The deadline passed while prefixes were being expanded."""


def check_prefix_expansion(q: wq.Query, reader, *, deadline: float | None = None,
                           clock: Callable[[], float] | None = None) -> None:
    """FahrasError "prefix_too_broad" (400) when a prefix of `q` stands for more than MAX_PREFIX_TERMS
    index terms, or all of them for more than MAX_EXPANDED_TERMS; ExpansionTimeLimit past `deadline`.

    Whoosh expands a prefix into a union of every matching term's postings before the first match is
    seen, so without this count a query of a few hundred short prefixes runs for minutes unbounded.
    """
    per_prefix: dict[str, int] = {}
    total = 0
    for leaf in q.leaves():
        if not isinstance(leaf, wq.Prefix):
            continue
        for _ in reader.expand_prefix(leaf.fieldname, leaf.text):
            per_prefix[leaf.text] = per_prefix.get(leaf.text, 0) + 1
            total += 1
            if per_prefix[leaf.text] > MAX_PREFIX_TERMS:
                raise bad_prefix(f"The prefix {leaf.text}* stands for more than {MAX_PREFIX_TERMS} words of "
                                 f"the index; give it more letters.")
            if total > MAX_EXPANDED_TERMS:
                raise bad_prefix(f"The prefixes of this query stand for more than {MAX_EXPANDED_TERMS} words "
                                 f"of the index together; use fewer or longer prefixes.")
            if deadline is not None and total % 64 == 0 and clock() >= deadline:
                raise ExpansionTimeLimit


def bad_prefix(message: str) -> FahrasError:
    return FahrasError("prefix_too_broad", message, 400)
