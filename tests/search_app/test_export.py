"""Export rows: CSV cells a spreadsheet would run are quoted; an export never runs past the time limit."""
import csv
import io
from itertools import count

import pytest

from indexer.errors import FahrasError
from indexer.gazetteer import get_gazetteer
from search_app.core.export import csv_lines, export_rows
from search_app.core.search import SearcherHolder, parse_search


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted():
    row = ['=HYPERLINK("http://example.com")', "-۲۰ درصد", "@خبر", "+۹۸", "قزاقستان", None]
    text = b"".join(csv_lines([row])).decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text))) == [
        "'" + row[0], "'-۲۰ درصد", "'@خبر", "'+۹۸", "قزاقستان", ""]


def test_export_past_the_time_limit_is_refused_not_cut_short(seed_index):
    ticks = count()
    with SearcherHolder(seed_index).searcher() as searcher:
        req = parse_search({"q": "قزاقستان OR كازاخستان"})
        whole = list(export_rows(searcher, req, gazetteer=get_gazetteer()))
        with pytest.raises(FahrasError, match="time limit"):
            export_rows(searcher, req, gazetteer=get_gazetteer(), time_limit=1.0, clock=lambda: next(ticks) * 10.0)
    assert len(whole) == 5
