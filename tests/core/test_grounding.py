"""Quote alignment: exact → normalised → fuzzy, offsets always index the original text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimex import Alignment, align
from claimex.core.grounding import Aligner, normalize


def test_exact_match_gives_exact_offsets() -> None:
    text = "The governor said at least 14 people were killed."
    g = align("at least 14 people", text)
    assert g.alignment is Alignment.EXACT
    assert (g.span.start, g.span.end) == (18, 36)
    assert text[g.span.start : g.span.end] == "at least 14 people"


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        ('"These groups won\'t be allowed"', "“These groups won’t be allowed,” he said."),
        ("at least  14\npeople", "At least 14 people were killed."),
        ("AT LEAST 14 PEOPLE", "at least 14 people"),
        ("an hour-long shootout", "an hour–long shootout"),  # en dash in the source
    ],
)
def test_normalized_match_maps_back_to_original(quote: str, text: str) -> None:
    g = align(quote, text)
    assert g.alignment in (Alignment.NORMALIZED, Alignment.EXACT)
    assert g.span is not None
    assert text[g.span.start : g.span.end] == g.span.text
    assert normalize(g.span.text).strip("\"'") == normalize(quote).strip("\"'").strip()


def test_nfc_quote_against_nfd_text_keeps_combining_marks() -> None:
    nfd = unicodedata.normalize("NFD", "Gov. Andrés López said the café was closed.")
    g = align("Andrés López", nfd)
    assert g.alignment is Alignment.NORMALIZED
    assert g.span.text == unicodedata.normalize("NFD", "Andrés López")
    assert nfd[g.span.start : g.span.end] == g.span.text


@pytest.mark.parametrize(
    "text",
    [
        "🔥🔥 Fire crews said 12 homes burned. 🔥",
        "東京で地震があった。At least 3 people were hurt, officials said.",
        "Ça va — «at least 3 people were hurt», a dit le maire.",
    ],
)
def test_offsets_are_code_points_with_non_ascii(text: str) -> None:
    quote = "people were hurt" if "hurt" in text else "12 homes burned"
    g = align(quote, text)
    assert g.alignment is Alignment.EXACT
    assert text[g.span.start : g.span.end] == quote


def test_repeated_quote_resolves_in_reading_order() -> None:
    text = "Police said no one was hurt. Later, firefighters said no one was hurt."
    aligner = Aligner(text)
    first = aligner.align("no one was hurt")
    second = aligner.align("no one was hurt")
    assert first.span.start < second.span.start
    hinted = Aligner(text).align("no one was hurt", hint=30)
    assert hinted.span.start == second.span.start


def test_quote_with_ellipsis_becomes_several_spans() -> None:
    text = "The cartels have unlimited money, the people, the weapons, because it is drug money."
    g = align("The cartels have unlimited money ... because it is drug money", text)
    assert g.alignment is Alignment.EXACT
    assert len(g.spans) == 2
    assert [text[s.start : s.end] for s in g.spans] == [s.text for s in g.spans]


def test_fuzzy_match_is_flagged_and_snapped_to_words() -> None:
    text = "Security forces killed seven additional members of the gang on Sunday."
    g = align("Security forces killed 7 additional members of the gang", text)
    assert g.alignment is Alignment.FUZZY
    assert g.span.text.startswith("Security") and g.span.text.endswith("gang")


def test_absent_quote_is_not_grounded() -> None:
    g = align("The moon is made of cheese and was sold yesterday", "Nothing of the kind happened.")
    assert g.alignment is Alignment.NONE and g.spans == []


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200), st.data())
def test_any_substring_aligns_exactly(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    g = align(quote, text)
    if quote.strip().strip(" \t\r\n\"'“”‘’«»"):
        assert g.alignment is Alignment.EXACT
        assert text[g.span.start : g.span.end] == g.span.text == quote.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=60))
def test_spans_always_index_the_text(text: str, quote: str) -> None:
    g = align(quote, text)
    for s in g.spans:
        assert 0 <= s.start <= s.end <= len(text)
        assert text[s.start : s.end] == s.text
