"""Temporal expressions resolved against the publication date, keeping their precision.

News says "on Tuesday", "last year", "in March"; biographies say "in 2004", "from 2004 to 2005",
"since 2009". Common shapes are read by rules (fast, and they know a weekday in a news story
means the most recent one); everything else goes to dateparser with the publication date as
its base and past dates preferred. Pure functions.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from kg.facts import Precision, TimePoint

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "a": 1, "an": 1})

_YEAR = r"(1[5-9]\d\d|20\d\d)"
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_RE_YEAR = re.compile(rf"^(?:in |during |by |early |late |mid-?)?{_YEAR}s?$")
_RE_MONTH_YEAR = re.compile(rf"^(?:in |early |late |mid-)?{_MONTH},? {_YEAR}$")
_RE_DAY_MONTH_YEAR = re.compile(rf"^(?:on )?(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH},? {_YEAR}$")
_RE_MONTH_DAY_YEAR = re.compile(rf"^(?:on )?{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?,? {_YEAR}$")
_RE_MONTH = re.compile(rf"^(?:in |last |early |late |this |mid-)?{_MONTH}$")
_RE_RELATIVE = re.compile(r"^(\w+) (day|week|month|year)s? (?:ago|earlier|before)$")
_RE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RE_DURATION = re.compile(r"\b(\d+|" + "|".join(NUMBER_WORDS) + r")[- ]years?\b")

_STRIP = re.compile(r"^(?:on|in|at|by|since|from|until|till|as of|late on|early on|earlier on|the)\s+")


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def resolve(expression: str, published: TimePoint | dt.date) -> TimePoint | None:
    """A date expression as a TimePoint, or None when it names no point in time."""
    base = published.date if isinstance(published, TimePoint) else published
    text = " ".join(expression.lower().replace("’", "'").split()).strip(" ,.")
    for _ in range(2):
        text = _STRIP.sub("", text)
    if not text:
        return None
    return _rule(text, base) or _dateparser(text, base)


def _rule(text: str, base: dt.date) -> TimePoint | None:
    if text in ("today", "this morning", "tonight", "this evening", "this afternoon", "now"):
        return TimePoint(base)
    if text in ("yesterday", "last night"):
        return TimePoint(base - dt.timedelta(days=1))
    stripped = re.sub(r"^(?:last|this|next|late|early)\s+", "", text)
    if stripped in WEEKDAYS:
        back = (base.weekday() - WEEKDAYS[stripped]) % 7
        if text.startswith("next"):
            return TimePoint(base + dt.timedelta(days=(WEEKDAYS[stripped] - base.weekday()) % 7 or 7))
        if text.startswith("last") and back == 0:
            back = 7
        return TimePoint(base - dt.timedelta(days=back))
    for word, delta in (("last", -1), ("this", 0), ("next", 1), ("the previous", -1), ("the past", -1)):
        if text == f"{word} year":
            return TimePoint(dt.date(base.year + delta, 1, 1), Precision.YEAR)
        if text == f"{word} month":
            month = (base.year * 12 + base.month - 1) + delta
            return TimePoint(dt.date(month // 12, month % 12 + 1, 1), Precision.MONTH)
        if text == f"{word} week":
            return TimePoint(base + dt.timedelta(days=7 * delta))
    if match := _RE_ISO.match(text):
        try:
            return TimePoint(dt.date(*map(int, match.groups())))
        except ValueError:
            return None
    if match := _RE_YEAR.match(text):
        return TimePoint(dt.date(int(match.group(1)), 1, 1), Precision.YEAR)
    if match := _RE_MONTH_YEAR.match(text):
        return TimePoint(dt.date(int(match.group(2)), MONTHS[match.group(1)], 1), Precision.MONTH)
    if match := _RE_DAY_MONTH_YEAR.match(text):
        return _day(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
    if match := _RE_MONTH_DAY_YEAR.match(text):
        return _day(int(match.group(3)), MONTHS[match.group(1)], int(match.group(2)))
    if match := _RE_MONTH.match(text):
        month = MONTHS[match.group(1)]
        year = base.year if month <= base.month or text.startswith("next") else base.year - 1
        if text.startswith("last") and month >= base.month:
            year = base.year - 1
        return TimePoint(dt.date(year, month, 1), Precision.MONTH)
    if match := _RE_RELATIVE.match(text):
        count, unit = _number(match.group(1)), match.group(2)
        if count is None:
            return None
        if unit == "year":
            return TimePoint(dt.date(base.year - count, 1, 1), Precision.YEAR)
        if unit == "month":
            month = base.year * 12 + base.month - 1 - count
            return TimePoint(dt.date(month // 12, month % 12 + 1, 1), Precision.MONTH)
        return TimePoint(base - dt.timedelta(days=count * (7 if unit == "week" else 1)))
    return None


def _day(year: int, month: int, day: int) -> TimePoint | None:
    try:
        return TimePoint(dt.date(year, month, day))
    except ValueError:
        return None


def _dateparser(text: str, base: dt.date) -> TimePoint | None:
    if not re.search(r"\d|" + "|".join(MONTHS), text):
        return None  # "the end of the season", "his tenure": no point to find
    return _parse_cached(text, base)


@lru_cache(maxsize=4096)
def _parse_cached(text: str, base: dt.date) -> TimePoint | None:
    from dateparser.date import DateDataParser

    parser = DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time()), "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": [],
    })
    data = parser.get_date_data(text)
    if not data or data.date_obj is None:
        return None
    precision = {"year": Precision.YEAR, "month": Precision.MONTH}.get(data.period, Precision.DAY)
    day = data.date_obj.date()
    if precision is Precision.YEAR:
        day = dt.date(day.year, 1, 1)
    elif precision is Precision.MONTH:
        day = dt.date(day.year, day.month, 1)
    if not dt.date(1000, 1, 1) <= day <= dt.date(2200, 1, 1):
        return None
    return TimePoint(day, precision)


# -- ranges and durations in a sentence -------------------------------------------------------

_RANGE = re.compile(
    rf"\b(?:from|between)\s+(?P<a>(?:\w+\s+){{0,2}}{_YEAR})\s+(?:to|and|until|till|through)\s+(?P<b>(?:\w+\s+){{0,2}}{_YEAR})\b"
    rf"|\b(?P<c>{_YEAR})\s*(?:-|–|—|to)\s*(?P<d>{_YEAR})\b",
    re.I,
)
_SINCE = re.compile(rf"\bsince\s+(?P<a>(?:\w+\s+){{0,2}}{_YEAR})\b", re.I)
_UNTIL = re.compile(rf"\b(?:until|till|up to)\s+(?P<a>(?:\w+\s+){{0,2}}{_YEAR})\b", re.I)


def find_range(sentence: str, published: TimePoint | dt.date) -> tuple[TimePoint | None, TimePoint | None] | None:
    """"from 2004 to 2005", "2004-2005", "since 2009", "until 2012" -> (start, end); None if absent.

    The end is exclusive: "from 2004 to 2005" holds through 2005, so it ends at the start of 2006
    for year precision (the stored interval then covers the whole year 2005).
    """
    if match := _RANGE.search(sentence):
        first = match.group("a") or match.group("c")
        second = match.group("b") or match.group("d")
        start, end = resolve(first, published), resolve(second, published)
        if start and end and end.date >= start.date:
            return start, _after(end)
    if match := _SINCE.search(sentence):
        return resolve(match.group("a"), published), None
    if match := _UNTIL.search(sentence):
        return None, resolve(match.group("a"), published)
    return None


def _after(point: TimePoint) -> TimePoint:
    """The first day after a period: 2005 -> 2006 (year), March 2005 -> April 2005 (month)."""
    if point.precision is Precision.YEAR:
        return TimePoint(dt.date(point.date.year + 1, 1, 1), Precision.YEAR)
    if point.precision is Precision.MONTH:
        month = point.date.year * 12 + point.date.month
        return TimePoint(dt.date(month // 12, month % 12 + 1, 1), Precision.MONTH)
    return TimePoint(point.date + dt.timedelta(days=1))


def duration_years(text: str) -> int | None:
    """"16 years in office", "after twelve years in charge" -> 16, 12."""
    match = _RE_DURATION.search(text.lower())
    return _number(match.group(1)) if match else None


def years_before(point: TimePoint, years: int) -> TimePoint:
    return TimePoint(dt.date(point.date.year - years, 1, 1), Precision.YEAR)
