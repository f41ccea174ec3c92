"""Across sources: grouping, labels, report times, scoring against the seeds' group gold, CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimex import Document, RuleExtractor
from claimex.cli import main
from claimex.compare import Comparison, Label, compare, compare_results
from claimex.compare.facts import report_time
from claimex.compare.html import render_html
from claimex.evaluation.compare_metrics import load_compare_gold, score_comparison

from ..conftest import ROOT, SEEDS

GOLD = ROOT / "seeds" / "compare_gold.json"


@pytest.fixture(scope="module")
def seeds_comparison():
    docs = [Document(p.name, p.read_text(encoding="utf-8")) for p in SEEDS]
    return docs, compare(docs)


def _group(comparison, fact: str):
    found = [g for g in comparison.groups if g.fact == fact]
    assert len(found) == 1, [g.fact for g in comparison.groups]
    return found[0]


def test_seed_death_toll_is_a_revision_from_14_to_at_least_21(seeds_comparison) -> None:
    docs, c = seeds_comparison
    toll = _group(c, "people killed")
    assert toll.label is Label.REVISE
    assert toll.summary.endswith("→ at least 21") and "14" in toll.summary.split("→")[0]
    assert toll.sources == [d.id for d in docs]
    previous = [m for m in toll.mentions if m.role.value == "previous"]
    assert [(m.doc_id, m.value, m.cue) for m in previous] == [(docs[2].id, 14, "according to")]
    governor = next(m for m in toll.mentions if m.doc_id == docs[0].id)
    assert "Riquelme" in governor.speaker and governor.value == 14
    assert any("earlier figure" in r for r in toll.reasons)


def test_seed_other_figures(seeds_comparison) -> None:
    docs, c = seeds_comparison
    police = _group(c, "officers killed")
    assert police.label is Label.AGREE and len(police.sources) == 3
    assert {m.value for m in police.mentions} == {4}
    injured = _group(c, "officers injured")
    assert injured.label is Label.SINGLE_SOURCE and injured.sources == [docs[0].id]
    distance = _group(c, "distance from the border")
    assert distance.label is Label.REFINE and distance.sources == [docs[0].id, docs[2].id]
    assert "miles" in distance.summary and "hour" in distance.summary
    assert _group(c, "residents").label is Label.AGREE


def test_every_mention_points_at_its_words(seeds_comparison) -> None:
    docs, c = seeds_comparison
    texts = {d.id: d.text for d in docs}
    for g in c.groups:
        for m in g.mentions:
            assert m.evidence is not None
            assert texts[m.doc_id][m.evidence.start : m.evidence.end] == m.evidence.text
            if m.quantity_text:
                assert m.evidence.text == m.quantity_text


def test_grouping_is_deterministic(seeds_comparison) -> None:
    docs, c = seeds_comparison
    assert compare(docs).model_dump_json() == c.model_dump_json()
    ids = [g.id for g in c.groups]
    assert ids == [f"g{i}" for i in range(1, len(ids) + 1)]


def _labels(*texts: str, dates: dict[str, dt.date] | None = None) -> dict[str, Label]:
    c = compare([Document(f"d{i}", t) for i, t in enumerate(texts)], dates=dates)
    return {g.fact: g.label for g in c.groups if g.kind == "quantity"}


def test_labels_on_small_cases() -> None:
    assert _labels(
        "Police said 14 people were killed.", "Officials said 21 people were killed."
    ) == {"people killed": Label.CONFLICT}
    assert _labels(
        "Police said 14 people were killed.",
        "Officials said 21 people were killed.",
        dates={"d0": dt.date(2024, 5, 1), "d1": dt.date(2024, 5, 2)},
    ) == {"people killed": Label.REVISE}
    assert _labels(
        "Police seized more than a dozen guns.", "Police seized 13 guns, officials said."
    ) == {"guns seized": Label.REFINE}
    assert _labels("Four officers were injured.", "Police said four officers were injured.") == {
        "officers injured": Label.AGREE
    }
    assert _labels("Four officers were injured.") == {"officers injured": Label.SINGLE_SOURCE}


def test_documents_with_errors_are_listed_not_grouped() -> None:
    docs = [Document("ok", "At least 3 people were killed, police said."), Document("bad", "")]
    c = compare(docs)
    assert [d.doc_id for d in c.documents] == ["ok", "bad"]
    assert c.documents[1].error and c.documents[1].error.startswith("InputError")
    assert all(m.doc_id == "ok" for g in c.groups for m in g.mentions)


def test_report_time_is_the_latest_full_date_in_the_text() -> None:
    when, basis = report_time("It began Saturday, Nov. 30, 2019. The toll rose early on Dec. 1.")
    assert when == dt.date(2019, 12, 1) and "Dec. 1" in basis
    assert report_time("It began on Saturday.") == (None, None)


def test_seed_groups_score_against_the_hand_written_gold(seeds_comparison) -> None:
    docs, c = seeds_comparison
    gold = load_compare_gold(GOLD)
    assert len(gold.groups) >= 15
    scores = score_comparison(c, gold, {d.id: d.id for d in docs})
    assert scores["member_recall"] >= 0.95
    assert scores["group_precision"] >= 0.95
    assert scores["group_recall"] >= 0.85
    assert scores["label_accuracy"] >= 0.9


def test_group_gold_offsets_match_the_files() -> None:
    gold = load_compare_gold(GOLD)
    for g in gold.groups:
        assert g["label"] in {label.value for label in Label}
        for m in g["members"]:
            text = (ROOT / "seeds" / m["file"]).read_text(encoding="utf-8")
            assert text[m["start"] : m["end"]] == m["text"]


def test_group_scores_fall_when_groups_are_wrong(seeds_comparison) -> None:
    docs, c = seeds_comparison
    gold = load_compare_gold(GOLD)
    # Every mention in its own group: no pair is grouped, every multi-source label is wrong.
    split = c.model_copy(
        update={
            "groups": [
                g.model_copy(update={"id": f"{g.id}.{i}", "mentions": [m]})
                for g in c.groups
                for i, m in enumerate(g.mentions)
            ]
        }
    )
    scores = score_comparison(split, gold, {d.id: d.id for d in docs})
    assert scores["group_recall"] == 0.0 and scores["member_recall"] == 1.0


def test_html_escapes_article_text_and_marks_figures() -> None:
    hostile = (
        'At least 3 people were killed.\n\n<script>alert("x")</script> <b onmouseover=x>hi</b>'
    )
    docs = [Document("a", hostile), Document("b", "Police said 3 people were killed.")]
    results = [RuleExtractor().extract(d.text, doc_id=d.id) for d in docs]
    c = compare_results(results, {d.id: d.text for d in docs})
    page = render_html(c, results, {d.id: d.text for d in docs})
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b onmouseover" not in page
    assert "default-src 'none'" in page
    figures = [m for g in c.groups for m in g.mentions if m.quantity_text]
    marked = re.findall(r'<mark class="[^"]*\bq label-([a-z-]+)"', page)
    assert len(figures) == 2 and marked == [c.groups[0].label.value] * 2


def test_cli_compare_formats(tmp_path: Path, monkeypatch) -> None:
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CLAIMEX_BACKEND", "CLAIMEX_MODEL"):
        monkeypatch.delenv(var, raising=False)
    runner = CliRunner()
    files = list(map(str, SEEDS))
    res = runner.invoke(main, ["compare", *files])
    assert res.exit_code == 0, res.output
    assert "revise" in res.stdout and "people killed" in res.stdout
    res = runner.invoke(main, ["compare", "--format", "json", *files])
    data = json.loads(res.stdout)
    assert data["schema_version"] == "1.2" and data["groups"][0]["label"] == "revise"
    out = tmp_path / "report.html"
    res = runner.invoke(main, ["compare", "--format", "html", "-o", str(out), *files])
    assert res.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!doctype html>")
    res = runner.invoke(
        main, ["compare", "--date", f"{files[0]}=2019-11-30", "--format", "json", *files]
    )
    assert json.loads(res.stdout)["documents"][0]["report_time_basis"] == "given"
    res = runner.invoke(main, ["compare", "--date", "nonsense", *files])
    assert res.exit_code == 2 and "FILE=YYYY-MM-DD" in res.output


def test_compare_results_takes_texts_as_a_dict_or_a_list_in_result_order() -> None:
    texts = [
        "At least 14 people were killed, the governor said.",
        "The death toll rose to 21, officials said.",
    ]
    ex = RuleExtractor(profile="fast")
    results = [ex.extract(t, doc_id=f"d{i}") for i, t in enumerate(texts)]
    by_list = compare_results(results, texts)
    by_dict = compare_results(results, {"d0": texts[0], "d1": texts[1]})
    assert by_list == by_dict and by_list.groups
    with pytest.raises(ValueError, match="2 results"):
        compare_results(results, texts[:1])
    with pytest.raises(ValueError, match="no text for doc_id 'd1'"):
        compare_results(results, {"d0": texts[0]})
    with pytest.raises(TypeError, match="dict keyed by doc_id"):
        compare_results(results, "not texts")  # type: ignore[arg-type]


def _on_fast_rules(reports: list[str], *days: dt.date) -> Comparison:
    """compare() over reports (dated in order, when days are given) with the regex profile: these
    phenomena are wordings, which both profiles read alike."""
    dates = {str(i): d for i, d in enumerate(days)} or None
    return compare(reports, extractor=RuleExtractor(profile="fast"), dates=dates)


def test_a_change_within_one_quantity_is_a_revision_across_reports() -> None:
    """ "rose from 14 to 21" is one quantity with a previous value: compare reads it as the old
    figure and the new one, and labels the group a revision."""
    c = _on_fast_rules(
        [
            "At least 14 people were killed, the governor said.",
            "The death toll rose from 14 to 21 people killed, officials said on Monday.",
        ],
    )
    (group,) = [g for g in c.groups if g.kind == "quantity"]
    assert group.label is Label.REVISE
    roles = {(m.value, m.role.value) for m in group.mentions}
    assert {(14.0, "previous"), (21.0, "updated")} <= roles


def test_casualties_are_one_fact_whatever_the_report_calls_them() -> None:
    """ "a man was killed", "one person died" and "two people were killed" are all people killed;
    "3,000 residents" is not a casualty and stays apart."""
    c = _on_fast_rules(
        [
            "A man was shot and killed on Friday, police said. The town has 3,000 residents.",
            "One person died in the shooting, officials said.",
            "Two people were killed in the shooting, the sheriff said on Sunday.",
        ],
        dt.date(2016, 5, 6),
        dt.date(2016, 5, 6),
        dt.date(2016, 5, 8),
    )
    deaths = [g for g in c.groups if g.kind == "quantity" and g.fact == "people killed"]
    assert len(deaths) == 1 and len(deaths[0].mentions) == 3
    assert not any("resident" in g.fact and g in deaths for g in c.groups)


def test_the_current_death_figure_of_an_incident_is_the_latest_report() -> None:
    from claimex.evaluation.compare_metrics import current_figure, score_incident

    c = _on_fast_rules(
        [
            "A man was shot and killed on Friday, police said.",
            "Two people were killed in the shooting, the sheriff said on Sunday.",
        ],
        dt.date(2016, 5, 6),
        dt.date(2016, 5, 8),
    )
    figure, groups = current_figure(c, "killed")
    assert (figure.value, figure.doc_id, groups) == (2.0, "1", 1)
    counts = score_incident(c, {"killed_total": 2, "killed_victims": 1, "injured_total": 0})
    assert (counts["killed_right"], counts["killed_one_group"], counts["killed_found"]) == (1, 1, 1)
    assert counts["injured_incidents"] == 0


def test_a_figure_near_killed_that_counts_no_person_is_no_casualty() -> None:
    """Addresses, years and things sit in sentences about deaths; only people are casualties."""
    c = _on_fast_rules(
        [
            "A man was shot and killed on 105 Lane late Friday, police said.",
            "Two vehicles were found near where the woman was killed, the sheriff said.",
        ],
        dt.date(2016, 5, 6),
        dt.date(2016, 5, 7),
    )
    deaths = [g for g in c.groups if g.kind == "quantity" and g.fact.endswith("killed")]
    assert [g.fact for g in deaths] == ["people killed"]
    assert sorted(m.value for m in deaths[0].mentions) == [1.0, 1.0]


def test_relatives_and_other_people_killed_join_one_fact() -> None:
    c = _on_fast_rules(
        [
            "Police said two daughters were killed in the shooting on Sunday.",
            "Officials said 3 people were killed, among them a mother and her two daughters.",
            "Police said the deaths were an apparent murder-suicide.",
        ],
        dt.date(2016, 5, 6),
        dt.date(2016, 5, 7),
        dt.date(2016, 5, 8),
    )
    deaths = [g for g in c.groups if g.kind == "quantity" and g.fact.endswith("killed")]
    assert [g.fact for g in deaths] == ["people killed"]
    assert {m.value for m in deaths[0].mentions} >= {2.0, 3.0}


def test_each_figure_group_names_its_current_figure_and_why() -> None:
    c = _on_fast_rules(
        [
            "Police said 14 people were killed in the attack on Saturday.",
            "Officials said on Sunday that 21 people were killed, up from 14.",
            "Police said 14 people were killed; the toll was later revised.",
        ],
        dt.date(2019, 11, 30),
        dt.date(2019, 12, 1),
        dt.date(2019, 12, 1),
    )
    (deaths,) = [g for g in c.groups if g.kind == "quantity" and g.fact == "people killed"]
    now = deaths.current_mention
    assert now is not None and now.value == 21 and now.doc_id == "1"
    assert deaths.current_reason and "1" in deaths.current_reason
    # the same day's "14" loses: a report of that day calls 14 an earlier figure
    assert any(m.value == 14 and m.doc_id == "2" for m in deaths.mentions)
    again = type(c).model_validate_json(c.model_dump_json())
    assert [g.current for g in again.groups] == [g.current for g in c.groups]
    assert all(g.current is None for g in c.groups if g.kind == "statement")


def test_a_casualty_count_says_whether_it_includes_the_shooter() -> None:
    from claimex.compare import Scope

    c = _on_fast_rules(
        [
            "Police said three people were killed, including the gunman, on Friday.",
            "The man killed two people before turning the gun on himself, police said.",
            "Police said four people were hurt in the shooting.",
        ],
    )
    scopes = {
        m.doc_id: m.scope
        for g in c.groups
        if g.kind == "quantity"
        for m in g.mentions
        if m.value is not None
    }
    assert scopes == {"0": Scope.WITH_SHOOTER, "1": Scope.VICTIMS, "2": None}


@pytest.mark.parametrize(
    "roundup",
    [
        "In a separate shooting on Friday, three people were killed near the station.",
        "Three people were killed in an unrelated attack across town last month.",
        "Three people have been killed in shootings in the city so far this year.",
        "Since January, three people have been wounded by gunfire on the same block.",
    ],
)
def test_a_round_up_of_other_incidents_stays_out_of_the_events_figures(roundup: str) -> None:
    c = _on_fast_rules(
        [
            f"Two people were killed in a shooting at a bar on Saturday, police said. {roundup}",
            "Police said two people were killed in the shooting at the bar.",
        ],
        dt.date(2016, 5, 6),
        dt.date(2016, 5, 7),
    )
    assert [m.value for m in _group(c, "people killed").mentions] == [2.0, 2.0]
    elsewhere = [g for g in c.groups if g.fact.endswith("in other incidents")]
    assert [m.value for g in elsewhere for m in g.mentions] == [3.0]
    (warning,) = c.documents[0].warnings
    assert "other incidents" in warning and "'three'" in warning.lower()
    assert c.documents[1].warnings == []
    documents = render_html(c, [], {}).split('id="documents"')[1].split("</table>")[0]
    assert documents.count("as about other incidents") == 1


def test_another_victim_of_the_same_shooting_is_no_round_up() -> None:
    c = _on_fast_rules(
        [
            "Two people were killed in the shooting, police said. Another shooting victim, a man, "
            "was wounded."
        ]
    )
    assert not any(g.fact.endswith("in other incidents") for g in c.groups)
    assert c.documents[0].warnings == []


def test_comparisons_of_the_previous_schema_read_unchanged() -> None:
    old = {
        "schema_version": "1.1",
        "documents": [{"doc_id": "a", "claims": 1}],
        "groups": [],
    }
    c = Comparison.model_validate(old)
    assert c.documents[0].warnings == [] and c.schema_version == "1.1"


def test_coordinated_parts_add_up_to_the_total() -> None:
    c = _on_fast_rules(
        [
            "Three children and two adults were found dead on Sunday, police said.",
            "Police said five people were killed in the house.",
        ],
        dt.date(2016, 5, 6),
        dt.date(2016, 5, 7),
    )
    deaths = _group(c, "people killed")
    assert deaths.label is Label.AGREE
    roles = sorted((m.quantity_text, m.value, m.role.value) for m in deaths.mentions)
    assert roles == [
        ("Three", 3.0, "part"),
        ("Three children and two adults", 5.0, "current"),
        ("five", 5.0, "current"),
        ("two", 2.0, "part"),
    ]


def test_a_part_after_including_is_no_competing_total() -> None:
    c = _on_fast_rules(
        [
            "Four people were killed, including two children, police said.",
            "Police said four people died in the house.",
        ],
        dt.date(2016, 5, 6),
        dt.date(2016, 5, 6),
    )
    deaths = _group(c, "people killed")
    assert deaths.label is Label.AGREE and deaths.current_mention.value == 4.0
    assert [m.role.value for m in deaths.mentions if m.value == 2.0] == ["part"]


def test_including_without_a_total_of_the_same_fact_is_the_total() -> None:
    c = _on_fast_rules(
        ["Five people were injured in the crash, including two officers, police said."]
    )
    officers = [g for g in c.groups if g.fact == "officers injured"]
    assert [(m.value, m.role.value) for g in officers for m in g.mentions] == [(2.0, "current")]
