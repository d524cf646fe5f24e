"""Find the gazetteer's entities in a document's title and body, with the offsets of each mention.

One pass over the words: at each word, the gazetteer's index (first folded word -> names, longest
first) offers the few names that could start there; the longest one that fits wins and the scan goes
on after it, so منظمة معاهدة الأمن الجماعي is one organisation, روسيا البيضاء is Belarus and not
Russia, and نور سلطان نزارباييف is the person, not the capital. Offsets cover the name as written,
without its clitic or suffix, in code points of the original text.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analyzers.fold import TATWEEL, fold
from analyzers.langid import detect
from analyzers.tokens import JOINERS, NBSP, TOKEN_RE, Span
from indexer.gazetteer import (
    ARTICLE, Gazetteer, Guard, Name, clitic_forms, ends_in_teh_marbuta, get_gazetteer, last_word_cut,
)
from indexer.linking import FIELDS, RECOGNISED_LANGS, Found, Recognizer, group_entities, join_short_forms, link_recognised

# What may stand between two words of one name: spaces, quotes, hyphens (never a line break or a stop).
NAME_GAP_CHARS = frozenset(" \t" + NBSP + "«»\"“”„'‘’" + "-\u2010\u2011\u2013\u2014" + JOINERS + TATWEEL)
MAX_NAME_GAP = 4
OPENING_QUOTES = frozenset("«\"“„'‘")
CLOSING_QUOTES = frozenset("»\"”“'’")


@dataclass(frozen=True)
class Mention:
    name: Name
    start: int
    end: int


def find_entities(title: str, body: str, gazetteer: Gazetteer | None = None, lang: str | None = None,
                  recognize: Recognizer | None = None) -> list[dict]:
    """Entities of one document in order of first mention: {"id", "type", "label", "mentions"}.

    `lang` is the document's language, as it is indexed; detected from the text when not given.
    `recognize(text, lang)`, when given, adds the recogniser's mentions (once per field) in the languages
    it knows, linked by `indexer.linking`."""
    gaz = gazetteer if gazetteer is not None else get_gazetteer()
    title, body = title or "", body or ""
    texts = dict(zip(FIELDS, (title, body)))
    found = [(f, m) for f, text in texts.items() for m in find_mentions(text, gaz)]
    named = {m.name.entity.id for _, m in found if m.name.guard is None or not m.name.guard.needs_document}
    langs: list[str] = [lang] if lang else []
    linked: list[Found] = []
    for field, m in found:
        guard = m.name.guard
        if guard is not None and guard.needs_document and not _document_allows(guard, named, langs, title, body):
            continue
        e = m.name.entity
        linked.append(Found(field, m.start, m.end, e.id, e.type, e.label_en))
    if recognize is not None and _lang(langs, title, body) in RECOGNISED_LANGS:
        for field, text in texts.items():
            if text:
                linked += link_recognised(field, text, recognize(text, langs[0]), gaz, linked)
    return group_entities(join_short_forms(linked))  # in text order


def _lang(langs: list[str], title: str, body: str) -> str:
    """The document's language, detected once and only when something asks for it."""
    if not langs:
        langs.append(detect(f"{title}\n{body}"))
    return langs[0]


def _document_allows(guard: Guard, named: set[str], langs: list[str], title: str, body: str) -> bool:
    if not guard.with_ids <= named or guard.without_ids & named:
        return False
    return guard.lang is None or _lang(langs, title, body) == guard.lang


class _Words(Sequence[Span]):
    """The words of a text, made into spans only when a name may start near them (most never are)."""

    def __init__(self, text: str):
        self.matches = list(TOKEN_RE.finditer(text))
        self._spans: dict[int, Span] = {}

    def __len__(self) -> int:
        return len(self.matches)

    def __getitem__(self, i: int) -> Span:  # type: ignore[override]
        span = self._spans.get(i)
        if span is None:
            m = self.matches[i]
            span = self._spans[i] = Span(m.group(), m.start(), m.end(), i)
        return span


def find_mentions(text: str, gaz: Gazetteer) -> list[Mention]:
    """Every name in one text, longest first, left to right; document-level guards not yet applied."""
    spans = _Words(text)
    folded: dict[int, str] = {}

    def fold_at(i: int) -> str:
        if i not in folded:
            folded[i] = fold(spans[i].text)
        return folded[i]

    mentions: list[Mention] = []
    starts = gaz.starts
    after = 0
    for i, m in enumerate(spans.matches):
        if i < after:
            continue
        hit = starts[m.group()]
        if not hit:
            continue
        best = _longest(gaz, hit, spans, i, fold_at, text)
        if best is not None:
            mentions.append(best)
            after = i + len(best.name.keys)
    return mentions


