"""A stub OpenAI-compatible server for tests and benchmarks: answers after a fixed latency.

It is not a model. By default it replies to ``/v1/chat/completions`` with one schema-valid claim
whose quote is the first sentence of the article in the request (found after the prompts'
``ARTICLE:`` marker), so the whole client path — HTTP, instructor, validation, grounding — runs
for real and only the model is missing. ``fault`` lets a test make any request fail in any way.

>>> with StubServer(latency=0.0) as server:  # doctest: +SKIP
...     LLMConfig(base_url=server.url, model="stub")
"""

from __future__ import annotations

import contextlib
import email.policy
import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Fault", "StubServer", "first_sentence_reply", "serve", "stub_process"]

_SENTENCE = re.compile(r"\S.*?[.!?](?=\s|$)", re.S)


class Fault:
    """What a stub answers instead of a valid reply: a status, a raw body, or a silence."""

    def __init__(
        self,
        status: int = 200,
        body: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        hang_s: float = 0.0,
    ) -> None:
        self.status, self.body, self.headers, self.hang_s = status, body, headers or {}, hang_s


def _article(request: dict[str, Any]) -> str:
    messages = request.get("messages") or []
    content = str(messages[-1].get("content", "")) if messages else ""
    return content.rsplit("ARTICLE:", 1)[-1].strip()


def first_sentence_reply(request: dict[str, Any]) -> dict[str, Any]:
    """One claim: the article's first sentence, in the article's own voice."""
    article = _article(request)
    m = _SENTENCE.search(article)
    quote = (m.group(0) if m else article)[:400].strip()
    claims: list[dict[str, Any]] = []
    if quote:
        claims.append(
            {
                "quote": quote,
                "claim": quote,
                "speaker": None,
                "speaker_type": "article",
                "cue": None,
                "quote_type": "none",
                "via": None,
                "quantities": [],
                "hedges": [],
                "time": None,
                "place": None,
                "claim_type": "event",
            }
        )
    return {"claims": claims}


def _completion(request: dict[str, Any], content: str, n: int) -> dict[str, Any]:
    prompt = sum(len(str(m.get("content", ""))) for m in request.get("messages") or []) // 4
    return {
        "id": f"chatcmpl-stub-{n}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "stub"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": len(content) // 4,
            "total_tokens": prompt + len(content) // 4,
        },
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # many clients connect at once in benchmarks


