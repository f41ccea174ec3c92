"""Versioned prompts: parsing, sandboxed rendering, digests and the lock file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimex import PromptError, load_prompt
from claimex.core.grounding import align
from claimex.core.schema import Alignment
from claimex.extractors.llm.prompt_registry import (
    Prompt,
    list_prompts,
    prompts_root,
    update_lock,
    verify_lock,
)
from claimex.extractors.llm.response_models import ClaimsOut, ReviewOut

V1 = """---
id: demo
version: 1
mode: json_schema
response_model: claims
params: {temperature: 0}
---
<!-- system -->
You extract claims.
<!-- user -->
ARTICLE:
{{ document }}
"""


def test_every_released_prompt_matches_the_lock() -> None:
    assert verify_lock() == []


def test_refs_and_versions() -> None:
    p = load_prompt("claims@v1")
    assert (p.id, p.version, p.ref, p.mode) == ("claims", 1, "claims@v1", "json_schema")
    assert load_prompt("claims@1") == p
    assert load_prompt("claims").version == max(
        q.version for q in list_prompts() if q.id == "claims"
    )
    with pytest.raises(PromptError, match="unknown prompt version"):
        load_prompt("claims@v999")
    with pytest.raises(PromptError, match="bad prompt reference"):
        load_prompt("claims v1")


def test_document_is_a_variable_never_template_source() -> None:
    nasty = "{{ 7 * 7 }} {% for x in range(3) %}x{% endfor %} {{ ''.__class__.__mro__ }} {#"
    messages = load_prompt("claims@v1").render(nasty)
    assert nasty in messages[1]["content"]
    assert "49" not in messages[1]["content"]


def test_examples_are_valid_replies_grounded_in_their_text() -> None:
    """Few-shot examples must obey the same contract the model is held to."""
    for p in list_prompts():
        for ex in p.examples:
            reply = p.response_model.model_validate(ex["output"])
            if isinstance(reply, ClaimsOut):
                for claim in reply.claims:
                    assert align(claim.quote, ex["text"]).alignment is Alignment.EXACT
                continue
            assert isinstance(reply, ReviewOut) and p.needs_candidates
            numbers = [c["n"] for c in ex["candidates"]]
            assert numbers == list(range(1, len(numbers) + 1))
            assert [r.n for r in reply.reviews] == numbers
            for c in ex["candidates"]:
                assert c["text"].rstrip(".") in ex["text"]
                assert c["resolve"] and all(w in c["text"] for w in c["resolve"])
            for added in reply.missed:
                assert align(added.quote, ex["text"]).alignment is Alignment.EXACT


def test_strict_undefined_variables_fail_loudly() -> None:
    p = Prompt.parse(V1.replace("{{ document }}", "{{ document }} {{ missing }}"))
    with pytest.raises(PromptError, match="missing"):
        p.render("text")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("no front matter", "front matter"),
        (V1.replace("mode: json_schema\n", ""), "lacks"),
        (V1.replace("<!-- user -->", "<!-- users -->"), "sections"),
        (V1.replace("{{ document }}", "nothing"), "document"),
    ],
)
def test_bad_prompt_files_are_rejected(source: str, message: str) -> None:
    with pytest.raises(PromptError, match=message):
        Prompt.parse(source)


def test_digest_covers_body_front_matter_and_schema(tmp_path: Path) -> None:
    base = Prompt.parse(V1)
    assert Prompt.parse(V1.replace("You extract", "You list")).digest != base.digest
    assert Prompt.parse(V1.replace("temperature: 0", "temperature: 1")).digest != base.digest
    assert Prompt.parse(V1).digest == base.digest


def test_lock_pins_new_versions_and_refuses_changed_releases(tmp_path: Path) -> None:
    root = tmp_path / "prompts"
    (root / "demo").mkdir(parents=True)
    (root / "demo" / "v1.md").write_text(V1, encoding="utf-8")
    assert update_lock(root) == ["demo@v1"]
    assert verify_lock(root) == []
    changed = V1.replace("You extract claims.", "You extract claims, carefully.")
    (root / "demo" / "v1.md").write_text(changed, encoding="utf-8")
    from claimex.extractors.llm import prompt_registry as prompts_module

    prompts_module._load_file.cache_clear()
    problems = verify_lock(root)
    assert problems and "immutable" in problems[0]
    with pytest.raises(PromptError, match="immutable"):
        update_lock(root)


def test_packaged_prompts_directory_exists() -> None:
    root = prompts_root()
    assert (root / "claims" / "v1.md").is_file()
    assert (root / "prompts.lock").is_file()
    shutil.disk_usage(root)  # a real directory, not a zip entry
