"""Receivers for allauth's signals."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from ustogether.people import services


@receiver(email_confirmed)
def give_waiting_staff_roles(
    sender: Any, request: Any, email_address: EmailAddress, **kwargs: Any
) -> None:
    services.staff_invitations_take_up(person=email_address.user, email=email_address.email)
