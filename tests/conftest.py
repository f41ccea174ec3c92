"""Shared fixtures: cassette configuration, seed articles, and an LLM config for replay.

LLM tests replay cassettes recorded from a real model (see cassettes/README.md). They run with
record mode ``none`` and the network blocked; ``scripts/local-llm record`` re-records them against
the local llama-server at the same fixed base URL, because vcrpy matches on host, port and body.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import SecretStr

from claimex import LLMConfig
from claimex.extractors.llm.cassettes import json_body_matcher, vcr_options

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CASSETTES = ROOT / "cassettes"
RECORD_BASE_URL = os.environ.get("CLAIMEX_RECORD_BASE_URL", "http://127.0.0.1:8080/v1")
RECORD_MODEL = "qwen2.5-coder-1.5b-instruct"
# A stand-in key sent while recording; tests assert it never reaches a cassette.
FAKE_KEY = "sk-claimex-test-0123456789abcdef"


def pytest_recording_configure(config, vcr) -> None:
    vcr.register_matcher("json_body", json_body_matcher)


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    return vcr_options()


@pytest.fixture(scope="module")
def vcr_cassette_dir(request) -> str:
    return str(CASSETTES / request.module.__name__.split(".")[-1])


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch) -> None:
    """The CLI caches LLM replies by default; tests must never share or reuse a user's cache."""
    monkeypatch.setenv("CLAIMEX_CACHE_DIR", str(tmp_path_factory.mktemp("llm-cache")))


@pytest.fixture
def llm_config() -> LLMConfig:
    return LLMConfig(
        model=RECORD_MODEL,
        base_url=RECORD_BASE_URL,
        api_key=SecretStr(FAKE_KEY),
        prompt="claims@v1",
        max_transport_retries=0,
    )


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in SEEDS}
