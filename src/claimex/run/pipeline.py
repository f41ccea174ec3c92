"""Running one document or many, in threads or on asyncio, in input order or as completed."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Generic, Protocol, TypeVar

from claimex.core.config import ExtractConfig
from claimex.core.documents import Document
from claimex.core.errors import ConfigurationError
from claimex.core.schema import ExtractionResult
from claimex.extractors.base import Extractor
from claimex.extractors.factory import make_extractor
from claimex.run.one_document import (
    WorkItem,
    aextract_one,
    aextract_with,
    extract_one,
    work_items,
)

__all__ = ["aextract", "aextract_many", "extract", "extract_many"]

R = TypeVar("R", covariant=True)


class _Pending(Protocol[R]):
    def done(self) -> bool: ...
    def result(self) -> R: ...
    def cancel(self) -> bool: ...


H = TypeVar("H", bound=_Pending[ExtractionResult])


class _Window(Generic[H]):
    """The documents in flight, for threads and asyncio alike: at most ``concurrency`` running
    and ``4 × concurrency`` waiting to be yielded, so a stream of any length runs in flat memory."""

    def __init__(self, items: Iterator[WorkItem], concurrency: int) -> None:
        self.items, self.concurrency = items, concurrency
        self.queue: deque[H] = deque()
        self.exhausted = False

    def running(self) -> set[H]:
        return {h for h in self.queue if not h.done()}

    def refill(self, start: Callable[[WorkItem], H]) -> bool:
        """Start documents while there is room; False once every document has been taken."""
        running = len(self.running())
        while not self.exhausted and running < self.concurrency:
            if len(self.queue) >= 4 * self.concurrency:
                break
            item = next(self.items, None)
            if item is None:
                self.exhausted = True
                break
            self.queue.append(start(item))
            running += 1
        return bool(self.queue)

    def take(self, ordered: bool) -> list[H]:
        """The finished documents that may be yielded now: in input order, the finished ones
        at the head; otherwise every finished one."""
        ready: list[H] = []
        if ordered:
            while self.queue and self.queue[0].done():
                ready.append(self.queue.popleft())
        else:
            ready = [h for h in self.queue if h.done()]
            for h in ready:
                self.queue.remove(h)
        return ready

    def cancel(self) -> None:
        for h in self.queue:
            h.cancel()


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
) -> Generator[ExtractionResult, None, None]:
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
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="claimex")
    window: _Window[Future[ExtractionResult]] = _Window(work_items(documents), concurrency)
    try:
        while window.refill(lambda item: pool.submit(extract_one, chosen, *item)):
            ready = window.take(ordered)
            if ready:
                yield from (future.result() for future in ready)
            else:
                wait(window.running(), return_when=FIRST_COMPLETED)
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
    window: _Window[asyncio.Task[ExtractionResult]] = _Window(work_items(documents), concurrency)
    try:
        while window.refill(lambda item: asyncio.ensure_future(aextract_one(chosen, *item))):
            ready = window.take(ordered)
            if ready:
                for task in ready:
                    yield task.result()
            else:
                await asyncio.wait(window.running(), return_when=asyncio.FIRST_COMPLETED)
    finally:
        window.cancel()
