"""Partial ISO 8601 dates: ``2022``, ``2022-09``, ``2022-09-12`` and ranges ``A/B``.

Briefings date things as precisely as their sources allow, so a date is kept as the
string the author wrote and parsed here only to check it and to order it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """The first and last day a partial date or a range can mean."""

    start: date
    end: date


def _bounds(text: str) -> tuple[date, date]:
    match = _PART.match(text)
    if not match:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match[1])
    if match[2] is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(match[2])
    if not 1 <= month <= 12:
        raise ValueError(f"month {match[2]} out of range in {text!r}")
    last = calendar.monthrange(year, month)[1]
    if match[3] is None:
        return date(year, month, 1), date(year, month, last)
    day = int(match[3])
    if not 1 <= day <= last:
        raise ValueError(f"day {match[3]} out of range in {text!r}")
    the_day = date(year, month, day)
    return the_day, the_day


def parse(text: str) -> Span:
    """Parse a partial date or a range; raise ValueError with a readable reason."""
    if text.count("/") > 1:
        raise ValueError(f"{text!r} has more than one '/'")
    first, sep, second = text.partition("/")
    start, end = _bounds(first)
    if sep:
        other_start, end = _bounds(second)
        if other_start < start:
            raise ValueError(f"range {text!r} ends before it starts")
    return Span(start, end)


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def sort_key(text: str | None) -> tuple[date, date]:
    """Order dates by start, then by end; undated items go last."""
    if not text:
        return (date.max, date.max)
    try:
        span = parse(text)
    except ValueError:
        return (date.max, date.max)
    return (span.start, span.end)
