"""Attribution in news English: who says what, through which cue, relayed by whom.

Handles direct quotes (straight and curly marks, quotes running over several paragraphs, and
"floating" quotes whose speaker was named just before), indirect speech ("X said (that) …",
"…, X said."), inverted frames ("…, said X."), "according to X", outlets ("Fox News reported",
"told Reuters") and chains ("…, the government said in a statement, Fox News reported").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache

from claimex.core.schema import QuoteType, SpeakerType
from claimex.taggers.sentences import words_of

__all__ = [
    "AFTER_QUOTE",
    "ATTITUDE",
    "CUE_WORDS",
    "Frame",
    "QuoteIndex",
    "QuoteRegion",
    "find_frame",
    "find_quote_regions",
    "opens_with_frame",
    "speaker_type",
    "without_addressee",
]

# Verbs of saying, and of believing, wanting and judging: news attributes both (PolNeAR-style).
_SPEECH = (
    r"said|says|say|told|tells|added|adds|stated|states|noted|notes|explained|explains|"
    r"announced|announces|reported|reports|wrote|writes|claimed|claims|argued|argues|warned|"
    r"warns|insisted|insists|asserted|asserts|confirmed|confirms|denied|denies|acknowledged|"
    r"acknowledges|admitted|admits|tweeted|posted|declared|declares|commented|comments|replied|"
    r"replies|responded|responds|answered|recalled|recalls|testified|alleges|revealed|reveals|"
    r"disclosed|stressed|stresses|emphasized|emphasised|emphasizes|conceded|concedes|contended|"
    r"contends|maintained|maintains|pointed out|asked|asks|urged|urges|"
    r"called for|calls for|demanded|demands|proposed|proposes|promised|promises|vowed|vows|"
    r"pledged|pledges|accused|accuses|blamed|blames|criticized|criticised|criticizes|praised|"
    r"praises|described|describes|characterized|characterizes|labeled|labelled|dubbed|"
    r"predicted|predicts|estimated|estimates|suggested|suggests|indicated|indicates|showed|"
    r"shows|concluded|concludes|reads|countered|complained|observed|protested|disputes|"
    r"disputed|questioned|questions|objected|mentioned|mentions|show|shown|written|found|"
    r"explain|comment|answer|specify|elaborate|predict|estimate|argue|insist|warn"
)
_ATTITUDE = (
    r"believes|believed|believe|thinks|thought|think|expects|expected|expect|hopes|hoped|hope|"
    r"wants|wanted|want|fears|feared|fear|worries|worried|worry|doubts|doubted|doubt|agrees|"
    r"agreed|agree|disagrees|disagreed|disagree|prefers|preferred|prefer|supports|supported|"
    r"support|opposes|opposed|oppose|favors|favored|favour|favours|knew|knows|feels|felt|"
    r"realized|realizes|understands|refuses|refused|plans|planned|intends|"
    r"intended|wonders|wondered|loves|loved|likes|liked|hates|despise|despises|"
    r"would (?:choose|back|vote for|support|prefer|pick)|"
    r"(?:is|are|was|were|am|’s|'s)\s+(?:(?:so|very|not|also|now)\s+)?(?:convinced|sure|"
    r"confident|certain|aware|worried|concerned|skeptical|sceptical|optimistic|frustrated|"
    r"afraid|adamant|hopeful)"
)
_VERBS = rf"(?:{_SPEECH}|{_ATTITUDE})"
ATTITUDE = re.compile(rf"(?:(?:\w+\s+){{0,2}})(?:{_ATTITUDE})")
_AUX = (
    r"(?:(?:has|have|had|also|previously|later|then|repeatedly|once|reportedly|still|now|"
    r"would|will|could|did|does|do|not|never|often|quickly|publicly|privately|similarly|"
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\s+)*"
)
# Nouns that head a speaker's noun phrase ("the state government", "police officers").
_HEAD_WORDS = frozenset(
    """activists administration adviser advisers advisor advisors advocates agency aide aides
    alliance allies ambassador Americans analysts army article authorities average averages
    board campaign candidate candidates chairman chairwoman chief coalition commission committee
    company council court critics data democrats department director doctors document documents
    economists executives experts families friend friends government governor group insiders
    investigators lawmakers leader leaders letter majority mayor media members military minister
    ministry minority network newspaper nominee observers office officer officers official
    officials opponents organisation organization others outlet outlets paper parents party
    people piece police poll polls president prosecutor prosecutors report reports
    representative representatives republicans researchers residents scientists secretary
    senator senators site source sources spokesman spokesmen spokesperson spokeswoman statement
    station story students study supporters survey teachers team union unions voters website
    witnesses workers""".split()
)


def _by_first_letter(words: frozenset[str]) -> str:
    """An alternation of ``words`` grouped by first letter, which the regex engine rejects in
    one comparison per group instead of one per word. Every use of it is followed by a
    non-word character, so the one word that can match is the whole word at that place and the
    order of the alternatives does not matter."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=lambda w: (-len(w), w)):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return "(?:" + "|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in sorted(groups.items())) + ")"


