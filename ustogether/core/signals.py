"""Security events in the audit log: sign-ins, failed sign-ins and refused access.

They hold who and when, never what was typed: a failed sign-in records that it
failed and, if the address belongs to an account, whose; never the password.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest

from ustogether.core.audit import record_event


def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record_event(None, "person.signed_in", actor=user, subject=user)


def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")
    account = get_user_model().objects.filter(email__iexact=email).first() if email else None
    # Someone else may have typed this person's address: the event is about them,
    # not by them, and names no address that has no account.
    record_event(None, "person.sign_in_failed", actor=None, subject=account)


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="ustogether.audit.signed_in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="ustogether.audit.sign_in_failed")
