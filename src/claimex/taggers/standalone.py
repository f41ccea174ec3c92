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

__all__ = ["ANAPHORIC_NOUNS", "PRONOUNS", "is_standalone", "unresolved"]

PRONOUNS = frozenset(
    "he him his himself she her hers herself they them their theirs themselves it its itself "
    "i me my mine myself we us our ours ourselves".split()
)
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
