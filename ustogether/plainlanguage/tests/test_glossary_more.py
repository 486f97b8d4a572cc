"""The glossary as people found it: suggesting from the glossary page, asking what a
word means, and an A to Z with a search box and pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ustogether.core.testing import make_cast, make_person, make_project
from ustogether.people.models import OrganisationMembership
from ustogether.plainlanguage import services
from ustogether.plainlanguage.models import LocalTerm

pytestmark = pytest.mark.django_db


def signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


# Bug: "Suggest a word" from the glossary page was refused to anyone not on staff.


def test_a_project_member_suggests_a_word_from_the_glossary_page() -> None:
    cast = make_cast()
    client = signed_in(cast.member)
    glossary = client.get(reverse("plainlanguage:glossary")).content.decode()
    assert reverse("plainlanguage:suggest") in glossary
    page = client.get(reverse("plainlanguage:suggest"))
    assert page.status_code == 200
    response = client.post(
        reverse("plainlanguage:suggest"),
        {"kind": "word", "term": "Hub", "plain": "centre", "definition": "A place we meet."},
    )
    assert response.status_code == 302
    local = LocalTerm.objects.get()
    assert (local.organisation, local.project, local.written_by) == (
        cast.organisation,
        cast.project,
        cast.member,
    )


def test_someone_in_two_projects_says_which_one_the_word_is_for() -> None:
    cast = make_cast()
    other = make_project(lead=make_person(), title="Safer streets")
    OrganisationMembership.objects.filter(person=other.created_by).delete()
    from ustogether.core.testing import add_member

    add_member(other, cast.member)
    client = signed_in(cast.member)
    html = client.get(reverse("plainlanguage:suggest")).content.decode()
    assert "Which project is it for?" in html and "Safer streets" in html
    missing = client.post(
        reverse("plainlanguage:suggest"),
        {"kind": "word", "term": "Hub", "plain": "centre", "definition": "A place."},
    )
    assert missing.status_code == 422
    assert "Choose the project the word is for." in missing.content.decode()
    client.post(
        reverse("plainlanguage:suggest"),
        {
            "kind": "word",
            "where": f"project:{other.pk}",
            "term": "Hub",
            "plain": "centre",
            "definition": "A place.",
        },
    )
    assert LocalTerm.objects.get().project == other


def test_someone_in_no_project_is_told_how_to_take_part_not_refused() -> None:
    response = signed_in(make_person()).get(reverse("plainlanguage:suggest"))
    assert response.status_code == 200
    assert "once you are in a project" in response.content.decode()


def test_nobody_can_suggest_for_a_project_they_are_not_in() -> None:
    cast = make_cast()
    other = make_project(lead=make_person(), title="Safer streets")
    client = signed_in(cast.member)
    for data in ({"where": f"project:{other.pk}"}, {"project": str(other.pk)}):
        response = client.post(
            reverse("plainlanguage:suggest"),
            {**data, "term": "Hub", "plain": "c", "definition": "A place."},
        )
        assert response.status_code in (302, 403)
    # The word went to the member's own project, or nowhere: never to the other one.
    assert not LocalTerm.objects.filter(project=other).exists()


# Questions: "what does reablement mean?"


def test_a_member_asks_what_a_word_means_and_a_co_lead_answers() -> None:
    cast = make_cast()
    client = signed_in(cast.carer)
    response = client.post(
        reverse("plainlanguage:suggest"), {"kind": "question", "term": "reablement"}
    )
    assert response.status_code == 302
    question = LocalTerm.objects.get()
    assert question.is_question and question.definition == ""
    lead = signed_in(cast.lead)
    listed = lead.get(reverse("plainlanguage:suggestions")).content.decode()
    assert "What does “reablement” mean?" in listed
    decide = lead.get(reverse("plainlanguage:decide", args=[question.pk])).content.decode()
    # The shipped glossary already knows it, so the answer starts from its words.
    assert "help to relearn" in decide.lower() or "relearn" in decide.lower()
    mail.outbox.clear()
    lead.post(
        reverse("plainlanguage:decide", args=[question.pk]),
        {
            "accept": "1",
            "term": "reablement",
            "plain": "help to relearn everyday skills",
            "definition": "Short-term help at home to do things for yourself again.",
        },
    )
    question.refresh_from_db()
    assert question.status == LocalTerm.Status.ACCEPTED
    assert mail.outbox[-1].to == [cast.carer.email]
    assert "Short-term help at home" in mail.outbox[-1].body


def test_a_question_needs_only_the_word() -> None:
    cast = make_cast()
    response = signed_in(cast.carer).post(
        reverse("plainlanguage:suggest"), {"kind": "question", "term": ""}
    )
    assert response.status_code == 422
    assert "Enter the word or phrase." in response.content.decode()


def test_a_glossary_writer_answers_questions_for_their_organisation() -> None:
    cast = make_cast()
    writer = make_person(name="Gill Writer")
    OrganisationMembership.objects.create(
        organisation=cast.organisation,
        person=writer,
        role=OrganisationMembership.Role.GLOSSARY_WRITER,
    )
    question = services.glossary_suggest(
        by=cast.carer,
        organisation=cast.organisation,
        project=cast.project,
        term="MDT",
        question=True,
    )
    assert services.can_decide(writer, question)
    services.glossary_accept(
        local=question, by=writer, term="MDT", plain="team", definition="A team of workers."
    )
    outsider_writer = make_person()
    OrganisationMembership.objects.create(
        organisation=make_cast().organisation,
        person=outsider_writer,
        role=OrganisationMembership.Role.GLOSSARY_WRITER,
    )
    other = services.glossary_suggest(
        by=cast.carer,
        organisation=cast.organisation,
        project=cast.project,
        term="LA",
        question=True,
    )
    with pytest.raises(PermissionDenied):
        services.glossary_accept(
            local=other, by=outsider_writer, term="LA", plain="council", definition="A council."
        )


# The glossary page: an A to Z, a search box and pages.


def test_the_glossary_has_an_a_to_z_and_pages() -> None:
    client = Client()
    first = client.get(reverse("plainlanguage:glossary")).content.decode()
    assert first.count('class="govuk-summary-list__row"') == 50
    assert "Page 1 of" in first
    assert re.search(r'href="\?letter=R"', first)
    r_words = client.get(reverse("plainlanguage:glossary"), {"letter": "R"}).content.decode()
    terms = re.findall(r'<dt class="govuk-summary-list__key">([^<]+)', r_words)
    assert terms and all(t.strip().lower().startswith("r") for t in terms)
    assert "Reablement" in r_words or "reablement" in r_words
    page_two = client.get(reverse("plainlanguage:glossary"), {"page": 2}).content.decode()
    assert "Page 2 of" in page_two
    assert 'href="?page=3"' in page_two


def test_the_glossary_search_keeps_its_words_across_pages() -> None:
    html = Client().get(reverse("plainlanguage:glossary"), {"q": "care"}).content.decode()
    assert 'value="care"' in html
    if "Page 1 of" in html:
        assert "q=care&amp;page=2" in html


def test_the_glossary_says_who_wrote_it_once_not_on_every_entry() -> None:
    html = Client().get(reverse("plainlanguage:glossary")).content.decode()
    assert html.count("written for Us Together") <= 1


def test_the_glossary_page_costs_the_same_for_many_local_words() -> None:
    cast = make_cast()
    url = reverse("plainlanguage:glossary") + f"?organisation={cast.organisation.pk}"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(10):
        local = services.glossary_suggest(
            by=cast.lead,
            organisation=cast.organisation,
            term=f"Aaword {n}",
            plain="x",
            definition="A word.",
        )
        services.glossary_accept(
            local=local, by=cast.lead, term=local.term, plain="x", definition="A word."
        )
    assert count() == few


GLOSSARY_PAGES = {
    # Anyone reads the glossary; suggesting and looking at suggestions need signing in.
    "glossary": dict.fromkeys(
        ["anonymous", "outsider", "finance", "observer", "member", "lead", "org_admin"], 200
    ),
    "suggest": {
        "anonymous": 302,
        **dict.fromkeys(["outsider", "finance", "observer", "member", "lead", "org_admin"], 200),
    },
    "suggestions": {
        "anonymous": 302,
        **dict.fromkeys(["outsider", "finance", "observer", "member", "lead", "org_admin"], 200),
    },
}


@pytest.mark.parametrize("page", list(GLOSSARY_PAGES))
def test_who_gets_which_glossary_page(page: str) -> None:
    cast = make_cast()
    question = services.glossary_suggest(
        by=cast.carer,
        organisation=cast.organisation,
        project=cast.project,
        term="MDT",
        question=True,
    )
    for who, expected in GLOSSARY_PAGES[page].items():
        client = Client()
        if who != "anonymous":
            client.force_login(getattr(cast, who))
        got = client.get(reverse(f"plainlanguage:{page}")).status_code
        assert got == expected, f"{who} on {page}: got {got}, expected {expected}"
    # Deciding on a question: only the project's co-leads and the organisation's
    # admins, co-production leads and glossary writers. Outside the organisation
    # the question is not there at all.
    url = reverse("plainlanguage:decide", args=[question.pk])
    for who, expected in {
        "outsider": 404,
        "finance": 403,
        "observer": 403,
        "member": 403,
        "lead": 200,
        "org_admin": 200,
    }.items():
        client = Client()
        client.force_login(getattr(cast, who))
        got = client.get(url).status_code
        assert got == expected, f"{who} deciding: got {got}, expected {expected}"
