"""The only place that builds OpenAI clients and talks to a model.

Retries have one owner per layer: the SDK never retries (``max_retries=0``); tenacity here
retries transport failures (429 honouring Retry-After, 5xx, timeouts, connection errors); instructor
re-asks with the validator's message. Requests-per-minute and tokens-per-minute limits are paid
before each attempt, re-asks are charged afterwards. Every error that leaves this module is a
typed :class:`~claimex.core.errors.LLMError` without the API key in it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any, TypeVar

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.processing.response import handle_response_model
from pydantic import BaseModel
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from claimex.core.config import LLMConfig
from claimex.core.errors import LLMAuthError, LLMError, LLMResponseError, LLMTransportError
from claimex.core.secrets import protect_logs, scrub
from claimex.extractors.llm.rate_limit import Limiter, RateLimiter
from claimex.extractors.llm.reply import Meter, salvage
from claimex.extractors.llm.response_models import grounding_check

__all__ = ["MODES", "Transport"]

T = TypeVar("T")

MODES = {
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


class Transport:
    """Clients, retries, limits and error mapping for one :class:`LLMConfig`.

    Pass ``client`` / ``async_client`` to inject configured OpenAI clients (tests, proxies,
    custom transports); otherwise they are built from the config with SDK retries off.
    """

    def __init__(
        self,
        config: LLMConfig,
        mode: instructor.Mode = instructor.Mode.JSON_SCHEMA,
        *,
        client: openai.OpenAI | None = None,
        async_client: openai.AsyncOpenAI | None = None,
        limiter: Limiter | None = None,
    ) -> None:
        self.config, self.mode = config, mode
        self._secret = config.api_key.get_secret_value() if config.api_key else None
        protect_logs(self._secret)
        self.openai = client or openai.OpenAI(**self._client_options())
        self._client = instructor.from_openai(self.openai, mode=mode)
        self._async_given = async_client
        self._async: tuple[asyncio.AbstractEventLoop, Any] | None = None
        rpm, tpm = config.requests_per_minute, config.tokens_per_minute
        self.limiter: Limiter | None = limiter
        if limiter is None and (rpm or tpm):
            self.limiter = RateLimiter(rpm, tpm)
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

    def scrub(self, message: str) -> str:
        return scrub(message, self._secret)

    # -- requests ----------------------------------------------------------------------------

    def request_body(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """The JSON body the live call sends for these instructor arguments (for the Batch API):
        instructor's own request shaping, without a client or a network."""
        call = {k: v for k, v in kwargs.items() if k not in {"max_retries", "hooks"}}
        response_model = call.pop("response_model")
        _, body = handle_response_model(response_model, mode=self.mode, **call)
        return json.loads(json.dumps(body))  # type: ignore[no-any-return]

    def _retrying(self, cls: type[Retrying] | type[AsyncRetrying]) -> Any:
        return cls(
            retry=retry_if_exception(lambda e: isinstance(e, _RETRYABLE)),
            stop=stop_after_attempt(self.config.max_transport_retries + 1),
            wait=self._wait,
            reraise=True,
        )

    def ask(self, kwargs: dict[str, Any], cost: int, meter: Meter, source: str) -> Any:
        """One validated reply for one instructor call, its quotes checked against ``source``."""

        def attempt() -> Any:
            before = meter.attempts
            if self.limiter is not None:
                self.limiter.acquire(cost)
            try:
                return self._call(kwargs)
            finally:
                self._charge_reasks(meter.attempts - before, cost)

        try:
            with grounding_check(source):
                return self._retrying(Retrying)(attempt)
        except Exception as exc:
            raise self.failure(exc) from None

    async def aask(self, kwargs: dict[str, Any], cost: int, meter: Meter, source: str) -> Any:
        """:meth:`ask` on asyncio."""
        client = self._async_client()
        try:
            with grounding_check(source):
                async for tried in self._retrying(AsyncRetrying):
                    with tried:
                        before = meter.attempts
                        if self.limiter is not None:
                            await self.limiter.aacquire(cost)
                        try:
                            return await self._acall(client, kwargs)
                        finally:
                            self._charge_reasks(meter.attempts - before, cost)
        except Exception as exc:
            raise self.failure(exc) from None
        raise AssertionError("unreachable: tenacity re-raises the last failure")  # pragma: no cover

    def api(self, call: Callable[[openai.OpenAI], T]) -> T:
        """A plain API call (files, batches) with the same retries and error mapping."""
        try:
            return self._retrying(Retrying)(call, self.openai)  # type: ignore[no-any-return]
        except Exception as exc:
            raise self.failure(exc) from None

    def _charge_reasks(self, calls: int, cost: int) -> None:
        """Re-asks happen inside one instructor call; the limits count them afterwards."""
        if self.limiter is not None and calls > 1:
            self.limiter.charge(calls - 1, (calls - 1) * cost)

    def _async_client(self) -> Any:
        """An instructor-patched AsyncOpenAI for the running event loop (clients bind to one)."""
        loop = asyncio.get_running_loop()
        if self._async is None or self._async[0] is not loop:
            raw = self._async_given or openai.AsyncOpenAI(**self._client_options())
            self._async = (loop, instructor.from_openai(raw, mode=self.mode))
        return self._async[1]

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hinted = _retry_after(exc) if exc else None
        if hinted is not None:
            return min(max(hinted, 0.0), self.config.max_retry_wait_s)
        return self._wait_backoff(state)  # type: ignore[no-any-return]

    def _call(self, kwargs: dict[str, Any]) -> Any:
        """One instructor call (with its re-asks); unwraps transport errors for tenacity."""
        try:
            return self._client.chat.completions.create(**kwargs)
        except (IncompleteOutputException, InstructorRetryException) as exc:
            return self._unwrap(exc, kwargs["response_model"])

    async def _acall(self, client: Any, kwargs: dict[str, Any]) -> Any:
        try:
            return await client.chat.completions.create(**kwargs)
        except (IncompleteOutputException, InstructorRetryException) as exc:
            return self._unwrap(exc, kwargs["response_model"])

    def _unwrap(self, exc: Exception, response_model: type[BaseModel]) -> Any:
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
        try:
            return salvage(exc, response_model)
        except LLMResponseError as err:
            raise LLMResponseError(self.scrub(str(err))) from None

    def failure(self, exc: Exception) -> Exception:
        """The error the user sees: typed, bounded, and without the key."""
        if isinstance(exc, LLMError):
            return exc
        if isinstance(exc, openai.AuthenticationError):
            return LLMAuthError(
                self.scrub(f"authentication failed ({exc.status_code}): check OPENAI_API_KEY")
            )
        if isinstance(exc, openai.PermissionDeniedError):
            return LLMAuthError(self.scrub(f"permission denied ({exc.status_code})"))
        if isinstance(exc, _RETRYABLE):
            tries = self.config.max_transport_retries + 1
            return LLMTransportError(
                self.scrub(f"{type(exc).__name__} after {tries} attempts: {exc}")
            )
        if isinstance(exc, openai.APIError):
            return LLMError(self.scrub(f"{type(exc).__name__}: {exc}"))
        return exc
