"""claims@v3's merge: rule candidates plus the model's verdicts, by fixed rules.

The verdicts here are written by hand to pin each merge rule; they are test doubles, not model
output (the recorded model's replies are in the cassettes of test_llm_seeds).
"""

from __future__ import annotations

import json

import httpx2
import openai
import pytest
from pydantic import SecretStr

from claimex import ExtractionResult, LLMConfig, LLMExtractor, RuleExtractor, load_prompt
from claimex.extractors.llm.candidate_review import CandidateReview
from claimex.extractors.llm.chunking import chunk_text
from claimex.extractors.llm.response_models import AddedOut, ReviewOut, VerdictOut

from .test_llm_faults import _completion

TEXT = (
    "Rescuers pulled 14 people from the rubble in Dunmore on Monday, the fire service said. "
    "He said they would search through the night and that two cranes would arrive from Leeds. "
    "The bridge reopened on Friday. Follow our live coverage of the storm.\n\n"
    "It cut power to 3,000 homes, the utility said in a statement on the council website. "
    "Schools in Dunmore will stay shut until Thursday."
)


@pytest.fixture(scope="module")
def candidates():
    return RuleExtractor().extract(TEXT).claims


def _review(candidates, *verdicts: VerdictOut, missed: list[AddedOut] | None = None):
    review = CandidateReview(TEXT, candidates, chunk_text(TEXT, 4000))
    review.answer(0, ReviewOut(reviews=list(verdicts), missed=missed or []))
    return review


def _by_candidate(claims, rule_id: str):
    return [c for c in claims if c.origin and c.origin.candidate == rule_id]


def _n(candidates, fragment: str) -> tuple[int, str]:
    """The number the model sees for the candidate whose text has ``fragment``, and its id."""
    review = CandidateReview(TEXT, candidates, chunk_text(TEXT, 4000))
    row = next(r for r in review.variables(0)["candidates"] if fragment in r["text"])
    rid = next(c.id for c in candidates if fragment in c.text)
    return row["n"], rid


def test_only_candidates_that_do_not_stand_alone_are_shown_numbered(candidates) -> None:
    review = CandidateReview(TEXT, candidates, chunk_text(TEXT, 4000))
    rows = review.variables(0)["candidates"]
    assert [r["text"] for r in rows] == [
        "They would search through the night and that two cranes would arrive from Leeds.",
        "Follow our live coverage of the storm.",
        "It cut power to 3,000 homes.",
    ]
    assert [r["n"] for r in rows] == [1, 2, 3]
    assert [r["resolve"] for r in rows] == [["They"], ["our"], ["It"]]
    assert [r["speaker"] for r in rows] == ["He", None, "the utility"]


def test_a_candidate_without_a_verdict_is_kept_as_the_rules_made_it(candidates) -> None:
    claims = _review(candidates).claims()
    assert [c.text for c in claims] == [c.text for c in candidates]
    assert all(c.origin and not c.origin.reviewed and c.origin.changes == [] for c in claims)
    assert [c.id for c in claims] == [f"c{i}" for i in range(1, len(claims) + 1)]


def test_a_standalone_rewrite_replaces_the_text_and_keeps_the_spans(candidates) -> None:
    n, rid = _n(candidates, "would search")
    rewrite = "Dunmore rescuers would search through the night and two cranes would arrive."
    claims = _review(candidates, VerdictOut(n=n, claims=[rewrite], speaker=None)).claims()
    (claim,) = _by_candidate(claims, rid)
    rule = next(c for c in candidates if c.id == rid)
    assert claim.text == rewrite
    assert claim.evidence == rule.evidence and claim.attribution == rule.attribution
    assert claim.origin.changes == ["text"] and claim.origin.reviewed


def test_a_rewrite_with_words_the_chunk_lacks_is_not_taken(candidates) -> None:
    n, rid = _n(candidates, "would search")
    for wrong in (
        "Engineers from Brussels certified the repaired viaduct overnight.",  # invented
        "Rescuers pulled 14 people from the rubble in Dunmore.",  # another candidate's fact
    ):
        claims = _review(candidates, VerdictOut(n=n, claims=[wrong], speaker=None)).claims()
        (claim,) = _by_candidate(claims, rid)
        assert claim.text.startswith("They would search") and claim.origin.changes == []


def test_several_facts_split_a_candidate_and_each_part_keeps_its_figure(candidates) -> None:
    n, rid = _n(candidates, "would search")
    parts = [
        "Rescuers would search Dunmore through the night.",
        "Two cranes would arrive in Dunmore from Leeds.",
    ]
    claims = _review(candidates, VerdictOut(n=n, claims=parts, speaker=None)).claims()
    split = _by_candidate(claims, rid)
    assert [c.text for c in split] == parts
    assert all(c.origin.changes == ["split"] for c in split)
    assert split[0].evidence == split[1].evidence
    # the figure goes to the part that states it; one no part repeats stays with the first
    assert split[0].quantities == [] and [q.text for q in split[1].quantities] == ["two"]
    parts[1] = "Cranes would arrive in Dunmore from Leeds."
    claims = _review(candidates, VerdictOut(n=n, claims=parts, speaker=None)).claims()
    split = _by_candidate(claims, rid)
    assert [q.text for q in split[0].quantities] == ["two"] and split[1].quantities == []


