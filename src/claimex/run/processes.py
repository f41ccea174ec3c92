"""Extraction in worker processes, for throughput beyond what one process's GIL allows.

Each worker process builds its own extractor from the config and runs ``threads`` documents at
once, pulling from one shared input queue, so no worker idles while another has a backlog. The
parent feeds the queue lazily (at most ``4 × concurrency`` documents outstanding) and yields
results in input order or as they complete. A worker that dies turns the documents it held into
error records; nothing is lost or duplicated.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from claimex.core.config import ExtractConfig
from claimex.core.schema import ExtractionResult
from claimex.extractors.factory import make_extractor
from claimex.run.one_document import WorkItem, extract_one

__all__ = ["extract_in_processes"]

_DONE = "done"


def _worker(config: ExtractConfig, threads: int, inq: Any, outq: Any) -> None:
    extractor = make_extractor(config)

    def loop() -> None:
        while True:
            item = inq.get()
            if item is None:
                inq.put(None)  # the other threads of this process stop too
                return
            i, doc_id, text, error = item
            outq.put((i, extract_one(extractor, doc_id, text, error).model_dump_json()))

    workers = [threading.Thread(target=loop, daemon=True) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    outq.put((_DONE, None))


def extract_in_processes(
    items: Iterable[WorkItem],
    config: ExtractConfig,
    *,
    processes: int,
    concurrency: int,
    ordered: bool = True,
) -> Iterator[ExtractionResult]:
    """``(doc_id, text, read_error)`` items in, one result each out (see :func:`extract_many`)."""
    ctx = mp.get_context("spawn")  # fork after threads exist can deadlock
    inq, outq = ctx.Queue(), ctx.Queue()
    threads = max(1, concurrency // processes)
    procs = [
        ctx.Process(target=_worker, args=(config, threads, inq, outq), daemon=True)
        for _ in range(processes)
    ]
    for p in procs:
        p.start()
    source = iter(items)
    pending: dict[int, WorkItem] = {}  # sent, not yet yielded: for error records
    ready: dict[int, ExtractionResult] = {}
    sent = next_out = 0
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < 4 * concurrency:
                item = next(source, None)
                if item is None:
                    exhausted = True
                    for _ in procs:
                        inq.put(None)
                    break
                pending[sent] = item
                inq.put((sent, *item))
                sent += 1
            if exhausted and not pending:
                return
            try:
                i, payload = outq.get(timeout=1.0)
            except queue.Empty:
                if all(not p.is_alive() for p in procs):
                    break  # every worker is gone: the rest become error records below
                continue
            if i == _DONE:
                continue  # a worker saw the end of the input
            result = ExtractionResult.model_validate_json(payload)
            if ordered:
                ready[i] = result
                while next_out in ready:
                    pending.pop(next_out, None)
                    yield ready.pop(next_out)
                    next_out += 1
            else:
                pending.pop(i, None)
                yield result
        lost = RuntimeError("the worker process extracting this document died")
        for i in sorted(pending):
            if ordered and i in ready:
                yield ready.pop(i)
            else:
                doc_id, text, error = pending[i]
                yield ExtractionResult.failed(doc_id, text, error or lost)
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=5)
