"""OpenAI Batch API: write the request JSONL, submit, poll, collect, and turn the replies into the
same :class:`ExtractionResult` records as the live extractor.

Every request line carries exactly the body the live LLM extractor would send for that chunk
(shaped by instructor, as on the live path, without a client), and replies are turned into claims
by the same code as live ones, so a batch reply and a live reply are interpreted identically.
Batches have no re-ask: a quote that cannot be found is kept flagged (``alignment="none"``) or
dropped, by the config's policy.

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

import openai

from claimex.core.config import LLMConfig
from claimex.core.documents import Document
from claimex.core.errors import InputError, LLMResponseError, LLMTransportError
from claimex.core.hashing import text_sha256
from claimex.core.schema import ExtractionResult
from claimex.extractors.llm.llm_extractor import LLMExtractor

__all__ = [
    "BatchManifest",
    "batch_output",
    "collect_results",
    "prepare_batch",
    "submit_batch",
    "wait_for_batch",
]

ENDPOINT: Final = "/v1/chat/completions"


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


def prepare_batch(
    documents: Iterable[Document], config: LLMConfig, requests_path: Path, manifest_path: Path
) -> BatchManifest:
    """Write one request line per chunk, and the manifest. An empty document is listed with its
    error, so ``collect`` still gives one record per document."""
    extractor = LLMExtractor(config)
    manifest = BatchManifest(config.model, extractor.prompt.ref, extractor.prompt.digest)
    with requests_path.open("w", encoding="utf-8") as out:
        for i, doc in enumerate(documents):
            entry: dict[str, Any] = {"doc_id": doc.id, "sha256": text_sha256(doc.text)}
            try:
                if doc.error is not None:
                    raise doc.error
                bodies = extractor.batch_requests(doc.text)
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
            yield ExtractionResult.failed(doc_id, text, InputError(entry["error"]))
        elif text is None or text_sha256(text) != entry["sha256"]:
            yield ExtractionResult.failed(
                doc_id, text, InputError(f"{doc_id}: text changed or missing")
            )
        else:
            try:
                rows = [(cid, replies.get(cid)) for cid in entry["requests"]]
                yield extractor.from_batch(text, doc_id, rows)
            except LLMResponseError as exc:
                yield ExtractionResult.failed(doc_id, text, exc)
