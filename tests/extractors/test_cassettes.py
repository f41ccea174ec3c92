"""Cassettes are safe to publish and load: no keys, organisation ids or cookies; safe YAML."""

from __future__ import annotations

import re

import yaml

from ..conftest import CASSETTES, FAKE_KEY

_FORBIDDEN = [
    re.compile(r"sk-[A-Za-z0-9_-]{16,}"),
    re.compile(r"(?i)\bauthorization\b"),
    re.compile(r"(?i)bearer\s+\S"),
    re.compile(r"(?i)openai-(organization|project)"),
    re.compile(r"(?i)set-cookie|\bcookie\b"),
    re.compile(r"(?i)\b(api[-_]?key|x-api-key)\b"),
]


def test_cassettes_exist_for_the_llm_tests() -> None:
    files = sorted(CASSETTES.rglob("*.yaml"))
    assert len(files) >= 6
    assert any("000_" in f.name for f in files) and any("002_" in f.name for f in files)


def test_no_secret_in_any_cassette() -> None:
    for path in CASSETTES.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert FAKE_KEY not in text, path
        for pattern in _FORBIDDEN:
            assert not pattern.search(text), f"{path}: {pattern.pattern}"


def test_cassettes_load_with_the_safe_loader_and_hold_real_replies() -> None:
    for path in CASSETTES.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        interactions = data["interactions"]
        assert interactions, path
        for it in interactions:
            assert it["request"]["uri"].endswith("/chat/completions")
            assert it["response"]["status"]["code"] == 200
