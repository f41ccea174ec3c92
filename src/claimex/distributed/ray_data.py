"""claimex on Ray Data: extraction as a streaming map over a dataset, on one machine or many.

Ray schedules; claimex only supplies the work. :func:`extract_dataset` is one ``map_batches`` over
a callable class, so each actor of the pool builds its extractor once (the parser model, the LLM
client and its reply cache) and then serves batch after batch; Ray streams rows through the pool
with backpressure, retries the tasks of an actor that dies, and reads and writes JSONL or Parquet
itself. Every input row gives exactly one output row: its result, or its error record, never a
failed job.

The LLM's requests/tokens-per-minute limits are meant for the whole job, not per actor: one small
actor holds the token bucket and every worker asks it before each request (one round trip of a
few hundred microseconds on a local cluster, next to a request of seconds).

Needs ``pip install 'claimex[ray]'``; ``import claimex`` never imports Ray.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyarrow as pa
import ray
import ray.data

from claimex.core.config import ExtractConfig
from claimex.core.errors import ConfigurationError, InputError
from claimex.core.hashing import text_sha256
from claimex.core.schema import ExtractionResult
from claimex.extractors.factory import make_extractor
from claimex.extractors.llm.rate_limit import RateLimiter
from claimex.outputs.claim_rows import parquet_schema, to_rows
from claimex.run.one_document import extract_one

__all__ = ["RESULT_COLUMNS", "SharedLimiter", "claims_dataset", "extract_dataset", "results_of"]

# One row per input row: the document's id, its ExtractionResult as JSON, and the error kind
# (null when the document was extracted), so failures are one ``filter`` away.
RESULT_COLUMNS = ("doc_id", "result", "error_kind")
_RESULT_SCHEMA = pa.schema([(c, pa.string()) for c in RESULT_COLUMNS])


class _SharedBucket:
    """The job's one rate limit, living in a Ray actor that every worker asks before a request."""

    def __init__(self, rpm: float | None, tpm: float | None) -> None:
        self.limiter = RateLimiter(rpm, tpm)

    def try_acquire(self, tokens: int) -> float:
        return self.limiter.try_acquire(tokens)

    def charge(self, requests: int, tokens: int) -> None:
        self.limiter.charge(requests, tokens)


class SharedLimiter:
    """The transport's :class:`~claimex.extractors.llm.rate_limit.Limiter`, answered by the
    job's bucket actor: waits happen in the worker, the counting in one place."""

    def __init__(self, bucket: Any, sleep: Callable[[float], None] = time.sleep) -> None:
        self.bucket, self._sleep = bucket, sleep

    def acquire(self, tokens: int = 0) -> None:
        while (wait := ray.get(self.bucket.try_acquire.remote(tokens))) > 0:
            self._sleep(wait)

    async def aacquire(self, tokens: int = 0) -> None:
        while (wait := await self.bucket.try_acquire.remote(tokens)) > 0:
            await asyncio.sleep(wait)

    def charge(self, requests: int, tokens: int) -> None:
        self.bucket.charge.remote(requests, tokens)  # counted in order, no need to wait


def _content_id(text: object) -> str:
    return f"sha256:{text_sha256(text)[:16]}" if isinstance(text, str) else "unknown"


class _ExtractBatch:
    """The callable class Ray Data runs in each actor of the pool."""

    def __init__(
        self,
        config: ExtractConfig,
        text_column: str,
        id_column: str | None,
        error_column: str | None,
        concurrency: int,
        bucket: Any | None,
    ) -> None:
        limiter = SharedLimiter(bucket) if bucket is not None else None
        self.extractor = make_extractor(config, limiter=limiter)
        self.text_column, self.id_column, self.error_column = text_column, id_column, error_column
        self.pool = ThreadPoolExecutor(concurrency) if concurrency > 1 else None

    def _one(self, item: tuple[str, object, object]) -> ExtractionResult:
        doc_id, text, error = item
        if error is not None:
            return extract_one(self.extractor, doc_id, "", InputError(str(error)))
        return extract_one(self.extractor, doc_id, text)  # type: ignore[arg-type]  # checked

    def __call__(self, batch: pa.Table) -> pa.Table:
        texts = batch.column(self.text_column).to_pylist()
        n = len(texts)
        ids = batch.column(self.id_column).to_pylist() if self.id_column else [None] * n
        have_errors = self.error_column and self.error_column in batch.column_names
        errors = batch.column(self.error_column).to_pylist() if have_errors else [None] * n
        items = [
            (_content_id(t) if i is None else str(i), t, e)
            for i, t, e in zip(ids, texts, errors, strict=True)
        ]
        mapped = self.pool.map(self._one, items) if self.pool else map(self._one, items)
        results = list(mapped)
        return pa.table(
            {
                "doc_id": [r.doc_id for r in results],
                "result": [r.model_dump_json() for r in results],
                "error_kind": [r.error.kind if r.error else None for r in results],
            },
            schema=_RESULT_SCHEMA,
        )


