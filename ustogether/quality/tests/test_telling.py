"""Opening a check tells everyone it asks, in the way each chose: email now; post,
phone or a supporter on the co-leads' list of things to pass on. A reminder goes to
everyone asked, answered or not, so telling never shows who answered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ustogether.core.audit import events_for
from ustogether.core.testing import Cast, form_on, make_cast, make_person, press, pressing_as
from ustogether.meetings.models import Invitee
from ustogether.people.models import Person
from ustogether.people.services import person_erase
from ustogether.projects.models import Membership
from ustogether.quality import notify, services
from ustogether.quality.models import AnsweredMark, Check, CheckNotice
from ustogether.quality.tests.helpers import answer_all, new_members, open_check, yesterday
from ustogether.quality.tests.test_checks_meeting import attended, held

pytestmark = pytest.mark.django_db


def contact_by(person: Person, how: str, **details: str) -> None:
    Person.objects.filter(pk=person.pk).update(contact_by=how, **details)


def emailed() -> set[str]:
    return {to for message in mail.outbox for to in message.to}


def leave(cast: Cast, person: Person) -> None:
    Membership.objects.filter(project=cast.project, person=person).update(left_at=timezone.now())


def listing(cast: Cast) -> str:
    return reverse("contributions:list", args=[cast.project.pk])


def test_a_meeting_check_emails_only_the_people_who_took_part_with_a_link(
    django_capture_on_commit_callbacks: Any,
) -> None:
    cast = make_cast()
    left, closed = new_members(cast.project, 2)
    meeting = held(cast)
    attended(
        meeting,
        **{
            str(cast.member.pk): Invitee.Attended.IN_PERSON,
            str(cast.observer.pk): Invitee.Attended.ONLINE,
            str(cast.carer.pk): Invitee.Attended.ABSENT,
            str(left.pk): Invitee.Attended.IN_PERSON,
            str(closed.pk): Invitee.Attended.PHONE,
        },
    )
    leave(cast, left)
    Person.objects.filter(pk=closed.pk).update(is_active=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        check = services.check_open(project=cast.project, by=cast.lead, meeting=meeting)
    # Not the carer (did not come), the lead (not written down), the one who left
    # the project, the one who closed their account, nor anyone outside the project.
    assert emailed() == {cast.member.email, cast.observer.email}
    message = next(m for m in mail.outbox if m.to == [cast.member.email])
    assert message.subject == "How did it go? Garden planning day"
    assert reverse("quality:check", args=[cast.project.pk, check.pk]) + "\n" in message.body
    assert "You took part in “Garden planning day”" in message.body
    assert "Your answers are secret" in message.body
    assert check.closes_on.strftime("%-d %B %Y") in message.body
    assert "reminder" not in message.body.lower()
    check.refresh_from_db()
    assert check.told_at is not None
    event = events_for(cast.project).get(verb="quality.check_told")
    assert event.actor is None and event.subject_id == check.pk
    assert event.data == {"emailed": 2, "to_tell_by_hand": 0}


def test_a_check_about_no_meeting_tells_every_member_still_in_the_project(
    django_capture_on_commit_callbacks: Any,
) -> None:
    cast = make_cast()
    left, closed = new_members(cast.project, 2)
    leave(cast, left)
    person_erase(person=closed, by=closed)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        check = open_check(cast.project, cast.lead)
    assert emailed() == {p.email for p in (cast.lead, cast.member, cast.carer, cast.observer)}
    body = next(m for m in mail.outbox if m.to == [cast.carer.email]).body
    assert f"You are part of the project “{cast.project.title}”" in body
    assert CheckNotice.objects.filter(survey=check).count() == 0


def test_post_phone_and_supporter_people_go_on_the_list_not_in_the_post(
    django_capture_on_commit_callbacks: Any,
) -> None:
    cast = make_cast()
    contact_by(cast.member, Person.ContactBy.PHONE, phone="01632 960123")
    contact_by(cast.carer, Person.ContactBy.POST, postal_address="1 High Street\nRiverside")
    contact_by(
        cast.observer,
        Person.ContactBy.SUPPORTER,
        supporter_name="Sue Support",
        supporter_contact="sue@example.org",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        check = open_check(cast.project, cast.lead)
    assert emailed() == {cast.lead.email}
    notices = {n.person_id: n for n in CheckNotice.objects.filter(survey=check)}
    assert {pk: n.tell_by for pk, n in notices.items()} == {
        cast.member.pk: "phone",
        cast.carer.pk: "post",
        cast.observer.pk: "supporter",
    }
    assert all(n.what == "asked" and n.told_at is None for n in notices.values())
    page = pressing_as(cast.lead).get(listing(cast)).content.decode()
    assert "Things to pass on" in page
    assert "Mo Member" in page and "01632 960123" in page and "Phone call" in page
    assert "1 High Street Riverside" in page and "Letter by post" in page
    assert "Sue Support, sue@example.org" in page
    assert "ask them to answer the questions about how it went" in page
    check_page = pressing_as(cast.lead).get(
        reverse("quality:check", args=[cast.project.pk, check.pk])
    )
    shown = check_page.content.decode()
    assert "3 people asked to hear by post" in shown
    remind_on = (check.closes_on - dt.timedelta(days=3)).strftime("%-d %B")
    assert "We told everyone asked on" in shown
    assert f"We will remind them all on {remind_on}." in shown
    # Members do not see who is to be told.
    member_page = pressing_as(cast.carer).get(
        reverse("quality:check", args=[cast.project.pk, check.pk])
    )
    assert "asked to hear by post" not in member_page.content.decode()


@pytest.mark.parametrize(
    ("how", "link", "shown"),
    [
        ("post", "Print the letter", "4 Mill Lane"),
        ("phone", "What to say", "Phone them on 01632 960123"),
        ("supporter", "What to pass on", "Sue Support, sue@example.org"),
    ],
)
def test_the_co_lead_finds_the_words_to_send_or_say(how: str, link: str, shown: str) -> None:
    cast = make_cast()
    contact_by(
        cast.member,
        how,
        phone="01632 960123",
        postal_address="4 Mill Lane\nRiverside",
        supporter_name="Sue Support",
        supporter_contact="sue@example.org",
    )
    check = open_check(cast.project, cast.lead, title="Our walk in the park")
    notify.check_tell(check=check, what="asked")
    notice = CheckNotice.objects.get(survey=check)
    words = reverse("quality:notice_words", args=[cast.project.pk, check.pk, notice.pk])
    client = pressing_as(cast.lead)
    listed = client.get(listing(cast)).content.decode()
    assert f'href="{words}">{link}</a>' in listed
    page = client.get(words).content.decode()
    assert shown in page
    assert "How did it go? Our walk in the park" in page
    assert "Hello Mo Member," in page and "Your answers are secret" in page
    assert reverse("quality:check", args=[cast.project.pk, check.pk]) in page
    assert ("Large print" in page) == (how == "post")
    # Reading the words changes nothing: the co-lead still says when it is done.
    notice.refresh_from_db()
    assert notice.told_at is None


def test_the_words_page_costs_the_same_for_a_long_address() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cast = make_cast()
    client = pressing_as(cast.lead)
    counts = []
    for person, lines in ((cast.member, 2), (cast.carer, 6)):
        contact_by(person, "post", postal_address="\n".join(["1 Road"] * lines))
    check = open_check(cast.project, cast.lead)
    notify.check_tell(check=check, what="asked")
    for notice in CheckNotice.objects.filter(survey=check):
        url = reverse("quality:notice_words", args=[cast.project.pk, check.pk, notice.pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 7


def test_a_co_lead_presses_we_have_told_them_and_it_leaves_the_list() -> None:
    cast = make_cast()
    contact_by(cast.member, Person.ContactBy.PHONE, phone="01632 960123")
    check = open_check(cast.project, cast.lead)
    notify.check_tell(check=check, what="asked")
    notice = CheckNotice.objects.get(survey=check, person=cast.member)
    action = reverse("quality:notice_told", args=[cast.project.pk, check.pk, notice.pk])
    # A member sees no list and cannot say it was done.
    member = Client()
    member.force_login(cast.member)
    assert action not in member.get(listing(cast)).content.decode()
    assert member.post(action).status_code == 403
    notice.refresh_from_db()
    assert notice.told_at is None
    admin = pressing_as(cast.org_admin)
    old_page = admin.get(listing(cast)).content.decode()  # open before the co-lead presses
    client = pressing_as(cast.lead)
    pressed = press(client, listing(cast), action)
    assert pressed.status_code == 302
    assert pressed["Location"] == listing(cast) + "#pass-on"
    notice.refresh_from_db()
    assert notice.told_at is not None and notice.told_by == cast.lead
    event = events_for(cast.project).get(verb="quality.notice_told")
    assert event.actor == cast.lead and event.subject_id == check.pk
    assert event.data == {"tell_by": "phone", "what": "asked"}
    page = client.get(listing(cast)).content.decode()
    assert "Marked as told." in page and action not in page
    # The admin presses it on the page they opened before: it stays told once, by the co-lead.
    assert admin.post(action, form_on(old_page, action)).status_code == 302
    notice.refresh_from_db()
    assert notice.told_by == cast.lead
    assert events_for(cast.project).filter(verb="quality.notice_told").count() == 1


@pytest.mark.parametrize("who", ["member", "observer", "outsider", "finance"])
def test_only_co_leads_say_someone_was_told(who: str) -> None:
    cast = make_cast()
    contact_by(cast.carer, Person.ContactBy.POST)
    check = open_check(cast.project, cast.lead)
    notify.check_tell(check=check, what="asked")
    notice = CheckNotice.objects.get(survey=check)
    with pytest.raises(PermissionDenied):
        services.notice_mark_told(notice=notice, by=getattr(cast, who))
    notice.refresh_from_db()
    assert notice.told_at is None
    services.notice_mark_told(notice=notice, by=cast.org_admin)
    notice.refresh_from_db()
    assert notice.told_by == cast.org_admin


def test_someone_who_left_or_closed_their_account_leaves_the_list() -> None:
    cast = make_cast()
    contact_by(cast.member, Person.ContactBy.PHONE, phone="01632 960123")
    contact_by(cast.carer, Person.ContactBy.POST, postal_address="1 High Street")
    contact_by(cast.observer, Person.ContactBy.SUPPORTER)
    check = open_check(cast.project, cast.lead)
    notify.check_tell(check=check, what="asked")
    assert len(notify.notices_to_tell(cast.project)) == 3
    leave(cast, cast.member)
    person_erase(person=cast.carer, by=cast.carer)
    # An account switched off some other way (by a system administrator, say).
    Person.objects.filter(pk=cast.observer.pk).update(is_active=False)
    assert list(notify.notices_to_tell(cast.project)) == []
    page = pressing_as(cast.lead).get(listing(cast)).content.decode()
    assert "Things to pass on" not in page


def test_the_words_page_shows_contact_details_only_while_there_is_something_to_pass_on() -> None:
    cast = make_cast()
    contact_by(cast.member, Person.ContactBy.PHONE, phone="01632 960123")
    contact_by(cast.carer, Person.ContactBy.POST, postal_address="1 High Street")
    check = open_check(cast.project, cast.lead)
    notify.check_tell(check=check, what="asked")
    client = pressing_as(cast.lead)

    def words(person: Person) -> Any:
        notice = CheckNotice.objects.get(survey=check, person=person)
        return client.get(
            reverse("quality:notice_words", args=[cast.project.pk, check.pk, notice.pk])
        )

    assert "01632 960123" in words(cast.member).content.decode()
    assert "1 High Street" in words(cast.carer).content.decode()
    leave(cast, cast.member)  # gone from the project: their number is not shown
    assert words(cast.member).status_code == 404
    services.notice_mark_told(
        notice=CheckNotice.objects.get(survey=check, person=cast.carer), by=cast.lead
    )
    assert words(cast.carer).status_code == 404


@pytest.mark.parametrize("about_a_meeting", [True, False])
def test_the_people_told_are_exactly_the_people_who_may_answer(about_a_meeting: bool) -> None:
    cast = make_cast()
    left, closed, absent = new_members(cast.project, 3)
    meeting = held(cast)
    attended(
        meeting,
        **{
            str(p.pk): Invitee.Attended.IN_PERSON
            for p in (cast.member, cast.observer, left, closed)
        },
        **{str(absent.pk): Invitee.Attended.ABSENT},
    )
    leave(cast, left)
    Person.objects.filter(pk=closed.pk).update(is_active=False)
    if about_a_meeting:
        check = services.check_open(project=cast.project, by=cast.lead, meeting=meeting)
    else:
        check = open_check(cast.project, cast.lead)
    everyone = [
        cast.lead, cast.member, cast.carer, cast.observer, cast.org_admin, cast.finance,
        cast.outsider, left, absent,
    ]  # fmt: skip
    told = set(notify.people_asked(check))
    assert told == {p for p in everyone if services.can_answer(check, p)}
    assert told  # somebody is asked either way
    assert closed not in told


def test_a_closed_check_leaves_the_list() -> None:
    cast = make_cast()
    contact_by(cast.member, Person.ContactBy.PHONE, phone="01632 960123")
    check = open_check(cast.project, cast.lead)
    notify.check_tell(check=check, what="asked")
    assert len(notify.notices_to_tell(cast.project)) == 1
    services.check_close(check=check, by=cast.lead)
    assert list(notify.notices_to_tell(cast.project)) == []
    # A closed check tells nobody, and reminds nobody.
    later = open_check(cast.project, cast.lead, title="Later")
    services.check_close(check=later, by=cast.lead)
    mail.outbox.clear()
    assert notify.check_tell(check=later, what="asked") == (0, 0)
    assert mail.outbox == []


def test_a_follow_up_asks_the_people_who_took_part_in_the_meeting_again(
    django_capture_on_commit_callbacks: Any,
) -> None:
    cast = make_cast()
    meeting = held(cast)
    attended(meeting, **{str(cast.carer.pk): Invitee.Attended.SENT})
    first = services.check_open(project=cast.project, by=cast.lead, meeting=meeting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.check_open(
            project=cast.project,
            by=cast.lead,
            kind=Check.Kind.FOLLOW_UP,
            follow_up_of=first,
            held_on=yesterday(),
        )
    assert emailed() == {cast.carer.email}
    assert "what has happened since" in mail.outbox[0].body


def test_a_check_that_fails_to_open_tells_nobody(
    django_capture_on_commit_callbacks: Any,
) -> None:
    cast = make_cast()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.check_open(project=cast.project, by=cast.lead, title="", held_on=yesterday())
    assert mail.outbox == []
    assert CheckNotice.objects.count() == 0


def test_telling_again_tells_nobody_twice() -> None:
    cast = make_cast()
    contact_by(cast.member, Person.ContactBy.PHONE)
    check = open_check(cast.project, cast.lead)
    mail.outbox.clear()
    assert notify.check_tell(check=check, what="asked") == (3, 1)
    assert notify.check_tell(check=check, what="asked") == (0, 0)
    assert len(mail.outbox) == 3 and CheckNotice.objects.filter(survey=check).count() == 1


# Reminders, and anonymity


def _opened_days_ago(check: Check, days: int, closes_in: int) -> None:
    Check.objects.filter(pk=check.pk).update(
        opened_at=timezone.now() - dt.timedelta(days=days),
        closes_on=timezone.localdate() + dt.timedelta(days=closes_in),
    )


def test_a_check_is_due_a_reminder_a_few_days_before_it_closes_once() -> None:
    cast = make_cast()
    due = open_check(cast.project, cast.lead, title="Due")
    _opened_days_ago(due, 11, closes_in=3)
    too_early = open_check(cast.project, cast.lead, title="Closes later")
    _opened_days_ago(too_early, 5, closes_in=9)
    too_new = open_check(cast.project, cast.lead, title="Opened yesterday, closes soon")
    _opened_days_ago(too_new, 1, closes_in=2)
    closed = open_check(cast.project, cast.lead, title="Closed")
    _opened_days_ago(closed, 11, closes_in=2)
    services.check_close(check=closed, by=cast.lead)
    today = timezone.localdate()
    assert list(notify.checks_due_a_reminder(today)) == [due]
    # The check page's promise follows the same rule.
    for check in (due, too_early, too_new, closed):
        check.refresh_from_db()
    assert notify.reminder_day(due, today) == today
    assert notify.reminder_day(too_early, today) == today + dt.timedelta(days=6)
    # Three days old on its last day: reminded then.
    assert notify.reminder_day(too_new, today) == today + dt.timedelta(days=2)
    short = open_check(cast.project, cast.lead, title="Opened today, closes tomorrow")
    _opened_days_ago(short, 0, closes_in=1)
    short.refresh_from_db()
    assert notify.reminder_day(short, today) is None, "it closes before it is 3 days old"
    assert notify.reminder_day(closed, today) is None
    assert notify.queue_reminders(today) == 1
    assert list(notify.checks_due_a_reminder(today)) == []
    assert notify.queue_reminders(today) == 0


def test_the_reminder_goes_to_everyone_asked_whether_they_answered_or_not() -> None:
    cast = make_cast()
    contact_by(cast.member, Person.ContactBy.PHONE, phone="01632 960123")
    contact_by(cast.carer, Person.ContactBy.POST, postal_address="1 High Street")
    check = open_check(cast.project, cast.lead)
    notify.check_tell(check=check, what="asked")
    services.notice_mark_told(
        notice=CheckNotice.objects.get(survey=check, person=cast.member), by=cast.lead
    )
    answer_all(check, cast.lead)
    answer_all(check, cast.member)
    before = list(AnsweredMark.objects.filter(survey=check).values_list("code", flat=True))
    _opened_days_ago(check, 11, closes_in=2)
    mail.outbox.clear()
    out = call_command_output("send_check_reminders")
    assert "Queued reminders for 1 check(s)." in out
    # The lead answered and the observer did not: both get the same reminder.
    assert emailed() == {cast.lead.email, cast.observer.email}
    bodies = {m.body for m in mail.outbox}
    assert len({b.replace("Priya Lead", "X").replace("Obi Observer", "X") for b in bodies}) == 1
    assert all("If you have answered already, thank you" in b for b in bodies)
    assert mail.outbox[0].subject == f"Reminder: how did it go? {check.title}"
    # The member (answered, told by phone before) is on the list to remind; the carer,
    # whose first notice nobody passed on yet, is not listed twice.
    reminders = CheckNotice.objects.filter(survey=check, what="reminder")
    assert [n.person_id for n in reminders] == [cast.member.pk]
    assert CheckNotice.objects.filter(survey=check, person=cast.carer).count() == 1
    # Telling wrote nothing about who answered: the marks are as they were.
    assert list(AnsweredMark.objects.filter(survey=check).values_list("code", flat=True)) == (
        before
    )
    event = events_for(cast.project).get(verb="quality.check_reminded")
    assert event.actor is None and event.data == {"emailed": 2, "to_tell_by_hand": 1}
    # Once only.
    mail.outbox.clear()
    assert notify.queue_reminders() == 0
    assert notify.check_tell(check=check, what="reminder") == (0, 0)
    assert mail.outbox == []


def test_a_notice_says_the_same_for_someone_who_answered_as_for_someone_who_did_not() -> None:
    cast = make_cast()
    for person in (cast.member, cast.carer):
        contact_by(person, Person.ContactBy.PHONE)
    check = open_check(cast.project, cast.lead)
    notify.check_tell(check=check, what="asked")
    answer_all(check, cast.member)
    fields = ("what", "tell_by", "created_at", "told_at", "told_by_id")
    rows = {
        n.person_id: tuple(getattr(n, f) for f in fields)
        for n in CheckNotice.objects.filter(survey=check)
    }
    # Made at once for both, before anyone answered, and untouched by answering.
    assert rows[cast.member.pk] == rows[cast.carer.pk]


def test_nobody_outside_the_project_is_told(
    django_capture_on_commit_callbacks: Any,
) -> None:
    cast = make_cast()
    stranger = make_person("Stan Stranger")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        open_check(cast.project, cast.lead)
    assert not emailed() & {
        stranger.email,
        cast.outsider.email,
        cast.finance.email,
        cast.org_admin.email,
    }
    assert cast.member.email in emailed(), "the members were told"


def call_command_output(name: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("what", ["asked", "reminder"])
@pytest.mark.parametrize("kind", [Check.Kind.AFTER, Check.Kind.FOLLOW_UP])
def test_the_email_reads_plainly_at_nine_or_below(what: str, kind: str) -> None:
    from django.template.loader import render_to_string

    from ustogether.plainlanguage.checker import check as plain

    cast = make_cast()
    check = open_check(cast.project, cast.lead, title="Our walk in the park")
    check.kind = kind
    body = render_to_string(
        "quality/email/asked.txt",
        {"person": cast.member, "check": check, "what": what, "link": "http://x/"},
    )
    words = body.split("Answer the questions here:")[0].replace(cast.project.title, "the group")
    report = plain(words)
    assert report.reading_age <= 9, (report.reading_age, words)
    assert report.findings == (), [f.as_dict() for f in report.findings]
