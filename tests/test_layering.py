"""The package's floors, enforced: no import upward, no circle, no private name across packages.

Floors, lowest first: ``core`` → ``taggers`` → ``extractors`` → ``run`` → ``compare`` →
``evaluation`` → ``outputs`` → ``distributed`` → the applications (``cli``, ``testing``). A module
may import its own floor and the floors below; lazy imports inside functions count too, because
they hide circles rather than remove them. The top-level ``claimex`` package (the public face)
may import anything.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

import claimex

from .conftest import ROOT

SRC = ROOT / "src" / "claimex"
FLOORS = [
    "core",
    "taggers",
    "extractors",
    "run",
    "compare",
    "evaluation",
    "outputs",
    "distributed",
    "cli",
    "testing",
]
# Inside a floor the same rule holds between rooms.
ROOMS = {"extractors": ["base", "rule_extractor", "llm", "fallback", "factory"]}
FACE = {"claimex", "claimex.__main__", "claimex._version", "claimex.batch_api", "claimex.ray"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(imported module, imported names, line) for every import in the file, lazy ones too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            found.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names]
    return [f for f in found if f[0] == "claimex" or f[0].startswith("claimex.")]


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}


def _floor(module: str) -> tuple[int, int] | None:
    parts = module.split(".")
    if module in FACE or len(parts) < 2:
        return None
    floor = FLOORS.index(parts[1])
    rooms = ROOMS.get(parts[1])
    room = rooms.index(parts[2]) if rooms and len(parts) > 2 else -1
    return floor, room


def _resolve(module: str, names: list[str]) -> list[str]:
    """``from claimex.x import y`` names module ``claimex.x.y`` when that is a module."""
    subs = [f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES]
    return subs or [module]


def test_every_module_sits_on_a_known_floor() -> None:
    for name in MODULES:
        if name not in FACE:
            assert name.split(".")[1] in FLOORS, f"{name} is on no floor"


def test_no_module_imports_a_floor_above_its_own() -> None:
    upward = []
    for name, path in MODULES.items():
        here = _floor(name)
        if here is None:
            continue
        for module, names, line in _imports(path):
            for target in _resolve(module, names):
                there = _floor(target)
                if there is None and target != "claimex._version":
                    upward.append(f"{name}:{line} imports the public face {target}")
                elif there is not None and (
                    there[0] > here[0] or (there[0] == here[0] and there[1] > here[1] >= 0)
                ):
                    upward.append(f"{name}:{line} imports {target}, a floor above")
    assert upward == []


def test_no_private_name_is_imported_from_another_package() -> None:
    leaks = []
    for name, path in MODULES.items():
        package = name.rsplit(".", 1)[0] if path.name != "__init__.py" else name
        for module, names, line in _imports(path):
            other = module.rsplit(".", 1)[0] if module in MODULES else module
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and other != package and not module.startswith(package + "."):
                leaks.append(f"{name}:{line} imports {private} from {module}")
    assert leaks == []


def test_the_import_graph_has_no_circle() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in MODULES.items():
        for module, names, _ in _imports(path):
            for target in _resolve(module, names):
                if target in MODULES and target != name:
                    graph[name].add(target)
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle.extend([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
                return
            if nxt not in state:
                visit(nxt, [*trail, nxt])
            if cycle:
                return
        state[node] = 2

    for start in sorted(MODULES):
        if start not in state and not cycle and start not in FACE:
            visit(start, [start])
    assert cycle == []


def test_module_names_are_unique() -> None:
    leaves = defaultdict(list)
    for name, path in MODULES.items():
        if path.name not in {"__init__.py", "__main__.py"}:
            leaves[path.stem].append(name)
    assert {k: v for k, v in leaves.items() if len(v) > 1} == {}


def test_layering_check_catches_an_upward_import(tmp_path: Path) -> None:
    """The check itself can fail: an import of ``run`` from ``core`` is found."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from claimex.run.pipeline import extract\n", encoding="utf-8")
    ((module, names, _),) = _imports(bad)
    assert _floor("claimex.core.schema") < _floor(_resolve(module, names)[0])  # type: ignore[operator]


PUBLIC_API = [
    "SCHEMA_VERSION", "Alignment", "Attribution", "Claim", "ClaimOrigin", "ClaimType",
    "ClaimexError", "ConfigurationError", "Document", "ErrorInfo", "ExtractConfig",
    "ExtractionResult", "Extractor", "Hedge", "InputError", "LLMAuthError", "LLMConfig",
    "LLMError", "LLMExtractor", "LLMResponseError", "LLMTransportError", "Place", "PromptError",
    "Provenance", "Qualifier", "Quantity", "QuoteType", "RuleExtractor", "Source", "Span",
    "SpeakerType", "TimeExpression", "Usage", "__version__", "aextract", "aextract_many",
    "align", "config_from_env", "extract", "extract_many", "load_prompt", "make_extractor",
    "read_document",
]  # fmt: skip


def test_the_public_api_is_pinned() -> None:
    """A name joins or leaves ``claimex.__all__`` on purpose, with this list."""
    assert claimex.__all__ == PUBLIC_API
    for name in PUBLIC_API:
        assert getattr(claimex, name) is not None


def test_the_old_batch_module_still_works_and_says_where_it_went() -> None:
    import claimex.batch_api as old
    from claimex.run import openai_batch

    with pytest.warns(DeprecationWarning, match="claimex.run.openai_batch"):
        assert old.prepare_batch is openai_batch.prepare_batch
