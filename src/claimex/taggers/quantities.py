"""Find quantities in news English: value, range, qualifier, unit and what is counted.

"at least 21 people were killed" → value 21, ``at_least``, counted "people killed". Digits with
thousands separators, decimals, fractions ("3 1/2"), scale words ("2.7m", "4 billion"), number
words ("fourteen", "a dozen", "two-thirds"), percentages, money and ranges are values too. Dates,
years and clock times are left to the time tagger. Pure functions, no I/O: used by the rule
extractor and to check an LLM's quantities against the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from claimex.core.schema import Qualifier, Quantity, Span
from claimex.taggers.sentences import lowered, words_of
from claimex.taggers.units import UnitMatch, currency_name, singular, unit_after

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
    "HK$": "HKD",
    "NZ$": "NZD",
    "S$": "SGD",
    "$US": "USD",
    "$A": "AUD",
    "$NZ": "NZD",
    "RM": "MYR",
    "Y=": "JPY",  # "¥" folded to ASCII
}

_WORD_NUM = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_NUM_WORDS = (
    rf"(?:(?:{_WORD_NUM})(?:[- ](?:{_WORD_NUM}))?"
    rf"(?:\s+(?:and\s+)?(?:hundred|thousand|million|billion|trillion)"
    rf"(?:\s+(?:and\s+)?(?:{_WORD_NUM})(?:[- ](?:{_WORD_NUM}))?)?)*)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_FRAC = r"(?:\d+\s+\d+/\d+|\d+/\d+|\d*[½⅓⅔¼¾])"
_SCALE_WORD = r"(?:(?:\s*(?:hundred|thousand|million|billion|trillion)\b)+|(?:k|m|mn|bn|b|tn)\b)?"
# Symbols, and ISO codes written against the number; "PS" is how ASCII folding renders "£".
_CUR = (
    r"(?:US\$|C\$|A\$|R\$|HK\$|NZ\$|S\$|\$US|\$A|\$NZ|[$£€¥]|Y=|Rs\.?\s?|"
    r"(?:USD|GBP|EUR|JPY|CHF|CNY|INR|PS|RM)\s?(?=\d))"
)

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
    r"(?:(?:tens|hundreds) of (?:thousands|millions|billions)|several|dozens|scores|hundreds|"
    r"thousands|millions|billions|a few|a handful|"
    r"an? (?:unspecified|untold|unknown|undisclosed) number|numerous)"
)
# Vague magnitudes as the ranges they name: "dozens" 12-120 … "tens of thousands" 10,000-100,000.
_MAGNITUDE = {
    "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
    "billions": 1_000_000_000,
}  # fmt: skip


def _magnitude(vague: str) -> tuple[float, float] | None:
    words = vague.lower().split()
    if words[0] in _MAGNITUDE and len(words) == 1:
        low = _MAGNITUDE[words[0]]
        return float(low), float(low * 10)
    if len(words) == 3 and words[2] in _MAGNITUDE:
        base = _MAGNITUDE[words[2]] * (10 if words[0] == "tens" else 100)
        return float(base), float(base * 10)
    return None


_NUMBER = (
    rf"(?:{_CUR})?(?:{_FRAC}|{_DIGITS}){_SCALE_WORD}"
    rf"|(?:a|one)\s+dozen|(?:a|an|one)\s+(?:half|third|quarter)|half(?=\s+(?:of|the)\b)"
    rf"|(?:{_WORD_NUM})-(?:thirds|quarters|fifths|tenths)|{_NUM_WORDS}"
)
_QUANTITY_RE = (
    rf"(?<![\w.,/$£€])(?:(?P<qual>{_QUAL_RE})\s+)?"
    rf"(?:(?P<pre>between|from)\s+)?(?P<num>{_NUMBER})"
    rf"(?P<unit1>\s*(?:%|percent\b|per\s?cent\b))?"
    # a range's dash is spaced on both sides or on neither: "50 -1.3%" is a number and a sign
    rf"(?:(?:\s+(?P<conn>-|–|to|and)\s+|(?P<dash>[-–])|\s*(?P<word>to|and)\s*)"
    rf"(?P<num2>{_NUMBER}))?"
    rf"(?P<unit>\s*(?:%|percent(?:age points?)?\b|per\s?cent\b))?"
    # After a digit a unit may follow without a space ("256GB", "50mph": checked against the
    # unit table below); after a word or a sign, the quantity ends at the word's end.
    rf"(?:(?<=\d)(?![\d_/])|(?<!\d)(?![\w/]))"
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
_DATE_AFTER = re.compile(rf"^\s*(?:{_MONTH}\b|(?:[ap]\.m\b\.?|[ap]m\b|GMT|ET\b|o'clock))", re.I)
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
# "were killed", "have been wounded", "have died" (a perfect of anything else is active: "that
# had injured Obama" counts the explosions, not the injured)
_EVENT_AUX = (
    r"(?:(?:(?:were|was|are|is|have been|had been|has been|been|also|reported|left|who were|"
    rf"who was)\s+)+(?:also\s+)?(?P<ev>{_EVENT_WORDS})|(?:who\s+)?(?:have|has|had)\s+"
    r"(?:also\s+)?(?P<died>died))\b"
)
# The event of the number's own clause: the words skipped before it hold no conjunction and no
# other figure ("40 people died and 68 are missing": the 40 died).
_EVENT_AFTER = re.compile(
    rf"^(?:(?!(?:and|or|but|while|whereas)\s)[A-Za-z][\w’'-]*\s+){{0,6}}?{_EVENT_AUX}", re.I
)
# "… and 68 are missing": the number alone stands for the people an event befell (not for "996
# were identified as likely voters").
_BEFELL = re.compile(
    r"killed|dead|died|injured|wounded|hurt|missing|arrested|detained|displaced|evacuated|"
    r"kidnapped|abducted|rescued|hospitali[sz]ed|deported"
)
_EVENT_ONLY = re.compile(rf"^\s+{_EVENT_AUX}", re.I)


def _event_of(m: re.Match[str]) -> str:
    return (m.group("ev") or m.group("died")).lower()


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
    if low == "half":
        return 0.5
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
    m = re.fullmatch(rf"({_DIGITS})\s*((?:[a-zA-Z]+\s*)*)", s)
    if m:
        value = float(m.group(1).replace(",", ""))
        for scale in m.group(2).lower().split():  # "4 hundred million"
            factor = _SCALES.get(scale) or _SUFFIX_SCALES.get(scale)
            if not factor:
                return None
            value *= factor
        return value
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
        if unit_after(text, m.end()) is not None:
            return False  # "1520 sq m"
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
        noun = f"{noun} {_event_of(event)}"
    if not noun:
        alone = _EVENT_ONLY.match(rest)
        noun = _event_of(alone) if alone and _BEFELL.fullmatch(_event_of(alone)) else None
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
     "fifths", "tenths", "tens", "several", "scores", "hundreds", "thousands", "millions",
     "billions",
     "few", "handful", "many", "numerous", "number", "hour", "day", "week", "month", "year",
     "minute", "mile", "decade", "hours", "days", "weeks", "months", "years", "minutes", "miles",
     "decades"]
)  # fmt: skip
# Where a quantity can begin: a digit or currency sign, or the first word of one of the pattern's
# word-led parts (a qualifier, "between"/"from", a number or vague-amount word, "a"/"an", an ISO
# currency code). Trying only there gives the same matches as trying at every word start.
_FIRST_WORDS = sorted(
    {re.sub(r"\\.", "", alt.split()[0]) for pattern, _ in _QUALIFIERS for alt in pattern.split("|")}
    | {*_UNITS, *_TENS, "between", "from", "a", "an", "one", "tens", "half"}
    | set("several dozens scores hundreds thousands millions billions many numerous".split()),
    key=len,
    reverse=True,
)
_START_RE = (
    r"(?<!\w)(?:[\d$£€¥½⅓⅔¼¾.]|y=|(?:us|[cars]|hk|nz)\$|rs|usd|gbp|eur|jpy|chf|cny|inr|ps|rm"
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


# "A man was shot and killed": one person, counted in words. The noun is a person; the verb a
# casualty ("fatally shot", "shot dead", "killed", "slain", "found dead" are deaths; "wounded",
# "injured", "hurt", "shot and wounded" injuries). A plain "was shot" says neither, and is left.
_PERSON_NOUNS = (
    "man|woman|boy|girl|teen|teenager|person|child|toddler|infant|baby|victim|officer|driver|"
    "student|resident|motorist|bystander|juvenile|male|female|customer|employee|clerk|guard|"
    "pedestrian|passenger|suspect|gunman|shooter|mother|father|son|daughter|brother|sister|wife|"
    "husband|girlfriend|boyfriend|grandmother|grandfather|uncle|aunt|nephew|niece|cousin|friend|"
    "neighbor|neighbour"
)
_SHOT_IN = (
    r"shot\s+(?:once\s+|twice\s+)?in\s+(?:the|his|her)\s+(?:[\w-]+\s+)?(?:leg|legs|arm|arms|"
    r"chest|back|hip|abdomen|stomach|shoulder|neck|foot|feet|hand|hands|face|thigh|buttocks|knee|"
    r"ankle|side|torso|wrist|jaw|groin)(?!\s+and\s+(?:killed|died))"
)
# Words between the determiner and the noun, never another determiner: "the third time [the boy]
# got shot" is about the boy.
_MODIFIERS = r"(?:(?![Tt]he\b|[Aa]n?\b)[\w’'-]+\s+){0,3}?"
_ONE_CASUALTY = re.compile(
    rf"\b(?P<det>[Aa]n?|[Oo]ne|[Tt]he)\s+{_MODIFIERS}(?P<noun>{_PERSON_NOUNS})\s+"
    r"(?:who\s+)?(?:(?:was|has\s+been|had\s+been|is|got)\s+(?:later\s+)?(?:(?P<fatal>fatally)\s+|"
    r"(?:critically|seriously|severely|gravely|badly)\s+)?"
    r"(?P<verb>shot\s+and\s+killed|shot\s+to\s+death|shot\s+dead|shot\s+and\s+wounded|killed|"
    r"slain|murdered|found\s+shot\s+to\s+death|found\s+dead|pronounced\s+dead|declared\s+dead|"
    r"shot\s+(?:once\s+|twice\s+)?in\s+the\s+\w+\s+and\s+killed|"
    rf"wounded|injured|hurt|hospitalized|{_SHOT_IN}|struck\s+and\s+wounded|"
    r"(?:listed\s+)?in\s+(?:critical|serious|stable|grave|fair)\s+condition|shot)|"
    r"(?:has\s+since\s+|has\s+|later\s+)?(?P<died>died|dies))\b"
)
# "a man suffered a gunshot wound", "a boy sustained minor injuries": one person hurt
_ONE_SUFFERED = re.compile(
    rf"\b(?P<det>[Aa]n?|[Oo]ne|[Tt]he)\s+(?:[\w’'-]+\s+){{0,3}}?(?P<noun>{_PERSON_NOUNS})\s+"
    r"(?:suffered|sustained|received)\s+(?:an?\s+)?(?:[\w’'-]+\s+){0,2}?"
    r"(?:gunshot\s+wounds?|wounds|injuries|injury)\b"
)
# "a man with a gunshot wound", "a girl suffering from gunshot wounds": one person hurt
_ONE_WOUNDED = re.compile(
    rf"\b(?P<det>[Aa]n?|[Oo]ne)\s+(?:[\w’'-]+\s+){{0,3}}?(?P<noun>{_PERSON_NOUNS})\s+"
    r"(?:who\s+was\s+)?(?:suffering\s+(?:from\s+)?|with\s+|bleeding\s+from\s+)(?:an?\s+)?"
    r"(?:apparent\s+)?(?:gunshot|bullet|stab)\s+wounds?\b"
)
# "police shot and killed a man": the active voice
_ONE_CASUALTY_OBJECT = re.compile(
    r"\b(?P<verb>shot\s+and\s+killed|fatally\s+shot|shot\s+dead|killed|murdered|"
    r"shot\s+and\s+wounded|wounded|wounding|injured|injuring)\s+(?P<det>an?|one|the)\s+"
    r"(?:[\w’'-]+\s+){0,3}?"
    rf"(?P<noun>{_PERSON_NOUNS})\b"
)
# "Jane Roe, 58, was shot and killed": a named victim is one death too
_NAMED_CASUALTY = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z’'-]+){1,2})(?:,\s*\d{1,3},)?\s+"
    r"(?:was|had\s+been|has\s+been)\s+(?:(?P<fatal>fatally)\s+)?"
    r"(?P<verb>shot\s+and\s+killed|shot\s+to\s+death|shot\s+dead|killed|slain|murdered|"
    r"found\s+dead|pronounced\s+dead|shot)\b"
)
# "he was later pronounced dead", "she died at the hospital": one person, named before
_PRONOUN_CASUALTY = re.compile(
    r"\b(?:[Hh]e|[Ss]he)\s+(?:(?:was|had\s+been|has\s+been)\s+(?:later\s+)?(?:fatally\s+shot|"
    r"shot\s+and\s+killed|shot\s+to\s+death|shot\s+dead|killed|pronounced\s+dead|"
    r"declared\s+dead)|(?:later\s+|has\s+since\s+|has\s+)?died)\b"
)
# "she was shot in the leg", "he was hospitalized": one person hurt
_PRONOUN_WOUNDED = re.compile(
    r"\b(?:[Hh]e|[Ss]he)\s+(?:was|had\s+been|has\s+been|is)\s+(?:"
    rf"{_SHOT_IN}|(?:critically\s+|seriously\s+)?(?:wounded|injured)|hospitalized|"
    r"(?:listed\s+)?in\s+(?:critical|serious|stable|grave)\s+condition)"
)
# "the fatal shooting of a 16-year-old boy", "the shooting death of a woman": one death
_DEATH_OF_ONE = re.compile(
    r"\b(?:fatal\s+shooting|shooting\s+death|killing|slaying|murder)\s+of\s+(?P<det>an?)\s+"
    rf"(?:[\w’'-]+\s+){{0,3}}?(?P<noun>{_PERSON_NOUNS})\b"
)
# "an apparent murder-suicide": two dead, the shooter among them ("double" three, "triple" four)
_MURDER_SUICIDE = re.compile(
    r"\b(?P<det>[Aa]n?|[Tt]he)\s+(?:[\w’'-]+\s+){0,2}?(?:(?P<victims>double|triple)\s+)?"
    r"murder[- ]suicide\b(?!s)"
)
_MURDER_SUICIDE_DEAD = {None: 2.0, "double": 3.0, "triple": 4.0}
_DEATH_VERBS = ("killed", "dead", "death", "slain", "murdered")
_PERSON_WORDS = frozenset(_PERSON_NOUNS.split("|"))
_CASUALTY_WORDS = frozenset(
    "killed slain murdered dead suicide died dies death wounded injured hurt wound wounds shot "
    "condition hospitalized".split()
)


def _overlaps(start: int, end: int, offset: int, quantities: Iterable[Quantity]) -> bool:
    """Whether ``text[start:end]`` overlaps one of ``quantities`` (whose spans are shifted by
    ``offset``)."""
    return any(
        q.span is not None and q.span.start - offset < end and start < q.span.end - offset
        for q in quantities
    )


# The words without which a pattern cannot match: a set test is far cheaper than a scan.
_NEEDS_PERSON_VERB = frozenset(
    "killed dead death slain murdered wounded injured hurt hospitalized died dies shot "
    "condition struck".split()
)
_NEEDS_OBJECT_VERB = frozenset(
    "killed murdered dead wounded wounding injured injuring shot".split()
)
_NEEDS_NAMED_VERB = frozenset("killed slain murdered dead death shot".split())
_PRONOUNS = frozenset({"he", "she"})
_NEEDS_SUFFERED = frozenset({"suffered", "sustained", "received"})
_NEEDS_DEATH_OF = frozenset("fatal death killing slaying murder".split())


def _casualties_in_words(
    text: str, offset: int, taken: list[Quantity], present: frozenset[str]
) -> list[Quantity]:
    found: list[Quantity] = []
    counts = [q for q in taken if q.unit != "years old"]  # an age never stands for the count
    person = not _PERSON_WORDS.isdisjoint(present)
    pronoun = not _PRONOUNS.isdisjoint(present)
    one = person and not _NEEDS_PERSON_VERB.isdisjoint(present)
    for m in _ONE_CASUALTY.finditer(text) if one else ():
        verb = " ".join((m.group("verb") or m.group("died") or "").split())
        if verb in {"died", "dies"}:
            verb = "dead"
        if m.group("fatal") or any(w in verb for w in _DEATH_VERBS):
            event = "killed"
        elif verb == "shot":
            continue  # neither a death nor an injury yet
        else:
            event = "injured"
        start, end = m.start(), m.end("noun")
        if _overlaps(start, end, offset, counts):
            continue  # "one man was killed": the number already stands for it
        q = _make(text, start, end, offset, 1.0, None, None, Qualifier.EXACT, None,
                  f"{m.group('noun')} {event}")  # fmt: skip
        found.append(q)
    obj = person and not _NEEDS_OBJECT_VERB.isdisjoint(present)
    for m in _ONE_CASUALTY_OBJECT.finditer(text) if obj else ():
        verb = " ".join(m.group("verb").split())
        event = (
            "killed"
            if ("kill" in verb or "fatally" in verb or "dead" in verb or "murder" in verb)
            else "injured"
        )
        start, end = m.start("det"), m.end("noun")
        if _overlaps(start, end, offset, [*counts, *found]):
            continue
        found.append(_make(text, start, end, offset, 1.0, None, None, Qualifier.EXACT, None,
                           f"{m.group('noun')} {event}"))  # fmt: skip
    named = not _NEEDS_NAMED_VERB.isdisjoint(present)
    for m in _NAMED_CASUALTY.finditer(text) if named else ():
        verb = " ".join(m.group("verb").split())
        if not (m.group("fatal") or any(w in verb for w in _DEATH_VERBS)):
            continue  # "was shot": not yet a death
        start, end = m.start("name"), m.end("name")
        if _overlaps(start, end, offset, found):
            continue
        found.append(_make(text, start, end, offset, 1.0, None, None, Qualifier.EXACT, None,
                           "person killed"))  # fmt: skip
    # One person hurt or dead, in words: (pattern, whether its trigger words are present, event).
    # The count spans the person's noun phrase, else the whole match ("she was shot in the leg").
    one_person = (
        (_ONE_WOUNDED, person and ("wound" in present or "wounds" in present), "injured"),
        (_ONE_SUFFERED, person and not _NEEDS_SUFFERED.isdisjoint(present), "injured"),
        (_PRONOUN_WOUNDED, pronoun, "injured"),
        (_PRONOUN_CASUALTY, pronoun, "killed"),
        (
            _DEATH_OF_ONE,
            person and "of" in present and not _NEEDS_DEATH_OF.isdisjoint(present),
            "killed",
        ),
    )
    for pattern, triggered, event in one_person:
        named = "noun" in pattern.groupindex
        for m in pattern.finditer(text) if triggered else ():
            start = m.start("det") if "det" in pattern.groupindex else m.start()
            end = m.end("noun") if named else m.end()
            if _overlaps(start, end, offset, [*counts, *found]):
                continue
            noun = m.group("noun") if named else "person"
            found.append(_make(text, start, end, offset, 1.0, None, None, Qualifier.EXACT, None,
                               f"{noun} {event}"))  # fmt: skip
    for m in _MURDER_SUICIDE.finditer(text) if "suicide" in present else ():
        start, end = m.start(), m.end()
        if _overlaps(start, end, offset, [*counts, *found]):
            continue
        dead = _MURDER_SUICIDE_DEAD[m.group("victims") and m.group("victims").lower()]
        found.append(_make(text, start, end, offset, dead, None, None, Qualifier.EXACT, None,
                           "people killed"))  # fmt: skip
    return found


def find_quantities(
    text: str, *, offset: int = 0, words: frozenset[str] | None = None
) -> list[Quantity]:
    """Every quantity in ``text``; spans are shifted by ``offset`` into the enclosing document."""
    out: list[Quantity] = []
    present = words_of(text) if words is None else words
    for m in _matches(text, words):
        if m.group("vague"):
            vague = m.group("vague")
            span = _magnitude(vague)
            of = _OF.match(text, m.end()) if ("number" in vague or span) else None
            unit, counted = _counted(text, m.start(), of.end() if of else m.end())
            if counted is None and span is None:
                continue
            low, high = span or (None, None)
            q = _make(
                text, m.start(), m.end(), offset, low, low, high, Qualifier.UNSPECIFIED, unit,
                counted,
            )  # fmt: skip
            if of is not None and span is not None:
                written = unit_after(text, of.end())
                if written is not None:  # "hundreds of miles", "tens of thousands of dollars"
                    q = q.model_copy(
                        update={"unit": written.text.lower(), "unit_normalized": written.name}
                    )
            out.append(q)
            continue
        if m.group("an"):
            unit, counted = _counted(text, m.start(), m.end())
            qual = _qualifier(m.group("qual_an"))
            end = m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip()) + len(unit or "")
            out.append(_make(text, m.start(), end, offset, 1.0, None, None, qual, unit, counted))
            continue
        if _is_date_or_year(text, m):
            continue
        out.extend(_numeric(text, m, offset))
    if not (_PERSON_WORDS.isdisjoint(present) and _CASUALTY_WORDS.isdisjoint(present)):
        out.extend(_casualties_in_words(text, offset, out, present))
        out.sort(key=lambda q: q.span.start if q.span else 0)
    return _restatements(text, offset, out)


_RESTATED = re.compile(r"\s*(?:[\w°]+\s+){0,3}?(?:[\w°]+)?\s*(?:,\s*or|\(|or)\s*")


# "£410m, down from £512m", "3.2% in the year to March, down from 3.4%"
_FROM_AFTER = re.compile(r"(?:\s+[^\d,;.:()]{1,40})?\s*,?\s*(?P<dir>up|down)\s+from\s*", re.I)


# "fell from $40 on Monday to $35": a time or place between the two levels of a change
_TO_AFTER_ADJUNCT = re.compile(
    r"(?:\s*[^\s\d,;:()]+)?\s+(?:at|on|in|during|by)\s+[^,;:()%$£€]{1,30}?\s+to\s+", re.I
)
_FROM_BEFORE = re.compile(r"\bfrom\s*$", re.I)


def _restatements(text: str, offset: int, found: list[Quantity]) -> list[Quantity]:
    """A figure restated in other terms ("190 points, or 0.6%", "1.5C (2.7F)") is the same
    change: it takes the direction of the figure it restates. A level followed by the one it
    changed from ("£410m, down from £512m") is that change: both figures stay, the level gets
    the direction and the previous value; so does the new level of a change whose two levels
    stand apart ("fell from $40 on Monday to $35")."""
    for i in range(1, len(found)):
        prev, q = found[i - 1], found[i]
        if prev.span is not None and q.span is not None and prev.previous is None:
            between = text[prev.span.end - offset : q.span.start - offset]
            before = text[max(0, prev.span.start - offset - 50) : prev.span.start - offset]
            if (
                q.previous is None
                and prev.value is not None
                and prev.unit == q.unit
                and _FROM_BEFORE.search(before)
                and _TO_AFTER_ADJUNCT.fullmatch(between)
            ):
                verb = _CHANGE_BEFORE_FROM.search(_FROM_BEFORE.sub("", before))
                if verb is not None:
                    found[i] = q.model_copy(
                        update={
                            "direction": "up" if verb.group("up") else "down",
                            "previous": prev.value,
                        }
                    )
                    continue
            step = _FROM_AFTER.fullmatch(between)
            if step is not None and q.value is not None and prev.unit == q.unit:
                found[i - 1] = prev.model_copy(
                    update={"direction": step.group("dir").lower(), "previous": q.value}
                )
                continue
        if q.direction or not prev.direction or prev.span is None or q.span is None:
            continue
        between = text[prev.span.end - offset : q.span.start - offset]
        if len(between) < 32 and _RESTATED.fullmatch(between):
            found[i] = q.model_copy(update={"direction": prev.direction})
    return found


# A change of value: the verb or adverb just before the figure, or the noun just after it.
_UP_WORDS = (
    r"rose|rise|rises|risen|rising|increased|increase|increases|increasing|gained|gain|gains|"
    r"gaining|climbed|climb|climbs|climbing|jumped|jump|jumps|jumping|surged|surge|surges|"
    r"surging|soared|soar|soars|soaring|grew|grow|grows|grown|growing|advanced|advance|advances|"
    r"advancing|added|adds|raised|boosted|rallied|spiked|up|higher|revised up|upgraded"
)
_DOWN_WORDS = (
    r"fell|fall|falls|fallen|falling|dropped|drop|drops|dropping|declined|decline|declines|"
    r"declining|decreased|decrease|decreases|decreasing|lost|lose|loses|losing|slid|slide|slides|"
    r"sliding|slipped|slip|slips|slipping|sank|sink|sinks|sinking|plunged|plunge|plunges|"
    r"plunging|plummeted|plummeting|tumbled|tumble|tumbles|tumbling|shed|sheds|shedding|down|"
    r"lower|cut|cuts|reduced|dipped|dip|dips|dipping|eased|eases|easing|shrank|shrinks|"
    r"shrinking|contracted|contracting|revised down|downgraded|slumped|slumping|retreated"
)
_CHANGE_BEFORE = re.compile(
    rf"\b(?:(?P<up>{_UP_WORDS})|(?P<down>{_DOWN_WORDS}))"
    r"(?:\s+(?:by|another|a further|an?|some|just|only|nearly|almost|about|around|roughly|"
    r"more than|less than|over|under))*\s*$",
    re.I,
)
# "expects to grow sales by 35%", "cut its costs by a fifth": the verb, its object, then "by"
_ADVERBS = re.compile(r"\|(?:up|down|higher|lower|revised up|revised down)(?=\||$)")
_CHANGE_BY = re.compile(
    rf"\b(?:(?P<up>{_ADVERBS.sub('', _UP_WORDS)})|(?P<down>{_ADVERBS.sub('', _DOWN_WORDS)}))\b"
    r"(?:\s+[\w’'-]+){1,2}\s+by\s*$",
    re.I,
)
_CHANGE_NOUN_AFTER = re.compile(
    r"\s+(?:(?P<up>increase|rise|gain|jump|growth|hike|surge|rally|climb|advance)|"
    r"(?P<down>decline|drop|fall|decrease|loss|cut|contraction|slump|slide|dip|reduction|plunge))"
    r"\b",
    re.I,
)
_BY_BEFORE = re.compile(r"\bby\s*$", re.I)
_YEAR_BEFORE = re.compile(r"\b(?:in|since|during|of)\s+$", re.I)
# "increased this from £6 to £10": the verb may stand a few words before "from"
_CHANGE_BEFORE_FROM = re.compile(
    rf"\b(?:(?P<up>{_UP_WORDS})|(?P<down>{_DOWN_WORDS}))\b(?:\s+[\w’'-]+){{0,3}}\s*$", re.I
)
_SIGN = re.compile(r"(?:(?<![A-Za-z\d])(?P<sym>[-−+])|\bminus[- ])$", re.I)
_PREFIX = re.compile(r"\b(?P<p>sub|under|over)-$", re.I)
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][A-Z&]+[- ]?|&[A-Z]+ |\b[A-Z][a-z]+-)$")
_CLOCK = re.compile(r"\d:\d|\d{4}-\d\d-\d\d|\d{4}-\d\dT")
_FRACTION_ORDINAL = re.compile(r"(?:an?|one)\s+(?:third|quarter|half)\Z", re.I)
_OF_AFTER = re.compile(r"\s+of\b", re.I)
_COMPOUND = re.compile(r"[A-Za-z]-$")
_ADDRESS_AFTER = re.compile(r"\s*(?:-?\s*block\b|calls?\b|dispatch)", re.I)
# "call 713-222-8477", "(555) 010-4477", "1-800-555-0199": a telephone number, no quantity.
_PHONE = re.compile(r"(?<![\d-])(?:1-)?(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}(?![\d-])")
_NOT_AFTER_ONE = re.compile(r"(?:-off\b|-on-one\b|\s+of\b|\s+another\b)", re.I)


# A capitalised word (or "iPhone") just before a bare number, not opening the sentence:
# "Section 427", "Game 7", "iPhone 14", "Big 12" are names.
_TITLE_BEFORE = re.compile(r"(?P<word>\b(?:[A-Z][\w&'’.-]*|[a-z]+[A-Z][\w]*))\s$")
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;\n\"“(]\s*)$")


def _in_phone_number(text: str, start: int, end: int) -> bool:
    # every group of a telephone number touches a separator: only those numbers are looked at
    near = text[max(0, start - 2) : end + 1]
    if "-" not in near and "." not in near and ")" not in near:
        return False
    lo = max(0, start - 16)
    return any(
        p.start() <= start - lo and end - lo <= p.end()
        for p in _PHONE.finditer(text[lo : end + 10])
    )


def _is_name_number(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 30) : start]
    if _NAME_BEFORE.search(before[-12:]):
        return True  # "S&P 500", "FTSE 100", "TA-35"
    m = _TITLE_BEFORE.search(before)
    if m is None or unit_after(text, end) is not None:
        return False
    opening = before[: m.start("word")]
    return not _SENTENCE_OPENING.search(opening) and not _DATE_BEFORE.search(m.group("word") + " ")


_AGE_AFTER = re.compile(r"(?:[-\s]years?[-\s]olds?\b)", re.I)
_AGE_BEFORE = re.compile(r"\baged\s+$", re.I)
# "Jane Roe, 58, of Ohio": an age in apposition to a name
_AGE_APPOSITION = re.compile(r"\b[A-Z][a-z]+,\s$")
# "$45 a barrel", "£30,000 a year"; not a time ago: "£512m a year earlier"
_RATE = re.compile(
    r"\s*(?:per|a|an|each|/)\s*(?P<per>[a-z]+)\b"
    r"(?!\s+(?:earlier|ago|before|later|after|previously|on|since)\b)",
    re.I,
)
_RATE_NOUNS = frozenset(
    "share shares barrel barrels day week month year hour minute second night person head "
    "capita unit ton tonne gallon litre liter ounce kilo pound mile".split()
)


def _currency(raw: str) -> tuple[str | None, str | None]:
    """The currency a number is written with ("$5", "HK$5", "PS6"): its code and its name."""
    found = _CUR_AT.match(raw)
    if found is None:
        return None, None
    symbol = found.group().strip()
    return _CURRENCY.get(symbol.rstrip("."), symbol), currency_name(symbol)


def _year_like(v: float | None) -> bool:
    return v is not None and v.is_integer() and 1000 <= v <= 2100


# "gave up 517 yards", "up from 50 per cent" (the old level), "raised 280 million" (money, not a
# change of it): the word before is not a change of this figure
_NOT_A_CHANGE = re.compile(r"(?:\b(?:gave|give|gives|giving|given|set|sets|raised|raise)\s+up|"
                           r"\b(?:up|down)\s+from|\braised)\s*$", re.I)  # fmt: skip


# every change word, and "up"/"raised" of _NOT_A_CHANGE: a window without one needs no search
_CHANGE_WORDS = frozenset(f"{_UP_WORDS}|{_DOWN_WORDS}".replace(" ", "|").split("|"))
_LETTERS = re.compile(r"[a-z]+")


def _direction(text: str, start: int, end: int) -> str | None:
    before = text[max(0, start - 40) : start]
    if not _CHANGE_WORDS.isdisjoint(_LETTERS.findall(before.lower())):
        if _NOT_A_CHANGE.search(before):
            return None
        m = _CHANGE_BEFORE.search(before) or _CHANGE_BY.search(before)
        if m is not None:
            return "up" if m.group("up") else "down"
    m = _CHANGE_NOUN_AFTER.match(text, end)
    if m is not None:
        return "up" if m.group("up") else "down"
    return None


# British pence against the number ("4.4p a litre", "95p"); "p" alone is no unit ("5 p")
_PENCE = re.compile(r"p(?!\w)")
_DEGREES_AGAINST = re.compile(r"[CF](?![\w-])")


def _unit_against(text: str, end: int) -> UnitMatch | None:
    """A unit written against the number that ends at ``end``: "50mph", "256GB", "95p",
    "40C"."""
    found = unit_after(text, end)
    if found is not None or not text[end - 1 : end].isdigit():
        return found
    if _PENCE.match(text, end):
        return UnitMatch("p", "penny", "currency", end + 1)
    degrees = _DEGREES_AGAINST.match(text, end)
    if degrees is not None:  # "40C", "1.5C (2.7F)": temperatures, as news writes them
        name = "celsius" if degrees.group() == "C" else "fahrenheit"
        return UnitMatch(degrees.group(), name, "temperature", end + 1)
    return found


def _numeric(text: str, m: re.Match[str], offset: int) -> list[Quantity]:
    """A match with digits or number words: its value, range or change, unit and what it counts.

    Not quantities: clock times and timestamps, telephone numbers, sports scores ("2-1"), pairs
    of years ("between 2014 and 2017", "2000 and 2003 results"), numbers in names ("S&P 500",
    "TA-35", "BBC One"), "one of …", "one-off", and ordinals that look like fractions ("a third
    quarter")."""
    raw = text[m.start("num") : m.end("num")]  # as written: the match may be lower-cased
    value = parse_number(raw)
    if value is None:
        return []
    start, end = m.start(), m.end()
    has_unit = bool(m.group("unit") or m.group("unit1"))
    currency = _CUR_AT.match(raw)
    bare = not (has_unit or currency or m.group("qual"))
    window = text[max(0, start - 2) : end + 2]
    if _CLOCK.search(window):
        return []
    before = text[max(0, start - 12) : start]
    if bare and not m.group("num2") and _is_name_number(text, start, end):
        return []
    if bare and _ADDRESS_AFTER.match(text, end):
        return []  # "the 100 block of Main Street", "911 call"
    if bare and _in_phone_number(text, start, end):
        return []
    if raw[:1].isupper() and raw.isalpha() and re.search(r"[A-Z][a-z]+ $", before):
        return []  # "BBC One", "Apple One"
    low_raw = raw.lower()
    if (
        low_raw == "one"
        and not m.group("qual")
        and (_DETERMINER_BEFORE.search(before.lower()) or _NOT_AFTER_ONE.match(text, end))
    ):
        return []  # "the same one", "one of the", "one-off": checked for "one" only
    if raw.isalpha() and _COMPOUND.search(before):
        return []  # "production-four-door"
    if _FRACTION_ORDINAL.fullmatch(low_raw) and not _OF_AFTER.match(text, end):
        return []  # "a third quarter", "a third-party"
    # a unit written against the number ("256GB", "50mph") must be a known one
    attached = None
    if end < len(text) and (text[end].isalpha() or text[end] in "°µ"):
        attached = _unit_against(text, end)
        if attached is None and not m.group("num2"):
            return []
    qualifier = _qualifier(m.group("qual"))
    prefix = _PREFIX.search(text[max(0, start - 6) : start])
    if prefix is not None and not m.group("qual"):  # "sub-500 sq m", "over-50s"
        qualifier = (
            Qualifier.LESS_THAN if prefix.group("p").lower() != "over" else Qualifier.MORE_THAN
        )
        start = start - len(prefix.group(0))
    low = high = previous = None
    direction: str | None = None
    extra: list[Quantity] = []
    if m.group("num2"):
        second = parse_number(text[m.start("num2") : m.end("num2")])
        conn = (m.group("conn") or m.group("dash") or m.group("word") or "").lower()
        pre = (m.group("pre") or "").lower()
        if second is None:
            return []
        nxt = _NEXT_WORD.match(text, end)
        counts_after = unit_after(text, end) is not None or (
            nxt is not None and nxt.group(1) not in _STOP and nxt.group(1).endswith("s")
        )
        listed = conn == "and" and pre != "between"  # "restate 2000 and 2003 results"
        if bare and _year_like(value) and _year_like(second) and (listed or not counts_after):
            return []  # a span of years is a time, "from 1000 to 2000 hires" a count
        if (
            bare
            and conn == "to"
            and _year_like(value)
            and not _year_like(second)
            and _YEAR_BEFORE.search(text[max(0, start - 8) : start])
        ):  # "from 120 tonnes in 2019 to 150 tonnes": the year is a time, the figure follows
            again = _QUANTITY.match(text, m.start("num2"))
            return _numeric(text, again, offset) if again is not None else []
        if conn in ("-", "–") and not pre and bare and second <= value and value.is_integer():
            return []  # a score: "2-1", "89-89"
        verb = _CHANGE_BEFORE.search(text[max(0, start - 40) : start])
        if pre == "from" and verb is None:
            verb = _CHANGE_BEFORE_FROM.search(text[max(0, start - 50) : start])
        units_differ = bool(m.group("unit1")) != bool(m.group("unit")) or bool(currency) != bool(
            _CUR_AT.match(text[m.start("num2") : m.end("num2")])
        )
        # "rose 7% to $2.3 billion", "fell by 5% to 10%": the change has a unit of its own, then
        # the level; "dropped by 1 to 1.5 degrees", "rose 3 to 5 miles": a range of the change
        changed = _BY_BEFORE.search(text[max(0, start - 6) : start]) or verb is not None
        split = bool(changed) and (bool(m.group("unit1") or currency) or units_differ)
        if conn == "to" and pre != "from" and (split or units_differ):
            # "rose by 5% to 10%": the change, then the new level
            level_unit, level_name = _currency(text[m.start("num2") : m.end("num2")])
            if m.group("unit"):
                level_unit, level_name = "%", "percentage"
            level_attached = None
            if end < len(text) and (text[end].isalpha() or text[end] in "°µ"):
                level_attached = _unit_against(text, end)
            if level_attached is not None and level_unit is None:
                level_unit, level_name = level_attached.text.lower(), level_attached.name
            if level_attached is not None or not (end < len(text) and text[end].isalpha()):
                level = _make(
                    text, m.start("num2"), end, offset, second, None, None, Qualifier.EXACT,
                    level_unit, None, unit_normalized=level_name,
                )  # fmt: skip
                extra.append(level)
            attached = None
            end = m.end("unit1") if m.group("unit1") else m.end("num")
            while end > start and text[end - 1] == " ":
                end -= 1
            direction = "up" if (verb and verb.group("up")) else "down" if verb else None
        elif pre == "from" and (verb is not None or second < value):
            previous, value = value, second  # "rose from 6 to 10", "from 157,000 to 133,000"
            if verb is not None:
                direction = "up" if verb.group("up") else "down"
            else:
                direction = "up" if value > previous else "down"
        elif second > value:
            low, high, qualifier = value, second, Qualifier.RANGE
    sign = _SIGN.search(text[max(0, m.start("num") - 6) : m.start("num")])
    if sign is not None and not m.group("qual") and not m.group("num2"):
        symbol = sign.group("sym")
        if symbol == "+":
            direction = "up"
        else:
            value = -value
            if symbol and has_unit:
                direction = "down"  # "FTSE -0.6%"
        start = m.start("num") - len(sign.group(0))
    if direction is None and (not m.group("num2") or qualifier is Qualifier.RANGE):
        direction = _direction(text, m.start("num") if not m.group("qual") else start, end)
    unit, name = _currency(raw)
    if not currency and text[max(0, start - 1) : start] == "$" and sign is not None:
        unit, name, start = "USD", "dollar", start - 1  # "$-50.8bn"
    if has_unit:
        unit, name = "%", "percentage"
    after = end
    if unit is None:
        written = attached or unit_after(text, end)
        if written is not None:
            unit, name, after = written.text.lower(), written.name, written.end
    age = _AGE_AFTER.match(text, end) or _AGE_BEFORE.search(text[max(0, start - 8) : start])
    if (
        age is None
        and bare
        and value.is_integer()
        and 1 <= value < 120
        and text[end : end + 1] == ","
    ):
        age = _AGE_APPOSITION.search(text[max(0, start - 20) : start])
    if age is not None and unit in (None, "years", "year"):
        unit, name = "years old", "year of age"
        after = max(after, age.end()) if age.re is _AGE_AFTER else after
    word_unit, counted = _counted(text, start, after)
    if unit == "years old":
        counted = None  # "a 19-year-old woman": an age, not a count of women
    if unit is None and word_unit is not None:
        unit, name = word_unit, singular(word_unit)
    if counted and _CHANGE_NOUN_AFTER.match(text, after):
        counted = None  # "a 0.3% decline": the change, not what is counted
    if name and name != "year of age":
        rate = _RATE.match(text, after)
        if rate is not None:  # "$62 per share", "52,000 barrels per day", "$45 a barrel"
            per = unit_after(text, rate.end())
            per_name = per.name if per is not None else singular(rate.group("per"))
            if per is not None or rate.group("per").lower() in _RATE_NOUNS:
                name = f"{name} per {per_name}"
    if not (m.group("num2") or m.group("qual") or sign or prefix):
        start = m.start("num")
    more: dict[str, object] = {}
    if name:
        more["unit_normalized"] = name
    if direction:
        more["direction"] = direction
    if previous is not None:
        more["previous"] = previous
    return [_make(text, start, end, offset, value, low, high, qualifier, unit, counted, **more),
            *extra]  # fmt: skip


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
    **more: object,
) -> Quantity:
    """A quantity over ``text[start:end]`` (trailing punctuation trimmed); ``more`` sets the
    other fields (``unit_normalized``, ``direction``, ``previous``)."""
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
        **more,
    )
