"""``claimex eval``: configurations scored side by side on annotated data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console

from claimex.cli.app import EXIT_DOC_ERRORS, EXIT_OK, configure_logging, exit_config, main
from claimex.cli.options import check_output
from claimex.core.config import LLMConfig
from claimex.core.environment import config_from_env
from claimex.core.errors import ClaimexError, InputError

__all__ = ["eval_command"]


def _default_cassettes(gold_path: Path) -> Path:
    """Seeds' evaluation cassettes live in the repo; anything else in a cache outside it."""
    if gold_path.resolve().parent.name == "seeds":
        return gold_path.resolve().parent.parent / "cassettes" / "eval"
    return Path.home() / ".cache" / "claimex" / "eval-cassettes"


def _llm_for_eval(
    model: str | None,
    base_url: str | None,
    cassettes: Path,
    record: bool,
    timeout: float | None = None,
) -> LLMConfig:
    """The LLM of ``llm:`` configurations: flags, then the environment, then — for replay — the
    model and server that recorded the cassettes. Replays never retry and never cache."""
    from claimex.extractors.llm.cassettes import recorded_server

    recorded = None if record else recorded_server(cassettes)
    config = config_from_env(
        backend="llm",
        model=model,
        base_url=base_url,
        timeout_s=timeout,
        llm_defaults=recorded or {},
    )
    if config.llm is None:
        raise ClaimexError(
            "llm: configurations need a model: pass --base-url and --model (or set "
            "OPENAI_BASE_URL / OPENAI_API_KEY), or point --cassettes at recorded cassettes"
        )
    if record:
        return config.llm
    return config.llm.model_copy(update={"max_transport_retries": 0, "cache": False})


def _limits(firsts: tuple[str, ...]) -> dict[str, int]:
    limits = {}
    for spec in firsts:
        name, _, n = spec.partition("=")
        if not name.strip() or not n.strip().isdigit():
            raise click.BadParameter(f"{spec!r}: expected DATASET=N", param_hint="--first")
        limits[name.strip()] = int(n)
    return limits


@main.command("eval")
@click.option(
    "--gold",
    "gold_paths",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path),
    help="Gold file (seeds/gold.jsonl or the shared annotated-news format); repeatable.",
)
@click.option(
    "--config",
    "configs",
    multiple=True,
    default=("rules",),
    show_default=True,
    help="rules (the accurate profile), rules:fast, or llm:<prompt id@version>; repeatable.",
)
@click.option("--baseline", default=None, help="Configuration the deltas are against (first).")
@click.option("--model", default=None, help="Model for llm: configurations (env CLAIMEX_MODEL).")
@click.option("--base-url", default=None, help="OpenAI-compatible URL (env OPENAI_BASE_URL).")
@click.option("--record", is_flag=True, help="Call the live model and record missing cassettes.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=None,
    help="Seconds per LLM request when recording (default 180; a CPU model may need more).",
)
@click.option(
    "--cassettes",
    "cassette_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Cassette directory (default: cassettes/eval for seeds, else ~/.cache/claimex).",
)
@click.option(
    "--dataset",
    "datasets",
    multiple=True,
    help="Only documents of this dataset (polnear, newsquant, rose-acu, averitec-dce, "
    "seeds); repeatable.",
)
@click.option(
    "--first",
    "firsts",
    multiple=True,
    help="DATASET=N: only the first N documents of that dataset, in file order (a fixed, "
    "reproducible subset, e.g. polnear=20); repeatable.",
)
@click.option(
    "--compare-gold",
    type=click.Path(path_type=Path),
    default=None,
    help="Also score fact groups across documents (seeds/compare_gold.json).",
)
@click.option("--json-out", type=click.Path(path_type=Path), default=None, help="Write the report.")
@click.option(
    "--fail-under",
    "fail_under",
    multiple=True,
    help="METRIC=VALUE, e.g. polnear.speaker_f1=0.7: exit 1 if any configuration is below.",
)
def eval_command(
    gold_paths: tuple[Path, ...],
    configs: tuple[str, ...],
    baseline: str | None,
    model: str | None,
    base_url: str | None,
    record: bool,
    timeout: float | None,
    cassette_dir: Path | None,
    datasets: tuple[str, ...],
    firsts: tuple[str, ...],
    compare_gold: Path | None,
    json_out: Path | None,
    fail_under: tuple[str, ...],
) -> None:
    """Compare configurations on gold data; prints one table, optionally writes JSON.

    Exits 1 when a configuration is below a --fail-under threshold or failed on every document."""
    from claimex.evaluation import evaluate, load_gold, parse_target, render_report
    from claimex.evaluation.compare_metrics import load_compare_gold

    configure_logging(False)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    check_output(json_out, "--json-out")
    try:
        targets = [parse_target(c) for c in configs]
        limits = _limits(firsts)
        taken: dict[str, int] = {}
        docs, where = [], {}
        for path in gold_paths:
            try:
                gold = load_gold(path)
            except InputError as exc:
                raise click.BadParameter(str(exc), param_hint="--gold") from None
            for doc in gold:
                if datasets and doc.dataset not in datasets:
                    continue
                taken[doc.dataset] = taken.get(doc.dataset, 0) + 1
                if taken[doc.dataset] > limits.get(doc.dataset, taken[doc.dataset]):
                    continue
                docs.append(doc)
                where[doc.id] = cassette_dir or _default_cassettes(path)
        llm = None
        if any(t.backend == "llm" for t in targets):
            first = cassette_dir or _default_cassettes(gold_paths[0])
            llm = _llm_for_eval(model, base_url, first, record, timeout)
        groups_gold = load_compare_gold(compare_gold) if compare_gold else None
        checks = []
        for spec in fail_under:
            metric, _, value = spec.partition("=")
            try:
                checks.append((metric.strip(), float(value)))
            except ValueError:
                raise click.BadParameter(
                    f"{spec!r}: expected METRIC=NUMBER", param_hint="--fail-under"
                ) from None
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--compare-gold") from None
    except ClaimexError as exc:
        exit_config(exc)
    if not docs:
        err.print(f"claimex: no documents of dataset {', '.join(datasets)}", markup=False)
    show = err.print if sys.stderr.isatty() else None
    try:
        report = evaluate(
            docs,
            targets,
            llm=llm,
            cassette_dir=lambda d: where[d.id],
            record=record,
            progress=(lambda m: show(m, markup=False)) if show else None,
            compare_gold=groups_gold,
        )
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--gold") from None
    except ClaimexError as exc:
        exit_config(exc)
    render_report(
        report,
        Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160),
        baseline=baseline,
    )
    if json_out:
        json_out.write_text(json.dumps(report.to_json(), indent=2, default=str) + "\n")
    failed = [
        f"{t}: {m} = {report.scores[t].get(m)} < {v}"
        for t in report.targets
        for m, v in checks
        if (report.scores[t].get(m) is None or report.scores[t][m] < v)  # type: ignore[operator]
    ]
    for line in failed:
        err.print(f"claimex: below threshold: {line}", markup=False)
    broken = []
    for t in report.targets:
        docs_run, failures = report.scores[t].get("run.docs"), report.scores[t].get("run.failures")
        if docs_run and failures == docs_run:
            kinds = ", ".join(f"{k} x{n}" for k, n in report.details[t]["errors"].items())
            first_error = next(
                (d["error"]["message"] for d in report.details[t]["documents"] if d["error"]), ""
            )
            broken.append(t)
            err.print(f"claimex: {t}: every document failed ({kinds}): {first_error}", markup=False)
    sys.exit(EXIT_DOC_ERRORS if failed or broken else EXIT_OK)
