"""Email leaves Us Together through a background task.

Django and allauth call the configured email backend directly. This backend
turns each message into plain data and enqueues a django-tasks task, which
hands it to the backend that really delivers (EMAIL_DELIVERY_BACKEND). With the
immediate task backend (demo, tests) that happens at once; with the database
backend, `manage.py db_worker` sends it, so a slow mail server never slows a page.
No library does this for django-tasks, so it is written here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models
from django.http import HttpRequest, HttpResponse
from django_tasks import task


def message_to_data(message: EmailMessage) -> dict[str, Any]:
    alternatives = getattr(message, "alternatives", [])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), str(mimetype)] for content, mimetype in alternatives],
    }


def data_to_message(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


@task()
def deliver_email(data: dict[str, Any], about: dict[str, Any] | None = None) -> int:
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    try:
        return connection.send_messages([data_to_message(data)]) or 0
    except Exception as error:
        # Whatever went wrong (a refused address, a mail server down), the person
        # who sent it must be able to see it: it goes in the audit log of what it was about.
        if about is not None:
            _record_failure(about, error)
        raise


def _record_failure(about: dict[str, Any], error: Exception) -> None:
    from ustogether.core.audit import record_event

    def load(key: str) -> models.Model | None:
        if about.get(key) is None:
            return None
        content_type_id, pk = about[key]
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        return model._default_manager.filter(pk=pk).first() if model else None

    record_event(
        load("scope"),
        "email.failed",
        actor=None,
        subject=load("subject"),
        data={"error": f"{error.__class__.__name__}: {error}"[:300]},
    )


def _ref(obj: models.Model | None) -> list[int] | None:
    if obj is None:
        return None
    return [ContentType.objects.get_for_model(obj).pk, obj.pk]


def send_email(
    *, subject: str, body: str, to: str, scope: models.Model | None, about: models.Model
) -> None:
    """Send one plain-text email about something (an invitation, say).

    If it cannot be delivered, an "email.failed" event is recorded against `about`,
    in `scope`'s log, so the sender can be told. A subject is one line: line
    breaks in it would stop the email from being sent at all.
    """
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])
    deliver_email.enqueue(message_to_data(message), {"scope": _ref(scope), "subject": _ref(about)})


# The address of the site as the current request reached it, for links in email
# when SITE_URL is not set (so `make demo PORT=8011` links to port 8011).
_request_site: ContextVar[str | None] = ContextVar("request_site", default=None)


class SiteAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # get_host() checks the host against ALLOWED_HOSTS, so a forged Host header
        # never reaches an email.
        token = _request_site.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_site.reset(token)


def site_url(path: str) -> str:
    """A full link to `path` on this site: SITE_URL if set, else where the request came in."""
    base = settings.SITE_URL or _request_site.get() or "http://127.0.0.1:8000"
    return base.rstrip("/") + path


class TaskEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            if message.attachments:
                raise ValueError("Email with attachments cannot be queued; send a link instead.")
            deliver_email.enqueue(message_to_data(message), None)
        return len(email_messages)
