"""`fahras search QUERY`: the interactive form of the search command, on the seed index."""
from click.testing import CliRunner

from search_app.cli import main

TOKAYEV_FA = "توکایف"
PERSIAN_SEED = "000_df839379cba759f4"


def search(*args):
    return CliRunner().invoke(main, ["search", *args])


def test_search_query_prints_ranked_hits(seed_index):
    result = search("--index", str(seed_index), "قزاقستان", "--top", "3")
    ids = [line.split("\t")[2] for line in result.stdout.splitlines()]
    assert (result.exit_code, len(ids), PERSIAN_SEED in ids) == (0, 3, True)


def test_search_query_finds_the_name_in_both_languages(seed_index):
    result = search("--index", str(seed_index), TOKAYEV_FA)
    ids = {line.split("\t")[2] for line in result.stdout.splitlines()}
    assert (PERSIAN_SEED in ids, any(i != PERSIAN_SEED for i in ids)) == (True, True)


def test_search_query_reports_a_malformed_query(seed_index):
    result = search("--index", str(seed_index), '"قزاقستان')
    assert (result.exit_code, result.stderr.startswith("Error: Unbalanced quote")) == (1, True)


def test_search_without_query_or_batch_files_is_a_usage_error(seed_index):
    result = search("--index", str(seed_index))
    assert (result.exit_code, "give QUERY" in result.stderr) == (2, True)


def test_search_takes_query_or_batch_not_both(seed_index, tmp_path):
    queries = tmp_path / "q.tsv"
    queries.write_text("q1\tقزاقستان\n", encoding="utf-8")
    result = search("--index", str(seed_index), "قزاقستان", "--queries", str(queries), "--run", str(tmp_path / "r"))
    assert (result.exit_code, "not both" in result.stderr) == (2, True)


def test_search_query_on_missing_index_says_so(tmp_path):
    result = search("--index", str(tmp_path / "none"), "قزاقستان")
    assert (result.exit_code, "no Fahras index" in result.stderr) == (1, True)


def test_search_query_takes_at_most_100_hits(seed_index):
    result = search("--index", str(seed_index), "قزاقستان", "--top", "101")
    assert (result.exit_code, "at most 100" in result.stderr) == (2, True)
