"""Find quantities in news English: value, range, qualifier, unit and what is counted.

"at least 21 people were killed" → value 21, ``at_least``, counted "people killed". Digits with
thousands separators, decimals, fractions ("3 1/2"), scale words ("2.7m", "4 billion"), number
words ("fourteen", "a dozen", "two-thirds"), percentages, money and ranges are values too. Dates,
years and clock times are left to the time tagger. Pure functions, no I/O: used by the rule
extractor and to check an LLM's quantities against the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimex.core.schema import Qualifier, Quantity, Span
from claimex.taggers.sentences import lowered, words_of

__all__ = ["find_quantities", "parse_number"]

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_SUFFIX_SCALES = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "tn": 1_000_000_000_000,
}
_FRACTION_WORDS = {
    "half": 0.5,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 0.25,
    "quarters": 0.25,
    "fifth": 0.2,
    "fifths": 0.2,
    "tenth": 0.1,
    "tenths": 0.1,
}
_VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75}
_CURRENCY = {
    "$": "USD",
    "US$": "USD",
    "USD": "USD",
    "GBP": "GBP",
    "PS": "GBP",
    "EUR": "EUR",
    "JPY": "JPY",
    "CHF": "CHF",
    "CNY": "CNY",
    "INR": "INR",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "C$": "CAD",
    "A$": "AUD",
    "Rs": "INR",
    "R$": "BRL",
}

_WORD_NUM = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_NUM_WORDS = (
    rf"(?:(?:{_WORD_NUM})(?:[- ](?:{_WORD_NUM}))?"
    rf"(?:\s+(?:and\s+)?(?:hundred|thousand|million|billion|trillion)"
    rf"(?:\s+(?:and\s+)?(?:{_WORD_NUM})(?:[- ](?:{_WORD_NUM}))?)?)*)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_FRAC = r"(?:\d+\s+\d+/\d+|\d+/\d+|\d*[½⅓⅔¼¾])"
_SCALE_WORD = r"(?:\s*(?:hundred|thousand|million|billion|trillion)\b|(?:k|m|mn|bn|b|tn)\b)?"
# Symbols, and ISO codes written against the number; "PS" is how ASCII folding renders "£".
_CUR = r"(?:US\$|C\$|A\$|R\$|[$£€¥]|Rs\.?\s?|(?:USD|GBP|EUR|JPY|CHF|CNY|INR|PS)\s?(?=\d))"

_QUALIFIERS: list[tuple[str, Qualifier]] = [
    (r"at least|no fewer than|no less than|a minimum of|upwards of", Qualifier.AT_LEAST),
    (r"more than|over|in excess of|above|greater than|exceeding", Qualifier.MORE_THAN),
    (r"at most|no more than|up to|a maximum of|as many as|as much as", Qualifier.AT_MOST),
    (r"less than|fewer than|under|below", Qualifier.LESS_THAN),
    (r"nearly|almost|close to|just under|just shy of", Qualifier.NEARLY),
    (
        r"about|around|approximately|roughly|some|an estimated|estimated|circa|"
        r"approx\.|an approximate|more or less|upward of|or so",
        Qualifier.ABOUT,
    ),
]
_QUAL_RE = "|".join(f"(?:{p})" for p, _ in _QUALIFIERS)
_VAGUE = (
    r"(?:several|dozens|scores|hundreds|thousands|millions|billions|a few|a handful|"
    r"an? (?:unspecified|untold|unknown|undisclosed) number|many|numerous)"
)

_NUMBER = (
    rf"(?:{_CUR})?(?:{_FRAC}|{_DIGITS}){_SCALE_WORD}"
    rf"|(?:a|one)\s+dozen|(?:a|an|one)\s+(?:half|third|quarter)"
    rf"|(?:{_WORD_NUM})-(?:thirds|quarters|fifths|tenths)|{_NUM_WORDS}"
)
_QUANTITY_RE = (
    rf"(?<![\w.,/$£€])(?:(?P<qual>{_QUAL_RE})\s+)?"
    rf"(?:(?:between|from)\s+)?(?P<num>{_NUMBER})"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<num2>{_NUMBER}))?"
    rf"(?P<unit>\s*(?:%|percent(?:age points?)?\b|per\s?cent\b))?"
    rf"(?![\w/])"
    rf"|(?<![\w])(?P<vague>{_VAGUE})\b"
    rf"|(?<![\w])(?:(?P<qual_an>{_QUAL_RE})|(?<=\bfor\s))\s*(?P<an>an?)"
    rf"(?=\s+(?:hour|day|week|month|year|minute|mile|decade)s?\b(?!-))"
)
_QUANTITY = re.compile(_QUANTITY_RE, re.I)
# The same for lower-cased text (see ``lowered``); only the currency codes hold capitals.
_QUANTITY_LOWER = re.compile(_QUANTITY_RE.replace(_CUR, _CUR.lower()))

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_BEFORE = re.compile(rf"{_MONTH}\s*$")
_DATE_AFTER = re.compile(rf"^\s*(?:{_MONTH}\b|(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|ET\b|o'clock))")
_YEAR_CTX = re.compile(
    r"(?:\b(?:in|since|by|of|until|from|to|early|late|mid|before|after)|,)\s*$", re.I
)

_STOP = frozenset(
    "the a an of in on at to for from by with and or but as that which who whom whose this these "
    "those it its their his her was were is are be been being has have had will would could "
    "should may might can did do does not than then when while after before since during into "
    "over under about around per each".split()
)
_EVENT_WORDS = (
    r"killed|dead|died|injured|wounded|hurt|missing|arrested|detained|displaced|evacuated|"
    r"kidnapped|abducted|rescued|seized|captured|affected|infected|hospitali[sz]ed|fired|"
    r"sold|lost|involved|identified|confiscated|deported|charged|convicted|sentenced"
)
_EVENT_AFTER = re.compile(
    rf"^(?:[\w’'-]+\s+){{0,6}}?(?:(?:were|was|are|is|have been|had been|has been|been|"
    rf"also|reported|left|who were|who was)\s+)+(?:also\s+)?(?P<ev>{_EVENT_WORDS})\b",
    re.I,
)
_TOLL_BEFORE = re.compile(
    r"(?P<what>(?:death|casualty|injury)\s+toll|number of [a-z]+(?: [a-z]+)?|total|tally)"
    r"(?:\s+(?:rose|climbed|jumped|reached|stood|stands|was|is|of|at|to|revised|raised|"
    r"lowered|increased|decreased|up|down|from))*\s+$",
    re.I,
)
_OF_THEM = re.compile(
    r"^\s+of\s+(?:them|whom|those)\s+(?:were\s+)?(?P<what>(?:[a-z]+\s+){0,2}[a-z]+)", re.I
)
_UNIT_WORDS = frozenset(
    "miles mile km kilometers kilometres meters metres feet foot inches inch yards hours hour "
    "minutes minute seconds days day weeks week months month years year decades decade tons "
    "tonnes kg kilograms pounds lbs acres hectares degrees barrels gallons liters litres votes "
    "points".split()
)


_DAY_NUMBER = re.compile(r"\d{1,2}")
_YEAR_NUMBER = re.compile(r"(?:1[5-9]|20)\d\d")
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_WORDS_AFTER = re.compile(r"\s+((?:[A-Za-z][\w’'-]*\s+){0,3}[A-Za-z][\w’'-]*)")
_OF = re.compile(r"\s+of(?=\s)")
_DETERMINER_BEFORE = re.compile(r"\b(?:no|any|every|each|the|this|that)\s*$")
_CUR_AT = re.compile(_CUR)


def _words_to_number(words: str) -> float | None:
    total, current = 0, 0
    for tok in re.split(r"[\s-]+", words.lower()):
        if tok == "and" or not tok:
            continue
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok == "hundred":
            current = max(current, 1) * 100
        elif tok in _SCALES:
            total += max(current, 1) * _SCALES[tok]
            current = 0
        else:
            return None
    return float(total + current)


@lru_cache(maxsize=8192)
def parse_number(raw: str) -> float | None:
    """The value of one number as written: "29,414", "3 1/2", "2.7m", "fourteen", "a dozen".

    Cached: the same few numbers recur across a corpus, and parsing tries several patterns."""
    s = raw.strip()
    s = re.sub(rf"^{_CUR}", "", s).strip()
    low = s.lower()
    if re.fullmatch(r"(?:a|one)\s+dozen", low):
        return 12.0
    m = re.fullmatch(r"(?:a|an|one)\s+(half|third|quarter)", low)
    if m:
        return _FRACTION_WORDS[m.group(1)]
    m = re.fullmatch(r"([a-z]+)-(thirds|quarters|fifths|tenths)", low)
    if m and m.group(1) in _UNITS:
        return _UNITS[m.group(1)] * _FRACTION_WORDS[m.group(2)]
    m = re.fullmatch(r"(\d+)\s+(\d+)/(\d+)", s)
    if m:
        return int(m.group(1)) + int(m.group(2)) / int(m.group(3))
    m = re.fullmatch(r"(\d+)/(\d+)", s)
    if m:
        return int(m.group(1)) / int(m.group(2)) if int(m.group(2)) else None
    m = re.fullmatch(r"(\d*)([½⅓⅔¼¾])", s)
    if m:
        return (int(m.group(1)) if m.group(1) else 0) + _VULGAR[m.group(2)]
    m = re.fullmatch(rf"({_DIGITS})\s*([a-zA-Z]+)?", s)
    if m:
        value = float(m.group(1).replace(",", ""))
        scale = (m.group(2) or "").lower()
        if not scale:
            return value
        factor = _SCALES.get(scale) or _SUFFIX_SCALES.get(scale)
        return value * factor if factor else None
    return _words_to_number(low)


@lru_cache(maxsize=1024)
def _qualifier(raw: str | None) -> Qualifier:
    if not raw:
        return Qualifier.EXACT
    low = raw.lower()
    for pattern, q in _QUALIFIERS:
        if re.fullmatch(pattern, low):
            return q
    return Qualifier.EXACT


def _is_date_or_year(text: str, m: re.Match[str]) -> bool:
    num = m.group("num")
    if not num or m.group("qual") or m.group("unit") or m.group("num2"):
        return False
    before = text[max(0, m.start() - 12) : m.start()]
    after = text[m.end() : m.end() + 12]
    if _DAY_NUMBER.fullmatch(num) and (_DATE_BEFORE.search(before) or _DATE_AFTER.match(after)):
        return True  # Nov. 30, 30 November, 10 a.m.
    if _YEAR_NUMBER.fullmatch(num):
        nxt = _NEXT_WORD.match(after)
        plural_noun = nxt and nxt.group(1) not in _STOP and nxt.group(1).endswith("s")
        return not plural_noun or bool(_YEAR_CTX.search(before))
    return False


def _counted(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """(unit, counted) from the words around a number."""
    rest = text[end : end + 120]
    m = _WORDS_AFTER.match(rest)
    noun: str | None = None
    if m:
        words = m.group(1).split()
        kept: list[str] = []
        for w in words:
            if w.lower() in _STOP:
                break
            kept.append(w)
        if kept and kept[0].lower().rstrip("s") in {"of"}:
            kept = []
        if kept:
            if kept[0].lower().rstrip(".,;:") in _UNIT_WORDS:
                return kept[0].lower().rstrip(".,;:"), None
            noun = " ".join(kept).rstrip(".,;:")
    if not noun:
        of_them = _OF_THEM.match(rest)
        noun = of_them.group("what") if of_them else None
    event = _EVENT_AFTER.match(rest.lstrip()) if noun else None
    if noun and event:
        noun = f"{noun} {event.group('ev').lower()}"
    if not noun:
        before = text[max(0, start - 60) : start]
        low = before.lower()
        # Every toll phrase holds one of these; testing them costs less than the search.
        if any(w in low for w in ("toll", "number of", "total", "tally")):
            toll = _TOLL_BEFORE.search(before)
            if toll:
                noun = toll.group("what").lower()
    return None, noun


# The full pattern is slow to try at every character, so it is only tried in a window around
# "anchors" a quantity must contain — a digit run, or a number, vague-amount or unit word — whose
# patterns start with a character class the regex engine scans quickly. The result is the same as
# scanning everything (checked on news text), at about half the cost.
_DIGIT_ANCHOR = re.compile(r"[\d½⅓⅔¼¾][\d,.]*")
_ANCHOR_WORDS = frozenset(
    [*_UNITS, *_TENS, "dozen", "dozens", "half", "third", "thirds", "quarter", "quarters",
     "fifths", "tenths", "several", "scores", "hundreds", "thousands", "millions", "billions",
     "few", "handful", "many", "numerous", "number", "hour", "day", "week", "month", "year",
     "minute", "mile", "decade", "hours", "days", "weeks", "months", "years", "minutes", "miles",
     "decades"]
)  # fmt: skip
# Where a quantity can begin: a digit or currency sign, or the first word of one of the pattern's
# word-led parts (a qualifier, "between"/"from", a number or vague-amount word, "a"/"an", an ISO
# currency code). Trying only there gives the same matches as trying at every word start.
_FIRST_WORDS = sorted(
    {re.sub(r"\\.", "", alt.split()[0]) for pattern, _ in _QUALIFIERS for alt in pattern.split("|")}
    | {*_UNITS, *_TENS, "between", "from", "a", "an", "one"}
    | set("several dozens scores hundreds thousands millions billions many numerous".split()),
    key=len,
    reverse=True,
)
_START_RE = (
    r"(?<!\w)(?:[\d$£€¥½⅓⅔¼¾]|(?:us|[car])\$|rs|usd|gbp|eur|jpy|chf|cny|inr|ps"
    rf"|(?:{'|'.join(_FIRST_WORDS)})\b)"
)
# Scanned case-sensitively over the lower-cased text when ``lowered`` allows: much cheaper.
_START = re.compile(_START_RE)
_START_ANY_CASE = re.compile(_START_RE, re.I)
_BEFORE, _AFTER = 48, 120  # room for a qualifier before the anchor, a range and unit after


@lru_cache(maxsize=1024)
def _word_anchor(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(sorted(words)) + r")\b", re.I)


def _whole_words(low: str, words: frozenset[str]) -> list[int]:
    """Where each of ``words`` stands as a whole word in ``low``: what r"\b(?:…)\b" finds, by
    ``str.find``, which is several times cheaper than a regex scan."""
    found = []
    n = len(low)
    for w in words:
        i = low.find(w)
        while i >= 0:
            j = i + len(w)
            if (i == 0 or not _is_word(low[i - 1])) and (j == n or not _is_word(low[j])):
                found.append(i)
            i = low.find(w, j)  # an occurrence overlapping this one is not a whole word
    return found


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # the regex engine's \w


def _matches(text: str, words: frozenset[str] | None = None) -> list[re.Match[str]]:
    anchors = [m.start() for m in _DIGIT_ANCHOR.finditer(text)]
    hits = _ANCHOR_WORDS.intersection(words_of(text) if words is None else words)
    if not (hits or anchors):
        return []
    low = lowered(text)
    if low is not None:
        scanned, start_at, quantity = low, _START, _QUANTITY_LOWER
    else:
        scanned, start_at, quantity = text, _START_ANY_CASE, _QUANTITY
    if hits:
        anchors += (
            _whole_words(low, hits)
            if low is not None
            else [m.start() for m in _word_anchor(frozenset(hits)).finditer(text)]
        )
        anchors.sort()
    out: list[re.Match[str]] = []
    covered = 0
    n = len(text)
    for p in anchors:
        if p < covered:
            continue
        hi = min(n, p + _AFTER)
        # As finditer over the window would, but trying only where a quantity can start.
        resume = max(covered, p - _BEFORE)
        for start in start_at.finditer(scanned, resume):
            if start.start() > p:
                break
            if start.start() < resume:
                continue
            m = quantity.match(scanned, start.start(), hi)
            if m is None:
                continue
            if m.end() < p - 1:  # an earlier quantity; "more than an" + "hour" ends next to it
                resume = m.end()
                continue
            out.append(m)
            covered = m.end()
            break
    return out


def find_quantities(
    text: str, *, offset: int = 0, words: frozenset[str] | None = None
) -> list[Quantity]:
    """Every quantity in ``text``; spans are shifted by ``offset`` into the enclosing document."""
    out: list[Quantity] = []
    for m in _matches(text, words):
        if m.group("vague"):
            of = _OF.match(text, m.end()) if "number" in m.group("vague") else None
            unit, counted = _counted(text, m.start(), of.end() if of else m.end())
            if counted is None:
                continue
            out.append(
                _make(
                    text,
                    m.start(),
                    m.end(),
                    offset,
                    None,
                    None,
                    None,
                    Qualifier.UNSPECIFIED,
                    None,
                    counted,
                )
            )
            continue
        if m.group("an"):
            unit, counted = _counted(text, m.start(), m.end())
            q = _qualifier(m.group("qual_an"))
            end = m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip()) + len(unit or "")
            out.append(_make(text, m.start(), end, offset, 1.0, None, None, q, unit, counted))
            continue
        if _is_date_or_year(text, m):
            continue
        raw = text[m.start("num") : m.end("num")]  # as written: the match may be lower-cased
        value = parse_number(raw)
        if value is None:
            continue
        if raw.lower() == "one" and not m.group("qual"):
            before = text[max(0, m.start() - 8) : m.start()].lower()
            if _DETERMINER_BEFORE.search(before):
                continue
        low = high = None
        qualifier = _qualifier(m.group("qual"))
        if m.group("num2"):
            second = parse_number(text[m.start("num2") : m.end("num2")])
            if second is not None and second > value:
                low, high, qualifier = value, second, Qualifier.RANGE
        unit = None
        currency = _CUR_AT.match(raw)
        if currency:
            unit = _CURRENCY.get(currency.group().strip().rstrip("."), currency.group().strip())
        if m.group("unit"):
            unit = "%"
        word_unit, counted = _counted(text, m.start(), m.end())
        unit = unit or word_unit
        start = m.start() if (m.group("num2") or m.group("qual")) else m.start("num")
        out.append(_make(text, start, m.end(), offset, value, low, high, qualifier, unit, counted))
    return out


def _make(
    text: str,
    start: int,
    end: int,
    offset: int,
    value: float | None,
    low: float | None,
    high: float | None,
    qualifier: Qualifier,
    unit: str | None,
    counted: str | None,
) -> Quantity:
    while end > start and text[end - 1] in " \t,.;:":
        end -= 1
    span = Span.of_unchecked(start + offset, end + offset, text[start:end])
    return Quantity.trusted(
        text=span.text,
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        unit=unit,
        counted=counted,
        span=span,
    )
