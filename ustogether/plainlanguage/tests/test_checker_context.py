"""Everyday words that are jargon in one place are found there, and left alone elsewhere."""

from __future__ import annotations

import itertools

import pytest

from ustogether.plainlanguage.checker import Finding, FindingKind, check
from ustogether.plainlanguage.context import WORD_RULES, find_in_context
from ustogether.plainlanguage.normalise import tokenise


def jargon(text: str) -> list[Finding]:
    return [f for f in check(text).findings if f.kind is FindingKind.JARGON]


def found_words(text: str) -> list[str]:
    return [f.text for f in jargon(text)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("We will agree this with housing partners.", "housing partners"),
        ("We will write the plan with carers and partners.", "partners"),
        ("Each place in the system has its own board.", "place"),
        ("The place team met in May.", "place team"),
        ("The scale of the organisation matters.", "scale"),
        ("Scaling the project to two towns will take a year.", "Scaling"),
        ("The grant will fund a worker for two years.", "grant"),
        ("Theatre activity was below plan.", "Theatre activity"),
        ("Children are taught in the setting that suits them best.", "setting"),
        ("Community beds are full.", "Community beds"),
        ("Our carers offer includes short breaks.", "carers offer"),
        ("The improvement journey is slow.", "improvement journey"),
        ("Leaders described a maturity journey.", "maturity journey"),
        ("Our day offer has grown.", "day offer"),
        ("The unit is hosted by the council.", "hosted"),
        ("The trustees kept to the charity's objects.", "charity's objects"),
        ("The grant pays for a coordinator post.", "coordinator post"),
        ("Total spend rose again.", "Total spend"),
        ("Full beds limit flow through the hospital.", "flow through"),
        ("Councils must understand likely demand.", "likely demand"),
        ("The nurse will check your medical status.", "medical status"),
        ("It is checked against an agreed standard.", "agreed standard"),
        ("All high monetary value risks go to the board.", "monetary value risks"),
        ("Our work has a long-term impact.", "long-term impact"),
        ("We will drive improvement in every ward.", "drive improvement"),
        ("We must realise the benefits of working together.", "realise the benefits"),
        ("The establishment of the board took a year.", "establishment of"),
        ("The project lead will call you.", "project lead"),
        ("Demand is rising every winter.", "Demand"),
        ("The service is forecasting an overspend.", "forecasting"),
        ("The contract will be let for three years.", "let"),
        ("We want to measure the social impact of the project.", "social impact"),
        ("We want closer working with the NHS.", "closer working"),
        ("The offer for carers includes a break.", "offer"),
    ],
)
def test_an_everyday_word_used_as_jargon_is_found(text: str, found: str) -> None:
    findings = jargon(text)
    assert found in [f.text for f in findings], [f.text for f in findings]
    finding = next(f for f in findings if f.text == found)
    # Every finding says what the words mean and what to write instead.
    assert finding.definition and finding.suggestion
    assert text[finding.start : finding.end] == found


@pytest.mark.parametrize(
    "text",
    [
        "You and your partner can both apply for a bus pass.",
        "Co-production means working together as equal partners.",
        "You may be able to get a grant to help pay for changes to your home.",
        "The library has activities for children every Saturday.",
        "Plan your journey to the recycling centre before you set off.",
        "You can change your settings to get emails from us.",
        "Our booking system will send you a text the day before.",
        "The meeting will take place in the town hall.",
        "We will meet in the same place as last time.",
        "You can accept the offer of a home by ringing us.",
        "Step on the scales so we can check your weight.",
        "Rate your pain on a scale of 0 to 10.",
        "Drink water to help the blood flow in your legs.",
        "We hosted a coffee morning for our helpline.",
        "Sharp objects must go in the yellow box.",
        "Dogs must be kept on a lead in the park.",
        "There is a lot to do at the museum this summer.",
        "Post your form to us or bring it to the library.",
        "The money you raise has a big impact on families.",
        "Sam will lead the meeting.",
        "Lie in a comfortable position after your operation.",
        "Your nurse will check your blood pressure every four hours.",
        "The market stall raised money for the group.",
        "Knock on the front door when you arrive.",
        "We have useful resources on our website.",
        "We are setting up a new group for children.",
        "We raise awareness of dementia in schools.",
        "We can offer support to carers.",
        "The weather forecast says it will snow.",
        "The event is hosted by our volunteers.",
    ],
)
def test_the_same_words_in_plain_writing_are_left_alone(text: str) -> None:
    assert found_words(text) == []


def test_a_finding_in_context_is_not_flagged_once_the_text_explains_it() -> None:
    text = "The scale (how big the service is) matters. The scale will grow."
    assert found_words(text) == []
    assert found_words("Likely demand means how many people will need help.") == []


def test_context_findings_do_not_repeat_a_glossary_finding() -> None:
    # "capacity" is a glossary term; the verb rule must not flag it again.
    findings = jargon("This will release capacity in the wards.")
    assert len([f for f in findings if "capacity" in f.text]) == 1


def test_a_rule_reads_only_its_own_sentence() -> None:
    # "fund" in the next sentence does not make this "grant" the funding sense.
    text = "You can ask for a grant. We fund the advice line."
    assert found_words(text) == []
    text = "The grant is for two years. It will fund a worker."
    assert found_words(text) == []
    assert found_words("The grant is for two years and will fund a worker.") == ["grant"]


def test_find_in_context_returns_spans_in_text_order_without_overlaps() -> None:
    text = "System partners will drive improvement at place."
    hits = find_in_context(text, tokenise(text), [0])
    assert [text[h.start : h.end] for h in hits] == [
        "System partners",
        "drive improvement",
        "place",
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))


def test_every_word_rule_has_a_short_plain_explanation() -> None:
    for rule in WORD_RULES:
        assert rule.plain and rule.definition, rule.term
        assert len(rule.definition.split()) <= 40, rule.term
        assert rule.words, rule.term
