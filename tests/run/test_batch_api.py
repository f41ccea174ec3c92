"""OpenAI Batch API, offline: prepare → submit → poll → collect against a local batch endpoint
(claimex.testing.StubServer) whose replies are the real model's replies recorded in the seed
cassettes. The collected records must equal what the live extractor makes from the same replies."""

from __future__ import annotations

import json
from pathlib import Path

import openai
import pytest
import yaml

from claimex import Document, LLMConfig, LLMExtractor
from claimex.extractors.llm.cassettes import make_vcr
from claimex.run.openai_batch import (
    BatchManifest,
    batch_output,
    collect_results,
    prepare_batch,
    submit_batch,
    wait_for_batch,
)

from ..conftest import CASSETTES, RECORD_BASE_URL, RECORD_MODEL, SEEDS

LOCAL = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
RECORDED = CASSETTES / "test_llm_seeds"


def _cassette(seed: Path) -> Path:
    return RECORDED / f"test_seed_article_with_prompt_v1[{seed.stem}].yaml"


def _recorded_replies() -> dict[str, dict]:
    """Request body (canonical JSON) → the recorded chat.completion body."""
    found = {}
    for seed in SEEDS:
        for it in yaml.safe_load(_cassette(seed).read_text())["interactions"]:
            key = json.dumps(json.loads(it["request"]["body"]), sort_keys=True)
            found[key] = json.loads(it["response"]["body"]["string"])
    return found


def _config() -> LLMConfig:
    return LLMConfig(base_url=RECORD_BASE_URL, model=RECORD_MODEL, prompt="claims@v1")


@LOCAL
def test_batch_round_trip_matches_the_live_extractor(tmp_path, monkeypatch) -> None:
    from claimex.testing import StubServer

    replies = _recorded_replies()
    docs = [Document(str(p), p.read_text(encoding="utf-8")) for p in SEEDS]
    docs.append(Document("empty.txt", "   "))
    requests, manifest_path = tmp_path / "requests.jsonl", tmp_path / "manifest.json"
    manifest = prepare_batch(docs, _config(), requests, manifest_path)
    lines = [json.loads(x) for x in requests.read_text(encoding="utf-8").splitlines()]
    assert [x["custom_id"] for x in lines] == ["d0-c0", "d1-c0", "d2-c0", "d2-c1"]
    assert all(x["url"] == "/v1/chat/completions" and x["body"]["model"] for x in lines)
    assert manifest.documents[-1]["error"] and manifest.documents[-1]["requests"] == []

    def recorded(body: dict) -> dict | None:
        return replies.get(json.dumps(body, sort_keys=True))

    with StubServer(completion=recorded) as server:
        client = openai.OpenAI(base_url=server.url, api_key="sk-test-batch", max_retries=0)
        batch_id = submit_batch(client, requests)
        batch = wait_for_batch(client, batch_id, every_s=0)
        assert batch.status == "completed"
        output = batch_output(client, batch)
    results = list(collect_results(output, BatchManifest.load(manifest_path), docs, _config()))
    assert [r.doc_id for r in results] == [d.id for d in docs]
    assert results[-1].error.kind == "InputError"

    # Seeds 000 and 001 took one call each when recorded, so batch and live agree claim for claim;
    # 002's first chunk was re-asked live, which a batch cannot do.
    live = LLMExtractor(_config())
    for doc, result, seed in zip(docs[:2], results[:2], SEEDS[:2], strict=True):
        with make_vcr("none").use_cassette(str(_cassette(seed))):
            expected = live.extract(doc.text, doc_id=doc.id)
        assert result.claims == expected.claims and result.claims
        assert result.provenance.usage == expected.provenance.usage
    assert results[2].ok and results[2].provenance.chunks == 2


def test_collect_refuses_changed_text(tmp_path) -> None:
    docs = [Document("a", "At least 3 people were killed, police said.")]
    requests, manifest_path = tmp_path / "r.jsonl", tmp_path / "m.json"
    prepare_batch(docs, _config(), requests, manifest_path)
    changed = [Document("a", "At least 4 people were killed, police said.")]
    (result,) = collect_results([], BatchManifest.load(manifest_path), changed, _config())
    assert result.error.kind == "InputError" and "changed" in result.error.message
    (result,) = collect_results([], BatchManifest.load(manifest_path), docs, _config())
    assert result.error.kind == "LLMResponseError" and "no reply" in result.error.message


@LOCAL
def test_batch_commands(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    from claimex.cli import main
    from claimex.testing import StubServer

    seed = SEEDS[0]
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    runner = CliRunner()
    requests, manifest = tmp_path / "requests.jsonl", tmp_path / "manifest.json"
    with StubServer() as server:
        args = ["--base-url", server.url, "--model", "stub"]
        res = runner.invoke(
            main,
            [
                "batch",
                "prepare",
                *args,
                "--requests",
                str(requests),
                "--manifest",
                str(manifest),
                str(seed),
            ],
        )
        assert res.exit_code == 0 and res.stdout.startswith("1 requests for 1 documents")
        res = runner.invoke(main, ["batch", "submit", "--base-url", server.url, str(requests)])
        batch_id = res.stdout.strip()
        assert res.exit_code == 0 and batch_id.startswith("batch_")
        res = runner.invoke(
            main,
            [
                "batch",
                "collect",
                batch_id,
                "--manifest",
                str(manifest),
                "--base-url",
                server.url,
                "--every",
                "0",
            ],
        )
    assert res.exit_code == 0, res.output
    (record,) = [json.loads(line) for line in res.stdout.splitlines()]
    assert record["doc_id"] == str(seed) and record["claims"]
    assert record["provenance"]["model"] == "stub"
