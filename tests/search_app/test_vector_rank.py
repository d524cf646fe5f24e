"""The vectorised evaluator against the ranking collector: same matches, same order, same scores.

Both paths run on the seed index and on a few hundred articles of the Arabic and Persian dev corpora
(`FAHRAS_SHARED`, default ../shared; those tests are skipped without the corpora), over queries of one
to three title words, all or any, with filters, excluded words, both sorts, collapsing on and off,
new-first, and names of gazetteer entities searched in the other language.
"""
import gzip
import itertools
import os
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import orjson
import pytest
from whoosh import query as wq

from indexer.writer import run_index
from search_app.core import search as search_module
from search_app.core.facets import doc_values
from search_app.core.postings import term_postings
from search_app.core.proximity import RERANK_DEPTH
from search_app.core.query import compile_query, parse_query
from search_app.core.search import SearcherHolder, parse_search, rank, run_search, searcher_gazetteer
from search_app.core.vector_rank import supports

SHARED = Path(os.environ.get("FAHRAS_SHARED", Path(__file__).resolve().parents[3] / "shared"))
DEV_SLICES = {"ar-news-dev.jsonl.gz": 250, "fa-news-dev.jsonl.gz": 150}
QUERIES = 160
TOLERANCE = 1e-5
TOKAYEV_AR = "توكاييف"
KAZAKHSTAN_FA = "قزاقستان"


@pytest.fixture(scope="module")
def dev_index(tmp_path_factory) -> Path:
    sources = [SHARED / "corpora" / name for name in DEV_SLICES]
    if not all(path.is_file() for path in sources):
        pytest.skip(f"dev corpora not found under {SHARED} (set FAHRAS_SHARED)")
    folder = tmp_path_factory.mktemp("dev")
    slice_path = folder / "slice.jsonl"
    with slice_path.open("wb") as out:
        for path, count in zip(sources, DEV_SLICES.values()):
            with gzip.open(path) as lines:
                out.writelines(itertools.islice(lines, count))
    summary = run_index(folder / "ix", [slice_path], rebuild=False, prune=False, delete_ids=[],
                        max_bytes=20_000_000, progress=False)
    assert summary.failed == []
    return folder / "ix"


