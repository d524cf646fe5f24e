"""Metrics on tiny hand-made runs and qrels; every expected value is worked out in a comment."""
import orjson
import pytest
from click.testing import CliRunner

from indexer.errors import FahrasError
from search_app.cli import main
from search_app.trec.evaluation import evaluate_run, query_metrics, variant_type

INV_LOG2_3 = 0.6309297535714575  # 1 / log2(3): the nDCG discount at rank 2


def write(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "ranking, expected",
    [
        (["d1", "x1"], {"MAP": 1.0, "P@10": 0.1, "MRR@10": 1.0, "R@10": 1.0, "R@100": 1.0, "nDCG@10": 1.0}),
        (["x1", "d1"], {"MAP": 0.5, "P@10": 0.1, "MRR@10": 0.5, "R@10": 1.0, "R@100": 1.0, "nDCG@10": INV_LOG2_3}),
        ([f"x{i}" for i in range(10)] + ["d1"], {"MAP": 1 / 11, "P@10": 0.0, "MRR@10": 0.0, "R@10": 0.0, "R@100": 1.0, "nDCG@10": 0.0}),
        ([f"x{i}" for i in range(100)] + ["d1"], {"MAP": 1 / 101, "P@10": 0.0, "MRR@10": 0.0, "R@10": 0.0, "R@100": 0.0, "nDCG@10": 0.0}),
        ([], {"MAP": 0.0, "P@10": 0.0, "MRR@10": 0.0, "R@10": 0.0, "R@100": 0.0, "nDCG@10": 0.0}),
    ],
    ids=["rank-1", "rank-2", "rank-11", "rank-101", "no-hits"],
)
def test_query_metrics_for_one_known_item(ranking, expected):
    assert query_metrics(ranking, {"d1": 1}) == pytest.approx(expected)


def test_query_metrics_with_two_relevant_documents():
    # d1 at rank 1, d2 at rank 11: DCG@10 = 1, ideal DCG = 1 + 1/log2(3); half of them in the top 10;
    # average precision (1/1 + 2/11) / 2.
    ranking = ["d1"] + [f"x{i}" for i in range(9)] + ["d2"]
    assert query_metrics(ranking, {"d1": 1, "d2": 1}) == pytest.approx(
        {"MAP": (1 + 2 / 11) / 2, "P@10": 0.1, "MRR@10": 1.0, "R@10": 0.5, "R@100": 1.0, "nDCG@10": 1 / (1 + INV_LOG2_3)}
    )


def test_query_metrics_uses_grades_as_gains():
    # d2 (grade 1) at rank 1, d1 (grade 2) at rank 2: DCG = 1 + 2/log2(3), ideal = 2 + 1/log2(3).
    assert query_metrics(["d2", "d1"], {"d1": 2, "d2": 1})["nDCG@10"] == pytest.approx(
        (1 + 2 * INV_LOG2_3) / (2 + INV_LOG2_3)
    )


@pytest.mark.parametrize(
    "qid, expected",
    [("ar-var-0123-tashkeel", "tashkeel"), ("fa-var-0007-yk_arabic", "yk_arabic"), ("ar-t2b-0123", None)],
    ids=["tashkeel", "underscore-type", "original"],
)
def test_variant_type_is_the_last_part_of_a_variant_qid(qid, expected):
    assert variant_type(qid) == expected


@pytest.fixture
def qrels(tmp_path):
    return write(tmp_path / "q.qrels", [
        "ar-t2b-0001 0 snn-a 1",
        "ar-t2b-0002 0 snn-b 1",
        "ar-t2b-0003 0 snn-c 1",
        "ar-t2b-0004 0 snn-d 0",
    ])


