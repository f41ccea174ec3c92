"""Versioned prompts: ``prompts/<id>/v<N>.md`` = YAML front matter + a sandboxed Jinja body.

The article is only ever a template *variable*, never template source, so ``{{`` or ``{%`` in
a news text is just text. Each prompt has a digest over its front matter, body and the JSON schema
of its response model; ``prompts.lock`` pins the digest of every released version, and a test
fails if a released prompt changes. Every output record carries ``id@version`` and the digest.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from claimex.core.errors import PromptError
from claimex.extractors.llm.response_models import RESPONSE_MODELS

__all__ = ["LOCK_FILE", "Prompt", "list_prompts", "load_prompt", "prompts_root", "verify_lock"]

LOCK_FILE = "prompts.lock"
_FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
_SECTION = re.compile(r"^<!--\s*(system|user)\s*-->\s*$", re.M)
_REF = re.compile(r"\A(?P<id>[a-z][a-z0-9_-]*)(?:@v?(?P<version>\d+))?\Z")


def prompts_root() -> Path:
    """The prompts shipped in the installed package, or the checkout's top-level ``prompts/``."""
    packaged = Path(__file__).parents[2] / "prompts"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[4] / "prompts"
    if checkout.is_dir():
        return checkout
    raise PromptError("no prompts directory found: the installation is incomplete")


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
    )
    env.filters["json"] = lambda v: json.dumps(v, ensure_ascii=False)
    return env


@dataclass(frozen=True)
class Prompt:
    id: str
    version: int
    mode: str
    response_model_name: str
    params: dict[str, Any]
    changelog: list[Any]
    examples: list[Any]
    system: str
    user: str
    path: Path | None = field(default=None, compare=False)
    _front: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ref(self) -> str:
        return f"{self.id}@v{self.version}"

    @property
    def response_model(self) -> type[BaseModel]:
        try:
            return RESPONSE_MODELS[self.response_model_name]
        except KeyError:
            raise PromptError(
                f"{self.ref}: unknown response_model {self.response_model_name!r}"
            ) from None

    @functools.cached_property
    def digest(self) -> str:
        payload = {
            "front_matter": self._front,
            "system": self.system,
            "user": self.user,
            "schema": self.response_model.model_json_schema(),
        }
        blob = json.dumps(
            payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
        )
        return "sha256:" + hashlib.sha256(blob.encode()).hexdigest()

    @property
    def needs_candidates(self) -> bool:
        """Whether the prompt reviews the rule extractor's claims (a ``review`` reply)."""
        return self.response_model_name == "review"

    def render(self, document: str, extra: dict[str, Any] | None = None) -> list[dict[str, str]]:
        """Chat messages for one document (or chunk); the document is passed as a variable, and
        so is everything in ``extra`` (the candidates of a candidate-guided prompt)."""
        variables = {
            **(extra or {}),
            "document": document,
            "examples": self.examples,
            "params": self.params,
        }
        try:
            system, user = self._templates
            return [
                {"role": "system", "content": system.render(variables)},
                {"role": "user", "content": user.render(variables)},
            ]
        except TemplateError as exc:
            raise PromptError(f"{self.ref}: template error: {exc}") from exc

    @functools.cached_property
    def _templates(self) -> tuple[Template, Template]:
        """Compiled once per prompt: compiling costs more than rendering."""
        env = _environment()
        return env.from_string(self.system), env.from_string(self.user)

    @classmethod
    def parse(cls, source: str, *, path: Path | None = None) -> Prompt:
        where = str(path) if path else "<prompt>"
        m = _FRONT.match(source.replace("\r\n", "\n"))
        if not m:
            raise PromptError(f"{where}: expected YAML front matter between '---' lines")
        try:
            front = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as exc:
            raise PromptError(f"{where}: bad front matter: {exc}") from exc
        missing = {"id", "version", "mode", "response_model"} - set(front)
        if missing:
            raise PromptError(f"{where}: front matter lacks {sorted(missing)}")
        parts = _SECTION.split(m.group(2))
        sections = dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))
        if set(sections) != {"system", "user"}:
            raise PromptError(f"{where}: body needs '<!-- system -->' and '<!-- user -->' sections")
        if "document" not in sections["user"]:
            raise PromptError(f"{where}: the user section must include {{{{ document }}}}")
        return cls(
            id=str(front["id"]),
            version=int(front["version"]),
            mode=str(front["mode"]),
            response_model_name=str(front["response_model"]),
            params=dict(front.get("params") or {}),
            changelog=list(front.get("changelog") or []),
            examples=list(front.get("examples") or []),
            system=sections["system"],
            user=sections["user"],
            path=path,
            _front=front,
        )


def _parse_ref(ref: str) -> tuple[str, int | None]:
    m = _REF.match(ref.strip())
    if not m:
        raise PromptError(f"bad prompt reference {ref!r}: use id@vN, e.g. claims@v1")
    version = m.group("version")
    return m.group("id"), int(version) if version else None


@cache
def _load_file(path: Path) -> Prompt:
    prompt = Prompt.parse(path.read_text(encoding="utf-8"), path=path)
    if path.parent.name != prompt.id or path.stem != f"v{prompt.version}":
        raise PromptError(f"{path}: id/version in front matter disagree with the file name")
    return prompt


def list_prompts(root: Path | None = None) -> list[Prompt]:
    root = root or prompts_root()
    files = sorted(root.glob("*/v*.md"), key=lambda p: (p.parent.name, int(p.stem[1:])))
    return [_load_file(p) for p in files]


def load_prompt(ref: str = "claims@v1", root: Path | None = None) -> Prompt:
    """Load ``id@vN``; a bare ``id`` means its newest version."""
    pid, version = _parse_ref(ref)
    candidates = [p for p in list_prompts(root) if p.id == pid]
    if not candidates:
        raise PromptError(f"unknown prompt {pid!r}")
    if version is None:
        return candidates[-1]
    for p in candidates:
        if p.version == version:
            return p
    known = ", ".join(p.ref for p in candidates)
    raise PromptError(f"unknown prompt version {ref!r} (known: {known})")


def read_lock(root: Path | None = None) -> dict[str, str]:
    path = (root or prompts_root()) / LOCK_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def verify_lock(root: Path | None = None) -> list[str]:
    """Problems with the lock: changed released prompts, and prompts not locked yet."""
    lock = read_lock(root)
    problems = []
    for p in list_prompts(root):
        pinned = lock.get(p.ref)
        if pinned is None:
            problems.append(f"{p.ref} is not in {LOCK_FILE}: run `claimex prompts lock`")
        elif pinned != p.digest:
            problems.append(
                f"{p.ref} changed after release (digest {p.digest} != locked {pinned}); "
                "released prompts are immutable: add a new version instead"
            )
    return problems


def update_lock(root: Path | None = None) -> list[str]:
    """Pin new prompt versions; never re-pin a released one. Returns the refs added."""
    root = root or prompts_root()
    lock = read_lock(root)
    added = []
    for p in list_prompts(root):
        if p.ref not in lock:
            lock[p.ref] = p.digest
            added.append(p.ref)
        elif lock[p.ref] != p.digest:
            raise PromptError(verify_lock(root)[0])
    text = json.dumps(dict(sorted(lock.items())), indent=2) + "\n"
    (root / LOCK_FILE).write_text(text, encoding="utf-8")
    return added
