"""Claim texts that name their speaker where their own words point at them.

Every sentence here is written for the test; none comes from an evaluation corpus."""

from __future__ import annotations

import pytest

from claimex import RuleExtractor
from claimex.taggers.standalone import (
    is_standalone,
    said_of_speaker,
    speaker_name,
    voiced,
    without_complementizer,
)


@pytest.mark.parametrize(
    ("text", "name", "kind", "expected"),
    [
        ("He would not resign.", "The minister", "person", "The minister would not resign."),
        ("Her plan would pass.", "the senator", "person", "The senator’s plan would pass."),
        ("Its sales rose.", "Apple", "thing", "Apple’s sales rose."),
        ("They arrested two men.", "Police", "thing", "Police arrested two men."),
        ("They arrested two men.", "officials", "many", "Officials arrested two men."),
        # the pronoun must agree with the speaker: otherwise it is someone else
        ("It would rain.", "The minister", "person", "It would rain."),
        ("He would win.", "Apple", "thing", "He would win."),
        ("The vote was close.", "The minister", "person", "The vote was close."),
        # a contraction is one word: "He’ll" is not "He" + "’ll" ("The minister’ll win.")
        ("He’ll win the vote.", "The minister", "person", "He’ll win the vote."),
        ("They're sure.", "officials", "many", "They're sure."),
    ],
)
def test_a_reported_clause_names_its_speaker_for_its_subject_pronoun(
    text: str, name: str, kind: str, expected: str
) -> None:
    assert said_of_speaker(text, name, kind) == expected


def test_a_complementizer_goes_but_a_demonstrative_stays() -> None:
    assert without_complementizer("that the vote was close.") == "The vote was close."
    assert without_complementizer("That “nothing changed.”") == "“nothing changed.”"
    assert without_complementizer("That has changed.") == "That has changed."
    assert without_complementizer("That is why it failed.") == "That is why it failed."


def test_the_name_for_a_speaker_is_short_and_not_a_pronoun() -> None:
    assert speaker_name("Tom Hill, 58, a nurse", None) == "Tom Hill"
    assert speaker_name("he", "Tom Hill") == "Tom Hill"
    assert speaker_name("he", None) is None
    assert speaker_name("who", None) is None
    assert (
        speaker_name("the head of the regional office of the national weather service", None)
        is None
    )


def test_a_first_person_quotation_is_voiced_by_its_speaker() -> None:
    assert (
        voiced("“I will run again.”", "Jane Moss") == "According to Jane Moss, “I will run again.”"
    )
    # a third person in the quotation is not the speaker: left alone
    assert voiced("“He told me so.”", "Jane Moss") == "“He told me so.”"


@pytest.mark.parametrize("profile", ["accurate", "fast"])
def test_rule_claims_name_the_speaker_their_words_point_at(profile: str) -> None:
    text = (
        "The minister said she would resign on Friday. "
        '"I will run again," said Jane Moss. '
        '"He is a liar," said Jane Moss.'
    )
    claims = RuleExtractor(profile=profile).extract(text).claims
    assert [c.text for c in claims] == [
        "The minister would resign on Friday.",
        "According to Jane Moss, “I will run again.”",
        "He is a liar.",  # a third person in a quotation: for the model to resolve, if it can
    ]
    assert [is_standalone(c.text) for c in claims] == [True, True, False]
    # the evidence keeps the words as written
    assert claims[0].evidence[0].text == "she would resign on Friday"


def test_an_infinitive_reads_with_its_speaker_and_cue() -> None:
    text = (
        "In the interview, the senator declined to say what steps she will take. "
        "Mr. Zuckerberg agreed to pick up the bill tonight."
    )
    claims = RuleExtractor(profile="accurate").extract(text).claims
    assert [c.text for c in claims] == [
        "The senator declined to say what steps she will take.",
        "Mr. Zuckerberg agreed to pick up the bill tonight.",
    ]
    assert claims[0].evidence[0].text == "to say what steps she will take"


def test_a_content_that_is_no_clause_reads_with_its_frame() -> None:
    """An object, a prepositional phrase or an infinitive says nothing alone ("The transport
    agency for the delays."): the claim reads as the source wrote it, from its speaker on, and
    the evidence stays the content."""
    text = (
        "The mayor said the bridge would reopen in May. "
        "Mayor Jane Moss also criticized the transport agency for the delays at a meeting. "
        "About 6 in 10 voters supported the proposal. "
        "Mr. Hill said he had met the minister. He also praised the minister’s reforms. "
        "Jane Moss wrote “has shown great courage in office.”"
    )
    claims = RuleExtractor(profile="accurate").extract(text).claims
    assert [c.text for c in claims] == [
        "The bridge would reopen in May.",  # a clause: the content alone
        "Mayor Jane Moss also criticized the transport agency for the delays at a meeting.",
        "About 6 in 10 voters supported the proposal.",
        "Hill had met the minister.",
        "Hill also praised the minister’s reforms.",  # the speaker "He", by its resolved name
        "Jane Moss wrote “has shown great courage in office.”",  # the quotation it opens closes
    ]
    assert [c.evidence[0].text for c in claims[1:3]] == [
        "the transport agency for the delays at a meeting",
        "the proposal",
    ]
    assert claims[4].attribution.speaker == "He"


def test_without_a_speaker_the_text_starts_at_the_cues_subject() -> None:
    """A passive cue has no source ("The bill is expected to pass"), and a relative clause's
    subject is a pronoun that stands for the noun it hangs on."""
    text = (
        "The bill is expected to pass the state senate next week. "
        "Voters backed Tom Hill, who was regarded as a lightweight in the race. "
        "Farmers who have long favored the dam said the vote was close."
    )
    claims = RuleExtractor(profile="accurate").extract(text).claims
    assert [(c.text, c.attribution.speaker, c.evidence[0].text) for c in claims] == [
        ("The bill is expected to pass the state senate next week.", None,
         "to pass the state senate next week"),
        ("Tom Hill was regarded as a lightweight in the race.", None,
         "as a lightweight in the race"),
        ("Farmers have long favored the dam.", "who", "the dam"),
        ("The vote was close.", "Farmers who have long favored the dam", "the vote was close"),
    ]  # fmt: skip


def test_a_reported_clause_with_quoted_words_loses_its_complementizer() -> None:
    text = "Jane Moss told a town hall in Salem on Monday that the plan is “dead in the water.”"
    claims = RuleExtractor(profile="accurate").extract(text).claims
    assert claims[0].attribution.quote_type.value == "mixed"
    assert claims[0].text == "The plan is “dead in the water.”"  # the quotation closed
