"""Turning one document's claims into mentions of facts, each with a key that says what it is about.

A quantity's key is what it counts and the event ("officers" + "killed"), read from the claim's
``counted`` words and, when those name no event, from the nearest event word in the claim. Figures
that count nothing ("less than 50 miles from the border") are keyed by what they measure. All of it
is word lists and patterns about phenomena (deaths, distances, revisions), never about a document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from claimex.compare.comparison import Mention, Role, Scope
from claimex.core.schema import Claim, ExtractionResult, Qualifier, Quantity, Span
from claimex.taggers.timex import find_times

__all__ = ["FactKey", "KeyedMention", "mentions_of", "report_time"]

# Event words and the event they name; one event per fact.
_EVENTS = {
    "killed": "killed",
    "dead": "killed",
    "deaths": "killed",
    "death": "killed",
    "died": "killed",
    "slain": "killed",
    "fatalities": "killed",
    "toll": "killed",
    "injured": "injured",
    "wounded": "injured",
    "hurt": "injured",
    "injuries": "injured",
    "wound": "injured",
    "wounds": "injured",
    "hospitalized": "injured",
    "fatally": "killed",
    "missing": "missing",
    "disappeared": "missing",
    "arrested": "arrested",
    "detained": "arrested",
    "seized": "seized",
    "confiscated": "seized",
    "evacuated": "evacuated",
    "displaced": "displaced",
}
# Head nouns that name the same kind of thing.
_ENTITIES = {
    "people": "people",
    "persons": "people",
    "person": "people",
    "toll": "people",
    "officers": "officers",
    "officer": "officers",
    "policemen": "officers",
    "cops": "officers",
    "police": "officers",
    "gunmen": "gunmen",
    "attackers": "gunmen",
    "assailants": "gunmen",
}
# Casualties are people whatever the report calls them: "a man was killed", "two teens were
# wounded", "the victims" count the same fact as "people killed" (only for deaths and injuries:
# "3,000 residents" and "nine women" stay what they are).
_CASUALTY_ENTITIES = dict.fromkeys(
    "man men woman women boy boys girl girls teen teens teenager teenagers child children "
    "toddler infant baby victim victims person resident residents student students motorist "
    "bystander bystanders juvenile juveniles male males female females others customer "
    "employee driver pedestrian passenger passengers shot individuals "
    "kids kid adults adult daughters daughter sons son brothers brother sisters sister "
    "mother father mothers fathers wife husband girlfriend boyfriend grandmother grandfather "
    "uncle aunt nephew niece cousin neighbor neighbour grandchildren grandchild relatives "
    "relative parents parent family families friends friend classmates "
    "classmate nurses nurse workers worker civilians civilian hostages hostage worshippers "
    "youths youth minors inmates patients fans".split(),
    "people",
) | dict.fromkeys("suspect suspects shooter shooters gunman".split(), "gunmen")
_CASUALTY_EVENTS = frozenset({"killed", "injured"})
# What can be killed or injured: people under any name. A figure near "killed" that counts
# something else ("105 Lane", "665 Drive", "the 2014 season", "two vehicles") is no casualty.
_CASUALTY_HEADS = (
    frozenset(_CASUALTY_ENTITIES)
    | frozenset(_ENTITIES)
    | frozenset(
        "soldiers soldier officer deputies deputy troopers trooper agents agent guards guard "
        "americans citizens members member".split()
    )
)
# Modifiers that do not change what is counted, and those that make a figure a change, not a total.
_IGNORED = frozenset(
    "alleged suspected other the of a an local state federal municipal later also "
    "so far now yet".split()
)
_INCREMENT = frozenset("additional more further extra another new".split())
_PARTICIPLE = re.compile(r"[a-z]{3,}ed$")  # "vehicles involved": the event after the noun
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

_UNIT_CLASS = {
    "mile": "distance",
    "miles": "distance",
    "km": "distance",
    "kilometers": "distance",
    "kilometres": "distance",
    "meters": "distance",
    "metres": "distance",
    "feet": "distance",
    "hour": "time",
    "hours": "time",
    "minute": "time",
    "minutes": "time",
    "day": "time",
    "days": "time",
    "week": "time",
    "weeks": "time",
    "month": "time",
    "months": "time",
    "year": "time",
    "years": "time",
    "%": "percent",
    "percent": "percent",
}
_NEXT_WORD = re.compile(r"\s*([A-Za-z%]+)")
# "50 miles from the US border", "an hour from the Texas border": a distance to a named place.
_FROM = re.compile(r"\s*(?:[a-z]+\s+)?(?:away\s+)?from\s+(?:the\s+)?")
_PLACE_WORDS = re.compile(r"[A-Za-z][\w.’'-]*|[^\sA-Za-z]")
_PLACE_STOP = frozenset("in on at and or to where which that with of by for near after".split())
_PREVIOUS = re.compile(
    r"(?:\b(?:revised|raised|lowered|corrected|updated|adjusted)(?:\s+(?:up|down)(?:wards?)?)?"
    r"|\b(?:up|down))\s+from\s+$",
    re.I,
)
_UPDATED = re.compile(
    r"\b(?:bringing|brought|brings|raising|raised|revised|rose|risen|rising|climbed|climbing|"
    r"increased|jumped|grew|reached)\b[^.;]{0,40}?\bto\s+$",
    re.I,
)


@dataclass(frozen=True)
class FactKey:
    """What a figure is about: ``("count", "officers", "killed")``, ``("distance", "border")``."""

    kind: str
    what: str
    event: str | None = None
    elsewhere: bool = False  # a casualty count of other incidents ("a separate shooting")

    @property
    def name(self) -> str:
        if self.kind == "distance":
            return f"distance from the {self.what}"
        if self.kind == "measure":
            return {"time": "duration", "percent": "percentage"}.get(self.what, self.what)
        name = f"{self.what} {self.event}" if self.event else self.what
        return f"{name} in other incidents" if self.elsewhere else name


@dataclass(frozen=True)
class KeyedMention:
    mention: Mention
    key: FactKey | None  # None: a statement without quantities, grouped by its wording
    context: str  # the claim's words without the figure, for grouping figures that count nothing


def _words(text: str | None) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text or "")]


def _count_key(q: Quantity, claim: Claim, text: str) -> tuple[FactKey | None, bool]:
    """(entity, event) from the counted words, the event from the claim when they name none."""
    words = _words(q.counted)
    if words[:2] == ["death", "toll"] or words == ["toll"]:
        return FactKey("count", "people", "killed"), False
    increment = any(w in _INCREMENT for w in words)
    events = [
        _EVENTS.get(w, w)
        for w in words
        if w in _EVENTS or (_PARTICIPLE.match(w) and w not in _IGNORED)
    ]
    event = events[0] if events else None
    nouns = [
        w
        for w in words
        if w not in _EVENTS and not _PARTICIPLE.match(w) and w not in _IGNORED | _INCREMENT
    ]
    if not nouns:
        return None, increment
    head = nouns[-1]
    what = _ENTITIES.get(head, head)
    if event is None and q.span is not None:
        event = _nearest_event(text, claim, q.span)
    if event in _CASUALTY_EVENTS:
        if head not in _CASUALTY_HEADS:
            return FactKey("count", what, None), increment
        what = _CASUALTY_ENTITIES.get(head, what)
    return FactKey("count", what, event), increment


def _nearest_event(text: str, claim: Claim, span: Span) -> str | None:
    """The event word in the claim's evidence nearest to the figure ("four of them … killed")."""
    best: tuple[int, str] | None = None
    for ev in claim.evidence:
        for m in _WORD.finditer(text, ev.start, ev.end):
            event = _EVENTS.get(m.group().lower())
            if event is None:
                continue
            distance = abs(m.start() - span.start)
            if best is None or distance < best[0]:
                best = (distance, event)
    return best[1] if best else None


