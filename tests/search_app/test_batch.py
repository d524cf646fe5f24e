"""Batch search over a tiny Persian and Arabic index: TREC lines, their order, and the error paths."""
import pytest
from click.testing import CliRunner

from indexer.bulk import build_index
from indexer.documents import Document
from indexer.errors import FahrasError
from search_app.trec.batch import read_queries, run_batch
from search_app.cli import main

QUOTE = 'وقال ألبيازوف لوكالة فرانس برس في باريس: "أعتقد أن النظام يقترب من نهايته. إنها مجرد مسألة وقت".'
TWIN_BODY = "تُدار كازاخستان من قبل نخبة راسخة ضمن إطار دستوري"
CORPUS = [
    Document("ar-1", "كازاخستان.. فشل “الثورة” المستوحاة من الخارج",
             "أكدت المنشورات العديدة التي ناقشت ما حدث في كازاخستان في الأيام الأخيرة أن قوى خارجية أشعلت فتيل الأحداث.", "ar"),
    Document("ar-2", "كازانخستان... تهم روسية بتورّط واشنطن!",
             "بعيد اندلاع الأزمة الكازاخستانية بأيام، صدر تصريح استفزازيّ لوزير الخارجية الأميركي أنتوني بلينكين", "ar"),
    Document("ar-3", "", QUOTE, "ar"),
    Document("ar-4", "", "بلينكين يتحدث عن واشنطن", "ar"),
    Document("ar-twin-c", "", TWIN_BODY, "ar"),
    Document("ar-twin-b", "", TWIN_BODY, "ar"),
    Document("ar-twin-a", "", TWIN_BODY, "ar"),
    Document("fa-1", "ردپای «بنیاد سوروس» در انقلاب رنگی در قزاقستان",
             "تحلیل رسانههای امریکائی و روسی از پشت پرده وقایع قزاقستان", "fa"),
    Document("fa-2", "", "وقایع رخ داده در قزاقستان سبب شده تا تحلیلهای مختلفی منتشر شود", "fa"),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("batch") / "ix"
    build_index(path, CORPUS, procs=1)
    return path


def write_queries(tmp_path, lines):
    path = tmp_path / "queries.tsv"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def search(index_dir, tmp_path, lines, **options):
    run = tmp_path / "out.trec"
    count = run_batch(index_dir, write_queries(tmp_path, lines), run, **({"top": 100, "tag": "fahras"} | options))
    return count, run.read_text(encoding="utf-8").splitlines()


def ids_of(lines, qid):
    return [line.split()[2] for line in lines if line.split()[0] == qid]


def test_run_batch_writes_trec_lines_ranked_from_one(index_dir, tmp_path):
    _, lines = search(index_dir, tmp_path, ["q1\tواشنطن بلينكين"], tag="exp1")
    fields = [line.split() for line in lines]
    assert [(f[0], f[1], f[2], f[3], f[5]) for f in fields] == [
        ("q1", "Q0", "ar-4", "1", "exp1"),
        ("q1", "Q0", "ar-2", "2", "exp1"),
    ]


def test_run_batch_prints_scores_with_six_decimals_best_first(index_dir, tmp_path):
    _, lines = search(index_dir, tmp_path, ["q1\tواشنطن بلينكين"])
    scores = [line.split()[4] for line in lines]
    assert (scores == sorted(scores, key=float, reverse=True), [len(s.split(".")[1]) for s in scores]) == (True, [6, 6])


def test_run_batch_returns_the_number_of_queries(index_dir, tmp_path):
    count, _ = search(index_dir, tmp_path, ["q1\tواشنطن", "", "q2\tقزاقستان"])
    assert count == 2


def test_run_batch_breaks_score_ties_by_docid(index_dir, tmp_path):
    _, lines = search(index_dir, tmp_path, ["q1\tنخبة راسخة"])
    score = lines[0].split()[4]
    assert [line.split()[2:5:2] for line in lines] == [["ar-twin-a", score], ["ar-twin-b", score], ["ar-twin-c", score]]


def test_run_batch_keeps_the_smallest_docid_when_a_tie_straddles_the_cut(index_dir, tmp_path):
    # Three twins indexed c, b, a: Whoosh alone would answer ar-twin-c.
    _, lines = search(index_dir, tmp_path, ["q1\tنخبة راسخة"], top=1)
    assert ids_of(lines, "q1") == ["ar-twin-a"]


def test_run_batch_writes_at_most_top_lines_per_query(index_dir, tmp_path):
    _, lines = search(index_dir, tmp_path, ["q1\tكازاخستان واشنطن قزاقستان"], top=2)
    assert len(lines) == 2


def test_run_batch_repeats_exactly_on_an_index_built_in_two_processes(index_dir, tmp_path):
    other = tmp_path / "ix2"
    build_index(other, list(reversed(CORPUS)), procs=2)
    queries = ["q1\tنخبة راسخة", "q2\tكازاخستان واشنطن", "q3\tوقایع قزاقستان"]
    assert search(other, tmp_path, queries) == search(index_dir, tmp_path, queries)


def test_run_batch_ranks_a_match_in_title_and_body_above_one_in_the_body_alone(tmp_path):
    # Titles of equal length, bodies equal: only the title's match differs.
    build_index(tmp_path / "ix", [
        Document("ar-body", "كازاخستان.. فشل “الثورة” المستوحاة من الخارج", "صدر تصريح لوزير الخارجية في واشنطن", "ar"),
        Document("ar-title", "كازانخستان... تهم روسية بتورّط واشنطن!", "صدر تصريح لوزير الخارجية في واشنطن", "ar"),
    ], procs=1)
    _, lines = search(tmp_path / "ix", tmp_path, ["q1\tواشنطن"])
    assert ids_of(lines, "q1") == ["ar-title", "ar-body"]


@pytest.mark.parametrize(
    "query",
    [
        'أعتقد أن النظام: "يقترب من نهايته"',
        "(أعتقد أن النظام) يقترب* من -نهايته",
        "أعتقد AND أن OR النظام NOT يقترب من نهايته~2 ^3",
    ],
    ids=["colon-and-quotes", "parentheses-star-minus", "operators"],
)
def test_run_batch_treats_query_syntax_as_plain_words(index_dir, tmp_path, query):
    _, lines = search(index_dir, tmp_path, [f"plain\tأعتقد أن النظام يقترب من نهايته", f"syntax\t{query}"])
    assert ids_of(lines, "syntax")[:1] == ids_of(lines, "plain")[:1] == ["ar-3"]


def test_run_batch_analyzes_queries_like_documents(index_dir, tmp_path):
    # Arabic yeh in the query, Persian yeh in the document (وقایع).
    _, lines = search(index_dir, tmp_path, ["q1\tوقايع"])
    assert ids_of(lines, "q1") == ["fa-1", "fa-2"]


def test_run_batch_writes_nothing_for_a_query_of_stopwords(index_dir, tmp_path):
    count, lines = search(index_dir, tmp_path, ["q1\tمن في"])
    assert (count, lines) == (1, [])


@pytest.mark.parametrize(
    "line, message",
    [
        ("q1 واشنطن", "expected 'qid<TAB>query', found no tab"),
        ("q1\t   ", "query q1 is empty"),
        ("\tواشنطن", "query id '' is empty or has spaces"),
        ("q 1\tواشنطن", "query id 'q 1' is empty or has spaces"),
        ("q0\tقزاقستان", "query id q0 appears twice"),
    ],
    ids=["no-tab", "empty-query", "empty-qid", "qid-with-space", "repeated-qid"],
)
def test_read_queries_rejects_a_malformed_line(tmp_path, line, message):
    path = write_queries(tmp_path, ["q0\tواشنطن", line])
    with pytest.raises(FahrasError) as err:
        read_queries(path)
    assert (err.value.code, err.value.message) == ("bad_queries", f"{path}:2: {message}")


def test_read_queries_skips_blank_lines_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "q.tsv"
    path.write_text("\ufeffq1\tواشنطن\n\n  \nq2\tقزاقستان\n", encoding="utf-8")
    assert [(q.qid, q.text) for q in read_queries(path)] == [("q1", "واشنطن"), ("q2", "قزاقستان")]


def test_run_batch_rejects_a_tag_with_spaces(index_dir, tmp_path):
    with pytest.raises(FahrasError) as err:
        search(index_dir, tmp_path, ["q1\tواشنطن"], tag="my run")
    assert err.value.code == "bad_tag"


def test_run_batch_reports_a_run_path_it_cannot_write(index_dir, tmp_path):
    with pytest.raises(FahrasError) as err:
        run_batch(index_dir, write_queries(tmp_path, ["q1\tواشنطن"]), tmp_path / "missing" / "out.trec", top=10, tag="t")
    assert err.value.code == "unwritable_run"


def test_cli_search_writes_the_run_and_says_so(index_dir, tmp_path):
    queries, run = write_queries(tmp_path, ["q1\tنخبة راسخة"]), tmp_path / "out.trec"
    result = CliRunner().invoke(main, ["search", "--index", str(index_dir), "--queries", str(queries), "--run", str(run)])
    assert (result.exit_code, result.stderr, ids_of(run.read_text().splitlines(), "q1")) == (
        0, f"1 queries searched, run written to {run}\n", ["ar-twin-a", "ar-twin-b", "ar-twin-c"])


def test_cli_search_reports_a_missing_index(tmp_path):
    queries = write_queries(tmp_path, ["q1\tواشنطن"])
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(main, ["search", "--index", str(missing), "--queries", str(queries),
                                       "--run", str(tmp_path / "out.trec")])
    assert (result.exit_code, "no Fahras index at" in result.stderr, str(missing) in result.stderr) == (1, True, True)


def test_cli_search_reports_a_missing_queries_file(index_dir, tmp_path):
    result = CliRunner().invoke(main, ["search", "--index", str(index_dir), "--queries", str(tmp_path / "q.tsv"),
                                       "--run", str(tmp_path / "out.trec")])
    assert (result.exit_code, "does not exist" in result.stderr) == (2, True)


def test_cli_search_reports_a_malformed_queries_file(index_dir, tmp_path):
    queries = write_queries(tmp_path, ["q1 واشنطن"])
    result = CliRunner().invoke(main, ["search", "--index", str(index_dir), "--queries", str(queries),
                                       "--run", str(tmp_path / "out.trec")])
    assert (result.exit_code, result.stderr) == (1, f"Error: {queries}:1: expected 'qid<TAB>query', found no tab\n")


def test_run_batch_ranks_as_interactive_search_in_mode_any(index_dir, tmp_path):
    from indexer.store import open_index
    from search_app.core.search import parse_search, run_search

    words = "بلينكين واشنطن الخارج"
    _, lines = search(index_dir, tmp_path, [f"q1\t{words}"])
    with open_index(index_dir).searcher() as searcher:
        result = run_search(searcher, parse_search({"q": words, "mode": "any", "collapse": "0", "size": "100"}))
    batch = [(line.split()[2], round(float(line.split()[4]), 4)) for line in lines]
    assert batch == [(hit["id"], round(hit["score"], 4)) for hit in result.hits] and len(batch) == 3
