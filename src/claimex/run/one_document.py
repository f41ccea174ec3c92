"""One document through an extractor, never raising: the unit every runner is built from."""

from __future__ import annotations

import asyncio

from claimex.core.schema import ExtractionResult
from claimex.extractors.base import Extractor

__all__ = ["aextract_one", "extract_one"]


def extract_one(extractor: Extractor, doc_id: str, text: str) -> ExtractionResult:
    """The document's result, or its error record: one bad document never loses a batch."""
    try:
        return extractor.extract(text, doc_id=doc_id)
    except Exception as exc:  # ClaimexError, or a bug: neither may lose the rest of a batch
        return ExtractionResult.failed(doc_id, text, exc)


async def aextract_with(extractor: Extractor, text: str, doc_id: str | None) -> ExtractionResult:
    """The extractor's native ``aextract`` (the LLM path), else ``extract`` in a worker thread so
    the event loop never blocks."""
    native = getattr(extractor, "aextract", None)
    if native is not None:
        return await native(text, doc_id=doc_id)  # type: ignore[no-any-return]
    return await asyncio.to_thread(extractor.extract, text, doc_id=doc_id)


async def aextract_one(extractor: Extractor, doc_id: str, text: str) -> ExtractionResult:
    """:func:`extract_one` for asyncio."""
    try:
        return await aextract_with(extractor, text, doc_id)
    except Exception as exc:  # ClaimexError, or a bug: neither may lose the rest of a batch
        return ExtractionResult.failed(doc_id, text, exc)
