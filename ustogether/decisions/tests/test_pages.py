"""The decision page's buttons, pressed as a browser would (with the page's own form and
CSRF token): a co-lead agreeing a draft, and a co-lead saying what happened next."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ustogether.contributions.testing import say
from ustogether.core.audit import events_for
from ustogether.core.testing import (
    Cast,
    add_member,
    form_on,
    make_cast,
    make_person,
    press,
    pressing_as,
)
from ustogether.decisions import services
from ustogether.decisions.models import Decision, SignOff
from ustogether.people.models import Person
from ustogether.projects.models import Membership, Perspective

pytestmark = pytest.mark.django_db


def signed_in(person: Person) -> Client:
    """A signed-in browser that does not check the CSRF token: what it is refused,
    the view refused."""
    client = Client()
    client.force_login(person)
    return client


def _decide(cast: Cast, **extra: Any) -> Decision:
    return services.decision_create(
        project=cast.project,
        by=cast.lead,
        title="Open the centre on Saturdays",
        details="From March the centre opens 10 to 4 on Saturdays.",
        decided_on=timezone.localdate(),
        method=Decision.Method.CONSENSUS,
        **extra,
    )


def _co_lead(cast: Cast, name: str, perspective: str) -> Person:
    person = make_person(name)
    add_member(cast.project, person, role=Membership.Role.CO_LEAD, perspective=perspective)
    return person


def _url(name: str, decision: Decision) -> str:
    return reverse(f"decisions:{name}", args=[decision.project_id, decision.pk])


def verbs(cast: Cast) -> list[str]:
    return list(events_for(cast.project).values_list("verb", flat=True))


# Agreeing a draft -----------------------------------------------------------------


def test_the_second_kind_of_co_lead_agrees_and_the_decision_is_shown(
    django_capture_on_commit_callbacks: Any,
) -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member, text="Please open on Saturdays.")
    decision = _decide(cast, informed_by=[contribution])
    assert not decision.is_published  # the project needs both kinds of co-lead
    lee = _co_lead(cast, "Lee Lived", Perspective.LIVED_EXPERIENCE)
    detail, action = _url("detail", decision), _url("sign", decision)
    # Only members see the draft; the public finds nothing yet.
    assert Client().get(detail).status_code == 404
    # The co-lead who wrote it has agreed already; a member and an admin may not agree.
    for person in (cast.lead, cast.member, cast.org_admin):
        assert action not in signed_in(person).get(detail).content.decode()
    assert signed_in(cast.member).post(action).status_code == 403
    assert signed_in(cast.org_admin).post(action).status_code == 403
    assert set(SignOff.objects.values_list("person_id", flat=True)) == {cast.lead.pk}
    mail.outbox.clear()
    client = pressing_as(lee)
    page = client.get(detail).content.decode()
    assert "It still needs to be agreed by:" in page
    assert "a co-lead who uses the services" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = press(client, detail, action)
    assert response.status_code == 302
    assert response["Location"] == detail
    decision.refresh_from_db()
    assert decision.is_published
    assert SignOff.objects.get(person=lee).perspective == Perspective.LIVED_EXPERIENCE
    signed = events_for(cast.project).get(verb="decision.signed_off")
    assert signed.actor == lee and signed.subject_id == decision.pk
    assert events_for(cast.project).get(verb="decision.published").actor == lee
    # The person whose contribution helped is told the decision was made.
    assert [m.to for m in mail.outbox] == [[cast.member.email]]
    assert mail.outbox[0].subject == "A decision was made: Open the centre on Saturdays"
    shown = client.get(detail).content.decode()
    assert "You agreed it. It is now shown." in shown
    assert "Lee Lived, a co-lead who uses the services, agreed it." in shown
    assert "This is a draft." not in shown and action not in shown
    assert Client().get(detail).status_code == 200


def test_a_co_lead_on_the_same_side_agrees_and_it_still_waits() -> None:
    cast = make_cast()
    decision = _decide(cast)
    pat = _co_lead(cast, "Pat Professional", Perspective.PROFESSIONAL)
    client = pressing_as(pat)
    response = press(client, _url("detail", decision), _url("sign", decision))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert not decision.is_published
    assert SignOff.objects.filter(decision=decision, person=pat).exists()
    assert "decision.published" not in verbs(cast)
    shown = client.get(response["Location"]).content.decode()
    assert "You agreed it. It still needs another co-lead." in shown
    assert "a co-lead who uses the services" in shown


def test_agreeing_twice_from_an_old_page_says_so_and_adds_nothing() -> None:
    cast = make_cast()
    decision = _decide(cast)
    pat = _co_lead(cast, "Pat Professional", Perspective.PROFESSIONAL)
    client = pressing_as(pat)
    old_page = client.get(_url("detail", decision)).content.decode()
    press(client, _url("detail", decision), _url("sign", decision))
    action = _url("sign", decision)
    response = client.post(action, form_on(old_page, action))
    assert response.status_code == 302
    assert SignOff.objects.filter(decision=decision, person=pat).count() == 1
    assert verbs(cast).count("decision.signed_off") == 1
    shown = client.get(response["Location"]).content.decode()
    assert "You have already agreed this decision." in shown


def test_a_decision_of_another_project_cannot_be_agreed_through_this_one() -> None:
    cast = make_cast()
    other = make_cast()
    elsewhere = _decide(other)
    response = signed_in(cast.lead).post(
        reverse("decisions:sign", args=[cast.project.pk, elsewhere.pk])
    )
    assert response.status_code == 404
    assert list(elsewhere.sign_offs.values_list("person_id", flat=True)) == [other.lead.pk]


# What happened next ---------------------------------------------------------------


def test_a_co_lead_drops_a_decision_with_a_reason_and_the_helpers_are_told(
    django_capture_on_commit_callbacks: Any,
) -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member, text="Please open on Saturdays.")
    decision = _decide(cast, informed_by=[contribution])
    services.decision_sign_off(
        decision=decision, by=_co_lead(cast, "Lee Lived", Perspective.LIVED_EXPERIENCE)
    )
    detail, action = _url("detail", decision), _url("update", decision)
    # A member sees no form and may not give news.
    assert action not in signed_in(cast.member).get(detail).content.decode()
    refused = signed_in(cast.member).post(action, {"status": "done", "text": "All done."})
    assert refused.status_code == 403
    client = pressing_as(cast.lead)
    # Dropped with no reason: refused, saying what to do; nothing changes.
    response = press(client, detail, action, status="dropped", text="")
    assert response.status_code == 422
    assert "Say why it was dropped." in response.content.decode()
    assert 'value="dropped" checked' in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PLANNED and not decision.updates.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = press(client, detail, action, status="dropped", text="The building is sold.")
    assert response.status_code == 302
    assert response["Location"] == detail
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DROPPED
    assert decision.dropped_reason == "The building is sold."
    assert list(decision.updates.values_list("by_id", "status", "text")) == [
        (cast.lead.pk, "dropped", "The building is sold.")
    ]
    event = events_for(cast.project).get(verb="decision.updated")
    assert event.actor == cast.lead and event.data == {"status": "dropped"}
    assert [m.to for m in mail.outbox] == [[cast.member.email]]
    assert "The building is sold." in mail.outbox[0].body
    shown = client.get(detail).content.decode()
    assert "The news is saved. People who helped are being told." in shown
    assert 'Dropped. <span class="ut-pre-line">The building is sold.</span>' in shown
    # The form now starts from where things are.
    assert form_on(shown, action)["status"] == "dropped"
    # Everyone who can see the project reads the news.
    assert "The building is sold." in Client().get(detail).content.decode()


def test_news_on_a_decision_of_another_project_finds_nothing() -> None:
    cast = make_cast()
    other = make_cast()
    elsewhere = _decide(other)
    response = signed_in(cast.lead).post(
        reverse("decisions:update", args=[cast.project.pk, elsewhere.pk]),
        {"status": "done", "text": "Done."},
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == Decision.Status.PLANNED and not elsewhere.updates.exists()
