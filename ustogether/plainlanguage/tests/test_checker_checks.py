"""Words to avoid, long sentences, acronyms, passive voice, Easy Read and the report."""

from __future__ import annotations

import json

from ustogether.plainlanguage.checker import (
    KNOWN_ACRONYMS,
    FindingKind,
    Report,
    check,
    count_ideas,
    report_to_dict,
)


def kinds(report: Report, kind: FindingKind) -> list[str]:
    return [f.text for f in report.findings if f.kind is kind]


def avoided(text: str) -> list[str]:
    return kinds(check(text), FindingKind.WORDS_TO_AVOID)


def words(n: int) -> str:
    """A plain sentence of exactly n words."""
    return " ".join(["We"] + ["met"] * (n - 2) + ["today."])


# --- words to avoid ---------------------------------------------------------------


def test_words_to_avoid_are_found_with_advice() -> None:
    report = check("We will facilitate a robust plan and utilise the money.")
    found = [f for f in report.findings if f.kind is FindingKind.WORDS_TO_AVOID]
    assert [f.text for f in found] == ["facilitate", "robust", "utilise"]
    assert found[0].message.startswith("Try not to use ‘facilitate’.")
    assert found[2].suggestion == "use"


def test_multi_word_phrases_to_avoid() -> None:
    assert avoided("In order to help, going forward we will meet.") == [
        "In order to",
        "going forward",
    ]


def test_agenda_is_fine_for_a_meeting() -> None:
    assert avoided("The agenda for the meeting is attached.") == []
    assert avoided("This fits our agenda for change.") == ["agenda"]


def test_foster_is_fine_for_children() -> None:
    assert avoided("We want to foster good links with schools.") == ["foster"]
    assert avoided("Foster carers look after children.") == []


def test_key_is_fine_when_it_unlocks_something() -> None:
    assert avoided("These are the key issues.") == ["key"]
    assert avoided("Money is key.") == ["key"]
    assert avoided("I lost the key to the door.") == []
    assert avoided("Leave the front key with Sam.") == []


def test_impact_is_only_flagged_as_a_verb() -> None:
    assert avoided("The cuts will impact families.") == ["impact"]
    assert avoided("The cuts impacted families.") == ["impacted"]
    assert avoided("The cuts had a big impact.") == []


def test_a_jargon_term_wins_over_a_word_to_avoid_inside_it() -> None:
    report = check("We ran a focus group and an equality impact assessment.")
    assert kinds(report, FindingKind.WORDS_TO_AVOID) == []
    assert kinds(report, FindingKind.JARGON) == ["focus group", "equality impact assessment"]


# --- long sentences ------------------------------------------------------------


def test_long_sentence_thresholds_are_exact() -> None:
    for count, expected in ((25, None), (26, "amber"), (35, "amber"), (36, "red")):
        text = words(count)
        report = check(text)
        assert report.words == count
        found = [f for f in report.findings if f.kind is FindingKind.LONG_SENTENCE]
        if expected is None:
            assert found == []
        else:
            (finding,) = found
            assert finding.severity == expected
            assert (finding.start, finding.end) == (0, len(text))
            assert str(count) in finding.message


def test_long_sentences_are_found_among_others() -> None:
    text = "Short one. " + words(30) + " Another short one."
    (finding,) = [f for f in check(text).findings if f.kind is FindingKind.LONG_SENTENCE]
    assert finding.text == words(30)


def test_headings_are_never_long_sentences() -> None:
    report = check("Our plan\n\n" + words(10))
    assert kinds(report, FindingKind.LONG_SENTENCE) == []
    assert report.sentences == 1


# --- acronyms -------------------------------------------------------------------


def test_undefined_acronyms_are_flagged() -> None:
    report = check("The LGA and the ADASS wrote to us.")
    assert kinds(report, FindingKind.UNDEFINED_ACRONYM) == ["LGA", "ADASS"]
    finding = report.by_kind("undefined_acronym")[0]
    assert "LGA" in finding.message and "brackets" in finding.message


def test_known_acronyms_are_not_flagged() -> None:
    assert {"NHS", "GP", "UK"} <= KNOWN_ACRONYMS
    assert (
        kinds(check("See your GP or call the NHS in the UK."), FindingKind.UNDEFINED_ACRONYM) == []
    )


