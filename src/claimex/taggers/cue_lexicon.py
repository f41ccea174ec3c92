"""Attribution cues learned from an annotated corpus, and the parse features they are keyed by.

A word is a cue only in some frames: "said" nearly always, "called" when it takes a clause or an
object, "show" when a study or a poll is its subject. The lexicon therefore counts, over PolNeAR's
840 training articles, how often each lemma, in each complement frame, heads an annotated cue
(``cue``) against how often it occurs at all (``total``). Its lemmas are the candidates; whether
a candidate is a cue in its context is decided by :class:`CueScorer`, a logistic model over
:func:`cue_features` trained on the same articles. Which relative and participial clauses a
source span keeps comes from the same articles (:meth:`CueLexicon.keeps_clause`).
``scripts/derive_cue_lexicon.py`` regenerates the shipped tables byte for byte; the texts it reads
are never shipped, only counts and weights.

The feature functions here are the single definition both the derivation and the extractor use.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "CueLexicon",
    "CueScorer",
    "clause_key",
    "complement_of",
    "cue_features",
    "cue_pos",
    "load_cue_lexicon",
    "load_cue_scorer",
    "span_key",
    "subject_of",
]

_POS = {"VERB": "V", "AUX": "V", "NOUN": "N", "ADJ": "A", "ADV": "R"}
# Prepositions that carry what a cue is about ("called for", "warned of", "according to").
_PREPS = frozenset("about against as at for from in into of on over to with".split())


def cue_pos(token: Token) -> str | None:
    """The coarse part of speech a cue may have (verb, noun, adjective, adverb), else ``None``."""
    return _POS.get(token.pos_)


def complement_of(token: Token) -> str:
    """The frame a potential cue takes: what its strongest dependent is.

    ``ccomp`` (a clause: "said that …"), ``xcomp`` ("wants to …"), ``acl`` (a noun's clause: "the
    claim that …"), ``quote`` (a quotation mark among its dependents), ``colon`` ("he declared:"),
    ``dobj``, ``prep:<p>`` ("called for"), or ``none``.
    """
    deps = {c.dep_: c for c in token.children}
    for dep in ("ccomp", "xcomp", "acl"):
        if dep in deps:
            return dep
    if "parataxis" in deps or any(c.dep_ == "punct" and c.text in '"“”' for c in token.children):
        return "quote"
    if any(c.dep_ == "punct" and c.text == ":" and c.i > token.i for c in token.children):
        return "colon"  # "Cruz continued:" — what was said follows, often as a new paragraph
    if "dobj" in deps:
        return "dobj"
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ in _PREPS:
            return f"prep:{c.lower_}"
    if token.dep_ == "parataxis" or (token.dep_ == "ccomp" and token.i > token.head.i):
        return "medial"  # "…, she said, …" hangs off the clause it frames
    return "none"


_FIRST = frozenset("i we you me us".split())


def subject_of(token: Token) -> str:
    """What kind of subject a potential cue has: ``first`` person ("I think" is mostly a quoted
    speaker talking, not a new attribution), another ``pron``, a noun phrase ``np``, or ``none``."""
    for c in token.children:
        if c.dep_ in {"nsubj", "nsubjpass", "csubj", "agent", "poss"}:
            if c.lower_ in _FIRST:
                return "first"
            return "pron" if c.pos_ == "PRON" else "np"
    return "none"


def clause_key(clause: Token, source: Token, cue: Token) -> tuple[str, str, str, str]:
    """How a relative or participial clause on a source's head is described for the source-span
    policy: its relation, whether a comma sets it off, the head's part of speech, and whether the
    source comes before its cue ("Tom Hill, who lives nearby, said" against "said Tom Hill, who
    lives nearby")."""
    ids = sorted(t.i for t in clause.subtree)
    comma = "comma" if ids[0] > 0 and clause.doc[ids[0] - 1].text == "," else "nocomma"
    pos = source.pos_ if source.pos_ in {"PROPN", "NOUN", "PRON"} else "other"
    return clause.dep_, comma, pos, "before" if ids[-1] < cue.i else "after"


def span_key(child: Token) -> tuple[str, str]:
    """How a dependent of a cue is described for the span policy: its relation, and its word for
    the closed classes whose words differ (auxiliaries, particles, prepositions, adverbs)."""
    word = child.lower_ if child.dep_ in {"aux", "auxpass", "neg", "prt", "prep", "advmod"} else ""
    return child.dep_, word


@dataclass(frozen=True)
class CueLexicon:
    """Counts by ``(lemma, pos, complement)`` and by ``(lemma, pos)``, and the cue-span policy."""

    subjects: dict[tuple[str, str, str, str], tuple[int, int]]
    frames: dict[tuple[str, str, str], tuple[int, int]]
    lemmas: dict[tuple[str, str], tuple[int, int]]
    span: dict[tuple[str, str], tuple[int, int]]
    clauses: dict[tuple[str, str, str, str], tuple[int, int]] = field(default_factory=dict)
    min_total: int = 4  # fewer occurrences of a frame than this: back off to the lemma

    def ratio(self, lemma: str, pos: str, comp: str, subject: str | None = None) -> float:
        """Smoothed share of occurrences that are cues; 0 for a lemma never seen as a cue. For
        reading the lexicon: the extractor asks :class:`CueScorer`, which sees the whole clause.

        Each level is smoothed towards the one above it (lemma → frame → frame and subject),
        with the weight of ``min_total`` occurrences, so rare frames lean on their lemma."""
        lem = self.lemmas.get((lemma, pos))
        if lem is None:
            return 0.0
        prior = lem[0] / lem[1]
        cue, total = self.frames.get((lemma, pos, comp), (0, 0))
        frame = (cue + prior * self.min_total) / (total + self.min_total)
        if subject is None:
            return frame
        cue, total = self.subjects.get((lemma, pos, comp, subject), (0, 0))
        return (cue + frame * self.min_total) / (total + self.min_total)

    def in_span(self, child: Token) -> bool:
        """Whether annotators put this dependent inside the cue span more often than not."""
        incl, total = self.span.get(span_key(child), (0, 0))
        return total >= 3 and incl * 2 > total

    def keeps_clause(self, clause: Token, source: Token, cue: Token) -> bool:
        """Whether annotators kept this relative or participial clause in the source span more
        often than not (:func:`clause_key`); a clause seen fewer than five times is left out."""
        incl, total = self.clauses.get(clause_key(clause, source, cue), (0, 0))
        return total >= 5 and incl * 2 > total


def _rows(name: str) -> list[list[str]]:
    text = files("claimex.taggers").joinpath("data", name).read_text(encoding="utf-8")
    return [row for row in csv.reader(text.splitlines()[1:], delimiter="\t") if row]


@lru_cache(maxsize=1)
def load_cue_lexicon() -> CueLexicon:
    subjects: dict[tuple[str, str, str, str], tuple[int, int]] = {}
    frames: dict[tuple[str, str, str], tuple[int, int]] = {}
    lemmas: dict[tuple[str, str], tuple[int, int]] = {}
    for lemma, pos, comp, subj, cue_s, total_s in _rows("cue_frames.tsv"):
        cue, total = int(cue_s), int(total_s)
        subjects[(lemma, pos, comp, subj)] = (cue, total)
        c, t = frames.get((lemma, pos, comp), (0, 0))
        frames[(lemma, pos, comp)] = (c + cue, t + total)
        c, t = lemmas.get((lemma, pos), (0, 0))
        lemmas[(lemma, pos)] = (c + cue, t + total)
    span = {(dep, word): (int(i), int(t)) for dep, word, i, t in _rows("cue_span.tsv")}
    clauses = {
        (dep, comma, pos, where): (int(i), int(t))
        for dep, comma, pos, where, i, t in _rows("source_span.tsv")
    }
    return CueLexicon(subjects, frames, lemmas, span, clauses)


_ENTITY = {"PERSON": "person", "ORG": "org", "GPE": "place", "NORP": "group"}


def cue_features(token: Token, in_quote: bool) -> list[str]:
    """The features the cue scorer weighs: the word in its frame, and the clause around it.

    The lemma alone, with its complement, with its subject kind, and with whether it stands in a
    quotation; the token's relation and tag; the subject's entity type; negation."""
    pos = cue_pos(token) or "?"
    lemma = f"{token.lemma_.lower()}/{pos}"
    comp, subj, q = complement_of(token), subject_of(token), "q" if in_quote else "-"
    subject = next(
        (c for c in token.children if c.dep_ in {"nsubj", "nsubjpass", "agent", "poss"}), None
    )
    ent = _ENTITY.get(subject.ent_type_, "") if subject is not None else ""
    if subject is not None and subject.pos_ == "PRON":
        ent = "pron"
    feats = [
        "bias",
        f"l={lemma}",
        f"lc={lemma}/{comp}",
        f"ls={lemma}/{subj}",
        f"lq={lemma}/{q}",
        f"c={comp}",
        f"s={subj}/{q}",
        f"d={token.dep_}",
        f"t={token.tag_}",
        f"e={ent or 'none'}",
        f"ld={lemma}/{token.dep_}",
    ]
    if any(c.dep_ == "neg" for c in token.children):
        feats.append("neg")
    return feats


@dataclass(frozen=True)
class CueScorer:
    """A logistic model over :func:`cue_features`: the probability that a token is a cue."""

    weights: dict[str, float]

    def probability(self, features: list[str]) -> float:
        z = sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load_cue_scorer() -> CueScorer:
    return CueScorer({name: float(w) for name, w in _rows("cue_scorer.tsv")})
