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
import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Fault", "StubServer", "first_sentence_reply", "serve"]

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
    claims = []
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
    ) -> None:
        self.latency, self.reply, self.fault = latency, reply, fault
        self.requests = 0
        self.max_in_flight = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

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

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                with stub._lock:
                    stub.requests += 1
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


def serve(port: int, latency: float) -> None:
    """Run a stub in the foreground: ``python -m claimex.testing PORT LATENCY`` (benchmarks)."""
    server = StubServer(latency=latency)
    server._server.server_close()
    server._server = ThreadingHTTPServer(("127.0.0.1", port), server._handler())
    server._server.daemon_threads = True
    server._server.request_queue_size = 256
    print(server.url, flush=True)
    server._server.serve_forever()


if __name__ == "__main__":  # pragma: no cover
    import sys

    serve(int(sys.argv[1]), float(sys.argv[2]))
