"""Human-readable views of results: a terminal table per document."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimex.core.schema import Claim, ExtractionResult

__all__ = ["render_table"]


def _speaker(c: Claim) -> str:
    a = c.attribution
    if a.speaker is None:
        return "(article)" if a.cue is None else f"({a.cue})"
    name = a.speaker
    if a.speaker_normalized and a.speaker_normalized.lower() != a.speaker.lower():
        name += f" = {a.speaker_normalized}"
    chain = "".join(f"\nvia {v.speaker}" for v in a.via if v.speaker)
    return f"{name} [{a.speaker_type.value}]{chain}"


def _quantities(c: Claim) -> str:
    parts = []
    for q in c.quantities:
        parts.append(q.describe())
    return "\n".join(parts)


def render_table(result: ExtractionResult, console: Console) -> None:
    """One table per document: claim, who says it (and via whom), cue, quantities, hedges."""
    prov = result.provenance
    title = f"{result.doc_id or 'document'}"
    if prov:
        how = (
            prov.extractor if not prov.prompt or prov.extractor == "rules" else f"llm {prov.prompt}"
        )
        title += f" — {len(result.claims)} claims, {how}"
        if prov.fallback_reason:
            title += f" (fallback: {prov.fallback_reason[:80]})"
    if result.error:
        console.print(
            Text(f"{title}: ERROR {result.error.kind}: {result.error.message}", style="red")
        )
        return
    table = Table(title=title, title_justify="left", show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("claim", ratio=5)
    table.add_column("speaker", ratio=2)
    table.add_column("cue", ratio=1)
    table.add_column("quantities", ratio=2)
    table.add_column("hedges / time", ratio=1)
    for c in result.claims:
        marks = ", ".join(h.text for h in c.hedges)
        times = ", ".join(t.text for t in c.times)
        extra = "\n".join(x for x in (marks, times) if x)
        claim = Text(c.text)
        if not c.grounded:
            claim.append(f"  [{c.alignment.value}]", style="yellow")
        table.add_row(c.id, claim, _speaker(c), c.attribution.cue or "", _quantities(c), extra)
    console.print(table)
