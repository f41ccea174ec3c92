"""The LLM extractor: a versioned prompt, an OpenAI-compatible model, instructor validation.

Per chunk of the document: render the prompt (the text is a variable, never template source),
call the model through instructor with the prompt's mode, validate the reply against the response
model while checking every quote against the chunk, and let instructor re-ask with the validator's
message. Transport failures are retried here with tenacity; the SDK itself never retries.
Offsets come from aligning the model's quotes, never from the model.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from claimex._version import __version__
from claimex.core.config import LLMConfig
from claimex.core.errors import LLMAuthError, LLMError, LLMResponseError, LLMTransportError
from claimex.core.grounding import Aligner
from claimex.core.schema import (
    Alignment,
    Attribution,
    Claim,
    ExtractionResult,
    Hedge,
    Place,
    Provenance,
    Quantity,
    QuoteType,
    Source,
    Span,
    SpeakerType,
    TimeExpression,
    Usage,
)
from claimex.core.secrets import protect_logs, scrub
from claimex.extractors.base import check_text, text_sha256
from claimex.extractors.llm.chunking import Chunk, chunk_text
from claimex.extractors.llm.prompt_registry import Prompt, load_prompt
from claimex.extractors.llm.rate_limit import RateLimiter
from claimex.extractors.llm.reply_cache import LLMCache
from claimex.extractors.llm.response_models import ClaimOut, grounding_check
from claimex.taggers.attribution import speaker_type
from claimex.taggers.hedges import find_hedges
from claimex.taggers.injection import leave_out_injected
from claimex.taggers.quantities import find_quantities, parse_number

__all__ = ["LLMExtractor"]

_MODES = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "tools": instructor.Mode.TOOLS,
    "md_json": instructor.Mode.MD_JSON,
}
_RETRYABLE = (
    openai.RateLimitError,
    openai.InternalServerError,
    openai.APITimeoutError,
    openai.APIConnectionError,
)


@dataclass
class _Meter:
    """Counts calls and tokens over every attempt (retries and re-asks included)."""

    attempts: int = 0
    usage: Usage = field(default_factory=Usage)

    def hooks(self) -> Hooks:
        h = Hooks()
        h.on("completion:kwargs", self._on_call)
        h.on("completion:response", self._on_response)
        return h

    def _on_call(self, *_: Any, **__: Any) -> None:
        self.attempts += 1

    def _on_response(self, response: Any) -> None:
        u = getattr(response, "usage", None)
        if u is not None:
            self.usage = self.usage + Usage(
                prompt_tokens=getattr(u, "prompt_tokens", 0) or 0,
                completion_tokens=getattr(u, "completion_tokens", 0) or 0,
            )


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    raw = headers.get("retry-after-ms")
    if raw:
        try:
            return float(raw) / 1000
        except ValueError:
            pass
    raw = headers.get("retry-after")
    try:
        return float(raw) if raw else None
    except ValueError:
        return None  # an HTTP date: fall back to backoff


class _Run:
    """One document's extraction state: chunks, claims so far, the meter, the clock."""

    def __init__(self, owner: LLMExtractor, text: str, doc_id: str | None) -> None:
        self.started = time.perf_counter()
        self.owner, self.doc_id = owner, doc_id
        self.text = check_text(text, owner.config.max_chars)
        cfg = owner.config
        max_chars = cfg.max_chunk_chars or int(owner.prompt.params.get("chunk_chars", 4000))
        self.chunks = chunk_text(text, max_chars)
        self.meter = _Meter()
        self.aligner = Aligner(text)
        self.claims: list[Claim] = []
        self.hits = 0

    def add(self, chunk: Chunk, outs: list[ClaimOut]) -> None:
        for out in outs:
            claim = self.owner._to_claim(out, self.text, self.aligner, chunk, len(self.claims) + 1)
            if claim is not None:
                self.claims.append(claim)

    def failed(self, exc: LLMError) -> LLMError:
        exc.attempts, exc.prompt_tokens = self.meter.attempts, self.meter.usage.prompt_tokens
        exc.completion_tokens = self.meter.usage.completion_tokens
        return exc

    def result(self) -> ExtractionResult:
        o = self.owner
        claims, warnings = leave_out_injected(self.text, self.claims)
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
                warnings=warnings,
                duration_s=round(time.perf_counter() - self.started, 3),
            ),
        )