def _measure_key(q: Quantity, text: str) -> tuple[FactKey | None, str | None]:
    """Figures that count nothing: a distance to a place, or a measure in a unit class."""
    if q.span is None:
        return None, q.unit
    unit = q.unit
    after = q.span.end
    if unit is None:
        m = _NEXT_WORD.match(text, after, after + 20)
        if m and m.group(1).lower() in _UNIT_CLASS:
            unit, after = m.group(1).lower(), m.end()
    unit_class = _UNIT_CLASS.get((unit or "").lower())
    if unit_class is None:
        for word in reversed(q.text.split()):  # "more than an hour": the unit is in the text
            unit_class = _UNIT_CLASS.get(word.lower())
            if unit_class:
                unit = word.lower()
                break
    if unit_class in {"distance", "time"}:
        place = _place_after(text, after)
        if place:
            return FactKey("distance", place), unit
    if unit_class is None:
        return None, unit
    return FactKey("measure", unit_class), unit


def _place_after(text: str, at: int) -> str | None:
    """The place after "from": its last word before punctuation or a preposition."""
    m = _FROM.match(text, at, at + 40)
    if m is None:
        return None
    last = None
    for w in _PLACE_WORDS.findall(text, m.end(), m.end() + 60)[:5]:
        if not w[0].isalpha() or w.lower() in _PLACE_STOP:
            break
        last = w.rstrip(".").lower()
        if w.endswith(".") and "." not in w[:-1]:  # "border." ends the sentence; "U.S." does not
            break
    return last


