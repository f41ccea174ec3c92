"""Quantities as news writes them: one test per phenomenon, each on sentences written for it.

Ranges against changes, vague magnitudes, prefixes, units written against the number, signs,
restatements, and the numbers that are not quantities (ordinals, names, scores, clock times,
years). ``describe`` is how people read them.
"""

from __future__ import annotations

import pytest

from claimex import Qualifier, Quantity
from claimex.taggers.quantities import find_quantities


def _one(text: str) -> Quantity:
    (q,) = find_quantities(text)
    return q


def test_a_range_is_a_range_with_units_on_both_ends() -> None:
    q = _one("Prices are expected to climb by between 3% and 3.5% next year.")
    assert (q.low, q.high, q.qualifier, q.unit) == (3.0, 3.5, Qualifier.RANGE, "%")
    q = _one("The ferry crossing takes 3-4 hours in winter.")
    assert (q.low, q.high, q.unit_normalized) == (3.0, 4.0, "hour")
    q = _one("Tickets cost from $20 to $35 at the door.")
    assert (q.low, q.high, q.previous, q.direction) == (20.0, 35.0, None, None)


def test_a_change_from_one_value_to_another_keeps_both() -> None:
    q = _one("The council increased the fee from £6 to £10 last spring.")
    assert (q.value, q.previous, q.direction, q.unit) == (10.0, 6.0, "up", "GBP")
    q = _one("Payrolls were revised down from 157,000 to 133,000.")
    assert (q.value, q.previous, q.direction) == (133000.0, 157000.0, "down")
    assert q.describe() == "from 157,000 to 133,000"


def test_a_change_whose_levels_stand_apart_gives_the_new_level_its_old_one() -> None:
    old, new = find_quantities("The shares fell from $40 on Monday to $35 by Friday.")
    assert (old.value, old.previous, old.direction) == (40.0, None, None)
    assert (new.value, new.previous, new.direction, new.unit) == (35.0, 40.0, "down", "USD")
    old, new = find_quantities("Output rose from 120 tonnes in 2019 to 150 tonnes in 2021.")
    assert (new.value, new.previous, new.direction) == (150.0, 120.0, "up")
    # no change word before "from": two figures, no change between them
    old, new = find_quantities("The bus runs from 7 in the morning to 11 at night.")
    assert (new.previous, new.direction) == (None, None)


def test_a_year_before_to_is_a_time_and_the_figure_after_it_a_quantity() -> None:
    (q,) = find_quantities("Sales climbed in 2019 to 4,500 cars.")
    assert (q.value, q.counted) == (4500.0, "cars")
    assert find_quantities("Costs in 2019 to 2021 were flat.") == []


def test_a_change_stated_as_a_range_is_one_range_with_its_direction() -> None:
    (q,) = find_quantities("Average temperatures dropped by 1 to 1.5 degrees over the century.")
    assert (q.low, q.high, q.qualifier, q.direction) == (1.0, 1.5, Qualifier.RANGE, "down")
    (q,) = find_quantities("The queue grew 3 to 5 miles overnight.")
    assert (q.low, q.high, q.unit_normalized, q.direction) == (3.0, 5.0, "mile", "up")


def test_a_change_by_an_amount_to_a_level_is_two_quantities() -> None:
    change, level = find_quantities("Exports fell 7% to $2.3 billion in March.")
    assert (change.value, change.direction, change.unit) == (7.0, "down", "%")
    assert (level.value, level.direction, level.unit) == (2.3e9, None, "USD")
    change, level = find_quantities("The shortfall widened by $4 billion to $12 billion.")
    assert (change.value, level.value) == (4e9, 12e9)


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Output shrank, a 0.3% decline on the quarter.", "down"),
        ("Shares were up 5% by midday.", "up"),
        ("Sales jumped 12% in the year to June.", "up"),
        ("The index slid 1.4% on Friday.", "down"),
        ("Unemployment stood at 4.2% in May.", None),
        ("Inflation is now 3%, up from 2.5%.", None),  # 2.5% is the old level
        ("The bakery plans to grow its sales by 15% next year.", "up"),  # verb, object, "by"
        ("The chain will cut its costs by 8%, it said.", "down"),
        ("The museum added a wing visited by 300 people a day.", None),  # an agent, no change
    ],
)
def test_the_direction_of_a_change(text: str, direction: str | None) -> None:
    assert find_quantities(text)[-1].direction == direction


