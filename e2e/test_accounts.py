"""Signing in and out, by password or by a code sent by email, and forgotten passwords."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from e2e.conftest import Visitor, last_email_to, path_in, sign_in_with_password
from ustogether.core.testing import make_person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_a_code(visitor: Visitor) -> None:
    person = make_person(name="Olive Brown", email="olive@example.org")
    page = visitor.page
    mail.outbox.clear()

    visitor.visit("/accounts/login/", "sign in")
    visitor.submit("Sign in with a code sent to your email")
    page.wait_for_url(re.compile(r"/accounts/login/code/"))
    visitor.check("ask for a code")
    page.get_by_label("Email address").fill(person.email)
    visitor.submit("Send me a sign-in code")
    page.wait_for_url(re.compile(r"/accounts/login/code/confirm/"))
    visitor.check("type the code")

    email = last_email_to(person.email)
    assert "sign-in code" in email.subject.lower()
    match = re.search(r"^\s*([A-Z]{4}-[A-Z]{4})\s*$", str(email.body), re.MULTILINE)
    assert match, f"No code in the email:\n{email.body}"

    # A wrong code first: the error is shown and linked, in plain view.
    page.get_by_label("Sign-in code").fill("BBBB-CCCC")
    visitor.submit("Sign in")
    expect_error_summary(visitor, "wrong code")

    page.get_by_label("Sign-in code").fill(match.group(1))
    visitor.submit("Sign in")
    page.wait_for_url(re.compile(r"/home/$"))
    visitor.check("signed in")
    assert "Hello, Olive" in page.locator("h1").inner_text()

    visitor.visit("/accounts/email/", "email addresses")
    assert page.get_by_text("olive@example.org").is_visible()

    visitor.visit("/accounts/password/change/", "change your password")
    visitor.submit("Save your new password")
    assert page.title().startswith("Error: Change your password")
    visitor.check("change your password, with errors")

    visitor.visit("/accounts/logout/", "sign out")
    visitor.submit("Yes, sign me out")
    page.wait_for_url(re.compile(r"/$"))
    visitor.check("signed out")
    assert page.get_by_text("You have signed out.").is_visible()
    assert page.get_by_role("link", name="Sign in").first.is_visible()


def expect_error_summary(visitor: Visitor, name: str) -> None:
    page = visitor.page
    assert page.title().startswith("Error: "), page.title()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert summary.get_by_role("link").count() >= 1
    visitor.check(name)


def test_forgotten_password_is_reset_by_email(visitor: Visitor) -> None:
    person = make_person(name="Raj Patel", email="raj@example.org")
    page = visitor.page
    mail.outbox.clear()

    # A wrong password first: the message leads to the email address box.
    visitor.visit("/accounts/login/", "sign in")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill("not-my-password")
    visitor.submit("Sign in")
    expect_error_summary(visitor, "sign in, wrong password")
    page.locator(".govuk-error-summary").get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.id") == "id_login"
    assert page.get_by_label("Email address").input_value() == person.email

    page.get_by_role("link", name="Forgotten your password?").click()
    page.wait_for_url(re.compile(r"/accounts/password/reset/$"))
    visitor.check("forgotten password")
    page.get_by_label("Email address").fill(person.email)
    visitor.submit("Email me a link")
    page.wait_for_url(re.compile(r"/accounts/password/reset/done/"))
    visitor.check("reset link sent")

    visitor.visit(
        path_in(last_email_to(person.email), "/accounts/password/reset/key/"), "new password"
    )
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Type your new password again").fill("short")
    visitor.submit("Save your new password")
    expect_error_summary(visitor, "new password error")

    page.get_by_label("New password", exact=True).fill("Green-apples-in-autumn-7")
    page.get_by_label("Type your new password again").fill("Green-apples-in-autumn-7")
    visitor.submit("Save your new password")
    page.wait_for_url(re.compile(r"/accounts/password/reset/key/done/"))
    visitor.check("password changed")

    sign_in_with_password(visitor, person.email, "Green-apples-in-autumn-7")
    assert "Hello, Raj Patel" in page.locator("h1").inner_text()
