"""The public schema: invariants and lossless JSON round-trips."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from claimex import (
    SCHEMA_VERSION,
    Attribution,
    ExtractionResult,
    RuleExtractor,
    Span,
    SpeakerType,
    Usage,
)


def test_span_must_cover_its_text() -> None:
    with pytest.raises(ValidationError):
        Span(start=0, end=5, text="abc")
    with pytest.raises(ValidationError):
        Span(start=5, end=2, text="")
    with pytest.raises(ValueError, match="outside"):
        Span.of("abc", 1, 9)
    s = Span.of("hello world", 6, 11)
    assert s.text == "world" and s.shifted(10).start == 16


def test_usage_adds_up() -> None:
    total = Usage(prompt_tokens=3, completion_tokens=4) + Usage(
        prompt_tokens=10, completion_tokens=1
    )
    assert (total.prompt_tokens, total.completion_tokens, total.total_tokens) == (13, 5, 18)


def test_article_voice_attribution() -> None:
    a = Attribution.article()
    assert a.speaker is None and a.speaker_type is SpeakerType.ARTICLE


def test_results_round_trip_through_json(seed_texts) -> None:
    for name, text in seed_texts.items():
        result = RuleExtractor().extract(text, doc_id=name)
        assert result.schema_version == SCHEMA_VERSION
        again = ExtractionResult.model_validate_json(result.model_dump_json())
        assert again == result
        assert again.model_dump_json() == result.model_dump_json()


def test_models_are_frozen() -> None:
    s = Span.of("abc", 0, 1)
    with pytest.raises(ValidationError):
        s.start = 2  # type: ignore[misc]


def test_spans_and_models_built_without_validation_equal_validated_ones() -> None:
    import pickle

    from claimex.core.schema import Attribution, Quantity, Span

    quick, checked = Span.of_unchecked(3, 5, "ab"), Span(start=3, end=5, text="ab")
    assert quick == checked and hash(quick) == hash(checked)
    assert quick.model_fields_set == checked.model_fields_set
    assert quick.model_dump_json() == checked.model_dump_json()
    assert pickle.loads(pickle.dumps(quick)) == checked
    assert quick.model_copy(update={"end": 6, "text": "abc"}) == Span(start=3, end=6, text="abc")
    q = Quantity.trusted(text="21", value=21.0, span=quick)
    assert q == Quantity(text="21", value=21.0, span=checked)
    assert Attribution.article() == Attribution(speaker_type="article", quote_type="none")
