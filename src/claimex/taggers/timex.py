"""Time expressions: dates, weekdays and relative references, resolved to ISO dates if possible."""

from __future__ import annotations

import datetime as dt
import re

from claimex.core.schema import Span, TimeExpression
from claimex.taggers.sentences import lowered, words_of

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
# Names of days and months are capitalised in news text, so this pattern is case-sensitive, which
# lets the regex engine skip lowercase text quickly; relative expressions are matched separately,
# only in sentences that contain one of their words.
_NAMED = re.compile(
    rf"(?P<wd>{_WEEKDAY})(?:,\s*(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?!\d)"
    rf"(?:,\s*(?P<y1>\d{{4}}))?)?"
    rf"|(?P<m5>{_MONTH})\s+(?P<y5>(?:1[5-9]|20)\d\d)\b"  # "September 2001": a month, no day
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?(?:,\s*(?P<y2>\d{{4}}))?"
    rf"|(?P<d3>\d{{1,2}})\s+(?P<m3>{_MONTH})(?:\s+(?P<y3>\d{{4}}))?"
    rf"|(?P<m4>{_MONTH})\b"
    rf"|(?P<y4>(?:19|20)\d\d)\b"
)
_NAME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday jan january feb february mar "
    "march apr april may jun june jul july aug august sep sept september oct october nov "
    "november dec december".split()
)
_NAME_STARTS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb", "Mar", "Apr",
                "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip
_YEAR = re.compile(r"(?:19|20)\d\d")
_BEFORE_MONTH = re.compile(r"(?:early|late|mid-?)\s*$", re.I)
_BEFORE_YEAR = re.compile(r"\b(?:in|since|by|until|during)\s+$", re.I)
_RELATIVE_RE = (
    r"\b(?:yesterday|today|tonight|tomorrow|this (?:week|month|year|morning|afternoon|evening)|"
    r"last (?:week|month|year|night)|next (?:week|month|year)|earlier this (?:week|month|year)|"
    r"later that (?:week|day|month)|so far this year|in the coming (?:days|weeks|months)|"
    r"(?:around|at)\s+(?:noon|midnight)|mid-day|midday)\b"
)
_RELATIVE = re.compile(_RELATIVE_RE, re.I)
_RELATIVE_LOWER = re.compile(_RELATIVE_RE)  # for lower-cased text (see ``lowered``)
# Each relative expression holds a word of the first set, or one of the second with a period.
_RELATIVE_WORDS = frozenset("yesterday today tonight tomorrow noon midnight midday mid".split())
_RELATIVE_LEADS = frozenset("this last next later far coming".split())
_PERIODS = frozenset(
    "week weeks month months year morning afternoon evening night day days".split()
)


def _may_be_relative(words: frozenset[str]) -> bool:
    if not _RELATIVE_WORDS.isdisjoint(words):
        return True
    return not _RELATIVE_LEADS.isdisjoint(words) and not _PERIODS.isdisjoint(words)


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


def _month(ref: dt.date, delta: int) -> str:
    index = ref.year * 12 + ref.month - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _relative(phrase: str, ref: dt.date | None) -> str | None:
    """A relative expression against the publication date, at the precision it states:
    "yesterday" a day, "last week" an ISO week, "last month" a month, "this year" a year.
    Never a day the text does not give; None for spans without one ("in the coming weeks")."""
    if ref is None:
        return None
    phrase = " ".join(phrase.split())
    days = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "tomorrow": 1}
    if phrase in days:
        return (ref + dt.timedelta(days=days[phrase])).isoformat()
    unit = phrase.rsplit(" ", 1)[-1]
    if phrase.startswith(("this ", "earlier this ")) or phrase == "so far this year":
        shift = 0
    elif phrase.startswith("last "):
        shift = -1
    elif phrase.startswith("next "):
        shift = 1
    else:
        return None
    if unit == "week":
        return _week(ref + dt.timedelta(weeks=shift))
    if unit == "month":
        return _month(ref, shift)
    if unit == "year":
        return f"{ref.year + shift:04d}"
    if unit in ("morning", "afternoon", "evening"):
        return ref.isoformat()
    return None


def _weekday_before(ref: dt.date, name: str) -> str:
    """The most recent ``name`` day on or before ``ref`` (news reports past events)."""
    delta = (ref.weekday() - _WEEKDAYS.index(name.lower())) % 7
    return (ref - dt.timedelta(days=delta)).isoformat()


def _is_title(text: str, at: int) -> bool:
    """ "Today" capitalised inside a sentence is a name ("BBC Radio 4's Today programme", "USA
    Today"), not the day."""
    if text[at : at + 5] != "Today" or at == 0:
        return False
    before = text[max(0, at - 8) : at].rstrip()
    return bool(before) and before[-1] not in ".!?\"“‘'(—–-:;"


def find_times(
    text: str,
    *,
    offset: int = 0,
    reference: dt.date | None = None,
    words: frozenset[str] | None = None,
) -> list[TimeExpression]:
    """Time expressions; ``reference`` (the publication date) resolves weekdays and years."""
    found: list[tuple[int, int, str | None]] = []
    words = words_of(text) if words is None else words
    # Day and month names match only capitalised ("may" is a verb); each begins with one of
    # these, a cheaper test than the scan.
    named = (
        not _NAME_WORDS.isdisjoint(words) and any(n in text for n in _NAME_STARTS)
    ) or _YEAR.search(text) is not None
    for m in _NAMED.finditer(text) if named else ():
        g = m.groupdict()
        start = m.start()
        if g["m4"]:  # a bare month needs "early/late/mid" before it ("May" is also a verb)
            before = _BEFORE_MONTH.search(text, max(0, start - 8), start)
            if not before:
                continue
            start = before.start()
        if g["y4"]:  # a bare year needs "in/since/by/until/during" before it
            before = _BEFORE_YEAR.search(text, max(0, start - 8), start)
            if not before:
                continue
            start = before.start()
        value = (
            _iso(g["y5"], g["m5"], None, reference)
            or _iso(g["y1"], g["m1"], g["d1"], reference)
            or _iso(g["y2"], g["m2"], g["d2"], reference)
            or _iso(g["y3"], g["m3"], g["d3"], reference)
            or _iso(None, g["m4"], None, reference)
            or (g["y4"] if g["y4"] else None)
        )
        if value is None and g["wd"] and reference:
            value = _weekday_before(reference, g["wd"])
        found.append((start, m.end(), value))
    if _may_be_relative(words):
        low = lowered(text)
        scan = _RELATIVE.finditer(text) if low is None else _RELATIVE_LOWER.finditer(low)
        found.extend(
            (m.start(), m.end(), _relative(m.group().lower(), reference))
            for m in scan
            if not _is_title(text, m.start())
        )
    found.sort()
    return [
        TimeExpression.trusted(
            text=text[a:b], value=v, span=Span.of_unchecked(a + offset, b + offset, text[a:b])
        )
        for a, b, v in found
    ]