def test_evaluate_run_averages_over_judged_queries_counting_missing_ones_as_zero(tmp_path, qrels):
    # 0001: rank 1 -> 1; 0002: rank 2 -> 1/2; 0003 absent -> 0; 0004 judges nothing relevant: not a query.
    # Average precision is the reciprocal rank here (one relevant document each); P@10 is 1/10 per hit.
    run = write(tmp_path / "r.trec", [
        "ar-t2b-0001 Q0 snn-a 1 9.0 t",
        "ar-t2b-0002 Q0 snn-x 1 5.0 t",
        "ar-t2b-0002 Q0 snn-b 2 4.0 t",
        "ar-t2b-0004 Q0 snn-d 1 3.0 t",
    ])
    overall = evaluate_run(run, qrels)["all"]
    assert overall == pytest.approx({
        "MAP": 1.5 / 3,
        "P@10": 0.2 / 3,
        "MRR@10": 1.5 / 3,
        "R@10": 2 / 3,
        "R@100": 2 / 3,
        "nDCG@10": (1 + INV_LOG2_3) / 3,
        "queries": 3,
        "queries_not_in_run": 1,
        "run_only_qids": 1,
    })


def test_evaluate_run_orders_by_score_not_by_rank_column(tmp_path, qrels):
    run = write(tmp_path / "r.trec", ["ar-t2b-0001 Q0 snn-x 1 1.0 t", "ar-t2b-0001 Q0 snn-a 2 2.0 t"])
    assert evaluate_run(run, qrels)["all"]["MRR@10"] == pytest.approx(1 / 3)


def test_evaluate_run_breaks_score_ties_by_docid(tmp_path, qrels):
    # snn-a sorts before snn-z at the same score, so it is first whatever the line order.
    run = write(tmp_path / "r.trec", ["ar-t2b-0001 Q0 snn-z 1 2.0 t", "ar-t2b-0001 Q0 snn-a 2 2.0 t"])
    assert evaluate_run(run, qrels)["all"]["MRR@10"] == pytest.approx(1 / 3)


def test_evaluate_run_groups_variant_queries_by_type(tmp_path):
    qrels = write(tmp_path / "v.qrels", [
        "ar-var-0001-tashkeel 0 snn-a 1",
        "ar-var-0002-tashkeel 0 snn-b 1",
        "ar-var-0001-hamza_drop 0 snn-a 1",
    ])
    run = write(tmp_path / "v.trec", [
        "ar-var-0001-tashkeel Q0 snn-a 1 2.0 t",
        "ar-var-0002-tashkeel Q0 snn-x 1 2.0 t",
        "ar-var-0002-tashkeel Q0 snn-b 2 1.0 t",
        "ar-var-0001-hamza_drop Q0 snn-x 1 2.0 t",
    ])
    groups = evaluate_run(run, qrels)["groups"]
    assert {name: (g["MRR@10"], g["queries"]) for name, g in groups.items()} == {
        "hamza_drop": (0.0, 1),
        "tashkeel": (0.75, 2),
    }


def test_evaluate_run_has_no_groups_for_original_queries(tmp_path, qrels):
    run = write(tmp_path / "r.trec", ["ar-t2b-0001 Q0 snn-a 1 9.0 t"])
    assert evaluate_run(run, qrels)["groups"] == {}


@pytest.mark.parametrize(
    "line, message",
    [
        ("ar-t2b-0001 Q0 snn-a 1 9.0", "expected 'qid Q0 docid rank score tag'"),
        ("ar-t2b-0001 Q0 snn-a 1 high t", "score 'high' is not a number"),
    ],
    ids=["five-columns", "score-not-a-number"],
)
def test_evaluate_run_rejects_a_malformed_run_line(tmp_path, qrels, line, message):
    run = write(tmp_path / "r.trec", ["ar-t2b-0002 Q0 snn-b 1 9.0 t", line])
    with pytest.raises(FahrasError) as err:
        evaluate_run(run, qrels)
    assert (err.value.code, err.value.message) == ("bad_run", f"{run}:2: {message}")


