"""The search core, free of Flask: request parsing, one ranked pass, facets, highlights, suggestions.

One pass scores every match once (BM25F, titles weighted), keeps the top page*size (at least
RERANK_DEPTH, which gain their proximity bonus when ranked by relevance) and records every matched docnum,
so the total and the facets cover the whole result set; a deadline stops the pass and the result says
`timed_out`. Only the page's hits are read from storage and highlighted. The pass is the vectorised
evaluator (`core.vector_rank`, whole posting lists as numpy arrays) for every query tree it supports, and
a collector over Whoosh's matchers for any other, with the same results.
(Whoosh's TopCollector can skip blocks of low-scoring postings, but on this corpus its bounds never let
it, and a second pass to count the matches cost more than this single one.)
"""
from __future__ import annotations

import heapq
import os
import threading
import time
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import query as wq
from whoosh.collectors import ScoredCollector
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.searching import TimeLimit

from indexer.errors import FahrasError
from indexer.schema import ENTITY_TYPES, LANGS, text_field
from indexer.store import open_index
from search_app.core.collapse import similar_members
from search_app.core.entity_names import entity_label
from search_app.core.facets import GROUP, DocValues, count_facets, doc_values
from search_app.core.highlight import MatchTerms, highlight_full, highlight_text, mention_spans, snippet
from search_app.core.lengths import field_length_reader
from search_app.core.proximity import RERANK_DEPTH, Proximity
from search_app.core.query import (
    CompiledQuery, Excluding, ExpansionTimeLimit, check_prefix_expansion, compile_query, filter_query, parse_query,
    period_bounds,
)
from search_app.core.suggest import suggest
from search_app.core.timeline import date_histogram
from search_app.core.top import best_items
from search_app.core.vector_rank import Unsupported, evaluate, supports

MAX_QUERY_CHARS = 1000
MAX_VALUES = 50  # per repeated parameter: a filter with more values is a mistake or an attack
MAX_SIZE = 100
MAX_DEPTH = 10_000
MAX_IDLE_SEARCHERS = 4
IDLE_SECONDS = 60.0
SORTS = ("relevance", "date")
MODES = ("all", "any")
UI_LANGS = ("en", "fa", "ar")
TRUE_WORDS = ("1", "true", "on", "yes")
FALSE_WORDS = ("0", "false", "off", "no")
TITLE_WEIGHT = 0.5
TITLE_FIELDS = frozenset(text_field("title", lang) for lang in LANGS)


class TitleWeightedBM25F(BM25F):
    """BM25F with title fields weighted TITLE_WEIGHT times the body (a weight in the scorer, where a
    query boost would wrap every title term's matcher in one more Python layer).

    Whoosh scores each field with its own BM25 and adds them, so a term in a short title already scores
    near BM25's ceiling on its own: at weight 2 a two-word title outranked articles about the topic
    (Hamshahri dev topics, MAP 0.687; weight 1: 0.776; 0.5: 0.811; 0.25: 0.813, equal on both halves
    of the topics). At 0.5 a title hit is worth about one more body occurrence, the body decides.
    """

    def scorer(self, searcher, fieldname, text, qf=1):
        if fieldname in TITLE_FIELDS:
            scorer = _WeightedScorer(searcher, fieldname, text, self.B, self.K1, qf=qf, weight=TITLE_WEIGHT)
        else:
            scorer = super().scorer(searcher, fieldname, text, qf=qf)
        lengths = field_length_reader(searcher, fieldname)
        if lengths is not None and hasattr(scorer, "dfl"):
            scorer.dfl = lengths
        return scorer


class _WeightedScorer(BM25FScorer):
    def __init__(self, searcher, fieldname, text, B, K1, qf=1, weight=1.0):
        self.weight = weight
        super().__init__(searcher, fieldname, text, B, K1, qf=qf)

    def _score(self, weight, length):
        return super()._score(weight, length) * self.weight


WEIGHTING = TitleWeightedBM25F()


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    person: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    org: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    date_from: str | None = None  # ISO day
    date_to: str | None = None  # ISO day
    page: int = 1
    size: int = 10
    sort: str = "relevance"
    mode: str = "all"
    expand: bool = True
    ui_lang: str = "en"
    collapse: bool = True  # one result per group of near-copies
    timeline: bool = True  # facets.date_histogram


def bad_parameter(name: str, message: str) -> FahrasError:
    return FahrasError("bad_parameter", f"{name}: {message}", 400)