_PAIR = re.compile(r"\s*(?:to|and|or|-|–)\s*$")


def _paired(text: str, first: Quantity, second: Quantity) -> bool:
    """Two figures joined by "to", "and" or a dash: a change or a range of the same thing."""
    if first.span is None or second.span is None or first.span.end > second.span.start:
        return False
    return _PAIR.match(text, first.span.end, second.span.start) is not None


# "four people, including two children": a part of the total before it. ("Four were shot; two of
# them died" is no part: the two are all the deaths.)
_PART_BEFORE = re.compile(r"\b(?:including|among\s+them|among\s+whom)\s+$", re.I)
# "three children and two adults were killed": parts joined by "and", each with its own noun
_AND_PART = re.compile(r"\s+[A-Za-z’'-]+(?:\s+[A-Za-z’'-]+)?,?\s+and\s+$")


def _role(q: Quantity, text: str, increment: bool) -> Role:
    if q.span is None:
        return Role.CURRENT
    before = text[max(0, q.span.start - 60) : q.span.start]
    if _PREVIOUS.search(before):
        return Role.PREVIOUS
    if _UPDATED.search(before):
        return Role.UPDATED
    if _PART_BEFORE.search(before):
        return Role.PART
    return Role.INCREMENT if increment else Role.CURRENT


def _with_total(mentions: list[KeyedMention], text: str) -> list[KeyedMention]:
    """Casualty counts of one claim joined by "and" ("three children and two adults were found
    dead") are parts: their sum is the claim's total, as a mention spanning them all, placed
    after them. A part after "including" is one only when the claim gave the same fact's total
    before it ("five were shot, including two who died": the two are the deaths)."""
    out = list(mentions)
    for i, km in enumerate(out):
        if km.mention.role is Role.PART and not any(
            o.key == km.key and o.mention.role is Role.CURRENT for o in out[:i]
        ):
            out[i] = _with_role(km, Role.CURRENT)
    runs: list[list[int]] = []
    run: list[int] = []
    for i, km in enumerate(out):
        if run and _summable(km) and km.key == out[run[-1]].key and _joined(out[run[-1]], km, text):
            run.append(i)
            continue
        if len(run) > 1:
            runs.append(run)
        run = [i] if _summable(km) else []
    if len(run) > 1:
        runs.append(run)
    for run in reversed(runs):  # from the end, so that earlier indices stay valid
        parts = [out[i] for i in run]
        for i in run:
            out[i] = _with_role(out[i], Role.PART)
        out.insert(run[-1] + 1, _total(parts, text))
    return out


