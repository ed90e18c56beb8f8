"""The graph view's time dimension: what a fact looked like on a day, the span of an entity's
facts, its sources' dates, typed dates, and the holders-over-time chart beside the graph."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from kg.core.dates import resolve
from kg.core.facts import TimePoint

# What a fact was on the chosen day, in the words the page and the legend use.
HELD, ENDED, LATER, WRONG = "held", "ended", "later", "deprecated"
COLOURS = {HELD: "#2e7d32", ENDED: "#757575", LATER: "#90a4ae", WRONG: "#b26a00"}


def day(text: str | None, last: bool = False) -> dt.date | None:
    """"2021", "2021-05" or "2021-05-03" as a day (the first day it covers, or the last)."""
    if not text:
        return None
    try:
        point = TimePoint.parse(text)
    except ValueError:
        return None
    return point.last_day if last else point.date


def look(row, on: dt.date) -> str:
    """The fact on the day `on`: held, ended (superseded or ended by then), later, deprecated."""
    if row.status == "deprecated":
        return WRONG
    start, until = day(row.valid_from), day(row.valid_until)  # as Fact.valid_at reads them
    if start and start > on:
        return LATER
    return ENDED if until and until <= on else HELD


def source_days(rows) -> list[tuple[dt.date, str]]:
    """Each source's publication day and title, once each, oldest first."""
    seen = {}
    for row in rows:
        for source in row.sources:
            when = day(source.published)
            if when:
                seen[source.id] = (when, source.title)
    return sorted(seen.values())


def span(rows, today: dt.date) -> tuple[dt.date, dt.date]:
    """From the earliest valid start (or source) to the latest change or today, whichever is later."""
    days = [d for r in rows for d in (day(r.valid_from), day(r.valid_until)) if d]
    days += [d for d, _ in source_days(rows)]
    first = min(days, default=today)
    last = max([*days, today])
    if first >= last:
        first = last - dt.timedelta(days=365)
    return first, last


def read_date(text: str, today: dt.date) -> dt.date | None:
    """A typed date ("2021-05-03", "May 2021", "2019", "last March") as a day, or None."""
    text = text.strip()
    if not text:
        return None
    point = resolve(text, today)
    return point.date if point else None


def holders(rows, on: dt.date, until: dt.date) -> pd.DataFrame:
    """One bar per fact: which value each predicate had from when to when (open ends run to
    `until`), with what it was on the day `on`."""
    records = []
    for row in rows:
        start = day(row.valid_from)
        if start is None:
            continue
        end = day(row.valid_until) or until
        records.append({"predicate": row.predicate, "value": row.object, "from": start,
                        "to": max(end, start + dt.timedelta(days=1)), "on the day": look(row, on),
                        "dates": f"{row.valid_from} – {row.valid_until or 'still'}", "status": row.status})
    return pd.DataFrame.from_records(records, columns=["predicate", "value", "from", "to", "on the day",
                                                      "dates", "status"])


def chart(rows, on: dt.date, first: dt.date, last: dt.date) -> alt.LayerChart:
    """Each predicate's values over time as bars (one row per predicate), the sources' dates as
    ticks along the top, and the chosen day as a rule: the time view Neo4j's tools do not have."""
    bars = holders(rows, on, last)
    # A value is written on its bar only when the bar is long enough to hold it on a phone;
    # every bar has it in its tooltip.
    wide = (bars["to"] - bars["from"]).map(lambda d: d.days) >= 0.18 * max((last - first).days, 1)
    bars["label"] = bars["value"].where(wide, "")
    scale = alt.Scale(domain=[first.isoformat(), last.isoformat()])
    colour = alt.Color("on the day:N", scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())),
                       legend=None)  # the page's caption names the colours, as the canvas uses them
    base = alt.Chart(bars).encode(
        x=alt.X("from:T", scale=scale, title=None, axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True)),
        x2="to:T", y=alt.Y("predicate:N", title=None, axis=alt.Axis(labelLimit=140)),
    )
    layers = [
        base.mark_bar(height=ROW - 8, cornerRadius=3).encode(
            color=colour, tooltip=["predicate:N", "value:N", "dates:N", "status:N"]),
        base.mark_text(align="left", dx=4, color="white", fontSize=11, clip=True).encode(
            text="label:N", x="from:T"),
    ]
    marks = pd.DataFrame([{"published": d, "source": t} for d, t in source_days(rows)],
                         columns=["published", "source"])
    if not marks.empty:
        layers.append(alt.Chart(marks).mark_tick(color="#1565c0", thickness=3, size=ROW * 2, opacity=0.8).encode(
            x=alt.X("published:T", scale=scale), tooltip=["source:N", "published:T"]))
    layers.append(alt.Chart(pd.DataFrame({"day": [on]})).mark_rule(color="#c62828", strokeWidth=2).encode(
        x=alt.X("day:T", scale=scale)))
    return alt.layer(*layers).properties(height=chart_height(rows))


ROW = 24  # pixels per predicate in the chart


def chart_height(rows) -> int:
    return ROW * max(1, len({r.predicate for r in rows if day(r.valid_from)}))
