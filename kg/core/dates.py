"""Temporal expressions resolved against a publication date (pure functions).

Rules cover the forms news and biographies use most ("on Monday", "last week",
"next month", "since 2009", "from 2004 to 2005", "until the end of the season",
"in 2019", "in March", "five days earlier") and keep the precision the text
gives (day, month or year). Full calendar dates go to dateparser, which knows the
many ways of writing them. Nothing here looks at a parse: the extractor decides
which expression belongs to which event.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from kg.core.facts import Precision, TimePoint

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"a": 1, "an": 1, "thirty": 30, "forty": 40, "fifty": 50, "several": 3, "a few": 3})

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
_NUM = r"(?:\d+|" + "|".join(sorted((re.escape(k) for k in NUMBER_WORDS), key=len, reverse=True)) + r")"
_UNIT = r"(?:day|week|month|year|decade)s?"
_SEASON = r"(?:season|year|month|week|campaign|term|decade)"

# One expression, no preposition (order matters: longest forms first).
_POINT = (
    rf"(?:{_YEAR}-\d{{2}}-\d{{2}}"
    rf"|(?:(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR})"
    rf"|(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR})"
    rf"|(?:(?:early|late|mid|the\s+start\s+of|the\s+end\s+of|the\s+middle\s+of)[\s-]+(?:{_MONTH}\s+)?{_YEAR})"
    rf"|(?:{_MONTH},?\s+{_YEAR})"
    rf"|(?:{_YEAR}(?![\d,.]\d))"
    rf"|(?:(?:last|next|this|the\s+following|the\s+previous)\s+(?:{_WEEKDAY}|{_MONTH}|week|month|year|season|weekend))"
    rf"|(?:the\s+(?:end|start|beginning|middle)\s+of\s+(?:the\s+|this\s+|next\s+|last\s+)?{_SEASON})"
    rf"|(?:{_NUM}\s+{_UNIT}\s+(?:ago|earlier|later))"
    rf"|(?:{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?)"
    rf"|(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)"
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH})"
    rf"|(?:yesterday|today|tomorrow|tonight)"
    rf"|(?:{_MONTH})"
    rf")"
)
_RANGE = re.compile(
    rf"\b(?:(?:from|between)\s+)(?P<a>{_POINT})\s+(?:to|and|until|till|through|-|–)\s+(?P<b>{_POINT}|the\s+present|present|today|now)\b"
    rf"|\b(?P<ya>{_YEAR})\s*[–-]\s*(?P<yb>{_YEAR}|\d{{2}})\b(?!-)",
    re.IGNORECASE,
)
_PREP_POINT = re.compile(
    rf"\b(?P<prep>since|until|till|through|up\s+to|by|in|on|during|(?:with\s+effect|effective)\s+from|from|at|as\s+of"
    rf"|starting|effective|before|after)?\s*(?P<x>{_POINT})\b",
    re.IGNORECASE,
)
# "until", "through the end of the": written before a span of years, it is the span's end
_UNTIL_BEFORE = re.compile(r"\b(?:until|till|through|up\s+to)\s+(?:the\s+(?:end|close)\s+of\s+)?(?:the\s+)?$",
                           re.IGNORECASE)
_DURATION = re.compile(rf"\b(?P<n>{_NUM})[\s-]+(?P<unit>day|week|month|year|decade)s?\b", re.IGNORECASE)
_BARE_YEAR = re.compile(rf"^{_YEAR}$")
_MONTH_ONLY = re.compile(rf"^{_MONTH}$", re.IGNORECASE)


@dataclass(frozen=True)
class TimeSpan:
    """What a temporal expression says about an event: a point, a start, an end, or both."""

    text: str
    start: TimePoint | None = None
    end: TimePoint | None = None
    kind: str = "point"  # point | since | until | range | before | after
    begin: int = 0  # character offsets in the text searched
    stop: int = 0


def _base(base: TimePoint | dt.date) -> dt.date:
    return base.date if isinstance(base, TimePoint) else base


def _number(text: str) -> int | None:
    text = text.lower().strip()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_point(year: int, month: int) -> TimePoint:
    return TimePoint(dt.date(year, month, 1), Precision.MONTH)


def _year_point(year: int) -> TimePoint | None:
    return TimePoint(dt.date(year, 1, 1), Precision.YEAR) if 1 <= year <= 9999 else None


def season_end(base: dt.date, which: str = "") -> TimePoint:
    """A (European) sports season ends in May: of next year when it began last summer."""
    year = base.year + (1 if base.month >= 7 else 0)
    if which == "next":
        year += 1
    elif which == "last":
        year -= 1
    return _month_point(year, 5)


def resolve(expression: str, base: TimePoint | dt.date, future: bool = False) -> TimePoint | None:
    """One expression without a preposition -> a TimePoint at the precision the text gives.

    `future` prefers the next occurrence for ambiguous forms ("on Monday" in "will start on Monday").
    """
    day = _base(base)
    text = " ".join(expression.lower().replace("–", "-").split()).strip(" ,.")
    text = re.sub(r"^(?:(?:late|early)\s+)?on\s+", "", text)
    if not text:
        return None
    if _BARE_YEAR.match(text):
        return _year_point(int(text))
    if text in ("today", "tonight"):
        return TimePoint(day)
    if text == "yesterday":
        return TimePoint(day - dt.timedelta(days=1))
    if text == "tomorrow":
        return TimePoint(day + dt.timedelta(days=1))
    match = re.match(rf"^(?:late |early )?(?P<wd>{_WEEKDAY})(?: (?:morning|afternoon|evening|night))?$", text)
    if match:
        return _weekday(day, WEEKDAYS[match["wd"]], future)
    match = re.match(r"^(?P<rel>last|next|this|the following|the previous) (?P<what>.+)$", text)
    if match:
        return _relative(day, match["rel"], match["what"])
    match = re.match(rf"^(?P<n>{_NUM}) (?P<unit>day|week|month|year|decade)s? (?P<dir>ago|earlier|before|later|after)$", text)
    if match:
        return _offset(day, _number(match["n"]) or 0, match["unit"], match["dir"] in ("later", "after"))
    match = re.match(rf"^the (?P<edge>end|start|beginning|middle) of (?:the |this |(?P<which>next|last) )?(?P<what>{_SEASON})$", text)
    if match:
        return _edge(day, match["edge"], match["what"], match["which"] or "")
    match = re.match(rf"^(?:early|late|mid|the start of|the end of|the middle of)[\s-]+(?:(?P<m>{_MONTH}) )?(?P<y>{_YEAR})$", text)
    if match:
        if match["m"]:
            return _month_point(int(match["y"]), MONTHS[match["m"].rstrip(".")])
        return _year_point(int(match["y"]))
    if _MONTH_ONLY.match(text):
        return _month_alone(day, MONTHS[text.rstrip(".")], future)
    match = re.match(rf"^(?P<m>{_MONTH}),? (?P<y>{_YEAR})$", text)
    if match:
        return _month_point(int(match["y"]), MONTHS[match["m"].rstrip(".")])
    return _calendar_date(text, day, future)


def _weekday(day: dt.date, weekday: int, future: bool) -> TimePoint:
    """News usage: "on Monday" is the latest Monday up to the publication day (or the next one)."""
    if future:
        return TimePoint(day + dt.timedelta(days=(weekday - day.weekday()) % 7 or 7))
    return TimePoint(day - dt.timedelta(days=(day.weekday() - weekday) % 7))


def _month_alone(day: dt.date, month: int, future: bool) -> TimePoint:
    if future:
        return _month_point(day.year + (1 if month < day.month else 0), month)
    return _month_point(day.year - (1 if month > day.month else 0), month)


def _relative(day: dt.date, rel: str, what: str) -> TimePoint | None:
    step = {"last": -1, "the previous": -1, "next": 1, "the following": 1, "this": 0}[rel]
    what = what.rstrip(".")
    if what == "week":
        return TimePoint(day + dt.timedelta(days=7 * step))
    if what == "weekend":
        saturday = day + dt.timedelta(days=(5 - day.weekday()) % 7)
        return TimePoint(saturday + dt.timedelta(days=7 * (step - (1 if step >= 0 else 0)) if step else 0))
    if what == "month":
        first = _shift_months(day, step)
        return _month_point(first.year, first.month)
    if what == "year":
        return _year_point(day.year + step)
    if what == "season":
        return _year_point(day.year + step)
    if what in WEEKDAYS:
        if step < 0:
            back = (day.weekday() - WEEKDAYS[what]) % 7 or 7
            return TimePoint(day - dt.timedelta(days=back))
        if step > 0:
            return TimePoint(day + dt.timedelta(days=(WEEKDAYS[what] - day.weekday()) % 7 or 7))
        return TimePoint(day + dt.timedelta(days=WEEKDAYS[what] - day.weekday()))
    if what in MONTHS:
        month = MONTHS[what]
        if step < 0:
            return _month_point(day.year - (1 if month >= day.month else 0), month)
        if step > 0:
            return _month_point(day.year + (1 if month <= day.month else 0), month)
        return _month_point(day.year, month)
    return None


def _offset(day: dt.date, n: int, unit: str, forward: bool) -> TimePoint | None:
    sign = 1 if forward else -1
    if unit == "day":
        return TimePoint(day + dt.timedelta(days=sign * n))
    if unit == "week":
        return TimePoint(day + dt.timedelta(days=sign * 7 * n))
    if unit == "month":
        first = _shift_months(day, sign * n)
        return _month_point(first.year, first.month)
    years = n * (10 if unit == "decade" else 1)
    return _year_point(day.year + sign * years)


def _edge(day: dt.date, edge: str, what: str, which: str) -> TimePoint | None:
    shift = {"next": 1, "last": -1}.get(which, 0)
    if what in ("season", "campaign"):
        return season_end(day, which) if edge == "end" else _month_point(
            day.year - (0 if day.month >= 7 else 1) + shift, 8)
    if what == "year":
        year = day.year + shift
        return _month_point(year, {"end": 12, "middle": 6}.get(edge, 1))
    if what == "month":
        first = _shift_months(day, shift)
        if edge == "end":
            return TimePoint(dt.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1]))
        return _month_point(first.year, first.month)
    if what == "decade":
        return _year_point(day.year // 10 * 10 + (9 if edge == "end" else 0) + 10 * shift)
    return None


def warm() -> None:
    """Import dateparser and build its English data now. Its first parse compiles a few hundred
    regular expressions (with the import, about 0.4 s, measured 2026-12-03): an extractor does
    this when it loads its models, so forked readers inherit it and the first article with a
    written-out date does not pay it."""
    _calendar_date("1 January 2000", dt.date(2000, 1, 1), False)


def _calendar_date(text: str, day: dt.date, future: bool) -> TimePoint | None:
    """Written-out dates ("14 February 2023", "March 3") through dateparser, precision kept."""
    if not re.search(r"\d", text) or not re.search(_MONTH, text, re.IGNORECASE) and not re.search(r"\d{4}-\d{2}", text):
        return None
    settings = {"RELATIVE_BASE": dt.datetime.combine(day, dt.time()),
                "PREFER_DATES_FROM": "future" if future else "past",
                "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    from dateparser import parse as parse_date  # imported late: it is slow to import

    found = parse_date(re.sub(r"^the\s+", "", text).replace(" of ", " "), languages=["en"], settings=settings)
    if found is None:
        return None
    has_day = bool(re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", re.sub(_YEAR, "", text))) or "-" in text
    precision = Precision.DAY if has_day else Precision.MONTH
    date = found.date() if precision is Precision.DAY else dt.date(found.year, found.month, 1)
    return TimePoint(date, precision)


def duration_before(end: TimePoint, text: str) -> TimePoint | None:
    """Where a stretch of time ending at `end` began: "16 years" before 2021-12-08 -> 2005."""
    match = _DURATION.search(text)
    if not match:
        return None
    n = _number(match["n"])
    if not n:
        return None
    unit = match["unit"].lower()
    if unit == "day":
        return TimePoint(end.date - dt.timedelta(days=n))
    if unit == "week":
        return TimePoint(end.date - dt.timedelta(days=7 * n))
    if unit == "month":
        first = _shift_months(end.date, -n)
        return _month_point(first.year, first.month)
    years = n * (10 if unit == "decade" else 1)
    return _year_point(end.date.year - years)


def find_spans(text: str, base: TimePoint | dt.date, future: bool = False) -> list[TimeSpan]:
    """Every temporal expression in `text`, resolved, with its role (point, since, until, range)."""
    spans: list[TimeSpan] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE.finditer(text):
        if match["ya"]:
            first = _year_point(int(match["ya"]))
            tail = match["yb"]
            last = _year_point(int(tail) if len(tail) == 4 else int(match["ya"][:2] + tail))
        else:
            first = resolve(match["a"], base, future)
            tail = match["b"].lower()
            last = None if tail in ("the present", "present", "today", "now") else resolve(match["b"], base, future)
        if first is None or (last is not None and last.date < first.date):
            continue
        ending = _UNTIL_BEFORE.search(text, 0, match.start()) if match["ya"] else None
        if ending is not None and last is not None:  # "through the end of the 2026-27 season": an end
            spans.append(TimeSpan(text[ending.start():match.end()], None, last, "until", ending.start(), match.end()))
        else:
            spans.append(TimeSpan(match.group(0), first, last, "range", match.start(), match.end()))
        taken.append(match.span())
    for match in _PREP_POINT.finditer(text):
        if any(a <= match.start("x") < b for a, b in taken):
            continue
        prep = " ".join((match["prep"] or "").lower().split())
        if prep.endswith(" from"):  # "with effect from April 1", "effective from": announced ahead
            prep = "effective"
        expr = match["x"]
        if _BARE_YEAR.match(expr.strip()) and not prep:
            continue  # a bare four-digit number is as often a count as a year
        if _MONTH_ONLY.match(expr.strip()) and (expr.strip().lower() in ("may", "march") and not prep):
            continue  # "may" the verb, "march" the noun
        # "effective May 1", "starting Monday": announced ahead, so the next such date
        point = resolve(expr, base, future or prep in ("until", "till", "by", "effective", "starting"))
        if point is None:
            continue
        kind = {"since": "since", "from": "since", "starting": "since", "effective": "since",
                "until": "until", "till": "until", "through": "until", "up to": "until",
                "before": "before", "after": "after"}.get(" ".join(prep.split()), "point")
        start = point if kind in ("point", "since") else None
        end = point if kind == "until" else None
        begin = match.start() if prep else match.start("x")
        spans.append(TimeSpan(match.group(0).strip(), start, end, kind, begin, match.end()))
    return sorted(spans, key=lambda s: s.begin)
