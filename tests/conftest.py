"""Shared fixtures: cassette configuration, seed articles, and an LLM config for replay.

LLM tests replay cassettes recorded from a real model (see cassettes/README.md). They run with
record mode ``none`` and the network blocked; ``scripts/local-llm record`` re-records them against
the local llama-server at the same fixed base URL, because vcrpy matches on host, port and body.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pydantic import SecretStr

from claimex import LLMConfig

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CASSETTES = ROOT / "cassettes"
RECORD_BASE_URL = os.environ.get("CLAIMEX_RECORD_BASE_URL", "http://127.0.0.1:8080/v1")
RECORD_MODEL = "qwen2.5-coder-1.5b-instruct"
# A stand-in key sent while recording; tests assert it never reaches a cassette.
FAKE_KEY = "sk-claimex-test-0123456789abcdef"

_SECRET_HEADERS = [
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
    "x-request-id",
    "openai-processing-ms",
]


def _scrub_response(response: dict) -> dict:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in _SECRET_HEADERS:
            del headers[name]
    return response


def _json_body(r1, r2) -> None:
    """Match requests on their JSON body, so a prompt or schema change forces a re-record."""

    def load(r):
        body = r.body or b""
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        try:
            return json.loads(body) if body else None
        except ValueError:
            return body

    assert load(r1) == load(r2), "request body differs from the recorded one"


def pytest_recording_configure(config, vcr) -> None:
    vcr.register_matcher("json_body", _json_body)


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    return {
        "filter_headers": [(h, None) for h in _SECRET_HEADERS],
        "before_record_response": _scrub_response,
        "decode_compressed_response": True,
        "match_on": ["method", "scheme", "host", "port", "path", "json_body"],
        "record_on_exception": False,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request) -> str:
    return str(CASSETTES / request.module.__name__.split(".")[-1])


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
