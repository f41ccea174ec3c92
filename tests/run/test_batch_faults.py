"""A 1,000-document batch where about 10% of documents hit faults: exactly one record per input, in
input order, errors by kind as injected; a killed or interrupted run resumes without redoing
finished documents and without duplicate or torn records.

The CLI runs in a subprocess against a local stub OpenAI server whose replies are test doubles
(claimex.testing): the faults are injected at the HTTP level, per document, by a marker in its text.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from claimex.testing import Fault, StubServer

LOCAL = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
N = 1000
FAULTS = {  # marker → (what the server does, the error kind the user gets)
    "FAULT-500": (
        Fault(500, '{"error": {"message": "boom"}}', headers={"retry-after-ms": "1"}),
        "LLMTransportError",
    ),
    "FAULT-429": (
        Fault(429, '{"error": {"message": "slow down"}}', headers={"retry-after-ms": "1"}),
        "LLMTransportError",
    ),
    "FAULT-401": (Fault(401, '{"error": {"message": "bad key"}}'), "LLMAuthError"),
    "FAULT-GARBAGE": (None, "LLMResponseError"),
}


def _garbage(request: dict) -> Fault:
    content = "Sure! Here are the claims: none, really."
    body = {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "stub",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }
    return Fault(200, json.dumps(body))


def _fault(request: dict) -> Fault | None:
    text = " ".join(str(m.get("content")) for m in request["messages"])  # re-asks included
    for marker, (fault, _) in FAULTS.items():
        if marker in text:
            return fault if fault is not None else _garbage(request)
    return None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[str], Counter]:
    """1,000 files: 80 with an HTTP fault marker, 10 empty, 10 binary, the rest ordinary."""
    root = tmp_path_factory.mktemp("corpus")
    paths, expected = [], Counter()
    markers = list(FAULTS)
    for i in range(N):
        path = root / f"doc{i:04d}.txt"
        if i % 10 == 3:
            kind = i // 10 % 5
            if kind < 4:
                marker = markers[kind]
                path.write_text(f"Report {i} {marker}: two people were hurt.", encoding="utf-8")
                expected[FAULTS[marker][1]] += 1
            elif i // 50 % 2:
                path.write_bytes(b"")
                expected["InputError"] += 1
            else:
                path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
                expected["InputError"] += 1
        else:
            path.write_text(f"Report {i}: at least {i} people were killed, police said.")
        paths.append(str(path))
    return paths, expected


def _cli(server: StubServer, out: Path, paths: list[str], *extra: str) -> subprocess.Popen:
    env = dict(os.environ, OPENAI_BASE_URL=server.url, CLAIMEX_MODEL="stub")
    env.pop("OPENAI_API_KEY", None)
    cmd = [
        sys.executable,
        "-m",
        "claimex.cli",
        "extract",
        "--backend",
        "llm",
        "--no-cache",
        "-q",
        "-o",
        str(out),
        *extra,
        *paths,
    ]
    # Ctrl-C as a terminal delivers it: a suite started in the background (``… &``, nohup)
    # ignores SIGINT, and a child would inherit that and never see the interrupt
    return subprocess.Popen(
        cmd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@LOCAL
def test_thousand_documents_with_faults_give_one_record_each_in_order(corpus, tmp_path) -> None:
    paths, expected = corpus
    out = tmp_path / "out.jsonl"
    with StubServer(fault=_fault) as server:
        proc = _cli(server, out, paths, "-j", "16")
        _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 1, stderr.decode()[-2000:]  # 1: some documents are error records
    records = _records(out)
    assert [r["doc_id"] for r in records] == paths  # one per input, in input order
    errors = Counter(r["error"]["kind"] for r in records if r["error"])
    assert errors == expected and sum(expected.values()) == 100, errors
    ok = [r for r in records if not r["error"]]
    assert len(ok) == 900 and all(r["claims"] and r["provenance"]["attempts"] == 1 for r in ok)
    transport = next(r for r in records if r["error"] and "500" in r["error"]["message"])
    assert "after 4 attempts" in transport["error"]["message"]


@LOCAL
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_an_interrupted_run_resumes_without_duplicates(corpus, tmp_path, how) -> None:
    paths, expected = corpus
    out = tmp_path / "out.jsonl"
    with StubServer(latency=0.03, fault=_fault) as server:
        proc = _cli(server, out, paths, "-j", "4")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (
            not out.exists() or out.read_bytes().count(b"\n") < 150
        ):
            time.sleep(0.05)
        proc.send_signal(how)
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == (-9 if how == signal.SIGKILL else 130), stderr.decode()[-2000:]
        before = _records(out)
        assert 150 <= len(before) < N
        with out.open("a", encoding="utf-8") as f:
            f.write('{"schema_version": "1.0", "doc_id": "torn')  # a write cut off by a kill
        proc = _cli(server, out, paths, "-j", "16", "--resume")
        _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 1, stderr.decode()[-2000:]
    records = _records(out)
    assert [r["doc_id"] for r in records] == paths  # nothing redone, nothing missing, in order
    assert records[: len(before)] == before
    assert Counter(r["error"]["kind"] for r in records if r["error"]) == expected
