"""OpenAI Batch API: write the request JSONL, submit, poll, collect, and turn the replies into the
same :class:`ExtractionResult` records as the live extractor.

Every request line carries exactly the body the live LLM extractor would send for that chunk
(captured from the real client path — instructor, openai — with a transport that sends nothing),
so a batch reply and a live reply are interpreted identically. Batches have no re-ask: a quote
that cannot be found is kept flagged (``alignment="none"``) or dropped, by the config's policy.

The manifest, written next to the requests, maps ``custom_id`` back to documents and records each
document's path and SHA-256, so ``collect`` refuses text that changed since ``prepare``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import httpx2
import openai

from claimex.core.config import LLMConfig
from claimex.core.documents import Document
from claimex.core.errors import InputError, LLMResponseError, LLMTransportError
from claimex.core.schema import ExtractionResult, Usage
from claimex.extractors.base import text_sha256
from claimex.extractors.llm.llm_extractor import LLMExtractor, _Run
from claimex.extractors.llm.response_models import grounding_check
from claimex.run.pipeline import error_record

__all__ = [
    "BatchManifest",
    "batch_output",
    "collect_results",
    "prepare_batch",
    "submit_batch",
    "wait_for_batch",
]

ENDPOINT: Final = "/v1/chat/completions"


class _Captured(Exception):
    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body


def _capture(request: httpx2.Request) -> httpx2.Response:
    raise _Captured(json.loads(request.content))


@dataclass
class BatchManifest:
    """What ``collect`` needs: the config, and per document its id, path, hash and chunk ids."""

    model: str
    prompt: str
    prompt_digest: str
    documents: list[dict[str, Any]] = field(default_factory=list)

    def dump(self, path: Path) -> None:
        path.write_text(json.dumps(self.__dict__, indent=1, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, path: Path) -> BatchManifest:
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as exc:
            raise InputError(f"{path}: not a batch manifest: {exc}") from None


def _bodies(extractor: LLMExtractor, text: str) -> Iterator[dict[str, Any]]:
    """The request body of each chunk, exactly as the live client would send it."""
    run = _Run(extractor, text, None)
    for chunk in run.chunks:
        kwargs, _ = extractor._request(chunk, run.meter)
        try:
            with grounding_check(chunk.text):
                extractor._client.chat.completions.create(**{**kwargs, "max_retries": 0})
        except Exception as exc:  # the SDK and instructor wrap the capture: find it
            cause: BaseException | None = exc
            while cause is not None and not isinstance(cause, _Captured):
                cause = cause.__cause__ or cause.__context__
            if cause is None:
                raise
            yield cause.body
        else:  # pragma: no cover - the transport never answers
            raise RuntimeError("request capture failed")


def prepare_batch(
    documents: Iterable[Document], config: LLMConfig, requests_path: Path, manifest_path: Path
) -> BatchManifest:
    """Write one request line per chunk, and the manifest. An empty document is listed with its
    error, so ``collect`` still gives one record per document."""
    capture = openai.OpenAI(
        api_key="batch-capture",
        base_url=config.base_url,
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(_capture)),
    )
    extractor = LLMExtractor(config, client=capture)
    manifest = BatchManifest(config.model, extractor.prompt.ref, extractor.prompt.digest)
    with requests_path.open("w", encoding="utf-8") as out:
        for i, doc in enumerate(documents):
            entry: dict[str, Any] = {"doc_id": doc.id, "sha256": text_sha256(doc.text)}
            try:
                bodies = list(_bodies(extractor, doc.text))
            except InputError as exc:
                entry["error"] = str(exc)
                bodies = []
            entry["requests"] = [f"d{i}-c{k}" for k in range(len(bodies))]
            for custom_id, body in zip(entry["requests"], bodies, strict=True):
                line = {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            manifest.documents.append(entry)
    manifest.dump(manifest_path)
    return manifest


def submit_batch(client: openai.OpenAI, requests_path: Path) -> str:
    """Upload the requests and create the batch; returns the batch id."""
    with requests_path.open("rb") as f:
        uploaded = client.files.create(file=f, purpose="batch")
    batch = client.batches.create(
        input_file_id=uploaded.id, endpoint=ENDPOINT, completion_window="24h"
    )
    return batch.id


def wait_for_batch(
    client: openai.OpenAI,
    batch_id: str,
    *,
    every_s: float = 30.0,
    timeout_s: float = 24 * 3600,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    """Poll until the batch is finished (completed, failed, expired or cancelled)."""
    waited = 0.0
    while True:
        batch = client.batches.retrieve(batch_id)
        if batch.status in {"completed", "failed", "expired", "cancelled"}:
            return batch
        if waited >= timeout_s:
            raise LLMTransportError(f"batch {batch_id} still {batch.status} after {waited:.0f} s")
        sleep(every_s)
        waited += every_s


def batch_output(client: openai.OpenAI, batch: Any) -> list[str]:
    """The output lines of a finished batch (errors of failed requests included)."""
    lines: list[str] = []
    for file_id in (batch.output_file_id, getattr(batch, "error_file_id", None)):
        if file_id:
            lines += client.files.content(file_id).text.splitlines()
    return lines


def _replies(lines: Iterable[str]) -> dict[str, dict[str, Any]]:
    found = {}
    for line in lines:
        if line.strip():
            row = json.loads(line)
            found[row["custom_id"]] = row
    return found


def collect_results(
    output_lines: Iterable[str],
    manifest: BatchManifest,
    documents: Iterable[Document],
    config: LLMConfig,
) -> Iterator[ExtractionResult]:
    """One result per manifest document, in manifest order, from the batch's output lines."""
    replies = _replies(output_lines)
    extractor = LLMExtractor(config.model_copy(update={"prompt": manifest.prompt}))
    if extractor.prompt.digest != manifest.prompt_digest:
        raise InputError(f"{manifest.prompt} changed since the batch was prepared")
    texts = {d.id: d.text for d in documents}
    for entry in manifest.documents:
        doc_id = entry["doc_id"]
        text = texts.get(doc_id)
        if entry.get("error"):
            yield error_record(doc_id, text, InputError(entry["error"]))
        elif text is None or text_sha256(text) != entry["sha256"]:
            yield error_record(doc_id, text, InputError(f"{doc_id}: text changed or missing"))
        else:
            try:
                yield _result(extractor, doc_id, text, entry["requests"], replies)
            except LLMResponseError as exc:
                yield error_record(doc_id, text, exc)


