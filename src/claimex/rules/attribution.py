"""Attribution in news English: who says what, through which cue, relayed by whom.

Handles direct quotes (straight and curly marks, quotes running over several paragraphs, and
"floating" quotes whose speaker was named just before), indirect speech ("X said (that) …",
"…, X said."), inverted frames ("…, said X."), "according to X", outlets ("Fox News reported",
"told Reuters") and chains ("…, the government said in a statement, Fox News reported").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import QuoteType, SpeakerType

__all__ = [
    "AFTER_QUOTE",
    "Frame",
    "QuoteRegion",
    "find_frame",
    "find_quote_regions",
    "speaker_type",
]

_VERBS = (
    r"said|says|say|told|tells|added|adds|stated|states|noted|notes|explained|announced|reported|"
    r"reports|wrote|writes|claimed|claims|argued|argues|warned|warns|insisted|insists|asserted|"
    r"confirmed|confirms|denied|denies|acknowledged|acknowledges|admitted|admits|tweeted|posted|"
    r"declared|estimated|estimates|predicted|predicts|suggested|suggests|believes|believed|"
    r"thinks|thought|expects|expected|maintained|maintains|recalled|testified|alleges|"
    r"revealed|disclosed|stressed|emphasized|emphasised|conceded|concedes|worried|feared|fears|"
    r"hopes|hoped|knew|knows|found|finds|concluded|concludes|showed|shows|indicated|indicates|"
    r"accused|accuses|charged|promised|promises|vowed|vows|pledged|urged|urges|responded|replied|"
    r"countered|complained|observed|pointed out|went on|continued|agreed|agrees|predicted"
)
_AUX = (
    r"(?:(?:has|have|had|also|previously|later|then|repeatedly|once|reportedly|"
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\s+)*"
)
_HEADS = (
    r"officials?|police|governor|government|report|reports|statement|spokes(?:man|woman|person)|"
    r"authorities|witnesses|sources?|residents|experts|analysts|paper|newspaper|agency|ministry|"
    r"department|company|prosecutors?|investigators|officers?|mayor|president|minister|campaign|"
    r"office|committee|army|military|council|court|survey|poll|study|data|documents?|leaders?|"
    r"lawmakers|senators?|aides?|advisers?|advisors?|officers|spokesmen|representatives?|"
    r"administration|group|organi[sz]ation|people|critics|supporters|voters|observers|media|"
    r"outlets?|network|station|website|site|article|story|source|team|party|democrats|"
    r"republicans|candidates?|nominee|chief|director|secretary|chairman|chairwoman|ambassador|"
    r"commission|board|union|agency"
)
_CAP = r"[A-Z][\w’'.&-]*"
_NAME = rf"(?:(?:[Tt]he\s+)?{_CAP}(?:\s+(?:(?:of|the|de|del|la|for|and|van|von|al)\s+)*{_CAP})*)"
_NP = (
    rf"(?:(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Ss]everal|[Ss]ome|[Mm]any|[Mm]ost|"
    rf"[Tt]wo|[Tt]hree|[Oo]ther|[Bb]oth)\s+)?(?:(?:{_CAP}|[a-z][\w-]*)\s+){{0,3}}?(?:{_HEADS})"
    rf"(?:\s+(?:of|for|in|at|from)\s+(?:the\s+)?(?:[a-z]+\s+){{0,2}}?(?:of\s+)?{_CAP}(?:\s+{_CAP})*)?"
)
_PRON = r"(?:he|she|they|it|we|I|He|She|They|It|We|who)"
_SPEAKER = rf"(?:{_NP}|{_NAME}|{_PRON})"
_ADDRESSEE = (
    r"(?:reporters|journalists|lawmakers|supporters|the\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*|"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)"
)
# "told Reuters", "said to reporters"; "told former Fox News host Bill O'Reilly:" up to the colon
_CUE = (
    rf"(?:(?:told|tells)\s+(?:{_ADDRESSEE}|[^:\"“”,.]{{1,60}}?(?=\s*:))"
    rf"|(?:said|says|speaking|spoke)\s+to\s+{_ADDRESSEE}|(?:{_VERBS}))"
)
_TRAIL = (
    r"(?:\s+(?:on|in|at|during|late|early|last|this|after|before|while|when|to)\b"
    r"[^,.;:\"“”]{0,60})?"
)
_END = r"\s*[.!?,;]?[\"”’]*\s*$"

# "…, X said [on Sunday]."  /  "…, said X."
_TRAILING = re.compile(
    rf"(?P<sep>[,;]?[\"”’]?,?\s+|[\"”’]\s*)(?P<speaker>{_SPEAKER})\s+{_AUX}"
    rf"(?P<cue>{_CUE}){_TRAIL}{_END}"
)
_TRAILING_INV = re.compile(
    rf"(?P<sep>[,;]?[\"”’]?,?\s+|[\"”’]\s*)(?P<cue>(?:{_VERBS}))\s+(?P<speaker>{_SPEAKER}){_TRAIL}{_END}"
)
# "X said (that) …" / "X told Reuters: …" (optionally after an opening phrase and a comma)
_LEADING = re.compile(
    rf"^(?P<intro>[\"“‘']?(?:[^,\"“”]{{0,80}},\s+)?)(?P<speaker>{_SPEAKER})\s+{_AUX}"
    rf"(?P<cue>{_CUE})(?:\s+(?:on|in|at|during|last|this|late|early)\s+[^,:\"“”]{{0,50}}?"
    rf"(?P<link1>\s*:\s*|\s+that\s+|,\s+)|(?P<link>\s*:\s*|\s+that\s+|,\s+|\s+))(?=\S)"
)
# Right after a closing quote mark: ", he said, referring to …" / ", said the governor"
AFTER_QUOTE = re.compile(
    rf"^\s*,?\s*(?:(?P<speaker>{_SPEAKER})\s+{_AUX}(?P<cue>{_CUE})|(?P<cue2>{_CUE})\s+(?P<speaker2>{_SPEAKER}))\b"
)
_ACCORDING = re.compile(
    r"(?P<cue>[Aa]ccording to)\s+"
    r"(?P<speaker>(?:[^,.;:\"“”](?!\s+(?:on|early|late|in|last|this|at)\s))*"
    r"[^,.;:\"“”\s])"
)
_IT_WAS = re.compile(
    r"(?P<sep>,?\s+)(?P<cue>it (?:was|has been|is) (?:reported|said|claimed|alleged|announced))"
    + _END
)

_OUTLET_WORDS = re.compile(
    r"\b(?:Reuters|AP|AFP|Associated Press|Agence France|Bloomberg|CNN|BBC|NBC|CBS|ABC|MSNBC|NPR|"
    r"Fox|News|Times|Post|Press|Journal|Herald|Tribune|Gazette|Daily|Guardian|Telegraph|Paper|"
    r"Magazine|Radio|TV|Television|Wire|Politico|Axios|Breitbart|HuffPost|Huffington)\b"
    r"|\b(?:the )?(?:paper|newspaper|news reports?|network|broadcaster|outlet|station|"
    r"website|media)\b",
)
_DOC_WORDS = re.compile(
    r"\b(?:report|reports|statement|study|survey|poll|document|documents|memo|filing|data|"
    r"letter|analysis|review|audit|complaint|indictment|lawsuit|article|story)\b",
    re.I,
)
_ORG_WORDS = re.compile(
    r"\b(?:government|police|officials?|ministry|department|authorities|agency|office|company|"
    r"campaign|committee|army|military|state|council|party|court|administration|commission|"
    r"board|union|university|institute|foundation|group|organi[sz]ation|cartel|congress|senate|"
    r"parliament|democrats|republicans|prosecutors|investigators|spokes\w+|sources?)\b",
    re.I,
)
_PERSON_TITLES = re.compile(
    r"\b(?:Gov|Governor|President|Mayor|Sen|Senator|Rep|Representative|Mr|Mrs|Ms|Dr|Prof|Gen|"
    r"General|Minister|Secretary|Attorney|Judge|Justice|Chief|Director|Chairman|Chairwoman|"
    r"Ambassador|King|Queen|Prince|Pope|Rev|Sheriff|Commissioner|Speaker|Lt|Col|Capt|Sgt|"
    r"host|governor|president|mayor|minister|spokes(?:man|woman|person)|senator|leader|chief)\b"
)
_PERSON_PRON = re.compile(r"^(?:he|she|i|who|him|her)$", re.I)


def speaker_type(speaker: str | None) -> SpeakerType:
    """A coarse type for a speaker as written; outlets beat organisations beat people."""
    if not speaker:
        return SpeakerType.ARTICLE
    s = speaker.strip()
    if _PERSON_PRON.match(s):
        return SpeakerType.PERSON
    if _OUTLET_WORDS.search(s):
        return SpeakerType.OUTLET
    if _DOC_WORDS.search(s) and not _PERSON_TITLES.search(s):
        return SpeakerType.DOCUMENT
    if _PERSON_TITLES.search(s) and not re.search(r"\b(?:government|office|administration)\b", s):
        return SpeakerType.PERSON
    if _ORG_WORDS.search(s):
        return SpeakerType.ORGANISATION
    words = s.split()
    if s.lower() in {"they", "we", "it"}:
        return SpeakerType.UNKNOWN
    if 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        return SpeakerType.PERSON
    return SpeakerType.UNKNOWN


@dataclass(frozen=True)
class Frame:
    """An attribution found in one sentence; offsets are relative to that sentence."""

    speaker: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    quote_type: QuoteType
    via: list[Frame] = field(default_factory=list)


def _strip_range(text: str, a: int, b: int, chars: str = " \t,;:\"“”‘’'") -> tuple[int, int]:
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars + ".":
        b -= 1
    return a, b


_NUMBER_WORD = re.compile(
    r"^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|"
    r"thousands|several|many|some|few)$",
    re.I,
)


def _ok_speaker(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 9
        and not re.search(r"\d", text)
        and not (len(words) == 1 and _NUMBER_WORD.match(words[0]))
    )


def _trailing(sentence: str, upto: int) -> Frame | None:
    head = sentence[:upto]
    m = _IT_WAS.search(head)
    if m:
        a, b = _strip_range(sentence, 0, m.start())
        if b > a:
            return Frame(None, m.span("cue"), (a, b), QuoteType.INDIRECT)
    for pattern in (_TRAILING, _TRAILING_INV):
        m = pattern.search(head)
        if m and _ok_speaker(m.group("speaker")):
            a, b = _strip_range(
                sentence, 0, m.start("sep") + (1 if m.group("sep")[:1] in '"”’' else 0)
            )
            if b - a < 8:
                continue
            return Frame(m.span("speaker"), m.span("cue"), (a, b), QuoteType.INDIRECT)
    return None


def find_frame(sentence: str) -> Frame | None:
    """The attribution frame of one sentence, or ``None`` when it speaks in the article's voice."""
    via: list[Frame] = []
    frame = _trailing(sentence, len(sentence))
    if frame:
        # A frame right before the first makes a chain: "…, the state said, Fox News reported."
        inner = _trailing(sentence, frame.content[1] + 1) if frame.speaker else None
        if inner and inner.speaker and inner.content[1] <= frame.content[1]:
            via.append(frame)
            frame = inner
    else:
        m = _LEADING.match(sentence)
        if m and _ok_speaker(m.group("speaker")) and not _bad_leading(m.group("speaker")):
            a, b = _strip_range(sentence, m.end(), len(sentence))
            if b - a >= 8:
                frame = Frame(m.span("speaker"), m.span("cue"), (a, b), QuoteType.INDIRECT)
    acc = _ACCORDING.search(sentence)
    if acc and _ok_speaker(acc.group("speaker")):
        if frame is None:
            before = _strip_range(sentence, 0, acc.start())
            after = _strip_range(sentence, acc.end(), len(sentence))
            content = before if before[1] - before[0] >= after[1] - after[0] else after
            if content[1] - content[0] >= 8:
                frame = Frame(acc.span("speaker"), acc.span("cue"), content, QuoteType.ACCORDING_TO)
        elif not _inside(acc.span(), frame.content) or _at_end(
            sentence, acc.end(), frame.content[1]
        ):
            content = frame.content
            if _inside(acc.span(), content):  # "X said …, according to the paper": trim it off
                content = _strip_range(sentence, content[0], acc.start())
            via.append(Frame(acc.span("speaker"), acc.span("cue"), content, QuoteType.ACCORDING_TO))
            frame = Frame(frame.speaker, frame.cue, content, frame.quote_type)
    if frame and via:
        frame = Frame(frame.speaker, frame.cue, frame.content, frame.quote_type, via)
    return frame


