"""The comparison table: one column per configuration, one row per metric, deltas to a baseline."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from claimex.evaluation.runner import EvalReport

__all__ = ["render_report"]

_LOWER_IS_BETTER = ("failures", "fallbacks", "failed_chunks", "llm_calls", "tokens", "wall_s")


def _fmt(v: float | None, key: str) -> str:
    if v is None:
        return "–"
    if key.startswith("run.") and not key.endswith(("rate", "per_doc")):
        return f"{v:,.0f}" if key != "run.wall_s" else f"{v:.2f}"
    return f"{v:.3f}"


def _delta(v: float | None, base: float | None, key: str) -> str:
    if v is None or base is None:
        return ""
    d = v - base
    if abs(d) < 1e-12:
        return "±0"
    text = (
        f"{d:+.3f}"
        if not key.startswith("run.") or key.endswith(("rate", "per_doc"))
        else f"{d:+,.2f}"
    )
    good = (d < 0) if key.endswith(_LOWER_IS_BETTER) else (d > 0)
    return f"[green]{text}[/]" if good else f"[red]{text}[/]"


def render_report(report: EvalReport, console: Console, *, baseline: str | None = None) -> None:
    base = baseline or report.targets[0]
    keys: list[str] = []
    for t in report.targets:
        keys += [k for k in report.scores[t] if k not in keys]
    keys.sort(key=lambda k: (k.startswith("run."), k))
    table = Table(title=f"claimex evaluation (baseline: {base})", title_justify="left")
    table.add_column("metric")
    for t in report.targets:
        table.add_column(t, justify="right")
        if t != base:
            table.add_column(f"Δ {t}", justify="right")
    for k in keys:
        row = [k]
        b = report.scores.get(base, {}).get(k)
        for t in report.targets:
            v = report.scores[t].get(k)
            row.append(_fmt(v, k))
            if t != base:
                row.append(_delta(v, b, k))
        table.add_row(*row)
    console.print(table)
