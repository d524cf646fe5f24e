"""Highlighting on the original text: matched words in <mark>, everything else HTML-escaped.

A token is matched when the term the index analyzer gives it (analysis.term_for, in the document's
language) is one of the query's terms or begins with one of its prefixes; stored entity mentions of an
expanded name are matched too. Offsets come from the tokenizer, so marks land on the original characters.
Output is right-to-left safe: each fragment gets dir="auto", and a run of words whose direction differs
from the fragment's is isolated in <bdi> (a Latin name or URL inside Persian text).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from analyzers.analysis import normalize, term_for
from analyzers.fold import TABLE as FOLD_TABLE
from analyzers.tokens import Span, tokenize

SNIPPET_CHARS = 240
LEAD_CHARS = 60
MAX_SCAN_CHARS = 2_000
PRESENTATION_FORMS = 0xFB50  # Arabic presentation forms and later: left to the per-token check
LEMMA_JOINER = "#"  # Persian verbs are indexed as "past#present" stems
ELLIPSIS = "\u2026"
RTL_CLASSES = ("R", "AL")

Interval = tuple[int, int]


@dataclass(frozen=True)
class MatchTerms:
    """What a query matches: analyzed terms per document language, folded prefixes, entity ids."""

    terms: Mapping[str, frozenset[str]] = field(default_factory=dict)
    prefixes: frozenset[str] = frozenset()
    entity_ids: frozenset[str] = frozenset()
    _seen: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    _needles: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def needles(self, lang: str) -> tuple[str, ...]:
        """Folded substrings of every word that can match in `lang`: a stem is a substring of its folded
        word, and so is one part of a Persian verb's "past#present" lemma; a prefix begins it."""
        found = self._needles.get(lang)
        if found is None:
            parts = {part for term in self.terms.get(lang, ()) for part in term.split(LEMMA_JOINER) if part}
            found = self._needles[lang] = tuple(sorted(parts | self.prefixes))
        return found

    def matches(self, surface: str, lang: str) -> bool:
        """Whether the token's term is a query term or begins with a query prefix; a token holding no
        needle is turned down before stemming, which costs far more than folding."""
        key = (surface, lang)
        found = self._seen.get(key)
        if found is None:
            folded = normalize(surface)
            term = term_for(surface, lang) if any(n in folded for n in self.needles(lang)) else None
            found = term is not None and (
                term in self.terms.get(lang, ()) or any(term.startswith(p) for p in self.prefixes))
            self._seen[key] = found
        return found


def first_place(text: str, needles: Iterable[str]) -> int | None:
    """Where `text` first holds a spelling of one of the folded needles, or None.

    Folding a whole body costs ~0.2 us a character, so the body is searched as written, with a regex per
    needle whose letters accept their unfolded spellings; characters folding drops (harakat, tatweel,
    ZWNJ, hamza) are first cut out, as allowing them between letters makes regexes slow to compile."""
    cut = [m.start() for m in DROPPED_RE.finditer(text)]
    clean = DROPPED_RE.sub("", text) if cut else text
    places = [found.start() for found in (_spelled(n).search(clean) for n in needles) if found]
    if not places:
        return None
    place = min(places)
    return place + bisect_right([at - i for i, at in enumerate(cut)], place)


def _spellings() -> tuple[dict[str, str], re.Pattern]:
    """Each folded character's original spellings as a regex class (Arabic presentation forms left
    out), and a regex of the characters folding drops."""
    sources: dict[str, set[str]] = {}
    dropped = set()
    for code, folded in FOLD_TABLE.items():
        if folded == "":
            dropped.add(chr(code))
        elif len(folded) == 1 and code < PRESENTATION_FORMS:
            sources.setdefault(folded, set()).add(chr(code))
    return {ch: _char_class(chars | {ch}) for ch, chars in sources.items()}, re.compile(_char_class(dropped))


def _char_class(chars: set[str]) -> str:
    """A regex class of `chars`, consecutive code points as ranges."""
    runs: list[list[int]] = []
    for code in sorted(map(ord, chars)):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                         for a, b in runs) + "]"


SPELLINGS, DROPPED_RE = _spellings()


@lru_cache(maxsize=4096)
def _spelled(needle: str) -> re.Pattern:
    return re.compile("".join(SPELLINGS.get(ch, re.escape(ch)) for ch in needle), re.IGNORECASE)


def mention_spans(entities: Iterable[Mapping], field_name: str, entity_ids: Iterable[str]) -> list[Interval]:
    """Offsets in `field_name` ("title" or "body") of the stored mentions of the given entities."""
    wanted = set(entity_ids)
    return [(m["start"], m["end"]) for e in entities if e.get("id") in wanted
            for m in e.get("mentions", ()) if m.get("field") == field_name]


def highlight_text(text: str, lang: str, match: MatchTerms, mentions: Iterable[Interval] = ()) -> str:
    """All of a short text (a title), matches marked."""
    spans = list(tokenize(text))
    marks = _merge([(s.start, s.end) for s in spans if match.matches(s.text, lang)] + list(mentions))
    return _fragment(text, 0, len(text), marks, spans)