def test_signed_figures_and_restatements_carry_their_direction() -> None:
    ftse, dax = find_quantities("Markets: FTSE -0.6%, DAX +1.1%.")
    assert (ftse.value, ftse.direction, dax.value, dax.direction) == (-0.6, "down", 1.1, "up")
    points, share = find_quantities("The index lost 190 points, or 0.6%, by the close.")
    assert (points.direction, share.direction) == ("down", "down")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Hundreds of miles of road were flooded.", 100, 1_000),
        ("Thousands of people marched on Sunday.", 1_000, 10_000),
        ("Dozens of homes were damaged.", 12, 120),
        ("The repairs will cost tens of thousands of dollars.", 10_000, 100_000),
    ],
)
def test_vague_magnitudes_are_ranges_of_unspecified_size(text: str, low: int, high: int) -> None:
    q = _one(text)
    assert (q.low, q.high, q.qualifier) == (low, high, Qualifier.UNSPECIFIED)


def test_prefixes_bound_a_figure() -> None:
    q = _one("The plan covers sub-500 sq m shops.")
    assert (q.value, q.qualifier, q.unit_normalized) == (500.0, Qualifier.LESS_THAN, "square metre")


@pytest.mark.parametrize(
    "text",
    [
        "The club led in a third quarter marked by turnovers.",
        "She is one of the biggest investors in the region.",
        "The firm booked one-off gains on the sale.",
        "They will restate 2000 and 2003 results.",
        "Between 2014 and 2017 the plant was idle.",
        "The S&P 500 and the FTSE 100 opened lower.",
        "The home side won 2-1 after extra time.",
        "The meeting started at 9:35 PM.",
        "He spoke to the TA-35 committee.",
        "The fans waited in Section 427 for hours.",
    ],
)
def test_numbers_that_are_not_quantities(text: str) -> None:
    assert [q.text for q in find_quantities(text)] == []


@pytest.mark.parametrize(
    ("text", "value", "unit_normalized"),
    [
        ("The phone ships with 256GB of storage.", 256, "gigabyte"),
        ("Gusts reached 50mph overnight.", 50, "mile per hour"),
        ("A 10kW array was fitted.", 10, "kilowatt"),
        ("Gilts yield 1.38pc.", 1.38, "percentage"),
        ("The cars reach 80km/h.", 80, "kilometre per hour"),
        ("The reactor produces 550 megawatts.", 550, "megawatt"),
        ("The suspect, a 25-year-old man, was held.", 25, "year of age"),
        ("The 18 year-old winger scored twice.", 18, "year of age"),
        ("The fund raised US$5 million.", 5e6, "dollar"),
        ("Oil traded at $45 a barrel.", 45, "dollar per barrel"),
        ("The rig pumps 52,000 barrels per day.", 52_000, "barrel per day"),
        ("HK$5 billion was raised.", 5e9, "hong kong dollar"),
        ("The driver, Jane Roe, 58, was unhurt.", 58, "year of age"),
        ("Shares closed at Y=5,182 in Tokyo.", 5182, "japanese yen"),  # "¥" folded to ASCII
        ("The fare is PS6 one way.", 6, "pound sterling"),  # "£" folded to ASCII
    ],
)
def test_units_and_their_names(text: str, value: float, unit_normalized: str) -> None:
    q = find_quantities(text)[0]
    assert (q.value, q.unit_normalized) == (value, unit_normalized)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Revenue reached $3.36bn.", 3.36e9),
        ("The club paid £6m for him.", 6e6),
        ("About 1.1m homes lost power.", 1.1e6),
        ("There were 4 hundred million users.", 4e8),
        ("The rate fell to .25 per cent.", 0.25),
    ],
)
def test_money_and_scale_words(text: str, value: float) -> None:
    assert find_quantities(text)[0].value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("The company earned $1.13bn.", "$1.13bn"),
        ("At least 21 people were killed.", "at least 21 people killed"),
        ("Prices rose by between 3% and 3.5%.", "3–3.5%"),
        ("Output shrank, a 0.3% decline.", "down 0.3%"),
        ("Thousands of people marched.", "thousands of people marched"),
        ("The population is about 29414 people.", "about 29,414 people"),
    ],
)
def test_describe_reads_like_the_news(text: str, described: str) -> None:
    assert find_quantities(text)[0].describe() == described


