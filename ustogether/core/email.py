"""Email leaves Us Together through a background task.

Django and allauth call the configured email backend directly. This backend
turns each message into plain data and enqueues a django-tasks task, which
hands it to the backend that really delivers (EMAIL_DELIVERY_BACKEND). With the
immediate task backend (demo, tests) that happens at once; with the database
backend, `manage.py db_worker` sends it, so a slow mail server never slows a page.
No library does this for django-tasks, so it is written here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
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
def deliver_email(data: dict[str, Any]) -> int:
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    return connection.send_messages([data_to_message(data)]) or 0


class TaskEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            if message.attachments:
                raise ValueError("Email with attachments cannot be queued; send a link instead.")
            deliver_email.enqueue(message_to_data(message))
        return len(email_messages)
