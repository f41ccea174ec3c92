"""Choosing an extractor, falling back to rules, and running one document or many."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING

from claimex.core.config import ExtractConfig
from claimex.core.documents import Document
from claimex.core.errors import ConfigurationError, LLMError
from claimex.core.schema import ErrorInfo, ExtractionResult, Usage
from claimex.extractors.base import Extractor, text_sha256
from claimex.extractors.rule_extractor import RuleExtractor

if TYPE_CHECKING:
    from claimex.extractors.llm.llm_extractor import LLMExtractor

__all__ = [
    "FallbackExtractor",
    "aextract",
    "aextract_many",
    "extract",
    "extract_many",
    "make_extractor",
]


class FallbackExtractor:
    """The LLM first; the rule extractor when the LLM fails, with the reason in provenance."""

    name = "auto"

    def __init__(self, primary: LLMExtractor, fallback: RuleExtractor) -> None:
        self.primary = primary
        self.fallback = fallback

    def extract(self, text: str, *, doc_id: str | None = None) -> ExtractionResult:
        started = time.perf_counter()
        try:
            return self.primary.extract(text, doc_id=doc_id)
        except LLMError as exc:
            return self._fall_back(text, doc_id, exc, started)

    async def aextract(self, text: str, *, doc_id: str | None = None) -> ExtractionResult:
        started = time.perf_counter()
        try:
            return await self.primary.aextract(text, doc_id=doc_id)
        except LLMError as exc:
            return self._fall_back(text, doc_id, exc, started)

    def _fall_back(
        self, text: str, doc_id: str | None, exc: LLMError, started: float
    ) -> ExtractionResult:
        result = self.fallback.extract(text, doc_id=doc_id)
        assert result.provenance is not None
        prov = result.provenance.model_copy(
            update={
                "fallback_reason": f"{type(exc).__name__}: {exc}",
                "prompt": self.primary.prompt.ref,
                "prompt_digest": self.primary.prompt.digest,
                "model": self.primary.config.model,
                "attempts": exc.attempts,
                "usage": Usage(
                    prompt_tokens=exc.prompt_tokens, completion_tokens=exc.completion_tokens
                ),
                "duration_s": round(time.perf_counter() - started, 3),
            }
        )
        return result.model_copy(update={"provenance": prov})


def make_extractor(config: ExtractConfig | None = None) -> Extractor:
    """The extractor a config asks for; ``auto`` without an LLM config means rules."""
    config = config or ExtractConfig()
    rules = RuleExtractor(
        reference_date=config.reference_date,
        max_chars=config.max_chars,
        profile=config.rules_profile,
    )
    if config.backend == "rules":
        return rules
    if config.llm is None:
        if config.backend == "llm":
            raise ConfigurationError(
                "backend 'llm' needs a model: set OPENAI_API_KEY and/or OPENAI_BASE_URL, "
                "or pass an LLMConfig"
            )
        return rules
    # Imported here: openai and instructor take a second to import, which the rule extractor,
    # the CLI's default offline, should not pay.
    from claimex.extractors.llm.llm_extractor import LLMExtractor

    llm = LLMExtractor(config.llm.model_copy(update={"max_chars": config.max_chars}))
    return llm if config.backend == "llm" else FallbackExtractor(llm, rules)


def extract(
    text: str,
    *,
    doc_id: str | None = None,
    config: ExtractConfig | None = None,
    extractor: Extractor | None = None,
) -> ExtractionResult:
    """Claims of one document. Raises :class:`ClaimexError` subclasses on failure."""
    return (extractor or make_extractor(config)).extract(text, doc_id=doc_id)


def error_record(doc_id: str | None, text: str | None, exc: BaseException) -> ExtractionResult:
    """The record that stands for a document that failed: why, and which text it was."""
    return ExtractionResult(
        doc_id=doc_id,
        text_length=len(text) if isinstance(text, str) else 0,
        text_sha256=text_sha256(text) if isinstance(text, str) else None,
        error=ErrorInfo(kind=type(exc).__name__, message=str(exc)),
    )


def _items(documents: Iterable[str | Document]) -> Iterator[tuple[str, str]]:
    for i, doc in enumerate(documents):
        yield (doc.id, doc.text) if isinstance(doc, Document) else (str(i), doc)


def _one(extractor: Extractor, doc_id: str, text: str) -> ExtractionResult:
    try:
        return extractor.extract(text, doc_id=doc_id)
    except Exception as exc:  # ClaimexError, or a bug: neither may lose the rest of a batch
        return error_record(doc_id, text, exc)


def extract_many(
    documents: Iterable[str | Document],
    *,
    config: ExtractConfig | None = None,
    extractor: Extractor | None = None,
    concurrency: int = 1,
    ordered: bool = True,
    processes: int = 1,
) -> Iterator[ExtractionResult]:
    """One result per input; a failing document yields an error record and the batch goes on.

    Strings get ids ``"0"``, ``"1"``, …; :class:`Document` keeps its own id. With ``concurrency``
    above 1, that many documents are extracted at once in worker threads (the LLM extractor is
    I/O-bound and thread-safe); inputs are read lazily and at most ``4 × concurrency`` results
    wait in memory, so a stream of any length runs in flat memory. ``ordered=False`` yields
    results as they complete instead of in input order.

    ``processes`` above 1 spreads the ``concurrency`` over that many worker processes, each
    building its extractor from ``config``: on a busy client the LLM path is bound by one
    process's CPU (client-side JSON, validation, HTTP), not by the server.
    """
    if processes > 1:
        if extractor is not None or config is None:
            raise ConfigurationError(
                "processes > 1 needs a config (extractors stay in one process)"
            )
        from claimex.run.processes import extract_in_processes

        yield from extract_in_processes(
            _items(documents),
            config,
            processes=processes,
            concurrency=max(concurrency, processes),
            ordered=ordered,
        )
        return
    chosen = extractor or make_extractor(config)
    if concurrency <= 1:
        for doc_id, text in _items(documents):
            yield _one(chosen, doc_id, text)
        return
    items = _items(documents)
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="claimex")
    window: deque[Future[ExtractionResult]] = deque()
    running: set[Future[ExtractionResult]] = set()
    exhausted = False
    try:
        while True:
            while not exhausted and len(running) < concurrency and len(window) < 4 * concurrency:
                item = next(items, None)
                if item is None:
                    exhausted = True
                    break
                future = pool.submit(_one, chosen, *item)
                window.append(future)
                running.add(future)
            if not window:
                return
            if ordered:
                head = window[0]
                if not head.done():
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    running -= done
                    continue
                window.popleft()
                running.discard(head)
                yield head.result()
            else:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                running -= done
                for future in [f for f in window if f in done]:
                    window.remove(future)
                    yield future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


async def aextract(
    text: str,
    *,
    doc_id: str | None = None,
    config: ExtractConfig | None = None,
    extractor: Extractor | None = None,
) -> ExtractionResult:
    """:func:`extract` for asyncio. The LLM path is natively async; an extractor without
    ``aextract`` (the rules) runs in a worker thread so the event loop never blocks."""
    chosen = extractor or make_extractor(config)
    native = getattr(chosen, "aextract", None)
    if native is not None:
        return await native(text, doc_id=doc_id)
    return await asyncio.to_thread(chosen.extract, text, doc_id=doc_id)


async def _aone(extractor: Extractor, doc_id: str, text: str) -> ExtractionResult:
    try:
        return await aextract(text, doc_id=doc_id, extractor=extractor)
    except Exception as exc:  # ClaimexError, or a bug: neither may lose the rest of a batch
        return error_record(doc_id, text, exc)


async def aextract_many(
    documents: Iterable[str | Document],
    *,
    config: ExtractConfig | None = None,
    extractor: Extractor | None = None,
    concurrency: int = 8,
    ordered: bool = True,
) -> AsyncIterator[ExtractionResult]:
    """:func:`extract_many` for asyncio: at most ``concurrency`` documents in flight.

    ``async for result in aextract_many(docs, concurrency=32): ...``
    """
    chosen = extractor or make_extractor(config)
    items = _items(documents)
    window: deque[asyncio.Task[ExtractionResult]] = deque()
    exhausted = False
    try:
        while True:
            running = {t for t in window if not t.done()}
            while not exhausted and len(running) < concurrency and len(window) < 4 * concurrency:
                item = next(items, None)
                if item is None:
                    exhausted = True
                    break
                task = asyncio.ensure_future(_aone(chosen, *item))
                window.append(task)
                running.add(task)
            if not window:
                return
            if ordered and window[0].done():
                yield window.popleft().result()
                continue
            await asyncio.wait(running or {window[0]}, return_when=asyncio.FIRST_COMPLETED)
            if not ordered:
                for task in [t for t in window if t.done()]:
                    window.remove(task)
                    yield task.result()
    finally:
        for task in window:
            task.cancel()
