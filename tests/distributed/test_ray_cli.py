"""``claimex extract --engine ray`` as a user runs it: a local cluster started by the command, and
a head node started with ``ray start`` and reached by its address."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from claimex import Document, ExtractConfig, extract_many

from ..conftest import SEEDS

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def _claimex(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "claimex"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env or dict(os.environ),
    )


def _without_timing(record: dict) -> dict:
    prov = dict(record["provenance"] or {})
    prov.pop("duration_s", None)
    return {**record, "provenance": prov}


def _local(paths: list[str]) -> list[dict]:
    docs = [Document(p, Path(p).read_text(encoding="utf-8")) for p in paths]
    config = ExtractConfig(backend="rules", rules_profile="fast")
    return [_without_timing(r.model_dump(mode="json")) for r in extract_many(docs, config=config)]


def test_text_and_jsonl_inputs_give_one_record_each_in_order(tmp_path: Path) -> None:
    lines = tmp_path / "articles.jsonl"
    lines.write_text(
        json.dumps({"id": "wire-1", "body": "At least 21 people were killed, police said."})
        + "\n{not json\n"
        + json.dumps({"id": "wire-3", "title": "no body here"})
        + "\n",
        encoding="utf-8",
    )
    seeds = [str(p) for p in SEEDS]
    missing = str(tmp_path / "missing.txt")
    run = _claimex(
        "extract", "--engine", "ray", "--profile", "fast", "--text-column", "body",
        *seeds, missing, str(lines),
    )  # fmt: skip

    assert run.returncode == 1, run.stderr  # some documents failed, none was lost
    assert "Traceback" not in run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    ids = [r["doc_id"] for r in records]
    assert ids == [*seeds, missing, "wire-1", f"{lines}:2", "wire-3"]
    assert [_without_timing(r) for r in records[:3]] == _local(seeds)
    kinds = [r["error"]["kind"] if r["error"] else None for r in records]
    assert kinds == [None, None, None, "InputError", None, "InputError", "InputError"]
    assert records[4]["claims"][0]["quantities"][0]["value"] == 21
    assert f"{lines}:2: not JSON" in run.stderr
    assert "no 'body' field" in records[6]["error"]["message"]


def test_parquet_output_is_a_directory_of_claim_rows(tmp_path: Path) -> None:
    out = tmp_path / "claims"
    seeds = [str(p) for p in SEEDS]
    run = _claimex(
        "extract", "--engine", "ray", "--profile", "fast", "--format", "parquet",
        "-o", str(out), "--actors", "2", "-q", *seeds,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    table = pq.read_table(str(out))
    local = _local(seeds)
    assert table.num_rows == sum(len(r["claims"]) for r in local)
    assert sorted(set(table.column("doc_id").to_pylist())) == sorted(seeds)
    texts = table.column("text").to_pylist()
    assert texts.count(local[0]["claims"][0]["text"]) >= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "ray", "--ray-address", "ray://127.0.0.1:10001"], "Ray Job"),
        (["--engine", "ray", "--format", "csv"], "jsonl or --format parquet"),
        (["--engine", "ray", "--format", "parquet"], "-o DIR"),
        (["--engine", "ray", "--resume", "-o", "x.jsonl"], "--engine local"),
        (["--actors", "2"], "need --engine ray"),
    ],
)
def test_options_the_ray_engine_cannot_honour_are_usage_errors(args, message) -> None:
    run = _claimex("extract", *args, str(SEEDS[0]))
    assert run.returncode == 2, run.stderr
    assert message in run.stderr and "Traceback" not in run.stderr


def test_without_the_extra_the_engine_says_how_to_install_it() -> None:
    code = (
        "import sys; sys.modules['ray'] = None\n"
        f"sys.argv = ['claimex', 'extract', '--engine', 'ray', {str(SEEDS[0])!r}]\n"
        "from claimex.cli import main; main()\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 3
    assert "pip install 'claimex[ray]'" in run.stderr and "Traceback" not in run.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_head_node_started_apart_is_used_by_its_address(tmp_path: Path) -> None:
    ray_cli = shutil.which("ray", path=str(BIN))
    assert ray_cli, "the ray command comes with the extra"
    token = tmp_path / "token"
    token.write_text(secrets.token_hex(32))
    env = dict(os.environ, RAY_AUTH_MODE="token", RAY_AUTH_TOKEN_PATH=str(token))
    port = _free_port()
    start = subprocess.run(
        [
            ray_cli, "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}",
            "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats",
        ],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    try:
        assert start.returncode == 0, start.stderr
        assert "Ray runtime started" in start.stdout + start.stderr
        seeds = [str(p) for p in SEEDS]
        run = _claimex(
            "extract", "--engine", "ray", "--ray-address", f"127.0.0.1:{port}",
            "--profile", "fast", "-q", *seeds, env=env,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        records = [_without_timing(json.loads(line)) for line in run.stdout.splitlines()]
        assert records == _local(seeds)
    finally:
        stop = subprocess.run(
            [ray_cli, "stop"], capture_output=True, text=True, timeout=120, env=env
        )
    assert stop.returncode == 0
    assert "Stopped" in stop.stdout + stop.stderr