# Capitalised too: a sentence may open with the noun phrase ("Others in the community have
# opposed …", "Residents of the town said …").
_HEADS = _by_first_letter(_HEAD_WORDS | {w[0].upper() + w[1:] for w in _HEAD_WORDS})
_CAP = r"[A-Z][\w’'&-]*(?:\.(?=[\s\w])|(?<=\b[A-Z])\.)?"
_NAME = rf"(?:(?:[Tt]he\s+)?{_CAP}(?:\s+(?:(?:of|the|de|del|la|for|and|van|von|al)\s+)*{_CAP})*)"
_NUM = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten)"
_QUANT_NP = (
    rf"(?:(?:[Oo]nly|[Nn]early|[Aa]bout|[Aa]lmost|[Jj]ust|[Ss]ome|[Mm]ore than|[Ff]ewer than|"
    rf"[Aa]round|[Rr]oughly)\s+)?(?:\d[\d,.]*\s*(?:percent|%)|{_NUM}\s+(?:of|in)\s+{_NUM}|"
    rf"[Aa]\s+(?:majority|minority|plurality|third|quarter|half))"
    rf"(?:\s+(?:of\s+)?(?:the\s+)?(?:[a-z]+\s+){{0,2}}?[a-z]+s\b)?"
)
_NOT_MODIFIER = r"(?!(?:that|who|which|whom|whose|and|or|but|is|are|was|were|has|have|had)\b)"
_NP = (
    rf"(?:(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ur|[Ss]everal|[Ss]ome|[Mm]any|"
    rf"[Mm]ost|[Tt]wo|[Tt]hree|[Oo]ther|[Oo]thers|[Bb]oth|[Aa]ll)\s+)?"
    # a possessor: "the hospital's medical director", "Apple's chief executive"
    rf"(?:[\w-]+['’]s\s+)?"
    rf"(?:{_NOT_MODIFIER}(?:{_CAP}|[a-z][\w-]*)\s+){{0,3}}?(?:{_HEADS})"
    rf"(?:\s+(?:of|for|in|at|from|with|on)\s+(?:[\w’'.-]+\s+){{0,3}}?[\w’'.-]+)?"
)
# "the woman", "her daughter": any short determiner phrase, when a verb of saying follows; no
# infinitive marker or preposition inside ("the senator declined to [say]" is no speaker)
_NOT_GENERIC = rf"{_NOT_MODIFIER}(?!(?:to|of|in|on|at|for|by|with|from|not)\b)"
_GENERIC_NP = (
    r"(?:[Tt]he|[Hh]er|[Hh]is|[Tt]heir|[Tt]his|[Tt]hat|[Oo]ne|[Aa]nother)\s+"
    rf"(?:{_NOT_GENERIC}[a-z][\w-]*\s+){{0,2}}{_NOT_GENERIC}[a-z][\w-]*"
)
# "MSNBC host Chris Matthews", "Conservative economist Aparna Mathur": a role, then a name
_ROLE_WORD = (
    r"(?!(?:the|a|an|this|that|these|those|of|in|on|at|for|to|by|with|from|and|or|but|as|is|"
    r"was|are|were|has|have|had|time|times|when|while|after|before|said|says|told)\b)[a-z][\w-]*"
)
_TITLED = rf"(?:(?:{_CAP}\s+){{0,3}}(?:{_ROLE_WORD}\s+){{1,3}}{_CAP}(?:\s+{_CAP}){{0,3}})"
_NAME_PP = rf"(?:{_NAME}(?:\s+(?:at|of|from)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,3}})?)"
_PRON = r"(?:he|she|they|it|we|I|He|She|They|It|We|who|one)"
# an appositive may hold one inner comma: "X, president of Y, which represents Z, said"
_APPOSITIVE = r"(?:,\s+(?!and\b|but\b)[^,;:\"“”()]{2,140}?(?:,\s+[^,;:\"“”()]{2,120}?)?,)?"
_ONE_SPEAKER = rf"(?:{_NAME_PP}|{_QUANT_NP}|{_NP}|{_TITLED}|{_GENERIC_NP}|{_PRON})"
_SPEAKER = rf"(?:{_ONE_SPEAKER}(?:\s+and\s+{_ONE_SPEAKER})?)"
_SPEAKER_APP = rf"(?:{_SPEAKER}{_APPOSITIVE})"
# after an inverted cue ("…, said X"), only a name or a noun phrase, never "the rule" or "it"
_INV_SPEAKER = rf"(?:{_NAME_PP}|{_TITLED}|{_NP}|{_QUANT_NP})"
_ADDRESSEE = (
    r"(?:reporters|journalists|lawmakers|supporters|the\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*|"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)"
)
# "told the committee that …", "…, she told the finance committee.": a common noun addressed,
# where "that", a colon, a comma or the sentence's end shows where it stops ("told the committee
# the budget …" is left: nothing shows it)
_NP_ADDRESSEE = (
    r"(?:the|a|an|his|her|their|its|our|my)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+"
    r"(?=\s+that\b|\s*[,:]|\s*[.!?]?[\"”’]*\s*$)"
)
# "told Reuters", "said to reporters"; "told former Fox News host Bill O'Reilly:" up to the colon
_CUE = (
    rf"(?:(?:told|tells)\s+(?:{_ADDRESSEE}|{_NP_ADDRESSEE}|[^:\"“”,.]{{1,60}}?(?=\s*:))"
    rf"|(?:said|says|speaking|spoke)\s+to\s+{_ADDRESSEE}|{_VERBS})"
)
_TRAIL = (
    r"(?:\s+(?:on|in|at|during|late|early|last|this|after|before|while|when|to|of)\b"
    r"[^,.;:\"“”]{0,60})?"
)
_END = r"\s*[.!?,;]?[\"”’]*\s*$"