def parse_search(args: Mapping) -> SearchRequest:
    """A SearchRequest from request arguments (str or list of str per key, or a MultiDict).

    Repeatable: person, place, org (entity ids, all required), lang, source (any of them).
    FahrasError 400 naming the parameter: "query_too_long"; "too_many_values" past MAX_VALUES values of
    one parameter; "bad_query" for a malformed q or an unreadable date (as the date: filter);
    "bad_parameter" for any other value out of range.
    """
    values = _listed(args)
    for name, given in values.items():
        if len(given) > MAX_VALUES:
            raise FahrasError("too_many_values", f"{name}: given {len(given)} times; at most {MAX_VALUES} "
                                                 f"values are allowed.", 400)

    def one(name: str, default: str = "") -> str:
        found = values.get(name) or [default]
        return found[0].strip() if name != "q" else found[0]

    q = one("q")
    if len(q) > MAX_QUERY_CHARS:
        raise FahrasError("query_too_long", f"q: the query has {len(q)} characters; at most "
                                            f"{MAX_QUERY_CHARS} are allowed.", 400)
    parse_query(q)
    langs = tuple(v.lower() for v in values.get("lang", []) if v.strip())
    for lang in langs:
        if lang not in LANGS:
            raise bad_parameter("lang", f"{lang!r} is not a language; use {', '.join(LANGS)}.")
    date_from = period_bounds(one("date_from"), "date_from")[0] if one("date_from") else None
    date_to = period_bounds(one("date_to"), "date_to")[1] if one("date_to") else None
    if date_from and date_to and date_from > date_to:
        raise bad_parameter("date_to", f"{one('date_to')} is before date_from {one('date_from')}.")
    page = _integer(one("page", "1"), "page", 1, None)
    size = _integer(one("size", "10"), "size", 1, MAX_SIZE)
    if page * size > MAX_DEPTH:
        raise bad_parameter("page", f"results are available up to number {MAX_DEPTH}; page {page} of "
                                    f"{size} goes beyond.")
    return SearchRequest(
        q=q,
        person=_ids(values, "person"), place=_ids(values, "place"), org=_ids(values, "org"),
        lang=langs, source=tuple(v.strip() for v in values.get("source", []) if v.strip()),
        date_from=date_from, date_to=date_to, page=page, size=size,
        sort=_choice(one("sort", "relevance"), "sort", SORTS),
        mode=_choice(one("mode", "all"), "mode", MODES),
        expand=_flag(one("expand", "1"), "expand"),
        ui_lang=_choice(one("ui_lang", "en"), "ui_lang", UI_LANGS),
        collapse=_flag(one("collapse", "1"), "collapse"),
        timeline=_flag(one("timeline", "1"), "timeline"),
    )


def _listed(args: Mapping) -> dict[str, list[str]]:
    if hasattr(args, "getlist"):
        return {k: [str(v) for v in args.getlist(k)] for k in args.keys()}
    return {k: [str(x) for x in v] if isinstance(v, (list, tuple)) else [str(v)] for k, v in args.items()}


def _ids(values: dict[str, list[str]], name: str) -> tuple[str, ...]:
    ids = tuple(dict.fromkeys(v.strip() for v in values.get(name, []) if v.strip()))
    for entity_id in ids:
        if len(entity_id) > 200 or any(ch.isspace() for ch in entity_id):
            raise bad_parameter(name, f"{entity_id[:40]!r} is not an entity id.")
    return ids


