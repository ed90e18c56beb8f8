"""Fuzzy and relative times in a question: "mid-2023", "early 2019", "the late 1990s",
"last year", "two years ago". Each becomes a span of days at the precision the words give:
a part of a year is a few months, a part of a decade a few years, "last year" the whole year.

Relative expressions go through kg.core.dates (the same resolver the articles use), with
today as the base; the parts of years and decades are data (question_cues.yaml).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from kg.core.dates import find_spans
from kg.core.facts import Precision
from kg.answer.question import cues

Span = tuple[dt.date, dt.date, str, str]  # first day, last day, precision, the words


def _parts_pattern(parts: dict, tail: str) -> re.Pattern:
    names = "|".join(sorted(map(re.escape, parts), key=len, reverse=True))
    return re.compile(rf"\b(?:the\s+)?(?P<part>{names})(?:\s+of)?(?:\s+the)?[\s-]+{tail}", re.I)


def fuzzy_span(text: str, today: dt.date) -> Span | None:
    """The first fuzzy or relative time in `text`, or None (plain dates are timescope's job)."""
    data = cues()
    decade = re.compile(r"\b(?:the\s+)?(?P<decade>1[0-9]{2}0|20[0-9]0)s\b", re.I)
    part_decade = _parts_pattern(data["decade_parts"], r"(?P<decade>1[0-9]{2}0|20[0-9]0)s\b")
    part_year = _parts_pattern(data["year_parts"], r"(?P<year>1[0-9]{3}|2[0-9]{3})\b(?!s)")
    match = part_decade.search(text)
    if match:
        first, last = data["decade_parts"][match["part"].lower()]
        base = int(match["decade"])
        return dt.date(base + first, 1, 1), dt.date(base + last, 12, 31), "range", match.group(0)
    match = decade.search(text)
    if match:
        base = int(match["decade"])
        return dt.date(base, 1, 1), dt.date(base + 9, 12, 31), "range", match.group(0)
    match = part_year.search(text)
    if match:
        first, last = data["year_parts"][match["part"].lower()]
        year = int(match["year"])
        return (dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1]),
                "range", match.group(0))
    return _relative(text, today)


def _relative(text: str, today: dt.date) -> Span | None:
    """ "last year", "two years ago", "last month": resolved against today."""
    for span in find_spans(text, today):
        point = span.start or span.end
        if point is None or re.search(r"\b[12][0-9]{3}\b", span.text):
            continue  # written-out dates are read by timescope's own patterns
        if point.precision is Precision.DAY and point.date >= today:
            continue  # "today", "now": the present, not a past time
        precision = {Precision.DAY: "day", Precision.MONTH: "month", Precision.YEAR: "year"}[point.precision]
        return point.date, point.last_day, precision, span.text
    return None
