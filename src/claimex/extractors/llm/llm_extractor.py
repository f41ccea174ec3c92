"""The LLM extractor: a versioned prompt, an OpenAI-compatible model, instructor validation.

Per chunk of the document: render the prompt (the text is a variable, never template source),
ask the model through the :class:`~claimex.extractors.llm.transport.Transport` (retries, limits,
error mapping), validate the reply while checking every quote against the chunk, and turn it into
claims with :class:`~claimex.extractors.llm.claim_builder.ClaimBuilder`. Offsets come from
aligning the model's quotes, never from the model.

The chunk loop is written once, as a generator that yields the chunks the model must answer
(:meth:`LLMExtractor._steps`); the sync, async and Batch API paths only differ in how they answer.

A candidate-guided prompt (claims@v3) first runs the rule extractor and shows the model each
chunk's candidates (:mod:`~claimex.extractors.llm.candidate_review`); a chunk the model fails on
keeps its candidates, so a failure costs the model's help, never the claims.
"""

from __future__ import annotations

import json
import time
from collections.abc import Generator, Iterable
from typing import Any

import openai
from pydantic import BaseModel

from claimex._version import __version__
from claimex.core.config import LLMConfig
from claimex.core.errors import LLMError, LLMResponseError
from claimex.core.hashing import text_sha256
from claimex.core.schema import Claim, ExtractionResult, Provenance
from claimex.extractors.base import check_text
from claimex.extractors.llm.candidate_review import CandidateReview
from claimex.extractors.llm.chunking import Chunk, chunk_text
from claimex.extractors.llm.claim_builder import ClaimBuilder
from claimex.extractors.llm.prompt_registry import Prompt, load_prompt
from claimex.extractors.llm.rate_limit import Limiter
from claimex.extractors.llm.reply import Meter, batch_reply, cached_reply
from claimex.extractors.llm.reply_cache import LLMCache
from claimex.extractors.llm.response_models import ClaimsOut, ReviewOut
from claimex.extractors.llm.transport import MODES, Transport
from claimex.extractors.rule_extractor import RuleExtractor
from claimex.taggers.injection import leave_out_injected

__all__ = ["LLMExtractor"]

# What the chunk loop yields (a chunk the model must answer) and is sent back (the model's
# reply, or None when the model failed on a chunk of a candidate-guided prompt).
_Steps = Generator[Chunk, BaseModel | None, None]


class _Document:
    """One document's extraction state: chunks, claims so far, the meter, the clock."""

    def __init__(self, owner: LLMExtractor, text: str, doc_id: str | None) -> None:
        self.started = time.perf_counter()
        self.owner, self.doc_id = owner, doc_id
        self.text = check_text(text, owner.config.max_chars)
        cfg = owner.config
        max_chars = cfg.max_chunk_chars or int(owner.prompt.params.get("chunk_chars", 4000))
        self.chunks = chunk_text(text, max_chars)
        self.meter = Meter()
        self.builder = ClaimBuilder(text, cfg.ungrounded)
        self.claims: list[Claim] = []
        self.hits = 0
        self.review: CandidateReview | None = None
        if owner.prompt.needs_candidates:
            candidates = owner.candidates.extract(self.text, doc_id=doc_id).claims
            self.review = CandidateReview(self.text, candidates, self.chunks)

    def variables(self, chunk: Chunk) -> dict[str, Any] | None:
        return self.review.variables(self.chunks.index(chunk)) if self.review else None

    def add(self, chunk: Chunk, reply: BaseModel) -> None:
        if self.review is not None:
            if isinstance(reply, ReviewOut):
                self.review.answer(self.chunks.index(chunk), reply)
            return
        for out in reply.claims if isinstance(reply, ClaimsOut) else []:
            claim = self.builder.build(out, chunk, len(self.claims) + 1)
            if claim is not None:
                self.claims.append(claim)

    def chunk_failed(self, chunk: Chunk, exc: LLMError) -> None:
        """A candidate-guided chunk the model could not answer keeps its candidates; any other
        prompt has nothing to keep, so the error propagates."""
        if self.review is None:
            raise self.failed(exc)
        self.review.fail(self.chunks.index(chunk), f"{type(exc).__name__}: {exc}")

    def failed(self, exc: LLMError) -> LLMError:
        exc.attempts, exc.prompt_tokens = self.meter.attempts, self.meter.usage.prompt_tokens
        exc.completion_tokens = self.meter.usage.completion_tokens
        return exc

    def result(self) -> ExtractionResult:
        o = self.owner
        found, notes, fallback, failed = self.claims, [], None, 0
        if self.review is not None:
            found, notes = self.review.claims(), self.review.warnings
            failures = self.review.failures
            failed = len(failures)
            notes = notes + [f"{f}; its rule candidates are kept unreviewed" for f in failures]
            if failures and len(failures) == self.review.asked:
                fallback = "; ".join(failures)
        claims, warnings = leave_out_injected(self.text, found)
        return ExtractionResult(
            doc_id=self.doc_id,
            text_length=len(self.text),
            text_sha256=text_sha256(self.text),
            claims=claims,
            provenance=Provenance(
                extractor="llm",
                claimex_version=__version__,
                prompt=o.prompt.ref,
                prompt_digest=o.prompt.digest,
                model=o.config.model,
                attempts=self.meter.attempts,
                usage=self.meter.usage,
                chunks=len(self.chunks),
                cache_hits=self.hits,
                failed_chunks=failed,
                warnings=notes + warnings,
                fallback_reason=fallback,
                duration_s=round(time.perf_counter() - self.started, 3),
            ),
        )


