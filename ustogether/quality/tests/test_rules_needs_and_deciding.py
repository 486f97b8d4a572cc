"""Rule 9 (access needs met 48 hours before) and rule 10 (people with lived experience
at a meeting that took decisions), each on real rows, at the edges of their limits."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ustogether.core.testing import Cast, add_member, make_cast, make_person, make_project
from ustogether.decisions import services as decision_services
from ustogether.decisions.models import Decision
from ustogether.meetings import services as meeting_services
from ustogether.meetings.models import Arrangement, Invitee, Meeting
from ustogether.meetings.testing import make_venue
from ustogether.people.models import Person
from ustogether.people.services import person_save_needs
from ustogether.projects.models import Perspective, Project
from ustogether.quality import services
from ustogether.quality.facts import load_facts
from ustogether.quality.flags import AMBER, RED, RedFlag, run_rules
from ustogether.quality.models import PublishedScorecard
from ustogether.quality.rules.meetings import LONDON, _when

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("either_way")]

NEEDS = "needs_not_met"
DECIDING = "few_lived_experience_deciding"
HOURS_48 = dt.timedelta(hours=48)
MINUTE = dt.timedelta(minutes=1)


def meeting(
    cast: Cast,
    *,
    starts: dt.datetime,
    hours: float = 2,
    title: str = "Planning day",
    **fields: object,
) -> Meeting:
    """A fixed meeting with every member of the project invited."""
    fields.setdefault("status", Meeting.Status.FIXED)
    fields.setdefault("fee_basis", Meeting.FeeBasis.PER_SESSION)
    fields.setdefault("fee_amount", Decimal("25.00"))
    fields.setdefault("expenses_covered", [Meeting.Expense.TRAVEL])
    found = Meeting.objects.create(
        project=cast.project,
        title=title,
        purpose="Plan together.",
        can_change="What we offer.",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        date_fixed_at=starts - dt.timedelta(days=30),
        created_by=cast.lead,
        **fields,
    )
    for membership in cast.project.memberships.filter(left_at__isnull=True):
        Invitee.objects.create(meeting=found, person=membership.person, invited_by=cast.lead)
    return found


def needs(person: Person, *features: str, formats: tuple[str, ...] = ()) -> None:
    person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=features,
        communication_formats=formats,
    )


def arrange(meeting: Meeting, by: Person, need: str, at: dt.datetime) -> Arrangement:
    return meeting_services.arrangement_set(
        meeting=meeting, by=by, need=need, how="Booked a BSL interpreter", now=at
    )


def start(meeting: Meeting) -> dt.datetime:
    assert meeting.starts_at is not None
    return meeting.starts_at


def flags(project: Project, code: str) -> list[RedFlag]:
    return run_rules(load_facts([project]), codes=[code])


def soon(delta: dt.timedelta) -> dt.datetime:
    """A start `delta` from now, to the second (times are stored in UTC)."""
    return timezone.now().replace(microsecond=0) + delta


# Rule 9: an access need not marked met 48 hours before the meeting


def test_an_unmet_need_is_not_flagged_just_outside_the_48_hours() -> None:
    cast = make_cast()
    needs(cast.member, formats=("bsl",))
    meeting(cast, starts=soon(HOURS_48 + 5 * MINUTE), title="Budget talk")
    assert flags(cast.project, NEEDS) == []


def test_an_unmet_need_is_red_just_inside_the_48_hours() -> None:
    cast = make_cast()
    needs(cast.member, formats=("bsl",))
    starts = soon(HOURS_48 - 5 * MINUTE)
    meeting(cast, starts=starts, title="Budget talk")
    [flag] = flags(cast.project, NEEDS)
    assert flag.level == RED
    assert flag.title == "Access needs not met"
    assert "1 access need was not met 48 hours before “Budget talk”." in flag.evidence
    assert _when(starts - HOURS_48) in flag.evidence
    assert flag.fix_url == f"/projects/{cast.project.pk}/meetings/"


def test_a_need_arranged_just_inside_48_hours_before_is_fine_and_just_after_is_late() -> None:
    cast = make_cast()
    needs(cast.member, formats=("bsl",))
    starts = soon(-dt.timedelta(days=3))
    in_time = meeting(cast, starts=starts, title="In time")
    arrange(in_time, cast.lead, "bsl", starts - HOURS_48)
    assert flags(cast.project, NEEDS) == []

    late = meeting(cast, starts=starts + dt.timedelta(hours=4), title="Late")
    arrange(late, cast.lead, "bsl", start(late) - HOURS_48 + MINUTE)
    [flag] = flags(cast.project, NEEDS)
    assert flag.level == AMBER
    assert flag.title == "Access needs met late"
    assert flag.evidence == "1 need was met less than 48 hours before “Late”."


def test_needs_the_venue_or_the_online_meeting_meets_are_not_flagged() -> None:
    cast = make_cast()
    needs(cast.member, "step_free", "hearing_loop")
    needs(cast.carer, formats=("bsl",))
    venue = make_venue(cast.organisation, cast.org_admin, features=["step_free", "hearing_loop"])
    meeting(
        cast,
        starts=soon(-dt.timedelta(days=1)),
        place=Meeting.Place.BOTH,
        venue=venue,
        online_link="https://meet.example.org/a",
        online_bsl=True,
    )
    assert flags(cast.project, NEEDS) == []


def test_a_room_need_at_an_online_meeting_and_someone_not_coming_are_not_counted() -> None:
    cast = make_cast()
    needs(cast.member, "step_free")
    needs(cast.carer, formats=("easy_read",))
    online = meeting(
        cast,
        starts=soon(dt.timedelta(hours=1)),
        place=Meeting.Place.ONLINE,
        online_link="https://meet.example.org/a",
    )
    Invitee.objects.filter(meeting=online, person=cast.carer).update(way=Invitee.Way.NOT_COMING)
    assert flags(cast.project, NEEDS) == []
    Invitee.objects.filter(meeting=online, person=cast.carer).update(way=Invitee.Way.ONLINE)
    [flag] = flags(cast.project, NEEDS)
    assert flag.evidence.startswith("1 access need was not met")


def test_two_people_with_the_same_need_count_as_one_need_to_meet() -> None:
    cast = make_cast()
    needs(cast.member, "step_free")
    needs(cast.carer, "step_free", "parking")
    meeting(cast, starts=soon(-dt.timedelta(days=2)), title="Town hall")
    [flag] = flags(cast.project, NEEDS)
    assert "2 access needs were not met 48 hours before “Town hall”." in flag.evidence
    # Counts and the meeting only: never who, never what they need.
    assert "step" not in flag.evidence and "Mo" not in flag.evidence


def test_the_time_due_is_shown_in_london_time() -> None:
    cast = make_cast()
    needs(cast.member, formats=("large_print",))
    # 09:00 UTC on a summer day is 10:00 in London.
    meeting(cast, starts=dt.datetime(2025, 7, 1, 9, 0, tzinfo=dt.UTC), title="Summer day")
    [flag] = flags(cast.project, NEEDS)
    assert "“Summer day” needed everything in place by 10:00 on Sunday 29 June." in flag.evidence
    assert _when(dt.datetime(2025, 12, 1, 9, 0, tzinfo=dt.UTC)) == "09:00 on Monday 1 December"


def test_an_organisation_can_ask_for_needs_met_sooner() -> None:
    cast = make_cast()
    needs(cast.member, formats=("bsl",))
    meeting(cast, starts=soon(dt.timedelta(hours=60)))
    assert flags(cast.project, NEEDS) == []
    services.policy_update(
        organisation=cast.organisation, by=cast.org_admin, limits={"needs_met_hours": 72}, pledge=""
    )
    [flag] = flags(cast.project, NEEDS)
    assert "not met 72 hours before" in flag.evidence


def test_a_cancelled_meeting_is_not_flagged() -> None:
    cast = make_cast()
    needs(cast.member, formats=("bsl",))
    meeting(cast, starts=soon(dt.timedelta(hours=1)), status=Meeting.Status.CANCELLED)
    assert flags(cast.project, NEEDS) == []


# Rule 10: fewer than 2 people with lived experience at a meeting that took decisions


def decide(
    cast: Cast, on: dt.date, *, title: str = "Open on Saturdays", at: Meeting | None = None
) -> Decision:
    return decision_services.decision_create(
        project=cast.project,
        by=cast.lead,
        title=title,
        details="The centre opens on Saturdays from May.",
        decided_on=on,
        method=Decision.Method.CONSENSUS,
        meeting=at,
    )


def came(meeting: Meeting, *people: Person, how: str = Invitee.Attended.IN_PERSON) -> None:
    Invitee.objects.filter(meeting=meeting, person__in=people).update(attended=how)


def lived(cast: Cast, count: int) -> list[Person]:
    people = [make_person(f"Lee Lived {n}") for n in range(count)]
    for person in people:
        add_member(cast.project, person, perspective=Perspective.LIVED_EXPERIENCE)
    return people


def three_days_ago(hour: int) -> dt.datetime:
    """`hour` o'clock London time three days ago, in UTC."""
    day = timezone.localdate() - dt.timedelta(days=3)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON).astimezone(dt.UTC)