# A trailing frame follows a comma or a closing quotation mark.
_SEP = r"[,;][\"”’]?\s+|[\"”’],?\s*"
# "…, X said [on Sunday]."  /  "…, said X[, the mayor of Y]."
_TRAILING = re.compile(
    rf"(?P<sep>{_SEP})(?P<speaker>{_SPEAKER_APP})\s+{_AUX}"
    rf"(?P<cue>{_CUE}){_TRAIL}{_END}"
)
_TRAILING_INV = re.compile(
    rf"(?P<sep>{_SEP})(?P<cue>{_SPEECH})\s+"
    rf"(?P<speaker>{_INV_SPEAKER}(?:,\s+[^,;:\"“”()]{{2,140}}){{0,2}}){_TRAIL}{_END}"
)
# "X[, the mayor,] said (that) …" / "X told Reuters: …" (optionally after an opening phrase)
_LEADING = re.compile(
    rf"^(?P<intro>[\"“‘']?(?:(?:[Bb]ut|[Aa]nd|[Yy]et|[Ss]till|[Hh]owever,?|[Mm]eanwhile,?)\s+)?"
    rf"(?:[^,\"“”]{{0,80}},\s+)?)(?P<speaker>{_SPEAKER_APP})\s+{_AUX}"
    rf"(?P<cue>{_CUE})(?:\s+(?:on|in|at|during|last|this|late|early)\s+[^,:\"“”]{{0,50}}?"
    rf"(?P<link1>\s*:\s*|\s+that\s+|,\s+)|(?P<link>\s*:\s*|\s+that\s+|,\s+|\s+))(?=\S)"
)
# Right after a closing quote mark: ", he said, referring to …" / ", said the governor"
AFTER_QUOTE = re.compile(
    rf"\s*,?\s*(?:(?P<speaker>{_SPEAKER_APP})\s+{_AUX}(?P<cue>{_CUE})"
    rf"|(?P<cue2>{_SPEECH})\s+(?P<speaker2>{_SPEAKER}))\b"
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
    r"bureau|firm|bank|airline|authority|directorate|division|association|coalition|alliance|"
    r"federation|league|prefecture|municipality|"
    r"board|union|university|institute|foundation|group|organi[sz]ation|cartel|congress|senate|"
    r"parliament|democrats|republicans|prosecutors|investigators|spokes\w+|sources?)\b",
    re.I,
)
_PERSON_TITLES = re.compile(
    r"\b(?:Gov|Governor|President|Mayor|Sen|Senator|Rep|Representative|Mr|Mrs|Ms|Dr|Prof|Gen|"
    r"General|Minister|Secretary|Attorney|Judge|Justice|Chief|Director|Chairman|Chairwoman|"
    r"Ambassador|King|Queen|Prince|Pope|Rev|Sheriff|Commissioner|Speaker|Lt|Col|Capt|Sgt|"
    r"host|governor|president|mayor|minister|spokes(?:man|woman|person)|senator|leader|chief|"
    r"chancellor|secretary|economist|chairman|chairwoman|director|adviser|advisor|"
    r"officer|ambassador|commissioner|prosecutor|judge)\b"
)
_PERSON_PRON = re.compile(r"^(?:he|she|i|who|him|her)$", re.I)
# People named by what they are: "one witness", "analysts", "a local resident"
_PERSON_NOUNS = re.compile(
    r"\b(?:witness|resident|neighbou?r|analyst|expert|economist|lawyer|attorney|doctor|nurse|"
    r"voter|supporter|critic|student|teacher|worker|employee|investor|observer|scientist|"
    r"researcher|historian|activist|protester|passenger|survivor|victim|relative|friend|"
    r"man|woman|mother|father|son|daughter|wife|husband|farmer|owner|shopper|customer|"
    r"strategist|pollster|consultant|adviser|advisor|aide|lawmaker|legislator|diplomat)"
    r"(?:s|es)?\b|\b(?:men|women|people|children)\b",
    re.I,
)


