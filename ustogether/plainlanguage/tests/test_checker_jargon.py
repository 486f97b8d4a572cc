"""Jargon is found in every form, never inside other words, and not once explained."""

from __future__ import annotations

import random

import pytest

from ustogether.plainlanguage.checker import Finding, FindingKind, check
from ustogether.plainlanguage.glossary import GlossaryEntry, find_terms, load_shipped_glossary


def jargon(text: str, **options: object) -> list[Finding]:
    return [f for f in check(text, **options).findings if f.kind is FindingKind.JARGON]  # type: ignore[arg-type]


def found_words(text: str) -> list[str]:
    return [f.text for f in jargon(text)]


def test_commissioning_is_found_in_any_inflection() -> None:
    text = (
        "Commissioning is changing. The council commissioned two new services. "
        "It commissions them every year and is commissioning more."
    )
    assert found_words(text) == ["Commissioning", "commissioned", "commissions", "commissioning"]
    assert all(f.term == "commissioning" for f in jargon(text))


def test_past_forms_that_do_not_end_in_ed_are_found() -> None:
    text = "The work was overseen by a board. We underspent and then overspent."
    assert found_words(text) == ["overseen", "underspent", "overspent"]
    assert jargon(text)[0].term == "oversee"
    # A past form that is also an everyday word of its own is left alone.
    assert found_words("She took the bus and led the walk.") == []


def test_made_up_compound_words_are_found_by_their_ending() -> None:
    text = "The hospital-wide offer is GP-led and team-focused, with a hub-level budget."
    found = jargon(text)
    assert [f.text for f in found] == [
        "hospital-wide",
        "GP-led",
        "team-focused",
        "hub-level",
    ]
    assert found[0].term == "hospital-wide" and found[0].definition
    assert found[0].suggestion == "across all of it"


def test_everyday_compounds_and_place_names_are_not_compound_jargon() -> None:
    text = (
        "A Leeds-based charity has a south-facing garden. Check the sea-level map. "
        "Her A-level exams went well. The world-wide web."
    )
    assert found_words(text) == []


def test_long_isation_words_are_jargon_but_organisation_is_not() -> None:
    text = "The marketisation and medicalisation of care worried our organisations."
    found = jargon(text)
    assert [f.text for f in found] == ["marketisation", "medicalisation"]
    assert found[0].definition and found[0].suggestion


def test_an_explained_compound_is_not_flagged() -> None:
    assert found_words("The plan is borough-wide (for the whole borough).") == []


def test_the_message_names_the_words_and_says_what_to_write_instead() -> None:
    (finding,) = jargon("We are commissioning a new service.")
    assert finding.message == "‘commissioning’ is jargon. Try ‘planning and buying services’."
    assert finding.suggestion == "planning and buying services"
    assert finding.definition and finding.definition.endswith(".")


def test_multi_word_terms_are_found_with_hyphens_spaces_or_joined_up() -> None:
    text = (
        "The multi-disciplinary team met. The multidisciplinary teams met. "
        "The multi disciplinary team met. Co-production matters. Coproduction matters. "
        "We co-produced it. Co production matters."
    )
    assert found_words(text) == [
        "multi-disciplinary team",
        "multidisciplinary teams",
        "multi disciplinary team",
        "Co-production",
        "Coproduction",
        "co-produced",
        "Co production",
    ]


def test_two_words_written_as_one_and_one_word_written_as_two_are_found() -> None:
    # The glossary has "home care" and "wraparound support"; people write both ways.
    assert found_words("We use homecare every day.") == ["homecare"]
    assert found_words("We give wrap-around support.") == ["wrap-around support"]
    assert found_words("We give wrap around support.") == ["wrap around support"]
    assert found_words("A stake holder came.") == ["stake holder"]
    (finding,) = jargon("We met the stake-holders.")
    assert finding.term == "stakeholder"


def test_small_words_are_not_joined_onto_their_neighbours() -> None:
    # "director at" is not "directorate", "here too" is not "hereto".
    assert found_words("Ask the director at the front.") == []
    assert found_words("Say it here too.") == []


def test_uk_and_us_spellings_are_both_found() -> None:
    text = (
        "Personalisation and personalization both matter. "
        "We talked about positive behaviour support and positive behavior support. "
        "She saw a paediatric nurse about the care programme approach and the care program approach."
    )
    words = found_words(text)
    assert "Personalisation" in words and "personalization" in words
    assert "positive behaviour support" in words and "positive behavior support" in words
    assert "care programme approach" in words and "care program approach" in words


