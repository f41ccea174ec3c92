"""Attribution over the dependency parse (the accurate rule profile), one phenomenon per test.

Every sentence here is written for the test; none comes from an evaluation corpus."""

from __future__ import annotations

import pytest

from claimex import QuoteType, RuleExtractor, SpeakerType
from claimex.core.errors import ConfigurationError
from claimex.taggers.cue_lexicon import load_cue_lexicon
from claimex.taggers.parse import load_parser, parse, parser_meta
from claimex.taggers.parsed_attribution import find_parsed_frames


@pytest.fixture(scope="module")
def accurate() -> RuleExtractor:
    return RuleExtractor(profile="accurate")


def _frames(text: str) -> list[tuple[str | None, str, list[str]]]:
    doc = parse(text, [0])
    out = []
    for f in find_parsed_frames(doc):
        speaker = text[f.speaker[0] : f.speaker[1]] if f.speaker else None
        out.append((speaker, text[f.cue[0] : f.cue[1]], [text[a:b] for a, b in f.content]))
    return out


def test_the_parser_is_the_official_small_english_release() -> None:
    meta = parser_meta(load_parser())
    assert meta["version"] == "3.8.0"
    assert meta["spacy_git_version"] == "5010fcbd3"


def test_a_parser_with_other_meta_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimex.taggers import parse as parse_module

    nlp = load_parser()
    monkeypatch.setitem(nlp.meta, "spacy_git_version", "0000000")
    with pytest.raises(ConfigurationError, match="spacy_git_version"):
        parse_module._check(nlp)


def test_auxiliaries_negation_and_adverbs_belong_to_the_cue() -> None:
    frames = _frames("The senator had not previously endorsed the governor's plan to cut taxes.")
    assert frames == [
        ("The senator", "had not previously endorsed", ["the governor's plan to cut taxes"])
    ]


def test_any_inflection_of_a_lexicon_cue_is_a_cue() -> None:
    for verb in ("insists", "insisted", "is insisting"):
        frames = _frames(f"The minister {verb} that the budget will balance next year.")
        assert [(s, c) for s, c, _ in frames] == [("The minister", verb)]


def test_after_a_final_frame_the_addressee_and_adjuncts_are_not_content() -> None:
    assert _frames("Prices will rise next year, analysts warned investors.") == [
        ("analysts", "warned", ["Prices will rise next year"])
    ]
    assert _frames("Turnout was low, the mayor said on Tuesday in a statement.") == [
        ("the mayor", "said", ["Turnout was low"])
    ]


def test_a_date_hung_on_the_source_is_not_part_of_it() -> None:
    (frame,) = _frames("The bridge will reopen, according to two engineers late on Friday.")
    assert frame[:2] == ("two engineers", "according to")
    (frame,) = _frames("Officials on Monday said the plant would close.")
    assert frame[:2] == ("Officials", "said")
    # a place or an organisation after the source is part of who it is
    (frame,) = _frames("Officials in Ohio said the plant would close.")
    assert frame[:2] == ("Officials in Ohio", "said")


def test_a_participial_clause_borrows_the_subject_it_hangs_on() -> None:
    frames = _frames("The union walked out on Monday, saying the offer was far too low.")
    assert ("The union", "saying", ["the offer was far too low"]) in frames


def test_a_nominal_cue_takes_its_possessor_as_source() -> None:
    frames = _frames("Her warning that prices would rise went unheeded.")
    assert ("Her", "warning", ["that prices would rise"]) in frames


def test_a_passive_cue_without_an_agent_has_no_source(accurate: RuleExtractor) -> None:
    claims = accurate.extract("The bill is expected to pass the state senate next week.").claims
    assert len(claims) == 1
    a = claims[0].attribution
    assert (a.speaker, a.cue) == (None, "is expected")
    assert claims[0].evidence[0].text == "to pass the state senate next week"


def test_records_and_studies_are_sources() -> None:
    frames = _frames("Court records show the company paid the fine in full last year.")
    assert frames == [("Court records", "show", ["the company paid the fine in full last year"])]


def test_according_to_takes_the_clause_it_modifies(accurate: RuleExtractor) -> None:
    text = "Unemployment fell to 4 percent in March, according to the labour ministry."
    (claim,) = accurate.extract(text).claims
    a = claim.attribution
    assert (a.speaker, a.cue, a.quote_type) == (
        "the labour ministry",
        "according to",
        QuoteType.ACCORDING_TO,
    )
    assert claim.evidence[0].text == "Unemployment fell to 4 percent in March"


def test_a_cue_inside_another_content_is_nested() -> None:
    doc = parse("The mayor said officials warned that the river would flood.", [0])
    frames = find_parsed_frames(doc)
    cues = [doc.text[f.cue[0] : f.cue[1]] for f in frames]
    assert cues == ["said", "warned"]
    assert frames[1].outer == 0 and frames[0].outer is None