# Where a speaker phrase's head ends: an appositive, a post-modifier or a relative clause ("Tom
# Miller, at a consulting firm", "Holger Schmieding of Berenberg", "the company that runs …").
_HEAD_END = re.compile(r",|\s+(?:of|at|for|from|with|in|who|which|that)\s")
_ORG_NAMES = re.compile(r"\b(?:Service|Agency|Authority|Bureau|Bank|Fund|Group)\b")


@lru_cache(maxsize=4096)
def speaker_type(speaker: str | None) -> SpeakerType:
    """A coarse type for a speaker as written, read off its head first ("Peter Hart, a bank
    employee" is a person, "the company that runs the airport" an organisation); outlets beat
    organisations beat people."""
    if not speaker:
        return SpeakerType.ARTICLE
    s = speaker.strip()
    head = speaker_head(s)
    if head and head != s:
        rest = s[len(head) :]
        if rest.startswith(","):  # an appositive headed by an organisation: "Teck, the company"
            appositive = speaker_head(rest.strip(" ,")).split()
            if (
                len(appositive) >= 2
                and appositive[0].lower() in {"the", "a", "an"}
                and _ORG_WORDS.fullmatch(appositive[-1].strip(".;"))
            ):
                return SpeakerType.ORGANISATION
        kind = _type_of_words(head)
        if kind is not SpeakerType.UNKNOWN:
            return kind
    return _type_of_words(s)


def speaker_head(speaker: str) -> str:
    """A speaker phrase without its appositives, post-modifiers and relative clauses: "the
    Office" of "the Office for National Statistics (ONS)", "Tom Miller" of "Tom Miller, at a
    consulting firm"."""
    return _HEAD_END.split(speaker.strip(), maxsplit=1)[0].strip()


def _type_of_words(s: str) -> SpeakerType:
    if _PERSON_PRON.match(s):
        return SpeakerType.PERSON
    if _OUTLET_WORDS.search(s):
        return SpeakerType.OUTLET
    if _DOC_WORDS.search(s) and not _PERSON_TITLES.search(s):
        return SpeakerType.DOCUMENT
    if _PERSON_TITLES.search(s) and not re.search(r"\b(?:government|office|administration)\b", s):
        return SpeakerType.PERSON
    if _ORG_WORDS.search(s) or _ORG_NAMES.search(s):
        return SpeakerType.ORGANISATION
    if _PERSON_NOUNS.search(s):
        return SpeakerType.PERSON
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
    # More content ranges when a medial frame splits it ("…, she said, …"); parse profile only.
    parts: tuple[tuple[int, int], ...] = ()


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
_QUANT_SPEAKER = re.compile(rf"^{_QUANT_NP}$")
_DIGIT = re.compile(r"\d")


def _ok_speaker(text: str) -> bool:
    head = text.split(",", 1)[0]  # the name, without its appositive
    words = head.split()
    if not 0 < len(words) <= 9 or (len(words) == 1 and _NUMBER_WORD.match(words[0])):
        return False
    return not _DIGIT.search(head) or bool(_QUANT_SPEAKER.match(head))