def test_evaluate_run_rejects_a_document_listed_twice_for_one_query(tmp_path, qrels):
    run = write(tmp_path / "r.trec", ["ar-t2b-0001 Q0 snn-a 1 9.0 t", "ar-t2b-0001 Q0 snn-a 2 8.0 t"])
    with pytest.raises(FahrasError) as err:
        evaluate_run(run, qrels)
    assert err.value.message == f"{run}:2: document snn-a listed twice for query ar-t2b-0001"


@pytest.mark.parametrize("line", ["ar-t2b-0001 0 snn-a", "ar-t2b-0001 0 snn-a yes"], ids=["three-columns", "grade-word"])
def test_evaluate_run_rejects_a_malformed_qrels_line(tmp_path, line):
    qrels = write(tmp_path / "q.qrels", [line])
    run = write(tmp_path / "r.trec", [])
    with pytest.raises(FahrasError) as err:
        evaluate_run(run, qrels)
    assert (err.value.code, err.value.message) == ("bad_qrels", f"{qrels}:1: expected 'qid 0 docid grade'")


def test_evaluate_run_rejects_qrels_without_relevant_documents(tmp_path):
    qrels = write(tmp_path / "q.qrels", ["ar-t2b-0001 0 snn-a 0"])
    with pytest.raises(FahrasError) as err:
        evaluate_run(write(tmp_path / "r.trec", []), qrels)
    assert err.value.code == "empty_qrels"


def test_evaluate_run_reports_a_run_file_that_is_not_utf8(tmp_path, qrels):
    run = tmp_path / "r.trec"
    run.write_bytes(b"ar-t2b-0001 Q0 \xff 1 9.0 t\n")
    with pytest.raises(FahrasError) as err:
        evaluate_run(run, qrels)
    assert err.value.code == "unreadable_run"


def test_cli_evaluate_json_prints_all_and_groups(tmp_path, qrels):
    run = write(tmp_path / "r.trec", ["ar-t2b-0001 Q0 snn-a 1 9.0 t"])
    result = CliRunner().invoke(main, ["evaluate", str(run), str(qrels), "--json"])
    assert (result.exit_code, orjson.loads(result.stdout)["all"]["MRR@10"]) == (0, pytest.approx(1 / 3))


def test_cli_evaluate_prints_a_table_row_for_all_queries(tmp_path, qrels):
    run = write(tmp_path / "r.trec", ["ar-t2b-0001 Q0 snn-a 1 9.0 t"])
    result = CliRunner().invoke(main, ["evaluate", str(run), str(qrels)])
    assert result.stdout.splitlines() == [
        "set\tMAP\tP@10\tMRR@10\tR@10\tR@100\tnDCG@10\tqueries",
        "all\t0.3333\t0.0333\t0.3333\t0.3333\t0.3333\t0.3333\t3"]


def test_cli_evaluate_prints_a_row_per_variant_type(tmp_path):
    qrels = write(tmp_path / "v.qrels", ["ar-var-0001-tashkeel 0 snn-a 1", "ar-var-0001-digits 0 snn-a 1"])
    run = write(tmp_path / "v.trec", ["ar-var-0001-tashkeel Q0 snn-a 1 2.0 t", "ar-var-0001-digits Q0 snn-x 1 2.0 t"])
    rows = CliRunner().invoke(main, ["evaluate", str(run), str(qrels)]).stdout.splitlines()
    assert [row.split("\t")[:2] for row in rows[1:]] == [["all", "0.5000"], ["digits", "0.0000"], ["tashkeel", "1.0000"]]


def test_cli_evaluate_reports_a_malformed_run_without_traceback(tmp_path, qrels):
    run = write(tmp_path / "r.trec", ["ar-t2b-0001 Q0 snn-a"])
    result = CliRunner().invoke(main, ["evaluate", str(run), str(qrels)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {run}:1: expected 'qid Q0 docid rank score tag'\n")
