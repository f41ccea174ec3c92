"""LLM failure handling, injected at the HTTP level through an httpx2 transport.

openai 3 sends through httpx2, so a transport handed to the client sees every real request. The
replies here are test doubles that exercise retry, re-ask and fallback logic; they are not model
output (that lives in the recorded cassettes).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx2
import openai
import pytest
from pydantic import SecretStr

from claimex import (
    Alignment,
    ExtractConfig,
    LLMAuthError,
    LLMConfig,
    LLMExtractor,
    LLMResponseError,
    LLMTransportError,
    RuleExtractor,
)
from claimex.extractors.fallback import FallbackExtractor

KEY = "sk-secret-fault-test-abcdef123456"
TEXT = "At least 21 people were killed on Saturday, the governor said. Nobody else was hurt."
GOOD_QUOTE = "At least 21 people were killed on Saturday, the governor said."


def _claim(quote: str) -> dict:
    return {
        "quote": quote,
        "claim": "At least 21 people were killed.",
        "speaker": "the governor",
        "speaker_type": "person",
        "cue": "said",
        "quote_type": "indirect",
        "via": None,
        "quantities": [
            {
                "text": "At least 21",
                "value": 21,
                "qualifier": "at_least",
                "counted": "people killed",
            }
        ],
        "hedges": [],
        "time": "Saturday",
        "place": None,
        "claim_type": "event",
    }


def _completion(content: str, *, finish: str = "stop", tokens: tuple[int, int] = (100, 20)) -> dict:
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish,
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {
            "prompt_tokens": tokens[0],
            "completion_tokens": tokens[1],
            "total_tokens": sum(tokens),
        },
    }


def _ok(*quotes: str) -> httpx2.Response:
    return httpx2.Response(
        200, json=_completion(json.dumps({"claims": [_claim(q) for q in quotes]}))
    )


class Server:
    """Answers requests from a script of responses (the last one repeats)."""

    def __init__(self, *replies: httpx2.Response | Callable[[httpx2.Request], httpx2.Response]):
        self.replies = list(replies)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        return reply(request) if callable(reply) else reply


def _extractor(server: Server, **overrides) -> LLMExtractor:
    config = LLMConfig(
        model="m",
        base_url="http://llm.test/v1",
        api_key=SecretStr(KEY),
        max_retry_wait_s=0.01,
        **overrides,
    )
    client = openai.OpenAI(
        api_key=KEY,
        base_url="http://llm.test/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(server)),
    )
    return LLMExtractor(config, client=client)


def test_success_counts_one_attempt_and_its_tokens() -> None:
    server = Server(_ok(GOOD_QUOTE))
    result = _extractor(server).extract(TEXT)
    assert len(server.requests) == 1
    prov = result.provenance
    assert (prov.attempts, prov.usage.prompt_tokens, prov.usage.completion_tokens) == (1, 100, 20)
    claim = result.claims[0]
    assert claim.alignment is Alignment.EXACT and claim.evidence[0].start == 0
    assert claim.attribution.speaker_span.text == "the governor"
    assert claim.quantities[0].span.text == "At least 21"
    body = json.loads(server.requests[0].content)
    assert body["response_format"]["type"] == "json_schema"
    assert "Authorization" in server.requests[0].headers


@pytest.mark.parametrize("headers", [{"retry-after": "0"}, {}])
def test_429_is_retried_then_succeeds(headers: dict) -> None:
    server = Server(
        httpx2.Response(429, headers=headers, json={"error": {"message": "slow"}}), _ok(GOOD_QUOTE)
    )
    result = _extractor(server, max_transport_retries=2).extract(TEXT)
    assert len(server.requests) == 2
    assert result.provenance.attempts == 2
    assert result.provenance.usage.prompt_tokens == 100


def test_5xx_retries_are_bounded() -> None:
    server = Server(httpx2.Response(503, json={"error": {"message": "down"}}))
    with pytest.raises(LLMTransportError, match="after 3 attempts") as info:
        _extractor(server, max_transport_retries=2).extract(TEXT)
    assert len(server.requests) == 3
    assert info.value.attempts == 3


def test_401_fails_fast_without_leaking_the_key() -> None:
    def deny(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(401, json={"error": {"message": f"bad key {KEY}"}})

    server = Server(deny)
    with pytest.raises(LLMAuthError) as info:
        _extractor(server, max_transport_retries=3).extract(TEXT)
    assert len(server.requests) == 1
    assert KEY not in str(info.value) and KEY not in repr(info.value)


def test_hallucinated_quote_is_reasked_with_the_validator_message() -> None:
    server = Server(_ok("The moon is made of green cheese, experts said."), _ok(GOOD_QUOTE))
    result = _extractor(server).extract(TEXT)
    assert len(server.requests) == 2
    reask = json.loads(server.requests[1].content)["messages"]
    assert any("copied verbatim" in str(m.get("content")) for m in reask)
    assert result.claims[0].alignment is Alignment.EXACT
    assert result.provenance.attempts == 2
    assert result.provenance.usage.prompt_tokens == 200, "tokens of every attempt are counted"


@pytest.mark.parametrize(("policy", "kept"), [("keep", 1), ("drop", 0)])
def test_persistent_hallucination_follows_the_policy(policy: str, kept: int) -> None:
    server = Server(_ok("The moon is made of green cheese, experts said."))
    result = _extractor(server, max_reasks=1, ungrounded=policy).extract(TEXT)
    assert len(server.requests) == 2
    assert len(result.claims) == kept
    if kept:
        assert result.claims[0].alignment is Alignment.NONE and result.claims[0].evidence == []


def test_garbage_reply_falls_back_to_rules_with_the_reason() -> None:
    server = Server(httpx2.Response(200, json=_completion("I cannot help with that.")))
    llm = _extractor(server, max_reasks=1)
    with pytest.raises(LLMResponseError):
        llm.extract(TEXT)
    result = FallbackExtractor(llm, RuleExtractor()).extract(TEXT, doc_id="d")
    prov = result.provenance
    assert prov.extractor == "rules" and "LLMResponseError" in prov.fallback_reason
    assert prov.prompt == "claims@v1" and prov.attempts == 2
    assert result.claims and result.claims[0].quantities[0].value == 21


def test_truncated_reply_is_a_clear_error() -> None:
    cut = json.dumps({"claims": [_claim(GOOD_QUOTE)]})[:60]
    server = Server(httpx2.Response(200, json=_completion(cut, finish="length")))
    with pytest.raises(LLMResponseError, match="cut off"):
        _extractor(server).extract(TEXT)


def test_connection_refused_is_a_transport_error() -> None:
    config = LLMConfig(
        model="m",
        base_url="http://127.0.0.1:9/v1",
        max_transport_retries=1,
        max_retry_wait_s=0.01,
        timeout_s=2,
    )
    with pytest.raises(LLMTransportError):
        LLMExtractor(config).extract(TEXT)


def test_extract_config_is_frozen() -> None:
    config = ExtractConfig()
    with pytest.raises(ValueError):
        config.backend = "llm"  # type: ignore[misc]


def test_non_json_body_is_a_clear_error() -> None:
    server = Server(httpx2.Response(200, text="<html>bad gateway</html>"))
    with pytest.raises((LLMResponseError, LLMTransportError)) as info:
        _extractor(server, max_transport_retries=0, max_reasks=0).extract(TEXT)
    assert KEY not in str(info.value)


def test_empty_choices_and_refusals_are_response_errors() -> None:
    empty = {**_completion("{}"), "choices": []}
    refusal = _completion("")
    refusal["choices"][0]["message"] = {
        "role": "assistant",
        "content": None,
        "refusal": "I can't help with that.",
    }
    for body in (empty, refusal):
        server = Server(httpx2.Response(200, json=body))
        with pytest.raises(LLMResponseError):
            _extractor(server, max_reasks=1).extract(TEXT)
        assert len(server.requests) <= 2, "re-asks are capped"


def test_schema_invalid_json_is_reasked_then_fails_with_tokens_counted() -> None:
    server = Server(httpx2.Response(200, json=_completion(json.dumps({"claims": [{"quote": 3}]}))))
    with pytest.raises(LLMResponseError) as info:
        _extractor(server, max_reasks=2).extract(TEXT)
    assert len(server.requests) == 3
    assert info.value.attempts == 3 and info.value.prompt_tokens == 300


def test_read_timeout_is_retried_then_reported() -> None:
    def slow(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ReadTimeout("timed out", request=request)

    server = Server(slow)
    with pytest.raises(LLMTransportError, match="Timeout"):
        _extractor(server, max_transport_retries=1).extract(TEXT)
    assert len(server.requests) == 2


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_a_server_that_never_answers_times_out() -> None:
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])  # accept, then say nothing
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        config = LLMConfig(
            model="m",
            base_url=f"http://127.0.0.1:{port}/v1",
            timeout_s=0.5,
            max_transport_retries=1,
            max_retry_wait_s=0.01,
        )
        with pytest.raises(LLMTransportError, match="Timeout"):
            LLMExtractor(config).extract(TEXT)
        assert len(accepted) == 2, "one call and one retry, then give up"
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()
