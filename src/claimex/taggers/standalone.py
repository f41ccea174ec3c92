"""Whether a claim's text stands alone: the rule behind ``run.standalone_rate`` and the
candidates claims@v3 asks the model to rewrite.

A reader who sees only the claim must know who and what it is about. The rule is deliberately
plain, so that every configuration (rules, prompts) is scored alike and a failure can be read
off the text:

* a **pronoun** (he, she, they, it, I, we and their other forms; "US" in capitals is the
  country) is unresolved unless a name — a capitalised word that is not a function word and not
  the text's first word — comes before it in the claim; "it" in an extraposed frame ("it is
  unclear whether", "it was expected to") is not a reference and does not count;
* a **deictic subject** opens the text: "this", "that", "these", "those", "such", or "the"
  followed by a noun that points back at something said earlier ("the report", "the company",
  "the move" …; ``ANAPHORIC_NOUNS``).

Documented in ``docs/evaluation.md``; the examples there are the unit tests.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = [
    "ANAPHORIC_NOUNS",
    "PRONOUNS",
    "RELATIVE_PRONOUNS",
    "SpeakerKind",
    "according_to",
    "is_standalone",
    "said_of_speaker",
    "speaker_name",
    "unresolved",
    "voiced",
    "without_complementizer",
]

PRONOUNS = frozenset(
    "he him his himself she her hers herself they them their theirs themselves it its itself "
    "i me my mine myself we us our ours ourselves".split()
)
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
ANAPHORIC_NOUNS = frozenset(
    "report statement study document letter company firm group agency ministry department "
    "official spokesman spokeswoman move decision plan deal incident attack shooting man woman "
    "victim suspect source sources pair couple case".split()
)
_DEICTIC = frozenset("this that these those such".split())
_FUNCTION = (
    frozenset(
        "the a an this that these those such in on at by for from to of and but or so as if when "
        "while after before since because with without during under over according".split()
    )
    | PRONOUNS
)
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_EXTRAPOSED = re.compile(
    r"\bit\s+(?:is|was|'s|’s|has\s+been|had\s+been|seems|seemed|appears|appeared|remains|"
    r"remained)\s+(?:\w+\s+){0,2}?(?:that|to|whether|how|why|what|when|if)\b",
    re.I,
)


def unresolved(text: str) -> list[str]:
    """The words that keep ``text`` from standing alone, in order (empty when it does)."""
    words = [(m.group(), m.start()) for m in _WORD.finditer(text)]
    out: list[str] = []
    if words:
        first = words[0][0].lower()
        second = words[1][0].lower() if len(words) > 1 else ""
        if first in _DEICTIC or (first == "the" and second in ANAPHORIC_NOUNS):
            out.append(" ".join(w for w, _ in words[: 1 if first in _DEICTIC else 2]))
    extraposed = {m.start() for m in _EXTRAPOSED.finditer(text)}
    named = False
    for i, (word, at) in enumerate(words):
        lower = word.lower()
        if lower in PRONOUNS and not (len(word) > 1 and word.isupper()):  # "US" is a country
            if lower in {"it", "its"} and at in extraposed:
                continue
            if not named:
                out.append(word)
        elif i > 0 and word[0].isupper() and lower not in _FUNCTION:
            named = True
    return out


def is_standalone(text: str) -> bool:
    """True when ``text`` has no unresolved pronoun and opens with no deictic subject."""
    return not unresolved(text)


SpeakerKind = Literal["person", "thing", "many"]
# A reported clause's subject pronoun is its speaker ("the minister said she would resign"):
# which pronouns can stand for which kind of speaker.
_OWN_PRONOUNS: dict[str, SpeakerKind] = {
    "he": "person", "she": "person", "his": "person", "her": "person",
    "it": "thing", "its": "thing", "they": "many", "their": "many",
}  # fmt: skip
_POSSESSIVES = frozenset({"his", "her", "its", "their"})
_FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves".split())
# "that the vote was close": a complementizer; "that has changed", "that is why": a pronoun
_COMPLEMENTIZER = re.compile(
    r"that\s+(?!(?:is|was|has|had|would|will|could|can|may|might|should|does|did|means|"
    r"meant|seems|remains|makes|made)\b)(?=[A-Za-z“\"‘'])",
    re.I,
)


# A phrase that names someone besides its speaker: "a source close to Ms Carter", "an aide to
# the Governor"
_SECOND_REFERENT = re.compile(r"\b(?:to|for|with|near)\s+(?:the\s+)?[A-Z]")


def speaker_name(speaker: str | None, normalized: str | None) -> str | None:
    """The name a claim's text may use for its speaker: the resolved name, else the speaker as
    written, without an appositive after a comma ("Tom Hill, 58, a nurse" → "Tom Hill"); none
    for a pronoun, a relative pronoun or a phrase too long to stand in for one."""
    name = (normalized or speaker or "").split(",")[0].strip()
    low = name.lower()
    if not name or low in PRONOUNS or low in RELATIVE_PRONOUNS:
        return None
    if normalized is None and _SECOND_REFERENT.search(name):
        return None  # "a source close to Ms Carter said she …": "she" is Ms Carter
    return name if len(name.split()) <= 6 else None


def without_complementizer(text: str) -> str:
    """A reported clause as a statement: "that the vote was close" → "The vote was close"."""
    m = _COMPLEMENTIZER.match(text)
    if m is None:
        return text
    rest = text[m.end() :]
    return rest[:1].upper() + rest[1:]


def said_of_speaker(text: str, name: str, kind: SpeakerKind) -> str:
    """An indirect claim's text with its opening subject pronoun replaced by its speaker's
    name: "He would not resign." said by "the minister" → "The minister would not resign."

    ``kind`` is the speaker's: "person", "thing" (an organisation, document or outlet) or
    "many" (a plural or a group). The pronoun must agree with it; anything else is left as it
    is. The reading — a reported clause's subject is its speaker — is the usual one in news,
    not coreference: a wrong one is possible, and the claim's evidence keeps the words as
    written."""
    m = _WORD.match(text)  # a whole word: "He'll" is not "He" + "'ll"
    if m is None:
        return text
    word = m.group().lower()
    agrees = _OWN_PRONOUNS.get(word)
    if agrees is None or not (agrees == kind or (agrees == "many" and kind == "thing")):
        return text
    name = name[0].upper() + name[1:]
    if word in _POSSESSIVES:
        name += "’" if name.endswith("s") else "’s"
    return name + text[m.end() :]


def voiced(text: str, name: str) -> str:
    """A quotation whose only unresolved words are the first person, with its speaker's name
    before it (``According to Riquelme, “I don't think …”``): first person always means the
    speaker."""
    if not _first_person_only(text, name):
        return text
    quoted = text if text[:1] in "\"“‘'" else f"“{text}”"
    return f"According to {_in_sentence(name)}, {quoted}"


def _first_person_only(text: str, name: str) -> bool:
    """Whether the first person is all that keeps ``text`` from standing alone, and ``name``
    (capitalised, itself standing alone) can say who it is."""
    left = unresolved(text)
    if not left or unresolved(name) or not name[0].isupper():
        return False
    return all(w.lower() in _FIRST_PERSON for w in left)


def _in_sentence(name: str) -> str:
    """A speaker as it reads inside a sentence: "The hospital's director" → "the hospital's
    director"; names keep their capitals."""
    first = name.split(" ", 1)[0]
    return first.lower() + name[len(first) :] if first in {"The", "A", "An"} else name


_LOWER_OPENERS = frozenset("the a an this that these those there it its their his her our".split())


def according_to(text: str, name: str) -> str:
    """Reported words with a quoted fragment in the first person, with their speaker's name
    before them and no quotation marks around the whole (it is no quotation): "the figures
    showed “our plan is working”" → "According to Jeremy Hunt, the figures showed “our plan is
    working”."; else the text as it is."""
    if not _first_person_only(text, name):
        return text
    first = text.split(" ", 1)[0]
    if first.lower() in _LOWER_OPENERS:
        text = first.lower() + text[len(first) :]
    return f"According to {_in_sentence(name)}, {text}"