class LLMExtractor:
    """Claims from an OpenAI-compatible chat model.

    Pass ``client`` to inject a configured ``openai.OpenAI`` (tests, proxies, custom transports);
    otherwise one is built from ``config`` with SDK retries off. :meth:`aextract` uses an
    ``openai.AsyncOpenAI`` built the same way (or ``async_client``). ``limiter`` replaces the
    per-extractor limit from the config's requests/tokens per minute with one shared more widely.
    """

    name = "llm"

    def __init__(
        self,
        config: LLMConfig,
        *,
        client: openai.OpenAI | None = None,
        async_client: openai.AsyncOpenAI | None = None,
        limiter: Limiter | None = None,
        candidates: RuleExtractor | None = None,
    ) -> None:
        self.config = config
        self.prompt: Prompt = load_prompt(config.prompt)
        mode = MODES.get(self.prompt.mode)
        if mode is None:
            raise LLMError(f"{self.prompt.ref}: unsupported mode {self.prompt.mode!r}")
        self.transport = Transport(
            config, mode, client=client, async_client=async_client, limiter=limiter
        )
        self._cache = LLMCache(config.cache_dir) if config.cache else None
        self.candidates = candidates or RuleExtractor(max_chars=config.max_chars)

    def __repr__(self) -> str:
        return f"LLMExtractor(model={self.config.model!r}, prompt={self.prompt.ref!r})"

    # -- public ------------------------------------------------------------------------------

    def extract(self, text: str, *, doc_id: str | None = None) -> ExtractionResult:
        doc = _Document(self, text, doc_id)
        steps = self._steps(doc)
        try:
            chunk = next(steps, None)
            while chunk is not None:
                kwargs, cost = self.request(chunk, doc.meter, doc.variables(chunk))
                try:
                    reply = self.transport.ask(kwargs, cost, doc.meter, chunk.text)
                except LLMError as exc:
                    doc.chunk_failed(chunk, exc)
                    reply = None
                chunk = _send(steps, reply)
        except LLMError as exc:
            raise doc.failed(exc) from None
        return doc.result()

    async def aextract(self, text: str, *, doc_id: str | None = None) -> ExtractionResult:
        """:meth:`extract` on asyncio: one event loop, no thread per document."""
        doc = _Document(self, text, doc_id)
        steps = self._steps(doc)
        try:
            chunk = next(steps, None)
            while chunk is not None:
                kwargs, cost = self.request(chunk, doc.meter, doc.variables(chunk))
                try:
                    reply = await self.transport.aask(kwargs, cost, doc.meter, chunk.text)
                except LLMError as exc:
                    doc.chunk_failed(chunk, exc)
                    reply = None
                chunk = _send(steps, reply)
        except LLMError as exc:
            raise doc.failed(exc) from None
        return doc.result()

    def batch_requests(self, text: str) -> list[dict[str, Any]]:
        """The request body of each chunk, exactly as a live call would send it (Batch API)."""
        doc = _Document(self, text, None)
        return [
            self.transport.request_body(self.request(c, doc.meter, doc.variables(c))[0])
            for c in doc.chunks
        ]

    def from_batch(
        self,
        text: str,
        doc_id: str | None,
        rows: Iterable[tuple[str, dict[str, Any] | None]],
    ) -> ExtractionResult:
        """The result for one document from its Batch API output rows ``(custom_id, row)``, one
        per chunk in order. Batches have no re-ask: quotes that are not found stay flagged."""
        doc = _Document(self, text, doc_id)
        rows = list(rows)
        if len(doc.chunks) != len(rows):
            raise LLMResponseError(
                "the document chunks differently than when the batch was prepared"
            )
        for chunk, (custom_id, row) in zip(doc.chunks, rows, strict=True):
            try:
                reply = batch_reply(custom_id, row, self.prompt.response_model, doc.meter)
            except LLMError as exc:
                doc.chunk_failed(chunk, exc)
                continue
            doc.add(chunk, reply)
        return doc.result()

    # -- the chunk loop ----------------------------------------------------------------------

    def _steps(self, doc: _Document) -> _Steps:
        """Every chunk in order: from the cache when it has the reply, else yielded to the
        caller, whose answer is sent back, stored and turned into claims."""
        for chunk in doc.chunks:
            if doc.review is not None and not doc.variables(chunk)["candidates"]:  # type: ignore[index]
                continue  # nothing to review: page furniture, or no sentence the rules kept
            reply = self._cached(chunk, doc)
            if reply is None:
                reply = yield chunk
                if reply is None:
                    continue
                self._store(chunk, doc, reply)
            else:
                doc.hits += 1
            doc.add(chunk, reply)

    def request(
        self, chunk: Chunk, meter: Meter, variables: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], int]:
        """The instructor call's arguments, and its cost for the tokens-per-minute limit."""
        params = self.prompt.params
        messages = self.prompt.render(chunk.text, variables)
        kwargs: dict[str, Any] = {
            "model": self.config.model,
            "messages": messages,
            "response_model": self.prompt.response_model,
            "max_retries": self.config.max_reasks,
            "hooks": meter.hooks(),
        }
        if "temperature" in params:
            kwargs["temperature"] = params["temperature"]
        if "max_tokens" in params:
            kwargs["max_tokens"] = params["max_tokens"]
        cost = sum(len(m["content"]) for m in messages) // 4 + int(params.get("max_tokens", 0))
        return kwargs, cost

    # -- cache -------------------------------------------------------------------------------

    def _cache_key(self, chunk: Chunk, doc: _Document) -> str:
        """Keyed by what the model sees: the chunk, and a candidate-guided prompt's candidates
        (which change when the rules do)."""
        variables = doc.variables(chunk)
        seen = chunk.text if variables is None else json.dumps([chunk.text, variables])
        return LLMCache.key(
            prompt=self.prompt.ref,
            digest=self.prompt.digest,
            model=self.config.model,
            server=self.config.base_url or "openai",
            text=text_sha256(seen),
        )

    def _cached(self, chunk: Chunk, doc: _Document) -> BaseModel | None:
        if self._cache is None:
            return None
        entry = self._cache.get(self._cache_key(chunk, doc))
        return cached_reply(entry, self.prompt.response_model)

    def _store(self, chunk: Chunk, doc: _Document, reply: BaseModel) -> None:
        if self._cache is not None:
            self._cache.put(
                self._cache_key(chunk, doc),
                {"prompt": self.prompt.ref, "reply": reply.model_dump(mode="json")},
            )


def _send(steps: _Steps, reply: BaseModel | None) -> Chunk | None:
    """Answer the chunk loop; the next chunk it needs, or None when the document is done."""
    try:
        return steps.send(reply)
    except StopIteration:
        return None
