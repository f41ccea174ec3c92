"""Metric code on small hand-made cases with known answers, and the eval command on the seeds."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimex import (
    Alignment,
    Attribution,
    Claim,
    ExtractionResult,
    Qualifier,
    Quantity,
    QuoteType,
    Span,
    SpeakerType,
)
from claimex.cli import main
from claimex.evaluation import finalize, load_gold
from claimex.evaluation.metrics import (
    greedy_match,
    score_averitec,
    score_newsquant,
    score_polnear,
    score_rose,
    score_seeds,
    token_set,
)

from ..conftest import ROOT

TEXT = "The mayor said 3 people died. Police said the fire started at night."


def _claim(
    cid: str,
    ev: tuple[int, int],
    speaker: tuple[int, int] | None = None,
    cue: tuple[int, int] | None = None,
    quantities=(),
    text: str = "x",
) -> Claim:
    attribution = Attribution.article()
    if speaker:
        attribution = Attribution(
            speaker=TEXT[speaker[0] : speaker[1]],
            speaker_type=SpeakerType.PERSON,
            cue=TEXT[cue[0] : cue[1]] if cue else None,
            speaker_span=Span.of(TEXT, *speaker),
            cue_span=Span.of(TEXT, *cue) if cue else None,
            quote_type=QuoteType.INDIRECT,
        )
    return Claim(
        id=cid,
        text=text,
        evidence=[Span.of(TEXT, *ev)],
        alignment=Alignment.EXACT,
        attribution=attribution,
        quantities=list(quantities),
    )


def _result(*claims: Claim) -> ExtractionResult:
    return ExtractionResult(claims=list(claims))


def test_token_sets_and_one_to_one_matching() -> None:
    assert token_set(TEXT, [(4, 9)]) == {4}  # "mayor"
    assert token_set(TEXT, [(6, 20)]) == {4, 10, 15, 17}  # partial words count
    a, b = frozenset({1, 2, 3}), frozenset({2, 3, 4})
    assert greedy_match([a, a], [b], threshold=0.5) == [(0, 0)]  # one-to-one
    assert greedy_match([a], [b], threshold=0.6) == []  # jaccard 0.5 < 0.6
    assert greedy_match([a], [frozenset({1, 2})], threshold=0.9, measure="overlap") == [(0, 0)]


def test_polnear_counts() -> None:
    gold = [
        {
            "type": "Attribution",
            "source": {"offsets": [[0, 9]]},
            "cue": {"offsets": [[10, 14]]},
            "content": {"offsets": [[15, 28]]},
        },
        {
            "type": "Attribution-no-source",
            "cue": {"offsets": [[37, 41]]},
            "content": {"offsets": [[42, 68]]},
        },
    ]
    pred = _result(
        _claim("c1", (15, 28), speaker=(4, 9), cue=(10, 14)),  # "mayor" vs "The mayor": jaccard .5
        _claim("c2", (30, 68), speaker=(30, 36), cue=(37, 41)),  # a speaker gold does not have
        _claim("c3", (0, 28)),  # article voice: not an attribution prediction
    )
    c = score_polnear(TEXT, gold, pred)
    assert (c["speaker_tp"], c["speaker_pred"], c["speaker_gold"]) == (1, 2, 1)
    assert (c["cue_tp"], c["cue_pred"], c["cue_gold"]) == (2, 2, 2)
    assert (c["content_tp"], c["content_pred"], c["content_gold"]) == (2, 2, 2)
    rates = finalize("polnear", c)
    assert rates["speaker_p"] == 0.5 and rates["speaker_r"] == 1.0
    assert rates["speaker_f1"] == pytest.approx(2 / 3)


def test_newsquant_value_prf_qualifier_direction_and_unit() -> None:
    gold = [
        {"change": "~", "value": "70.0", "normalized_unit": "percentage"},
        {"change": "<", "value": "2700000.0", "normalized_unit": "dollar"},
        {"change": "up", "value": "9.4", "normalized_unit": "percentage"},
        {"change": "=", "value": "5.0", "normalized_unit": "-"},
        {"change": "=", "value": "2415-2315", "normalized_unit": "dollar"},
    ]
    qs = [
        # a direction under a hedge label is not scored: NewsQuant's one label is the hedge
        Quantity(
            text="About 70%",
            value=70,
            qualifier=Qualifier.ABOUT,
            direction="up",
            unit_normalized="percentage",
        ),
        Quantity(text="up to 2.7m", value=2.7e6, qualifier=Qualifier.EXACT),  # wrong qualifier
        Quantity(text="9.4", value=9.4, direction="up", unit_normalized="percentage"),
        # a change matches the gold range by its previous value, with a wrong direction
        Quantity(
            text="from $2,415 to $2,315",
            value=2315,
            previous=2415,
            direction="down",
            unit_normalized="dollar",
        ),
        Quantity(text="12", value=12.0, counted="people"),  # not in the gold: a false positive
        Quantity(text="2019", value=2019.0),  # a bare year the gold leaves out: not counted
    ]
    c = score_newsquant("", gold, ExtractionResult(claims=[Claim(id="c", text="t", quantities=qs)]))
    assert (c["value_found"], c["value_predicted"], c["quantities"]) == (4, 5, 5)
    assert (c["qualifier_scored"], c["qualifier_correct"]) == (4, 2)  # "=" range wants a range
    assert (c["direction_scored"], c["direction_correct"]) == (2, 1)
    assert (c["unit_scored"], c["unit_correct"]) == (4, 3)
    rates = finalize("newsquant", c)
    assert rates["value_precision"] == 0.8 and rates["value_recall"] == 0.8
    assert rates["value_f1"] == pytest.approx(0.8)
    assert rates["qualifier_accuracy"] == 0.5 and rates["direction_accuracy"] == 0.5
    assert rates["unit_accuracy"] == 0.75


def test_rose_coverage_uses_content_words() -> None:
    pred = _result(_claim("c1", (0, 28), text="The mayor said three people died."))
    gold = ["Three people died.", "The mayor resigned in protest yesterday."]
    c = score_rose(TEXT, gold, pred)
    assert (c["acus_covered"], c["acus"]) == (1, 2)


def test_rose_coverage_counts_the_claims_speaker_and_cue() -> None:
    text = "Police warned the fire would spread."
    content = Span.of(text, 14, 35)  # "the fire would spread"

    def claim(cue: str | None) -> Claim:
        attribution = Attribution(
            speaker="Police",
            speaker_type=SpeakerType.ORGANISATION,
            cue=cue,
            speaker_span=Span.of(text, 0, 6),
            cue_span=Span.of(text, 7, 13) if cue else None,
            quote_type=QuoteType.INDIRECT,
        )
        return Claim(
            id="c", text="The fire would spread.", evidence=[content], attribution=attribution
        )

    gold = ["Police warned of a blaze."]  # police, warned, blaze: two of three need the cue
    assert score_rose(text, gold, _result(claim("warned")))["acus_covered"] == 1
    assert score_rose(text, gold, _result(claim(None)))["acus_covered"] == 0


def test_averitec_central_claim_and_speaker() -> None:
    pred = _result(
        _claim("c1", (30, 68), speaker=(30, 36), cue=(37, 41), text="The fire started at night.")
    )
    gold = [{"claim": "A fire started at night.", "speaker": "Police"}]
    c = score_averitec(TEXT, gold, pred)
    assert (c["central_found"], c["speaker_agrees"]) == (1, 1)


def test_seed_scoring() -> None:
    gold = [
        {
            "evidence": [{"start": 15, "end": 28}],
            "speaker_keys": ["mayor"],
            "quantities": [{"start": 15, "end": 16, "value": 3, "qualifier": "at_least"}],
        },
        {"evidence": [{"start": 42, "end": 68}], "speaker_keys": []},
    ]
    q = Quantity(text="3", value=3, qualifier=Qualifier.EXACT, span=Span.of(TEXT, 15, 16))
    pred = _result(
        _claim("c1", (0, 29), speaker=(4, 9), cue=(10, 14), quantities=[q]),
        _claim("c2", (42, 68), speaker=(30, 36), cue=(37, 41)),  # gold says article voice
        _claim("c3", (30, 36)),  # "Police": matches nothing
    )
    c = score_seeds(TEXT, gold, pred)
    assert c == Counter(
        docs=1,
        gold_claims=2,
        pred_claims=3,
        claims_matched=2,
        speaker_correct=1,
        gold_quantities=1,
        quantities_found=1,
    )
    rates = finalize("seeds", c)
    assert rates["claim_recall"] == 1.0 and rates["claim_precision"] == pytest.approx(2 / 3)
    assert rates["qualifier_accuracy"] == 0.0 and rates["speaker_accuracy"] == 0.5


def test_seed_gold_offsets_index_the_articles() -> None:
    docs = load_gold(ROOT / "seeds" / "gold.jsonl")
    assert len(docs) == 3 and sum(len(d.gold) for d in docs) >= 60
    for doc in docs:
        for claim in doc.gold:
            for ev in claim["evidence"]:
                assert doc.text[ev["start"] : ev["end"]] == ev["text"]
            for q in claim.get("quantities", []):
                assert doc.text[q["start"] : q["end"]] == q["text"]
                assert q["qualifier"] in {x.value for x in Qualifier}


SEED_GOLD = str(ROOT / "seeds" / "gold.jsonl")


def _eval(*args: str):
    """Run ``claimex eval`` on the seed gold with extra arguments."""
    return CliRunner().invoke(main, ["eval", "--gold", SEED_GOLD, *args])


def test_eval_command_on_the_seeds_offline(tmp_path) -> None:
    out = tmp_path / "report.json"
    res = _eval(
        "--config",
        "rules",
        "--config",
        "llm:claims@v1",
        "--config",
        "llm:claims@v2",
        "--config",
        "llm:claims@v3",
        "--json-out",
        str(out),
        "--fail-under",
        "seeds.claim_recall=0.5",
    )
    assert res.exit_code in (0, 1), res.output
    report = json.loads(out.read_text())
    assert report["targets"] == ["rules", "llm:claims@v1", "llm:claims@v2", "llm:claims@v3"]
    for name in report["targets"]:
        scores = report["scores"][name]
        assert scores["run.docs"] == 3 and scores["run.failures"] == 0, name
        assert scores["run.fallbacks"] == 0 and scores["run.failed_chunks"] == 0, name
        assert 0 <= scores["seeds.claim_recall"] <= 1
    # The candidate-guided prompt keeps every rule candidate's span: it cannot lose claims.
    v3, rules = report["scores"]["llm:claims@v3"], report["scores"]["rules"]
    assert v3["seeds.claim_recall"] >= rules["seeds.claim_recall"]
    assert v3["run.completion_tokens"] < report["scores"]["llm:claims@v2"]["run.completion_tokens"]
    assert report["scores"]["llm:claims@v1"]["run.llm_calls"] >= 3
    assert "Δ llm:claims@v1" in res.stdout


def _eval_without_cassettes(tmp_path, *configs: str):
    """``claimex eval`` on the seeds against an empty cassette directory and a dead server."""
    res = _eval(
        *(arg for c in configs for arg in ("--config", c)),
        "--cassettes",
        str(tmp_path),
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--model",
        "some-model",
        "--json-out",
        str(tmp_path / "r.json"),
    )
    return res, json.loads((tmp_path / "r.json").read_text())


def test_missing_cassette_is_a_failure_not_a_network_call(tmp_path) -> None:
    res, report = _eval_without_cassettes(tmp_path, "llm:claims@v1")
    assert report["scores"]["llm:claims@v1"]["run.failures"] == 3
    assert report["details"]["llm:claims@v1"]["errors"] == {"ConfigurationError": 3}
    # every document of a configuration failed: a non-zero exit that says why
    assert res.exit_code == 1
    assert "every document failed" in res.stderr and "--record" in res.stderr


def test_a_candidate_guided_prompt_without_cassettes_keeps_the_candidates_and_says_so(
    tmp_path,
) -> None:
    """claims@v3 writes no cassette for a document it asks nothing about, so a missing one is
    not an error up front; the requests that find no recording count as failed chunks."""
    res, report = _eval_without_cassettes(tmp_path, "rules", "llm:claims@v3")
    assert res.exit_code == 0, res.output
    v3, rules = report["scores"]["llm:claims@v3"], report["scores"]["rules"]
    assert v3["run.failures"] == 0 and v3["run.failed_chunks"] >= 3 and v3["run.fallbacks"] == 3
    assert v3["seeds.claim_recall"] == rules["seeds.claim_recall"]
    assert not list(tmp_path.rglob("*.yaml"))  # replay never records


def test_llm_configuration_without_a_model_or_cassettes_is_a_configuration_error(
    tmp_path, monkeypatch
) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CLAIMEX_MODEL"):
        monkeypatch.delenv(name, raising=False)
    res = _eval("--config", "llm:claims@v1", "--cassettes", str(tmp_path))
    assert res.exit_code == 3
    assert "--base-url" in res.stderr and "Traceback" not in res.stderr


def test_seed_cassettes_name_the_model_and_server_that_recorded_them() -> None:
    from claimex.extractors.llm.cassettes import recorded_server

    assert recorded_server(ROOT / "cassettes" / "eval") == {
        "model": "qwen2.5-coder-1.5b-instruct",
        "base_url": "http://127.0.0.1:8080/v1",
    }


def test_fail_under_exits_1() -> None:
    assert _eval("--fail-under", "seeds.claim_recall=1.01").exit_code == 1


def test_dataset_filter_keeps_only_that_dataset(tmp_path) -> None:
    out = tmp_path / "r.json"
    res = _eval("--dataset", "polnear", "--json-out", str(out))
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["scores"]["rules"]["run.docs"] == 0


def test_first_n_documents_of_a_dataset_make_a_fixed_subset(tmp_path) -> None:
    out = tmp_path / "r.json"
    res = _eval("--first", "seeds=2", "--json-out", str(out))
    assert res.exit_code == 0, res.output
    report = json.loads(out.read_text())
    assert report["scores"]["rules"]["run.docs"] == 2
    first_two = [d.id for d in load_gold(Path(SEED_GOLD))[:2]]
    assert [d["doc"] for d in report["details"]["rules"]["documents"]] == first_two
    bad = _eval("--first", "seeds")
    assert bad.exit_code == 2 and "DATASET=N" in bad.output


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Coahuila Gov. Miguel Riquelme said 14 people were killed.", []),
        ("He said the gunmen fled toward the border.", ["He"]),
        ("The governor said he would send more police.", ["he"]),  # no name before "he"
        ("Governor Riquelme said he would send more police.", []),
        ("They were killed in the attack on Saturday.", ["They"]),
        ("This was the worst attack in the state this year.", ["This"]),
        ("The report says 21 people died.", ["The report"]),
        ("The town hall was attacked by gunmen.", []),  # "the town": not a pointer back
        ("It is unclear whether the toll will rise.", []),  # extraposed "it"
        ("It was the worst attack in years.", ["It"]),
        ("“I will not rest,” Riquelme said.", ["I"]),
        ("US officials said the border would stay open.", []),  # the country, not "us"
        ("The mayor told us the border would stay open.", ["us"]),
    ],
)
def test_a_claim_stands_alone_without_unresolved_pronouns_or_deictic_subjects(
    text: str, left: list[str]
) -> None:
    from claimex.evaluation.claim_quality import is_standalone, unresolved

    assert unresolved(text) == left
    assert is_standalone(text) is (not left)


def test_atomicity_counts_the_atomic_facts_each_claim_covers() -> None:
    from claimex import ExtractConfig, extract
    from claimex.evaluation.metrics import score_rose

    text = (
        "Gunmen attacked the town hall of Villa Union on Saturday, and the police killed seven "
        "of them. The governor visited the town on Sunday."
    )
    result = extract(text, config=ExtractConfig(backend="rules", rules_profile="fast"))
    facts = [
        "Gunmen attacked the town hall of Villa Union.",
        "The police killed seven gunmen.",
        "The governor visited the town on Sunday.",
    ]
    counts = score_rose(text, facts, result)
    scores = finalize("rose-acu", counts)
    assert scores["acu_coverage"] == 1.0
    assert counts["claims_with_facts"] == 2 and counts["fact_links"] == 3
    assert scores["facts_per_claim"] == 1.5 and scores["multi_fact_rate"] == 0.5
