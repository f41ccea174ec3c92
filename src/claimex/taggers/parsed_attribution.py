"""Attribution over a dependency parse: cue, source and content from the clause structure.

The approach of the strong rule systems (GenderGapTracker's quote extractor, textacy, BBC Citron's
candidate stage): a cue word — verb, noun, adjective — is the hinge; its subject (or agent, or the
object of "according to", or a possessor: "her warning") is the source; the clause it governs is
the content. Which words are cues, in which frame, and which of their dependents the cue span holds
comes from :mod:`claimex.taggers.cue_lexicon`, derived from an annotated corpus.

Handled: any inflection and auxiliaries or adverbs inside the cue ("had not previously endorsed");
cues in embedded, coordinated, participial and relative clauses ("officials who expect …",
"…, saying …", "is planning to …"), several per sentence, nested ones (a cue inside another's
content names its outer frame); medial frames ("…, she said, …") with discontinuous content;
nominal cues ("the claim that …"); passive cues without an agent ("is expected to") as sourceless.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import islice
from typing import TYPE_CHECKING

from claimex.taggers.attribution import QuoteIndex, find_quote_regions
from claimex.taggers.cue_lexicon import (
    CueLexicon,
    complement_of,
    cue_features,
    cue_pos,
    load_cue_lexicon,
    load_cue_scorer,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from claimex.taggers.parse import ParsedText

__all__ = [
    "LeadIn",
    "ParsedFrame",
    "cue_span",
    "find_lead_ins",
    "find_parsed_frames",
    "find_text_frames",
    "is_idiom",
]

THRESHOLD = 0.5  # the cue scorer's probability from which a token is a cue
_SUBJ = frozenset({"nsubj", "csubj"})
_PASS = frozenset({"nsubjpass", "csubjpass"})
_INHERIT = frozenset({"conj", "advcl", "xcomp", "acl", "relcl", "ccomp", "pcomp", "prep"})
_PUNCT_EDGE = " \t\n,;:.-—–"


@dataclass(frozen=True)
class ParsedFrame:
    """One attribution: character ranges into the document.

    ``content`` has several ranges when a medial frame interrupts it; ``outer`` is the index of the
    frame whose content holds this frame's cue (a nested attribution), or ``None``.
    """

    cue: tuple[int, int]
    speaker: tuple[int, int] | None
    content: list[tuple[int, int]]
    cue_token: int
    outer: int | None = None
    according_to: bool = False
    score: float = 0.0
    tokens: frozenset[int] = field(default_factory=frozenset, repr=False, compare=False)


def _range(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _runs(text: str, ids: set[int], sent: Span) -> list[tuple[int, int]]:
    """Contiguous character ranges of the tokens ``ids`` (inside ``sent``), punctuation trimmed."""
    out: list[tuple[int, int]] = []
    run: list[Token] = []
    for t in sent:
        if t.i in ids:
            run.append(t)
        elif run:
            out.append(_range(run))
            run = []
    if run:
        out.append(_range(run))
    trimmed = []
    for a, b in out:
        while a < b and text[a] in _PUNCT_EDGE:
            a += 1
        while b > a and text[b - 1] in _PUNCT_EDGE:
            b -= 1
        if b > a and any(ch.isalnum() for ch in text[a:b]):
            trimmed.append((a, b))
    return trimmed


def _subtree(tok: Token, sent: Span) -> set[int]:
    lo, hi = sent.start, sent.end
    return {t.i for t in tok.subtree if lo <= t.i < hi}


def _source_of(tok: Token, sent: Span) -> Token | None:
    """The source head for a cue; ``None`` for a passive cue without an agent ("is expected")."""
    passive = False
    for c in tok.children:
        if c.dep_ in _SUBJ:
            return c
        if c.dep_ in _PASS:
            passive = True
        if c.dep_ == "agent":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
        if c.dep_ == "poss" and tok.pos_ in {"NOUN", "PROPN"}:
            return c
    if passive or tok.pos_ in {"NOUN", "PROPN"}:
        return None
    # Participial, coordinated or relative clauses borrow the subject of the clause they hang on:
    # "…, saying …", "X said A and added B", "officials expected to …".
    cur = tok
    for _ in range(4):
        if cur.dep_ not in _INHERIT or cur.head.i == cur.i:
            return None
        head = cur.head
        if cur.dep_ == "acl" and cur.tag_ == "VBN":
            return None  # "contests known as …": the noun is what the participle is about
        if cur.dep_ in {"acl", "relcl"}:
            return head if head.pos_ in {"NOUN", "PROPN", "PRON"} else None
        if cur.dep_ == "ccomp":
            return None  # a reported clause does not share its frame's speaker
        if cur.dep_ == "advcl" and cur.tag_ != "VBG":
            return None  # "… broke out after X said …": only "…, saying …" shares one
        for c in head.children:
            if c.dep_ in _SUBJ and c.i != tok.i:
                return c
        cur = head
    return None


# Dependents of a source's head that PolNeAR's annotators left out of the source span more often
# than not (measured on the training split: adverbial and clausal dependents under 15%); relative
# and participial clauses by the derived table (``CueLexicon.keeps_clause``); everything else —
# compounds, appositives, prepositional post-modifiers ("Joel Pollak of Breitbart California") —
# is kept.
_NOT_IN_SOURCE = frozenset({"relcl", "acl", "dep", "ccomp", "advcl", "mark", "xcomp", "dobj"})


def _is_time_modifier(tok: Token) -> bool:
    """ "several news reports [early on Dec. 1]", "police [on Monday]": a date or time that the
    parser hung on the source says when, not who."""
    if tok.dep_ not in {"prep", "npadvmod"}:
        return False
    words = [t for t in tok.subtree if not (t.is_punct or t.dep_ in {"prep", "advmod", "det"})]
    return bool(words) and all(t.ent_type_ in {"DATE", "TIME"} for t in words)


def _source_ids(src: Token, tok: Token, sent: Span, lex: CueLexicon) -> set[int]:
    ids = {src.i}
    for c in src.children:
        if _is_time_modifier(c):
            continue
        if c.dep_ in {"relcl", "acl"} and c.i != tok.i:
            if lex.keeps_clause(c, src, tok):  # "people who have battled …", "said X, who …"
                ids |= _subtree(c, sent)
        elif c.dep_ not in _NOT_IN_SOURCE and c.dep_ != "punct":
            ids |= _subtree(c, sent)
    # Commas join the span only between its words: the one closing "Tom Hill, [who lives
    # nearby,]" must not pull the left-out clause back in.
    ids = set(range(min(ids), max(ids) + 1)) & _subtree(src, sent)
    if src.i == tok.head.i and tok.dep_ in {"acl", "relcl"}:
        ids -= _subtree(tok, sent)  # "officials [who expect …]": the noun phrase without its clause
    return ids


def cue_span(tok: Token, lexicon: CueLexicon | None = None) -> tuple[int, int]:
    """The characters of the cue headed by ``tok``, with the dependents annotators include."""
    ids = sorted(_cue_ids(tok, lexicon or load_cue_lexicon()))
    doc = tok.doc
    return doc[ids[0]].idx, doc[ids[-1]].idx + len(doc[ids[-1]].text)


def _cue_ids(tok: Token, lex: CueLexicon) -> set[int]:
    ids = {tok.i}
    for c in tok.children:
        if lex.in_span(c) and c.dep_ not in {"dobj", "acomp", "xcomp", "ccomp", "pobj", "attr"}:
            ids.add(c.i)
    # Keep only the contiguous block around the cue word ("has also said"), never a far adverb.
    lo = hi = tok.i
    while lo - 1 in ids:
        lo -= 1
    while hi + 1 in ids:
        hi += 1
    return set(range(lo, hi + 1))


# Marks of an adverbial clause that is the writer's framing, not part of what was said ("…, after a
# woman told him …"); a reason ("because …") stays with the content, as annotators have it.
_FRAMING_MARKS = frozenset(
    "after before when while although though as since until whereas once".split()
)
_NOT_CONTENT = frozenset(
    "punct cc conj nsubj nsubjpass aux auxpass neg agent expl mark csubj parataxis".split()
)


_FRAME_ADJUNCTS = frozenset({"dobj", "dative", "prep", "npadvmod", "advmod"})


def _right_content(
    tok: Token, sent: Span, skip: set[int], framing: frozenset[str] = frozenset()
) -> set[int]:
    """What follows a cue in its own clause: its complements and their modifiers ("criticized
    Clinton for accepting …", "said that … because …"), without the framing clauses, without
    coordinated verbs and participial frames of their own ("…, claiming …")."""
    ids: set[int] = set()
    for c in tok.rights:
        if c.i in skip and c.dep_ == "prep" and not (tok.dep_ == "advcl" and tok.tag_ == "VBG"):
            # "warned of a recession", "talked about how …": the preposition is in the cue,
            # what it governs is the content; "…,” he said, referring to X" names a topic
            for g in c.children:
                ids |= _subtree(g, sent)
            continue
        if c.i in skip or c.dep_ in _NOT_CONTENT or c.dep_ in framing:
            continue
        if c.dep_ == "advcl":
            marks = {g.lower_ for g in c.children if g.dep_ in {"mark", "advmod"}}
            if marks & _FRAMING_MARKS or (c.tag_ == "VBG" and not marks & {"because"}):
                continue
        ids |= _subtree(c, sent)
    return ids


def _content_ids(tok: Token, comp: str, sent: Span, cue_ids: set[int]) -> set[int]:
    """The reported content: the noun's clause for a nominal cue, the clause a medial frame
    interrupts, else what follows the cue in its clause (a fronted complement included)."""
    kids = list(tok.children)
    if comp == "acl":
        for c in kids:
            if c.dep_ == comp:
                return _subtree(c, sent)
    if comp == "medial" or tok.dep_ == "parataxis" or _as_frame(tok):
        return _subtree(tok.head, sent) - _subtree(tok, sent)
    fronted = [c for c in kids if c.dep_ in {"ccomp", "xcomp", "dobj"} and c.i < tok.i]
    # "Prices will rise, analysts warned investors on Tuesday": the clause before the cue is
    # what was said; the addressee and the adjuncts after it are the frame's
    final = any(c.dep_ == "ccomp" for c in fronted)
    ids = _right_content(tok, sent, cue_ids, _FRAME_ADJUNCTS if final else frozenset())
    # "told [the committee] [on Monday] the budget was sound": before a clausal complement, the
    # addressee and the adjuncts are the frame's too
    clause = next((c for c in kids if c.dep_ == "ccomp" and c.i > tok.i), None)
    if clause is not None and not final:
        for c in kids:
            if tok.i < c.i < clause.i and c.dep_ in _FRAME_ADJUNCTS and c.i not in cue_ids:
                ids -= _subtree(c, sent)
    for c in fronted:
        ids |= _subtree(c, sent)  # a fronted complement ("What he said was …")
    if not ids and comp == "quote":
        for c in kids:
            if c.dep_ in {"parataxis", "ccomp"}:
                return _subtree(c, sent)
    return ids


def _as_frame(tok: Token) -> bool:
    """ "…, as the Post reported, …": a cue with no complement in an aside opened by "as" frames
    the clause it hangs on."""
    if tok.dep_ != "advcl" or any(c.dep_ in {"ccomp", "xcomp", "dobj"} for c in tok.children):
        return False
    mark = next((c for c in tok.children if c.dep_ == "mark" and c.lower_ == "as"), None)
    # set off as an aside ("Of course, as …,"), not a comparison ("twice as much as … promised")
    return mark is not None and (mark.i == mark.sent.start or mark.nbor(-1).is_punct)


def _according(tok: Token, sent: Span) -> tuple[Token | None, set[int], set[int]]:
    """ "according to X": source X, cue "according to", content the clause it modifies."""
    to = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"), None)
    if to is None:
        return None, set(), set()
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    head = tok.head if tok.head.i != tok.i else None
    content: set[int] = set()
    if head is not None:
        content = _subtree(head, sent) - _subtree(tok, sent)
        if tok.dep_ == "prep" and head.pos_ in {"NOUN", "PROPN", "NUM"}:
            # "… 40 percent, according to the poll": the noun's whole clause is the content
            clause = head
            while clause.head.i != clause.i and clause.pos_ not in {"VERB", "AUX"}:
                clause = clause.head
            content = _subtree(clause, sent) - _subtree(tok, sent)
    return obj, {tok.i, to.i}, content


# Cue verbs in a sense that attributes nothing: "the attack claimed the lives of nine people".
_IDIOMS = {
    # money claimed, not a claim made: "claimed £12,000 in expenses"
    "claim": frozenset(
        "life lives expense expenses money benefit benefits allowance allowances compensation "
        "damages refund prize title asylum".split()
    ),
    # a verdict or a discovery, not a finding reported: "was found guilty", "found dead"
    "find": frozenset({"guilty", "innocent", "dead", "alive", "liable", "unconscious", "unharmed"}),
}


def is_idiom(tok: Token) -> bool:
    """A cue verb in a sense that attributes nothing ("claimed the lives of …")."""
    objects = _IDIOMS.get(tok.lemma_.lower())
    if not objects:
        return False
    for c in tok.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in objects:
            return True
        if c.dep_ == "dobj" and tok.lemma_.lower() == "claim" and c.ent_type_ == "MONEY":
            return True  # "claimed £12,000"
        if c.dep_ in {"acomp", "oprd", "ccomp", "xcomp", "advmod"} and c.lower_ in objects:
            return True
    return False


def find_parsed_frames(
    doc: Doc,
    *,
    lexicon: CueLexicon | None = None,
    threshold: float = THRESHOLD,
    quotes: QuoteIndex | None = None,
    offset: int = 0,
) -> list[ParsedFrame]:
    """Every attribution frame of a parsed document, in text order of their cues.

    A token is a cue when the cue scorer, given its lemma, frame and clause, puts the
    probability at ``threshold`` or above; only lemmas of the lexicon are scored. ``quotes``
    indexes the quotations of the text ``doc`` starts at ``offset`` in (default: ``doc``'s own);
    offsets in the frames are ``doc``'s."""
    lex = lexicon or load_cue_lexicon()
    scorer = load_cue_scorer()
    text = doc.text  # rebuilt from the tokens on every access: read once
    if quotes is None:
        quotes, offset = QuoteIndex(find_quote_regions(text)), 0
    frames: list[ParsedFrame] = []
    for sent in doc.sents:
        for tok in sent:
            if not _is_candidate(tok, lex):
                continue
            comp = complement_of(tok)
            score = scorer.probability(cue_features(tok, quotes.inside(offset + tok.idx)))
            if score < threshold:
                continue
            if is_idiom(tok):
                continue
            frame = _frame(text, sent, tok, comp, lex, score)
            if frame is not None:
                frames.append(frame)
        colon = _colon_frame(text, sent)
        if colon is not None:
            frames.append(colon)
    frames.sort(key=lambda f: f.cue)
    return _nest(_lift_participles(doc, text, frames))


def _lift_participles(doc: Doc, text: str, frames: list[ParsedFrame]) -> list[ParsedFrame]:
    """ "Hunt said the figures showed X, adding: Y": a participial cue after a comma that the
    parser hangs inside another frame's reported clause is that frame's speaker going on, not
    the clause's subject speaking ("the figures" add nothing): it takes the outer speaker, and
    leaves the outer content."""
    out = list(frames)
    for k, f in enumerate(out):
        tok = doc[f.cue_token]
        if tok.tag_ != "VBG" or tok.dep_ != "advcl" or tok.i == 0 or doc[tok.i - 1].text != ",":
            continue
        if any(c.dep_ in _SUBJ for c in tok.children):
            continue  # a subject of its own
        j = next(
            (
                j
                for j, g in enumerate(out)
                if j != k
                and f.cue_token in g.tokens
                and g.speaker
                and _governs(doc[g.cue_token], tok)
            ),
            None,
        )
        if j is None:
            continue
        g = out[j]
        sent = tok.sent
        rest = set(g.tokens) - _subtree(tok, sent) - {tok.i - 1}
        content = _runs(text, rest, sent)
        if not content:
            continue
        out[j] = replace(g, content=content, tokens=frozenset(rest))
        out[k] = replace(f, speaker=g.speaker)
    return out


def _governs(cue: Token, tok: Token) -> bool:
    """Whether ``tok`` sits in the clause ``cue`` reports (under a clausal complement of it)."""
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            return False
        if cur.head.i == cue.i:
            return cur.dep_ in {"ccomp", "xcomp"}
        cur = cur.head
    return False


# Sources a headline or a transcript names before a colon ("Poll: …", "Study: …").
_DOCUMENT_NOUNS = frozenset("poll survey report study newspaper paper memo".split())
_NOT_IN_COLON_SOURCE = frozenset({"VERB", "AUX", "ADP", "NUM", "ADJ", "PRON", "SCONJ"})


def _colon_frame(text: str, sent: Span) -> ParsedFrame | None:
    """ "Graham: Trump's rhetoric is destroying the party." — a headline's or a transcript's
    source before a colon: a short name of a person or an organisation (by the parser's
    entities), or a poll, report or study, opening the sentence; the rest is the content."""
    opening = list(islice((t for t in sent if not t.is_space), 7))
    k = next((i for i, t in enumerate(opening) if t.text == ":"), None)
    if k is None or k == 0:
        return None  # most sentences: no colon near the start, nothing more to read
    words = [t for t in sent if not t.is_space]
    if len(words) - k < 4:
        return None
    source = words[:k]
    if any(t.pos_ in _NOT_IN_COLON_SOURCE or t.is_punct for t in source):
        return None
    head = source[-1]
    named = head.pos_ == "PROPN" and head.ent_type_ in {"PERSON", "ORG", "NORP"}
    if not named and head.lemma_.lower() not in _DOCUMENT_NOUNS:
        return None
    colon = words[k]
    content_ids = {t.i for t in words[k + 1 :]}
    content = _runs(text, content_ids, sent)
    if not content:
        return None
    return ParsedFrame(
        cue=(colon.idx, colon.idx + 1),
        speaker=_range(source),
        content=content,
        cue_token=colon.i,
        score=1.0,
        tokens=frozenset(content_ids),
    )


def _frame(
    text: str, sent: Span, tok: Token, comp: str, lex: CueLexicon, score: float
) -> ParsedFrame | None:
    according = tok.lemma_.lower() == "accord"
    if according:
        src, cue_ids, content_ids = _according(tok, sent)
    else:
        src = _source_of(tok, sent)
        cue_ids = _cue_ids(tok, lex)
        content_ids = _content_ids(tok, comp, sent, cue_ids)
    src_ids = _source_ids(src, tok, sent, lex) if src is not None else set()
    if src is not None and src.lower_ in {"it", "there"} and src.dep_ == "expl":
        src_ids = set()
    frame_ids = cue_ids | src_ids
    content_ids = content_ids - frame_ids
    content = _runs(text, content_ids, sent)
    if not content:
        return None
    speaker = _runs(text, src_ids, sent) if src_ids else []
    cue = _runs(text, cue_ids, sent) or [_range([tok])]
    return ParsedFrame(
        cue=(cue[0][0], cue[-1][1]),
        speaker=(speaker[0][0], speaker[-1][1]) if speaker else None,
        content=content,
        cue_token=tok.i,
        according_to=according,
        score=score,
        tokens=frozenset(content_ids),
    )


def _nest(frames: list[ParsedFrame]) -> list[ParsedFrame]:
    """Link each frame to the innermost other frame whose content holds its cue word."""
    out = []
    for f in frames:
        best: int | None = None
        best_size = 0
        for j, g in enumerate(frames):
            if g is f or f.cue_token not in g.tokens:
                continue
            if best is None or len(g.tokens) < best_size:
                best, best_size = j, len(g.tokens)
        out.append(replace(f, outer=best))
    return out


@dataclass(frozen=True)
class LeadIn:
    """A sentence that only introduces what follows it ("Cruz continued:", "In a speech, she
    declared:"): its source and cue, and where the colon ends (the quotation after it is theirs)."""

    cue: tuple[int, int]
    speaker: tuple[int, int]
    end: int


# What may stand between a lead-in's cue and its colon: an addressee, a time or a manner.
_LEAD_IN_GAP = frozenset({"dobj", "dative", "prep", "npadvmod", "advmod", "punct", "pobj"})


def find_lead_ins(parsed: ParsedText, quotes: QuoteIndex) -> list[LeadIn]:
    """Sentences ending in a colon whose last cue has a source and governs nothing before the
    colon: the frame of the quotation that follows (the next paragraph, as a rule)."""
    out = []
    for offset, _, doc in parsed.pieces:
        for sent in doc.sents:
            lead_in = _lead_in(sent, offset, quotes)
            if lead_in is not None:
                out.append(lead_in)
    return out


def _lead_in(sent: Span, offset: int, quotes: QuoteIndex) -> LeadIn | None:
    last = next((t for t in reversed(sent) if not t.is_space), None)
    if last is None or last.text != ":":
        return None  # most sentences: not a lead-in, nothing to build
    words = [t for t in sent if not t.is_space]
    if len(words) < 3 or words[-1].text != ":":
        return None
    lex, colon = load_cue_lexicon(), words[-1]
    # the last cue word before the colon decides
    tok = next((t for t in reversed(words[:-1]) if _is_candidate(t, lex)), None)
    if tok is None or is_idiom(tok):
        return None
    if (
        load_cue_scorer().probability(cue_features(tok, quotes.inside(offset + tok.idx)))
        < THRESHOLD
    ):
        return None
    if any(c.dep_ not in _LEAD_IN_GAP for c in tok.rights if c.i != colon.i):
        return None  # "he said the plan had failed and added:" is a frame of its own
    if any(t.dep_ in {"ccomp", "xcomp", "relcl"} for t in tok.subtree if t.i > tok.i):
        return None
    src = _source_of(tok, sent)
    if src is None or (src.pos_ == "PRON" and src.lower_ in {"it", "there"}):
        return None
    speaker = _runs(sent.doc.text, _source_ids(src, tok, sent, lex), sent)
    if not speaker:
        return None
    cue = _range(sorted((sent.doc[i] for i in _cue_ids(tok, lex)), key=lambda t: t.i))
    return LeadIn(
        (cue[0] + offset, cue[1] + offset),
        (speaker[0][0] + offset, speaker[-1][1] + offset),
        colon.idx + 1 + offset,
    )


def _is_candidate(tok: Token, lex: CueLexicon) -> bool:
    pos = cue_pos(tok)
    return pos is not None and (tok.lemma_.lower(), pos) in lex.lemmas


def find_text_frames(parsed: ParsedText, quotes: QuoteIndex) -> list[ParsedFrame]:
    """:func:`find_parsed_frames` over every piece of a text parsed in pieces, with offsets into
    the whole text and token indices shifted as :class:`ParsedText` shifts them; ``quotes``
    indexes the whole text's quotations."""
    out: list[ParsedFrame] = []
    for offset, shift, doc in parsed.pieces:
        base = len(out)

        def move(r: tuple[int, int], offset: int = offset) -> tuple[int, int]:
            return r[0] + offset, r[1] + offset

        for f in find_parsed_frames(doc, quotes=quotes, offset=offset):
            out.append(
                replace(
                    f,
                    cue=move(f.cue),
                    speaker=move(f.speaker) if f.speaker else None,
                    content=[move(r) for r in f.content],
                    cue_token=f.cue_token + shift,
                    outer=None if f.outer is None else f.outer + base,
                    tokens=frozenset(i + shift for i in f.tokens),
                )
            )
    return out