def _with_role(km: KeyedMention, role: Role) -> KeyedMention:
    return replace(km, mention=km.mention.model_copy(update={"role": role}))


def _summable(km: KeyedMention) -> bool:
    """A casualty count that states a total of its own, with words to point at."""
    m = km.mention
    casualty = km.key is not None and km.key.event in _CASUALTY_EVENTS
    return casualty and m.role is Role.CURRENT and m.evidence is not None


def _joined(first: KeyedMention, second: KeyedMention, text: str) -> bool:
    a, b = first.mention.evidence, second.mention.evidence
    return a is not None and b is not None and _AND_PART.fullmatch(text, a.end, b.start) is not None


def _total(parts: list[KeyedMention], text: str) -> KeyedMention:
    """The sum of parts as one mention: "Three children and two adults", 5."""
    first, last = parts[0].mention, parts[-1].mention
    assert first.evidence is not None and last.evidence is not None  # _summable
    noun = _NEXT_WORD.match(text, last.evidence.end)  # "… and two [adults]"
    span = Span.of(text, first.evidence.start, noun.end() if noun else last.evidence.end)
    exact = all(k.mention.qualifier in (None, Qualifier.EXACT) for k in parts)
    total = first.model_copy(
        update={
            "evidence": span,
            "value": sum(k.mention.value or 0.0 for k in parts),
            "quantity_text": span.text,
            "qualifier": Qualifier.EXACT if exact else Qualifier.AT_LEAST,
        }
    )
    return KeyedMention(total, parts[0].key, parts[0].context)


def _base(doc_id: str, claim: Claim, when: dt.date | None) -> dict[str, object]:
    a = claim.attribution
    return {
        "doc_id": doc_id,
        "claim_id": claim.id,
        "claim_text": claim.text,
        "speaker": a.speaker,
        "speaker_type": a.speaker_type,
        "cue": a.cue,
        "via": [v.speaker for v in a.via if v.speaker],
        "report_time": when,
    }


def mentions_of(result: ExtractionResult, text: str, when: dt.date | None) -> list[KeyedMention]:
    """Every quantity of every claim as a keyed mention; claims without quantities as statements."""
    doc_id = result.doc_id or "document"
    found: list[KeyedMention] = []
    for claim in result.claims:
        found.extend(_with_total(_claim_mentions(doc_id, claim, text, when), text))
    return found


def _claim_mentions(
    doc_id: str, claim: Claim, text: str, when: dt.date | None
) -> list[KeyedMention]:
    """Every quantity of one claim as a keyed mention; a claim without one as a statement."""
    found: list[KeyedMention] = []
    base = _base(doc_id, claim, when)
    # reports are alike in the words they print; the claim's text may name a speaker for a
    # pronoun ("Trump planned …" for "He planned …"), so wording is compared on the evidence
    written = " ".join(e.text for e in claim.evidence) or claim.text
    if not claim.quantities:
        span = claim.evidence[0] if claim.evidence else None
        return [KeyedMention(Mention(**base, evidence=span), None, written)]  # type: ignore[arg-type]
    last: tuple[Quantity, FactKey | None] | None = None
    for q in claim.quantities:
        # a figure with a unit ("two weeks ago", "50 miles") is a measure, not a count
        counts = q.counted and not q.unit
        key, increment = _count_key(q, claim, text) if counts else (None, False)
        unit = q.unit
        if key is None and last and _paired(text, last[0], q):
            key = last[1]  # "revised up from 14 to at least 21": the second counts the same
        if key is None:
            key, unit = _measure_key(q, text)
        if key is not None and key.event in _CASUALTY_EVENTS and _elsewhere(q, text):
            key = replace(key, elsewhere=True)
        last = (q, key)
        context = written.replace(q.text, " ")
        role = _role(q, text, increment)
        figures = [(q.value, role)]
        if q.previous is not None:
            # "rose from 14 to 21" in one quantity: the old figure and the new one
            figures = [(q.previous, Role.PREVIOUS), (q.value, _updated(role))]
        for value, as_role in figures:
            mention = Mention(
                **base,  # type: ignore[arg-type]
                evidence=q.span,
                value=value,
                qualifier=q.qualifier,
                quantity_text=q.text,
                unit=unit,
                role=as_role,
                scope=_scope(q, key, text),
            )
            found.append(KeyedMention(mention, key, context))
    return found