def test_a_nested_attribution_is_a_claim_relayed_by_the_outer_speaker() -> None:
    # No regex frame knows "alleged" or "had concluded": the parse frames the sentence.
    text = "The letter alleged that investigators had concluded the fire was started deliberately."
    claims = RuleExtractor().extract(text).claims
    assert len(claims) == 1
    a = claims[0].attribution
    assert (a.speaker, a.cue) == ("investigators", "had concluded")
    assert [v.speaker for v in a.via] == ["The letter"]
    assert claims[0].evidence[0].text == "the fire was started deliberately"


def test_casualty_idiom_is_not_an_attribution() -> None:
    assert _frames("The attack claimed the lives of nine people in the town.") == []


def test_a_frame_in_an_adjunct_leaves_the_sentence_as_the_articles_claim(
    accurate: RuleExtractor,
) -> None:
    text = (
        "The strike began on Monday, two days after union leaders signalled that talks had failed."
    )
    claims = accurate.extract(text).claims
    assert claims[0].attribution.speaker_type is SpeakerType.ARTICLE
    assert claims[0].evidence[0].text.startswith("The strike began on Monday")
    assert [(c.attribution.speaker, c.attribution.cue) for c in claims[1:]] == [
        ("union leaders", "signalled")
    ]


def test_first_person_inside_quotes_is_rarely_a_new_attribution() -> None:
    lex = load_cue_lexicon()
    assert lex.ratio("think", "V", "ccomp", "first") < lex.ratio("think", "V", "ccomp", "np")


def test_lexicon_ratios_are_probabilities_and_unknown_words_are_not_cues() -> None:
    lex = load_cue_lexicon()
    assert lex.ratio("say", "V", "ccomp") > 0.8
    assert lex.ratio("banana", "N", "none") == 0.0
    for (lemma, pos, comp, subj), (cue, total) in list(lex.subjects.items())[:500]:
        assert 0 <= cue <= total
        assert 0.0 <= lex.ratio(lemma, pos, comp, subj) <= 1.0


def test_unknown_profile_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="profile"):
        RuleExtractor(profile="quick")  # type: ignore[arg-type]


@pytest.mark.parametrize("profile", ["accurate", "fast"])
def test_profile_is_recorded_in_provenance(profile: str) -> None:
    result = RuleExtractor(profile=profile).extract("Police said three people died.")  # type: ignore[arg-type]
    assert result.provenance.profile == profile
    assert result.claims[0].attribution.speaker == "Police"


@pytest.mark.parametrize(
    ("table", "header"),
    [
        ("cue_frames.tsv", "lemma\tpos\tcomplement\tsubject\tcue\ttotal"),
        ("cue_span.tsv", "dep\tword\tincluded\ttotal"),
        ("cue_scorer.tsv", "feature\tweight"),
        ("source_span.tsv", "dep\tcomma\tpos\tposition\tincluded\ttotal"),
    ],
)
def test_shipped_tables_are_sorted_counts_without_text(table: str, header: str) -> None:
    from importlib.resources import files

    lines = files("claimex.taggers").joinpath("data", table).read_text("utf-8").splitlines()
    assert lines[0] == header
    rows = [line.split("\t") for line in lines[1:]]
    assert rows == sorted(rows, key=lambda r: r[: len(r) - (1 if table == "cue_scorer.tsv" else 2)])
    width = len(header.split("\t"))
    assert all(len(r) == width for r in rows)
    for r in rows:  # only counts and weights: no sentence of the corpus can hide in a table
        float(r[-1])
        assert all(len(cell) < 80 for cell in r)


def test_speaker_types_come_from_named_entities_and_source_words(accurate: RuleExtractor) -> None:
    text = (
        "Microsoft said its profits rose sharply.\n\n"
        "Court records show the firm paid the fine.\n\n"
        "Maria Gonzalez, a nurse, said the ward was full."
    )
    types = [c.attribution.speaker_type for c in accurate.extract(text).claims]
    assert types == [SpeakerType.ORGANISATION, SpeakerType.DOCUMENT, SpeakerType.PERSON]


def test_a_name_the_document_calls_a_person_stays_a_person(accurate: RuleExtractor) -> None:
    # the small model tags the second "Brightwater" an organisation; the document, a person
    text = "Mayor Ellen Brightwater opened the bridge. Brightwater said it cost too much."
    (claim,) = [c for c in accurate.extract(text).claims if c.attribution.speaker]
    assert (claim.attribution.speaker, claim.attribution.speaker_type) == (
        "Brightwater",
        SpeakerType.PERSON,
    )


def test_organisations_and_groups_are_not_places(accurate: RuleExtractor) -> None:
    text = "She worked at Google for a decade before moving to Nairobi."
    assert [p.text for c in accurate.extract(text).claims for p in c.places] == ["Nairobi"]


