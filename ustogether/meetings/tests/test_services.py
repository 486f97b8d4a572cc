"""Organising a meeting: who may, what is checked, what is kept and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ustogether.core.audit import events_for
from ustogether.core.testing import make_cast, make_person
from ustogether.meetings import queries, services
from ustogether.meetings.models import Invitee, Meeting, PollAnswer
from ustogether.meetings.testing import cast_meeting, in_days, make_poll, make_venue
from ustogether.people.services import person_save_needs

pytestmark = pytest.mark.django_db


def test_a_co_lead_plans_a_meeting_and_every_member_is_invited() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast, kind=Meeting.Kind.WORKSHOP, already_decided="The budget.")
    assert meeting.status == Meeting.Status.PLANNING
    assert meeting.starts_at is None
    invited = set(meeting.invitees.values_list("person_id", flat=True))
    assert invited == {cast.lead.pk, cast.member.pk, cast.carer.pk, cast.observer.pk}
    assert "meeting.created" in [e.verb for e in events_for(cast.project)]


@pytest.mark.parametrize("who", ["member", "carer", "observer", "finance", "outsider"])
def test_only_co_leads_and_admins_plan_meetings(who: str) -> None:
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            project=cast.project, by=getattr(cast, who), title="T", purpose="P", can_change="C"
        )


def test_an_organisation_admin_can_plan_a_meeting() -> None:
    cast = make_cast()
    meeting = services.meeting_create(
        project=cast.project, by=cast.org_admin, title="T", purpose="P", can_change="C"
    )
    assert meeting.created_by == cast.org_admin


def test_a_meeting_must_say_what_it_can_still_change() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            project=cast.project, by=cast.lead, title="T", purpose="P", can_change="  "
        )
    assert "can_change" in error.value.message_dict


def test_an_online_meeting_needs_a_link_or_a_phone_number() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        cast_meeting(cast, place=Meeting.Place.ONLINE)
    assert "online_link" in error.value.message_dict
    meeting = cast_meeting(
        cast,
        place=Meeting.Place.ONLINE,
        online_link="https://meet.example.org/abc",
        online_captions=True,
    )
    assert meeting.meets_online and not meeting.meets_in_person


def test_fee_terms_are_stored_as_money_and_expense_codes() -> None:
    cast = make_cast()
    meeting = cast_meeting(
        cast,
        fee_amount=Decimal("25.00"),
        fee_basis=Meeting.FeeBasis.PER_HOUR,
        paid_hours=Decimal("3"),
        expenses_covered=["travel", "support"],
        how_to_claim="Fill in the claim form on the meeting page.",
    )
    meeting.refresh_from_db()
    assert meeting.fee_amount == Decimal("25.00")
    assert meeting.expenses_covered == ["travel", "support"]
    with pytest.raises(ValidationError):
        cast_meeting(cast, expenses_covered=["champagne"])
    with pytest.raises(ValidationError):
        cast_meeting(cast, fee_basis=Meeting.FeeBasis.PER_DAY, fee_amount=Decimal("0"))


def test_a_venue_of_another_organisation_cannot_be_used() -> None:
    cast = make_cast()
    other = make_cast()
    venue = make_venue(other.organisation, other.org_admin)
    with pytest.raises(ValidationError) as error:
        cast_meeting(cast, venue=venue)
    assert "venue" in error.value.message_dict


def test_a_venue_needs_an_address_and_features_from_the_list() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        services.venue_create(
            organisation=cast.organisation, by=cast.lead, name="Hall", address=" "
        )
    assert "address" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.venue_create(
            organisation=cast.organisation,
            by=cast.lead,
            name="Hall",
            address="1 Road",
            features=["moat"],
        )
    venue = services.venue_create(
        organisation=cast.organisation,
        by=cast.lead,
        name="Hall",
        address="1 Road",
        features=["lift", "step_free"],
    )
    # Kept in the vocabulary's order, shared words first.
    assert venue.features == ["step_free", "lift"]
    assert [e.verb for e in events_for(cast.organisation)] == ["venue.created"]


@pytest.mark.parametrize("who", ["member", "carer", "finance", "outsider"])
def test_only_admins_and_leads_keep_venues(who: str) -> None:
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        make_venue(cast.organisation, getattr(cast, who))


def test_an_archived_venue_is_kept() -> None:
    cast = make_cast()
    venue = make_venue(cast.organisation, cast.lead)
    services.venue_archive(venue=venue, by=cast.lead)
    venue.refresh_from_db()
    assert venue.archived_at is not None


def test_a_poll_needs_times_in_the_future_that_end_after_they_start() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    with pytest.raises(ValidationError) as error:
        services.poll_open(meeting=meeting, by=cast.lead, times=[])
    assert "times" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.poll_open(meeting=meeting, by=cast.lead, times=[(in_days(-1), in_days(-1, 13))])
    assert "future" in " ".join(error.value.message_dict["times"])
    with pytest.raises(ValidationError) as error:
        services.poll_open(meeting=meeting, by=cast.lead, times=[(in_days(5, 14), in_days(5, 12))])
    assert "end must be after the start" in " ".join(error.value.message_dict["times"])
    assert not hasattr(Meeting.objects.get(pk=meeting.pk), "poll")


def test_members_answer_the_poll_and_can_change_their_answers() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead)
    first, second, third = poll.times.all()
    services.poll_answer(
        poll=poll,
        person=cast.carer,
        answers={
            first.pk: ("no", "I need to leave by 3 for the school run"),
            second.pk: ("yes", ""),
        },
    )
    services.poll_answer(poll=poll, person=cast.carer, answers={second.pk: ("if_need_be", "")})
    answers = {a.time_id: (a.answer, a.note) for a in PollAnswer.objects.filter(person=cast.carer)}
    assert answers == {
        first.pk: ("no", "I need to leave by 3 for the school run"),
        second.pk: ("if_need_be", ""),
    }
    with pytest.raises(ValidationError):
        services.poll_answer(poll=poll, person=cast.carer, answers={third.pk: ("maybe", "")})


def test_people_not_invited_cannot_answer_the_poll() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead)
    with pytest.raises(PermissionDenied):
        services.poll_answer(
            poll=poll, person=cast.outsider, answers={poll.times.all()[0].pk: ("yes", "")}
        )


def test_a_closed_poll_takes_no_answers_and_reopening_adds_times_and_keeps_answers() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead, days=[20])
    time = poll.times.get()
    services.poll_answer(poll=poll, person=cast.member, answers={time.pk: ("no", "")})
    services.poll_close(poll=poll, by=cast.lead)
    with pytest.raises(ValidationError):
        services.poll_answer(poll=poll, person=cast.member, answers={time.pk: ("yes", "")})
    again = services.poll_open(
        meeting=meeting, by=cast.lead, times=[(in_days(30, 10, 30), in_days(30, 14))]
    )
    assert again.pk == poll.pk and again.is_open
    assert again.times.count() == 2
    assert PollAnswer.objects.get(person=cast.member).answer == "no"
    verbs = [e.verb for e in events_for(cast.project)]
    assert "poll.opened" in verbs and "poll.reopened" in verbs


def test_the_best_time_leaves_out_nobody_with_lived_experience_when_it_can() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead, days=[20, 21])
    monday, tuesday = poll.times.all()
    # Monday: the member with lived experience cannot come. Tuesday: the lead and the observer cannot.
    services.poll_answer(
        poll=poll, person=cast.member, answers={monday.pk: ("no", ""), tuesday.pk: ("yes", "")}
    )
    services.poll_answer(
        poll=poll, person=cast.lead, answers={monday.pk: ("yes", ""), tuesday.pk: ("no", "")}
    )
    services.poll_answer(
        poll=poll, person=cast.observer, answers={monday.pk: ("yes", ""), tuesday.pk: ("no", "")}
    )
    ranking = queries.poll_ranking(poll)
    assert ranking[0].candidate.id == tuesday.pk
    assert sorted(ranking[0].cannot_come) == sorted([cast.lead.pk, cast.observer.pk])
    # A withdrawn time is left out of the choice.
    services.poll_withdraw_time(time=tuesday, by=cast.lead)
    assert [t.candidate.id for t in queries.poll_ranking(poll)] == [monday.pk]


def test_fixing_a_date_with_short_notice_needs_a_reason_members_see() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    make_poll(meeting, cast.lead)
    with pytest.raises(ValidationError) as error:
        services.meeting_fix_date(
            meeting=meeting, by=cast.lead, starts_at=in_days(2), ends_at=in_days(2, 13)
        )
    assert "short_notice_reason" in error.value.message_dict
    services.meeting_fix_date(
        meeting=meeting,
        by=cast.lead,
        starts_at=in_days(2),
        ends_at=in_days(2, 13),
        short_notice_reason="The council moved its deadline forward.",
    )
    meeting.refresh_from_db()
    assert meeting.is_fixed
    assert meeting.short_notice_reason == "The council moved its deadline forward."
    assert meeting.poll.closed_at is not None
    assert "meeting.date_fixed" in [e.verb for e in events_for(cast.project)]


def test_a_date_in_the_past_or_ending_before_it_starts_is_refused() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    with pytest.raises(ValidationError) as error:
        services.meeting_fix_date(
            meeting=meeting, by=cast.lead, starts_at=in_days(-3), ends_at=in_days(-3, 13)
        )
    assert "starts_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.meeting_fix_date(
            meeting=meeting, by=cast.lead, starts_at=in_days(20, 13), ends_at=in_days(20, 11)
        )
    assert "ends_at" in error.value.message_dict


def test_the_fix_date_checks_name_notice_and_time_of_day() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast, food=Meeting.Food.NONE)
    flags = services.fix_date_flags(meeting, in_days(2, 9), in_days(2, 17), now=timezone.now())
    assert [f.code for f in flags] == ["short_notice", "early_start", "late_end", "no_lunch"]
    assert (
        services.fix_date_flags(meeting, in_days(20, 10, 30), in_days(20, 12), now=timezone.now())
        == []
    )


def test_cancelling_says_why_and_stops_changes() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, by=cast.lead, reason="")
    services.meeting_cancel(meeting=meeting, by=cast.lead, reason="The room flooded.")
    assert meeting.is_cancelled
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=meeting, by=cast.lead, title="New")
    with pytest.raises(ValidationError):
        services.meeting_fix_date(
            meeting=meeting, by=cast.lead, starts_at=in_days(20), ends_at=in_days(20, 13)
        )


def test_the_organiser_sees_needs_as_counts_matched_to_the_venue() -> None:
    cast = make_cast()
    for person in (cast.member, cast.carer):
        person_save_needs(
            person=person,
            by=person,
            consent=True,
            access_features=["step_free"],
            communication_formats=[],
        )
    person_save_needs(
        person=cast.observer,
        by=cast.observer,
        consent=True,
        access_features=["hearing_loop"],
        communication_formats=["bsl"],
    )
    venue = make_venue(cast.organisation, cast.lead, features=["step_free"])
    meeting = cast_meeting(cast, venue=venue)
    assert queries.needs_of_invitees(meeting) == {"step_free": 2, "hearing_loop": 1, "bsl": 1}
    matched = {m.need: m.met_by for m in queries.needs_matched(meeting)}
    assert matched == {"step_free": "venue", "hearing_loop": "", "bsl": ""}
    services.arrangement_set(
        meeting=meeting, by=cast.lead, need="bsl", how="Interpreter booked with Signs Ltd"
    )
    matched = {m.need: m.met_by for m in queries.needs_matched(meeting)}
    assert matched["bsl"] == "arrangement"
    # Someone who cannot come this time is not counted.
    Invitee.objects.filter(meeting=meeting, person=cast.observer).update(way=Invitee.Way.NOT_COMING)
    assert queries.needs_of_invitees(meeting) == {"step_free": 2}


def test_an_arrangement_keeps_when_it_was_first_made_when_the_how_changes() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    then = timezone.now() - dt.timedelta(days=5)
    first = services.arrangement_set(
        meeting=meeting, by=cast.lead, need="bsl", how="Interpreter asked", now=then
    )
    assert first.met_at == then
    again = services.arrangement_set(
        meeting=meeting, by=cast.lead, need="bsl", how="Interpreter booked with Signs Ltd"
    )
    assert again.pk == first.pk and again.how == "Interpreter booked with Signs Ltd"
    again.refresh_from_db()
    assert again.met_at == then


def test_people_say_how_they_will_take_part() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    services.invitee_set_way(meeting=meeting, person=cast.carer, way=Invitee.Way.SEND_BEFORE)
    assert meeting.invitees.get(person=cast.carer).way == "send_before"
    with pytest.raises(ValidationError):
        services.invitee_set_way(meeting=meeting, person=cast.carer, way=Invitee.Way.ONLINE)
    with pytest.raises(PermissionDenied):
        services.invitee_set_way(meeting=meeting, person=cast.outsider, way=Invitee.Way.IN_PERSON)


def test_only_project_members_can_be_invited() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast, invite_members=False)
    assert meeting.invitees.count() == 0
    services.invitees_add(meeting=meeting, by=cast.lead, people=[cast.carer])
    assert list(meeting.invitees.values_list("person_id", flat=True)) == [cast.carer.pk]
    with pytest.raises(ValidationError):
        services.invitees_add(meeting=meeting, by=cast.lead, people=[make_person()])


def test_attendance_is_recorded_once_the_meeting_has_started() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    with pytest.raises(ValidationError):
        services.attendance_record(
            meeting=meeting, by=cast.lead, attended={cast.carer.pk: "online"}
        )
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(hours=1),
        status=Meeting.Status.FIXED,
    )
    meeting.refresh_from_db()
    services.attendance_record(
        meeting=meeting,
        by=cast.lead,
        attended={cast.carer.pk: "online", cast.member.pk: "in_person"},
    )
    assert dict(meeting.invitees.values_list("person_id", "attended")) == {
        cast.lead.pk: "",
        cast.member.pk: "in_person",
        cast.carer.pk: "online",
        cast.observer.pk: "",
    }


def test_notes_record_who_wrote_them_first() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    services.meeting_write_notes(meeting=meeting, by=cast.lead, notes="We agreed three changes.")
    first = meeting.notes_written_at
    services.meeting_write_notes(
        meeting=meeting, by=cast.org_admin, notes="We agreed four changes."
    )
    assert meeting.notes_written_at == first and meeting.notes_written_by == cast.lead


def test_resetting_the_calendar_address_changes_it() -> None:
    person = make_person()
    old = services.calendar_feed_for(person).token
    new = services.calendar_feed_reset(person=person).token
    assert old != new and len(new) > 30


def test_closing_an_account_removes_the_calendar_address_and_poll_notes() -> None:
    from ustogether.people.services import person_erase

    cast = make_cast()
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead, days=[20])
    services.poll_answer(
        poll=poll,
        person=cast.carer,
        answers={poll.times.all()[0].pk: ("no", "My son's clinic day")},
    )
    services.poll_answer(
        poll=poll, person=cast.member, answers={poll.times.all()[0].pk: ("yes", "After lunch")}
    )
    services.calendar_feed_for(cast.carer)
    services.calendar_feed_for(cast.member)
    person_erase(person=cast.carer, by=cast.carer)
    answer = PollAnswer.objects.get(person=cast.carer)
    assert answer.answer == "no" and answer.note == ""
    assert not services.CalendarFeed.objects.filter(person=cast.carer).exists()
    # Only theirs: everyone else's notes stay.
    assert PollAnswer.objects.get(person=cast.member).note == "After lunch"
    assert services.CalendarFeed.objects.filter(person=cast.member).exists()


def test_a_closed_account_is_told_nothing_more_about_its_meetings() -> None:
    from ustogether.meetings import notify
    from ustogether.meetings.models import Notification
    from ustogether.people.services import person_erase

    cast = make_cast()
    meeting = cast_meeting(cast)
    notify.tell(meeting, list(meeting.invitees.all()), "invited")
    assert Notification.objects.filter(person=cast.carer).exists()
    person_erase(person=cast.carer, by=cast.carer)
    assert not Notification.objects.filter(person=cast.carer).exists()
    # Only theirs: what was sent to everyone else is still on record.
    assert Notification.objects.filter(person=cast.member, what="invited").exists()
    notify.tell(meeting, list(meeting.invitees.all()), "reminder")
    assert not Notification.objects.filter(person=cast.carer).exists()
    assert Notification.objects.filter(person=cast.member, what="reminder").exists()


def test_a_closed_account_keeps_its_place_only_at_meetings_already_held() -> None:
    from ustogether.people.services import person_erase

    cast = make_cast()
    held = cast_meeting(cast, title="Held last month")
    coming = cast_meeting(cast, title="Next month")
    unplanned = cast_meeting(cast, title="Date not found yet")
    Meeting.objects.filter(pk=held.pk).update(
        status=Meeting.Status.FIXED, starts_at=in_days(-30), ends_at=in_days(-30, 13)
    )
    Meeting.objects.filter(pk=coming.pk).update(
        status=Meeting.Status.FIXED, starts_at=in_days(30), ends_at=in_days(30, 13)
    )
    Meeting.objects.filter(pk=unplanned.pk).update(status=Meeting.Status.PLANNING, starts_at=None)
    for meeting in (held, coming, unplanned):
        assert meeting.invitees.filter(person=cast.carer).exists()

    person_erase(person=cast.carer, by=cast.carer)

    assert held.invitees.filter(person=cast.carer).exists()
    assert not coming.invitees.filter(person=cast.carer).exists()
    assert not unplanned.invitees.filter(person=cast.carer).exists()
    # Nobody else lost their place.
    assert coming.invitees.filter(person=cast.member).exists()


def test_a_closed_account_keeps_its_place_at_a_cancelled_meeting_still_to_come() -> None:
    from ustogether.people.services import person_erase

    cast = make_cast()
    cancelled = cast_meeting(cast, title="Called off")
    Meeting.objects.filter(pk=cancelled.pk).update(
        status=Meeting.Status.CANCELLED, starts_at=in_days(30), ends_at=in_days(30, 13)
    )

    person_erase(person=cast.carer, by=cast.carer)

    # A cancelled meeting is history: who was invited to it stays true.
    assert cancelled.invitees.filter(person=cast.carer).exists()
