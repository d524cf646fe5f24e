"""The timeline: matching articles per day, week or month, counted from the matched docnums.

The interval is chosen from the span of the matched dates, so a two-week corpus shows days and years of
news show months. Periods follow the interface's calendar: Solar Hijri months and weeks from Saturday
for Persian, Gregorian months for English and Arabic (weeks from Monday in English, Saturday in Arabic).
Every period between the first and the last is listed, empty ones with a count of 0, each with its first
and last ISO day, which is the date filter that narrows a search to it.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np

from indexer.dates import gregorian_to_solar, solar_to_gregorian
from search_app.core.facets import UNDATED

MAX_DAYS = 62  # longer spans are shown by week
MAX_WEEKS = 104  # longer spans are shown by month
SATURDAY, MONDAY = 5, 0
WEEK_START = {"en": MONDAY, "fa": SATURDAY, "ar": SATURDAY}


def calendar_of(ui_lang: str) -> str:
    return "solar" if ui_lang == "fa" else "gregorian"


def date_histogram(dates: np.ndarray, docnums: Sequence[int] | np.ndarray, ui_lang: str) -> dict:
    """`{"interval", "calendar", "buckets": [{"start", "end", "count"}]}` over the dated documents;
    `dates` holds a YYYYMMDD number per docnum (`DocValues.date`, 0 when undated)."""
    matched = dates[np.asarray(docnums, dtype=np.int64)]
    numbers, counts = np.unique(matched[matched != UNDATED], return_counts=True)
    parsed = Counter()
    for number, count in zip(numbers.tolist(), counts.tolist()):
        try:
            parsed[date(number // 10000, number // 100 % 100, number % 100)] += count
        except ValueError:
            continue
    calendar = calendar_of(ui_lang)
    if not parsed:
        return {"interval": "day", "calendar": calendar, "buckets": []}
    first, last = min(parsed), max(parsed)
    span = (last - first).days + 1
    interval = "day" if span <= MAX_DAYS else "week" if span <= MAX_WEEKS * 7 else "month"
    starts = _period_starts(first, last, interval, ui_lang)
    counts = Counter()
    index = 0
    for day in sorted(parsed):
        while index + 1 < len(starts) and starts[index + 1] <= day:
            index += 1
        counts[index] += parsed[day]
    buckets = [{"start": start.isoformat(), "end": (_next_start(start, interval, ui_lang) - timedelta(days=1)).isoformat(),
                "count": counts[i]} for i, start in enumerate(starts)]
    return {"interval": interval, "calendar": calendar, "buckets": buckets}


def _period_starts(first: date, last: date, interval: str, ui_lang: str) -> list[date]:
    start = _period_start(first, interval, ui_lang)
    starts = []
    while start <= last:
        starts.append(start)
        start = _next_start(start, interval, ui_lang)
    return starts


def _period_start(day: date, interval: str, ui_lang: str) -> date:
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=(day.weekday() - WEEK_START[ui_lang]) % 7)
    if calendar_of(ui_lang) == "solar":
        year, month, _ = gregorian_to_solar(day)
        return solar_to_gregorian(year, month, 1)
    return day.replace(day=1)


def _next_start(start: date, interval: str, ui_lang: str) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    if calendar_of(ui_lang) == "solar":
        year, month, _ = gregorian_to_solar(start)
        return solar_to_gregorian(year + month // 12, month % 12 + 1, 1)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