def _longest(gaz: Gazetteer, hit, spans: Sequence[Span], i: int, fold_at, text: str) -> Mention | None:
    best: Mention | None = None
    for stem, start, cut in hit:
        for name in gaz.by_first[stem]:
            if best is not None and _rank(name) <= _rank(best.name):
                continue
            end_cut = _fits(name, spans, i, cut, fold_at, text)
            if end_cut is None:
                continue
            mention = _mention(name, spans, i, start, end_cut, fold_at)
            if _guard_holds(name, mention, spans, i, fold_at, text):
                best = mention
    return best


def _rank(name: Name) -> tuple[int, bool]:
    """Longer names first; at equal length a guarded name whose rule holds is the more specific."""
    return len(name.keys), name.guard is not None


def _fits(name: Name, spans: Sequence[Span], i: int, cut: int, fold_at, text: str) -> int | None:
    """How many folded chars to cut from the last word if the name is written at word i, else None."""
    size = len(name.keys)
    if i + size > len(spans):
        return None
    for k in range(size):
        span = spans[i + k]
        if name.upper[k] and not span.text.isupper():
            return None
        if not name.teh_marbuta[k] and ends_in_teh_marbuta(span.text):
            return None
        if k == 0:
            continue
        if not _joins(text, spans[i + k - 1], span):
            return None
        if k < size - 1 and fold_at(i + k) != name.keys[k]:
            return None
    if size == 1:
        return cut
    if cut:
        return None
    return last_word_cut(name.keys[-1], fold_at(i + size - 1), spans[i + size - 1].text)


def _joins(text: str, left: Span, right: Span) -> bool:
    gap = text[left.end:right.start]
    return len(gap) <= MAX_NAME_GAP and all(ch in NAME_GAP_CHARS for ch in gap)


def _mention(name: Name, spans: Sequence[Span], i: int, start: int, end_cut: int, fold_at) -> Mention:
    last_i = i + len(name.keys) - 1
    first, last = spans[i], spans[last_i]
    begin = first.start + _raw_index(first.text, start)
    end = last.start + _raw_index(last.text, len(fold_at(last_i)) - end_cut)
    while end > begin and _char_before(last, end) in JOINERS:
        end -= 1
    return Mention(name, begin, end)


def _char_before(span: Span, offset: int) -> str:
    return span.text[offset - span.start - 1]


def _raw_index(raw: str, k: int) -> int:
    """Where the raw word has given k folded chars; marks and tatweel after a letter stay with it."""
    if k <= 0:
        return 0
    if k >= len(fold(raw)):
        return len(raw)
    for j in range(len(raw), -1, -1):
        if len(fold(raw[:j])) <= k:
            return j
    return 0


def _guard_holds(name: Name, mention: Mention, spans: Sequence[Span], i: int, fold_at, text: str) -> bool:
    guard = name.guard
    if guard is None:
        return True
    if guard.recognised:
        return False
    if guard.as_written and text[mention.start:mention.end] != name.written:
        return False
    if guard.near and not _near(guard.near, guard.window, spans, i, i + len(name.keys), fold_at):
        return False
    if guard.after and not _right_after(guard.after, spans, i, fold_at):
        return False
    if guard.not_after and _right_after(guard.not_after, spans, i, fold_at):
        return False
    if guard.not_after_definite and _after_definite(mention, spans, i, fold_at, text):
        return False
    if guard.quoted and not (text[mention.start - 1:mention.start] in OPENING_QUOTES
                             and text[mention.end:mention.end + 1] in CLOSING_QUOTES):
        return False
    return True


def _after_definite(mention: Mention, spans: Sequence[Span], i: int, fold_at, text: str) -> bool:
    """Right after a definite noun and bare (a clitic و would make it a noun of its own)."""
    return i > 0 and mention.start == spans[i].start and _joins(text, spans[i - 1], spans[i]) and \
        any(form.startswith(ARTICLE) for form, _ in clitic_forms(fold_at(i - 1)))


def _right_after(phrases, spans: Sequence[Span], i: int, fold_at) -> bool:
    return any(len(p) <= i and all(fold_at(i - len(p) + k) == p[k] for k in range(len(p))) for p in phrases)


def _near(phrases, window: int, spans: Sequence[Span], begin: int, end: int, fold_at) -> bool:
    for phrase in phrases:
        size = len(phrase)
        starts = [*range(max(0, begin - window - size + 1), begin - size + 1), *range(end, end + window)]
        for s in starts:
            if 0 <= s and s + size <= len(spans) and all(fold_at(s + k) == phrase[k] for k in range(size)):
                return True
    return False