class StubServer:
    """``with StubServer(latency=0.3) as s: ...``; ``s.url`` is the base URL to give the client.

    ``reply(request) -> dict`` builds the JSON content; ``fault(request) -> Fault | None`` can
    replace the answer. Thread-per-request, so it serves many requests in flight at once.
    """

    def __init__(
        self,
        *,
        latency: float = 0.0,
        reply: Callable[[dict[str, Any]], dict[str, Any]] = first_sentence_reply,
        fault: Callable[[dict[str, Any]], Fault | None] | None = None,
        completion: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None,
        port: int = 0,
    ) -> None:
        self.latency, self.reply, self.fault = latency, reply, fault
        self.completion = completion  # a whole chat.completion body (e.g. a recorded one)
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.requests = 0
        self.arrivals: list[float] = []  # time.monotonic() of each chat request, for rate tests
        self.max_in_flight = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

            def log_message(self, *_: Any) -> None:  # quiet
                return

            def do_GET(self) -> None:
                parts = self.path.rstrip("/").split("/")
                if self.path.startswith("/v1/batches/") and parts[-1] in stub.batches:
                    self._send(200, json.dumps(stub.batches[parts[-1]]).encode(), {})
                elif self.path.endswith("/content") and parts[-2] in stub.files:
                    self._send(200, stub.files[parts[-2]], {})
                else:
                    self._send(404, b'{"error": {"message": "not found"}}', {})

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                if self.path.endswith("/files"):
                    self._upload(raw)
                    return
                if self.path.endswith("/batches"):
                    self._run_batch(json.loads(raw))
                    return
                request = json.loads(raw or b"{}")
                with stub._lock:
                    stub.requests += 1
                    stub.arrivals.append(time.monotonic())
                    n = stub.requests
                    stub._in_flight += 1
                    stub.max_in_flight = max(stub.max_in_flight, stub._in_flight)
                try:
                    if stub.latency:
                        time.sleep(stub.latency)
                    fault = stub.fault(request) if stub.fault else None
                    if fault is not None:
                        if fault.hang_s:
                            time.sleep(fault.hang_s)
                        body = fault.body if fault.body is not None else "{}"
                        self._send(fault.status, body.encode(), fault.headers)
                        return
                    content = json.dumps(stub.reply(request))
                    self._send(200, json.dumps(_completion(request, content, n)).encode(), {})
                finally:
                    with stub._lock:
                        stub._in_flight -= 1

            def _upload(self, raw: bytes) -> None:
                """``client.files.create``: a multipart form with one ``file`` part."""
                head = f"content-type: {self.headers['content-type']}\r\n\r\n".encode()
                message = BytesParser(policy=email.policy.default).parsebytes(head + raw)
                data = b""
                for part in message.iter_parts():
                    if part.get_param("name", header="content-disposition") == "file":
                        payload = part.get_payload(decode=True)
                        data = payload if isinstance(payload, bytes) else b""
                file_id = f"file-{len(stub.files) + 1}"
                stub.files[file_id] = data
                body = {
                    "id": file_id,
                    "object": "file",
                    "bytes": len(data),
                    "created_at": 0,
                    "filename": "requests.jsonl",
                    "purpose": "batch",
                    "status": "processed",
                }
                self._send(200, json.dumps(body).encode(), {})

            def _run_batch(self, request: dict[str, Any]) -> None:
                """``client.batches.create``: answers every line at once; status ``completed``."""
                lines, done, failed = [], 0, 0
                for raw in stub.files[request["input_file_id"]].decode().splitlines():
                    row = json.loads(raw)
                    if stub.completion is not None:
                        body = stub.completion(row["body"])  # None: this request fails
                    else:
                        body = _completion(row["body"], json.dumps(stub.reply(row["body"])), 0)
                    if body is None:
                        failed += 1
                        out = {
                            "custom_id": row["custom_id"],
                            "response": None,
                            "error": {"code": "no_reply", "message": "nothing to answer"},
                        }
                    else:
                        done += 1
                        out = {
                            "custom_id": row["custom_id"],
                            "error": None,
                            "response": {"status_code": 200, "body": body},
                        }
                    lines.append(json.dumps(out))
                output_id = f"file-{len(stub.files) + 1}"
                stub.files[output_id] = ("\n".join(lines) + "\n").encode()
                batch_id = f"batch_{len(stub.batches) + 1}"
                stub.batches[batch_id] = {
                    "id": batch_id,
                    "object": "batch",
                    "endpoint": request["endpoint"],
                    "input_file_id": request["input_file_id"],
                    "output_file_id": output_id,
                    "completion_window": request["completion_window"],
                    "status": "completed",
                    "created_at": int(time.time()),
                    "request_counts": {"total": done + failed, "completed": done, "failed": failed},
                }
                self._send(200, json.dumps(stub.batches[batch_id]).encode(), {})

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        return Handler


@contextlib.contextmanager
def stub_process(latency: float) -> Iterator[str]:
    """A stub in a process of its own, so that its CPU is not the benchmark's: yields its base
    URL once it serves, and stops it on exit."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = [sys.executable, "-m", "claimex.testing", str(port), str(latency)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()  # serve() prints the URL when it is ready
    finally:
        proc.terminate()
        proc.wait()


def serve(port: int, latency: float) -> None:
    """Run a stub in the foreground: ``python -m claimex.testing PORT LATENCY`` (benchmarks)."""
    server = StubServer(latency=latency, port=port)
    print(server.url, flush=True)
    server._server.serve_forever()


if __name__ == "__main__":  # pragma: no cover
    import sys

    serve(int(sys.argv[1]), float(sys.argv[2]))