# A sentence that counts the casualties of other incidents: a round-up ("two people were killed in
# a separate shooting", "the city's 40th homicide this year", "12 people have been shot since
# January"), which must not join the incident's own figures.
_ELSEWHERE = re.compile(
    r"\b(?:separate|unrelated|earlier|previous|similar|other|another)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:shootings?|incidents?|attacks?|killings?|homicides?|murders?|cases?)\b(?!\s+victims?)"
    r"|\b(?:so\s+far\s+)?this\s+year\b|\bso\s+far\s+in\s+(?:19|20)\d\d\b"
    r"|\bsince\s+(?:January|the\s+(?:start|beginning)\s+of)\b|\bin\s+recent\s+(?:weeks|months|years)\b"
    r"|\b(?:nationwide|across\s+the\s+(?:country|nation|state))\b",
    re.I,
)


def _elsewhere(q: Quantity, text: str) -> bool:
    """Whether the sentence of a casualty count is about other incidents (see ``_ELSEWHERE``)."""
    if q.span is None:
        return False
    a, b = q.span.start, q.span.end
    start = max(text.rfind(". ", 0, a), text.rfind("\n", 0, a)) + 1
    stops = [i for i in (text.find(". ", b), text.find("\n", b)) if i >= 0]
    return _ELSEWHERE.search(text, start, min(stops) if stops else len(text)) is not None


# Scope of a casualty count, from the words after it in its sentence.
_WITH_SHOOTER = re.compile(
    r"\bincluding\s+(?:the\s+)?(?:suspected\s+)?(?:gunman|shooter|suspect|attacker|assailant)\b"
    r"|murder[- ]suicide",
    re.I,
)
_SHOOTER_APART = re.compile(
    r"\b(?:before|then|and|later)\s+(?:turning\s+the\s+gun\s+on|turned\s+the\s+gun\s+on|"
    r"shooting|shot|killing|killed)\s+(?:himself|herself)\b",
    re.I,
)


def _scope(q: Quantity, key: FactKey | None, text: str) -> Scope | None:
    """Whether a death or injury count includes the shooter, when its sentence says so."""
    if key is None or key.event not in _CASUALTY_EVENTS or q.span is None:
        return None
    end = text.find(".", q.span.end)
    after = text[q.span.start : end if end != -1 else len(text)]
    if _WITH_SHOOTER.search(after):
        return Scope.WITH_SHOOTER
    if _SHOOTER_APART.search(after):
        return Scope.VICTIMS
    return None


def _updated(role: Role) -> Role:
    return Role.UPDATED if role is Role.CURRENT else role


def report_time(text: str) -> tuple[dt.date | None, str | None]:
    """When a report was written, at the earliest: the latest full date it mentions.

    Month-and-day dates take the year of a full date in the same text ("Nov. 30, 2019" … "early
    on Dec. 1"); weekdays alone are ignored, because they need the date this is trying to find.
    """
    times = find_times(text)
    years = [int(t.value[:4]) for t in times if t.value and len(t.value) == 10]
    if not years:
        return None, None
    resolved = find_times(text, reference=dt.date(max(years), 12, 31))
    best: tuple[dt.date, str] | None = None
    for t in resolved:
        if not t.value or len(t.value) != 10 or not any(ch.isdigit() for ch in t.text):
            continue
        day = dt.date.fromisoformat(t.value)
        if best is None or day > best[0]:
            best = (day, t.text)
    if best is None:
        return None, None
    return best[0], f"latest date in the text: {best[1]!r}"