def _result(
    extractor: LLMExtractor,
    doc_id: str,
    text: str,
    custom_ids: list[str],
    replies: dict[str, dict[str, Any]],
) -> ExtractionResult:
    run = _Run(extractor, text, doc_id)
    if len(run.chunks) != len(custom_ids):
        raise LLMResponseError("the document chunks differently than when the batch was prepared")
    for chunk, custom_id in zip(run.chunks, custom_ids, strict=True):
        row = replies.get(custom_id)
        response = (row or {}).get("response") or {}
        if row is None or row.get("error") or response.get("status_code") != 200:
            why = (row or {}).get("error") or response.get("status_code") or "no reply"
            raise LLMResponseError(f"batch request {custom_id} failed: {why}")
        body = response["body"]
        run.meter.attempts += 1
        usage = body.get("usage") or {}
        run.meter.usage = run.meter.usage + Usage(
            prompt_tokens=usage.get("prompt_tokens", 0),
            completion_tokens=usage.get("completion_tokens", 0),
        )
        choice = (body.get("choices") or [{}])[0]
        if choice.get("finish_reason") == "length":
            raise LLMResponseError(f"batch request {custom_id} was cut off at max_tokens")
        content = (choice.get("message") or {}).get("content") or ""
        try:
            with grounding_check("", strict=False):
                reply = extractor.prompt.response_model.model_validate_json(content)
        except ValueError as exc:
            first = str(exc).splitlines()[0][:200]
            raise LLMResponseError(f"batch reply {custom_id} is not valid: {first}") from None
        run.add(chunk, list(reply.claims))  # type: ignore[attr-defined]
    return run.result()
