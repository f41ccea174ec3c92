"""The comparison as a terminal table: one row per fact, one line per source."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimex.compare.comparison import Comparison, FactGroup, Label, short_name

__all__ = ["LABEL_STYLES", "render_comparison"]

LABEL_STYLES = {
    Label.AGREE: "green",
    Label.CONFLICT: "bold red",
    Label.REFINE: "cyan",
    Label.REVISE: "bold yellow",
    Label.SINGLE_SOURCE: "dim",
}


def _short(doc_id: str, width: int = 24) -> str:
    name = short_name(doc_id)
    return name if len(name) <= width else name[: width - 1] + "…"


def _sources(g: FactGroup) -> Text:
    out = Text()
    for i, m in enumerate(g.mentions):
        if i:
            out.append("\n")
        when = f" [{m.report_time}]" if m.report_time else ""
        out.append(f"{_short(m.doc_id)}{when}: ", style="bold")
        if m.quantity_text:
            out.append(m.quantity_text, style="magenta")
            if m.role.value != "current":
                out.append(f" ({m.role.value})", style="yellow")
            out.append(" — ")
        out.append(m.who)
    return out


def render_comparison(c: Comparison, console: Console, *, show_all: bool = False) -> None:
    """Figures, then statements found in several sources; ``show_all`` adds single-source ones."""
    docs = Table(title="documents", title_justify="left", expand=True)
    docs.add_column("document")
    docs.add_column("claims", justify="right")
    docs.add_column("report time")
    for d in c.documents:
        when = f"{d.report_time} ({d.report_time_basis})" if d.report_time else "unknown"
        docs.add_row(d.doc_id, "error: " + d.error if d.error else str(d.claims), when)
    console.print(docs)
    table = Table(title="facts across sources", title_justify="left", show_lines=True, expand=True)
    table.add_column("#", no_wrap=True)
    table.add_column("label", no_wrap=True)
    table.add_column("fact", ratio=2)
    table.add_column("summary", ratio=2)
    table.add_column("who says what", ratio=4)
    hidden = 0
    for g in c.groups:
        if g.kind == "statement" and g.label is Label.SINGLE_SOURCE and not show_all:
            hidden += 1
            continue
        fact = Text(g.fact)
        fact.append("\n" + "; ".join(g.reasons), style="dim italic")
        summary = Text(g.summary)
        now = g.current_mention
        if now is not None and now.quantity_text and g.label is not Label.AGREE:
            summary.append(f"\nnow: {now.quantity_text}", style="bold")
            summary.append(f" ({g.current_reason})", style="dim")
        table.add_row(
            g.id, Text(g.label.value, style=LABEL_STYLES[g.label]), fact, summary, _sources(g)
        )
    console.print(table)
    if hidden:
        console.print(
            f"{hidden} statements made by one source only are not shown (--all shows them)"
        )
