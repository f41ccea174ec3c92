"""Run extractor configurations over gold documents and compare them.

An LLM configuration replays one cassette per (model, prompt version, document) when it exists,
and records it with ``record=True`` against a live endpoint; without a cassette and without
``record`` the document is a failure, so an offline run never reaches the network by accident.
Requests are matched on method, path and JSON body, so a changed prompt never replays an old reply.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimex.compare import compare_results
from claimex.core.config import ExtractConfig, LLMConfig
from claimex.core.errors import ConfigurationError, InputError
from claimex.core.schema import ExtractionResult
from claimex.evaluation.claim_quality import is_standalone
from claimex.evaluation.compare_metrics import CompareGold, score_comparison, score_incident
from claimex.evaluation.gold import GoldDoc
from claimex.evaluation.metrics import SCORERS, finalize
from claimex.extractors.base import Extractor
from claimex.extractors.factory import make_extractor
from claimex.extractors.llm.cassettes import make_vcr
from claimex.extractors.llm.prompt_registry import load_prompt
from claimex.run.one_document import extract_one

__all__ = ["EvalReport", "Target", "evaluate", "parse_target"]


@dataclass(frozen=True)
class Target:
    """One configuration to evaluate: ``rules`` or ``llm:<prompt id@version>``."""

    name: str
    backend: str
    prompt: str | None = None
    profile: str = "accurate"


def parse_target(spec: str) -> Target:
    spec = spec.strip()
    if spec in ("rules", "rules:accurate"):
        return Target("rules", "rules")
    if spec == "rules:fast":
        return Target("rules:fast", "rules", profile="fast")
    if spec == "quantulum3":
        return Target("quantulum3", "quantulum3")
    if spec.startswith("llm:"):
        ref = load_prompt(spec[4:]).ref
        return Target(f"llm:{ref}", "llm", ref)
    raise ConfigurationError(
        f"unknown configuration {spec!r}: use 'rules', 'rules:fast', 'quantulum3' or "
        "'llm:claims@v1'"
    )


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._@-]+", "_", name).strip("_")


@dataclass
class RunStats:
    docs: int = 0
    failures: int = 0
    fallbacks: int = 0
    failed_chunks: int = 0
    claims: int = 0
    grounded: int = 0
    standalone: int = 0
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    wall_s: float = 0.0
    errors: Counter = field(default_factory=Counter)

    def add(self, r: ExtractionResult, seconds: float) -> None:
        self.docs += 1
        self.wall_s += seconds
        if r.error:
            self.failures += 1
            self.errors[r.error.kind] += 1
            return
        self.claims += len(r.claims)
        self.grounded += sum(c.grounded for c in r.claims)
        self.standalone += sum(is_standalone(c.text) for c in r.claims)
        if r.provenance:
            self.llm_calls += r.provenance.attempts
            self.prompt_tokens += r.provenance.usage.prompt_tokens
            self.completion_tokens += r.provenance.usage.completion_tokens
            self.fallbacks += r.provenance.fallback_reason is not None
            self.failed_chunks += r.provenance.failed_chunks

    def metrics(self) -> dict[str, float | None]:
        ok = self.docs - self.failures
        return {
            "docs": self.docs,
            "failures": self.failures,
            "fallbacks": self.fallbacks,
            "failed_chunks": self.failed_chunks,
            "claims_per_doc": self.claims / ok if ok else None,
            "grounding_rate": self.grounded / self.claims if self.claims else None,
            "standalone_rate": self.standalone / self.claims if self.claims else None,
            "llm_calls": self.llm_calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "completion_tokens_per_doc": self.completion_tokens / ok if ok else None,
            "wall_s": round(self.wall_s, 3),
            "wall_s_per_doc": round(self.wall_s / self.docs, 3) if self.docs else None,
        }


@dataclass
class EvalReport:
    """Per configuration: ``{"<dataset>.<metric>": value}`` plus ``run.*`` operational figures."""

    targets: list[str]
    scores: dict[str, dict[str, float | None]]
    details: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"targets": self.targets, "scores": self.scores, "details": self.details}


def _extractor_for(target: Target, llm: LLMConfig | None) -> Extractor:
    if target.backend == "quantulum3":
        from claimex.evaluation.anchors import QuantulumExtractor

        return QuantulumExtractor()
    if target.backend == "llm" and llm is None:
        raise ConfigurationError(f"{target.name} needs a model: pass --model and --base-url")
    config = ExtractConfig(
        backend="llm" if target.backend == "llm" else "rules",
        rules_profile="fast" if target.profile == "fast" else "accurate",
        llm=llm.model_copy(update={"prompt": target.prompt}) if llm else None,
    )
    return make_extractor(config)


def evaluate(
    docs: Sequence[GoldDoc],
    targets: Sequence[Target],
    *,
    llm: LLMConfig | None = None,
    cassette_dir: Callable[[GoldDoc], Path] | None = None,
    record: bool = False,
    progress: Callable[[str], None] | None = None,
    compare_gold: CompareGold | None = None,
) -> EvalReport:
    """Score every target on every document; one bad document never stops the run.

    Gold that does not follow its dataset's format raises :class:`InputError` naming the
    document: scores over broken gold would mislead.

    With ``compare_gold``, the documents it names are also compared across sources with each
    target's results and the fact groups scored (``compare.*``).
    """
    scores: dict[str, dict[str, float | None]] = {}
    details: dict[str, Any] = {}
    for target in targets:
        extractor = _extractor_for(target, llm)
        counts: dict[str, Counter] = defaultdict(Counter)
        stats = RunStats()
        per_doc: list[dict[str, Any]] = []
        results: dict[str, tuple[GoldDoc, ExtractionResult]] = {}
        recorder = make_vcr("new_episodes" if record else "none")
        for doc in docs:
            if doc.dataset == "gva":
                counts["gva"] += _run_incident(extractor, doc, stats, per_doc)
                if progress:
                    progress(f"{target.name} {doc.id}: {len(doc.meta['docs'])} reports")
                continue
            started = time.perf_counter()
            result = _run_one(extractor, target, doc, llm, cassette_dir, recorder, record)
            seconds = time.perf_counter() - started
            results[Path(doc.id).name] = (doc, result)
            stats.add(result, seconds)
            scorer = SCORERS.get(doc.dataset)
            if scorer and result.ok:
                try:
                    counts[doc.dataset] += scorer(doc.text, doc.gold, result)
                except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
                    raise InputError(
                        f"{doc.id}: its gold does not follow the {doc.dataset} format "
                        f"({type(exc).__name__}: {exc})"
                    ) from None
            counts[doc.dataset]["docs_seen"] += 1
            per_doc.append(
                {
                    "doc": doc.id,
                    "claims": len(result.claims),
                    "error": result.error.model_dump() if result.error else None,
                }
            )
            if progress:
                progress(
                    f"{target.name} {doc.id}: {len(result.claims)} claims"
                    + (f" ({result.error.kind})" if result.error else "")
                )
        flat: dict[str, float | None] = {}
        for dataset, c in sorted(counts.items()):
            for k, v in finalize(dataset, c).items():
                flat[f"{dataset}.{k}"] = v
        if compare_gold is not None:
            for k, v in _compare_scores(compare_gold, results).items():
                flat[f"compare.{k}"] = v
        for k, v in stats.metrics().items():
            flat[f"run.{k}"] = v
        scores[target.name] = flat
        details[target.name] = {
            "counts": {d: dict(c) for d, c in counts.items()},
            "errors": dict(stats.errors),
            "documents": per_doc,
            "prompt_digest": load_prompt(target.prompt).digest if target.prompt else None,
            "model": llm.model if (llm and target.backend == "llm") else None,
        }
    return EvalReport(list(scores), scores, details)


def _run_incident(
    extractor: Extractor, doc: GoldDoc, stats: RunStats, per_doc: list[dict[str, Any]]
) -> Counter:
    """Every report of a multi-report incident, compared with their dates, and scored."""
    results, texts, dates = [], {}, {}
    for report in doc.meta["docs"]:
        report_id = f"{doc.id}/{report['doc_id']}"
        started = time.perf_counter()
        result = extract_one(extractor, report_id, report["text"])
        stats.add(result, time.perf_counter() - started)
        results.append(result)
        texts[report_id] = report["text"]
        if report.get("date"):
            try:
                dates[report_id] = dt.date.fromisoformat(report["date"])
            except ValueError:
                raise InputError(
                    f"{doc.id}: report date {report['date']!r} is not YYYY-MM-DD"
                ) from None
        per_doc.append(
            {"doc": report_id, "claims": len(result.claims),
             "error": result.error.model_dump() if result.error else None}
        )  # fmt: skip
    comparison = compare_results(results, texts, dates=dates)
    try:
        return score_incident(comparison, doc.gold)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"{doc.id}: its gold does not follow the gva format ({exc})") from None


def _compare_scores(
    gold: CompareGold, results: dict[str, tuple[GoldDoc, ExtractionResult]]
) -> dict[str, float]:
    """Group the gold's documents with this target's results and score the groups."""
    chosen = [results[Path(f).stem] for f in gold.documents if Path(f).stem in results]
    if len(chosen) != len(gold.documents):
        raise ConfigurationError(f"{gold.path}: its documents are not all in the gold data")
    comparison = compare_results([r for _, r in chosen], {d.id: d.text for d, _ in chosen})
    ids = {f: d.id for f, (d, _) in zip(gold.documents, chosen, strict=True)}
    return score_comparison(comparison, gold, ids)


def _run_one(
    extractor: Extractor,
    target: Target,
    doc: GoldDoc,
    llm: LLMConfig | None,
    cassette_dir: Callable[[GoldDoc], Path] | None,
    recorder: Any,
    record: bool,
) -> ExtractionResult:
    try:
        if target.backend != "llm" or cassette_dir is None:
            return extractor.extract(doc.text, doc_id=doc.id)
        assert llm is not None and target.prompt is not None
        path = cassette_dir(doc) / _safe(llm.model) / _safe(target.prompt) / f"{_safe(doc.id)}.yaml"
        prompt = getattr(extractor, "prompt", None)
        asks_only_some = prompt is not None and prompt.needs_candidates
        if not record and not path.exists() and not asks_only_some:
            raise ConfigurationError(f"no cassette {path}; run with --record against a live model")
        # A candidate-guided prompt makes no request for a document whose candidates all stand
        # alone, so no cassette is written; one that should exist shows as failed chunks.
        path.parent.mkdir(parents=True, exist_ok=True)
        with recorder.use_cassette(str(path)):
            return extractor.extract(doc.text, doc_id=doc.id)
    except Exception as exc:  # ClaimexError, or a bug: neither may stop the evaluation
        return ExtractionResult.failed(doc.id, doc.text, exc)