def test_possessives_are_found() -> None:
    assert found_words("She asked for a carer's assessment.") == ["carer's assessment"]
    assert found_words("She asked for a carers’ assessment.") == ["carers’ assessment"]


def test_care_packages_in_any_case() -> None:
    assert found_words("CARE PACKAGES cost money. Care Packages cost money.") == [
        "CARE PACKAGES",
        "Care Packages",
    ]


def test_terms_are_never_found_inside_other_words() -> None:
    assert found_words("The MDTX project is new.") == []
    assert found_words("Be careful with the packaging.") == []
    assert found_words("She was reassessing the premises.") == []
    assert found_words("The SENDER signed it.") == []
    assert found_words("Unsafeguarding is not a word.") == []


def test_acronym_terms_only_match_capitals() -> None:
    assert found_words("She gets PIP every month.") == ["PIP"]
    assert found_words("She spat out a pip from the apple.") == []
    assert found_words("The MDT met. The MDTs met.") == ["MDT", "MDTs"]


def test_terms_do_not_run_across_a_full_stop_or_bracket() -> None:
    assert found_words("We gave extra care. Package deals are cheaper.") == []
    assert found_words("Take care (package it well).") == []


def test_the_longest_term_wins() -> None:
    (finding,) = jargon("Your care and support plan is ready.")
    assert finding.text == "care and support plan"
    (finding,) = jargon("Ask about NHS continuing healthcare today.")
    assert finding.text == "NHS continuing healthcare"


def test_a_term_explained_in_brackets_is_not_flagged_again() -> None:
    text = "Reablement (help to relearn everyday skills) starts soon. Reablement is free."
    assert found_words(text) == []


def test_an_acronym_explained_in_brackets_is_not_flagged_again() -> None:
    assert found_words("The MDT (multi-disciplinary team) met. The MDT agreed the plan.") == []
    assert found_words("The multi-disciplinary team (MDT) met. The MDT agreed.") == []


def test_a_term_explained_before_the_brackets_is_not_flagged() -> None:
    assert found_words("You can get help to relearn skills (reablement). Reablement is free.") == []


def test_a_label_in_brackets_is_not_an_explanation() -> None:
    assert found_words("Present: Sam (co-chair), Priya and Jo.") == ["co-chair"]


def test_a_term_explained_with_means_is_not_flagged_again() -> None:
    text = "Safeguarding means keeping people safe from harm. We take safeguarding seriously."
    assert found_words(text) == []


def test_uses_before_the_explanation_are_still_flagged() -> None:
    text = "The MDT met today. The MDT (multi-disciplinary team) is five people. The MDT agreed."
    findings = jargon(text)
    assert [f.start for f in findings] == [text.index("MDT")]


def test_a_year_in_brackets_is_not_an_explanation() -> None:
    assert found_words("The Care Act (2014) says this. The Care Act is long.") == [
        "Care Act",
        "Care Act",
    ]


def test_a_term_split_by_a_list_is_found_before_the_list() -> None:
    text = (
        "We give primary and secondary care, and joined-up, preventative and person-centred care."
    )
    found = [(f.text, f.term) for f in jargon(text)]
    assert ("primary", "primary care") in found
    assert ("secondary care", "secondary care") in found
    # The words inside the list are still found on their own.
    assert ("preventative", "prevention") in found
    (split,) = [f for f in jargon(text) if f.text == "primary"]
    assert split.message.startswith("‘primary’ here is part of ‘primary care’")


def test_two_terms_sharing_a_word_are_both_found() -> None:
    # "spot contract" and "contract vehicle" share "contract".
    found = jargon("The council buys care through a spot contract vehicle.")
    assert [(f.text, f.term) for f in found] == [
        ("spot contract", "spot contract"),
        ("vehicle", "contract vehicle"),
    ]
    assert "part of ‘contract vehicle’" in found[1].message


def test_a_list_must_be_joined_by_and_or_or_to_split_a_term() -> None:
    # "primary school ... care" is not "primary care": no list starts after "primary".
    assert found_words("The primary school sent a note about care.") == []
    assert found_words("Primary, then secondary care.") == ["secondary care"]


def test_an_ampersand_stands_for_and_inside_a_term() -> None:
    assert found_words("The Task & Finish group met.") == ["Task & Finish group"]
    assert found_words("Fish & chips.") == []


def test_a_short_form_with_a_possessive_is_still_the_short_form() -> None:
    (finding,) = jargon("The ICB's plan is late.")
    assert (finding.text, finding.term) == ("ICB's", "integrated care board")


