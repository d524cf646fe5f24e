"""Score a TREC run against TREC qrels: MAP, P@10, MRR@10, R@10, R@100 and nDCG@10, overall and per variant type.

A run is ranked by (-score, docid), the order `fahras search` writes, whatever its rank column says.
Every judged query counts: a query the run lacks scores zero, so two runs are compared on the same
queries. Gains are the qrels grades (nDCG with linear gain, log2 discount, as trec_eval's ndcg_cut);
MAP is trec_eval's: the precision at each relevant document retrieved, over all relevant documents, so
it counts the whole run (`fahras search --top 1000` for ad hoc topics).
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from indexer.errors import FahrasError

METRICS = ("MAP", "P@10", "MRR@10", "R@10", "R@100", "nDCG@10")
VARIANT_QID = re.compile(r"^[a-z]+-var-\d+-(?P<type>[A-Za-z0-9_]+)$")


def variant_type(qid: str) -> str | None:
    """`ar-var-0123-tashkeel` -> `tashkeel`; qids of other shapes belong to no group."""
    match = VARIANT_QID.match(qid)
    return match["type"] if match else None


def _lines(path: Path, kind: str):
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise FahrasError(f"unreadable_{kind}", f"cannot read {kind} file {path}: {e}") from e
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield lineno, line.split()


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """qid -> {docid: grade} for grades above zero; queries without a relevant document are left out."""
    qrels: dict[str, dict[str, int]] = {}
    for lineno, parts in _lines(path, "qrels"):
        if len(parts) != 4 or not parts[3].lstrip("-").isdecimal():
            raise FahrasError("bad_qrels", f"{path}:{lineno}: expected 'qid 0 docid grade'")
        qid, _, docid, grade = parts
        if int(grade) > 0:
            qrels.setdefault(qid, {})[docid] = int(grade)
    return qrels


def read_run(path: Path) -> dict[str, list[str]]:
    """qid -> docids, best first."""
    scored: dict[str, dict[str, float]] = {}
    for lineno, parts in _lines(path, "run"):
        if len(parts) != 6:
            raise FahrasError("bad_run", f"{path}:{lineno}: expected 'qid Q0 docid rank score tag'")
        qid, _, docid, _, score, _ = parts
        try:
            value = float(score)
        except ValueError:
            raise FahrasError("bad_run", f"{path}:{lineno}: score {score!r} is not a number") from None
        docs = scored.setdefault(qid, {})
        if docid in docs:
            raise FahrasError("bad_run", f"{path}:{lineno}: document {docid} listed twice for query {qid}")
        docs[docid] = value
    return {qid: sorted(docs, key=lambda d: (-docs[d], d)) for qid, docs in scored.items()}


def query_metrics(ranking: list[str], relevant: dict[str, int]) -> dict[str, float]:
    """The metrics of one query: `ranking` best first, `relevant` docid -> grade (> 0)."""
    found = [rank for rank, d in enumerate(ranking, start=1) if d in relevant]
    first_hit = next((rank for rank, d in enumerate(ranking[:10], start=1) if d in relevant), None)
    dcg = sum(relevant.get(d, 0) / math.log2(rank + 1) for rank, d in enumerate(ranking[:10], start=1))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    idcg = sum(grade / math.log2(rank + 1) for rank, grade in enumerate(ideal, start=1))
    return {
        "MAP": sum(n / rank for n, rank in enumerate(found, start=1)) / len(relevant),
        "P@10": sum(rank <= 10 for rank in found) / 10,
        "MRR@10": 1 / first_hit if first_hit else 0.0,
        "R@10": len(relevant.keys() & set(ranking[:10])) / len(relevant),
        "R@100": len(relevant.keys() & set(ranking[:100])) / len(relevant),
        "nDCG@10": dcg / idcg,
    }


def _summary(qids: list[str], run: dict[str, list[str]], qrels: dict[str, dict[str, int]]) -> dict:
    per_query = [query_metrics(run.get(qid, []), qrels[qid]) for qid in qids]
    summary: dict = {name: sum(m[name] for m in per_query) / len(qids) for name in METRICS}
    summary["queries"] = len(qids)
    summary["queries_not_in_run"] = sum(qid not in run for qid in qids)
    return summary


def evaluate_run(run_path: Path, qrels_path: Path) -> dict:
    """`{"all": {metric: mean, "queries", "queries_not_in_run", "run_only_qids"}, "groups": {type: {...}}}`."""
    qrels = read_qrels(qrels_path)
    if not qrels:
        raise FahrasError("empty_qrels", f"{qrels_path} judges no document relevant")
    run = read_run(run_path)
    qids = sorted(qrels)
    overall = _summary(qids, run, qrels)
    overall["run_only_qids"] = len(run.keys() - qrels.keys())
    groups: dict[str, list[str]] = {}
    for qid in qids:
        vtype = variant_type(qid)
        if vtype:
            groups.setdefault(vtype, []).append(qid)
    return {
        "all": overall,
        "groups": {vtype: _summary(members, run, qrels) for vtype, members in sorted(groups.items())},
        "qrels": Path(qrels_path).name,
        "run": Path(run_path).name,
    }