_SAY = (
    r"said|says|say|added|adds|argued|argues|noted|notes|wrote|writes|explained|insisted|"
    r"warned|warns|stated|states|told|tells|reported|reports|announced|acknowledged|claimed|claims"
)
_SAY_WORDS = frozenset(re.findall(r"[a-z]+", _SAY))
_PARTICIPLE_WORDS = frozenset(
    "saying adding noting arguing warning claiming insisting explaining writing stressing "
    "declaring telling".split()
)
_WITH_WORDS = frozenset("showing saying putting giving finding reporting".split())
# "…is vague, experts say, including …": a frame between commas in mid-sentence
_MEDIAL = re.compile(rf",\s+(?P<speaker>{_SPEAKER})\s+{_AUX}(?P<cue>{_SAY}),\s+")
# "…were the third time AROS said it had …": a frame of saying anywhere in the sentence
_INNER = re.compile(
    rf"(?<![\w’'])(?P<speaker>{_NAME_PP}|{_NP}|{_TITLED}|{_PRON})\s+{_AUX}"
    rf"(?P<cue>{_SAY}|(?:told|tells)\s+(?:{_ADDRESSEE}|{_NP_ADDRESSEE}))(?:\s+that)?\s+(?=[\w“\"‘])"
)


@dataclass(frozen=True)
class _Frames:
    """The frame patterns that hold a speaker; ``_WITHOUT_NP`` lacks the costly noun-phrase
    speaker ("the state government"), which cannot match in a sentence without a head noun."""

    trailing: re.Pattern[str]
    trailing_inv: re.Pattern[str]
    leading: re.Pattern[str]
    medial: re.Pattern[str]
    inner: re.Pattern[str]


def _without_np(pattern: re.Pattern[str]) -> re.Pattern[str]:
    text = pattern.pattern.replace(f"|{_NP}|", "|")
    assert text != pattern.pattern, "every frame pattern lists the noun-phrase speaker"
    return re.compile(text, pattern.flags)


_ALL = _Frames(_TRAILING, _TRAILING_INV, _LEADING, _MEDIAL, _INNER)
_WITHOUT_NP = _Frames(*(_without_np(p) for p in vars(_ALL).values()))
_HEAD_WORDS_LOWER = frozenset(w.lower() for w in _HEAD_WORDS)


def _frames_for(words: frozenset[str]) -> _Frames:
    # A noun-phrase speaker ends in a head noun as a whole word, which ``words`` would hold.
    return _ALL if not _HEAD_WORDS_LOWER.isdisjoint(words) else _WITHOUT_NP


_TAIL = 420  # a trailing frame (separator, speaker with appositive, cue, adjunct) fits in this


_SEPARATOR = re.compile(r"[,;\"”’]")


def _first_match(pattern: re.Pattern[str], head: str, starts: list[int]) -> re.Match[str] | None:
    """``pattern.search(head, …)`` for a pattern that can only start at one of ``starts``."""
    for i in starts:
        m = pattern.match(head, i)
        if m:
            return m
    return None


def _trailing(sentence: str, upto: int, pats: _Frames = _ALL) -> Frame | None:
    head = sentence[:upto]
    tail_from = max(0, len(head) - _TAIL)
    tail = head[tail_from:]
    it_was = "it was " in tail or "it is " in tail or "it has been " in tail
    m = _IT_WAS.search(head, tail_from) if it_was else None
    if m:
        a, b = _strip_range(sentence, 0, m.start())
        if b > a:
            return Frame(None, m.span("cue"), (a, b), QuoteType.INDIRECT)
    # Trailing frames start at a separator, so try only there instead of at every character.
    starts = [tail_from + s.start() for s in _SEPARATOR.finditer(tail)]
    for pattern in (pats.trailing, pats.trailing_inv):
        m = _first_match(pattern, head, starts)
        if m and _ok_speaker(m.group("speaker")):
            a, b = _strip_range(
                sentence, 0, m.start("sep") + (1 if m.group("sep")[:1] in '"”’' else 0)
            )
            if b - a < 8:
                continue
            return Frame(m.span("speaker"), m.span("cue"), (a, b), QuoteType.INDIRECT)
    return None


# "X bristled at the remarks, saying (that) …": the subject of the main clause is the speaker.
_WITH_SHOWING = re.compile(
    rf"\bwith\s+(?P<speaker>{_NAME_PP}|{_NP}|{_QUANT_NP})\s+(?P<cue>showing|saying|putting|"
    r"giving|finding|reporting)\s+(?=\S)"
)
# "As stated in Davis' commentary, …" / "As the report noted, …"
_AS_FRAME = re.compile(
    rf"^[Aa]s\s+(?P<cue>stated|noted|reported|said|written|described|outlined|explained)"
    rf"\s+(?:in|by)\s+(?P<speaker>[^,]{{2,80}}),\s+"
    rf"|^[Aa]s\s+(?P<speaker2>{_SPEAKER})\s+(?P<cue2>noted|said|put it|reported|wrote|argued),\s+"
)
_PARTICIPLE = re.compile(
    r",\s+(?P<cue>saying|adding|noting|arguing|warning|claiming|insisting|explaining|writing|"
    r"stressing|declaring|telling\s+(?:reporters|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*))"
    r"(?:\s+that)?\s+(?=\S)"
)
_SUBJECT = re.compile(
    rf"^(?:[\"“‘']?(?:[^,\"“”]{{0,80}},\s+)?)(?P<speaker>{_SPEAKER_APP})\s+{_AUX}[a-z]"
)


