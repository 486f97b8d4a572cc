"""Telling the people invited, each in the way they chose, through the task queue.

Email goes at once (by the task worker). People who asked for post, a phone
call or word through their supporter are put on the organiser's list of things
to send by hand (`Notification` rows not yet done), with a letter page to print.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from ustogether.core.email import send_email, site_url
from ustogether.people.models import Person

from .models import Invitee, Meeting, Notification

CHANNEL_FOR_CONTACT: dict[str, str] = {
    Person.ContactBy.EMAIL: Notification.Channel.EMAIL,
    Person.ContactBy.POST: Notification.Channel.POST,
    Person.ContactBy.PHONE: Notification.Channel.PHONE,
    Person.ContactBy.SUPPORTER: Notification.Channel.SUPPORTER,
}

SUBJECTS: dict[str, str] = {
    Notification.What.INVITED: "You are invited: {title}",
    Notification.What.POLL: "Which times suit you? {title}",
    Notification.What.FIXED: "Date fixed: {title}",
    Notification.What.MOVED: "The date or time has changed: {title}",
    Notification.What.CHANGED: "Where we meet has changed: {title}",
    Notification.What.CANCELLED: "Cancelled: {title}",
    Notification.What.REMINDER: "Reminder: {title}",
    Notification.What.PAPERS: "Papers to read before: {title}",
    Notification.What.EASY_READ: "An Easy Read paper to read before: {title}",
}
# Told only to people still coming: a reminder, and news of an Easy Read paper.
FOR_PEOPLE_COMING = {
    Notification.What.REMINDER,
    Notification.What.EASY_READ,
}


def meeting_link(meeting: Meeting) -> str:
    return site_url(
        reverse("meetings:detail", kwargs={"project_id": meeting.project_id, "pk": meeting.pk})
    )


def tell(
    meeting: Meeting,
    invitees: list[Invitee],
    what: str,
    *,
    exclude_not_coming: bool = False,
    paper_title: str = "",
) -> list[Notification]:
    """Make one notification per person; send the emails now."""
    now = timezone.now()
    made = []
    for invitee in invitees:
        if exclude_not_coming and invitee.way == Invitee.Way.NOT_COMING:
            continue
        if not invitee.person.is_active:
            # A closed account is told nothing, and no new row names it.
            continue
        person = invitee.person
        channel = CHANNEL_FOR_CONTACT.get(person.contact_by, Notification.Channel.EMAIL)
        note = Notification(
            meeting=meeting, person=person, what=what, channel=channel, created_at=now
        )
        if channel == Notification.Channel.EMAIL:
            send_email(
                subject=SUBJECTS[what].format(title=meeting.title),
                body=render_to_string(
                    "meetings/email/notice.txt",
                    {
                        "meeting": meeting,
                        "what": what,
                        "person": person,
                        "link": meeting_link(meeting),
                        "paper_title": paper_title,
                    },
                ),
                to=person.email,
                scope=meeting.project,
                about=meeting,
            )
            note.done_at = now
        made.append(note)
    Notification.objects.bulk_create(made)
    Invitee.objects.filter(pk__in=[i.pk for i in invitees]).update(
        **({"reminded_at": now} if what == Notification.What.REMINDER else {"last_told_at": now})
    )
    return made


@task()
def tell_invitees_task(
    meeting_id: int, what: str, person_ids: list[int] | None = None, paper_title: str = ""
) -> int:
    meeting = Meeting.objects.select_related("project", "venue").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    invitees = meeting.invitees.select_related("person")
    if person_ids is not None:
        invitees = invitees.filter(person_id__in=person_ids)
    return len(
        tell(
            meeting,
            list(invitees),
            what,
            exclude_not_coming=what in FOR_PEOPLE_COMING,
            paper_title=paper_title,
        )
    )


def tell_invitees(
    *, meeting_id: int, what: str, person_ids: list[int] | None = None, paper_title: str = ""
) -> None:
    """Queue the telling: everyone invited, or only `person_ids` (people just invited).
    `paper_title` names the paper an Easy Read version was written for."""
    tell_invitees_task.enqueue(meeting_id, what, person_ids, paper_title)
