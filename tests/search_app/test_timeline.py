"""The timeline: periods chosen from the span, in the interface's calendar, counted from docnums."""
from datetime import date

import numpy as np
import pytest

from indexer.dates import gregorian_to_solar, solar_to_gregorian
from search_app.core.facets import UNDATED
from search_app.core.timeline import date_histogram


def day_numbers(*isos: str) -> np.ndarray:
    """Dates as `DocValues.date` holds them: YYYYMMDD, UNDATED for none."""
    return np.array([int(iso.replace("-", "")) if iso else UNDATED for iso in isos], dtype=np.int32)


DATES = day_numbers("2022-01-08", "2022-01-09", "2022-01-09", "", "2022-01-11")


def test_a_short_span_is_counted_per_day_with_empty_days():
    histogram = date_histogram(DATES, range(len(DATES)), "en")
    assert (histogram["interval"], [(b["start"], b["count"]) for b in histogram["buckets"]]) == (
        "day", [("2022-01-08", 1), ("2022-01-09", 2), ("2022-01-10", 0), ("2022-01-11", 1)])


def test_only_the_given_docnums_are_counted():
    assert [b["count"] for b in date_histogram(DATES, [1, 4], "en")["buckets"]] == [1, 0, 1]


def test_a_year_is_counted_per_week_from_saturday_in_arabic():
    dates = day_numbers("2022-01-03", "2022-12-30")
    buckets = date_histogram(dates, [0, 1], "ar")["buckets"]
    assert (buckets[0]["start"], buckets[0]["end"], date.fromisoformat(buckets[0]["start"]).weekday()) == (
        "2022-01-01", "2022-01-07", 5)


def test_persian_months_are_solar_hijri_months():
    dates = day_numbers("2021-03-21", "2023-03-20")  # 1 Farvardin 1400 and 29 Esfand 1401
    buckets = date_histogram(dates, [0, 1], "fa")["buckets"]
    assert (len(buckets), buckets[9]["start"], buckets[9]["end"]) == (24, "2021-12-22", "2022-01-20")  # Dey 1400


@pytest.mark.parametrize("day", ["2021-03-21", "2022-01-20", "2024-03-20", "2025-03-20", "2021-09-22"])
def test_gregorian_to_solar_inverts_solar_to_gregorian(day):
    assert solar_to_gregorian(*gregorian_to_solar(date.fromisoformat(day))) == date.fromisoformat(day)


def test_no_dated_match_gives_no_buckets():
    assert date_histogram(day_numbers("", ""), [0, 1], "fa")["buckets"] == []