def test_a_sentence_ending_in_an_abbreviation_keeps_the_next_speaker(
    accurate: RuleExtractor,
) -> None:
    text = "The deal is under review by the SEC. The company said it would cooperate fully."
    speakers = [c.attribution.speaker for c in accurate.extract(text).claims]
    assert speakers == [None, "The company"]


def test_two_speakers_in_one_sentence_are_two_claims(accurate: RuleExtractor) -> None:
    text = "Smith said the vote was fair, and Jones argued that it had been rigged."
    got = [(c.attribution.speaker, c.attribution.cue) for c in accurate.extract(text).claims]
    assert got == [("Smith", "said"), ("Jones", "argued")]


def test_a_long_document_is_parsed_in_pieces_with_offsets_into_the_whole(
    accurate: RuleExtractor,
) -> None:
    from claimex.taggers.parse import MAX_PIECE_CHARS

    sentence = "Officials said 5 people died in the flood on Monday. "
    text = (sentence * 40 + "\n\n") * (2 * MAX_PIECE_CHARS // (len(sentence) * 40) + 1)
    claims = accurate.extract(text).claims
    assert len(claims) == text.count("Officials")
    assert {c.attribution.speaker for c in claims} == {"Officials"}
    for c in claims:
        for span in [*c.evidence, c.attribution.speaker_span, c.attribution.cue_span]:
            assert span is not None and text[span.start : span.end] == span.text


def test_a_name_before_a_colon_is_the_source_of_what_follows(accurate: RuleExtractor) -> None:
    text = "Jane Moss: The new bridge will cost twice as much as the council promised."
    (claim,) = accurate.extract(text).claims
    a = claim.attribution
    assert (a.speaker, a.cue, a.speaker_type) == ("Jane Moss", ":", SpeakerType.PERSON)
    assert (
        claim.evidence[0].text == "The new bridge will cost twice as much as the council promised"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Update: The mayor has resigned after the vote on Friday evening.",
        "At 9:30 the mayor resigned after the vote on the new budget.",
        "The mayor made one thing clear: the bridge will be built next year.",
    ],
)
def test_a_colon_after_a_label_a_time_or_a_clause_names_no_source(
    accurate: RuleExtractor, text: str
) -> None:
    assert all(c.attribution.cue != ":" for c in accurate.extract(text).claims)


def test_a_sentence_that_introduces_a_quotation_frames_it(accurate: RuleExtractor) -> None:
    text = (
        "The mayor spoke to voters in the town hall on Monday night.\n\n"
        "In a short speech, the mayor declared:\n\n"
        "“We will build the bridge next year. The money is already there.”\n\n"
        "She left soon after."
    )
    claims = accurate.extract(text).claims
    by_text = {c.text: c.attribution for c in claims}
    assert "In a short speech, the mayor declared." not in by_text  # a frame, not a claim
    for quoted in ("We will build the bridge next year.", "The money is already there."):
        a = by_text[quoted]
        assert (a.speaker, a.cue, a.quote_type) == ("the mayor", "declared", QuoteType.DIRECT)
    assert by_text["She left soon after."].speaker is None


def test_a_lead_in_with_its_own_clause_is_a_claim_of_its_own(accurate: RuleExtractor) -> None:
    text = (
        "The mayor said the bridge would open in May and added:\n\n"
        "“Nobody should worry about the cost.”"
    )
    claims = accurate.extract(text).claims
    assert claims[0].attribution.speaker == "The mayor"
    assert claims[0].evidence[0].text.startswith("the bridge would open in May")


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("She warned of a recession next year.", "warned of", "a recession next year"),
        (
            "The mayor talked about how the bridge would change the town.",
            "talked about",
            "how the bridge would change the town",
        ),
    ],
)
def test_a_preposition_in_the_cue_governs_the_content(text: str, cue: str, content: str) -> None:
    ((_, got_cue, got_content),) = _frames(text)
    assert (got_cue, got_content) == (cue, [content])


def test_an_as_clause_frames_the_clause_it_hangs_on() -> None:
    frames = _frames("The mayor, as her aides pointed out, had never lost a vote.")
    assert frames == [("her aides", "pointed out", ["The mayor", "had never lost a vote"])]


def test_a_comparison_with_as_frames_nothing_outside_it() -> None:
    frames = _frames("The bridge will cost twice as much as the council promised.")
    assert all(content != ["The bridge will cost twice as much"] for _, _, content in frames)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a clause set off by commas before the cue: annotators mostly leave it out
        ("Tom Hill, who lives near the plant, said the plan was a mistake.", "Tom Hill"),
        # after an inverted cue they mostly keep it
        (
            "“The plan was a mistake,” said Tom Hill, who lives near the plant.",
            "Tom Hill, who lives near the plant",
        ),
        # a restrictive clause says who the source is
        (
            "Farmers who live near the plant say the plan was a mistake.",
            "Farmers who live near the plant",
        ),
    ],
)
def test_a_sources_relative_clause_follows_the_derived_policy(
    accurate: RuleExtractor, text: str, speaker: str
) -> None:
    speakers = {c.attribution.speaker for c in accurate.extract(text).claims}
    assert speaker in speakers