def past_meeting(cast: Cast, title: str = "Saturday opening") -> Meeting:
    return meeting(cast, starts=three_days_ago(10), title=title)


def test_exactly_one_person_with_lived_experience_at_a_deciding_meeting_is_amber() -> None:
    cast = make_cast()
    [person] = lived(cast, 1)
    held = past_meeting(cast)
    came(held, person, cast.carer, cast.lead)  # a carer and a co-lead are not lived experience
    decide(cast, timezone.localdate(held.starts_at))
    [flag] = flags(cast.project, DECIDING)
    assert flag.level == AMBER
    assert flag.evidence == (
        "“Saturday opening” took decisions with fewer than 2 people with lived experience "
        "there. The fewest was 1."
    )


def test_exactly_two_people_with_lived_experience_is_enough() -> None:
    cast = make_cast()
    first, second = lived(cast, 2)
    held = past_meeting(cast)
    came(held, first)
    came(held, second, how=Invitee.Attended.PHONE)
    decide(cast, timezone.localdate(held.starts_at))
    assert flags(cast.project, DECIDING) == []


def test_a_meeting_with_no_decisions_is_not_flagged() -> None:
    cast = make_cast()
    held = past_meeting(cast)
    came(held, cast.lead)
    decide(cast, timezone.localdate(held.starts_at) - dt.timedelta(days=1))  # another day
    assert flags(cast.project, DECIDING) == []