def test_drops_are_honoured_only_for_unattributed_candidates_without_figures(candidates) -> None:
    furniture, furniture_id = _n(candidates, "Follow our live coverage")
    counted, counted_id = _n(candidates, "3,000 homes")
    review = _review(
        candidates,
        VerdictOut(n=furniture, drop=True, claims=[], speaker=None),
        VerdictOut(n=counted, drop=True, claims=[], speaker=None),
    )
    claims = review.claims()
    assert _by_candidate(claims, furniture_id) == []
    assert len(_by_candidate(claims, counted_id)) == 1
    assert any(furniture_id in w and "left out" in w for w in review.warnings)
    assert any(counted_id in w and "would drop" in w for w in review.warnings)


def test_a_replacement_speaker_must_be_in_the_sentence_and_not_the_rules_own(candidates) -> None:
    n, rid = _n(candidates, "3,000 homes")
    claims = _review(candidates, VerdictOut(n=n, claims=[], speaker="the council")).claims()
    (claim,) = _by_candidate(claims, rid)
    a = claim.attribution
    assert (
        a.speaker == "the council"
        and TEXT[a.speaker_span.start : a.speaker_span.end] == "the council"
    )
    assert a.cue == "said" and claim.origin.changes == ["speaker"]
    assert claim.origin.rule_speaker == "the utility"

    # not in the sentence; the rules' own; a pronoun in the sentence
    for said in ("the mayor", "utility", "The Utility", "It"):
        claims = _review(candidates, VerdictOut(n=n, claims=[], speaker=said)).claims()
        (claim,) = _by_candidate(claims, rid)
        assert claim.attribution.speaker == "the utility" and claim.origin.changes == []


def test_no_speaker_is_given_to_a_candidate_in_the_articles_voice(candidates) -> None:
    n, rid = _n(candidates, "Follow our")
    claims = _review(candidates, VerdictOut(n=n, claims=[], speaker="the storm")).claims()
    (claim,) = _by_candidate(claims, rid)
    assert claim.attribution.speaker is None and claim.origin.changes == []


def test_a_candidate_that_stands_alone_gets_no_verdict_whatever_the_model_says(
    candidates,
) -> None:
    claims = _review(
        candidates, *(VerdictOut(n=n, drop=True, claims=["x"], speaker=None) for n in (4, 5, 6))
    ).claims()
    alone = [c for c in claims if c.text == "The bridge reopened on Friday."]
    assert len(alone) == 1 and not alone[0].origin.reviewed


def test_an_added_claim_is_grounded_and_never_repeats_a_candidate(candidates) -> None:
    schools = "Schools in Dunmore will stay shut until Thursday."
    covered = [c for c in candidates if any("Schools" in e.text for e in c.evidence)]
    kept = [c for c in candidates if c not in covered]
    review = _review(
        kept,
        missed=[
            AddedOut(
                quote=schools,
                claim="Dunmore's schools stay shut until Thursday.",
                speaker=None,
                cue=None,
            ),
            AddedOut(
                quote="The bridge reopened on Friday.",
                claim="A bridge reopened.",
                speaker=None,
                cue=None,
            ),
            AddedOut(
                quote="Ten ferries sank in the harbour.",
                claim="Ten ferries sank.",
                speaker=None,
                cue=None,
            ),
        ],
    )
    claims = review.claims()
    added = [c for c in claims if c.origin and c.origin.changes == ["added"]]
    assert len(added) == 1
    (claim,) = added
    assert claim.origin.candidate is None
    assert TEXT[claim.evidence[0].start : claim.evidence[0].end] == schools
    assert claim.attribution.speaker is None
    assert any("2 added claim(s)" in w for w in review.warnings)
    assert [c.id for c in claims] == [f"c{i}" for i in range(1, len(claims) + 1)]
    starts = [c.evidence[0].start for c in claims]
    assert starts == sorted(starts)


def test_an_added_claim_is_attributed_only_with_speaker_and_cue_in_its_sentence(candidates) -> None:
    quote = TEXT[TEXT.index("It cut") : TEXT.index(" Schools")]
    others = [c for c in candidates if "3,000" not in c.text]
    claims = _review(
        others,
        missed=[
            AddedOut(
                quote=quote,
                claim="The storm cut power to 3,000 Dunmore homes.",
                speaker="the utility",
                cue="said",
            )
        ],
    ).claims()
    (claim,) = [c for c in claims if c.origin.changes == ["added"]]
    assert (
        claim.attribution.speaker_span.text == "the utility"
        and claim.attribution.cue_span.text == "said"
    )
    assert [q.value for q in claim.quantities] == [3000]

    claims = _review(
        others, missed=[AddedOut(quote=quote, claim="x power cut", speaker="the mayor", cue="said")]
    ).claims()
    (claim,) = [c for c in claims if c.origin.changes == ["added"]]
    assert claim.attribution.speaker is None