def test_a_hash_in_a_term_stands_for_any_number() -> None:
    entries = [
        GlossaryEntry("lot #", "part of a contract", "A lot is one part of a big contract."),
        GlossaryEntry("#-week wait", "a long wait", "A 52-week wait is a wait of a year."),
    ]
    text = "Rare needs go to Lot 5. We cut 78-week waits. A lot of people came."
    found = [f.text for f in jargon(text, extra_terms=entries)]
    assert found == ["Lot 5", "78-week waits"]


def test_extra_terms_are_found_and_can_replace_shipped_ones() -> None:
    ours = GlossaryEntry(
        "wellness hub", "a place to get help", "A wellness hub is a place to get help."
    )
    assert found_words("Visit the wellness hub.") == []
    assert [f.text for f in jargon("Visit the Wellness Hubs.", extra_terms=[ours])] == [
        "Wellness Hubs"
    ]
    better = GlossaryEntry(
        "reablement", "help at home after hospital", "Reablement is help at home after hospital."
    )
    (finding,) = jargon("Reablement helps.", extra_terms=[better])
    assert finding.suggestion == "help at home after hospital"


def test_find_terms_returns_every_use_for_marking_up_a_page() -> None:
    text = "Reablement (help to relearn skills) is free. Ask about reablement."
    found = find_terms(text)
    assert [(text[s:e], entry.term) for s, e, entry in found] == [
        ("Reablement", "reablement"),
        ("reablement", "reablement"),
    ]
    entries = [GlossaryEntry("tea break", "a rest", "A tea break is a rest.")]
    assert [(s, e) for s, e, _ in find_terms("We took a tea break.", entries)] == [(10, 19)]


PLAIN_SENTENCES = (
    "We met at the library on Tuesday morning.",
    "Thank you to everyone who came to the meeting.",
    "Please tell us if you need a lift to the meeting.",
    "We will pay for your bus fare and your lunch.",
    "The room has a ramp and a lift.",
    "Sam wrote the notes and sent them to everyone.",
    "People said they want more time to talk.",
    "We talked about how to make the leaflet easier to read.",
    "The next meeting is on 5 May at 2pm.",
    "You can bring a friend or a family member.",
    "We will send the notes by email and by post.",
    "If you cannot come, you can send us your ideas.",
    "We want to hear from people who have used the service.",
    "The group agreed to meet every month.",
    "Jo asked how long people wait to see a doctor.",
    "Some people said the forms are too long.",
    "We will make the forms shorter.",
    "Ask us if you need help to fill in the form.",
    "The café in the park is open until 4pm.",
    "There will be tea, coffee and biscuits.",
    "We would like more young people to join the group.",
    "Priya has lived in the town for 20 years.",
    "She looks after her mum, who is 84.",
    "The bus stop is right outside the door.",
    "We will use large print and clear pictures.",
    "Tell us what you liked and what you did not like.",
    "Everyone gets a chance to speak.",
    "You do not have to answer every question.",
    "We wrote down what people said, word for word.",
    "The money comes from the council and a local charity.",
    "The group is run by people who use the services.",
    "We will check back with you in three months.",
    "Ali said the new doctor listened to him.",
    "The helpline is free to call from a mobile.",
)


@pytest.mark.parametrize("sentence", PLAIN_SENTENCES)
def test_plain_sentences_have_no_jargon(sentence: str) -> None:
    assert jargon(sentence) == []


def test_offsets_always_slice_the_original_text() -> None:
    rng = random.Random(1234)
    forms = [form for entry in load_shipped_glossary() for form in entry.forms()]
    glue = [
        " ",
        "  ",
        ", ",
        ". ",
        "\n",
        "\n\n- ",
        " (",
        ") ",
        "’s ",
        "-",
        " and ",
        "! ",
        "\t",
        "…",
        " é ",
    ]
    for _ in range(300):
        pieces = []
        for _ in range(rng.randint(1, 12)):
            form = rng.choice(forms)
            if rng.random() < 0.3:
                form = form.upper()
            pieces.append(form)
            pieces.append(rng.choice(glue))
        text = "".join(pieces)
        report = check(text, easy_read=rng.random() < 0.5, points_with_pictures={0})
        for finding in report.findings:
            assert text[finding.start : finding.end] == finding.text, (text, finding)
            assert 0 <= finding.start < finding.end <= len(text)


def test_offsets_property_with_hypothesis() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    strategies = hypothesis.strategies

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(strategies.text())
    def run(text: str) -> None:
        for finding in check(text, easy_read=True, points_with_pictures=()).findings:
            assert text[finding.start : finding.end] == finding.text

    run()
