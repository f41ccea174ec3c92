"""The claimex command: formats, exit codes, stdin, bad files, prompts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from claimex.cli import main

from ..conftest import SEEDS


@pytest.fixture
def run(monkeypatch):
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CLAIMEX_BACKEND", "CLAIMEX_MODEL"):
        monkeypatch.delenv(var, raising=False)

    def invoke(*args: str, stdin: bytes | None = None):
        return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)

    return invoke


def test_jsonl_one_record_per_seed_offline(run) -> None:
    res = run("extract", *map(str, SEEDS))
    assert res.exit_code == 0
    lines = res.stdout.strip().splitlines()
    assert len(lines) == len(SEEDS)
    records = [json.loads(line) for line in lines]
    assert [r["doc_id"] for r in records] == [str(p) for p in SEEDS]
    assert all(r["provenance"]["extractor"] == "rules" and r["claims"] for r in records)


def test_table_is_readable(run) -> None:
    res = run("extract", "--format", "table", str(SEEDS[0]))
    assert res.exit_code == 0
    assert "Riquelme" in res.stdout and "at least 14 people" in res.stdout


def test_json_format_is_one_array(run) -> None:
    res = run("extract", "--format", "json", str(SEEDS[1]))
    data = json.loads(res.stdout)
    assert isinstance(data, list) and data[0]["claims"]


def test_stdin(run) -> None:
    res = run("extract", "-", stdin=b"At least 3 people died, police said.")
    record = json.loads(res.stdout)
    assert record["doc_id"] == "-" and record["claims"][0]["attribution"]["speaker"] == "police"


def test_bad_inputs_become_error_records_and_the_batch_goes_on(run, tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 owners said 3 shops closed.".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    res = run("extract", str(empty), str(SEEDS[0]), str(binary), str(missing), str(latin))
    assert res.exit_code == 1
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(records) == 5
    by_id = {r["doc_id"]: r for r in records}
    assert by_id[str(SEEDS[0])]["claims"]
    assert "empty" in by_id[str(empty)]["error"]["message"]
    assert "binary" in by_id[str(binary)]["error"]["message"]
    assert "no such file" in by_id[str(missing)]["error"]["message"]
    assert "--encoding" in by_id[str(latin)]["error"]["message"]
    assert "InputError" in res.stderr


def test_encoding_option_decodes_legacy_files(run, tmp_path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café owners said 3 shops closed.".encode("latin-1"))
    res = run("extract", "--encoding", "latin-1", str(latin))
    assert res.exit_code == 0
    claim = json.loads(res.stdout)["claims"][0]
    assert claim["attribution"]["speaker"] == "Café owners"
    assert claim["evidence"][0]["text"] == "3 shops closed"


def test_llm_backend_without_configuration_is_exit_3(run) -> None:
    res = run("extract", "--backend", "llm", str(SEEDS[0]))
    assert res.exit_code == 3
    assert "OPENAI_API_KEY" in res.stderr and "--base-url" in res.stderr
    assert "LLMConfig" not in res.stderr  # a CLI user cannot pass one
    assert res.stdout == ""


def test_unknown_prompt_is_exit_3(run) -> None:
    res = run(
        "extract",
        "--backend",
        "llm",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--prompt",
        "claims@v99",
        str(SEEDS[0]),
    )
    assert res.exit_code == 3 and "claims@v99" in res.stderr


def test_auto_backend_falls_back_to_rules_when_the_server_is_down(run) -> None:
    res = run("extract", "--base-url", "http://127.0.0.1:9/v1", str(SEEDS[1]))
    assert res.exit_code == 0
    record = json.loads(res.stdout)
    assert record["provenance"]["extractor"] == "rules"
    assert "LLMTransportError" in record["provenance"]["fallback_reason"]
    assert "used rules" in res.stderr
    assert "API call failed" not in res.stderr  # instructor's own retry log stays quiet


def test_prompts_list_show_and_lock_check(run) -> None:
    listed = run("prompts", "list")
    assert listed.exit_code == 0 and "claims@v1\tjson_schema\tsha256:" in listed.stdout
    shown = run("prompts", "show", "claims@v1", "--render", "Hello {{ x }}")
    assert "Hello {{ x }}" in shown.stdout and "--- system ---" in shown.stdout
    assert run("prompts", "lock", "--check").exit_code == 0
    assert run("prompts", "show", "nope@v1").exit_code == 3


def test_a_candidate_guided_prompt_renders_with_the_rules_candidates(run) -> None:
    sample = (
        "Rescuers found 14 people alive on Monday, the fire service said. "
        "They were taken to hospital in Leeds."
    )
    shown = run("prompts", "show", "claims@v3", "--render", sample)
    assert shown.exit_code == 0, shown.output
    user = shown.stdout.split("--- user ---", 1)[1]
    assert "ARTICLE:\n" + sample in user
    listed = user.split("CANDIDATES:", 1)[1]
    assert "[1] They were taken to hospital in Leeds." in listed
    assert "said by: the article | resolve: They" in listed
    assert "Rescuers" not in listed  # stands alone: the model is not asked about it


def test_version(run) -> None:
    assert run("--version").stdout.startswith("claimex, version ")


def test_an_unreadable_file_keeps_its_place_with_its_own_reason(run, tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  ")
    res = run("extract", str(SEEDS[0]), str(tmp_path / "missing.txt"), str(empty))
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == [
        str(SEEDS[0]),
        str(tmp_path / "missing.txt"),
        str(empty),
    ]
    assert "no such file" in records[1]["error"]["message"]
    assert "empty" in records[2]["error"]["message"]
    assert records[1]["text_sha256"] is None and res.exit_code == 1


@pytest.mark.parametrize(
    "args",
    [
        ("extract", "-o", "/nonexistent_dir/out.jsonl"),
        ("extract", "-o", "."),
        ("extract", "--encoding", "nosuchcodec"),
        ("compare", "-o", "/nonexistent_dir/r.html", "--format", "html"),
        ("compare", "-o", "."),
        ("compare", "--date", "other.txt=2019-12-01"),
    ],
)
def test_bad_options_are_usage_errors_before_any_work(run, args) -> None:
    res = run(*args, str(SEEDS[0]), str(SEEDS[1]))
    assert res.exit_code == 2, res.output
    assert res.stdout == "" and "Traceback" not in res.stderr


def test_compare_date_names_an_input_by_any_spelling_of_its_path(run) -> None:
    other_spelling = str(SEEDS[0].parent / ".." / SEEDS[0].parent.name / SEEDS[0].name)
    res = run(
        "compare", "--format", "json", "--date", f"{other_spelling}=2019-12-01", *map(str, SEEDS)
    )
    assert res.exit_code == 0, res.output
    docs = {d["doc_id"]: d for d in json.loads(res.stdout)["documents"]}
    assert docs[str(SEEDS[0])]["report_time"] == "2019-12-01"


def test_a_bad_environment_value_is_exit_3_naming_the_variable(run, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMEX_BACKEND", "bogus")
    res = run("extract", str(SEEDS[0]))
    assert res.exit_code == 3 and "CLAIMEX_BACKEND" in res.stderr


def test_an_llm_flag_that_cannot_apply_is_a_usage_error(run) -> None:
    res = run("extract", "--rpm", "10", str(SEEDS[0]))
    assert res.exit_code == 2 and "--rpm applies to an LLM" in res.stderr and res.stdout == ""
    res = run(
        "compare",
        "--backend",
        "rules",
        "--base-url",
        "http://a/v1",
        "--prompt",
        "claims@v1",
        str(SEEDS[0]),
    )
    assert res.exit_code == 2 and "--prompt does not apply" in res.stderr