def snippet(text: str, lang: str, match: MatchTerms, mentions: Iterable[Interval] = ()) -> str:
    """About SNIPPET_CHARS of `text` from a little before its first match (its start when nothing matches).

    The text is searched for spellings of the query's stems first (`first_place`), so tokens are
    analyzed only from a little before the first such place to the end of the window, and at most
    MAX_SCAN_CHARS of them.
    """
    mentions = sorted(mentions)
    begin = _scan_start(text, lang, match, mentions)
    first = None
    if begin is not None:
        spans, marks, first, complete = _scan(text, begin, lang, match, mentions, MAX_SCAN_CHARS)
    if first is None:
        spans, marks, first, complete = _scan(text, 0, lang, None, [], SNIPPET_CHARS)
    lo = 0 if first is None else next((s.start for s in spans if s.start >= first - LEAD_CHARS), first)
    ends = [s.end for s in spans if lo < s.end <= lo + SNIPPET_CHARS]
    hi = ends[-1] if ends else min(len(text), lo + SNIPPET_CHARS)
    if first is not None:
        hi = max(hi, next(e for s, e in marks if s >= first))
    if complete and spans and hi >= spans[-1].end:
        hi = len(text)
    return _fragment(text, lo, hi, marks, [s for s in spans if lo <= s.start and s.end <= hi])


def _scan_start(text: str, lang: str, match: MatchTerms, mentions: list[Interval]) -> int | None:
    """A word boundary a little before the first place the text may match; None if nowhere."""
    found = first_place(text, match.needles(lang))
    places = ([found] if found is not None else []) + [s for s, _ in mentions[:1]]
    if not places:
        return None
    before = max(0, min(places) - LEAD_CHARS)
    cut = max(text.rfind(" ", 0, before), text.rfind("\n", 0, before))
    return cut + 1 if cut >= 0 else 0


def _scan(text: str, begin: int, lang: str, match: MatchTerms | None, mentions: list[Interval],
          limit: int) -> tuple[list[Span], list[Interval], int | None, bool]:
    """Tokens from `begin` to a window past the first match (or `limit` chars): spans, merged marks,
    the first match's start, and whether the text's end was reached."""
    first = mentions[0][0] if mentions else None
    spans, marks = [], []
    for span in tokenize(text[begin:] if begin else text):
        start, end = span.start + begin, span.end + begin
        if start > (begin + limit if first is None else first + SNIPPET_CHARS):
            return spans, _merge(marks + mentions), first, False
        spans.append(Span(span.text, start, end, span.pos) if begin else span)
        if match is not None and match.matches(span.text, lang):
            marks.append((start, end))
            first = start if first is None else min(first, start)
    return spans, _merge(marks + mentions), first, True


def highlight_full(text: str, lang: str, match: MatchTerms, mentions: Iterable[Interval] = ()) -> str:
    """A whole text (the document page), one <p dir="auto"> per non-empty line, matches marked."""
    spans = list(tokenize(text))
    marks = _merge([(s.start, s.end) for s in spans if match.matches(s.text, lang)] + list(mentions))
    paragraphs, start, k = [], 0, 0
    for line in text.split("\n"):
        end = start + len(line)
        first_k = k
        while k < len(spans) and spans[k].start < end:
            k += 1
        if line.strip():
            inner = _render(text, start, end, marks, _isolates(spans[first_k:k]))
            paragraphs.append(f'<p dir="auto">{inner}</p>')
        start = end + 1
    return "\n".join(paragraphs)


def _fragment(text: str, lo: int, hi: int, marks: list[Interval], spans: list[Span]) -> str:
    head = ELLIPSIS if lo > 0 else ""
    tail = ELLIPSIS if hi < len(text) else ""
    return f'<span dir="auto">{head}{_render(text, lo, hi, marks, _isolates(spans))}{tail}</span>'


def _merge(intervals: list[Interval]) -> list[Interval]:
    merged: list[list[int]] = []
    for s, e in sorted(intervals):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _direction(text: str) -> str | None:
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in RTL_CLASSES:
            return "rtl"
        if bidi == "L":
            return "ltr"
    return None


def _isolates(spans: list[Span]) -> list[Interval]:
    """Runs of tokens whose direction is opposite to the first strong token's."""
    dirs = [_direction(s.text) for s in spans]
    base = next((d for d in dirs if d), None)
    runs: list[Interval] = []
    run_start = run_end = None
    for span, d in zip(spans, dirs):
        if d is not None and d != base:
            if run_start is None:
                run_start = span.start
            run_end = span.end
        elif d == base and run_start is not None:
            runs.append((run_start, run_end))
            run_start = None
    if run_start is not None:
        runs.append((run_start, run_end))
    return runs


def _render(text: str, lo: int, hi: int, marks: list[Interval], isolates: list[Interval]) -> str:
    """text[lo:hi] escaped, marks in <mark>, isolates in <bdi>; a mark crossing a <bdi> is split."""
    points = sorted({lo, hi, *(p for s, e in marks + isolates for p in (s, e) if lo < p < hi)})
    out: list[str] = []
    mi = ii = 0
    in_mark = in_iso = False
    for a, b in zip(points, points[1:]):
        while mi < len(marks) and marks[mi][1] <= a:
            mi += 1
        while ii < len(isolates) and isolates[ii][1] <= a:
            ii += 1
        want_mark = mi < len(marks) and marks[mi][0] <= a
        want_iso = ii < len(isolates) and isolates[ii][0] <= a
        if in_mark and (not want_mark or want_iso != in_iso):
            out.append("</mark>")
            in_mark = False
        if want_iso != in_iso:
            out.append("<bdi>" if want_iso else "</bdi>")
            in_iso = want_iso
        if want_mark and not in_mark:
            out.append("<mark>")
            in_mark = True
        out.append(escape(text[a:b]))
    if in_mark:
        out.append("</mark>")
    if in_iso:
        out.append("</bdi>")
    return "".join(out)
