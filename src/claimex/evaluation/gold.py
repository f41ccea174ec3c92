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

DATASETS = ("polnear", "newsquant", "rose-acu", "averitec-dce", "seeds", "gva")


@dataclass(frozen=True)
class GoldDoc:
    id: str
    dataset: str
    text: str
    gold: Any  # a list of annotations; for a multi-report incident (gva), its casualty counts
    meta: dict[str, Any] = field(default_factory=dict)


def _dataset_of(doc_id: str) -> str:
    prefix = doc_id.split("/", 1)[0]
    return prefix if prefix in DATASETS else "other"


def _field(row: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    if name not in row:
        raise InputError(f"missing field {name!r}")
    value = row[name]
    if not isinstance(value, kind):
        want = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise InputError(f"field {name!r} must be {want}, not {type(value).__name__}")
    return value


def _record(path: Path, row: Any) -> GoldDoc:
    if not isinstance(row, dict):
        raise InputError(f"expected a JSON object, got {type(row).__name__}")
    meta = row.get("meta", {})
    if not isinstance(meta, dict):
        raise InputError("field 'meta' must be an object")
    doc_id = _field(row, "id", str)
    if "file" in row:
        name = _field(row, "file", str)
        try:
            text = (path.parent / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {name!r}: {exc}") from None
        return GoldDoc(doc_id, "seeds", text, _field(row, "claims", list), meta)
    if "docs" in row:  # several dated reports of one incident (gva-incidents.jsonl)
        reports = _field(row, "docs", list)
        for k, report in enumerate(reports):
            if not isinstance(report, dict):
                raise InputError(f"docs[{k}] must be an object")
            for name in ("doc_id", "text"):
                _field(report, name, str)
        return GoldDoc(doc_id, _dataset_of(doc_id), "", _field(row, "gold", dict),
                       {**meta, "docs": reports})  # fmt: skip
    text = _field(row, "text", str)
    return GoldDoc(doc_id, _dataset_of(doc_id), text, _field(row, "gold", list), meta)


def load_gold(path: str | Path) -> list[GoldDoc]:
    """Read a gold file of either format; a broken line is an error naming the line and what is
    wrong with it, and a file without any record is an error too."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read gold file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 at byte {exc.start}") from None
    docs = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            docs.append(_record(path, json.loads(line)))
        except ValueError as exc:  # not JSON
            raise InputError(f"{path}:{n}: not a gold record: {exc}") from None
        except InputError as exc:
            raise InputError(f"{path}:{n}: not a gold record: {exc}") from None
    if not docs:
        raise InputError(f"{path}: no gold records (expected one JSON object per line)")
    return docs
