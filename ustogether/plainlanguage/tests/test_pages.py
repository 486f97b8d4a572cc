"""The checker in the pages: checking as you write, suggestions, definitions for readers, the glossary."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ustogether.core.plaincheck import check_field_text
from ustogether.core.testing import make_cast, make_person
from ustogether.plainlanguage import services
from ustogether.plainlanguage.models import LocalTerm
from ustogether.projects.models import Project

pytestmark = pytest.mark.django_db

JARGON = "The council commissioned a new care package for people."


def signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def test_the_check_page_shows_findings_and_keeps_the_text() -> None:
    client = signed_in(make_person())
    response = client.post(reverse("plainlanguage:check"), {"text": JARGON, "plain_check": "text"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "‘commissioned’ is jargon" in html
    assert "The council commissioned" in html
    assert "Reading age: about" in html


def test_the_check_page_asks_for_text_when_empty() -> None:
    client = signed_in(make_person())
    response = client.post(reverse("plainlanguage:check"), {"text": "  ", "plain_check": "text"})
    assert response.status_code == 422
    assert "Paste or type some writing to check." in response.content.decode()


def test_the_check_page_needs_signing_in() -> None:
    response = Client().get(reverse("plainlanguage:check"))
    assert response.status_code == 302


def test_the_fragment_returns_just_the_findings() -> None:
    client = signed_in(make_person())
    response = client.post(reverse("plaincheck_fragment"), {"field": "purpose", "purpose": JARGON})
    html = response.content.decode()
    assert "‘care package’ is jargon" in html
    assert "<html" not in html
    assert 'name="plain_apply"' not in html  # jargon is explained, not swapped
    leverage = client.post(
        reverse("plaincheck_fragment"), {"field": "purpose", "purpose": "We leverage it."}
    )
    assert 'name="plain_apply" value="purpose:0"' in leverage.content.decode()


def test_checking_a_project_purpose_saves_nothing_and_shows_no_errors() -> None:
    cast = make_cast()
    client = signed_in(cast.lead)
    url = reverse("projects:edit", args=[cast.project.pk])
    response = client.post(url, {"title": "", "purpose": JARGON, "plain_check": "purpose"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "‘commissioned’ is jargon" in html
    assert "There is a problem" not in html
    assert JARGON in html
    cast.project.refresh_from_db()
    assert cast.project.purpose != JARGON


def test_a_suggestion_is_one_click_away_without_javascript() -> None:
    cast = make_cast()
    client = signed_in(cast.lead)
    url = reverse("projects:edit", args=[cast.project.pk])
    text = "We will leverage the new care package."
    findings = check_field_text(text).findings
    index = next(i for i, f in enumerate(findings) if f.text == "leverage")
    response = client.post(url, {"title": "T", "purpose": text, "plain_apply": f"purpose:{index}"})
    html = response.content.decode()
    assert "We will use the new care package." in html
    assert "autofocus" in html


def test_jargon_is_explained_but_not_swapped_blindly() -> None:
    cast = make_cast()
    client = signed_in(cast.lead)
    url = reverse("projects:edit", args=[cast.project.pk])
    findings = check_field_text(JARGON).findings
    index = next(i for i, f in enumerate(findings) if f.text == "care package")
    response = client.post(
        url, {"title": "T", "purpose": JARGON, "plain_apply": f"purpose:{index}"}
    )
    html = response.content.decode()
    assert JARGON in html
    assert "‘care package’ is jargon" in html


def test_checks_never_block_saving() -> None:
    cast = make_cast()
    client = signed_in(cast.lead)
    stage = cast.project.stages.first()
    assert stage is not None
    response = client.post(
        reverse("projects:edit", args=[cast.project.pk]),
        {
            "title": "Short breaks",
            "purpose": JARGON,
            "visibility": "public",
            "joining": "open",
            "current_stage": stage.pk,
        },
    )
    assert response.status_code == 302
    cast.project.refresh_from_db()
    assert cast.project.purpose == JARGON


def test_readers_can_open_the_meaning_of_a_glossary_word() -> None:
    cast = make_cast()
    Project.objects.filter(pk=cast.project.pk).update(purpose=JARGON)
    html = Client().get(reverse("projects:detail", args=[cast.project.pk])).content.decode()
    assert '<details class="ut-term"><summary class="ut-term__word">commissioned</summary>' in html
    assert "<p><details" not in html


def test_glossary_markup_escapes_what_people_wrote() -> None:
    cast = make_cast()
    Project.objects.filter(pk=cast.project.pk).update(
        purpose="<script>alert(1)</script> a care package"
    )
    html = Client().get(reverse("projects:detail", args=[cast.project.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_glossary_page_lists_and_searches_words() -> None:
    html = Client().get(reverse("plainlanguage:glossary"), {"q": "reablement"}).content.decode()
    assert "Reablement" in html or "reablement" in html
    everything = Client().get(reverse("plainlanguage:glossary")).content.decode()
    assert re.search(r"(?:[3-9]\d\d|[1-9],?\d\d\d) words\.", everything)  # listed 50 to a page


def test_a_member_suggests_a_word_and_a_co_lead_adds_it() -> None:
    cast = make_cast()
    local = services.glossary_suggest(
        by=cast.member,
        organisation=cast.organisation,
        project=cast.project,
        term="Riverside Hub",
        plain="the day centre",
        definition="Our day centre on Mill Lane.",
    )
    assert local.status == LocalTerm.Status.SUGGESTED
    with pytest.raises(PermissionDenied):
        services.glossary_accept(
            local=local, by=cast.carer, term="Riverside Hub", plain="x", definition="y"
        )
    services.glossary_accept(
        local=local,
        by=cast.lead,
        term="Riverside Hub",
        plain="the day centre",
        definition="Our day centre on Mill Lane, open every weekday.",
    )
    report = check_field_text(
        "Come to the Riverside Hub on Monday.", organisation_id=cast.organisation.pk
    )
    assert any(f.text == "Riverside Hub" for f in report.findings)
    other = check_field_text("Come to the Riverside Hub on Monday.", organisation_id=None)
    assert not any(f.text == "Riverside Hub" for f in other.findings)
    page = (
        signed_in(cast.carer)
        .get(
            reverse("plainlanguage:glossary"),
            {"organisation": str(cast.organisation.pk), "q": "Riverside"},
        )
        .content.decode()
    )
    assert "Riverside Hub" in page
    assert f"Written for {cast.organisation.name}" in page


def test_outsiders_cannot_suggest_words_for_a_project() -> None:
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        services.glossary_suggest(
            by=cast.outsider,
            organisation=cast.organisation,
            project=cast.project,
            term="Hub",
            plain="centre",
            definition="A place.",
        )


def test_turning_a_word_down_needs_a_reason() -> None:
    cast = make_cast()
    local = services.glossary_suggest(
        by=cast.member,
        organisation=cast.organisation,
        project=cast.project,
        term="Hub",
        plain="centre",
        definition="A place.",
    )
    with pytest.raises(ValidationError):
        services.glossary_turn_down(local=local, by=cast.lead, reason=" ")
    services.glossary_turn_down(local=local, by=cast.lead, reason="It is already plain.")
    local.refresh_from_db()
    assert local.status == LocalTerm.Status.TURNED_DOWN


def test_the_suggestion_pages_work_for_members_and_co_leads() -> None:
    cast = make_cast()
    member = signed_in(cast.member)
    url = reverse("plainlanguage:suggest") + f"?project={cast.project.pk}"
    response = member.post(
        url, {"project": cast.project.pk, "term": "Hub", "plain": "", "definition": "A place."}
    )
    assert response.status_code == 422
    assert "Enter plain words people can use instead." in response.content.decode()
    member.post(
        url,
        {"project": cast.project.pk, "term": "Hub", "plain": "centre", "definition": "A place."},
    )
    local = LocalTerm.objects.get()
    lead = signed_in(cast.lead)
    assert "Hub" in lead.get(reverse("plainlanguage:suggestions")).content.decode()
    lead.post(
        reverse("plainlanguage:decide", args=[local.pk]),
        {"accept": "1", "term": "Hub", "plain": "the centre", "definition": "Our centre."},
    )
    local.refresh_from_db()
    assert (local.status, local.plain) == (LocalTerm.Status.ACCEPTED, "the centre")
    assert (
        signed_in(cast.carer).get(reverse("plainlanguage:decide", args=[local.pk])).status_code
        == 403
    )


def test_checking_a_suggested_definition_saves_nothing() -> None:
    cast = make_cast()
    client = signed_in(cast.member)
    url = reverse("plainlanguage:suggest") + f"?project={cast.project.pk}"
    response = client.post(
        url,
        {
            "project": cast.project.pk,
            "term": "Hub",
            "plain": "centre",
            "definition": "A place to facilitate activities.",
            "plain_check": "definition",
        },
    )
    assert response.status_code == 200
    assert "Try not to use ‘facilitate’" in response.content.decode()
    assert not LocalTerm.objects.exists()


def test_a_word_from_a_members_only_project_stays_inside_the_organisation() -> None:
    from ustogether.plainlanguage import services as glossary_services

    cast = make_cast(visibility=Project.Visibility.MEMBERS)
    local = glossary_services.glossary_suggest(
        by=cast.member,
        organisation=cast.organisation,
        project=cast.project,
        term="Zorbling",
        plain="a secret plan",
        definition="Our private word.",
    )
    glossary_services.glossary_accept(
        local=local, by=cast.lead, term="Zorbling", plain="a secret plan", definition="Ours."
    )
    # The glossary is in pages of 50, so look the word up.
    url = reverse("plainlanguage:glossary") + f"?organisation={cast.organisation.pk}&q=zorbling"
    assert "Zorbling" not in Client().get(url).content.decode()
    assert "Zorbling" not in signed_in(cast.outsider).get(url).content.decode()
    inside = signed_in(cast.carer).get(url).content.decode()
    assert "Zorbling" in inside
    # The author did not ask for their name to be shown.
    assert "Mo Member" not in inside
    assert f"Written for {cast.organisation.name}" in inside
    # A co-lead publishes it: now anyone can read it, still without the name.
    glossary_services.glossary_accept(
        local=local,
        by=cast.lead,
        term="Zorbling",
        plain="a secret plan",
        definition="Ours.",
        published=True,
    )
    public = Client().get(url).content.decode()
    assert "Zorbling" in public
    assert "Mo Member" not in public


def test_the_author_is_named_only_when_they_agreed() -> None:
    from ustogether.plainlanguage import services as glossary_services

    cast = make_cast()
    local = glossary_services.glossary_suggest(
        by=cast.member,
        organisation=cast.organisation,
        project=cast.project,
        term="Flumph",
        plain="a thing",
        definition="A thing.",
        credit_author=True,
    )
    assert local.as_entry().source.startswith("Written by Mo Member")


def test_an_unpublished_word_is_explained_only_to_the_organisations_people() -> None:
    from ustogether.plainlanguage import services as glossary_services

    cast = make_cast()
    local = glossary_services.glossary_suggest(
        by=cast.member,
        organisation=cast.organisation,
        project=cast.project,
        term="Quorbit",
        plain="our inside word",
        definition="A word only we use.",
    )
    glossary_services.glossary_accept(
        local=local, by=cast.lead, term="Quorbit", plain="our inside word", definition="Ours."
    )
    Project.objects.filter(pk=cast.project.pk).update(purpose="We will talk about Quorbit.")
    url = reverse("projects:detail", args=[cast.project.pk])
    assert "our inside word" not in Client().get(url).content.decode()
    assert "our inside word" not in signed_in(cast.outsider).get(url).content.decode()
    assert "our inside word" in signed_in(cast.carer).get(url).content.decode()
    # The live check does not explain it to someone outside the organisation either.
    fragment = reverse("plaincheck_fragment")
    data = {"field": "text", "text": "Quorbit is here.", "organisation": cast.organisation.pk}
    assert "Quorbit" not in signed_in(cast.outsider).post(fragment, data).content.decode()
    assert "Quorbit" in signed_in(cast.carer).post(fragment, data).content.decode()
