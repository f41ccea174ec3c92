"""The rule extractor and its taggers: sentences, quantities, attribution, hedges, time."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimex import Qualifier, QuoteType, RuleExtractor, SpeakerType
from claimex.extractors.rule_extractor import _past_tense, _untitled
from claimex.taggers.attribution import speaker_type
from claimex.taggers.hedges import find_hedges
from claimex.taggers.quantities import find_quantities, parse_number
from claimex.taggers.sentences import split_sentences
from claimex.taggers.timex import find_times

from ..conftest import SEEDS


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("29,414", 29414),
        ("3 1/2", 3.5),
        ("a dozen", 12),
        ("fourteen", 14),
        ("twenty-one", 21),
        ("2.7m", 2_700_000),
        ("4 billion", 4e9),
        ("two-thirds", 2 / 3),
        ("½", 0.5),
        ("one hundred and five", 105),
        ("$13.60", 13.6),
    ],
)
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "counted"),
    [
        ("At least 14 people were killed.", 14, Qualifier.AT_LEAST, "people killed"),
        ("a town of about 3000 residents", 3000, Qualifier.ABOUT, "residents"),
        ("more than a dozen guns were seized", 12, Qualifier.MORE_THAN, "guns seized"),
        ("the town is less than 50 miles from the border", 50, Qualifier.LESS_THAN, None),
        ("Nearly two-thirds of sales", 2 / 3, Qualifier.NEARLY, None),
        ("bringing the death toll to at least 21", 21, Qualifier.AT_LEAST, "death toll"),
        ("up to 300 songs", 300, Qualifier.AT_MOST, "songs"),
    ],
)
def test_quantities_with_qualifiers(text, value, qualifier, counted) -> None:
    q = find_quantities(text)[0]
    assert q.value == pytest.approx(value)
    assert q.qualifier is qualifier
    if counted:
        assert q.counted == counted
    assert text[q.span.start : q.span.end] == q.span.text


def test_ranges_percentages_money_and_dates() -> None:
    qs = find_quantities("between 10 and 20 people; 2.72% of $84 on Nov. 30, 2019")
    assert (qs[0].low, qs[0].high, qs[0].qualifier) == (10, 20, Qualifier.RANGE)
    assert qs[1].unit == "%" and qs[1].value == 2.72
    assert qs[2].unit == "USD" and qs[2].value == 84
    assert len(qs) == 3, "the day and the year of a date are not quantities"


def test_vague_quantities_keep_what_is_counted() -> None:
    q = find_quantities("an unspecified number of people were also missing")[0]
    assert q.value is None and q.qualifier is Qualifier.UNSPECIFIED
    assert q.counted.startswith("people")


def test_sentences_survive_abbreviations() -> None:
    text = (
        "Coahuila State Gov. Miguel Angel Riquelme said it happened on Nov. 30 near the U.S. "
        "border. He left.\nSecond paragraph here. Mr. Smith agreed!"
    )
    sents = [s.text for s in split_sentences(text)]
    assert sents == [
        "Coahuila State Gov. Miguel Angel Riquelme said it happened on Nov. 30 near the U.S. "
        "border.",
        "He left.",
        "Second paragraph here.",
        "Mr. Smith agreed!",
    ]


def test_hedges() -> None:
    kinds = {
        h.text.lower(): h.kind
        for h in find_hedges(
            "Reuters could not confirm it; suspected gunmen reportedly fled and may return."
        )
    }
    assert kinds == {
        "could not confirm": "negated_confirmation",
        "suspected": "epistemic",
        "reportedly": "evidential",
        "may": "modal",
    }


def test_times_resolve_against_publication_date() -> None:
    times = find_times("on Saturday, Nov. 30, 2019 and on Sunday", reference=dt.date(2019, 12, 2))
    assert [t.value for t in times] == ["2019-11-30", "2019-12-01"]


def _claims(seed_index: int):
    return RuleExtractor().extract(SEEDS[seed_index].read_text(encoding="utf-8")).claims


def test_governor_quote_with_colon_is_direct_and_attributed() -> None:
    claim = next(c for c in _claims(0) if c.text.startswith("At least 14 people were killed"))
    a = claim.attribution
    assert "Riquelme" in a.speaker and a.speaker_type is SpeakerType.PERSON
    assert a.cue == "said" and a.quote_type is QuoteType.DIRECT
    q = claim.quantities[0]
    assert (q.value, q.qualifier, q.counted) == (14, Qualifier.AT_LEAST, "people killed")


def test_multi_paragraph_quote_is_attributed_to_the_report() -> None:
    claim = next(c for c in _claims(0) if "at least 14 vehicles" in c.text)
    assert claim.attribution.speaker == "the report"
    assert claim.attribution.speaker_type is SpeakerType.DOCUMENT
    assert claim.attribution.quote_type is QuoteType.DIRECT


def test_according_to_an_outlet() -> None:
    claim = _claims(1)[0]
    assert claim.attribution.speaker == "Fox News"
    assert claim.attribution.speaker_type is SpeakerType.OUTLET
    assert claim.attribution.quote_type is QuoteType.ACCORDING_TO
    assert claim.quantities[0].value == 21 and claim.quantities[0].qualifier is Qualifier.AT_LEAST


def test_chain_statement_relayed_by_an_outlet() -> None:
    claim = next(c for c in _claims(2) if "enter state territory" in c.text)
    assert claim.attribution.speaker == "the government of Coahuila"
    assert [v.speaker for v in claim.attribution.via] == ["Fox News"]


def test_pronoun_speaker_resolves_to_the_last_named_person() -> None:
    claim = next(c for c in _claims(1) if "remain in the town" in c.text)
    assert claim.attribution.speaker == "He"
    assert claim.attribution.speaker_normalized == "Miguel Angel Riquelme"


def test_boilerplate_is_not_a_claim() -> None:
    texts = [c.text for c in _claims(1)]
    assert not any("Sign up" in t or "submitting this form" in t for t in texts)


_PROFILES = {"accurate": RuleExtractor(), "fast": RuleExtractor(profile="fast")}


@pytest.mark.parametrize("profile", sorted(_PROFILES))
@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=400))
def test_any_text_gives_valid_spans_and_the_same_output_twice(profile: str, text: str) -> None:
    if not text.strip() or "\x00" in text:
        return
    a = _PROFILES[profile].extract(text)
    b = _PROFILES[profile].extract(text)
    assert a.claims == b.claims
    for c in a.claims:
        for s in [*c.evidence, *(q.span for q in c.quantities), *(h.span for h in c.hedges)]:
            assert text[s.start : s.end] == s.text


_VOCAB = [
    "at least", "more than", "about", "nearly", "up to", "between", "and", "to", "an", "a", "for",
    "hour", "hours", "people", "killed", "21", "3,000", "3 1/2", "2.7m", "$84", "5%", "percent",
    "fourteen", "twenty-one", "a dozen", "dozens", "several", "number", "of", "Nov.", "30,",
    "2019", "in", "the", "said", ",", ".", "-", "½", "PS2.7m", "one", "no", "days", "miles",
    "an unspecified", "a few", "two-thirds", "over", "under", "some", "between 10", "and 20",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=30))
def test_windowed_quantity_scan_equals_a_full_scan(words: list[str]) -> None:
    from claimex.taggers.quantities import _QUANTITY, _matches

    text = " ".join(words)
    assert [m.span() for m in _matches(text)] == [m.span() for m in _QUANTITY.finditer(text)]


def test_a_capitalised_may_inside_a_sentence_is_not_a_modal_hedge() -> None:
    from claimex.taggers.hedges import find_hedges

    assert find_hedges("The attack happened in May 2019.") == []
    assert find_hedges("Theresa May said it.") == []
    assert [h.kind for h in find_hedges("May God help us, the toll may rise.")] == ["modal"] * 2


def test_a_quotation_before_its_own_frame_is_the_content_whatever_follows_the_cue() -> None:
    text = (
        "Melanie watched the speech at home.\n\n"
        "“I would,” Melanie said to the TV.\n\n"
        "“You winning?” she said, but Kevin was drifting off again.\n\n"
        "“We will rebuild the town,” the mayor said, adding that help was on its way."
    )
    claims = RuleExtractor().extract(text).claims
    said = {c.text: (c.attribution.speaker, c.attribution.quote_type.value) for c in claims}
    assert said["You winning?"] == ("she", "direct")
    assert said["We will rebuild the town."] == ("the mayor", "direct")
    assert not any(t.startswith(("To the TV", "But Kevin")) for t in said)


def test_coordinated_clauses_with_their_own_speakers_are_claims_without_final_punctuation() -> None:
    text = (
        "Among likely voters, 46 percent would choose Clinton and 44 percent would back Trump, "
        "while 5 percent prefer Gary Johnson and 1 percent support the Green Party’s Jill Stein."
    )
    got = {(c.attribution.speaker, c.attribution.cue) for c in RuleExtractor().extract(text).claims}
    assert got == {
        ("46 percent", "would choose"),
        ("44 percent", "would back"),
        ("5 percent", "prefer"),
        ("1 percent", "support"),
    }


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_a_sentence_may_open_with_a_speaker_noun_phrase_and_its_complement(profile: str) -> None:
    text = (
        "Residents of the town said the gunmen fled before dawn.\n\n"
        "Police in the state capital told reporters that four officers died."
    )
    claims = _PROFILES[profile].extract(text).claims
    got = [(c.attribution.speaker, c.attribution.cue) for c in claims]
    # Both profiles draw cue spans as PolNeAR's annotators do: the addressee is not part of
    # the cue.
    assert got == [("Residents of the town", "said"), ("Police in the state capital", "told")]


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_the_addressee_of_told_is_neither_cue_nor_content(profile: str) -> None:
    text = (
        "Jane Moss told the finance committee that the budget was sound.\n\n"
        "The bridge will reopen in May, the mayor told a local radio station."
    )
    claims = _PROFILES[profile].extract(text).claims
    assert [(c.text, c.attribution.speaker, c.attribution.cue) for c in claims] == [
        ("The budget was sound.", "Jane Moss", "told"),
        ("The bridge will reopen in May.", "the mayor", "told"),
    ]
    assert claims[1].evidence[0].text == "The bridge will reopen in May"


def test_before_a_reported_clause_the_addressee_and_adjuncts_are_the_frames() -> None:
    # no "that" shows where the addressee ends: the parse does
    text = "Jane Moss told the finance committee on Monday the budget was sound."
    claims = _PROFILES["accurate"].extract(text).claims
    assert [(c.evidence[0].text, c.attribution.cue) for c in claims] == [
        ("the budget was sound", "told")
    ]


def test_an_acronym_that_looks_like_an_abbreviation_ends_a_sentence() -> None:
    text = "The filing is under review by the SEC. The company said so. See Sec. 5 of the act."
    assert [s.text for s in split_sentences(text)] == [
        "The filing is under review by the SEC.",
        "The company said so.",
        "See Sec. 5 of the act.",
    ]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("The towers fell in September 2001.", ["2001-09"]),
        ("Sales slowed in March 2005 and December 2004.", ["2005-03", "2004-12"]),
        ("The plant closed in 2014.", ["2014"]),
        ("Police said on Saturday that the road was open.", ["2019-11-30"]),
        ("Officials met earlier this week.", ["2019-W48"]),
        ("Prices rose last month.", ["2019-11"]),
        ("The vote was held yesterday.", ["2019-11-30"]),
        ("Talks continue in the coming weeks.", [None]),
    ],
)
def test_times_never_invent_a_day_the_text_does_not_give(text: str, values: list) -> None:
    from claimex.taggers.timex import find_times

    found = find_times(text, reference=dt.date(2019, 12, 1))
    assert [t.value for t in found] == values


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_a_speakers_appositive_is_not_part_of_the_name_a_surname_resolves_to(
    profile: str,
) -> None:
    text = (
        "Tom Hill, a former mayor who backed the Moss campaign, said the vote was close.\n\n"
        "Moss said the count would take a week.\n\n"
        "Later, Hill said he would not run again."
    )
    claims = _PROFILES[profile].extract(text).claims
    normalized = [c.attribution.speaker_normalized for c in claims]
    assert "Moss" not in " ".join(n or "" for n in normalized[:2])
    assert normalized[2] == "Tom Hill"


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_an_infinitive_marker_is_not_part_of_a_speaker(profile: str) -> None:
    text = "In the interview, the senator declined to say what steps she will take."
    claims = _PROFILES[profile].extract(text).claims
    assert [c.attribution.speaker for c in claims] in ([None], ["the senator"])


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        # the event of the number's own clause, not of the next one
        (
            "At least 40 people have died and 68 are missing after the floods.",
            ["people died", "missing"],
        ),
        ("Nine people died and 12 were injured in the crash.", ["people died", "injured"]),
        # an active perfect counts the agents: "that had injured" is no count of the injured
        ("Two bombs that had injured a guard were found.", ["bombs", "guard injured"]),
        # only what befalls people stands alone for them
        ("Of those polled, 996 were identified as likely voters.", [None]),
    ],
)
def test_a_count_takes_the_event_of_its_own_clause(text: str, counted: list[str | None]) -> None:
    assert [q.counted for q in find_quantities(text)] == counted


@pytest.mark.parametrize(
    ("speaker", "kind"),
    [
        # the head decides, not a name in a modifier or an organisation in an appositive
        ("The company that runs the city's airport", SpeakerType.ORGANISATION),
        ("Peter Moss, 41, a bank employee from Leeds", SpeakerType.PERSON),
        ("Anna Berg of the Nordic Investment Bank", SpeakerType.PERSON),
        ("Kestrel, the Canadian mining company,", SpeakerType.ORGANISATION),
        ("Sam Ode, the group's deputy director,", SpeakerType.PERSON),
        ("the Federal Bureau of Prisons", SpeakerType.ORGANISATION),
        ("National Weather Service", SpeakerType.ORGANISATION),
        ("one research firm", SpeakerType.ORGANISATION),
        ("Dana Reyes of Fox Business", SpeakerType.PERSON),
        ("Fox News", SpeakerType.OUTLET),
        # people named by what they are
        ("One witness", SpeakerType.PERSON),
        ("analysts at the bank", SpeakerType.PERSON),
        ("Union leaders", SpeakerType.ORGANISATION),
    ],
)
def test_a_speakers_type_is_read_off_its_head(speaker: str, kind: SpeakerType) -> None:
    assert speaker_type(speaker) is kind


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_it_after_an_organisation_spoke_stands_for_it(profile: str) -> None:
    text = (
        "The airline said all flights were suspended until further notice.\n\n"
        "It said passengers would get a refund within a week."
    )
    last = _PROFILES[profile].extract(text).claims[-1].attribution
    assert (last.speaker, last.speaker_normalized) == ("It", "The airline")
    assert last.speaker_type is SpeakerType.ORGANISATION


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_it_long_after_an_organisation_spoke_stays_unresolved(profile: str) -> None:
    text = (
        "The airline said all flights were suspended until further notice.\n\n"
        "Passengers waited in the hall for many hours without any news.\n\n"
        "Some of them slept on the floor of the terminal building.\n\n"
        "It said refunds would be paid within a week."
    )
    last = _PROFILES[profile].extract(text).claims[-1].attribution
    assert last.speaker == "It" and last.speaker_normalized is None


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_a_british_title_without_a_full_stop_resolves_to_the_full_name(profile: str) -> None:
    text = (
        "Governor Eduardo Lima told reporters the damage was severe.\n\n"
        "\u201cWe are facing a war,\u201d Mr Lima said in a video.\n\n"
        "Lima said help was coming."
    )
    names = [c.attribution.speaker_normalized for c in _PROFILES[profile].extract(text).claims]
    assert names == ["Eduardo Lima"] * 3


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_a_surname_two_people_share_is_not_resolved_to_either(profile: str) -> None:
    text = (
        "Bill Hale said the plan was sound.\n\n"
        "Mary Hale, his sister, said the plan would fail.\n\n"
        "Hale said the council would vote on Monday."
    )
    last = _PROFILES[profile].extract(text).claims[-1].attribution
    assert last.speaker == "Hale" and last.speaker_normalized is None


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("Sales were $5.2bn, up from $4.9bn.", ["from $4.9bn to $5.2bn", "$4.9bn"]),
        ("The toll is 21, up from 14.", ["from 14 to 21", "14"]),
        # a time ago is no rate
        ("Profit was £410m, down from £512m a year earlier.", ["from £512m to £410m", "£512m"]),
        ("She earns £30,000 a year.", ["£30,000 per year"]),
    ],
)
def test_a_level_followed_by_the_one_it_changed_from_is_that_change(
    text: str, described: list[str]
) -> None:
    assert [q.describe() for q in find_quantities(text)] == described


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_a_lowercase_job_title_is_not_part_of_the_name(profile: str) -> None:
    text = (
        "Chief executive Sarah Kemp said the company would cut 1,200 jobs.\n\n"
        "\u201cWe had no choice,\u201d Ms Kemp said."
    )
    names = [c.attribution.speaker_normalized for c in _PROFILES[profile].extract(text).claims]
    assert names == ["Sarah Kemp", "Sarah Kemp"]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("WASHINGTON (AP) \u2014 The senator said on Tuesday that she would run.", "The senator"),
        ("RENO, Nev. (AP) \u2014 The vote was close. It ended late.", "The vote"),
        ("FAIRVIEW, W.Va. - Coal is still king in the valley.", "Coal"),
        # an acronym that opens a sentence is no dateline
        ("NATO said it would send more troops.", "NATO"),
    ],
)
def test_a_dateline_is_in_no_sentence(text: str, first: str) -> None:
    assert split_sentences(text)[0].text.startswith(first)


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_a_police_chiefs_title_is_not_part_of_the_name(profile: str) -> None:
    text = (
        "Denver Police Chief Ron Thomas said three men had been arrested.\n\n"
        "Thomas said the investigation would continue."
    )
    names = [c.attribution.speaker_normalized for c in _PROFILES[profile].extract(text).claims]
    assert names == ["Ron Thomas", "Ron Thomas"]


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("Petrol rose by 4.4p a litre.", ["up 4.4 p per litre"]),
        ("It rose 2p to 150.3p.", ["up 2 p", "150.3 p"]),
        ("Revenue was 5 p.", ["5 p"]),  # "p" apart from the number is no unit
        (
            "Inflation fell to 3.2% in the year to March, down from 3.4% in February.",
            ["from 3.4% to 3.2%", "3.4%"],
        ),
    ],
)
def test_pence_and_a_level_with_an_adjunct_before_what_it_changed_from(
    text: str, described: list[str]
) -> None:
    assert [q.describe() for q in find_quantities(text)] == described


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Chief Justice John G. Roberts Jr", "John G. Roberts Jr"),
        ("Retired Lt. Gen. Michael Flynn", "Michael Flynn"),
        ("Gov. Pat McCrory (R)", "Pat McCrory"),
        ("Secretary of State John Kerry", "John Kerry"),
        ("Director of the FBI James Comey", "Director of the FBI James Comey"),
        # a descriptor before the name; a preposition is no descriptor
        ("Privacy campaigner Max Schrems", "Max Schrems"),
        ("former first lady Laura Bush", "Laura Bush"),
        ("the government of Coahuila", "the government of Coahuila"),
    ],
)
def test_titles_and_party_tags_are_not_part_of_a_name(written: str, name: str) -> None:
    assert _untitled(written) == name


@pytest.mark.parametrize("profile", ["accurate"])  # the regex frames miss "X, Name, told"
def test_a_name_after_a_title_and_comma_is_the_name_a_pronoun_stands_for(profile: str) -> None:
    text = (
        "The minister said the plan was working.\n\n"
        "But Labour's shadow chancellor, Rachel Reeves, told the BBC that families were "
        "struggling.\n\n"
        "\u201cPrices are still rising,\u201d she said."
    )
    claims = _PROFILES[profile].extract(text).claims
    assert claims[-1].attribution.speaker_normalized == "Rachel Reeves"


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_a_group_or_an_unnamed_relative_is_no_antecedent_for_he(profile: str) -> None:
    text = (
        "Mayor Tom Hill said the bridge would open in May.\n\n"
        "Few people said they believed the date.\n\n"
        "He said the money was already spent."
    )
    claims = _PROFILES[profile].extract(text).claims
    assert claims[-1].attribution.speaker_normalized == "Tom Hill"


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_an_opening_according_to_phrase_runs_to_its_comma(profile: str) -> None:
    text = "According to a poll published last month, 36% of voters back the plan."
    (claim,) = _PROFILES[profile].extract(text).claims
    assert claim.attribution.speaker == "a poll published last month"
    assert [e.text for e in claim.evidence] == ["36% of voters back the plan"]


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_a_speaker_with_an_appositive_is_normalised_to_the_name(profile: str) -> None:
    text = "Tom Hill, 58, a nurse from Leeds, said the ward was full."
    (claim,) = _PROFILES[profile].extract(text).claims
    assert claim.attribution.speaker_normalized == "Tom Hill"


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_a_medial_frame_before_a_conjunction_reports_what_it_follows(profile: str) -> None:
    text = "Two firefighters were slightly injured, officials said, but no deaths were reported."
    (claim,) = _PROFILES[profile].extract(text).claims
    assert claim.text == "Two firefighters were slightly injured."
    assert claim.attribution.speaker == "officials"


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Temperatures have exceeded 40C this week.", ["celsius"]),
        ("It warmed by 1.5C (2.7F).", ["celsius", "fahrenheit"]),
        ("Seat 40C-1 was empty.", [None]),  # a seat number, not a temperature
    ],
)
def test_degrees_written_against_the_number(text: str, units: list[str | None]) -> None:
    assert [q.unit_normalized for q in find_quantities(text)] == units


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_an_unnamed_speaker_is_what_a_later_he_stands_for(profile: str) -> None:
    text = (
        "Det Supt Paul Hughes said the inquiry was complex.\n\n"
        "The hospital's former medical director said doctors had been ignored.\n\n"
        "\u201cWe were told to stop,\u201d he told the BBC."
    )
    claims = _PROFILES[profile].extract(text).claims
    assert claims[0].attribution.speaker_normalized == "Paul Hughes"
    director = claims[1].attribution.speaker or ""
    assert director.endswith("former medical director")  # the fast frames leave out "The …'s"
    assert claims[-1].attribution.speaker_normalized == director
    if profile == "accurate":
        assert claims[-1].text.startswith("According to the hospital's former medical director")


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_a_with_showing_frame_reports_what_it_shows(profile: str) -> None:
    text = "Sales rose, with a survey showing that demand was strong."
    claims = _PROFILES[profile].extract(text).claims
    assert [(c.attribution.speaker, c.evidence[0].text) for c in claims] == [
        ("a survey", "that demand was strong")
    ]


def test_money_claimed_is_no_claim_made() -> None:
    text = "It emerged that she claimed \u00a312,000 in expenses for a second home."
    claims = _PROFILES["accurate"].extract(text).claims
    assert all(c.attribution.cue != "claimed" for c in claims)


@pytest.mark.parametrize("profile", ["accurate"])  # the regex frames take "Ms Carter" as speaker
def test_a_pronoun_after_a_speaker_who_names_someone_else_is_left_alone(profile: str) -> None:
    # "she" is Ms Carter, not the source: the claim keeps the pronoun
    text = "A source close to Ms Carter said she felt she had been let down."
    (claim,) = _PROFILES[profile].extract(text).claims
    assert claim.text == "She felt she had been let down."
    assert claim.attribution.speaker_normalized is None


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_a_name_before_where_they_work_is_the_name(profile: str) -> None:
    text = "Joel Pollak of Breitbart said he would appeal."
    (claim,) = _PROFILES[profile].extract(text).claims
    assert claim.attribution.speaker_normalized == "Joel Pollak"
    assert claim.text == "Joel Pollak would appeal."


def test_a_full_name_the_text_gives_before_its_owner_speaks() -> None:
    text = (
        "Transport Minister Helen Carter has resigned after weeks of pressure.\n\n"
        "In a letter, Ms Carter said she had made a mistake."
    )
    claims = _PROFILES["accurate"].extract(text).claims
    assert claims[-1].attribution.speaker_normalized == "Helen Carter"


@pytest.mark.parametrize(
    ("lemma", "past"),
    [
        ("call", "called"),
        ("urge", "urged"),
        ("deny", "denied"),
        ("play", "played"),
        ("say", "said"),
        ("admit", "admitted"),
        ("stop", None),
    ],
)
def test_the_past_tense_of_a_participial_cue(lemma: str, past: str | None) -> None:
    assert _past_tense(lemma) == past


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("Mark Evans told BBC Radio 4's Today programme that it was overdue.", []),
        ("He told USA Today the plan had failed.", []),
        ("Today, the council voted to close the library.", ["Today"]),
        ("He said today that the talks were over.", ["today"]),
    ],
)
def test_today_as_a_name_is_no_time(text: str, times: list[str]) -> None:
    assert [t.text for t in find_times(text)] == times


@pytest.mark.parametrize("profile", sorted(_PROFILES))
def test_a_possessor_belongs_to_the_speaker(profile: str) -> None:
    (claim,) = (
        _PROFILES[profile]
        .extract("The hospital's medical director said the ward would reopen.")
        .claims
    )
    assert claim.attribution.speaker == "The hospital's medical director"
    assert claim.attribution.cue == "said"