def _medial(sentence: str, pats: _Frames = _ALL) -> Frame | None:
    m = pats.medial.search(sentence)
    if not (m and _ok_speaker(m.group("speaker"))):
        return None
    a, b = _strip_range(sentence, 0, m.start())
    if b - a < 8:
        return None
    return Frame(m.span("speaker"), m.span("cue"), (a, b), QuoteType.INDIRECT)


_SUBORDINATE = re.compile(
    r"\b(?:after|before|when|because|since|as|while|until|if|although|though|once)\s+"
    r"(?:\S+\s+){0,2}$",
    re.I,
)


_SAY_AT = re.compile(rf"\b(?:{_SAY})\b")
_LONGEST_SPEAKER = 250  # characters a speaker and its auxiliaries can take before the cue


def _inner(sentence: str, *, within: int | None = None, pats: _Frames = _ALL) -> Frame | None:
    """The first frame of saying anywhere in the sentence; with ``within``, only one whose
    speaker starts at or before that offset (the rest of the sentence is not searched)."""
    first = _SAY_AT.search(sentence)
    if first is None:
        return None
    # No match can start earlier than a speaker's length before the first verb of saying.
    start = max(0, first.start() - _LONGEST_SPEAKER)
    if within is None:
        for m in pats.inner.finditer(sentence, start):
            frame = _inner_frame(sentence, m)
            if frame is not None:
                return frame
        return None
    for i in range(start, within + 1):  # as the search above would go, up to ``within``
        found = pats.inner.match(sentence, i)
        if found is not None:  # the search would go on after this match, past ``within``
            return _inner_frame(sentence, found)
    return None


def _inner_frame(sentence: str, m: re.Match[str]) -> Frame | None:
    if not _ok_speaker(m.group("speaker")) or _bad_leading(m.group("speaker")):
        return None
    if _SUBORDINATE.search(sentence, max(0, m.start() - 40), m.start()):
        return None  # "the violence broke out after X said …": X is not the claim's source
    a, b = _strip_range(sentence, m.end(), len(sentence))
    if b - a < 8:
        return None
    return Frame(m.span("speaker"), m.span("cue"), (a, b), QuoteType.INDIRECT)


def _as_frame(sentence: str) -> Frame | None:
    m = _AS_FRAME.match(sentence)
    if not m:
        return None
    sp, cue = ("speaker", "cue") if m.group("speaker") else ("speaker2", "cue2")
    a, b = _strip_range(sentence, m.end(), len(sentence))
    if b - a < 3:
        return None
    return Frame(m.span(sp), m.span(cue), (a, b), QuoteType.INDIRECT)


def _with_showing(sentence: str) -> Frame | None:
    m = _WITH_SHOWING.search(sentence)
    if not m or not _ok_speaker(m.group("speaker")):
        return None
    a, b = _trim_content(sentence, *_strip_range(sentence, m.end(), len(sentence)))
    if b - a < 3:
        return None
    return Frame(m.span("speaker"), m.span("cue"), (a, b), QuoteType.INDIRECT)


def _participial(sentence: str) -> Frame | None:
    m = _PARTICIPLE.search(sentence)
    subject = _SUBJECT.match(sentence) if m else None
    if not (m and subject and _ok_speaker(subject.group("speaker"))):
        return None
    a, b = _strip_range(sentence, m.end(), len(sentence))
    if b - a < 8:
        return None
    return Frame(subject.span("speaker"), m.span("cue"), (a, b), QuoteType.INDIRECT)


_FUNCTION_WORDS = {"is", "are", "was", "were", "am", "s", "so", "very", "not", "also", "now", "to",
                   "would", "vote", "for", "out", "on"}  # fmt: skip
CUE_WORDS = frozenset(
    set(re.findall(r"[a-z]+", _SPEECH + _ATTITUDE)) - _FUNCTION_WORDS
    | {"according", "saying", "adding", "noting", "arguing", "warning", "claiming", "insisting",
       "explaining", "writing", "stressing", "declaring", "telling", "showing", "putting",
       "giving", "finding", "reporting", "speaking", "spoke", "reported", "alleged"}
)  # fmt: skip
# Every cue ``_CUE`` matches holds one of these as a whole word ("would vote for": "vote").
_CUE_MARKS = CUE_WORDS | {"vote"}


