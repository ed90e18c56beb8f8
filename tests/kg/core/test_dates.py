import datetime as dt

import pytest

from kg.core.dates import duration_before, find_spans, resolve
from kg.core.facts import Precision, TimePoint

BASE = dt.date(2023, 11, 22)  # a Wednesday


@pytest.mark.parametrize("text,expected,precision", [
    ("Wednesday", "2023-11-22", Precision.DAY),
    ("on Monday", "2023-11-20", Precision.DAY),
    ("yesterday", "2023-11-21", Precision.DAY),
    ("last week", "2023-11-15", Precision.DAY),
    ("next month", "2023-12-01", Precision.MONTH),
    ("March", "2023-03-01", Precision.MONTH),
    ("December", "2022-12-01", Precision.MONTH),
    ("2019", "2019-01-01", Precision.YEAR),
    ("last year", "2022-01-01", Precision.YEAR),
    ("14 February 2023", "2023-02-14", Precision.DAY),
    ("February 2023", "2023-02-01", Precision.MONTH),
    ("five days earlier", "2023-11-17", Precision.DAY),
    ("the end of the season", "2024-05-01", Precision.MONTH),
])
def test_resolve_keeps_precision(text, expected, precision):
    point = resolve(text, BASE)
    assert point == TimePoint(dt.date.fromisoformat(expected), precision)


def test_future_weekday_looks_ahead():
    assert resolve("Monday", BASE, future=True).date == dt.date(2023, 11, 27)


def test_range_since_until():
    spans = {s.kind: s for s in find_spans("From 2004 to 2005 she taught; since 2009 she has led it "
                                           "and will stay until 2030.", BASE)}
    assert (str(spans["range"].start), str(spans["range"].end)) == ("2004", "2005")
    assert str(spans["since"].start) == "2009" and spans["since"].end is None
    assert str(spans["until"].end) == "2030" and spans["until"].start is None


def test_counts_and_modal_may_are_not_dates():
    assert find_spans("It paid 240 million dollars and may grow to 2,500 staff.", BASE) == []


def test_bare_year_needs_a_preposition():
    assert find_spans("the 2019 election", BASE) == []
    assert str(find_spans("elected in 2019", BASE)[0].start) == "2019"


def test_duration_before():
    end = TimePoint(dt.date(2021, 12, 8))
    assert duration_before(end, "16 years in office") == TimePoint(dt.date(2005, 1, 1), Precision.YEAR)
    assert duration_before(end, "after two days in the job") == TimePoint(dt.date(2021, 12, 6))
    assert duration_before(end, "after a long time") is None


def test_warm_loads_dateparser_which_importing_dates_does_not():
    # In a fresh interpreter: this test process may have imported dateparser already.
    import subprocess
    import sys

    code = ("import sys; from kg.core import dates; before = 'dateparser' in sys.modules; dates.warm(); "
            "print(before, 'dateparser' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


@pytest.mark.slow
def test_a_loaded_extractor_has_warmed_the_date_parser(monkeypatch):
    from extract.pipeline import Extractor
    from kg.core import dates
    from kg.core.catalogue import Catalogue
    from kg.runtime.settings import Settings

    calls = []
    monkeypatch.setattr(dates, "warm", lambda: calls.append(1))
    Extractor(Settings(store="memory", extraction="rules"), Catalogue.load()).loaded()
    assert calls == [1]


def test_a_span_of_years_after_until_is_its_end():
    from kg.core.dates import find_spans
    base = dt.date(2024, 8, 2)
    [span] = find_spans("will serve through the end of the 2026-27 academic year", base)
    assert (span.kind, span.start, span.end) == ("until", None, TimePoint(dt.date(2027, 1, 1), Precision.YEAR))
    [span] = find_spans("played there in 2019-20", base)
    assert span.kind == "range"


@pytest.mark.parametrize("text", ["with effect from March 1", "effective from March 1", "effective March 1"])
def test_a_date_something_takes_effect_from_is_announced_ahead(text):
    # written on 2023-11-22: the next March 1, as a start (an appointment "with effect from" it)
    (span,) = find_spans(f"named her chief executive {text}", TimePoint(BASE))
    assert (str(span.start), span.kind) == ("2024-03-01", "since")