class LLMExtractor:
    """Claims from an OpenAI-compatible chat model.

    Pass ``client`` to inject a configured ``openai.OpenAI`` (tests, proxies, custom transports);
    otherwise one is built from ``config`` with SDK retries off. :meth:`aextract` uses an
    ``openai.AsyncOpenAI`` built the same way (or ``async_client``).
    """

    name = "llm"

    def __init__(
        self,
        config: LLMConfig,
        *,
        client: openai.OpenAI | None = None,
        async_client: openai.AsyncOpenAI | None = None,
    ) -> None:
        self.config = config
        self.prompt: Prompt = load_prompt(config.prompt)
        mode = _MODES.get(self.prompt.mode)
        if mode is None:
            raise LLMError(f"{self.prompt.ref}: unsupported mode {self.prompt.mode!r}")
        self.mode = mode
        self._secret = config.api_key.get_secret_value() if config.api_key else None
        protect_logs(self._secret)
        self._openai = client or openai.OpenAI(**self._client_options())
        self._client = instructor.from_openai(self._openai, mode=self.mode)
        self._async_given = async_client
        self._async: tuple[asyncio.AbstractEventLoop, Any] | None = None
        rpm, tpm = config.requests_per_minute, config.tokens_per_minute
        self._limiter = RateLimiter(rpm, tpm) if (rpm or tpm) else None
        self._cache = LLMCache(config.cache_dir) if config.cache else None
        self._wait_backoff = wait_exponential_jitter(
            initial=1, max=min(30, config.max_retry_wait_s)
        )

    def _client_options(self) -> dict[str, Any]:
        return {
            "api_key": self._secret or "not-needed",  # local servers ignore it; never logged
            "base_url": self.config.base_url,
            "max_retries": 0,
            "timeout": self.config.timeout_s,
        }

    def __repr__(self) -> str:
        return f"LLMExtractor(model={self.config.model!r}, prompt={self.prompt.ref!r})"

    # -- public ------------------------------------------------------------------------------

    def extract(self, text: str, *, doc_id: str | None = None) -> ExtractionResult:
        run = _Run(self, text, doc_id)
        try:
            for chunk in run.chunks:
                outs = self._cached(chunk, run)
                if outs is None:
                    outs = self._ask(chunk, run.meter)
                    self._store(chunk, outs)
                run.add(chunk, outs)
        except LLMError as exc:
            raise run.failed(exc) from None
        return run.result()

    async def aextract(self, text: str, *, doc_id: str | None = None) -> ExtractionResult:
        """:meth:`extract` on asyncio: one event loop, no thread per document."""
        run = _Run(self, text, doc_id)
        try:
            for chunk in run.chunks:
                outs = self._cached(chunk, run)
                if outs is None:
                    outs = await self._aask(chunk, run.meter)
                    self._store(chunk, outs)
                run.add(chunk, outs)
        except LLMError as exc:
            raise run.failed(exc) from None
        return run.result()

    # -- cache -------------------------------------------------------------------------------

    def _cache_key(self, chunk: Chunk) -> str:
        return LLMCache.key(
            prompt=self.prompt.ref,
            digest=self.prompt.digest,
            model=self.config.model,
            server=self.config.base_url or "openai",
            text=text_sha256(chunk.text),
        )

    def _cached(self, chunk: Chunk, run: _Run) -> list[ClaimOut] | None:
        if self._cache is None:
            return None
        entry = self._cache.get(self._cache_key(chunk))
        if entry is None:
            return None
        try:
            with grounding_check("", strict=False):
                reply = self.prompt.response_model.model_validate(entry["reply"])
        except (ValidationError, KeyError, TypeError):
            return None  # written by another schema: ask again
        run.hits += 1
        return list(reply.claims)  # type: ignore[attr-defined]

    def _store(self, chunk: Chunk, outs: list[ClaimOut]) -> None:
        if self._cache is not None:
            reply = self.prompt.response_model(claims=outs).model_dump(mode="json")
            self._cache.put(self._cache_key(chunk), {"prompt": self.prompt.ref, "reply": reply})

    # -- one chunk ---------------------------------------------------------------------------

    def _request(self, chunk: Chunk, meter: _Meter) -> tuple[dict[str, Any], int]:
        """The instructor call's arguments, and its cost for the tokens-per-minute limit."""
        params = self.prompt.params
        messages = self.prompt.render(chunk.text)
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

    def _ask(self, chunk: Chunk, meter: _Meter) -> list[ClaimOut]:
        kwargs, cost = self._request(chunk, meter)
        retrying = Retrying(
            retry=retry_if_exception(lambda e: isinstance(e, _RETRYABLE)),
            stop=stop_after_attempt(self.config.max_transport_retries + 1),
            wait=self._wait,
            reraise=True,
        )

        def attempt() -> Any:
            before = meter.attempts
            if self._limiter is not None:
                self._limiter.acquire(cost)
            try:
                return self._call(self._client, kwargs)
            finally:
                self._charge_reasks(meter.attempts - before, cost)

        try:
            with grounding_check(chunk.text):
                reply = retrying(attempt)
        except Exception as exc:
            raise self._failure(exc) from None
        return list(reply.claims)

    async def _aask(self, chunk: Chunk, meter: _Meter) -> list[ClaimOut]:
        kwargs, cost = self._request(chunk, meter)
        client = self._async_client()
        retrying = AsyncRetrying(
            retry=retry_if_exception(lambda e: isinstance(e, _RETRYABLE)),
            stop=stop_after_attempt(self.config.max_transport_retries + 1),
            wait=self._wait,
            reraise=True,
        )
        try:
            with grounding_check(chunk.text):
                async for tried in retrying:
                    with tried:
                        before = meter.attempts
                        if self._limiter is not None:
                            await self._limiter.aacquire(cost)
                        try:
                            reply = await self._acall(client, kwargs)
                        finally:
                            self._charge_reasks(meter.attempts - before, cost)
        except Exception as exc:
            raise self._failure(exc) from None
        return list(reply.claims)

    def _charge_reasks(self, calls: int, cost: int) -> None:
        """Re-asks happen inside one instructor call; the limits count them afterwards."""
        if self._limiter is not None and calls > 1:
            self._limiter.charge(calls - 1, (calls - 1) * cost)

    def _async_client(self) -> Any:
        """An instructor-patched AsyncOpenAI for the running event loop (clients bind to one)."""
        loop = asyncio.get_running_loop()
        if self._async is None or self._async[0] is not loop:
            raw = self._async_given or openai.AsyncOpenAI(**self._client_options())
            self._async = (loop, instructor.from_openai(raw, mode=self.mode))
        return self._async[1]

    def _failure(self, exc: Exception) -> Exception:
        """The error the user sees for a failed chunk: typed, bounded, and without the key."""
        if isinstance(exc, LLMError):
            return exc
        if isinstance(exc, openai.AuthenticationError):
            return LLMAuthError(
                self._scrub(f"authentication failed ({exc.status_code}): check OPENAI_API_KEY")
            )
        if isinstance(exc, openai.PermissionDeniedError):
            return LLMAuthError(self._scrub(f"permission denied ({exc.status_code})"))
        if isinstance(exc, _RETRYABLE):
            tries = self.config.max_transport_retries + 1
            return LLMTransportError(
                self._scrub(f"{type(exc).__name__} after {tries} attempts: {exc}")
            )
        if isinstance(exc, openai.APIError):
            return LLMError(self._scrub(f"{type(exc).__name__}: {exc}"))
        return exc

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hinted = _retry_after(exc) if exc else None
        if hinted is not None:
            return min(max(hinted, 0.0), self.config.max_retry_wait_s)
        return self._wait_backoff(state)

    def _call(self, client: Any, kwargs: dict[str, Any]) -> Any:
        """One instructor call (with its re-asks); unwraps transport errors for tenacity."""
        try:
            return client.chat.completions.create(**kwargs)
        except (IncompleteOutputException, InstructorRetryException) as exc:
            return self._unwrap(exc)

    async def _acall(self, client: Any, kwargs: dict[str, Any]) -> Any:
        try:
            return await client.chat.completions.create(**kwargs)
        except (IncompleteOutputException, InstructorRetryException) as exc:
            return self._unwrap(exc)

    def _unwrap(self, exc: Exception) -> Any:
        if isinstance(exc, IncompleteOutputException):
            raise LLMResponseError(
                "the reply was cut off at max_tokens (finish_reason=length); "
                "use a smaller max_chunk_chars"
            ) from None
        assert isinstance(exc, InstructorRetryException)
        cause = exc.__cause__
        if isinstance(cause, openai.APIError | openai.APIConnectionError):
            raise cause from None
        if isinstance(cause, IncompleteOutputException):
            raise LLMResponseError("the reply was cut off at max_tokens") from None
        return self._salvage(exc)

    def _salvage(self, exc: InstructorRetryException) -> Any:
        """After the last re-ask, keep what parses; quotes that were not found stay flagged."""
        content = _content_of(exc.last_completion)
        if content is None:
            raise LLMResponseError(self._scrub(f"no usable reply after re-asks: {exc}")) from None
        try:
            with grounding_check("", strict=False):
                return self.prompt.response_model.model_validate_json(content)
        except (ValidationError, ValueError) as err:
            n = exc.n_attempts
            raise LLMResponseError(
                self._scrub(
                    f"the model's reply did not match the schema after {n} attempts: "
                    f"{_first_line(err)}"
                )
            ) from None

    def _scrub(self, message: str) -> str:
        return scrub(message, self._secret)

    # -- model reply → claim -----------------------------------------------------------------

    def _to_claim(
        self, out: ClaimOut, text: str, aligner: Aligner, chunk: Chunk, n: int
    ) -> Claim | None:
        g = aligner.align(out.quote, hint=chunk.start, within=(chunk.start, chunk.end))
        if g.alignment is Alignment.NONE and self.config.ungrounded == "drop":
            return None
        anchor = g.spans[0].start if g.spans else chunk.start
        lo, hi = (g.spans[0].start, g.spans[-1].end) if g.spans else (chunk.start, chunk.end)
        window = (max(chunk.start, lo - 400), min(chunk.end, hi + 300))
        return Claim(
            id=f"c{n}",
            text=out.claim.strip(),
            evidence=g.spans,
            alignment=g.alignment,
            attribution=self._attribution(out, text, window, anchor),
            quantities=self._quantities(out, text, (lo, hi), g.spans),
            hedges=self._hedges(out, text, (lo, hi)),
            times=[TimeExpression(text=out.time, span=_find_near(text, out.time, window, anchor))]
            if out.time
            else [],
            places=[Place(text=out.place, span=_find_near(text, out.place, window, anchor))]
            if out.place
            else [],
            claim_type=out.claim_type,
        )

    def _attribution(
        self, out: ClaimOut, text: str, window: tuple[int, int], anchor: int
    ) -> Attribution:
        if not out.speaker or out.speaker_type is SpeakerType.ARTICLE:
            return Attribution.article()
        speaker_span = _find_near(text, out.speaker, window, anchor)
        cue_anchor = speaker_span.end if speaker_span else anchor
        via = []
        if out.via and out.via.strip().lower() != out.speaker.strip().lower():
            via.append(
                Source(
                    speaker=out.via,
                    speaker_type=speaker_type(out.via),
                    speaker_span=_find_near(text, out.via, window, anchor),
                )
            )
        qt = out.quote_type if out.quote_type is not QuoteType.NONE else QuoteType.INDIRECT
        return Attribution(
            speaker=out.speaker,
            speaker_type=out.speaker_type,
            cue=out.cue,
            speaker_span=speaker_span,
            cue_span=_find_near(text, out.cue, window, cue_anchor) if out.cue else None,
            quote_type=qt,
            via=via,
        )

    def _quantities(
        self, out: ClaimOut, text: str, bounds: tuple[int, int], spans: list[Span]
    ) -> list[Quantity]:
        """The model's quantities, located in the evidence and checked against the parser."""
        found = {
            q.span.start: q
            for s in spans
            for q in find_quantities(s.text, offset=s.start)
            if q.span
        }
        result = []
        for q in out.quantities:
            span = _find_near(text, q.text, bounds, bounds[0])
            parsed = next((p for p in found.values() if span and _overlaps(p.span, span)), None)
            value = q.value if q.value is not None else parse_number(q.text)
            result.append(
                Quantity(
                    text=q.text,
                    value=value,
                    qualifier=q.qualifier,
                    unit=parsed.unit if parsed else None,
                    counted=q.counted,
                    span=span,
                )
            )
        return result

    def _hedges(self, out: ClaimOut, text: str, bounds: tuple[int, int]) -> list[Hedge]:
        known = {
            h.text.lower(): h for h in find_hedges(text[bounds[0] : bounds[1]], offset=bounds[0])
        }
        result = []
        for word in out.hedges:
            h = known.get(word.lower().strip())
            span = h.span if h else _find_near(text, word, bounds, bounds[0])
            result.append(Hedge(text=word, kind=h.kind if h else "other", span=span))
        return result


def _overlaps(a: Span | None, b: Span) -> bool:
    return a is not None and a.start < b.end and b.start < a.end


def _find_near(text: str, phrase: str | None, window: tuple[int, int], anchor: int) -> Span | None:
    """The occurrence of ``phrase`` in ``text[window]`` nearest to ``anchor`` (case-insensitive)."""
    if not phrase or not phrase.strip():
        return None
    phrase = phrase.strip()
    pattern = re.compile(r"\s+".join(map(re.escape, phrase.split())), re.I)
    best: tuple[int, int] | None = None
    for m in pattern.finditer(text, window[0], window[1]):
        if best is None or abs(m.start() - anchor) < abs(best[0] - anchor):
            best = m.span()
    if best is None:
        return None
    return Span.of(text, *best)


def _content_of(completion: Any) -> str | None:
    try:
        content = completion.choices[0].message.content
    except (AttributeError, IndexError, TypeError):
        return None
    if not isinstance(content, str):
        return None
    try:
        json.loads(content)
    except ValueError:
        return None
    return content


def _first_line(err: Exception) -> str:
    return str(err).splitlines()[0][:200]