def _columns(ds: ray.data.Dataset) -> list[str]:
    schema = ds.schema()
    return list(schema.names) if schema is not None else []


def extract_dataset(
    ds: ray.data.Dataset,
    config: ExtractConfig | None = None,
    *,
    text_column: str = "text",
    id_column: str | None = "id",
    error_column: str | None = None,
    actors: int | tuple[int, int] | None = None,
    batch_size: int | None = None,
    concurrency: int = 1,
    num_cpus: float = 1.0,
    preserve_order: bool = True,
) -> ray.data.Dataset:
    """Claims of every row of ``ds``: a lazy dataset with one row per input row, columns
    ``doc_id``, ``result`` (the :class:`~claimex.ExtractionResult` as JSON) and ``error_kind``.

    ``id_column=None`` (or a null id) names a document by its text's digest. ``error_column``,
    when given, holds why a row could not be read (a crawler's fetch error, say): such a row gets
    an ``InputError`` record. ``actors`` is the pool's size, or ``(min, max)`` to autoscale
    (default: one per CPU of the cluster, up to 8); each actor extracts ``concurrency`` documents
    at once (threads: worth it for the LLM, which waits on the network) and reserves ``num_cpus``
    (lower it for LLM-bound work). A task is ``batch_size`` rows (default ``max(16, 4 ×
    concurrency)``: an actor runs one batch at a time, so a batch smaller than ``concurrency``
    would leave threads idle). ``preserve_order`` keeps the output in input order.

    >>> results = extract_dataset(ray.data.read_parquet("articles/"))  # doctest: +SKIP
    >>> claims_dataset(results).write_parquet("claims/")  # doctest: +SKIP
    """
    config = config or ExtractConfig()
    names = _columns(ds)
    for option, column in (("text_column", text_column), ("id_column", id_column)):
        if column is not None and column not in names:
            raise ConfigurationError(
                f"no column {column!r} in the dataset (it has: {', '.join(names) or 'none'})",
                option=option,
            )
    if batch_size is None:
        batch_size = max(16, 4 * concurrency)
    if batch_size < 1 or concurrency < 1:
        raise ConfigurationError("batch_size and concurrency must be at least 1")
    bucket = None
    llm = config.llm if config.backend != "rules" else None
    if llm is not None and (llm.requests_per_minute or llm.tokens_per_minute):
        bucket = (
            ray.remote(num_cpus=0)(_SharedBucket)
            .options(max_concurrency=64)
            .remote(llm.requests_per_minute, llm.tokens_per_minute)
        )
    if actors is None:
        cpus = int(ray.cluster_resources().get("CPU", 1) // max(num_cpus, 0.01))
        actors = (1, max(1, min(8, cpus)))
    pool = (
        ray.data.ActorPoolStrategy(size=actors)
        if isinstance(actors, int)
        else ray.data.ActorPoolStrategy(min_size=actors[0], max_size=actors[1])
    )
    out = ds.map_batches(
        _ExtractBatch,
        fn_constructor_kwargs={
            "config": config,
            "text_column": text_column,
            "id_column": id_column,
            "error_column": error_column,
            "concurrency": concurrency,
            "bucket": bucket,
        },
        batch_size=batch_size,
        batch_format="pyarrow",
        compute=pool,
        num_cpus=num_cpus,
    )
    out.context.execution_options.preserve_order = preserve_order
    return out


def _claim_rows(batch: pa.Table) -> pa.Table:
    rows = list(to_rows(results_of(batch.column("result").to_pylist())))
    return pa.Table.from_pylist(rows, schema=parquet_schema())


def results_of(payloads: list[str]) -> list[ExtractionResult]:
    """The results held in a ``result`` column (e.g. ``ds.take(10)``'s ``row["result"]``)."""
    return [ExtractionResult.model_validate_json(p) for p in payloads]


def claims_dataset(results: ray.data.Dataset) -> ray.data.Dataset:
    """One row per claim of :func:`extract_dataset`'s output, with the flat columns of
    :data:`claimex.outputs.COLUMNS` (a failed document, or one without claims, keeps one row),
    typed alike in every block: ready for ``write_parquet`` and SQL-ish analysis."""
    out = results.map_batches(_claim_rows, batch_format="pyarrow", batch_size=64)
    out.context.execution_options.preserve_order = results.context.execution_options.preserve_order
    return out
