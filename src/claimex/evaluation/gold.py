"""Gold data readers: the shared annotated-news format and the seeds' own gold.

Shared format (one JSON object per line): ``{"id": "<dataset>/...", "text", "gold", "meta"}``
where the dataset is the prefix of ``id`` (polnear, newsquant, rose-acu, averitec-dce). Seed gold:
``{"id", "file", "claims"}`` with ``file`` relative to the gold file; see ``seeds/README.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimex.core.errors import InputError

__all__ = ["GoldDoc", "load_gold"]

DATASETS = ("polnear", "newsquant", "rose-acu", "averitec-dce", "seeds")


@dataclass(frozen=True)
class GoldDoc:
    id: str
    dataset: str
    text: str
    gold: list[Any]
    meta: dict[str, Any] = field(default_factory=dict)


def _dataset_of(doc_id: str) -> str:
    prefix = doc_id.split("/", 1)[0]
    return prefix if prefix in DATASETS else "other"


def load_gold(path: str | Path) -> list[GoldDoc]:
    """Read a gold file of either format; a broken line is an error naming the line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read gold file: {exc.strerror}") from None
    docs = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if "file" in row:
                text = (path.parent / row["file"]).read_text(encoding="utf-8")
                docs.append(GoldDoc(row["id"], "seeds", text, row["claims"], row.get("meta", {})))
            else:
                doc_id = row["id"]
                docs.append(
                    GoldDoc(
                        doc_id, _dataset_of(doc_id), row["text"], row["gold"], row.get("meta", {})
                    )
                )
        except (ValueError, KeyError, OSError) as exc:
            raise InputError(f"{path}:{n}: not a gold record: {exc}") from None
    return docs
