"""Other tools, run through the same scoring as claimex: the yardsticks in ``claimex eval``.

``quantulum3`` (a dev dependency, MIT) is the usual open quantity parser for English. Its
quantities are wrapped as one article claim per document, so NewsQuant scores it exactly as it
scores the rule extractor.
"""

from __future__ import annotations

import warnings
from typing import Any

from claimex._version import __version__
from claimex.core.errors import ConfigurationError
from claimex.core.hashing import text_sha256
from claimex.core.schema import (
    Attribution,
    Claim,
    ExtractionResult,
    Provenance,
    Qualifier,
    Quantity,
    Span,
)

__all__ = ["QuantulumExtractor"]


class QuantulumExtractor:
    """quantulum3's ``parser.parse`` as an extractor: value, range, unit name and span."""

    name = "quantulum3"

    def __init__(self) -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "classifier dependencies not installed"
                from quantulum3 import parser
        except ImportError:
            raise ConfigurationError(
                "the quantulum3 configuration needs quantulum3: pip install 'quantulum3<1'"
            ) from None
        self._parse: Any = parser.parse

    def extract(self, text: str, *, doc_id: str | None = None) -> ExtractionResult:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = self._parse(text)
        quantities = []
        for q in found:
            start, end = max(0, q.span[0]), min(len(text), q.span[1])
            value = float(q.value)
            low = high = None
            qualifier = Qualifier.EXACT
            if q.uncertainty:
                low, high, qualifier = value - q.uncertainty, value + q.uncertainty, Qualifier.RANGE
            name = q.unit.name if q.unit.entity.name != "dimensionless" else None
            if q.unit.name == "percentage":
                name = "percentage"
            quantities.append(
                Quantity(
                    text=text[start:end],
                    value=value,
                    low=low,
                    high=high,
                    qualifier=qualifier,
                    unit=q.unit.name if name else None,
                    unit_normalized=name,
                    span=Span.of(text, start, end),
                )
            )
        claim = Claim(
            id="c1",
            text=text,
            evidence=[Span.of(text, 0, len(text))] if text else [],
            attribution=Attribution.article(),
            quantities=quantities,
        )
        return ExtractionResult(
            doc_id=doc_id,
            text_length=len(text),
            text_sha256=text_sha256(text),
            claims=[claim],
            provenance=Provenance(
                extractor="rules", claimex_version=__version__, model="quantulum3"
            ),
        )
