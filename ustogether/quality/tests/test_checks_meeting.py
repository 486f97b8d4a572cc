"""A check about a meeting asks the people who took part in it, not everyone invited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ustogether.core.testing import Cast, make_cast, make_project
from ustogether.meetings.models import Invitee, Meeting
from ustogether.quality import services
from ustogether.quality.models import Check
from ustogether.quality.tests.helpers import answer_all, open_check, statements_of

pytestmark = pytest.mark.django_db


def held(cast: Cast, *, hours_ago: float = 26, title: str = "Garden planning day") -> Meeting:
    """A meeting that has happened, every member invited."""
    starts = timezone.now() - dt.timedelta(hours=hours_ago)
    meeting = Meeting.objects.create(
        project=cast.project,
        title=title,
        purpose="Plan the garden.",
        can_change="What we plant.",
        status=Meeting.Status.FIXED,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        created_by=cast.lead,
    )
    for membership in cast.project.memberships.filter(left_at__isnull=True):
        Invitee.objects.create(meeting=meeting, person=membership.person, invited_by=cast.lead)
    return meeting


def attended(meeting: Meeting, **how: str) -> None:
    """`member="in_person"`: how each person of the cast took part."""
    for person_id, value in how.items():
        Invitee.objects.filter(meeting=meeting, person_id=person_id).update(attended=value)


def ask_about(cast: Cast, meeting: Meeting) -> Check:
    return services.check_open(project=cast.project, by=cast.lead, meeting=meeting)


def one_answer(check: Check) -> dict[int, str]:
    return {statements_of(check)[0].pk: "agree"}


def test_a_check_about_a_meeting_takes_its_name_and_its_day_in_london() -> None:
    cast = make_cast()
    meeting = held(cast)
    attended(meeting, **{str(cast.member.pk): Invitee.Attended.IN_PERSON})
    check = ask_about(cast, meeting)
    assert check.meeting == meeting
    assert check.title == "Garden planning day"
    assert meeting.starts_at is not None
    assert check.held_on == timezone.localdate(meeting.starts_at)
    named = services.check_open(
        project=cast.project, by=cast.lead, meeting=meeting, title="Garden day, part 1"
    )
    assert named.title == "Garden day, part 1"


@pytest.mark.parametrize(
    "how",
    [
        Invitee.Attended.IN_PERSON,
        Invitee.Attended.ONLINE,
        Invitee.Attended.PHONE,
        Invitee.Attended.SENT,
    ],
)
def test_everyone_who_took_part_in_any_way_is_asked(how: str) -> None:
    cast = make_cast()
    meeting = held(cast)
    attended(meeting, **{str(cast.member.pk): how})
    check = ask_about(cast, meeting)
    assert services.can_answer(check, cast.member)
    services.check_answer(check=check, by=cast.member, answers=one_answer(check))
    check.refresh_from_db()
    assert check.answer_count == 1


@pytest.mark.parametrize("how", [Invitee.Attended.ABSENT, Invitee.Attended.NOT_RECORDED])
def test_someone_invited_who_did_not_take_part_is_not_asked(how: str) -> None:
    cast = make_cast()
    meeting = held(cast)
    attended(
        meeting,
        **{str(cast.member.pk): Invitee.Attended.IN_PERSON, str(cast.carer.pk): how},
    )
    check = ask_about(cast, meeting)
    assert not services.can_answer(check, cast.carer)
    with pytest.raises(PermissionDenied):
        services.check_answer(check=check, by=cast.carer, answers=one_answer(check))
    check.refresh_from_db()
    assert check.answer_count == 0


def test_a_check_about_something_else_still_asks_every_member() -> None:
    cast = make_cast()
    check = open_check(cast.project, cast.lead)
    assert check.meeting is None
    assert services.can_answer(check, cast.carer)
    answer_all(check, cast.carer)


def test_a_follow_up_asks_the_same_people_as_the_meeting() -> None:
    cast = make_cast()
    meeting = held(cast)
    attended(meeting, **{str(cast.member.pk): Invitee.Attended.ONLINE})
    first = ask_about(cast, meeting)
    later = services.check_open(
        project=cast.project,
        by=cast.lead,
        title="Six months on",
        held_on=timezone.localdate(),
        kind=Check.Kind.FOLLOW_UP,
        follow_up_of=first,
    )
    assert later.meeting == meeting
    assert services.can_answer(later, cast.member)
    assert not services.can_answer(later, cast.carer)


def test_a_meeting_must_be_this_projects_have_happened_and_have_who_came_written_down() -> None:
    cast = make_cast()
    future = held(cast, hours_ago=-2, title="Next week")
    with pytest.raises(ValidationError) as error:
        ask_about(cast, future)
    assert "after the meeting has happened" in str(error.value)
    nobody = held(cast)
    with pytest.raises(ValidationError) as error:
        ask_about(cast, nobody)
    assert "Write down who came first" in str(error.value)
    other = make_project(lead=cast.lead, organisation=cast.organisation, title="Other")
    elsewhere = Meeting.objects.create(
        project=other,
        title="Elsewhere",
        purpose="x",
        can_change="y",
        status=Meeting.Status.FIXED,
        starts_at=timezone.now() - dt.timedelta(days=1),
        ends_at=timezone.now() - dt.timedelta(hours=22),
        created_by=cast.lead,
    )
    with pytest.raises(ValidationError) as error:
        ask_about(cast, elsewhere)
    assert "Choose a meeting of this project" in str(error.value)
    assert not Check.objects.exists()


# The pages


def signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def test_a_co_lead_opens_a_check_about_a_meeting_from_the_page() -> None:
    cast = make_cast()
    meeting = held(cast)
    held(cast, hours_ago=-5, title="Not yet")  # not offered: it has not happened
    attended(meeting, **{str(cast.member.pk): Invitee.Attended.IN_PERSON})
    client = signed_in(cast.lead)
    url = reverse("quality:check_new", args=[cast.project.pk])
    page = client.get(url).content.decode()
    assert "Garden planning day" in page and "Not yet" not in page
    closes = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    response = client.post(url, {"meeting": meeting.pk, "kind": "after", "closes_on": closes})
    assert response.status_code == 302
    check = cast.project.checks.get()
    assert (check.meeting, check.title) == (meeting, "Garden planning day")


def test_the_page_asks_who_took_part_and_tells_the_others_why_not() -> None:
    cast = make_cast()
    meeting = held(cast)
    attended(
        meeting,
        **{
            str(cast.member.pk): Invitee.Attended.IN_PERSON,
            str(cast.carer.pk): Invitee.Attended.ABSENT,
        },
    )
    check = ask_about(cast, meeting)
    checks_url = reverse("quality:checks", args=[cast.project.pk])
    check_url = reverse("quality:check", args=[cast.project.pk, check.pk])

    member = signed_in(cast.member)
    assert "Answer now" in member.get(checks_url).content.decode()
    assert "Send my answers" in member.get(check_url).content.decode()

    carer = signed_in(cast.carer)
    assert "Answer now" not in carer.get(checks_url).content.decode()
    page = carer.get(check_url).content.decode()
    assert "Send my answers" not in page
    assert "We ask the people who took part in this meeting." in page
    statement = statements_of(check)[0]
    assert carer.post(check_url, {f"s{statement.pk}": "agree"}).status_code == 403
    check.refresh_from_db()
    assert check.answer_count == 0


def test_the_list_of_checks_costs_the_same_for_many_checks_about_meetings(
    django_assert_num_queries: object,
) -> None:
    cast = make_cast()
    client = signed_in(cast.member)
    url = reverse("quality:checks", args=[cast.project.pk])
    for n in range(5):
        meeting = held(cast, hours_ago=30 + n, title=f"Meeting {n}")
        attended(meeting, **{str(cast.member.pk): Invitee.Attended.IN_PERSON})
        ask_about(cast, meeting)
    # Session, person, the project with your membership, the checks, which you answered, which
    # of their meetings you took part in, and your role in the organisation (menu).
    with django_assert_num_queries(7):  # type: ignore[operator]
        page = client.get(url).content.decode()
    assert page.count("Answer now") == 5
