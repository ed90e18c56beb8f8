"""Reading literal objects (numbers with units, dates, text) from what people type."""

from __future__ import annotations

import re

from kg.core.errors import InvalidFactError
from kg.core.facts import TimePoint, Value

_NUMBER = re.compile(
    r"^\s*(?P<num>[-+]?\d[\d,_ ]*(?:\.\d+)?)\s*(?P<scale>thousand|million|billion|k|m|bn)?\s*(?P<unit>.*?)\s*$",
    re.IGNORECASE,
)
_SCALES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9}


def number_value(text: str, unit: str | None = None) -> Value:
    """"48,200 people" -> Value("48200", "integer", "people"); "1.5 million" -> 1500000."""
    match = _NUMBER.match(text)
    if not match:
        raise InvalidFactError(f"{text!r} is not a number; write it like 48200 or 1.5 million.")
    digits = re.sub(r"[,_ ]", "", match["num"])
    scale = _SCALES.get((match["scale"] or "").lower(), 1)
    if "." in digits:
        number = float(digits) * scale
        text_value, datatype = (str(int(number)), "integer") if number.is_integer() else (repr(number), "decimal")
    else:
        text_value, datatype = str(int(digits) * scale), "integer"
    return Value(text_value, datatype, unit or (match["unit"] or None))


def value_for(text: str, object_types: tuple[str, ...]) -> Value:
    """A literal of the kind the predicate expects."""
    if "number" in object_types:
        return number_value(text)
    if "date" in object_types:
        point = TimePoint.parse(text)
        return Value(str(point), "date" if point.precision.value == "day" else "string")
    return Value(text.strip())