def _leading(sentence: str, pats: _Frames = _ALL) -> Frame | None:
    """ "X said (that) …" at the start of the sentence (not "As stated in X, …")."""
    m = None if _AS_FRAME.match(sentence) else pats.leading.match(sentence)
    if not m or not _ok_speaker(m.group("speaker")) or _bad_leading(m.group("speaker")):
        return None
    a, b = _trim_content(sentence, *_strip_range(sentence, m.end(), len(sentence)))
    if b - a < 3:
        return None
    intro = _strip_range(sentence, 0, m.start("speaker"))
    if (
        intro[1] - intro[0] >= 8
        and m.group("link") == ", "
        and _NEW_CLAUSE.match(sentence, a)
        and not _ADJUNCT_OPENING.match(sentence, intro[0])
    ):
        # "Two were hurt, officials said, but no deaths were reported": a medial frame, what
        # it follows is what was said; the clause after its conjunction is the writer's
        return Frame(m.span("speaker"), m.span("cue"), intro, QuoteType.INDIRECT)
    return Frame(m.span("speaker"), m.span("cue"), (a, b), QuoteType.INDIRECT)


_NEW_CLAUSE = re.compile(r"(?:but|and|yet|while|although|though|whereas)\s", re.I)
# An opening phrase that is no clause: "In a statement, …", "On Monday, …", "Later, …"
_ADJUNCT_OPENING = re.compile(
    r"(?:in|on|at|during|after|before|for|with|from|by|last|this|earlier|later|meanwhile|"
    r"however|but|and|also|separately|speaking|writing|asked)\b",
    re.I,
)


def opens_with_frame(clause: str, *, words: frozenset[str] | None = None) -> bool:
    """Whether a clause starts with a speaker of its own ("44 percent would back …").

    The same answer as checking ``find_frame(clause)`` for a speaker at the start and a cue
    before the content, without trying the frames that cannot start a clause."""
    words = words_of(clause) if words is None else words
    if CUE_WORDS.isdisjoint(words):
        return False
    pats = _frames_for(words)
    frame = _leading(clause, pats)
    if frame is None and "as" in words and _as_frame(clause):
        return False
    if frame is None and not _PARTICIPLE_WORDS.isdisjoint(words):
        frame = _participial(clause)
    if frame is None and not _SAY_WORDS.isdisjoint(words):
        if _medial(clause, pats):
            return False
        frame = _inner(clause, within=1, pats=pats)
    opens = bool(
        frame and frame.speaker and frame.speaker[0] <= 1 and frame.cue[0] <= frame.content[0]
    )
    # A clause that ends in its own frame ("…, he said") does not open with one; tested last
    # because it is the dearer test and most clauses have failed the one above.
    return opens and _trailing(clause, len(clause), pats) is None


def find_frame(sentence: str, *, words: frozenset[str] | None = None) -> Frame | None:
    """The attribution frame of one sentence, or ``None`` when it speaks in the article's voice.

    ``words`` (``words_of(sentence)``) may be passed in when the caller already has it."""
    words = words_of(sentence) if words is None else words
    if CUE_WORDS.isdisjoint(words):
        return None  # no verb of saying or believing: the article's own voice (the common case)
    says = not _SAY_WORDS.isdisjoint(words)
    via: list[Frame] = []
    pats = _frames_for(words)
    frame = _trailing(sentence, len(sentence), pats)
    if frame:
        # A frame right before the first makes a chain: "…, the state said, Fox News reported."
        head = sentence[: frame.content[1] + 1]
        chained = frame.speaker and not _CUE_MARKS.isdisjoint(words_of(head))
        inner = _trailing(sentence, frame.content[1] + 1, pats) if chained else None
        if inner and inner.speaker and inner.content[1] <= frame.content[1]:
            via.append(frame)
            frame = inner
    else:
        frame = _leading(sentence, pats)
        if frame is None:
            frame = (
                ("as" in words and _as_frame(sentence))
                or (not _PARTICIPLE_WORDS.isdisjoint(words) and _participial(sentence))
                or (says and (_medial(sentence, pats) or _inner(sentence, pats=pats)))
                or (not _WITH_WORDS.isdisjoint(words) and _with_showing(sentence))
                or None
            )
    acc = _ACCORDING.search(sentence) if "according" in words else None
    if acc and _ok_speaker(acc.group("speaker")):
        if frame is None:
            speaker = acc.span("speaker")
            before = _strip_range(sentence, 0, acc.start())
            comma = sentence.find(",", acc.end())
            if before[1] <= before[0] and 0 <= comma - acc.end() <= 40:
                # "According to a poll published last month, 36% …": an opening phrase runs
                # to its comma, the time with it
                speaker = (speaker[0], _strip_range(sentence, speaker[0], comma)[1])
                after = _strip_range(sentence, comma + 1, len(sentence))
            else:
                after = _strip_range(sentence, acc.end(), len(sentence))
            content = before if before[1] - before[0] >= after[1] - after[0] else after
            if content[1] - content[0] >= 8:
                frame = Frame(speaker, acc.span("cue"), content, QuoteType.ACCORDING_TO)
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
    if frame is not None and not {"told", "tells"}.isdisjoint(words):
        frame = _told(sentence, frame)
    return frame


