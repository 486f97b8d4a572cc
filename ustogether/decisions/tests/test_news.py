"""News of a decision for people who chose post or phone: it goes on the co-leads' list
of answers to pass on, with the same "We have told them" button, instead of an email."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ustogether.contributions import services as contribution_services
from ustogether.contributions.testing import say
from ustogether.core.audit import events_for
from ustogether.core.testing import Cast, make_cast, press, pressing_as
from ustogether.decisions import services
from ustogether.decisions.models import Decision, News
from ustogether.people.models import Person

pytestmark = pytest.mark.django_db


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _decided(cast: Cast) -> Decision:
    """A decision informed by the carer (post), the member (email) and an anonymous
    contribution by the observer (phone, but anonymous: never by hand)."""
    contribution_services.rules_update(
        project=cast.project, by=cast.lead, response_days=28, joint_sign_off=False
    )
    Person.objects.filter(pk=cast.carer.pk).update(
        contact_by=Person.ContactBy.POST, postal_address="4 Mill Lane\nRiverside"
    )
    Person.objects.filter(pk=cast.observer.pk).update(contact_by=Person.ContactBy.PHONE)
    informed = [
        say(cast.project, cast.carer, text="Post me the rota."),
        say(cast.project, cast.carer, text="And large print, please."),
        say(cast.project, cast.member, text="Email me the rota."),
    ]
    return services.decision_create(
        project=cast.project,
        by=cast.lead,
        title="Send the rota a week ahead",
        details="Everyone gets the rota a week ahead.",
        decided_on=timezone.localdate(),
        method=Decision.Method.CONSENSUS,
        informed_by=informed,
    )


def test_people_who_chose_post_are_listed_to_tell_and_others_are_emailed() -> None:
    cast = make_cast()
    mail.outbox.clear()
    decision = _decided(cast)
    # The member hears by email; the carer, who chose post, is not emailed.
    assert [m.to for m in mail.outbox] == [[cast.member.email]]
    [news] = News.objects.all()  # once, though two of her contributions informed it
    assert news.person == cast.carer and news.tell_by == "post" and news.update is None
    mail.outbox.clear()
    update = services.decision_update(
        decision=decision, by=cast.lead, status=Decision.Status.IN_PROGRESS, text="Started."
    )
    assert [m.to for m in mail.outbox] == [[cast.member.email]]
    assert News.objects.filter(update=update, person=cast.carer, told_at__isnull=True).exists()


def test_a_co_lead_says_the_news_was_passed_on() -> None:
    cast = make_cast()
    decision = _decided(cast)
    news = News.objects.get()
    listing = reverse("contributions:list", args=[cast.project.pk])
    action = reverse("decisions:news_told", args=[cast.project.pk, news.pk])
    assert action not in signed_in(cast.member).get(listing).content.decode()
    assert signed_in(cast.member).post(action).status_code == 403
    client = pressing_as(cast.lead)
    page = client.get(listing).content.decode()
    assert "news of the decision “Send the rota a week ahead”: Post" in page
    pressed = press(client, listing, action)
    assert pressed.status_code == 302 and pressed["Location"] == listing
    news.refresh_from_db()
    assert news.told_at is not None and news.told_by == cast.lead
    event = events_for(cast.project).get(verb="decision.told")
    assert event.subject_id == decision.pk and event.data == {"tell_by": "post"}
    assert action not in client.get(listing).content.decode()
    # Pressed again from an old page: still told once.
    assert signed_in(cast.lead).post(action).status_code == 302
    assert events_for(cast.project).filter(verb="decision.told").count() == 1


def test_news_of_another_project_cannot_be_marked_told() -> None:
    cast = make_cast()
    other = make_cast()
    _decided(other)
    news = News.objects.get()
    refused = signed_in(cast.lead).post(
        reverse("decisions:news_told", args=[cast.project.pk, news.pk])
    )
    assert refused.status_code == 404
    news.refresh_from_db()
    assert news.told_at is None


def test_an_anonymous_contribution_is_never_passed_on_by_hand() -> None:
    cast = make_cast()
    contribution_services.rules_update(
        project=cast.project, by=cast.lead, response_days=28, joint_sign_off=False
    )
    Person.objects.filter(pk=cast.carer.pk).update(contact_by=Person.ContactBy.PHONE)
    mail.outbox.clear()
    services.decision_create(
        project=cast.project,
        by=cast.lead,
        title="Quiet room",
        details="A quiet room.",
        decided_on=timezone.localdate(),
        method=Decision.Method.CONSENSUS,
        informed_by=[say(cast.project, cast.carer, text="Too loud.", anonymous=True)],
    )
    assert not News.objects.exists()
    assert [m.to for m in mail.outbox] == [[cast.carer.email]]


def test_nobody_is_asked_to_write_to_a_closed_account() -> None:
    cast = make_cast()
    decision = _decided(cast)
    Person.objects.filter(pk=cast.carer.pk).update(is_active=False)
    listing = reverse("contributions:list", args=[cast.project.pk])
    assert "news of the decision" not in signed_in(cast.lead).get(listing).content.decode()
    services.decision_update(
        decision=decision, by=cast.lead, status=Decision.Status.DONE, text="Done."
    )
    assert News.objects.count() == 1  # only the one from before the account closed
