"""One document through an extractor, never raising: the unit every runner is built from."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator

from claimex.core.documents import Document
from claimex.core.schema import ExtractionResult
from claimex.extractors.base import Extractor

__all__ = ["WorkItem", "aextract_one", "aextract_with", "extract_one", "work_items"]

# What a runner hands to a worker: the document's id, its text, and the error that kept it from
# being read (then the record is that error, and nothing is extracted).
WorkItem = tuple[str, str, Exception | None]


def work_items(documents: Iterable[str | Document]) -> Iterator[WorkItem]:
    """Strings get ids ``"0"``, ``"1"``, …; a :class:`Document` keeps its id and read error."""
    for i, doc in enumerate(documents):
        if isinstance(doc, Document):
            yield doc.id, doc.text, doc.error
        else:
            yield str(i), doc, None


def extract_one(
    extractor: Extractor, doc_id: str, text: str, error: Exception | None = None
) -> ExtractionResult:
    """The document's result, or its error record: one bad document never loses a batch."""
    if error is not None:
        return ExtractionResult.failed(doc_id, None, error)
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


async def aextract_one(
    extractor: Extractor, doc_id: str, text: str, error: Exception | None = None
) -> ExtractionResult:
    """:func:`extract_one` for asyncio."""
    if error is not None:
        return ExtractionResult.failed(doc_id, None, error)
    try:
        return await aextract_with(extractor, text, doc_id)
    except Exception as exc:  # ClaimexError, or a bug: neither may lose the rest of a batch
        return ExtractionResult.failed(doc_id, text, exc)
