"""Recording and replaying LLM traffic with vcrpy, safely: one definition for tests and eval.

Requests match on method, path and the JSON body (so a changed prompt, schema or model never
replays an old answer); compressed bodies are stored decoded; headers that identify an account —
keys, organisation and project ids, cookies, request ids — are removed from requests *and*
responses before anything is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import vcr
import yaml

__all__ = [
    "SECRET_HEADERS",
    "json_body_matcher",
    "make_vcr",
    "recorded_server",
    "scrub_response",
    "vcr_options",
]

SECRET_HEADERS = (
    "authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie",
    "set-cookie", "x-request-id", "openai-processing-ms",
)  # fmt: skip


def _load(body: Any) -> Any:
    body = body or b""
    body = body.decode("utf-8") if isinstance(body, bytes) else body
    try:
        return json.loads(body) if body else None
    except ValueError:
        return body


def json_body_matcher(r1: Any, r2: Any) -> None:
    """vcrpy matcher: the request bodies are equal as JSON (key order and spacing ignored)."""
    assert _load(r1.body) == _load(r2.body), "request body differs from the recorded one"


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


def vcr_options(*, host_and_port: bool = True) -> dict[str, Any]:
    """Options for ``vcr.VCR`` / pytest-recording's ``vcr_config`` (register ``json_body``)."""
    where = ["scheme", "host", "port"] if host_and_port else []
    return {
        "filter_headers": [(h, None) for h in SECRET_HEADERS],
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
        "match_on": ["method", *where, "path", "json_body"],
        "record_on_exception": False,
    }


def make_vcr(record_mode: str) -> vcr.VCR:
    v = vcr.VCR(record_mode=record_mode, **vcr_options(host_and_port=False))
    v.register_matcher("json_body", json_body_matcher)
    return v


def recorded_server(directory: Path) -> dict[str, str] | None:
    """The model and server that recorded the cassettes under ``directory`` (laid out as
    ``<model>/<prompt@version>/<document>.yaml``), read from the recordings themselves; None
    unless exactly one model recorded them."""
    models = [d for d in directory.iterdir() if d.is_dir()] if directory.is_dir() else []
    if len(models) != 1:
        return None
    for path in sorted(models[0].rglob("*.yaml")):
        try:
            cassette = yaml.safe_load(path.read_text(encoding="utf-8"))
            uri = cassette["interactions"][0]["request"]["uri"]
        except (OSError, yaml.YAMLError, KeyError, IndexError, TypeError):
            continue
        base, found, _ = str(uri).partition("/chat/completions")
        if found:
            return {"model": models[0].name, "base_url": base}
    return None