def _integer(value: str, name: str, low: int, high: int | None) -> int:
    try:
        number = int(value)
    except ValueError:
        raise bad_parameter(name, f"{value[:40]!r} is not a whole number.") from None
    if number < low or (high is not None and number > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise bad_parameter(name, f"{number} is out of range; give a number {bounds}.")
    return number


def _choice(value: str, name: str, choices: tuple[str, ...]) -> str:
    if value.lower() not in choices:
        raise bad_parameter(name, f"{value[:40]!r} is not one of {', '.join(choices)}.")
    return value.lower()


def _flag(value: str, name: str) -> bool:
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise bad_parameter(name, f"{value[:40]!r} is not on or off; give 1 or 0.")


# Searcher


class SearcherHolder:
    """Open searchers of the newest index version, lent to one request at a time.

    A Whoosh reader is not safe to share between threads (it seeks and reads its files), so each request
    acquires its own searcher and releases it after; released searchers are kept for the next request
    until the index gains a generation or a rebuilt index is swapped in (a stat and a directory listing
    per acquire), and closed after IDLE_SECONDS unused. `open_index` reads through file handles, so a
    searcher costs a few handles, not a copy of the index (see `indexer.store`). Facet arrays are cached
    per segment, so every searcher of the same segments shares them.
    """

    def __init__(self, index_dir: str | Path, *, max_idle: int = MAX_IDLE_SEARCHERS,
                 clock: Callable[[], float] = time.monotonic):
        self.index_dir = Path(index_dir)
        self.max_idle = max_idle
        self.clock = clock
        self._lock = threading.Lock()
        self._idle: list[tuple[float, object]] = []  # (released at, searcher), oldest first
        self._epoch = 0  # counts index versions seen; a searcher remembers the one it was opened in
        self._index = open_index(self.index_dir)
        self._inode = os.stat(self.index_dir).st_ino
        self._generation = self._index.latest_generation()

    def acquire(self):
        """A searcher of the newest version of the index, for this caller alone until `release`."""
        with self._lock:
            self._follow_index()
            stale = self._take_stale()
            found = self._idle.pop()[1] if self._idle else None
            index, epoch = self._index, self._epoch
        for searcher in stale:
            searcher.close()
        if found is not None:
            return found
        searcher = index.searcher()
        searcher.fahras_epoch = epoch
        return searcher

    def release(self, searcher) -> None:
        with self._lock:
            if searcher.fahras_epoch == self._epoch and len(self._idle) < self.max_idle:
                self._idle.append((self.clock(), searcher))
                return
        searcher.close()

    def idle_count(self) -> int:
        return len(self._idle)

    def _take_stale(self) -> list:
        cutoff = self.clock() - IDLE_SECONDS
        stale = [s for at, s in self._idle if at < cutoff]
        self._idle = [(at, s) for at, s in self._idle if at >= cutoff]
        return stale

    @contextmanager
    def searcher(self):
        searcher = self.acquire()
        try:
            yield searcher
        finally:
            self.release(searcher)

    def _follow_index(self) -> None:
        try:
            inode = os.stat(self.index_dir).st_ino
        except FileNotFoundError:  # between the two renames of a swap: keep what we have
            return
        swapped = inode != self._inode
        if swapped:
            self._inode, self._index = inode, open_index(self.index_dir)
        generation = self._index.latest_generation()
        if swapped or generation != self._generation:
            self._generation, self._epoch = generation, self._epoch + 1
            stale, self._idle = self._idle, []
            for _, searcher in stale:
                searcher.close()


# Running a search


@dataclass
class SearchResult:
    request: SearchRequest
    total: int
    took_ms: float
    timed_out: bool
    hits: list[dict]
    facets: dict[str, list[dict]]
    suggestion: str | None
    new_count: int | None = None
    groups: int | None = None  # results listed when collapsing: one per group
    date_histogram: dict | None = None  # answered as facets.date_histogram

    def to_dict(self) -> dict:
        out = {
            "query": self.request.q, "total": self.total, "page": self.request.page,
            "size": self.request.size, "took_ms": self.took_ms, "timed_out": self.timed_out,
            "hits": self.hits, "facets": self.facets, "suggestion": self.suggestion,
        }
        if self.date_histogram is not None:
            out["facets"] = {**self.facets, "date_histogram": self.date_histogram}
        if self.new_count is not None:
            out["new_count"] = self.new_count
        if self.groups is not None:
            out["groups"] = self.groups
        return out


@dataclass
class _Ranked:
    docnums: list[int] | np.ndarray = field(default_factory=list)  # ascending
    top: list[tuple] = field(default_factory=list)  # (is_new, key, score, -docnum), best first
    new_count: int = 0
    group_sizes: Mapping = field(default_factory=dict)  # group -> matches, when collapsing


class RankingCollector(ScoredCollector):
    """Scores each match once: keeps the best `limit` and every docnum, shows each match to `proximity`;
    stops at `deadline`.

    Order: new documents first when `new_since` is set, then by score, or by date (newest first,
    undated last) and score; ties by docnum. With `collapse`, the best `limit` groups, each by its best match.
    """

    def __init__(self, values: DocValues, limit: int, *, by_date: bool, new_since: int | None,
                 deadline: float | None, clock: Callable[[], float], proximity: Proximity | None = None,
                 collapse: bool = False):
        super().__init__()
        self.limit, self.by_date, self.new_since = limit, by_date, new_since
        self.dates, self.added_at = values.date.data, values.added_at.data  # memoryviews index fastest
        self.groups = values.group.data if collapse else None
        self.best: dict = {}
        self.proximity = proximity
        self.deadline, self.clock = deadline, clock
        self.ranked = _Ranked()
        self.heap: list[tuple] = []

    def collect_matches(self):
        collect, clock, deadline = self.collect, self.clock, self.deadline
        for sub_docnum in self.matches():
            if deadline is not None and clock() >= deadline:
                raise TimeLimit
            collect(sub_docnum)

    def _collect(self, global_docnum, score):
        ranked = self.ranked
        ranked.docnums.append(global_docnum)
        is_new = self.new_since is not None and self.added_at[global_docnum] > self.new_since
        ranked.new_count += is_new
        item = (is_new, self.dates[global_docnum] if self.by_date else score, score, -global_docnum)
        if self.groups is None:
            if self.proximity is not None:
                self.proximity.see(self.matcher, global_docnum - self.offset, global_docnum, item[:2])
        else:  # a group competes for the re-ranking once, with its best match so far
            key = self.groups[global_docnum]
            best = self.best.get(key)
            if best is None or item > best:
                self.best[key] = item
                if self.proximity is not None:
                    self.proximity.see(self.matcher, global_docnum - self.offset, global_docnum, item[:2])
            sizes = ranked.group_sizes
            sizes[key] = sizes.get(key, 0) + 1
            return 0
        if len(self.heap) < self.limit:
            heapq.heappush(self.heap, item)
        elif item > self.heap[0]:
            heapq.heapreplace(self.heap, item)
        return 0

    def results(self):
        if self.groups is not None:
            self.heap = heapq.nlargest(self.limit, self.best.values())
        self.ranked.top = sorted(self.heap, reverse=True)
        return self.ranked


def run_search(searcher, req: SearchRequest, *, time_limit: float | None = None, new_since: int | None = None,
               gazetteer=None, clock: Callable[[], float] = time.perf_counter, vectorised: bool = True) -> SearchResult:
    """Search `searcher` for `req`. `time_limit` (seconds, None: unlimited, measured with `clock`) bounds
    compiling, prefix expansion, the matching pass and highlighting (prefixes beyond their caps are
    refused, see `check_prefix_expansion`; facets are one pass over the matches already found);
    `new_since` (epoch ms) adds new_count and a `new` flag per hit, new hits first; `vectorised` off
    ranks with the collector alone (to compare the two)."""
    started = time.perf_counter()
    deadline = clock() + time_limit if time_limit is not None else None
    gazetteer = gazetteer if gazetteer is not None else searcher_gazetteer(searcher)
    compiled = compile_query(parse_query(req.q), mode=req.mode, expand=req.expand, gazetteer=gazetteer)
    values = doc_values(searcher)
    ranked, timed_out = rank(searcher, req, compiled, values, max(req.page * req.size, RERANK_DEPTH),
                             new_since=new_since, deadline=deadline, clock=clock, vectorised=vectorised)
    page = ranked.top[(req.page - 1) * req.size:req.page * req.size]
    hits = []
    for item in page:  # past the deadline, the remaining hits come without marks
        late = deadline is not None and clock() >= deadline
        timed_out = timed_out or late
        hits.append(_hit(searcher, item, MatchTerms() if late else compiled.match, new_since))
    if req.collapse:
        _add_similar(searcher, hits, page, values, ranked)
    total = len(ranked.docnums)
    facets = count_facets(values, ranked.docnums, _labeller(gazetteer, req.ui_lang, searcher))
    suggestion = suggest(searcher, req.q) if total == 0 and not timed_out and req.q.strip() else None
    return SearchResult(
        request=req,
        total=total,
        took_ms=round((time.perf_counter() - started) * 1000, 1),
        timed_out=timed_out,
        hits=hits,
        facets=facets,
        suggestion=suggestion,
        new_count=ranked.new_count if new_since is not None else None,
        groups=len(ranked.group_sizes) if req.collapse else None,
        date_histogram=date_histogram(values.date, ranked.docnums, req.ui_lang) if req.timeline else None,
    )


def _add_similar(searcher, hits: list[dict], page: list[tuple], values: DocValues, ranked: _Ranked) -> None:
    """Each hit's group, its count of other matching articles and the first of them."""
    groups, names = values.group, values.columns[GROUP].vocab
    shown = {int(groups[-item[3]]): -item[3] for item in page}
    members = similar_members(groups, ranked.docnums, shown)
    for hit, key in zip(hits, shown):
        hit["group"] = names[key] if key < len(names) else None
        hit["similar_count"] = ranked.group_sizes.get(key, 1) - 1
        hit["similar"] = [_brief(searcher.stored_fields(d)) for d in members[key]]


def _brief(stored: dict) -> dict:
    return {"id": stored.get("id"), "title": stored.get("title") or "", "date": stored.get("date") or None,
            "source": stored.get("source") or None, "lang": stored.get("lang") or "other"}


def rank(searcher, req: SearchRequest, compiled: CompiledQuery, values: DocValues, limit: int, *,
         new_since: int | None = None, deadline: float | None = None,
         clock: Callable[[], float] = time.perf_counter, vectorised: bool = True) -> tuple[_Ranked, bool]:
    """The one matching pass: every matched docnum and the best `limit` in order; and whether it timed out.

    A query tree the vectorised evaluator supports is evaluated over whole posting lists
    (`core.vector_rank`); any other, or any with `vectorised` off, goes through the ranking collector,
    with the same results."""
    q = _whole_query(compiled, req)
    if q is None:
        return _Ranked(), False
    by_date = req.sort == "date" or compiled.scored is None
    proximity = None if by_date else Proximity(compiled.sequences)
    try:
        check_prefix_expansion(q, searcher.reader(), deadline=deadline, clock=clock)
    except ExpansionTimeLimit:
        return _Ranked(), True
    ranked = None
    if vectorised and supports(q):
        ranked, timed_out = _rank_arrays(searcher, q, values, limit, by_date=by_date, new_since=new_since,
                                         collapse=req.collapse, proximity=proximity, deadline=deadline, clock=clock)
    if ranked is None:
        ranked, timed_out = _rank_collected(searcher, q, values, limit, by_date=by_date, new_since=new_since,
                                            collapse=req.collapse, proximity=proximity, deadline=deadline,
                                            clock=clock)
    return ranked, timed_out


def _rank_arrays(searcher, q: wq.Query, values: DocValues, limit: int, *, by_date: bool, new_since: int | None,
                 collapse: bool, proximity: Proximity | None, deadline: float | None,
                 clock: Callable[[], float]) -> tuple[_Ranked | None, bool]:
    """`rank` by the vectorised evaluator; None when a scorer of the weighting is not one it can apply."""
    def check() -> None:
        if deadline is not None and clock() >= deadline:
            raise TimeLimit

    needs_current = bool(proximity and proximity.pairs)
    try:
        docnums, scores, timed_out = evaluate(searcher, q, weighting=WEIGHTING, needs_current=needs_current,
                                              check=check)
    except Unsupported:
        return None, False
    top, new_count, sizes = best_items(docnums, scores, values, limit, by_date=by_date, new_since=new_since,
                                       collapse=collapse)
    ranked = _Ranked(docnums=docnums, top=top, new_count=new_count, group_sizes=sizes or {})
    if needs_current:
        bonus = proximity.bonuses(searcher, WEIGHTING, [-item[3] for item in top[:RERANK_DEPTH]])
        ranked.top = _reranked(ranked.top, bonus)
    return ranked, timed_out


def _rank_collected(searcher, q: wq.Query, values: DocValues, limit: int, *, by_date: bool,
                    new_since: int | None, collapse: bool, proximity: Proximity | None, deadline: float | None,
                    clock: Callable[[], float]) -> tuple[_Ranked, bool]:
    """`rank` by the ranking collector, one match at a time."""
    collector = RankingCollector(values, limit, by_date=by_date, new_since=new_since, deadline=deadline,
                                 clock=clock, proximity=proximity, collapse=collapse)
    timed_out = False
    try:
        context = searcher.context(weighting=WEIGHTING, needs_current=bool(proximity and proximity.pairs))
        searcher.search_with_collector(q, collector, context=context)
    except TimeLimit:
        timed_out = True
    ranked = collector.results()
    if proximity is not None:
        ranked.top = _reranked(ranked.top, proximity.bonus)
    return ranked, timed_out


def _reranked(top: list[tuple], bonus: dict[int, float]) -> list[tuple]:
    """The best RERANK_DEPTH of `top` with their proximity bonus, re-sorted; the rest keep their order
    (their scores are at most those of the re-ranked, so they stay behind)."""
    head = [(is_new, score + bonus.get(-neg, 0.0), score + bonus.get(-neg, 0.0), neg)
            for is_new, _, score, neg in top[:RERANK_DEPTH]]
    return sorted(head, reverse=True) + top[RERANK_DEPTH:]


def _whole_query(compiled: CompiledQuery, req: SearchRequest) -> wq.Query | None:
    """The compiled query restricted by the request's filters; None when there is nothing to search."""
    required = list(compiled.required)
    for etype in ENTITY_TYPES:
        required.extend(wq.Term(etype, entity_id) for entity_id in getattr(req, etype))
    for name in ("lang", "source"):
        chosen = getattr(req, name)
        if chosen:
            required.append(wq.Or([wq.Term(name, v) for v in chosen]))
    if req.date_from or req.date_to:
        required.append(filter_query("date", f"{req.date_from or ''}..{req.date_to or ''}"))
    if compiled.scored is None and not required:
        if compiled.excluded:
            raise FahrasError("bad_query", "Add a word or filter to search for: excluded words alone "
                                           "match nothing.", 400)
        return None
    parts = ([compiled.scored] if compiled.scored is not None else []) + required
    q = parts[0] if len(parts) == 1 else wq.And(parts)
    if compiled.excluded:
        q = Excluding(q, wq.Or(list(compiled.excluded)))
    return q.normalize()  # flattened: nested unions cost Whoosh a matcher rebuild every few matches


def _hit(searcher, item: tuple, match: MatchTerms, new_since: int | None) -> dict:
    is_new, _, score, neg_docnum = item
    stored = searcher.stored_fields(-neg_docnum)
    lang = stored.get("lang") or "other"
    entities = stored.get("entities") or []
    title, body = stored.get("title") or "", stored.get("body") or ""
    hit = {
        "id": stored.get("id"), "title": title, "date": stored.get("date") or None,
        "source": stored.get("source") or None, "lang": lang, "score": round(score, 4),
        "title_html": highlight_text(title, lang, match, mention_spans(entities, "title", match.entity_ids)),
        "snippet_html": snippet(body, lang, match, mention_spans(entities, "body", match.entity_ids)),
    }
    if new_since is not None:
        hit["new"] = is_new
    return hit


def highlight_document(doc: Mapping, req: SearchRequest | None, *, gazetteer=None,
                       body_span: tuple[int, int] | None = None) -> dict[str, str]:
    """title_html and body_html of a stored document (`stored_to_dict` shape) with the request's
    matches marked; without a request, or when its query is malformed, nothing is marked.
    `body_span` (start, end) renders only that part of the body."""
    match = MatchTerms()
    if req is not None:
        try:
            match = match_terms(req, gazetteer=gazetteer)
        except FahrasError:
            pass
    lang = doc.get("lang") or "other"
    entities = doc.get("entities") or []
    body = doc.get("body") or ""
    start, end = body_span or (0, len(body))
    body_mentions = [(a - start, b - start) for a, b in mention_spans(entities, "body", match.entity_ids)
                     if start <= a and b <= end]
    return {
        "title_html": highlight_full(doc.get("title") or "", lang, match,
                                     mention_spans(entities, "title", match.entity_ids)),
        "body_html": highlight_full(body[start:end], lang, match, body_mentions),
    }


def match_terms(req: SearchRequest, *, gazetteer=None) -> MatchTerms:
    """What the request's query marks in a document."""
    gazetteer = gazetteer if gazetteer is not None else _default_gazetteer()
    return compile_query(parse_query(req.q), mode=req.mode, expand=req.expand, gazetteer=gazetteer).match


def _default_gazetteer():
    from indexer.gazetteer import get_gazetteer

    return get_gazetteer()


def searcher_gazetteer(searcher):
    """The gazetteer the searcher's index was built with (`fahras index --gazetteer`)."""
    from indexer.gazetteer import index_gazetteer

    folder = getattr(getattr(getattr(searcher, "_ix", None), "storage", None), "folder", None)
    return index_gazetteer(folder) if folder else _default_gazetteer()


def _labeller(gazetteer, ui_lang: str, searcher) -> Callable[[str], str]:
    return lambda entity_id: entity_label(searcher, gazetteer, entity_id, ui_lang)
