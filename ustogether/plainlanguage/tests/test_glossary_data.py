"""The shipped glossary and words-to-avoid data: complete, valid and findable."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

import pytest
from django.test import Client

from ustogether.plainlanguage.avoid import ATTRIBUTION, load_words_to_avoid
from ustogether.plainlanguage.checker import FindingKind, check
from ustogether.plainlanguage.glossary import (
    PUBLIC_LISTS,
    SOURCE_OURS,
    GlossaryEntry,
    GlossaryError,
    find_terms,
    load_shipped_glossary,
    validate_entries,
)
from ustogether.plainlanguage.normalise import is_acronym

TOPICS = {
    "social care",
    "health",
    "mental health",
    "SEND",
    "commissioning",
    "research and involvement",
    "money and benefits",
    "law and rights",
    "housing",
    "general",
}


def inflect(term: str) -> str:
    """One other form of a term: a plural, a past tense or a capital letter."""
    words = term.split(" ")
    last = words[-1]
    if is_acronym(last):
        words[-1] = last + "s"
    elif (
        not last.isalpha()
        or last.endswith(("s", "ed"))
        or last[0].isupper()
        or last in {"to", "of", "up", "in", "on", "for", "with"}
    ):
        words[0] = words[0][0].upper() + words[0][1:]
    elif last.endswith("ing"):
        words[-1] = last[:-3] + "ed"
    elif last.endswith("y") and last[-2] not in "aeiou":
        words[-1] = last[:-1] + "ies"
    elif last.endswith(("ch", "sh", "x")):
        words[-1] = last + "es"
    else:
        words[-1] = last + "s"
    return " ".join(words)


def test_the_glossary_has_at_least_300_valid_entries() -> None:
    entries = load_shipped_glossary()
    assert len(entries) >= 300
    assert validate_entries(entries) == []


def test_every_entry_has_plain_words_a_definition_a_topic_and_our_source() -> None:
    for entry in load_shipped_glossary():
        assert entry.plain, entry.term
        assert entry.definition.endswith("."), entry.term
        assert entry.topic in TOPICS, entry.term
        assert entry.source == SOURCE_OURS, entry.term


def test_definitions_are_short() -> None:
    for entry in load_shipped_glossary():
        sentences = [s for s in entry.definition.split(". ") if s]
        assert len(sentences) <= 2, entry.term
        assert len(entry.definition.split()) <= 40, entry.term


def _without_the_jargon(definition: str) -> str:
    # A definition has to name the term it explains; score the rest of it.
    for start, end, _ in sorted(find_terms(definition), key=lambda found: found[0], reverse=True):
        definition = definition[:start] + "this" + definition[end:]
    return definition


def test_definitions_are_easy_to_read_on_average() -> None:
    ages = [
        check(_without_the_jargon(entry.definition)).reading_age
        for entry in load_shipped_glossary()
    ]
    # Measured at 10.1 years (Flesch-Kincaid + 5) when this test was written,
    # and 9.9 once the glossary grew to 883 terms written the same way
    # (1206 terms, written shorter still, later; 9.6 at 1763 terms).
    assert sum(ages) / len(ages) < 10.0


@pytest.mark.parametrize("entry", load_shipped_glossary(), ids=lambda entry: entry.term)
def test_every_entry_is_found_when_written_another_way(entry: GlossaryEntry) -> None:
    form = inflect(entry.term)
    text = f"Last week we talked about the {form} at our meeting in the town hall."
    if entry.verb_only:
        form = entry.term + ("d" if entry.term.endswith("e") else "ed")
        text = f"Last week we {form} it at our meeting in the town hall."
    start = text.index(form)
    end = start + len(form)
    jargon = [f for f in check(text).findings if f.kind is FindingKind.JARGON]
    assert any(f.start <= start and f.end >= end and f.term == entry.term for f in jargon), (
        form,
        jargon,
    )


def test_verb_only_terms_are_jargon_as_verbs_and_not_as_nouns() -> None:
    verbs = {entry.term for entry in load_shipped_glossary() if entry.verb_only}
    assert {"action", "evidence", "resource"} <= verbs

    def jargon(text: str) -> list[str]:
        return [f.text for f in check(text).findings if f.kind is FindingKind.JARGON]

    assert jargon("We actioned the points and will evidence our impact.") == [
        "actioned",
        "evidence",
    ]
    assert jargon("Please take action. The evidence is clear. We need more resources.") == []
    assert [entry.term for _, _, entry in find_terms("We actioned it.")] == ["action"]
    assert find_terms("Take action now.") == []


def test_validation_catches_duplicates_and_missing_fields() -> None:
    entries = [
        GlossaryEntry("care package", "the support you get", "A care package is the help you get."),
        GlossaryEntry("package", "", "", variants=("care packages",)),
    ]
    problems = validate_entries(entries)
    assert any("also a form of 'care package'" in problem for problem in problems)
    assert any("no plain words" in problem for problem in problems)
    assert any("no definition" in problem for problem in problems)
    assert issubclass(GlossaryError, ValueError)


def test_words_to_avoid_carry_the_open_government_licence_attribution() -> None:
    raw = (
        resources.files("ustogether.plainlanguage")
        .joinpath("data/words_to_avoid.json")
        .read_text("utf-8")
    )
    data = json.loads(raw)
    assert data["attribution"] == ATTRIBUTION
    assert "Open Government Licence v3.0" in data["attribution"]
    assert "Words to avoid" in data["source"]
    words = {entry.word for entry in load_words_to_avoid()}
    for expected in (
        "facilitate",
        "leverage",
        "robust",
        "utilise",
        "agenda",
        "key",
        "impact",
        "deliver",
    ):
        assert expected in words


def test_terms_from_public_lists_say_which_lists_name_them() -> None:
    entries = load_shipped_glossary()
    named = Counter(key for entry in entries for key in entry.listed_by)
    # Every public list the glossary draws headwords from is really used.
    assert set(named) == set(PUBLIC_LISTS)
    assert all(count >= 20 for count in named.values()), named
    (locality,) = [entry for entry in entries if entry.term == "locality"]
    assert locality.source == SOURCE_OURS
    assert locality.source_note() == "Written for Us Together"
    assert locality.lists_note() == "On the jargon lists of: Local Government Association"
    (cohort,) = [entry for entry in entries if entry.term == "cohort"]
    assert cohort.lists_note() == (
        "On the jargon lists of: National Institute for Health and Care Research"
    )


def test_the_glossary_page_notes_the_public_list(client: Client) -> None:
    page = client.get("/glossary/", {"q": "locality"}).content.decode()
    assert "On the jargon lists of: Local Government Association" in page
    assert "written for Us Together" in page  # once, above the list


def test_validation_rejects_an_unknown_list() -> None:
    entry = GlossaryEntry("blorp", "a blorp", "A blorp is a thing.", listed_by=("XYZ",))
    assert any("not one of the public lists" in problem for problem in validate_entries([entry]))