def test_nobody_with_lived_experience_there_is_red_and_unrecorded_attendance_is_said() -> None:
    cast = make_cast()
    first, second = lived(cast, 2)
    held = past_meeting(cast, "Budget")
    # Sending words before is taking part, but not being there when it is decided.
    came(held, first, second, how=Invitee.Attended.SENT)
    unrecorded = meeting(cast, starts=three_days_ago(14), title="Afternoon")
    decide(cast, timezone.localdate(held.starts_at))
    [flag] = flags(cast.project, DECIDING)
    assert flag.level == RED
    assert "“Budget”, “Afternoon” took decisions" in flag.evidence
    assert "The fewest was 0. Nobody wrote down who came to “Afternoon”." in flag.evidence
    came(unrecorded, first, second, how=Invitee.Attended.ONLINE)
    [flag] = flags(cast.project, DECIDING)
    assert "“Budget” took decisions" in flag.evidence
    assert "Nobody wrote down" not in flag.evidence


def test_a_dropped_decision_and_a_meeting_yet_to_come_are_not_counted() -> None:
    cast = make_cast()
    held = past_meeting(cast)
    decision = decide(cast, timezone.localdate(held.starts_at))
    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.DROPPED)
    assert flags(cast.project, DECIDING) == []
    meeting(cast, starts=soon(dt.timedelta(minutes=5)), title="Soon")
    decide(cast, timezone.localdate())
    assert flags(cast.project, DECIDING) == []


def test_a_decision_linked_to_a_meeting_counts_there_and_not_at_others_that_day() -> None:
    cast = make_cast()
    first, second = lived(cast, 2)
    morning = past_meeting(cast, "Morning")
    came(morning, first, second)
    afternoon = meeting(cast, starts=three_days_ago(14), title="Afternoon")
    came(afternoon, cast.lead)
    # Made at the morning meeting, where two people with lived experience were:
    # the afternoon meeting that day took no decision.
    decide(cast, timezone.localdate(morning.starts_at), at=morning)
    assert flags(cast.project, DECIDING) == []
    # Linked to the afternoon meeting, even with another day written down, it counts there.
    decide(cast, timezone.localdate() - dt.timedelta(days=10), title="Later", at=afternoon)
    [flag] = flags(cast.project, DECIDING)
    assert flag.level == RED
    assert flag.evidence.startswith("“Afternoon” took decisions")
    # A decision without a link still falls back to its day.
    decide(cast, timezone.localdate(morning.starts_at), title="Unlinked")
    [flag] = flags(cast.project, DECIDING)
    assert "“Afternoon” took decisions" in flag.evidence
    assert "Morning" not in flag.evidence