def without_addressee(text: str, start: int, end: int) -> tuple[int, int]:
    """The cue span of "told the committee" is "told": the addressee is neither cue nor content,
    as PolNeAR draws it (416 of 420 such cues in its training split)."""
    head = text[start:end].lower()
    for verb in ("told", "tells"):
        if head.startswith(verb) and head[len(verb) : len(verb) + 1].isspace():
            return start, start + len(verb)
    return start, end


def _told(sentence: str, frame: Frame) -> Frame:
    return replace(
        frame,
        cue=without_addressee(sentence, *frame.cue),
        via=[_told(sentence, f) for f in frame.via],
    )


_CONTENT_END = re.compile(
    r"(?:,\s+(?:while|whereas|but|using|including|citing|with)\s+|\s+because\s+)"
    r"|\s+in\s+a\s+(?:statement|post|tweet|letter|interview)(?:\s+on\s+\w+)?\s*[.!?]?$"
)


def _trim_content(sentence: str, a: int, b: int) -> tuple[int, int]:
    """End a reported clause at a contrastive clause or at the cue's own adjunct.

    A quotation is never cut: its words are the speaker's however they continue."""
    if a > 0 and sentence[a - 1] in "\"“‘'":
        return a, b
    m = _CONTENT_END.search(sentence, a, b)
    if m and len(sentence[a : m.start()].split()) >= 2:
        return _strip_range(sentence, a, m.start())
    return a, b


def _at_end(sentence: str, pos: int, end: int) -> bool:
    return not sentence[pos:end].strip(' .,;:"”’')


def _bad_leading(speaker: str) -> bool:
    """Sentence-initial words that look like a speaker but are not one ("So far", "There")."""
    first = speaker.split()[0].lower()
    return first in {
        "there",
        "this",
        "that",
        "these",
        "those",
        "so",
        "but",
        "and",
        "what",
        "when",
        "as",
        "if",
        "while",
        "although",
        "because",
        "after",
        "before",
        "since",
        "however",
        "once",
        "until",
    }


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
_MARKS = re.compile('[“”"\n]')


def find_quote_regions(text: str) -> list[QuoteRegion]:
    """Quoted stretches of ``text``: curly marks pair up; straight marks alternate per paragraph.

    News style continues a quote over paragraphs by opening each paragraph with a mark and
    closing only the last one; such a quote becomes one region.
    """
    regions: list[QuoteRegion] = []
    open_at: int | None = None
    straight_open: int | None = None
    n = len(text)
    for m in _MARKS.finditer(text):
        i = m.start()
        ch = text[i]
        if ch == "\n":
            if straight_open is not None:
                regions.append(QuoteRegion(straight_open, i, False))
                straight_open = None
        elif ch == _OPEN:
            if open_at is None or "\n" not in text[open_at:i]:
                open_at = i + 1  # a new quote (or an unbalanced one restarting)
            # else: a continued paragraph of the same quote
        elif ch == _CLOSE:
            if open_at is not None:
                regions.append(QuoteRegion(open_at, i, True))
                open_at = None
        elif straight_open is None:
            straight_open = i + 1
        else:
            regions.append(QuoteRegion(straight_open, i, True))
            straight_open = None
    if open_at is not None:
        regions.append(QuoteRegion(open_at, n, False))
    if straight_open is not None:
        regions.append(QuoteRegion(straight_open, n, False))
    return sorted(regions, key=lambda r: r.start)


class QuoteIndex:
    """Whether a position lies between quotation marks, by bisection over sorted regions."""

    def __init__(self, regions: list[QuoteRegion]) -> None:
        self._regions = regions
        self._starts = [r.start for r in regions]

    def inside(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and self._regions[i].start <= pos < self._regions[i].end
