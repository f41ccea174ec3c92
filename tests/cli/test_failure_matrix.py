"""Every command against bad input: the documented exit code, one line that names what to change,
no traceback, and every good input still gets its record.

The matrix is one table (``CASES``): a new option or subcommand joins it with one row. Placeholders
in arguments are filled from the fixture ``paths``: ``{seed}`` a real article, ``{missing}`` a file
that does not exist, ``{empty}``, ``{binary}``, ``{dir}`` a directory, ``{nodir}`` a path in a
missing directory, ``{gold_*}`` broken gold files, ``{manifest_*}`` broken batch manifests.
Exit codes (README): 0 ok, 1 some document failed, 2 usage error, 3 configuration error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimex.cli import main

from ..conftest import SEEDS

NO_LLM = {"OPENAI_API_KEY": None, "OPENAI_BASE_URL": None, "CLAIMEX_BACKEND": None}
UNREACHABLE = "http://127.0.0.1:9/v1"  # nothing listens on port 9


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    code: int
    says: str  # a piece of the one-line message on stderr
    env: dict[str, str | None] = field(default_factory=dict)
    records: int | None = None  # JSON Lines records expected on stdout (good inputs keep theirs)


CASES = [
    # extract
    Case("extract-output-missing-dir", ("extract", "-o", "{nodir}", "{seed}"), 2, "does not exist"),
    Case("extract-output-is-dir", ("extract", "-o", "{dir}", "{seed}"), 2, "is a directory"),
    Case("extract-bad-encoding", ("extract", "--encoding", "nosuchcodec", "{seed}"), 2, "nosuchcodec"),
    Case("extract-max-chars-0", ("extract", "--max-chars", "0", "{seed}"), 2, "--max-chars"),
    Case("extract-concurrency-0", ("extract", "-j", "0", "{seed}"), 2, "--concurrency"),
    Case("extract-bad-date", ("extract", "--date", "May 5", "{seed}"), 2, "--date"),
    Case("extract-bad-format", ("extract", "--format", "xml", "{seed}"), 2, "--format"),
    Case("extract-resume-no-output", ("extract", "--resume", "{seed}"), 2, "--resume"),
    Case("extract-rpm-without-llm", ("extract", "--rpm", "5", "{seed}"), 2, "--rpm"),
    Case("extract-cache-dir-without-llm", ("extract", "--cache-dir", "{dir}", "{seed}"), 2, "--cache-dir"),
    Case("extract-bad-backend-env", ("extract", "{seed}"), 3, "CLAIMEX_BACKEND", {"CLAIMEX_BACKEND": "bogus"}),
    Case("extract-llm-without-model", ("extract", "--backend", "llm", "{seed}"), 3, "or pass --base-url"),
    Case("extract-unknown-prompt", ("extract", "--base-url", UNREACHABLE, "--prompt", "claims@v99", "{seed}"), 3, "claims@v99"),
    Case("extract-no-files", ("extract",), 2, "FILES"),
    Case("extract-parquet-to-stdout", ("extract", "--format", "parquet", "{seed}"), 2, "-o FILE.parquet"),
    Case("extract-resume-not-jsonl", ("extract", "--format", "csv", "-o", "{tmp}/o.csv", "--resume", "{seed}"), 2, "--resume"),
    Case(
        "extract-bad-files-keep-their-place",
        ("extract", "{seed}", "{missing}", "{empty}", "{binary}", "{dir}", "{seed}"),
        1,
        "no such file",
        records=6,
    ),
    # compare
    Case("compare-output-missing-dir", ("compare", "--format", "html", "-o", "{nodir}", "{seed}", "{seed}"), 2, "does not exist"),
    Case("compare-output-is-dir", ("compare", "-o", "{dir}", "{seed}", "{seed}"), 2, "is a directory"),
    Case("compare-bad-date", ("compare", "--date", "{seed}=yesterday", "{seed}"), 2, "FILE=YYYY-MM-DD"),
    Case("compare-date-not-an-input", ("compare", "--date", "other.txt=2005-02-01", "{seed}"), 2, "not among the inputs"),
    Case("compare-bad-encoding", ("compare", "--encoding", "nosuchcodec", "{seed}"), 2, "nosuchcodec"),
    Case("compare-bad-backend-env", ("compare", "{seed}"), 3, "CLAIMEX_BACKEND", {"CLAIMEX_BACKEND": "bogus"}),
    Case("compare-prompt-with-rules", ("compare", "--backend", "rules", "--base-url", UNREACHABLE, "--prompt", "claims@v1", "{seed}"), 2, "--prompt"),
    Case("compare-a-missing-file", ("compare", "--format", "json", "{seed}", "{missing}"), 1, "no such file"),
    # eval
    Case("eval-gold-missing", ("eval", "--gold", "{missing}"), 2, "--gold"),
    Case("eval-gold-empty", ("eval", "--gold", "{empty}"), 2, "no gold records"),
    Case("eval-gold-no-id", ("eval", "--gold", "{gold_no_id}"), 2, "missing field 'id'"),
    Case("eval-gold-not-json", ("eval", "--gold", "{gold_not_json}"), 2, "not a gold record"),
    Case("eval-gold-not-an-object", ("eval", "--gold", "{gold_list}"), 2, "expected a JSON object"),
    Case("eval-gold-wrong-shape", ("eval", "--gold", "{gold_bad_items}"), 2, "polnear format"),
    Case("eval-json-out-missing-dir", ("eval", "--gold", "{gold_ok}", "--json-out", "{nodir}"), 2, "--json-out"),
    Case("eval-unknown-config", ("eval", "--gold", "{gold_ok}", "--config", "bogus"), 3, "bogus"),
    Case("eval-bad-fail-under", ("eval", "--gold", "{gold_ok}", "--fail-under", "x=high"), 2, "--fail-under"),
    Case("eval-llm-without-model", ("eval", "--gold", "{gold_ok}", "--config", "llm:claims@v1", "--cassettes", "{dir}"), 3, "--base-url"),
    Case("eval-llm-every-document-fails", ("eval", "--gold", "{gold_ok}", "--config", "llm:claims@v1", "--cassettes", "{dir}", "--base-url", UNREACHABLE, "--model", "m"), 1, "every document failed"),
    Case("eval-compare-gold-missing", ("eval", "--gold", "{gold_ok}", "--compare-gold", "{missing}"), 2, "--compare-gold"),
    # batch
    Case("batch-prepare-without-llm", ("batch", "prepare", "--requests", "{tmp}/r.jsonl", "--manifest", "{tmp}/m.json", "{seed}"), 3, "--base-url"),
    Case("batch-prepare-requests-missing-dir", ("batch", "prepare", "--base-url", UNREACHABLE, "--requests", "{nodir}", "--manifest", "{tmp}/m.json", "{seed}"), 2, "--requests"),
    Case("batch-prepare-bad-files", ("batch", "prepare", "--base-url", UNREACHABLE, "--requests", "{tmp}/r.jsonl", "--manifest", "{tmp}/m.json", "{seed}", "{empty}", "{binary}", "{missing}"), 1, "no such file"),
    Case("batch-submit-missing-requests", ("batch", "submit", "--base-url", UNREACHABLE, "{missing}"), 2, "does not exist"),
    Case("batch-submit-without-llm", ("batch", "submit", "{seed}"), 3, "--base-url"),
    Case("batch-collect-missing-manifest", ("batch", "collect", "--manifest", "{missing}", "batch_1"), 2, "--manifest"),
    Case("batch-collect-empty-manifest", ("batch", "collect", "--manifest", "{manifest_empty}", "batch_1"), 2, "not a batch manifest"),
    Case("batch-collect-unreachable", ("batch", "collect", "--no-wait", "--manifest", "{manifest_ok}", "--base-url", UNREACHABLE, "batch_1"), 3, "APIConnectionError"),
    Case("batch-collect-bad-every", ("batch", "collect", "--every", "-1", "--manifest", "{manifest_ok}", "batch_1"), 2, "--every"),
    # prompts
    Case("prompts-show-unknown", ("prompts", "show", "claims@v99"), 3, "claims@v99"),
    Case("unknown-command", ("nosuchcommand",), 2, "nosuchcommand"),
]  # fmt: skip


@pytest.fixture
def paths(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "folder").mkdir()
    polnear = {"id": "polnear/x", "text": "The minister said taxes would rise.", "gold": []}
    gold = {
        "gold_ok": json.dumps(polnear),
        "gold_no_id": json.dumps({"text": "t", "gold": []}),
        "gold_not_json": "{not json",
        "gold_list": "[1, 2]",
        "gold_bad_items": json.dumps({**polnear, "gold": [{"source": 5}]}),
    }
    found = {
        "seed": str(SEEDS[0]),
        "missing": str(tmp_path / "missing.txt"),
        "empty": str(tmp_path / "empty.txt"),
        "binary": str(tmp_path / "binary.bin"),
        "dir": str(tmp_path / "folder"),
        "nodir": str(tmp_path / "no" / "such" / "out.jsonl"),
        "tmp": str(tmp_path),
    }
    for name, line in gold.items():
        (tmp_path / f"{name}.jsonl").write_text(line + "\n")
        found[name] = str(tmp_path / f"{name}.jsonl")
    (tmp_path / "manifest_empty.json").write_text("{}")
    manifest = {"model": "m", "prompt": "claims@v1", "prompt_digest": "x", "documents": []}
    (tmp_path / "manifest_ok.json").write_text(json.dumps(manifest))
    found["manifest_empty"] = str(tmp_path / "manifest_empty.json")
    found["manifest_ok"] = str(tmp_path / "manifest_ok.json")
    return found


def _invoke(args: list[str], env: dict[str, str | None]) -> Result:
    return CliRunner().invoke(main, args, env={**NO_LLM, **env})


def _no_traceback(res: Result) -> None:
    """A command ends in SystemExit with a message; any other exception is a traceback."""
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_command_fails_cleanly(case: Case, paths: dict[str, str]) -> None:
    args = [a.format(**paths) for a in case.args]
    res = _invoke(args, case.env)
    _no_traceback(res)
    assert res.exit_code == case.code, res.output
    assert case.says in res.stderr, res.stderr
    if case.records is not None:
        records = [json.loads(line) for line in res.stdout.splitlines()]
        assert len(records) == case.records
        good = [r for r in records if r["doc_id"] == paths["seed"]]
        assert len(good) == 2 and all(r["error"] is None and r["claims"] for r in good)


def test_batch_prepare_gives_each_bad_file_its_own_reason(paths: dict[str, str]) -> None:
    args = ["batch", "prepare", "--base-url", UNREACHABLE, "--requests", f"{paths['tmp']}/r.jsonl"]
    args += ["--manifest", f"{paths['tmp']}/m.json", paths["empty"], paths["binary"]]
    res = _invoke([*args, paths["missing"], paths["seed"]], {})
    assert res.exit_code == 1
    manifest = json.loads(Path(paths["tmp"], "m.json").read_text())
    reasons = [d.get("error") or "" for d in manifest["documents"]]
    assert "empty" in reasons[0] and "binary" in reasons[1] and "no such file" in reasons[2]
    assert reasons[3] == "" and manifest["documents"][3]["requests"]


def test_a_newsquant_gold_range_or_null_value_is_scored_not_fatal(tmp_path: Path) -> None:
    gold = {
        "id": "newsquant/x",
        "text": "Between 100 and 1000 people marched, and an unknown number stayed home.",
        "gold": [{"value": "100-1000", "change": "~"}, {"value": None}],
    }
    path = tmp_path / "nq.jsonl"
    path.write_text(json.dumps(gold) + "\n")
    out = tmp_path / "r.json"
    res = _invoke(
        ["eval", "--gold", str(path), "--config", "rules:fast", "--json-out", str(out)], {}
    )
    _no_traceback(res)
    assert res.exit_code == 0, res.output
    scores = json.loads(out.read_text())["scores"]["rules:fast"]
    assert scores["newsquant.value_recall"] == 1.0  # the range is one quantity; null is none


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
_RECORDS = st.one_of(
    _JSON,
    st.fixed_dictionaries(
        {
            "id": st.sampled_from(["polnear/a", "newsquant/a", "rose-acu/a", "averitec-dce/a", 5]),
            "text": st.text(max_size=60) | st.integers(),
            "gold": st.lists(_JSON, max_size=3) | _JSON,
        }
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(record=_RECORDS)
def test_malformed_gold_records_never_give_a_traceback(record: object, tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n")
    res = _invoke(["eval", "--gold", str(path), "--config", "rules:fast"], {})
    _no_traceback(res)
    assert res.exit_code in (0, 1, 2), res.output
    if res.exit_code == 2:
        assert "--gold" in res.stderr