def test_an_acronym_explained_either_way_is_not_flagged_from_then_on() -> None:
    text = "The Local Government Association (LGA) met. The LGA agreed."
    assert kinds(check(text), FindingKind.UNDEFINED_ACRONYM) == []
    text = "The LGA (Local Government Association) met. The LGA agreed."
    assert kinds(check(text), FindingKind.UNDEFINED_ACRONYM) == []
    text = "The LGA met. The Local Government Association (LGA) agreed. The LGA wrote."
    assert kinds(check(text), FindingKind.UNDEFINED_ACRONYM) == ["LGA"]


def test_glossary_acronyms_are_jargon_not_undefined() -> None:
    report = check("The CCG met.")
    assert kinds(report, FindingKind.JARGON) == ["CCG"]
    assert kinds(report, FindingKind.UNDEFINED_ACRONYM) == []


def test_lines_in_capitals_and_roman_numerals_are_not_acronyms() -> None:
    report = check("PLEASE READ THIS NOW\n\nSee part II and part IV.")
    assert kinds(report, FindingKind.UNDEFINED_ACRONYM) == []


# --- names of plans, schemes and bodies -----------------------------------------


def names(text: str) -> list[str]:
    return kinds(check(text), FindingKind.UNEXPLAINED_NAME)


def test_names_of_plans_and_bodies_are_flagged_until_explained() -> None:
    assert names("The Long Term Plan committed to it.") == ["Long Term Plan"]
    assert names("Our Care and Support Division runs 300 services.") == [
        "Care and Support Division"
    ]
    text = (
        "Apply for a Healthy Homes Grant (money to make your home warmer). "
        "The Healthy Homes Grant is open now."
    )
    assert names(text) == []


def test_names_of_teams_groups_lounges_and_allowances_are_flagged() -> None:
    assert names("Wait in the Sunflower Lounge.") == ["Sunflower Lounge"]
    assert names("It is paid from the Carer Support Allowance.") == ["Carer Support Allowance"]
    assert names("The Hospital Transport Contract ends in May.") == ["Hospital Transport Contract"]
    assert names("The Bluebell Home Visiting Team will call.") == ["Bluebell Home Visiting Team"]
    # But not a verb that starts the sentence.
    assert names("Read the Long Term Plan.") == ["Long Term Plan"]
    # A short name ending in a weak word is often one people know.
    assert names("Come to the Youth Group on Friday.") == []
    assert names("The Leisure Centre is open.") == []


def test_a_name_with_a_possessive_is_flagged_without_it() -> None:
    assert names("It follows the Long Term Plan's vision.") == ["Long Term Plan"]


def test_an_unknown_short_form_with_a_possessive_is_flagged() -> None:
    report = check("The XYZQ's plan is late.")
    assert kinds(report, FindingKind.UNDEFINED_ACRONYM) == ["XYZQ"]


def test_plain_capitals_are_not_names() -> None:
    # Sentence starters, one-word names, headings and short service names.
    assert names("Our Plan is good. Plan ahead.") == []
    assert names("The Carers Service can help you.") == []
    assert names("Sam Patel will chair the meeting in Leeds on Monday.") == []
    assert names("Your Project Plan\n\nWe wrote it together.") == []


def test_a_name_the_glossary_knows_is_jargon_not_a_name() -> None:
    report = check("The Board Assurance Framework was updated.")
    assert kinds(report, FindingKind.UNEXPLAINED_NAME) == []
    assert kinds(report, FindingKind.JARGON) == ["Board Assurance Framework"]


# --- passive voice ----------------------------------------------------------------


def test_passive_voice_is_found() -> None:
    report = check(
        "It was decided that the forms were not sent. The money has been spent. Nothing is being done."
    )
    assert kinds(report, FindingKind.PASSIVE_VOICE) == [
        "was decided",
        "were not sent",
        "been spent",
        "is being done",
    ]
    assert all(f.severity == "info" for f in report.by_kind(FindingKind.PASSIVE_VOICE))


def test_active_sentences_and_adjectives_are_not_passive() -> None:
    text = "We decided to meet. She is worried about money. He is disabled. They are interested. It is red."
    assert kinds(check(text), FindingKind.PASSIVE_VOICE) == []


# --- Easy Read ---------------------------------------------------------------------


def test_easy_read_flags_sentences_over_15_words() -> None:
    for count, flagged in ((15, False), (16, True), (25, True)):
        report = check(words(count), easy_read=True)
        easy = report.by_kind(FindingKind.EASY_READ)
        assert bool(easy) is flagged, count
        assert report.by_kind(FindingKind.LONG_SENTENCE) == []
    # Over 25 words it is a long sentence, not also an Easy Read one.
    report = check(words(26), easy_read=True)
    assert report.by_kind(FindingKind.EASY_READ) == []
    assert len(report.by_kind(FindingKind.LONG_SENTENCE)) == 1


