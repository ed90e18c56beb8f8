"""The time a question asks about: "now", a day, a month or year, or before/after an event.

Pure text rules over dates (no model): "on 1 October 2022", "21 November 2023", "in March 2022",
"in 2019", "as of 2020-05-01", "before <X>" / "after <X>" (X resolved later by the retriever
against the facts of the graph). An explicit as-of date (UI, --as-of) stands in for "now".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from kg.core.facts import Fact, Status
from kg.answer.fuzzytime import fuzzy_span

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>1[0-9]{3}|2[0-9]{3})"
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"

# Order matters: the most precise form first.
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "from 1990 to 1994", "between May 2008 and Jun 2010", "in 1996 to 1998", "during the years 1996-1998"
_RANGE = re.compile(
    rf"\b(?:from|between|in|during(?:\s+the\s+(?:years?|period))?)\s+(?:(?P<ma>{_MONTH_NAME})\.?\s+)?"
    rf"(?P<a>1[0-9]{{3}}|2[0-9]{{3}})\s*(?:to|and|until|till|through|-|–)\s*"
    rf"(?:(?P<mb>{_MONTH_NAME})\.?\s+)?(?P<b>1[0-9]{{3}}|2[0-9]{{3}})\b", re.I)
_PATTERNS = [
    ("day", re.compile(r"\b(?P<iso>(?:1|2)[0-9]{3}-[01][0-9]-[0-3][0-9])\b")),
    ("day", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\s*,?\s+{_YEAR}\b", re.I)),
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAY}\s*,?\s+{_YEAR}\b", re.I)),
    ("month", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("year", re.compile(rf"(?<![\d-]){_YEAR}(?![\d-])")),
]
_BEFORE_AFTER = re.compile(
    r"\b(?P<rel>before|prior to|until|after|since|following)\s+(?P<what>[^?.,;!]{1,80})", re.I)
_NOW = re.compile(r"\b(now|currently|current|today|at present|presently|these days|right now)\b", re.I)


@dataclass(frozen=True)
class TimeScope:
    """What time the answer must hold at.

    kind: now | at (one day) | period (start..end, inclusive) | before | after | when (an
    event, resolved to a day by the retriever; until then `anchor` holds the event's words).
    """

    kind: str
    today: dt.date
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""
    anchor: str = ""
    precision: str = "day"
    term: bool = False  # a period named by both ends ("from 2004 to 2005"): read as a term, see fit

    @property
    def day(self) -> dt.date:
        """The one day that represents the scope (the end of a period, capped at today)."""
        if self.kind == "period" and self.end:
            return min(self.end, max(self.today, self.start or self.end))
        return self.start or self.today

    @property
    def past(self) -> bool:
        """True when the question names a time (so superseded facts matter)."""
        return self.kind != "now" or self.start is not None

    @property
    def resolved(self) -> bool:
        return self.kind not in ("before", "after", "when") or self.start is not None

    def at(self, day: dt.date, text: str | None = None) -> TimeScope:
        return TimeScope("at", self.today, day, day, text or self.text, self.anchor)

    def holds(self, fact: Fact) -> bool:
        """Did the fact hold during the scope? (Deprecated facts never do.)"""
        if fact.status is Status.DEPRECATED:
            return False
        # "Now" is today's validity, not the status: a value superseded by one announced for a
        # later date still holds until then.
        start, end = (self.start, self.end) if self.kind == "period" else (self.day, self.day)
        begins = fact.valid_from.date if fact.valid_from else dt.date.min
        return begins <= end and (fact.valid_until is None or fact.valid_until.date > start)

    def overlap(self, fact: Fact) -> int:
        """Days of the scope the fact covers (for ranking values within a period)."""
        if self.kind != "period":
            return 1 if self.holds(fact) else 0
        begins = max(fact.valid_from.date if fact.valid_from else dt.date.min, self.start)
        ends = min(fact.valid_until.date if fact.valid_until else dt.date.max, self.end + dt.timedelta(days=1))
        return max(0, (ends - begins).days)

    def fit(self, fact: Fact) -> float:
        """How closely the fact's own interval matches a period named by both ends ("from 2004
        to 2005"): days shared over days of the two together, 1.0 for the same interval. Such a
        period usually is the fact's term, so a value held for just those years beats one held
        from long before (or still open) that merely covers them. 0 for other scopes
        ("in 2005", "mid-2023", "the late 1990s" ask who held it then: overlap decides)."""
        if self.kind != "period" or not self.term:
            return 0.0
        # An unknown start is not held against the fact: it may have begun with the period.
        begins = fact.valid_from.date if fact.valid_from else self.start
        ends = fact.valid_until.date if fact.valid_until else max(self.today, self.end)
        shared = (min(ends, self.end) - max(begins, self.start)).days
        together = (max(ends, self.end) - min(begins, self.start)).days
        return max(0, shared) / together if together > 0 else 0.0

    def human(self) -> str:
        if self.kind == "now" and self.start is None:
            return "now"
        if self.kind == "period":
            if self.precision == "year":
                return f"in {self.start.year}"
            if self.precision == "month":
                return f"in {self.start.strftime('%B %Y')}"
            if self.precision == "range":
                if (self.start.month, self.end.month) == (1, 12):
                    return f"from {self.start.year} to {self.end.year}"
                return f"from {self.start.strftime('%B %Y')} to {self.end.strftime('%B %Y')}"
        return f"on {self.day.day} {self.day.strftime('%B %Y')}"

    def describe(self) -> str:
        """For the prompt: what time the question is about."""
        if self.kind == "now" and self.start is None:
            return f"now (today is {self.today.isoformat()})"
        if self.kind == "period":
            return f"the period {self.start.isoformat()} to {self.end.isoformat()}"
        return self.day.isoformat()


def parse_scope(question: str, today: dt.date, as_of: dt.date | None = None) -> TimeScope:
    """The time scope a question names; else "now" (or the explicit as-of date)."""
    text = question[:2000]
    span = _RANGE.search(text)
    period = _range_of(span) if span else None
    if period:  # "from April 1963 until May 1973" is a period, not "until <event>"
        return TimeScope("period", today, *period, span.group(0), precision="range", term=True)
    relation = _BEFORE_AFTER.search(text)
    if relation:
        rel = relation.group("rel").lower()
        what = relation.group("what").strip()
        when = fuzzy_span(what, today) or _date_in(what)
        kind = "before" if rel in ("before", "prior to", "until") else "after"
        if when:
            start, end, precision, phrase = when
            day = start - dt.timedelta(days=1) if kind == "before" else end
            return TimeScope("at", today, day, day, f"{rel} {phrase}", precision=precision)
        return TimeScope(kind, today, text=relation.group(0), anchor=what)
    when = fuzzy_span(text, today) or _date_in(text)
    if when:
        start, end, precision, phrase = when
        if precision == "day":
            return TimeScope("at", today, start, start, phrase)
        return TimeScope("period", today, start, end, phrase, precision=precision)
    if as_of is not None:
        return TimeScope("now", today, as_of, as_of, f"as of {as_of.isoformat()}")
    return TimeScope("now", today)


def _range_of(match: re.Match) -> tuple[dt.date, dt.date] | None:
    """First and last day of "from [Month] YYYY to [Month] YYYY" (a month or a whole year)."""
    first_month = _MONTHS[match["ma"].lower()] if match["ma"] else 1
    last_month = _MONTHS[match["mb"].lower()] if match["mb"] else 12
    start = dt.date(int(match["a"]), first_month, 1)
    last_year = int(match["b"])
    end = dt.date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    return (start, end) if start <= end else None


def _date_in(text: str) -> tuple[dt.date, dt.date, str, str] | None:
    """The first date named in `text`: (first day, last day, precision, the words)."""
    for precision, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            found = _span(match, precision)
            if found:
                return (*found, precision, match.group(0))
    return None


def _span(match: re.Match, precision: str) -> tuple[dt.date, dt.date] | None:
    groups = match.groupdict()
    try:
        if groups.get("iso"):
            day = dt.date.fromisoformat(groups["iso"])
            return day, day
        year = int(groups["year"])
        if precision == "year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        month = _MONTHS[groups["month"].lower().rstrip(".")]
        if precision == "month":
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        day = dt.date(year, month, int(groups["day"]))
        return day, day
    except (ValueError, KeyError):
        return None


def mentions_now(question: str) -> bool:
    return bool(_NOW.search(question))
