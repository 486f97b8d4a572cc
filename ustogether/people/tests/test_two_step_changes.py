"""Changing two-step sign-in once it is on: turning the app off, new recovery codes,
security keys. Each change asks the person to prove it is them again first."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import PASSWORD, give_two_step, make_person
from ustogether.people.models import Person
from ustogether.people.tests.security_key import SoftwareSecurityKey

pytestmark = pytest.mark.django_db(transaction=True)  # allauth emails on commit


def _proved_again(person: Person) -> Client:
    """Signed in, and has just typed their password again, as allauth asks before a change."""
    client = Client()
    client.force_login(person)
    asked = client.get(reverse("mfa_deactivate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(asked["Location"], {"password": PASSWORD})
    return client


def test_turning_the_app_off_after_typing_the_password_again() -> None:
    person = make_person(email="ana@example.org")
    give_two_step(person)
    client = _proved_again(person)
    page = client.get(reverse("mfa_deactivate_totp"))
    assert page.status_code == 200
    client.post(reverse("mfa_deactivate_totp"), {})
    assert not Authenticator.objects.filter(user=person, type="totp").exists()


def test_new_recovery_codes_replace_the_old_ones() -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    person = make_person(email="bo@example.org")
    give_two_step(person)
    RecoveryCodes.activate(person)  # as turning on the app does through the page
    client = _proved_again(person)
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
    old = Authenticator.objects.get(user=person, type="recovery_codes")
    old_codes = set(old.wrap().get_unused_codes())
    assert old_codes, "there are codes to replace"
    assert client.get(reverse("mfa_generate_recovery_codes")).status_code == 200
    client.post(reverse("mfa_generate_recovery_codes"), {})
    new = Authenticator.objects.get(user=person, type="recovery_codes")
    assert set(new.wrap().get_unused_codes()).isdisjoint(old_codes)


def test_proving_it_is_you_with_a_code_sent_by_email() -> None:
    person = make_person(email="cy@example.org")
    client = Client()
    client.force_login(person)
    client.post(reverse("account_request_reauthentication_code"), {"recipient": person.email})
    confirm = client.get(reverse("account_confirm_reauthentication_code"))
    assert confirm.status_code == 200
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", str(mail.outbox[-1].body))
    assert code, mail.outbox[-1].body
    # Before the code, changing two-step sign-in asks to prove it; after, it does not.
    assert client.get(reverse("mfa_activate_totp")).status_code == 302
    client.post(reverse("account_confirm_reauthentication_code"), {"code": code.group(1)})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_naming_and_removing_a_security_key() -> None:
    """A key's own data comes from a real key in the browser, which no test has; naming
    and removing one read only its name, so a stored key with a name is enough here."""
    person = make_person(email="di@example.org")
    give_two_step(person)
    client = _proved_again(person)
    assert client.get(reverse("mfa_add_webauthn")).status_code == 200
    key = Authenticator.objects.create(
        user=person, type="webauthn", data={"name": "My key", "credential": {}}
    )
    edit = reverse("mfa_edit_webauthn", args=[key.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {"name": "Blue key"})
    key.refresh_from_db()
    assert key.data["name"] == "Blue key"
    remove = reverse("mfa_remove_webauthn", args=[key.pk])
    assert client.get(remove).status_code == 200
    client.post(remove, {})
    assert not Authenticator.objects.filter(pk=key.pk).exists()
    # Someone else's key is not theirs to name or remove.
    other = make_person(email="ed@example.org")
    theirs = Authenticator.objects.create(
        user=other, type="webauthn", data={"name": "Their key", "credential": {}}
    )
    assert client.get(reverse("mfa_edit_webauthn", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("mfa_remove_webauthn", args=[theirs.pk])).status_code == 404
    assert Authenticator.objects.filter(pk=theirs.pk).exists()


def _add_security_key(person: Person) -> SoftwareSecurityKey:
    """The person, who already has the app, adds a (software) security key through
    allauth's own add page."""
    give_two_step(person)
    client = _proved_again(person)
    key = SoftwareSecurityKey()
    page = client.get(reverse("mfa_add_webauthn"))
    credential = key.register(page.context["js_data"]["creation_options"])
    added = client.post(reverse("mfa_add_webauthn"), {"name": "Blue key", "credential": credential})
    assert added.status_code == 302, added.content.decode()
    assert Authenticator.objects.filter(user=person, type="webauthn").count() == 1
    return key


def _asked_to_prove_it_with_a_key(client: Client, change: str) -> str:
    """Opens a page that needs a recent sign-in; from the password page it sends them
    to, follows the link to use a security key instead. Returns that link."""
    asked = client.get(change)
    assert asked.status_code == 302
    password_page = client.get(asked["Location"])
    assert password_page.status_code == 200
    links = {
        alt["id"]: alt["url"] for alt in password_page.context["reauthentication_alternatives"]
    }
    return str(links["mfa_reauthenticate:webauthn"])


def _used_a_key_to_prove_it(client: Client) -> bool:
    return any(
        (record.get("method"), record.get("type"), record.get("reauthenticated"))
        == ("mfa", "webauthn", True)
        for record in client.session.get("account_authentication_methods", [])
    )


def test_proving_it_is_you_with_a_security_key() -> None:
    person = make_person(email="fay@example.org")
    key = _add_security_key(person)
    stored = Authenticator.objects.get(user=person, type="webauthn")
    client = Client()
    client.force_login(person)  # a later visit: they have not proved it is them yet
    change = reverse("mfa_edit_webauthn", args=[stored.pk])
    use_a_key = _asked_to_prove_it_with_a_key(client, change)
    assert use_a_key.startswith(reverse("mfa_reauthenticate_webauthn"))

    page = client.get(use_a_key)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Check it is you" in html  # our page, in plain words, not allauth's own
    assert "Use my security key or passkey" in html
    credential = key.sign(page.context["js_data"]["request_options"])
    proved = client.post(use_a_key, {"credential": credential, "next": change})

    assert proved.status_code == 302
    assert proved["Location"] == change  # back to the change they asked for
    assert _used_a_key_to_prove_it(client)
    stored.refresh_from_db()
    assert stored.last_used_at is not None
    assert client.get(change).status_code == 200  # the change now opens


def test_a_security_key_answer_with_a_wrong_signature_is_refused() -> None:
    person = make_person(email="gil@example.org")
    key = _add_security_key(person)
    stored = Authenticator.objects.get(user=person, type="webauthn")
    client = Client()
    client.force_login(person)
    change = reverse("mfa_edit_webauthn", args=[stored.pk])
    use_a_key = _asked_to_prove_it_with_a_key(client, change)

    for forged in (
        lambda options: key.sign(options, spoil=True),  # one byte of the signature changed
        lambda options: SoftwareSecurityKey().sign(options),  # a key they never added
    ):
        page = client.get(use_a_key)
        refused = client.post(
            use_a_key,
            {"credential": forged(page.context["js_data"]["request_options"]), "next": change},
        )
        assert refused.status_code == 302
        assert refused["Location"] == reverse("account_login")
        assert not _used_a_key_to_prove_it(client)
        assert client.get(change).status_code == 302  # still asked to prove it
    stored.refresh_from_db()
    assert stored.last_used_at is None
