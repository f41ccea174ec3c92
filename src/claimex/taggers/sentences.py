"""Sentence segmentation for news English, with offsets into the original text.

Why not a library: pysbd segments these texts well but ran at 0.14 MB/s here, and blingfire needs
numpy and does not break at line ends (captions run into paragraphs). News text needs few rules —
line breaks end sentences, and a period ends one unless it closes a known abbreviation ("Gov.",
"Nov. 30", "U.S. border"), an initial, or a number — so a regex pass keeps the rule extractor fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Sentence", "lowered", "split_sentences", "words_of"]

# Titles and other abbreviations that are never the end of a sentence when a word follows.
_TITLES = frozenset(
    "mr mrs ms dr prof gov sen rep gen lt col maj capt cmdr sgt adm st mt ft rev hon pres supt "
    "insp det atty jr sr messrs mme mlle sra sr vs v no nos vol fig art sec ch pp p ed eds "
    "est approx dept univ assn inc corp ltd co bros".split()
)
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# Capitalised words that usually start a new sentence after an abbreviation such as "U.S."
_STARTERS = frozenset(
    "the a an he she it they we i in on at but and so yet this that these those there his her "
    "their its our after before when while however meanwhile also later".split()
)
# Sentence-final punctuation (closing marks may follow it) or a closing mark before it. Written
# to open with one character class, which lets the regex engine skip to candidates quickly:
# the same matches as r"[.!?]+[\"”’')\]]*(?=\s)|[\"”’][.!?](?=\s)" at less than half the cost.
_BOUNDARY = re.compile(r"[.!?\"”’](?:(?<=[.!?])[.!?]*[\"”’')\]]*(?=\s)|(?<=[\"”’])[.!?](?=\s))")
_NEXT = re.compile(r"\s+([\"“‘'(\[]*)(\S+)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.[\"”’')\]]*$")


# Zero-width and bidi marks, BOM: invisible, so they neither start nor end a sentence's text.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _trim(piece: str) -> tuple[int, int]:
    """Offsets of ``piece`` without surrounding whitespace and invisible marks."""
    start = len(piece) - len(piece.lstrip())
    end = len(piece.rstrip())
    if start >= end or (piece[start] not in _INVISIBLE and piece[end - 1] not in _INVISIBLE):
        return start, end  # the common case: no invisible mark at either end
    while True:
        before = (start, end)
        end = len(piece[:end].rstrip().rstrip(_INVISIBLE))
        start = end - len(piece[start:end].lstrip().lstrip(_INVISIBLE))
        if (start, end) == before:
            return start, end


# Every byte but a-z becomes a space: with non-ASCII characters encoded as "?", splitting the
# result gives the runs of a-z in the lower-cased text, as a regex would, at a third less cost.
_NOT_AZ = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
# Letters that case-insensitive matching equates with an ASCII letter, which lower() does not
# turn into one ("İ" becomes "i" and a combining dot).
_AS_ASCII = str.maketrans({"ſ": "s", "ı": "i", "İ": "I"})


def words_of(text: str) -> frozenset[str]:
    """The lower-case words (runs of a-z) of ``text``: taggers test it before running their
    larger, case-insensitive patterns, so letters those patterns equate with ASCII ones ("ſ",
    "ı", "İ") count as ASCII."""
    if "ſ" in text or "ı" in text or "İ" in text:
        text = text.translate(_AS_ASCII)
    return frozenset(
        text.lower().encode("ascii", "replace").translate(_NOT_AZ).decode("ascii").split()
    )


def lowered(text: str) -> str | None:
    """``text.lower()`` when a case-sensitive pattern of lower-case ASCII words matches it exactly
    where the case-insensitive pattern matches ``text``; else ``None``.

    Case-insensitive scanning costs two to three times as much, so taggers scan the lower-cased
    text and slice the original at the same offsets. That needs lower-casing to keep every
    offset ("İ" becomes two characters) and no letter that only case folding equates with an
    ASCII one ("ı" with "i", "ſ" with "s")."""
    low = text.lower()
    if len(low) != len(text) or "ı" in text or "ſ" in text:  # "İ" changes the length
        return None
    return low


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int  # index of the line/paragraph block it belongs to


def _is_boundary(block: str, end: int) -> bool:
    """Decide whether the punctuation ending at ``end`` (exclusive) closes a sentence."""
    m = _NEXT.match(block, end)
    if not m:
        return True
    opener, nxt = m.group(1), m.group(2).lstrip(_INVISIBLE)
    if not nxt:
        return True  # only invisible marks follow
    first = nxt[0]
    if not (first.isupper() or first.isdigit() or opener):
        return False  # "… the cartels ... because", "U.S. border"
    head = block[max(0, end - 40) : end]
    if not head.rstrip("\"”’')]").endswith("."):
        return True  # ! and ? always end a sentence before a capital
    w = _WORD_BEFORE.search(head)
    if not w:
        return True
    word = w.group(1)
    lower = word.lower().rstrip(".")
    if "." in word:  # U.S., C.D.N., a.m.
        return nxt.strip('"“”,.;:').lower() in _STARTERS or bool(opener)
    if len(word) == 1 and word.isupper():
        return False  # an initial: "J. Smith"
    if lower in _TITLES and not (len(word) > 2 and word.isupper()):
        return False  # "Sec. 5", but "… by the SEC. The company said" ends a sentence
    return not (lower in _MONTHS and first.isdigit())


def _split_block(block: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _BOUNDARY.finditer(block):
        end = m.end()
        if _is_boundary(block, end):
            yield start, end
            start = end
    yield start, len(block)


_BLOCK = re.compile(r"[^\n]+")
# A dateline opening a paragraph ("WASHINGTON (AP) — ", "RENO, Nev. - "): where the story was
# filed, not part of its first sentence.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'-]+(?:[ ,]+(?:[A-Z][A-Z.'-]+|[A-Z][a-z]{0,4}\.(?:[A-Z][a-z]?\.)?))*"
    r"(?:\s*\((?:AP|Reuters|AFP|UPI|CNN|Bloomberg|dpa|Xinhua|PA)\))?\s*(?:—|–|--|-)\s+"
    r"(?=[A-Z“\"‘'])"
)


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; every line break ends a sentence, and a dateline
    opening a paragraph is in none.

    ``text[s.start:s.end] == s.text`` for every sentence; surrounding whitespace is excluded.
    """
    out: list[Sentence] = []
    for para, block_m in enumerate(_BLOCK.finditer(text)):
        base = block_m.start()
        block = block_m.group()
        dateline = _DATELINE.match(block)
        for a, b in _split_block(block):
            if dateline is not None and a < dateline.end():
                if b <= dateline.end():
                    continue  # "RENO, Nev." split off at its abbreviation
                a = dateline.end()
            piece = block[a:b]
            lead, trail = _trim(piece)
            if trail <= lead:
                continue
            s, e = base + a + lead, base + a + trail
            out.append(Sentence(s, e, text[s:e], para))
    return out
