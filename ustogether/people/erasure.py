"""Closing an account: every copy of what identifies a person goes.

`people.services.person_erase` blanks the person's own row. Copies elsewhere (an
invitation sent to their address, an audit label that named them, an email
waiting in the task queue) are removed here. Apps above `people` add their own
copies with `@eraser`, so this module never imports them; last, `sweep` looks
through the audit log, the admin's log and the task queue for anything left.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.db.models import Q
from django.utils.translation import gettext as _

from ustogether.core.audit import audit_redaction
from ustogether.core.models import AuditEvent
from ustogether.people.models import Person, StaffInvitation

# Identity strings shorter than this are too common to hunt for as text (a first
# name like "Mo" is part of many words); they go with the rows that hold them.
MIN_NEEDLE = 4


@dataclass(frozen=True)
class Identity:
    """What identified a person, gathered before their row is blanked."""

    person_id: int
    emails: frozenset[str]
    words: frozenset[str]

    @property
    def needles(self) -> list[str]:
        found = {s.strip() for s in (*self.emails, *self.words) if len(s.strip()) >= MIN_NEEDLE}
        found |= {e.split("@")[0] for e in self.emails if len(e.split("@")[0]) >= MIN_NEEDLE}
        # Longest first, so a full email goes before the name inside it.
        return sorted(found, key=len, reverse=True)


Eraser = Callable[[Identity], None]
ERASERS: list[Eraser] = []


def eraser(function: Eraser) -> Eraser:
    """Register a function that removes an app's copies of a person's identity."""
    ERASERS.append(function)
    return function


def identity_of(person: Person, extra_emails: Iterable[str] = ()) -> Identity:
    words = {
        person.full_name,
        person.preferred_name,
        person.phone,
        person.postal_address,
        person.supporter_name,
        person.supporter_contact,
    }
    emails = {person.email.lower(), *(e.lower() for e in extra_emails)}
    return Identity(
        person_id=person.pk,
        emails=frozenset(e for e in emails if e),
        words=frozenset(w for w in words if w.strip()),
    )


def erase_copies(identity: Identity) -> None:
    for function in ERASERS:
        function(identity)
    sweep(identity)


def email_q(field: str, emails: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for email in emails:
        q |= Q(**{f"{field}__iexact": email})
    return q


@eraser
def _staff_invitations(identity: Identity) -> None:
    StaffInvitation.objects.filter(email_q("email", identity.emails)).update(email="")


def _scrub(text: str, needles: list[str]) -> str:
    former = _("a former member")
    for needle in needles:
        lowered = text.lower()
        at = lowered.find(needle.lower())
        while at != -1:
            text = text[:at] + former + text[at + len(needle) :]
            lowered = text.lower()
            at = lowered.find(needle.lower(), at + len(former))
    return text[:1].upper() + text[1:] if text.lower().startswith(former) else text


def _mentioning(field: str, needles: list[str]) -> Q:
    q = Q(pk__in=[])
    for needle in needles:
        q |= Q(**{f"{field}__icontains": needle})
    return q


def sweep(identity: Identity) -> None:
    """Find what is left: audit labels and data, the admin's log, queued and sent email."""
    needles = identity.needles
    if not needles:
        return
    events = AuditEvent.objects.filter(
        _mentioning("subject_label", needles) | _mentioning("data", needles)
    )
    with audit_redaction("A person closed their account: their name is taken out.") as redaction:
        for event in events:
            subject = event.subject
            # Label it afresh from the subject, now that the subject is blanked too.
            label = str(subject)[:200] if subject is not None else event.subject_label
            event.subject_label = _scrub(label, needles)
            event.data = json.loads(_scrub(json.dumps(event.data), needles))
            event.save(update_fields=["subject_label", "data"])
            redaction.changed += 1
    for entry in LogEntry.objects.filter(_mentioning("object_repr", needles)):
        entry.object_repr = _scrub(entry.object_repr, needles)
        entry.change_message = _scrub(entry.change_message, needles)
        entry.save(update_fields=["object_repr", "change_message"])
    _forget_email_tasks(needles)


def _forget_email_tasks(needles: list[str]) -> None:
    """Email to or about the person, queued or sent, goes from the task table."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(
        _mentioning("args_kwargs", needles) | _mentioning("return_value", needles)
    ).delete()
