"""Telling the people a check asks that it is waiting for them, each in their chosen way.

When a check opens, and again a few days before it closes, everyone it asks is
told: people who chose email get an email with a link, through the task queue;
people who chose post, a phone call or their supporter go on the co-leads' list of
things to pass on (`CheckNotice`, shown through contributions.passing_on) until a
co-lead says they told them. Closed accounts and people who left the project are
not asked, so they are not told.

Telling is not answering, and it must never say who answered. So the reminder
goes to everyone asked, answered or not, and says "if you have answered, thank
you". Reminding only the people who have not answered would mean working out,
with the key of the answered codes (anonymity.py), who has answered, and then
writing it down where no key is needed to read it: the co-lead's list of people
to phone, the emails waiting in the task queue's table, the mail server's logs.
A co-lead, or a copy of the database, could then tell who had answered by that
day, and with the totals from before and after, perhaps what they said.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from ustogether.contributions.passing_on import LIMIT, ToPassOn
from ustogether.core.audit import record_event
from ustogether.core.choices import label
from ustogether.core.email import send_email, site_url
from ustogether.meetings.models import TOOK_PART
from ustogether.people.models import Person
from ustogether.projects.models import Project
from ustogether.quality.models import Check, CheckNotice

# Remind people this many days before the last day to answer...
REMIND_DAYS_BEFORE = 3
# ...if the check has been open at least this long (a short check needs no reminder).
REMIND_AFTER_DAYS = 3

TELL_BY: dict[str, str] = {
    Person.ContactBy.POST: CheckNotice.TellBy.POST,
    Person.ContactBy.PHONE: CheckNotice.TellBy.PHONE,
    Person.ContactBy.SUPPORTER: CheckNotice.TellBy.SUPPORTER,
}


def people_asked(check: Check) -> QuerySet[Person]:
    """Who a check asks (as services.is_asked) and can still be told: members of the
    project who have not left and whose accounts are open; for a meeting, only those
    who took part in it. A follow-up asks the same people as the check it follows."""
    people = Person.objects.filter(
        is_active=True,
        memberships__project_id=check.project_id,
        memberships__left_at__isnull=True,
    )
    if check.meeting_id is not None:
        people = people.filter(
            meeting_invites__meeting_id=check.meeting_id,
            meeting_invites__attended__in=TOOK_PART,
        )
    return people.distinct().order_by("pk")


def check_link(check: Check) -> str:
    return site_url(reverse("quality:check", args=[check.project_id, check.pk]))


SUBJECTS: dict[str, str] = {
    CheckNotice.What.ASKED: "How did it go? {title}",
    CheckNotice.What.REMINDER: "Reminder: how did it go? {title}",
}


def words_for(check: Check, person: Person, what: str) -> str:
    """What to tell someone: the email, or the same words in a letter or on the phone."""
    return render_to_string(
        "quality/email/asked.txt",
        {"person": person, "check": check, "what": what, "link": check_link(check)},
    )


@transaction.atomic
def check_tell(*, check: Check, what: str) -> tuple[int, int]:
    """Tell everyone the check asks that it waits for them (`what`: asked, or a
    reminder). Emails go now; post, phone and supporters go on the co-leads' list.
    Returns how many were emailed and how many are on the list.

    Run by the task queue after a co-lead opened the check (their permission was
    checked then), or by the reminder command. Each is sent once per check, and a
    reminder not to someone whose first notice nobody has passed on yet."""
    if what not in CheckNotice.What.values:
        raise ValueError(f"Not a kind of telling: {what!r}")
    check = (
        Check.objects.select_for_update(of=("self",))
        .select_related("project", "meeting")
        .get(pk=check.pk)
    )
    done_field = "reminded_at" if what == CheckNotice.What.REMINDER else "told_at"
    if not check.is_open or getattr(check, done_field) is not None:
        return (0, 0)
    now = timezone.now()
    setattr(check, done_field, now)
    check.save(update_fields=[done_field])
    waiting: set[int] = set()
    if what == CheckNotice.What.REMINDER:
        waiting = set(
            CheckNotice.objects.filter(survey=check, told_at__isnull=True).values_list(
                "person_id", flat=True
            )
        )
    emailed = 0
    by_hand: list[CheckNotice] = []
    for person in people_asked(check):
        tell_by = TELL_BY.get(person.contact_by)
        if tell_by is not None:
            if person.pk not in waiting:
                # One time for all, so no notice stands out from the others.
                by_hand.append(
                    CheckNotice(
                        survey=check, person=person, what=what, tell_by=tell_by, created_at=now
                    )
                )
            continue
        if not person.email:
            continue
        send_email(
            subject=SUBJECTS[what].format(title=check.title),
            body=words_for(check, person, what),
            to=person.email,
            scope=check.project,
            about=check,
        )
        emailed += 1
    CheckNotice.objects.bulk_create(by_hand)
    record_event(
        check.project,
        "quality.check_reminded" if what == CheckNotice.What.REMINDER else "quality.check_told",
        actor=None,
        subject=check,
        data={"emailed": emailed, "to_tell_by_hand": len(by_hand)},
    )
    return (emailed, len(by_hand))


@task()
def check_tell_task(check_id: int, what: str) -> int:
    check = Check.objects.filter(pk=check_id).first()
    if check is None:
        return 0
    emailed, by_hand = check_tell(check=check, what=what)
    return emailed + by_hand


def tell_when_saved(check: Check, what: str = CheckNotice.What.ASKED) -> None:
    """Queue the telling once the check is saved, so a check that fails to open tells nobody."""
    transaction.on_commit(lambda: check_tell_task.enqueue(check.pk, what))


# Reminders: django-tasks runs tasks but does not schedule them, so `manage.py
# send_check_reminders` (run each day, or each hour, by cron or a systemd timer,
# beside send_meeting_reminders) finds the checks due one and queues a task for each.


def checks_due_a_reminder(today: dt.date) -> QuerySet[Check]:
    """Open checks whose last day is a few days away, open long enough, not yet reminded."""
    return Check.objects.filter(
        closed_at__isnull=True,
        reminded_at__isnull=True,
        closes_on__gte=today,
        closes_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
        opened_at__date__lte=today - dt.timedelta(days=REMIND_AFTER_DAYS),
    )


def reminder_day(check: Check, today: dt.date | None = None) -> dt.date | None:
    """The day the reminder will go, by the rule above; None if none will (already
    reminded, closed, or too short for a reminder)."""
    today = today or timezone.localdate()
    if check.reminded_at is not None or check.closed_at is not None:
        return None
    day = max(
        today,
        check.closes_on - dt.timedelta(days=REMIND_DAYS_BEFORE),
        timezone.localdate(check.opened_at) + dt.timedelta(days=REMIND_AFTER_DAYS),
    )
    return day if day <= check.closes_on else None


def queue_reminders(today: dt.date | None = None) -> int:
    due = list(checks_due_a_reminder(today or timezone.localdate()).values_list("pk", flat=True))
    for check_id in due:
        check_tell_task.enqueue(check_id, CheckNotice.What.REMINDER)
    return len(due)


# The co-leads' list of things to pass on


def notices_to_tell(project: Project) -> QuerySet[CheckNotice]:
    """Notices nobody has passed on yet, for checks still open, to people the check
    still asks: not someone who closed their account or left the project since."""
    return (
        CheckNotice.objects.filter(
            survey__project=project,
            survey__closed_at__isnull=True,
            survey__closes_on__gte=timezone.localdate(),
            told_at__isnull=True,
            person__is_active=True,
            person__memberships__project=project,
            person__memberships__left_at__isnull=True,
        )
        .select_related("survey", "person")
        .order_by("created_at", "id")
    )


def _contact(notice: CheckNotice) -> str:
    person = notice.person
    if notice.tell_by == CheckNotice.TellBy.POST:
        return " ".join(person.postal_address.split()) or _(
            "we do not have their address: ask them for it"
        )
    if notice.tell_by == CheckNotice.TellBy.PHONE:
        return person.phone or _("we do not have their number: ask them for it")
    return ", ".join(
        [
            person.supporter_name or _("we do not know their supporter's name"),
            person.supporter_contact or _("ask them how to reach their supporter"),
        ]
    )


def notices_to_pass_on(project: Project) -> list[ToPassOn]:
    """For the co-leads' list of things to pass on (see contributions.passing_on)."""
    return [
        ToPassOn(
            who=n.person.display_name,
            link=reverse("quality:check", args=[project.pk, n.survey_id]),
            link_text=n.survey.title,
            what=(
                _("remind them to answer the questions about how it went, by %(date)s")
                if n.what == CheckNotice.What.REMINDER
                else _("ask them to answer the questions about how it went, by %(date)s")
            )
            % {"date": date_format(n.survey.closes_on, "j F Y")},
            how=label(n, "tell_by"),  # core.choices: cheaper per row
            contact=_contact(n),
            words_link=reverse("quality:notice_words", args=[project.pk, n.survey_id, n.pk]),
            words_link_text=(
                _("Print the letter")
                if n.tell_by == CheckNotice.TellBy.POST
                else _("What to say")
                if n.tell_by == CheckNotice.TellBy.PHONE
                else _("What to pass on")
            ),
            told_url=reverse("quality:notice_told", args=[project.pk, n.survey_id, n.pk]),
            hidden=_("%(name)s, about “%(title)s”")
            % {"name": n.person.display_name, "title": n.survey.title},
        )
        for n in notices_to_tell(project)[:LIMIT]
    ]
