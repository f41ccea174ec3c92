"""Time expressions: dates, weekdays and relative references, resolved to ISO dates if possible."""

from __future__ import annotations

import datetime as dt
import re

from ..models import Span, TimeExpression

__all__ = ["find_times"]

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TIME = re.compile(
    rf"(?P<wd>{_WEEKDAY})(?:,\s*(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:,\s*(?P<y1>\d{{4}}))?)?"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*(?P<y2>\d{{4}}))?"
    rf"|(?P<d3>\d{{1,2}})\s+(?P<m3>{_MONTH})(?:\s+(?P<y3>\d{{4}}))?"
    rf"|(?:early|late|mid-?)\s*(?P<m4>{_MONTH})\b"
    rf"|\b(?:in|since|by|until|during)\s+(?P<y4>(?:19|20)\d\d)\b"
    r"|\b(?:yesterday|today|tonight|tomorrow|this (?:week|month|year|morning|afternoon|evening)|"
    r"last (?:week|month|year|night)|next (?:week|month|year)|earlier this (?:week|month|year)|"
    r"later that (?:week|day|month)|so far this year|in the coming (?:days|weeks|months)|"
    r"(?:around|at)\s+(?:noon|midnight)|mid-day|midday)\b",
    re.I,
)


_MAYBE = re.compile(
    r"day|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|week|month|year|noon|night|morning|"
    r"afternoon|evening|coming|19\d\d|20\d\d",
    re.I,
)


def _iso(year: str | None, month: str | None, day: str | None, ref: dt.date | None) -> str | None:
    if not month:
        return None
    mon = _MONTHS[month.lower()[:3]]
    y = int(year) if year else (ref.year if ref else None)
    if y is None:
        return None
    try:
        return dt.date(y, mon, int(day)).isoformat() if day else f"{y:04d}-{mon:02d}"
    except ValueError:
        return None


def _weekday_before(ref: dt.date, name: str) -> str:
    """The most recent ``name`` day on or before ``ref`` (news reports past events)."""
    delta = (ref.weekday() - _WEEKDAYS.index(name.lower())) % 7
    return (ref - dt.timedelta(days=delta)).isoformat()


def find_times(
    text: str, *, offset: int = 0, reference: dt.date | None = None
) -> list[TimeExpression]:
    """Time expressions; ``reference`` (the publication date) resolves weekdays and years."""
    out: list[TimeExpression] = []
    if not _MAYBE.search(text):
        return out
    for m in _TIME.finditer(text):
        g = m.groupdict()
        value = (
            _iso(g["y1"], g["m1"], g["d1"], reference)
            or _iso(g["y2"], g["m2"], g["d2"], reference)
            or _iso(g["y3"], g["m3"], g["d3"], reference)
            or (g["y4"] if g["y4"] else None)
        )
        if value is None and g["wd"] and reference:
            value = _weekday_before(reference, g["wd"])
        span = Span.of_unchecked(m.start() + offset, m.end() + offset, m.group())
        out.append(TimeExpression.model_construct(text=m.group(), value=value, span=span))
    return out