def test_the_day_of_a_decision_is_the_day_in_london() -> None:
    cast = make_cast()
    # 23:30 UTC on 1 July 2025 is 00:30 on 2 July in London.
    late = meeting(cast, starts=dt.datetime(2025, 7, 1, 23, 30, tzinfo=dt.UTC), hours=1)
    came(late, cast.lead)
    decide(cast, dt.date(2025, 7, 1))
    assert flags(cast.project, DECIDING) == []
    decide(cast, dt.date(2025, 7, 2), title="Close early")
    [flag] = flags(cast.project, DECIDING)
    assert flag.level == RED


def test_an_organisation_can_ask_for_more_people_with_lived_experience() -> None:
    cast = make_cast()
    first, second = lived(cast, 2)
    held = past_meeting(cast)
    came(held, first, second)
    decide(cast, timezone.localdate(held.starts_at))
    assert flags(cast.project, DECIDING) == []
    services.policy_update(
        organisation=cast.organisation,
        by=cast.org_admin,
        limits={"lived_experience_at_decisions": 3},
        pledge="",
    )
    [flag] = flags(cast.project, DECIDING)
    assert "fewer than 3 people with lived experience there. The fewest was 2." in flag.evidence


# Query counts: the same however many meetings


def _busy_project(cast: Cast, meetings: int) -> None:
    people = lived(cast, 2)
    for person in people:
        needs(person, "step_free", formats=("bsl",))
    for n in range(meetings):
        held = meeting(cast, starts=soon(-dt.timedelta(days=n + 1)), title=f"Meeting {n}")
        came(held, people[0])
        arrange(held, cast.lead, "bsl", start(held) - dt.timedelta(days=3))
        decide(cast, timezone.localdate(held.starts_at), title=f"Decision {n}")


@pytest.mark.parametrize("meetings", [1, 8])
def test_both_rules_read_any_number_of_meetings_in_the_same_queries(
    meetings: int, django_assert_num_queries: object, either_way: str
) -> None:
    cast = make_cast()
    _busy_project(cast, meetings)
    projects = list(Project.objects.filter(pk=cast.project.pk))
    # Four for the project facts; how many meetings each project has; the members'
    # access and communication needs (one query), where those people are invited, the
    # arrangements; the meetings that decided with too few there, and of those, the
    # ones where nobody wrote down who came (counted in the database, in one query).
    # In Python: the meetings, who was invited to them, and the decisions, instead
    # of where people with needs are invited and the meetings that decided.
    with django_assert_num_queries(9 if either_way == "database" else 10):  # type: ignore[operator]
        found = run_rules(load_facts(projects), codes=[NEEDS, DECIDING])
    assert {f.rule for f in found} == {NEEDS, DECIDING}
    # Oldest first: the oldest meeting is named in both.
    assert all(f"“Meeting {meetings - 1}”" in f.evidence for f in found)


# Shown wherever the other flags are: the project's and the organisation's scorecards


def test_both_flags_show_on_the_project_and_organisation_scorecards() -> None:
    cast = make_cast()
    _busy_project(cast, 2)
    client = Client()
    client.force_login(cast.lead)
    page = client.get(reverse("quality:project_scorecard", args=[cast.project.pk])).content.decode()
    assert "Access needs not met" in page
    assert "2 access needs were not met 48 hours before “Meeting 1”, “Meeting 0”." in page
    assert "Decisions with few people with lived experience there" in page
    assert "Decide when people with lived experience can be there" in page  # the fix, for a lead
    client.force_login(cast.org_admin)
    page = client.get(
        reverse("quality:org_scorecard", args=[cast.organisation.slug])
    ).content.decode()
    assert "Access needs not met in time" in page
    assert "Decisions with few people with lived experience there" in page


@pytest.mark.parametrize("meetings", [1, 6])
def test_the_project_scorecard_costs_the_same_for_any_number_of_meetings(
    meetings: int, django_assert_num_queries: object, either_way: str
) -> None:
    cast = make_cast()
    _busy_project(cast, meetings)
    client = Client()
    client.force_login(cast.lead)
    url = reverse("quality:project_scorecard", args=[cast.project.pk])
    # The same with 1 meeting as with 6: no query per meeting. The meeting rules count
    # in the database, one query for each rule (three for access needs), one to find
    # which projects have meetings at all, and one for what was shared after each
    # meeting. In Python (a few meetings), the meeting rules read the meetings, their
    # papers, who was invited, the decisions, the needs and the arrangements instead.
    with django_assert_num_queries(28 if either_way == "database" else 24):  # type: ignore[operator]
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("meetings", [1, 6])
def test_the_organisation_scorecard_costs_the_same_for_any_number_of_meetings_and_projects(
    meetings: int, either_way: str
) -> None:
    cast = make_cast()
    _busy_project(cast, 1)
    client = Client()
    client.force_login(cast.org_admin)
    url = reverse("quality:org_scorecard", args=[cast.organisation.slug])
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    _busy_project(cast, meetings)
    for n in range(3):
        other = make_project(lead=cast.lead, organisation=cast.organisation, title=f"P{n}")
        meeting(replace(cast, project=other), starts=soon(-dt.timedelta(days=2)))
    with CaptureQueriesContext(connection) as then:
        assert client.get(url).status_code == 200
    assert len(then) == len(first)


