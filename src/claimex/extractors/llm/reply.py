"""Model replies → validated response models, shared by live calls, the cache and the Batch API.

A reply is trusted only after it validates against the prompt's response model. Live calls count
every attempt and its tokens (:class:`Meter`); after the last re-ask, what still parses is kept
(:func:`salvage`), with quotes that were not found left for alignment to flag. Batch replies arrive
as raw ``chat.completion`` bodies and go through :func:`batch_reply`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from instructor.core.exceptions import InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import BaseModel, ValidationError

from claimex.core.errors import LLMResponseError
from claimex.core.schema import Usage
from claimex.extractors.llm.response_models import grounding_check

__all__ = ["Meter", "batch_reply", "cached_reply", "first_line", "salvage"]


@dataclass
class Meter:
    """Counts calls and tokens over every attempt (retries and re-asks included)."""

    attempts: int = 0
    usage: Usage = field(default_factory=Usage)

    def hooks(self) -> Hooks:
        h = Hooks()
        h.on("completion:kwargs", self._on_call)
        h.on("completion:response", self._on_response)
        return h

    def add(self, prompt_tokens: int, completion_tokens: int) -> None:
        self.usage = self.usage + Usage(
            prompt_tokens=prompt_tokens, completion_tokens=completion_tokens
        )

    def _on_call(self, *_: Any, **__: Any) -> None:
        self.attempts += 1

    def _on_response(self, response: Any) -> None:
        u = getattr(response, "usage", None)
        if u is not None:
            self.add(getattr(u, "prompt_tokens", 0) or 0, getattr(u, "completion_tokens", 0) or 0)


def first_line(err: Exception) -> str:
    return str(err).splitlines()[0][:200]


def _lenient(response_model: type[BaseModel], content: str) -> Any:
    """Validate without the quote check: quotes are aligned (and flagged) afterwards."""
    with grounding_check("", strict=False):
        return response_model.model_validate_json(content)


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


def salvage(exc: InstructorRetryException, response_model: type[BaseModel]) -> Any:
    """After the last re-ask, keep what parses; quotes that were not found stay flagged.

    Messages may quote the server's reply: callers scrub them before they reach a user."""
    content = _content_of(exc.last_completion)
    if content is None:
        raise LLMResponseError(f"no usable reply after re-asks: {exc}") from None
    try:
        return _lenient(response_model, content)
    except (ValidationError, ValueError) as err:
        raise LLMResponseError(
            f"the model's reply did not match the schema after {exc.n_attempts} attempts: "
            f"{first_line(err)}"
        ) from None


def cached_reply(entry: dict[str, Any] | None, response_model: type[BaseModel]) -> BaseModel | None:
    """The reply of a cache entry, or None when it was written by another schema."""
    if entry is None:
        return None
    try:
        with grounding_check("", strict=False):
            return response_model.model_validate(entry["reply"])
    except (ValidationError, KeyError, TypeError):
        return None


def batch_reply(
    custom_id: str,
    row: dict[str, Any] | None,
    response_model: type[BaseModel],
    meter: Meter,
) -> BaseModel:
    """The reply of one Batch API output row (``{"custom_id", "response", "error"}``)."""
    response = (row or {}).get("response") or {}
    if row is None or row.get("error") or response.get("status_code") != 200:
        why = (row or {}).get("error") or response.get("status_code") or "no reply"
        raise LLMResponseError(f"batch request {custom_id} failed: {why}")
    body = response["body"]
    meter.attempts += 1
    usage = body.get("usage") or {}
    meter.add(usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0))
    choice = (body.get("choices") or [{}])[0]
    if choice.get("finish_reason") == "length":
        raise LLMResponseError(f"batch request {custom_id} was cut off at max_tokens")
    content = (choice.get("message") or {}).get("content") or ""
    try:
        return _lenient(response_model, content)  # type: ignore[no-any-return]
    except ValueError as exc:
        raise LLMResponseError(f"batch reply {custom_id} is not valid: {first_line(exc)}") from None
