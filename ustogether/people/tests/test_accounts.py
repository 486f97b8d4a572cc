"""Signing up and in with allauth, in plain words."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import PASSWORD, make_person
from ustogether.people.models import Person

pytestmark = pytest.mark.django_db


def test_signing_up_asks_for_a_name_and_sends_a_check_email() -> None:
    response = Client().post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "full_name": "Nia Evans",
            "password1": "a-good-long-password-9",
            "password2": "a-good-long-password-9",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(email="new@example.org")
    assert person.full_name == "Nia Evans"
    assert len(mail.outbox) == 1
    assert "new@example.org" in mail.outbox[0].to


def test_empty_sign_up_says_what_to_do_in_plain_words() -> None:
    response = Client().post(reverse("account_signup"), {})
    html = response.content.decode()
    assert "Enter your email address." in html
    assert "Make a password." in html
    assert "Enter your name." in html
    assert "This field is required." not in html


def test_a_wrong_password_suggests_a_code_instead() -> None:
    person = make_person()
    response = Client().post(
        reverse("account_login"), {"login": person.email, "password": "wrong-one"}
    )
    assert "sign in with a code instead" in response.content.decode()


def test_the_right_password_signs_in() -> None:
    person = make_person()
    client = Client()
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("people:home")).status_code == 200


def test_a_sign_in_code_arrives_by_email() -> None:
    person = make_person()
    client = Client()
    response = client.post(reverse("account_request_login_code"), {"email": person.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert person.email in mail.outbox[0].to