# -- the extractor around the merge, through a mock HTTP transport --------------------------------


def _extractor(handler) -> LLMExtractor:
    config = LLMConfig(
        model="m",
        base_url="http://llm.test/v1",
        api_key=SecretStr("sk-test-0000"),
        prompt="claims@v3",
        max_transport_retries=0,
        max_chunk_chars=250,
    )
    client = openai.OpenAI(
        api_key="sk-test-0000",
        base_url="http://llm.test/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )
    return LLMExtractor(config, client=client)


def test_the_prompt_shows_each_chunks_candidates_and_the_article() -> None:
    seen: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(json.loads(request.content)["messages"][-1]["content"])
        return httpx2.Response(
            200, json=_completion('{"reviews": [], "missed": []}', tokens=(300, 40))
        )

    result = _extractor(handler).extract(TEXT)
    assert 2 <= len(seen) <= result.provenance.chunks  # chunks with nothing to rewrite: no call
    assert "ARTICLE:" in seen[0] and "CANDIDATES:" in seen[0]
    assert "[1] They would search through the night" in seen[0]
    assert "said by: He | resolve: They" in seen[0]
    assert "Rescuers pulled" not in seen[0].split("CANDIDATES:")[1]  # stands alone: not shown
    assert "[1] It cut power to 3,000 homes." in seen[-1]
    assert result.provenance.prompt == "claims@v3"
    assert result.provenance.prompt_digest == load_prompt("claims@v3").digest
    assert result.provenance.usage.completion_tokens == 40 * len(seen)


def test_a_chunk_the_model_fails_on_keeps_its_candidates_and_says_why() -> None:
    calls: list[int] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        if len(calls) == 1:
            rewrite = {
                "n": 1,
                "claims": [
                    "Rescuers would search Dunmore through the night and two cranes would "
                    "arrive from Leeds."
                ],
                "speaker": None,
            }
            return httpx2.Response(
                200,
                json=_completion(
                    json.dumps({"reviews": [rewrite], "missed": []}), tokens=(300, 40)
                ),
            )
        return httpx2.Response(500, json={"error": {"message": "boom"}})

    result = _extractor(handler).extract(TEXT)
    rules = RuleExtractor().extract(TEXT)
    assert len(result.claims) == len(rules.claims)
    assert result.claims[1].origin.changes == ["text"]
    prov = result.provenance
    assert prov.failed_chunks == prov.chunks - 1 >= 1 and prov.fallback_reason is None
    assert any("kept unreviewed" in w for w in prov.warnings)
    assert ExtractionResult.model_validate_json(result.model_dump_json()) == result


def test_when_every_chunk_fails_the_candidates_are_the_result_with_the_reason() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(500, json={"error": {"message": "boom"}})

    result = _extractor(handler).extract(TEXT)
    assert [c.text for c in result.claims] == [c.text for c in RuleExtractor().extract(TEXT).claims]
    prov = result.provenance
    assert prov.extractor == "llm" and prov.failed_chunks == prov.chunks
    assert prov.fallback_reason and "chunk 1 of" in prov.fallback_reason
    assert "sk-test" not in result.model_dump_json()


def test_a_first_person_quotation_gets_its_speakers_name() -> None:
    # the rules name the speaker of a first-person quotation, so the model is not asked
    text = '"We will rebuild every home," Mayor Ana Ruiz said on Monday. Rain fell all week.'
    candidates = RuleExtractor().extract(text).claims
    assert candidates[0].text == "According to Ana Ruiz, “We will rebuild every home.”"
    review = CandidateReview(text, candidates, chunk_text(text, 4000))
    assert review.variables(0)["candidates"] == []
    # a rewrite that resolves the third person but still speaks in the first gets the name
    text = '"The engineers came today. They told us to wait," Mayor Ana Ruiz said.'
    candidates = RuleExtractor().extract(text).claims
    review = CandidateReview(text, candidates, chunk_text(text, 4000))
    (row,) = review.variables(0)["candidates"]
    assert row["resolve"] == ["They", "us"]
    rewrite = VerdictOut(n=row["n"], claims=["The engineers told us to wait."], speaker=None)
    review.answer(0, ReviewOut(reviews=[rewrite], missed=[]))
    claim = next(c for c in review.claims() if c.origin.reviewed)
    assert claim.text == "According to Ana Ruiz, “The engineers told us to wait.”"
    assert claim.origin.changes == ["text", "voiced"]
    # A third-person pointer is not the speaker: left for the model, never guessed.
    text = '"They will rebuild every home," Mayor Ana Ruiz said on Monday.'
    candidates = RuleExtractor().extract(text).claims
    review = CandidateReview(text, candidates, chunk_text(text, 4000))
    review.answer(0, ReviewOut(reviews=[VerdictOut(n=1, claims=[], speaker=None)], missed=[]))
    assert review.claims()[0].text.startswith("They will rebuild")