def test_a_published_scorecard_does_not_name_the_meetings_of_a_members_only_project() -> None:
    cast = make_cast()
    cast.project.visibility = Project.Visibility.MEMBERS
    cast.project.save()
    _busy_project(cast, 1)
    client = Client()
    client.force_login(cast.org_admin)
    client.post(reverse("quality:org_publish", args=[cast.organisation.slug]))
    published = PublishedScorecard.objects.get()
    assert published.figures["red_flags"] > 0
    assert "Meeting 0" not in str(published.figures)
    csv = Client().get(reverse("quality:org_scorecard_csv", args=[cast.organisation.slug]))
    assert "Meeting 0" not in csv.content.decode()
    assert "Only the project's members see what the records show." in csv.content.decode()
    # Its own staff still see it all.
    staff = client.get(reverse("quality:org_scorecard_csv", args=[cast.organisation.slug]))
    assert "Meeting 0" in staff.content.decode()


# Rule 10, second half: a perspective the project needs that no one invited holds

PERSPECTIVE = "perspective_not_invited"


def needing(cast: Cast, **counts: int) -> None:
    from ustogether.projects.models import NeededPerspective

    for perspective, count in counts.items():
        NeededPerspective.objects.create(project=cast.project, perspective=perspective, count=count)


def test_a_meeting_with_someone_of_each_needed_perspective_is_not_flagged() -> None:
    cast = make_cast()
    needing(cast, carer=1, lived_experience=2)
    meeting(cast, starts=soon(dt.timedelta(days=20)))
    assert flags(cast.project, PERSPECTIVE) == []


def test_a_needed_perspective_whose_only_holder_cannot_come_is_amber() -> None:
    cast = make_cast()
    needing(cast, carer=1, lived_experience=1)
    coming = meeting(cast, starts=soon(dt.timedelta(days=20)), title="Spring review")
    Invitee.objects.filter(meeting=coming, person=cast.carer).update(way=Invitee.Way.NOT_COMING)
    [flag] = flags(cast.project, PERSPECTIVE)
    assert flag.level == AMBER
    assert flag.evidence == (
        "Nobody coming to “Spring review” has the “Carer” view the project needs."
    )


def test_a_perspective_nobody_in_the_project_holds_is_named_for_every_meeting() -> None:
    cast = make_cast()
    needing(cast, commissioner=1)
    meeting(cast, starts=soon(dt.timedelta(days=20)), title="First")
    meeting(cast, starts=soon(dt.timedelta(days=27)), title="Second")
    cancelled = meeting(cast, starts=soon(dt.timedelta(days=30)), title="Called off")
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    [flag] = flags(cast.project, PERSPECTIVE)
    assert "“First”" in flag.evidence and "“Second”" in flag.evidence
    assert "Called off" not in flag.evidence
    assert "“Commissioner”" in flag.evidence


def test_a_project_that_names_no_perspectives_is_not_flagged() -> None:
    cast = make_cast()
    coming = meeting(cast, starts=soon(dt.timedelta(days=20)))
    Invitee.objects.filter(meeting=coming).update(way=Invitee.Way.NOT_COMING)
    assert flags(cast.project, PERSPECTIVE) == []


def test_only_the_projects_that_need_a_perspective_are_flagged_for_it() -> None:
    cast = make_cast()
    needing(cast, commissioner=1)
    meeting(cast, starts=soon(dt.timedelta(days=20)), title="Needs one")
    other = make_project(lead=cast.lead, organisation=cast.organisation, title="Other")
    meeting(replace(cast, project=other), starts=soon(dt.timedelta(days=20)), title="Needs none")
    found = run_rules(load_facts([cast.project, other]), codes=[PERSPECTIVE])
    assert [(f.project_id, "“Needs one”" in f.evidence) for f in found] == [(cast.project.pk, True)]