def test_the_unit_table_is_what_its_derivation_script_writes() -> None:
    """``scripts/derive_units.py --check`` regenerates the shipped table from quantulum3."""
    import subprocess
    import sys

    from ..conftest import ROOT

    script = ROOT / "scripts" / "derive_units.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("A man was shot and killed outside the bar on Friday.", "man killed"),
        ("A 17-year-old girl was fatally shot in her home.", "girl killed"),
        ("A bystander was wounded by a stray bullet.", "bystander injured"),
        ("One woman later died at the hospital.", None),  # "one" is a number: counted by the tagger
        ("Jane Roe, 58, was shot and killed in her driveway.", "person killed"),
        ("The victim was pronounced dead at the scene.", "victim killed"),
        ("Deputies shot and killed a 40-year-old driver at the stop.", "driver killed"),
    ],
)
def test_one_casualty_written_in_words_is_a_count_of_one(text: str, counted: str | None) -> None:
    casualties = [q for q in find_quantities(text) if q.unit != "years old"]
    assert [q.value for q in casualties] == [1.0]
    if counted:
        assert casualties[0].counted == counted


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Police said the deaths were an apparent murder-suicide.", 2.0),
        ("Deputies are investigating a double murder-suicide at a home on Elm Street.", 3.0),
        ("The shooting was a murder suicide, investigators said on Monday.", 2.0),
    ],
)
def test_a_murder_suicide_counts_its_dead_with_the_shooter(text: str, dead: float) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.qualifier, q.counted) == (dead, Qualifier.EXACT, "people killed")


def test_murder_suicides_in_general_are_no_count() -> None:
    assert find_quantities("Murder-suicides are rare in the county, the sheriff said.") == []


def test_a_plain_was_shot_is_neither_a_death_nor_an_injury() -> None:
    assert find_quantities("A teenager was shot on Main Street.") == []
    assert find_quantities("The gunman shot at the officers, who returned fire.") == []


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        # hurt
        ("A teenager was shot in the leg on Main Street.", "teenager injured"),
        ("The 52-year-old mother was shot in the back, police said.", "mother injured"),
        ("Officers found a man with a gunshot wound to his leg.", "man injured"),
        ("A 4-year-old boy suffered a gunshot wound to the chest.", "boy injured"),
        ("The driver is in critical condition at the county hospital.", "driver injured"),
        ("A girl was hospitalized after the shooting.", "girl injured"),
        ("Someone opened fire on the car, wounding the baby.", "baby injured"),
        ("She was shot in the leg and taken to a hospital.", "person injured"),
        # dead
        ("A man was shot in the head and killed outside the store.", "man killed"),
        ("A 57-year-old man was found shot to death on Saturday.", "man killed"),
        ("A teen dies after a shooting at a laundromat.", "teen killed"),
        ("The 2-year-old boy has died, police said.", "boy killed"),
        ("He was taken to a hospital, where he was later pronounced dead.", "person killed"),
        ("Police are investigating the fatal shooting of a 15-year-old girl.", "girl killed"),
        ("Jane Roe, 58, was shot to death in her driveway.", "person killed"),
    ],
)
def test_one_person_hurt_or_killed_in_words_is_a_count_of_one(text: str, counted: str) -> None:
    counts = [q for q in find_quantities(text) if q.unit != "years old"]
    assert [(q.value, q.counted) for q in counts] == [(1.0, counted)]


def test_another_person_hurt_is_not_counted_on_its_own() -> None:
    # "another" adds to a count said elsewhere; it is no determiner of a count of one
    assert find_quantities("Another man was found with a gunshot wound to the arm.") == []


def test_every_casualty_pattern_reads_a_text_that_holds_several() -> None:
    text = (
        "She was shot in the leg and taken to a hospital. Police are investigating the fatal "
        "shooting of a 15-year-old girl nearby."
    )
    found = [(q.value, q.counted) for q in find_quantities(text) if q.unit != "years old"]
    assert found == [(1.0, "person injured"), (1.0, "girl killed")]


def test_ages_addresses_and_clock_times_are_not_counts() -> None:
    (age,) = find_quantities("A 19-year-old woman was arrested.")
    assert (age.value, age.unit, age.counted) == (19.0, "years old", None)
    assert find_quantities("Police were called to the 100 block of Elm Street.") == []
    assert find_quantities("The shots were fired at 10 p.m") == []


@pytest.mark.parametrize("phone", ["713-222-8477", "(555) 010-4477", "1-800-555-0199"])
def test_telephone_numbers_are_not_quantities(phone: str) -> None:
    text = f"Two people were killed. Anyone with information should call {phone}, police said."
    assert [q.value for q in find_quantities(text)] == [2.0]


def test_a_one_casualty_phrase_starts_at_its_own_determiner() -> None:
    (q,) = find_quantities("It was the third time the boy got shot in the chest.")
    assert (q.text, q.value, q.counted) == ("the boy", 1.0, "boy injured")
