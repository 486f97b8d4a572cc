"""Size limits where size costs, plain words for every limit, and links that follow the site."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import make_cast, make_person
from ustogether.projects import services

pytestmark = pytest.mark.django_db


def test_a_50_mb_request_is_refused_before_it_is_read() -> None:
    person = make_person()
    client = Client()
    client.force_login(person)

    class Unread:
        """A body that fails the test if anything reads it."""

        def read(self, *args: object) -> bytes:
            raise AssertionError("the body was read")

        readline = read

    response = client.generic(
        "POST",
        reverse("plainlanguage:check"),
        CONTENT_LENGTH=str(50 * 1024 * 1024),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        **{"wsgi.input": Unread()},  # type: ignore[arg-type]
    )
    assert response.status_code == 413
    assert "That was too big to send" in response.content.decode()


def test_the_writing_check_takes_at_most_20000_characters_and_says_so() -> None:
    client = Client()
    client.force_login(make_person())
    page = client.get(reverse("plainlanguage:check")).content.decode()
    assert 'maxlength="20000"' in page
    assert "You can write up to 20000 characters." in page
    response = client.post(reverse("plainlanguage:check"), {"text": "Word. " * 10_000})
    assert response.status_code == 422
    assert "too long to check at once" in response.content.decode()


def test_the_writing_checks_are_limited_per_person(settings: object) -> None:
    settings.RATE_LIMITS = {"plaincheck.person.minute": "3/m"}  # type: ignore[attr-defined]
    client = Client()
    client.force_login(make_person())
    statuses = [
        client.post("/check-my-writing/fragment/", {"field": "text", "text": "Hello."}).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    page = client.post(reverse("plainlanguage:check"), {"text": "Hello."})
    assert page.status_code == 429
    assert "You can check again after" in page.content.decode()


def test_a_project_purpose_is_limited_and_the_limit_shown() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    page = client.get(reverse("projects:edit", args=[cast.project.pk])).content.decode()
    assert 'maxlength="5000"' in page
    assert "You can write up to 5000 characters." in page
    stage = cast.project.stages.first()
    assert stage is not None
    response = client.post(
        reverse("projects:edit", args=[cast.project.pk]),
        {
            "title": "Short breaks",
            "purpose": "x" * 1_000_000,
            "visibility": "public",
            "joining": "open",
            "current_stage": stage.pk,
        },
    )
    assert response.status_code == 422
    assert "Use 5000 characters or fewer. You have used 1000000." in response.content.decode()


def test_the_sign_up_name_has_a_limit_in_plain_words() -> None:
    page = Client().get(reverse("account_signup")).content.decode()
    assert re.search(r'id="id_full_name"[^>]*maxlength="150"', page)
    assert re.search(r'id="id_email"[^>]*maxlength="254"', page)
    response = Client().post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "full_name": "N" * 10025,
            "password1": "a-good-long-password-9",
            "password2": "a-good-long-password-9",
        },
    )
    html = response.content.decode()
    assert "Ensure this value" not in html
    assert "Use 150 characters or fewer. You have used 10025." in html


def test_a_phone_number_must_look_like_one() -> None:
    person = make_person()
    client = Client()
    client.force_login(person)
    form = {"full_name": person.full_name, "contact_by": "phone"}
    refused = client.post(reverse("people:profile_edit"), {**form, "phone": "call me maybe <b>"})
    assert refused.status_code == 422
    assert "Enter a phone number using numbers only" in refused.content.decode()
    saved = client.post(reverse("people:profile_edit"), {**form, "phone": "+44 (0)20 7946 0000"})
    assert saved.status_code == 302


def test_email_links_follow_the_address_the_site_runs_on(settings: object) -> None:
    cast = make_cast()
    client = Client(HTTP_HOST="localhost:8011")
    client.force_login(cast.lead)
    client.post(
        reverse("projects:invite", args=[cast.project.pk]),
        {"email": "kim@example.org", "role": "member"},
    )
    assert "http://localhost:8011/invitations/" in mail.outbox[-1].body
    # A deployment that sets SITE_URL gets exactly that.
    settings.SITE_URL = "https://ustogether.example.org"  # type: ignore[attr-defined]
    services.invitation_create(project=cast.project, by=cast.lead, email="lee@example.org")
    assert "https://ustogether.example.org/invitations/" in mail.outbox[-1].body
