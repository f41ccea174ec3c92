"""Running one document or many, in threads or on asyncio, in input order or as completed."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from claimex.core.config import ExtractConfig
from claimex.core.documents import Document
from claimex.core.errors import ConfigurationError
from claimex.core.schema import ExtractionResult
from claimex.extractors.base import Extractor
from claimex.extractors.factory import make_extractor
from claimex.run.one_document import aextract_one, aextract_with, extract_one, work_items

__all__ = ["aextract", "aextract_many", "extract", "extract_many"]


def extract(
    text: str,
    *,
    doc_id: str | None = None,
    config: ExtractConfig | None = None,
    extractor: Extractor | None = None,
) -> ExtractionResult:
    """Claims of one document. Raises :class:`ClaimexError` subclasses on failure."""
    return (extractor or make_extractor(config)).extract(text, doc_id=doc_id)


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
            work_items(documents),
            config,
            processes=processes,
            concurrency=max(concurrency, processes),
            ordered=ordered,
        )
        return
    chosen = extractor or make_extractor(config)
    if concurrency <= 1:
        for doc_id, text, error in work_items(documents):
            yield extract_one(chosen, doc_id, text, error)
        return
    items = work_items(documents)
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
                future = pool.submit(extract_one, chosen, *item)
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
    return await aextract_with(extractor or make_extractor(config), text, doc_id)


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
    items = work_items(documents)
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
                task = asyncio.ensure_future(aextract_one(chosen, *item))
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