def test_easy_read_is_off_by_default() -> None:
    assert check(words(20)).by_kind(FindingKind.EASY_READ) == []


def test_more_than_one_idea() -> None:
    assert count_ideas("We will meet on Monday.") == 1
    assert count_ideas("We will meet on Monday and talk about money.") == 1
    assert count_ideas("We will meet on Monday and we will talk about money.") == 2
    assert count_ideas("The room is big, but it is cold.") == 2
    assert count_ideas("The bus, which was late, came at 4pm.") == 2
    report = check("The room is big, but it is cold.", easy_read=True)
    (finding,) = report.by_kind(FindingKind.EASY_READ)
    assert "more than one idea" in finding.message


def test_easy_read_flags_every_acronym() -> None:
    report = check("Call the NHS. The LGA met.", easy_read=True)
    assert kinds(report, FindingKind.EASY_READ) == ["NHS"]
    assert kinds(report, FindingKind.UNDEFINED_ACRONYM) == ["LGA"]


def test_easy_read_flags_points_without_a_picture() -> None:
    text = "Welcome\n\nWe met today.\n\n- meet again\n- write to Sam"
    report = check(text, easy_read=True, points_with_pictures={1, 3})
    missing = [f for f in report.by_kind(FindingKind.EASY_READ) if f.point is not None]
    assert [(f.point, f.text) for f in missing] == [(2, "meet again")]
    assert "picture" in missing[0].message
    # Without picture information, the picture check is skipped.
    assert [f for f in check(text, easy_read=True).findings if f.point is not None] == []
    # With an empty set, every point (not headings) needs a picture.
    report = check(text, easy_read=True, points_with_pictures=set())
    assert [f.point for f in report.findings if f.point is not None] == [1, 2, 3]


# --- the report --------------------------------------------------------------------


def test_reading_age_is_lower_for_plain_text() -> None:
    plain = check("We met at the park. We had tea. It was fun. We will meet again soon.")
    hard = check(
        "Multidisciplinary stakeholder engagement facilitated comprehensive organisational "
        "transformation regarding commissioning arrangements."
    )
    assert 5.0 <= plain.reading_age < 9.0
    assert hard.reading_age > 18.0
    assert plain.sentences == 4
    assert plain.words == 16


def test_sentence_stats_cover_each_sentence() -> None:
    text = "We met. We had a very long and useful talk about the bus."
    report = check(text)
    assert [(text[s.start : s.end], s.words) for s in report.sentence_stats] == [
        ("We met.", 2),
        ("We had a very long and useful talk about the bus.", 11),
    ]
    assert all(s.reading_age >= 5.0 for s in report.sentence_stats)


def test_empty_text() -> None:
    report = check("")
    assert report.findings == ()
    assert report.words == 0 and report.sentences == 0 and report.reading_age == 0.0


def test_report_turns_into_json() -> None:
    report = check("The CCG will facilitate it. It was decided.", easy_read=True)
    data = report_to_dict(report)
    assert json.loads(json.dumps(data)) == data
    assert data["counts"] == {
        "jargon": 1,
        "words_to_avoid": 1,
        "long_sentence": 0,
        "undefined_acronym": 0,
        "unexplained_name": 0,
        "passive_voice": 1,
        "easy_read": 0,
    }
    findings = data["findings"]
    assert isinstance(findings, list) and findings[0]["kind"] == "jargon"


def test_findings_are_in_text_order() -> None:
    report = check("It was decided. The CCG will facilitate it. The LGA agreed.")
    starts = [f.start for f in report.findings]
    assert starts == sorted(starts)


def test_short_forms_written_together_are_explained_together() -> None:
    text = (
        "The pictures use the Creative Commons Attribution-ShareAlike licence (CC BY-SA). "
        "License: CC BY-SA 4.0 for every picture."
    )
    assert [f.text for f in check(text).findings if f.kind is FindingKind.UNDEFINED_ACRONYM] == []
    before = (
        "We used BY-SA for all the pictures in the new leaflet. "
        "The Creative Commons Attribution-ShareAlike licence (CC BY-SA) is fair."
    )
    flagged = [f.text for f in check(before).findings if f.kind is FindingKind.UNDEFINED_ACRONYM]
    assert flagged == ["BY", "SA"], "uses before the explanation are still flagged"