def test_a_participle_that_names_a_topic_makes_no_claim(accurate: RuleExtractor) -> None:
    text = "“We will win this fight,” the mayor said, referring to the vote on the new bridge."
    claims = accurate.extract(text).claims
    assert [(c.text, c.attribution.speaker, c.attribution.cue) for c in claims] == [
        ("We will win this fight.", "the mayor", "said")
    ]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "The airline did not say when the flights would resume.",
            "The airline did not say when the flights would resume.",
        ),
        (
            "Reporters asked whether the mayor would resign.",
            "Reporters asked whether the mayor would resign.",
        ),
    ],
)
def test_an_embedded_question_reads_with_its_frame(
    accurate: RuleExtractor, text: str, claim: str
) -> None:
    # "When the flights would resume." states nothing; the frame is what the article reports
    assert [c.text for c in accurate.extract(text).claims] == [claim]


def test_a_conditional_inside_reported_speech_is_still_its_content(
    accurate: RuleExtractor,
) -> None:
    claims = accurate.extract("The mayor said if the vote fails, she will resign.").claims
    assert [c.text for c in claims] == ["If the vote fails, she will resign."]


def test_place_entities_are_places_but_not_inside_the_speaker(accurate: RuleExtractor) -> None:
    # "a Denver nightclub": a place without a preposition; "the Ohio governor" says whom
    text = (
        "Two people died in a shooting outside a Denver nightclub, police said.\n\n"
        "The Ohio governor said the state would send help."
    )
    places = [[p.text for p in c.places] for c in accurate.extract(text).claims]
    assert places == [["Denver"], []]


def test_a_participle_inside_a_reported_clause_is_the_outer_speaker_going_on(
    accurate: RuleExtractor,
) -> None:
    # the parser hangs "adding" on "showed"; the figures add nothing, the chancellor does
    text = (
        'Chancellor Jo Hart said the figures showed "our plan is working", adding: "We have '
        'turned a corner."'
    )
    claims = accurate.extract(text).claims
    assert [(c.attribution.speaker, c.attribution.cue) for c in claims] == [
        ("Chancellor Jo Hart", "said"),
        ("Chancellor Jo Hart", "adding"),
    ]
    # reported words with a quoted fragment are not set in quotation marks as a whole
    assert claims[0].text == 'According to Jo Hart, the figures showed "our plan is working."'


def test_a_parenthesis_closes_inside_the_speaker(accurate: RuleExtractor) -> None:
    text = "Prices rose 3%, according to the Office for National Statistics (ONS)."
    (claim,) = accurate.extract(text).claims
    assert claim.attribution.speaker == "the Office for National Statistics (ONS)"
    assert claim.attribution.speaker_type is SpeakerType.ORGANISATION


def test_a_piece_of_a_hyphenated_name_is_no_place(accurate: RuleExtractor) -> None:
    text = "Météo-France has issued a red alert for heat in twelve departments of France."
    places = {p.text for c in accurate.extract(text).claims for p in c.places}
    assert places == {"France"}
    assert all(
        p.span and p.span.start > 20 for c in accurate.extract(text).claims for p in c.places
    )


@pytest.mark.parametrize(
    "text",
    [
        "Lucy Hale, 33, was found guilty last week after a long trial.",
        "The driver was found dead in his car on Monday morning.",
    ],
)
def test_a_verdict_or_a_discovery_is_no_finding_reported(
    accurate: RuleExtractor, text: str
) -> None:
    (claim,) = accurate.extract(text).claims
    assert claim.attribution.cue is None


def test_a_study_still_finds(accurate: RuleExtractor) -> None:
    (claim,) = accurate.extract("The study found that rents had risen sharply.").claims
    assert (claim.attribution.speaker, claim.attribution.cue) == ("The study", "found")


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            'Meta said it would appeal, calling the fine "unjustified and unnecessary".',
            'Meta called the fine "unjustified and unnecessary."',
        ),
        (
            "The mayor spoke for an hour, urging residents to stay at home.",
            "The mayor urged residents to stay at home.",
        ),
        (
            "Trump attacked Clinton, accusing her of lying about her emails.",
            "Trump accused her of lying about her emails.",
        ),
    ],
)
def test_a_participle_with_an_object_reads_in_the_past_with_its_speaker(
    accurate: RuleExtractor, text: str, claim: str
) -> None:
    assert claim in [c.text for c in accurate.extract(text).claims]