def _at_end(sentence: str, pos: int, end: int) -> bool:
    return not sentence[pos:end].strip(' .,;:"”’')


def _bad_leading(speaker: str) -> bool:
    """Sentence-initial words that look like a speaker but are not one ("So far", "There")."""
    first = speaker.split()[0].lower()
    return first in {"there", "this", "that", "these", "those", "so", "but", "and", "what", "when"}


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


@dataclass(frozen=True)
class QuoteRegion:
    """Characters between quotation marks; may run over several paragraphs."""

    start: int  # first character inside the marks
    end: int  # the closing mark (or the end of the last paragraph when never closed)
    closed: bool


_OPEN = "“"
_CLOSE = "”"


def find_quote_regions(text: str) -> list[QuoteRegion]:
    """Quoted stretches of ``text``: curly marks pair up; straight marks alternate per paragraph.

    News style continues a quote over paragraphs by opening each paragraph with a mark and
    closing only the last one; such a quote becomes one region.
    """
    regions: list[QuoteRegion] = []
    open_at: int | None = None
    straight_open: int | None = None
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            if straight_open is not None:
                regions.append(QuoteRegion(straight_open, i, False))
                straight_open = None
        elif ch == _OPEN:
            if open_at is None:
                open_at = i + 1
            elif "\n" in text[open_at:i]:
                pass  # a continued paragraph of the same quote
            else:
                open_at = i + 1  # unbalanced: restart
        elif ch == _CLOSE and open_at is not None:
            regions.append(QuoteRegion(open_at, i, True))
            open_at = None
        elif ch == '"':
            if straight_open is None:
                straight_open = i + 1
            else:
                regions.append(QuoteRegion(straight_open, i, True))
                straight_open = None
        i += 1
    if open_at is not None:
        regions.append(QuoteRegion(open_at, n, False))
    if straight_open is not None:
        regions.append(QuoteRegion(straight_open, n, False))
    return sorted(regions, key=lambda r: r.start)
