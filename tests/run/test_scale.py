"""Concurrency, asyncio, worker processes, rate limits and the reply cache, against a local stub
OpenAI server (claimex.testing.StubServer): real HTTP, instructor and validation; no model."""

from __future__ import annotations

import asyncio

import pytest

from claimex import Document, ExtractConfig, LLMConfig, LLMExtractor
from claimex.core.errors import ConfigurationError
from claimex.extractors.llm.rate_limit import RateLimiter
from claimex.run.pipeline import aextract_many, extract_many
from claimex.testing import StubServer

LOCAL = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
DOCS = [
    Document(f"doc-{i}", f"Report {i}: at least {i} people were killed. Police said more.")
    for i in range(40)
]


def _llm(server: StubServer, **options) -> LLMConfig:
    return LLMConfig(base_url=server.url, model="stub", max_transport_retries=0, **options)


@LOCAL
@pytest.mark.parametrize("ordered", [True, False])
def test_extract_many_keeps_requests_in_flight_bounded(ordered: bool) -> None:
    with StubServer(latency=0.05) as server:
        results = list(
            extract_many(
                DOCS,
                extractor=LLMExtractor(_llm(server)),
                concurrency=8,
                ordered=ordered,
            )
        )
    ids = [r.doc_id for r in results]
    assert sorted(ids) == sorted(d.id for d in DOCS)
    if ordered:
        assert ids == [d.id for d in DOCS]
    assert 2 <= server.max_in_flight <= 8
    assert all(r.ok and r.claims[0].text.startswith("Report") for r in results)


@LOCAL
def test_async_extract_many_is_ordered_and_bounded() -> None:
    async def run(server: StubServer) -> list:
        extractor = LLMExtractor(_llm(server))
        return [r async for r in aextract_many(DOCS, extractor=extractor, concurrency=6)]

    with StubServer(latency=0.05) as server:
        results = asyncio.run(run(server))
    assert [r.doc_id for r in results] == [d.id for d in DOCS]
    assert 2 <= server.max_in_flight <= 6
    assert all(r.ok and r.provenance.attempts == 1 for r in results)


@LOCAL
def test_worker_processes_keep_input_order() -> None:
    with StubServer(latency=0.02) as server:
        config = ExtractConfig(backend="llm", llm=_llm(server))
        results = list(extract_many(DOCS[:12], config=config, concurrency=4, processes=2))
    assert [r.doc_id for r in results] == [d.id for d in DOCS[:12]]
    assert all(r.ok for r in results)
    with pytest.raises(ConfigurationError):
        next(extract_many(DOCS, extractor=LLMExtractor(config.llm), processes=2))


@LOCAL
def test_second_run_comes_from_the_cache(tmp_path) -> None:
    with StubServer() as server:
        options = {"cache": True, "cache_dir": tmp_path}
        first = list(extract_many(DOCS[:5], extractor=LLMExtractor(_llm(server, **options))))
        calls = server.requests
        second = list(extract_many(DOCS[:5], extractor=LLMExtractor(_llm(server, **options))))
        assert server.requests == calls == 5
        assert [r.claims for r in second] == [r.claims for r in first]
        assert all(r.provenance.cache_hits == 1 and r.provenance.attempts == 0 for r in second)
        other = LLMExtractor(_llm(server, prompt="claims@v2", **options))
        list(extract_many(DOCS[:1], extractor=other))  # another prompt: a fresh call
        assert server.requests > calls


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_rate_limiter_spaces_requests_and_tokens() -> None:
    clock = _Clock()
    limiter = RateLimiter(rpm=60, clock=clock, sleep=clock.sleep)
    for _ in range(61):
        limiter.acquire()
    assert clock.now == pytest.approx(1.0)  # a full minute's burst, then one per second
    limiter.acquire()
    assert clock.now == pytest.approx(2.0)

    clock = _Clock()
    limiter = RateLimiter(tpm=6000, clock=clock, sleep=clock.sleep)
    limiter.acquire(6000)
    limiter.acquire(3000)  # 100 tokens/s refill: 30 s
    assert clock.now == pytest.approx(30.0)
    limiter.charge(1, 1000)  # re-asks made inside a call are paid afterwards
    limiter.acquire(100)
    assert clock.now == pytest.approx(41.0)


@LOCAL
def test_rate_limit_holds_real_requests_back() -> None:
    with StubServer() as server:
        extractor = LLMExtractor(_llm(server, requests_per_minute=600))  # 10 per second
        limiter = extractor.transport.limiter
        limiter._requests.level = 0  # start with an empty bucket
        list(extract_many(DOCS[:3], extractor=extractor, concurrency=3))
    assert limiter.waited_s >= 0.2
