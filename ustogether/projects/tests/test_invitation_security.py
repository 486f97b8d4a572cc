"""Invitations: only for their owner, they run out, they are limited, and failures show."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ustogether.core.testing import make_cast, make_person
from ustogether.people import services as people_services
from ustogether.projects import services
from ustogether.projects.models import Invitation, Membership

pytestmark = pytest.mark.django_db


def _path(address: str) -> str:
    message = next(m for m in reversed(mail.outbox) if address in m.to)
    found = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def _invite(client: Client, project_id: int, email: str, message: str = "") -> str:
    response = client.post(
        reverse("projects:invite", args=[project_id]),
        {"email": email, "role": "member", "message": message},
        follow=True,
    )
    return response.content.decode()


def test_a_forwarded_co_lead_invitation_does_not_make_someone_else_a_co_lead() -> None:
    cast = make_cast()
    services.invitation_create(
        project=cast.project, by=cast.lead, email="kim@example.org", role=Membership.Role.CO_LEAD
    )
    client = Client()
    client.force_login(cast.outsider)
    path = _path("kim@example.org")
    page = client.get(path).content.decode()
    assert "This invitation was sent to another email address" in page
    client.post(path, {"accept": "1", "perspective": "carer"})
    assert not cast.project.memberships.filter(person=cast.outsider).exists()
    kim = make_person(email="kim@example.org")
    kim_client = Client()
    kim_client.force_login(kim)
    kim_client.post(path, {"accept": "1", "perspective": "carer"})
    assert cast.project.memberships.get(person=kim).role == Membership.Role.CO_LEAD


def test_invitations_run_out_after_the_projects_days_and_can_be_sent_again() -> None:
    cast = make_cast()
    cast.project.invitation_days = 7
    cast.project.save()
    invitation = services.invitation_create(
        project=cast.project, by=cast.lead, email="kim@example.org"
    )
    assert (invitation.expires_at - timezone.now()).days == 6  # 7 days, less a moment
    old_path = _path("kim@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    kim = make_person(email="kim@example.org")
    client = Client()
    client.force_login(kim)
    assert "This invitation has run out" in client.get(old_path).content.decode()
    client.post(old_path, {"accept": "1", "perspective": "carer"})
    assert not cast.project.memberships.filter(person=kim).exists()

    lead = Client()
    lead.force_login(cast.lead)
    assert (
        "Run out" in lead.get(reverse("projects:invite", args=[cast.project.pk])).content.decode()
    )
    lead.post(reverse("projects:resend", args=[cast.project.pk, invitation.pk]))
    new_path = _path("kim@example.org")
    assert new_path != old_path
    client.post(new_path, {"accept": "1", "perspective": "carer"})
    assert cast.project.memberships.filter(person=kim).exists()


def test_someone_without_an_account_can_say_no_and_sign_up_with_the_address() -> None:
    cast = make_cast()
    invitation = services.invitation_create(
        project=cast.project, by=cast.lead, email="kim@example.org"
    )
    path = _path("kim@example.org")
    page = Client().get(path).content.decode()
    signup = re.search(r'href="(/accounts/signup/\?email=[^"]+)"', page)
    assert signup is not None
    form = Client().get(signup.group(1).replace("&amp;", "&")).content.decode()
    assert 'value="kim@example.org"' in form
    assert Client().post(path, {"decline": "1"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED


def test_invitations_to_one_address_are_limited_with_when_to_try_again() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.org_admin)
    url = reverse("people:organisation", args=[cast.organisation.slug])
    for _ in range(3):
        client.post(url, {"email": "target@example.org", "role": "staff"})
    response = client.post(url, {"email": "target@example.org", "role": "staff"})
    assert response.status_code == 422
    assert "We have already emailed this address several times today" in response.content.decode()
    assert re.search(
        r"You can send another invitation (tomorrow )?after \d", response.content.decode()
    )
    assert len([m for m in mail.outbox if "target@example.org" in m.to]) == 3


def test_invitations_are_limited_per_person(settings: object) -> None:
    settings.RATE_LIMITS = {"invitations.person.hour": "3/h"}  # type: ignore[attr-defined]
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    for n in range(3):
        _invite(client, cast.project.pk, f"person{n}@example.org")
    page = _invite(client, cast.project.pk, "person9@example.org")
    assert "You have sent a lot of invitations in a short time" in page
    assert re.search(r"You can send more (tomorrow )?after \d", page)
    assert not Invitation.objects.filter(email="person9@example.org").exists()


def test_invitations_are_limited_per_organisation(settings: object) -> None:
    settings.RATE_LIMITS = {"invitations.organisation.day": "2/d"}  # type: ignore[attr-defined]
    cast = make_cast()
    services.invitation_create(project=cast.project, by=cast.lead, email="a@example.org")
    people_services.organisation_add_staff(
        organisation=cast.organisation, email="b@example.org", role="staff", by=cast.org_admin
    )
    client = Client()
    client.force_login(cast.org_admin)
    page = _invite(client, cast.project.pk, "c@example.org")
    assert "You can send more" in page
    assert not Invitation.objects.filter(email="c@example.org").exists()


def test_an_invitation_message_cannot_carry_a_web_address() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    page = _invite(client, cast.project.pk, "kim@example.org", "Log in at https://evil.example")
    assert "Take out the web address" in page
    assert not Invitation.objects.exists()


def test_an_email_address_over_254_characters_is_refused_in_plain_words() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    long_address = "a" * 300 + "@example.org"
    page = _invite(client, cast.project.pk, long_address)
    assert "An email address can be at most 254 characters long" in page
    assert 'maxlength="254"' in page
    assert not Invitation.objects.exists()
    admin = Client()
    admin.force_login(cast.org_admin)
    response = admin.post(
        reverse("people:organisation", args=[cast.organisation.slug]),
        {"email": long_address, "role": "staff"},
    )
    assert "An email address can be at most 254 characters long" in response.content.decode()


def test_a_line_break_in_a_project_title_is_refused() -> None:
    cast = make_cast()
    stage = cast.project.stages.first()
    assert stage is not None
    client = Client()
    client.force_login(cast.lead)
    response = client.post(
        reverse("projects:edit", args=[cast.project.pk]),
        {
            "title": "Short breaks\nBcc: everyone@example.org",
            "purpose": "Better short breaks.",
            "visibility": "public",
            "joining": "open",
            "current_stage": stage.pk,
        },
    )
    assert response.status_code == 422
    assert "Write this on one line" in response.content.decode()


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages: object) -> int:
        raise ConnectionRefusedError("the mail server did not answer")


def test_a_failed_invitation_email_is_recorded_and_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    from ustogether.core import email

    cast = make_cast()
    monkeypatch.setattr(
        email, "get_connection", lambda *a, **k: BrokenBackend()
    )  # every delivery fails
    invitation = services.invitation_create(
        project=cast.project, by=cast.lead, email="kim@example.org"
    )
    client = Client()
    client.force_login(cast.lead)
    page = client.get(reverse("projects:invite", args=[cast.project.pk])).content.decode()
    assert "We could not send 1 invitation" in page
    assert "the mail server did not answer" in page
    monkeypatch.undo()
    client.post(reverse("projects:resend", args=[cast.project.pk, invitation.pk]))
    page = client.get(reverse("projects:invite", args=[cast.project.pk])).content.decode()
    assert "We could not send" not in page
