"""claimex on Ray Data, on a real in-process local cluster (``ray.init(num_cpus=2)``)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import ray

from claimex import Document, ExtractConfig, LLMConfig, extract_many
from claimex.core.errors import ConfigurationError
from claimex.outputs import COLUMNS
from claimex.ray import claims_dataset, extract_dataset, results_of
from claimex.testing import StubServer

from ..conftest import SEEDS

LOCAL = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


@pytest.fixture(scope="module", autouse=True)
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


def _comparable(payload: dict) -> dict:
    """A record without what differs between runs: timings."""
    prov = dict(payload["provenance"])
    prov.pop("duration_s", None)
    return {**payload, "provenance": prov}


def _seeds() -> list[dict]:
    return [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in SEEDS]


@pytest.mark.parametrize("profile", ["accurate", "fast"])
def test_the_seeds_through_ray_give_the_claims_of_extract_many(profile: str) -> None:
    config = ExtractConfig(backend="rules", rules_profile=profile)
    rows = _seeds()
    out = extract_dataset(ray.data.from_items(rows), config, actors=2, batch_size=1).take_all()
    local = list(extract_many([Document(r["id"], r["text"]) for r in rows], config=config))

    assert [r["doc_id"] for r in out] == [r["id"] for r in rows]  # input order kept
    assert [r["error_kind"] for r in out] == [None, None, None]
    got = [_comparable(json.loads(r["result"])) for r in out]
    want = [_comparable(r.model_dump(mode="json")) for r in local]
    assert got == want
    assert all(len(g["claims"]) > 10 for g in got)


def test_every_broken_row_becomes_one_error_record_and_no_row_is_lost() -> None:
    rows = [
        {"id": "ok-1", "text": "At least 21 people were killed, the governor said."},
        {"id": "none", "text": None},
        {"id": "blank", "text": "   "},
        {"id": "huge", "text": "x" * 5000},
        {"id": None, "text": "Police said 4 suspects were arrested."},
        {"id": "ok-2", "text": "Officials said 14 people died."},
    ]
    config = ExtractConfig(backend="rules", rules_profile="fast", max_chars=1000)
    out = extract_dataset(ray.data.from_items(rows), config, actors=2, batch_size=2).take_all()

    assert len(out) == len(rows)
    kinds = {r["doc_id"]: r["error_kind"] for r in out}
    content_id = out[4]["doc_id"]
    assert content_id.startswith("sha256:")  # a null id: named by the text's digest
    assert kinds == {
        "ok-1": None,
        "none": "InputError",
        "blank": "InputError",
        "huge": "InputError",
        content_id: None,
        "ok-2": None,
    }
    failed = results_of([out[1]["result"]])[0]
    assert failed.error is not None and "str" in failed.error.message
    assert results_of([out[0]["result"]])[0].claims[0].quantities[0].value == 21


def test_an_error_column_turns_its_rows_into_input_errors() -> None:
    rows = [
        {"id": "a", "text": "Police said 4 suspects were arrested.", "fetch_error": None},
        {"id": "b", "text": "", "fetch_error": "HTTP 404 from the archive"},
    ]
    config = ExtractConfig(backend="rules", rules_profile="fast")
    ds = ray.data.from_items(rows)
    out = extract_dataset(ds, config, error_column="fetch_error", actors=1).take_all()
    assert [r["error_kind"] for r in out] == [None, "InputError"]
    assert "HTTP 404" in json.loads(out[1]["result"])["error"]["message"]


def test_a_missing_column_is_named_before_anything_runs() -> None:
    ds = ray.data.from_items([{"body": "Police said 4 suspects were arrested."}])
    with pytest.raises(ConfigurationError, match=r"no column 'text'.*body") as info:
        extract_dataset(ds)
    assert info.value.option == "text_column"
    out = extract_dataset(
        ds, ExtractConfig(rules_profile="fast"), text_column="body", id_column=None
    ).take_all()
    assert out[0]["error_kind"] is None


def test_claims_dataset_has_one_typed_row_per_claim(tmp_path: Path) -> None:
    rows = [*_seeds(), {"id": "bad", "text": None}]
    config = ExtractConfig(backend="rules", rules_profile="fast")
    results = extract_dataset(ray.data.from_items(rows), config, actors=2).materialize()
    claims = claims_dataset(results)
    per_doc = [len(r.claims) or 1 for r in results_of([r["result"] for r in results.take_all()])]

    assert claims.schema().names == list(COLUMNS)
    claims.write_parquet(str(tmp_path / "claims"))
    table = pq.read_table(str(tmp_path / "claims"))
    assert table.num_rows == sum(per_doc)
    assert str(table.schema.field("quantity_values").type) == "list<element: double>"
    assert str(table.schema.field("evidence_start").type) == "int64"
    docs = table.column("doc_id").to_pylist()
    assert docs.count("bad") == 1  # the failed document keeps one row, with its error
    bad = docs.index("bad")
    assert table.column("error_kind")[bad].as_py() == "InputError"
    first = table.slice(0, 1).to_pylist()[0]
    seed = rows[0]["text"]
    assert seed[first["evidence_start"] : first["evidence_end"]] == first["evidence_text"]


@LOCAL
def test_the_llm_rate_limit_holds_for_the_whole_job_not_per_actor() -> None:
    # 60 requests/minute: a full bucket of 60 at once, then one a second. Two actors, each with
    # its own limit, would let all 70 requests through at once; one limit for the job spreads
    # the last 10 over about ten seconds.
    docs = [{"id": f"d{i}", "text": f"Report {i}: police said {i} were hurt."} for i in range(70)]
    with StubServer(latency=0.0) as server:
        llm = LLMConfig(
            base_url=server.url,
            model="stub",
            requests_per_minute=60,
            max_transport_retries=0,
            cache=False,
        )
        config = ExtractConfig(backend="llm", llm=llm)
        out = extract_dataset(
            ray.data.from_items(docs), config, actors=2, concurrency=4, batch_size=5
        ).take_all()
        arrivals = sorted(server.arrivals)

    assert [r["error_kind"] for r in out] == [None] * 70
    assert all(json.loads(r["result"])["provenance"]["extractor"] == "llm" for r in out)
    assert len(arrivals) == 70
    assert arrivals[-1] - arrivals[0] >= 8.0
    # at no time more than the minute's allowance plus what refilled since
    for i, start in enumerate(arrivals):
        for j in range(i, len(arrivals)):
            window = arrivals[j] - start
            assert j - i + 1 <= 60 + window * 1.0 + 1


@LOCAL
def test_a_reply_cache_on_a_shared_path_serves_every_actor(tmp_path: Path) -> None:
    docs = [{"id": f"d{i}", "text": f"Report {i}: police said {i} were hurt."} for i in range(12)]
    with StubServer(latency=0.0) as server:
        llm = LLMConfig(base_url=server.url, model="stub", cache=True, cache_dir=tmp_path / "cache")
        config = ExtractConfig(backend="llm", llm=llm)
        runs = []
        for _ in range(2):
            ds = ray.data.from_items(docs)
            out = extract_dataset(ds, config, actors=2, batch_size=3).take_all()
            runs.append([json.loads(r["result"]) for r in out])
            runs[-1].append(server.requests)

    first, second = runs
    assert first[-1] == 12 and second[-1] == 12  # the second job made no request at all
    assert sum(r["provenance"]["cache_hits"] for r in second[:-1]) == 12
    assert [r["claims"] for r in second[:-1]] == [r["claims"] for r in first[:-1]]
