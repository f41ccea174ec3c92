"""The rule extractor's fast paths give the same answers as the plain forms they replace.

Each fast path (a scan over lower-cased text, a pattern rewritten to open with a character class,
a search cut short, a word-set test that skips a pattern) is checked against the plain form on
generated text, capitals and letters that only case folding equates with ASCII ones included.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimex.extractors.rule_extractor import _CLAUSE_CUT
from claimex.taggers import attribution
from claimex.taggers.hedges import _HEDGE, _KINDS, find_hedges
from claimex.taggers.quantities import _QUANTITY, _matches
from claimex.taggers.sentences import _BOUNDARY, lowered, words_of
from claimex.taggers.timex import _RELATIVE, _is_title, find_times


def _texts(vocab: list[str], max_size: int = 30) -> st.SearchStrategy[str]:
    """Sentences of ``vocab`` words, each as written, capitalised or upper-cased."""
    word = st.sampled_from(vocab).flatmap(lambda w: st.sampled_from([w, w.capitalize(), w.upper()]))
    return st.lists(word, max_size=max_size).map(" ".join)


_QUANTITY_VOCAB = [
    "at least", "more than", "about", "nearly", "up to", "between", "and", "to", "an", "a",
    "for", "hour", "people", "killed", "21", "3,000", "3 1/2", "2.7m", "$84", "US$5", "USD 40",
    "Rs. 12", "PS2.7m", "5%", "percent", "fourteen", "twenty-one", "a dozen", "dozens",
    "several", "number", "of", "Nov.", "30,", "2019", "in", "said", ",", "-", "½", "one", "no",
    "an unspecified", "a few", "two-thirds", "some", "ſome", "ſeveral", "İn", "ıt", "K", "€3",
]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(_texts(_QUANTITY_VOCAB))
def test_quantity_scan_equals_the_case_insensitive_pattern(text: str) -> None:
    assert [m.span() for m in _matches(text)] == [m.span() for m in _QUANTITY.finditer(text)]


_HEDGE_VOCAB = [
    "could not confirm", "could", "not", "confirm", "reportedly", "allegedly", "suspected",
    "it was reported", "is said to", "may", "might", "likely", "unlikely", "the", "police",
    "ſuspected", "unable to verify", "appears to", "İt", "said", ",", ".", "appear to",
    "seem to", "were said to", "couldn't verify", "not been independently confirmed",
    "thought to", "expected to", "estimated", "purportedly", "unclear", "perhaps", "to",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(_texts(_HEDGE_VOCAB))
def test_hedges_equal_the_case_insensitive_pattern(text: str) -> None:
    expected = [
        (m.span(), m.group(), _KINDS[int(m.lastgroup[1:])])  # type: ignore[index]
        for m in _HEDGE.finditer(text)
        if not (m.group() in ("May", "Might", "Could") and m.start() > 0)  # a month, a name
    ]
    found = [((h.span.start, h.span.end), h.text, h.kind) for h in find_hedges(text)]
    assert found == expected


_TIME_VOCAB = [
    "yesterday", "today", "this week", "last night", "so far this year", "at noon", "around",
    "midnight", "in the coming days", "earlier this month", "the", "attack", "ſo far this year",
    "İn", "week", "night", ",", "later that day", "mid-day", "midday", "next month", "tomorrow",
    "tonight", "this", "year", "morning", "far",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(_texts(_TIME_VOCAB))
def test_relative_times_equal_the_case_insensitive_pattern(text: str) -> None:
    found = [(t.span.start, t.span.end) for t in find_times(text) if t.value is None]
    # "Today" capitalised inside a sentence is a name, whichever scan found it
    assert found == [m.span() for m in _RELATIVE.finditer(text) if not _is_title(text, m.start())]


def test_lowered_refuses_texts_whose_offsets_or_folds_would_differ() -> None:
    assert lowered("At Least 21") == "at least 21"
    assert lowered("İstanbul") is None  # lower-casing makes two characters of one
    assert lowered("ſome 14") is None  # "ſ" matches "s" only under case folding
    assert lowered("ıt") is None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=200) | _texts(["ſome", "İn", "ıt", "Kilo"]))
def test_word_sets_equal_the_runs_of_a_to_z(text: str) -> None:
    folded = text.replace("ſ", "s").replace("ı", "i").replace("İ", "I")
    assert words_of(text) == frozenset(re.findall(r"[a-z]+", folded.lower()))


_PUNCTUATION_TEXT = st.lists(
    st.sampled_from([*"ab .!?\"”’')]\n,;\t", "and", "while", "whereas"]), max_size=40
).map("".join)


@settings(max_examples=800, deadline=None)
@given(_PUNCTUATION_TEXT)
def test_sentence_boundaries_equal_the_plain_pattern(text: str) -> None:
    plain = re.compile(r"[.!?]+[\"”’')\]]*(?=\s)|[\"”’][.!?](?=\s)")
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=800, deadline=None)
@given(_PUNCTUATION_TEXT)
def test_clause_cuts_equal_the_plain_pattern(text: str) -> None:
    plain = re.compile(r",[\"”’]?\s+(?:while|whereas)\s+|;\s+|,?\s+and\s+(?=\S)")
    assert [m.span() for m in _CLAUSE_CUT.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


_FRAME_VOCAB = [
    "he", "she", "said", "says", "told", "Reuters", "officials", "the", "governor", "Miguel",
    "Riquelme", "and", "that", "44", "percent", "would", "back", "vote", "for", "it", "was",
    "reported", "according", "to", "police", ",", ".", "after", "attack", "in", "a", "statement",
    "“", "”", "believe", "is", "convinced",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(_texts(_FRAME_VOCAB, max_size=25))
def test_inner_frame_within_the_start_equals_the_full_search_cut_there(text: str) -> None:
    full = attribution._inner(text)
    expected = full if full is not None and full.speaker and full.speaker[0] <= 1 else None
    assert attribution._inner(text, within=1) == expected


@settings(max_examples=600, deadline=None)
@given(_texts(_FRAME_VOCAB, max_size=25))
def test_a_trailing_frame_with_a_speaker_holds_a_cue_word(text: str) -> None:
    # find_frame skips looking for a chained frame when no such word is in the head.
    frame = attribution._trailing(text, len(text))
    if frame is not None and frame.speaker is not None:
        assert not attribution._CUE_MARKS.isdisjoint(words_of(text))


_HEDGE_CUES = [
    "could not confirm", "could not independently verify", "could not be confirmed",
    "cannot confirm", "can't verify", "couldn't confirm", "was unable to confirm",
    "unable to independently verify", "not been independently confirmed", "unconfirmed",
    "unverified", "reportedly", "purportedly", "supposedly", "allegedly", "it was reported",
    "is said to", "are said to", "was said to", "were said to", "suspected", "alleged",
    "believed", "presumed", "apparently", "apparent", "possibly", "possible", "probably",
    "likely", "unlikely", "presumably", "perhaps", "unclear", "appear to", "appears to",
    "appeared to", "seem to", "seems to", "seemed to", "thought to", "expected to", "estimated",
    "may", "might", "could",
]  # fmt: skip


def test_every_hedge_cue_is_found_on_its_own() -> None:
    # The word-set test before the scan once missed "suspected", "reportedly" and "may".
    for cue in _HEDGE_CUES:
        text = f"The gunmen {cue} the town."
        assert [h.text for h in find_hedges(text)] == [cue], cue


_NO_HEAD_VOCAB = [
    w
    for w in [
        *_FRAME_VOCAB, "state", "Fox", "News", "the head of", "Villa", "Union", "Coahuila",
        "Gov.", "Miguel", "’s", "several", "of", "whom", "convinced", "added", "warned",
        "pointed out", "saying",
    ]
    if attribution._HEAD_WORDS_LOWER.isdisjoint(words_of(w))
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(_texts(_NO_HEAD_VOCAB, max_size=25))
def test_frames_without_a_head_noun_need_no_noun_phrase_speaker(text: str) -> None:
    # find_frame drops the noun-phrase speaker from its patterns when no head noun is present.
    assert attribution._frames_for(words_of(text)) is attribution._WITHOUT_NP
    full, lean = attribution._ALL, attribution._WITHOUT_NP
    assert attribution._trailing(text, len(text), full) == attribution._trailing(
        text, len(text), lean
    )
    assert attribution._leading(text, full) == attribution._leading(text, lean)
    assert attribution._medial(text, full) == attribution._medial(text, lean)
    assert attribution._inner(text, pats=full) == attribution._inner(text, pats=lean)