def sampled_requests(searcher, seed: int, count: int) -> list[dict]:
    """Requests built from the index's own titles, entities, languages and dates."""
    rng = random.Random(seed)
    stored = list(searcher.all_stored_fields())
    words = [w for doc in stored for w in (doc.get("title") or "").split()[:6] if len(w) > 1]
    entities = [e for doc in stored for e in doc.get("entities") or []]
    gazetteer = searcher_gazetteer(searcher)
    names = [name for e in entities if (entity := gazetteer.get(e["id"])) is not None
             for lang in ("fa", "ar") for name in entity.names.get(lang, ())[:1]]
    added = sorted(doc["added_at"] for doc in stored)
    requests = []
    for _ in range(count):
        q = " ".join(rng.sample(words, rng.choice([1, 1, 2, 3])))
        params = {"q": q, "size": str(rng.choice([10, 30]))}
        if names and rng.random() < 0.2:
            params["q"] = rng.choice(names) + (" " + rng.choice(words) if rng.random() < 0.5 else "")
        if rng.random() < 0.2:
            params["mode"] = "any"
        if rng.random() < 0.3:
            params["sort"] = "date"
        if rng.random() < 0.2:
            params["q"] += " -" + rng.choice(words)
        if rng.random() < 0.15:
            params["lang"] = rng.choice(["ar", "fa"])
        if entities and rng.random() < 0.1:
            entity = rng.choice(entities)
            params[entity["type"]] = entity["id"]
        if rng.random() < 0.1:
            params["q"] += " date:2010..2016-06"
        if rng.random() < 0.2:
            params["collapse"] = "0"
        if rng.random() < 0.1:
            params["expand"] = "0"
        params["new_since"] = added[len(added) // 2] if rng.random() < 0.1 else None
        requests.append(params)
    return requests


def differences(searcher, params: dict) -> list[str]:
    """What the two paths rank differently for one request; empty when they agree."""
    params = dict(params)
    new_since = params.pop("new_since")
    req = parse_search(params)
    compiled = compile_query(parse_query(req.q), mode=req.mode, expand=req.expand,
                             gazetteer=searcher_gazetteer(searcher))
    values = doc_values(searcher)
    limit = max(req.page * req.size, RERANK_DEPTH)
    old, old_late = rank(searcher, req, compiled, values, limit, new_since=new_since, vectorised=False)
    new, new_late = rank(searcher, req, compiled, values, limit, new_since=new_since)
    found = []
    if list(old.docnums) != list(new.docnums):
        found.append(f"matches {len(old.docnums)} vs {len(new.docnums)}")
    if [item[3] for item in old.top] != [item[3] for item in new.top]:
        found.append(f"order {[-i[3] for i in old.top[:5]]} vs {[-i[3] for i in new.top[:5]]}")
    elif any(a[0] != b[0] or abs(a[1] - b[1]) > TOLERANCE or abs(a[2] - b[2]) > TOLERANCE
             for a, b in zip(old.top, new.top)):
        found.append("scores")
    if (old.new_count, dict(old.group_sizes), old_late) != (new.new_count, dict(new.group_sizes), new_late):
        found.append("new count, groups or time-out")
    return [f"{params}: {d}" for d in found]


def vectorised_share(searcher, requests: list[dict]) -> float:
    supported = 0
    for params in requests:
        req = parse_search({k: v for k, v in params.items() if k != "new_since"})
        compiled = compile_query(parse_query(req.q), mode=req.mode, expand=req.expand,
                                 gazetteer=searcher_gazetteer(searcher))
        q = search_module._whole_query(compiled, req)
        supported += q is not None and supports(q)
    return supported / len(requests)


def test_vectorised_ranking_equals_collector_on_seed_index(seed_index):
    searcher = SearcherHolder(seed_index).acquire()
    requests = sampled_requests(searcher, seed=11, count=QUERIES) + [
        {"q": TOKAYEV_AR, "new_since": None}, {"q": KAZAKHSTAN_FA, "mode": "any", "new_since": None},
        {"q": f"{KAZAKHSTAN_FA} -{TOKAYEV_AR}", "sort": "date", "new_since": None},
    ]
    assert vectorised_share(searcher, requests) == 1.0
    assert [d for params in requests for d in differences(searcher, params)] == []


def test_vectorised_ranking_equals_collector_on_dev_corpora(dev_index):
    searcher = SearcherHolder(dev_index).acquire()
    requests = sampled_requests(searcher, seed=12, count=QUERIES)
    assert vectorised_share(searcher, requests) == 1.0
    assert [d for params in requests for d in differences(searcher, params)] == []


@pytest.fixture(scope="module")
def segmented_index(sample_dir, tmp_path_factory) -> Path:
    """The sample, then one more article in a segment of its own, with one sample article deleted."""
    folder = tmp_path_factory.mktemp("segmented")
    index_dir, added = folder / "ix", folder / "new.jsonl"
    options = dict(rebuild=False, prune=False, max_bytes=20_000_000, progress=False)
    run_index(index_dir, [sample_dir], delete_ids=[], **options)
    added.write_bytes(orjson.dumps({"id": "new-1", "title": f"{KAZAKHSTAN_FA} و روسیه", "lang": "fa",
                                    "body": f"رئیس جمهور {KAZAKHSTAN_FA} در مسکو با رئیس جمهور روسیه دیدار کرد.",
                                    "date": "2022-02-01"}))
    run_index(index_dir, [added], delete_ids=[DELETED], **options)
    return index_dir


DELETED = "001_7bdcb4ea2c0200a6"


def test_vectorised_ranking_equals_collector_with_deletions_and_segments(segmented_index):
    searcher = SearcherHolder(segmented_index).acquire()
    assert len(searcher.leaf_searchers()) > 1
    assert any(leaf.reader().has_deletions() for leaf, _ in searcher.leaf_searchers())
    requests = sampled_requests(searcher, seed=13, count=60) + [
        {"q": KAZAKHSTAN_FA, "new_since": None}, {"q": "روسیه", "sort": "date", "new_since": None}]
    assert [d for params in requests for d in differences(searcher, params)] == []
    ids = {hit["id"] for hit in run_search(searcher, parse_search({"q": KAZAKHSTAN_FA, "size": "100"})).hits}
    assert "new-1" in ids and DELETED not in ids


def test_vectorised_search_out_of_time_keeps_the_segments_it_finished(segmented_index):
    """The evaluator reads the clock before each segment; time moves on each read, so the deadline
    falls before the last segment (the added article's)."""
    searcher = SearcherHolder(segmented_index).acquire()
    req = parse_search({"q": KAZAKHSTAN_FA, "size": "100"})
    everything = run_search(searcher, req)
    clock = itertools.count()
    late = run_search(searcher, req, time_limit=len(searcher.leaf_searchers()) - 0.5, clock=lambda: next(clock))
    ids, all_ids = [hit["id"] for hit in late.hits], [hit["id"] for hit in everything.hits]
    assert (late.timed_out, 0 < late.total < everything.total, "new-1" in ids) == (True, True, False)
    assert ids == [i for i in all_ids if i in ids]


def test_postings_arrays_equal_whoosh_postings(seed_index):
    searcher = SearcherHolder(seed_index).acquire()
    compared = 0
    for (leaf, _), fieldname in itertools.product(searcher.leaf_searchers(), ("body_fa", "title_ar", "lang", "place")):
        reader = leaf.reader()
        for btext in itertools.islice(reader.lexicon(fieldname), 0, 400, 7):
            matcher = reader.postings(fieldname, btext)
            postings = term_postings(reader, fieldname, btext)
            assert postings.docnums.tolist() == list(matcher.all_ids())
            matcher.reset()
            weights = []
            while matcher.is_active():
                weights.append(matcher.weight())
                matcher.next()
            assert postings.weights.tolist() == weights
            compared += 1
    assert compared > 50


def test_unsupported_query_falls_back_to_the_collector(seed_index, monkeypatch):
    searcher = SearcherHolder(seed_index).acquire()
    req = parse_search({"q": KAZAKHSTAN_FA})
    compiled = compile_query(parse_query(req.q), gazetteer=searcher_gazetteer(searcher))
    assert supports(search_module._whole_query(compiled, req))
    best_of = replace(compiled, scored=wq.DisjunctionMax(list(compiled.scored.subqueries)))
    assert not supports(search_module._whole_query(best_of, req))
    assert not supports(wq.Or([wq.Term("body_fa", "x"), wq.Term("body_fa", "y")], scale=0.5))
    values = doc_values(searcher)
    expected, _ = rank(searcher, req, best_of, values, RERANK_DEPTH, vectorised=False)

    def refuse(*args, **kwargs):
        raise AssertionError("the vectorised evaluator ran")

    monkeypatch.setattr(search_module, "evaluate", refuse)
    ranked, _ = rank(searcher, req, best_of, values, RERANK_DEPTH)
    assert len(ranked.docnums) > 0
    assert ranked.top == expected.top
    with pytest.raises(AssertionError, match="vectorised evaluator ran"):
        run_search(searcher, req)


def test_group_sizes_count_matches_per_group():
    from search_app.core.top import GroupSizes

    sizes = GroupSizes(np.array([7, 3, 7, 7, 12]))
    assert dict(sizes) == {3: 1, 7: 3, 12: 1}
    assert sizes.get(5, 1) == 1 and len(sizes) == 3


@pytest.mark.parametrize("by_date", [False, True], ids=["score", "date"])
@pytest.mark.parametrize("new_since", [None, 500], ids=["plain", "new-first"])
def test_collapsed_best_items_are_each_best_groups_best_match(by_date, new_since):
    """Large groups whose members rank together, tied scores and dates: the sorted prefix must still give
    what sorting every match gives."""
    from types import SimpleNamespace

    from search_app.core.top import best_items

    rng = np.random.default_rng(20261203)
    n, limit = 6000, 20
    group = rng.integers(0, 40, n)
    values = SimpleNamespace(group=group ** 2, date=20220101 + group // 4 + rng.integers(0, 2, n),
                             added_at=rng.integers(0, 1000, n))
    docnums = np.sort(rng.choice(n, 4000, replace=False))
    scores = np.round(group[docnums] / 40 + rng.random(4000) / 20, 2)
    items, _, sizes = best_items(docnums, scores, values, limit, by_date=by_date, new_since=new_since,
                                 collapse=True)
    keys = values.date[docnums] if by_date else scores
    fresh = values.added_at[docnums] > new_since if new_since is not None else np.zeros(len(docnums), bool)
    ordered = sorted(range(len(docnums)), key=lambda i: (not fresh[i], -keys[i], -scores[i], docnums[i]))
    best, seen = [], set()
    for i in ordered:
        if values.group[docnums[i]] not in seen:
            seen.add(values.group[docnums[i]])
            best.append(-int(docnums[i]))
    assert [item[3] for item in items] == best[:limit]
    assert len(sizes) == len(seen)


def test_preloading_or_gives_the_first_document_of_each_window_whatever_its_score(tmp_path):
    """Whoosh's pre-loading Or (a segment of at most 5,000 documents, three parts or more) keeps only
    documents scoring above zero, but the first of each 2,048-docnum window it reads: here those two
    are named only by a tag of boost 0, as an entity is."""
    from whoosh import fields, index

    from search_app.core.vector_rank import evaluate

    ix = index.create_in(tmp_path, fields.Schema(body=fields.TEXT(), place=fields.KEYWORD()))
    with ix.writer() as writer:
        for n in range(3000):
            writer.add_document(body="کتاب" if n % 10 == 5 else "دفتر", place="yemen" if n % 7 == 0 else "")
    q = wq.Or([wq.Term("body", "کتاب"), wq.Term("place", "yemen", boost=0.0), wq.Term("body", "مداد")])
    with ix.searcher(weighting=search_module.WEIGHTING) as searcher:
        expected = {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}
        docnums, scores, _ = evaluate(searcher, q, weighting=search_module.WEIGHTING)
    assert {n for n, score in expected.items() if score == 0} == {0, 2051}
    assert docnums.tolist() == sorted(expected)
    assert scores.tolist() == pytest.approx([expected[n] for n in sorted(expected)])
