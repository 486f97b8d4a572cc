"""Writes about meetings, polls and venues. Each checks permission first, then works,
then audits. Who may do what:

- a project's co-leads and its organisation's admins organise its meetings;
- the people invited answer the date poll and say how they will take part;
- an organisation's admins and co-production leads keep its venues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ustogether.core.audit import record_event
from ustogether.people.models import Organisation, OrganisationMembership, Person
from ustogether.projects.access import project_access
from ustogether.projects.models import Project

from . import checks, hooks
from .models import (
    Arrangement,
    CalendarFeed,
    CandidateTime,
    DatePoll,
    Invitee,
    Meeting,
    Notification,
    PollAnswer,
    Venue,
    new_feed_token,
    venue_feature_choices,
)

# The fields of a meeting its organisers set on the meeting form.
MEETING_FIELDS: tuple[str, ...] = (
    "title",
    "kind",
    "purpose",
    "already_decided",
    "can_change",
    "place",
    "venue",
    "online_link",
    "online_captions",
    "online_bsl",
    "phone_dial_in",
    "food",
    "notice_days",
    "papers_days",
    "fee_amount",
    "fee_basis",
    "paid_hours",
    "expenses_covered",
    "how_to_claim",
)
# A change to one of these is news for everyone invited.
NEWS_FIELDS = frozenset({"starts_at", "ends_at", "place", "venue", "online_link"})

MAX_POLL_TIMES = 200


def require_organiser(meeting_or_project: Meeting | Project, by: Person) -> None:
    project = (
        meeting_or_project.project
        if isinstance(meeting_or_project, Meeting)
        else meeting_or_project
    )
    if not project_access(by, project).can_manage:
        raise PermissionDenied("Only the project's co-leads can organise its meetings.")


def require_venue_keeper(organisation: Organisation, by: Person) -> None:
    keeps = (
        OrganisationMembership.objects.in_force()
        .filter(
            organisation=organisation,
            person=by,
            role__in=[OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.LEAD],
        )
        .exists()
    )
    if not keeps:
        raise PermissionDenied(
            "Only an organisation's admins and co-production leads can change its venues."
        )


def require_invitee(meeting: Meeting, person: Person) -> Invitee:
    invitee = Invitee.objects.filter(meeting=meeting, person=person).first()
    if invitee is None:
        raise PermissionDenied("Only people invited to this meeting can answer.")
    return invitee


def _require_open(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled, so it cannot be changed."))
    if meeting.project.is_closed:
        raise ValidationError(_("This project is closed, so its meetings cannot be changed."))


# Venues ---------------------------------------------------------------------


def _clean_features(features: Iterable[str]) -> list[str]:
    known = [code for code, _label in venue_feature_choices()]
    chosen = set(features)
    unknown = chosen - set(known)
    if unknown:
        raise ValidationError({"features": _("Choose features from the list.")})
    return [code for code in known if code in chosen]


def _venue_check(venue: Venue) -> None:
    if not venue.address.strip():
        raise ValidationError({"address": _("Enter the venue's address, so people can find it.")})
    venue.full_clean(exclude=["organisation", "created_by"])


@transaction.atomic
def venue_create(
    *,
    organisation: Organisation,
    by: Person,
    name: str,
    address: str,
    postcode: str = "",
    features: Sequence[str] = (),
    travel_notes: str = "",
    parking_notes: str = "",
    access_notes: str = "",
) -> Venue:
    require_venue_keeper(organisation, by)
    venue = Venue(
        organisation=organisation,
        name=name.strip(),
        address=address.strip(),
        postcode=postcode.strip().upper(),
        features=_clean_features(features),
        travel_notes=travel_notes.strip(),
        parking_notes=parking_notes.strip(),
        access_notes=access_notes.strip(),
        created_by=by,
    )
    _venue_check(venue)
    venue.save()
    record_event(organisation, "venue.created", actor=by, subject=venue)
    return venue


@transaction.atomic
def venue_update(
    *,
    venue: Venue,
    by: Person,
    name: str,
    address: str,
    postcode: str = "",
    features: Sequence[str] = (),
    travel_notes: str = "",
    parking_notes: str = "",
    access_notes: str = "",
) -> Venue:
    require_venue_keeper(venue.organisation, by)
    venue.name = name.strip()
    venue.address = address.strip()
    venue.postcode = postcode.strip().upper()
    venue.features = _clean_features(features)
    venue.travel_notes = travel_notes.strip()
    venue.parking_notes = parking_notes.strip()
    venue.access_notes = access_notes.strip()
    _venue_check(venue)
    venue.save()
    record_event(venue.organisation, "venue.updated", actor=by, subject=venue)
    return venue


@transaction.atomic
def venue_archive(*, venue: Venue, by: Person) -> Venue:
    """Put a venue away: it is no longer offered, and past meetings still name it."""
    require_venue_keeper(venue.organisation, by)
    if venue.archived_at is None:
        venue.archived_at = timezone.now()
        venue.save(update_fields=["archived_at"])
        record_event(venue.organisation, "venue.archived", actor=by, subject=venue)
    return venue


# Meetings -------------------------------------------------------------------


def _check_meeting(meeting: Meeting) -> None:
    errors: dict[str, str] = {}
    if not meeting.purpose.strip():
        errors["purpose"] = _("Say what the meeting is for.")
    if not meeting.can_change.strip():
        errors["can_change"] = _(
            "Say what this meeting can still change. If nothing can change, it is not "
            "co-production: say so plainly instead."
        )
    if (
        meeting.venue is not None
        and meeting.venue.organisation_id != meeting.project.organisation_id
    ):
        errors["venue"] = _("Choose one of your organisation's venues.")
    if meeting.meets_online and not meeting.online_link and not meeting.phone_dial_in:
        errors["online_link"] = _(
            "Add the link to join online (or a phone number), or choose 'In person'."
        )
    unknown = set(meeting.expenses_covered) - set(Meeting.Expense.values)
    if unknown:
        errors["expenses_covered"] = _("Choose expenses from the list.")
    if meeting.fee_basis and meeting.fee_amount <= Decimal("0"):
        errors["fee_amount"] = _("Enter the fee in pounds, like 25.00, or choose 'No fee'.")
    if errors:
        raise ValidationError(errors)
    meeting.full_clean(exclude=["project", "created_by", "venue"])


@transaction.atomic
def meeting_create(
    *,
    project: Project,
    by: Person,
    title: str,
    purpose: str,
    can_change: str,
    invite_members: bool = True,
    **fields: object,
) -> Meeting:
    """Plan a meeting. Everyone in the project is invited unless the organiser says not."""
    require_organiser(project, by)
    if project.is_closed:
        raise ValidationError(_("This project is closed, so it cannot plan meetings."))
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    meeting = Meeting(
        project=project,
        title=title.strip(),
        purpose=purpose.strip(),
        can_change=can_change.strip(),
        created_by=by,
        **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()},
    )
    _check_meeting(meeting)
    meeting.save()
    if invite_members:
        people = project.memberships.filter(left_at__isnull=True).values_list(
            "person_id", flat=True
        )
        Invitee.objects.bulk_create(
            [Invitee(meeting=meeting, person_id=pid, invited_by=by) for pid in people]
        )
    record_event(project, "meeting.created", actor=by, subject=meeting)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: Person, **fields: object) -> list[str]:
    """Change what the organiser set. Returns the names of the fields that changed;
    a change of place or venue is news for everyone invited."""
    require_organiser(meeting, by)
    _require_open(meeting)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    changed = []
    for name, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(meeting, name) != value:
            setattr(meeting, name, value)
            changed.append(name)
    if not changed:
        return []
    _check_meeting(meeting)
    meeting.save()
    record_event(
        meeting.project, "meeting.updated", actor=by, subject=meeting, data={"changed": changed}
    )
    if NEWS_FIELDS & set(changed) and meeting.is_fixed:
        _tell_invitees(meeting, "changed")
    return changed


def _tell_invitees(meeting: Meeting, what: str, person_ids: list[int] | None = None) -> None:
    """Tell everyone invited (or only `person_ids`), each in their own way (see notify.py),
    once the change is saved."""
    from .notify import tell_invitees

    transaction.on_commit(
        lambda: tell_invitees(meeting_id=meeting.pk, what=what, person_ids=person_ids)
    )


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime, *, now: dt.datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("Times must carry their time zone.")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    if starts_at <= now:
        raise ValidationError({"starts_at": _("Choose a time in the future.")})


def fix_date_flags(
    meeting: Meeting, starts_at: dt.datetime, ends_at: dt.datetime, *, now: dt.datetime
) -> list[checks.Flag]:
    """The notice and time-of-day checks for a date before it is fixed."""
    flags = checks.time_of_day_flags(starts_at=starts_at, ends_at=ends_at, food=meeting.food)
    notice = checks.notice_flag(
        starts_at=starts_at,
        told_at=now,
        notice_days=meeting.notice_days,
        reason=meeting.short_notice_reason,
    )
    return [notice, *flags] if notice else flags


@transaction.atomic
def meeting_fix_date(
    *,
    meeting: Meeting,
    by: Person,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    short_notice_reason: str = "",
    now: dt.datetime | None = None,
) -> Meeting:
    """Fix (or move) the date. Less notice than the meeting promises needs a written
    reason, which members see. Everyone invited is told."""
    require_organiser(meeting, by)
    _require_open(meeting)
    now = now or timezone.now()
    _check_times(starts_at, ends_at, now=now)
    reason = short_notice_reason.strip()
    if (
        checks.notice_flag(starts_at=starts_at, told_at=now, notice_days=meeting.notice_days)
        and not reason
    ):
        raise ValidationError(
            {
                "short_notice_reason": _(
                    "This gives less than %(days)d days' notice. Write down why, so the "
                    "people invited can see it, or choose a later date."
                )
                % {"days": meeting.notice_days}
            }
        )
    moved = meeting.is_fixed
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    meeting.short_notice_reason = reason
    meeting.status = Meeting.Status.FIXED
    meeting.date_fixed_at = now
    meeting.date_fixed_by = by
    meeting.save()
    poll = DatePoll.objects.filter(meeting=meeting, closed_at__isnull=True).first()
    if poll is not None:
        poll.closed_at = now
        poll.save(update_fields=["closed_at"])
    record_event(
        meeting.project,
        "meeting.date_moved" if moved else "meeting.date_fixed",
        actor=by,
        subject=meeting,
        data={"starts_at": starts_at.isoformat(), "short_notice": bool(reason)},
    )
    _tell_invitees(meeting, "moved" if moved else "fixed")
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: Person, reason: str) -> Meeting:
    require_organiser(meeting, by)
    if meeting.is_cancelled:
        return meeting
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Say why the meeting is cancelled.")})
    was_fixed = meeting.is_fixed
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_by = by
    meeting.cancel_reason = reason.strip()
    meeting.save()
    DatePoll.objects.filter(meeting=meeting, closed_at__isnull=True).update(
        closed_at=meeting.cancelled_at
    )
    record_event(meeting.project, "meeting.cancelled", actor=by, subject=meeting)
    if was_fixed or hasattr(meeting, "poll"):
        _tell_invitees(meeting, "cancelled")
    return meeting


@transaction.atomic
def meeting_write_notes(*, meeting: Meeting, by: Person, notes: str) -> Meeting:
    require_organiser(meeting, by)
    if not notes.strip():
        raise ValidationError({"notes": _("Write what happened at the meeting.")})
    first = meeting.notes_written_at is None
    meeting.notes = notes.strip()
    if first:
        meeting.notes_written_at = timezone.now()
        meeting.notes_written_by = by
    meeting.full_clean(exclude=["project", "created_by", "venue"])
    meeting.save()
    record_event(
        meeting.project,
        "meeting.notes_written" if first else "meeting.notes_changed",
        actor=by,
        subject=meeting,
    )
    return meeting


# Who is invited, and how they take part ------------------------------------


@transaction.atomic
def invitees_add(*, meeting: Meeting, by: Person, people: Iterable[Person]) -> list[Invitee]:
    """Invite more people: they must be members of the project."""
    require_organiser(meeting, by)
    _require_open(meeting)
    ids = {p.pk for p in people}
    members = set(
        meeting.project.memberships.filter(left_at__isnull=True, person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
    if ids - members:
        raise ValidationError(_("Only members of the project can be invited."))
    already = set(meeting.invitees.values_list("person_id", flat=True))
    new = Invitee.objects.bulk_create(
        [Invitee(meeting=meeting, person_id=pid, invited_by=by) for pid in ids - already]
    )
    if new:
        record_event(
            meeting.project,
            "meeting.invited",
            actor=by,
            subject=meeting,
            data={"count": len(new)},
        )
        # People invited late hear what the others already know.
        news = Notification.What.FIXED if meeting.is_fixed else Notification.What.INVITED
        if DatePoll.objects.filter(meeting=meeting, closed_at__isnull=True).exists():
            news = Notification.What.POLL
        _tell_invitees(meeting, news, [i.person_id for i in new])
    return new


@transaction.atomic
def invitee_set_way(*, meeting: Meeting, person: Person, way: str) -> Invitee:
    """A person says how they will take part: in person, online, by phone, or by sending
    words, pictures or audio before or after."""
    invitee = require_invitee(meeting, person)
    _require_open(meeting)
    if way not in Invitee.Way.values or way == Invitee.Way.NOT_SAID:
        raise ValidationError({"way": _("Choose how you will take part.")})
    if way == Invitee.Way.ONLINE and not meeting.meets_online:
        raise ValidationError({"way": _("This meeting is not online. Choose another way.")})
    if way == Invitee.Way.IN_PERSON and not meeting.meets_in_person:
        raise ValidationError({"way": _("This meeting is only online. Choose another way.")})
    invitee.way = way
    invitee.save(update_fields=["way"])
    record_event(meeting.project, "meeting.way_chosen", actor=person, subject=meeting)
    return invitee


@transaction.atomic
def attendance_record(*, meeting: Meeting, by: Person, attended: Mapping[int, str]) -> list[str]:
    """Record who took part, and how: `attended` maps a person's id to how they came.
    Returns what other apps did as a result, in sentences for whoever recorded it."""
    require_organiser(meeting, by)
    if meeting.starts_at is None or meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the meeting has started."))
    if set(attended.values()) - set(Invitee.Attended.values):
        raise ValidationError(_("Choose how each person took part from the list."))
    invitees = list(meeting.invitees.filter(person_id__in=list(attended)))
    for invitee in invitees:
        invitee.attended = attended[invitee.person_id]
    Invitee.objects.bulk_update(invitees, ["attended"])
    record_event(
        meeting.project,
        "meeting.attendance_recorded",
        actor=by,
        subject=meeting,
        data={"count": len(invitees)},
    )
    # Other apps act on it: payments starts a claim for each person who took part.
    return hooks.attendance_recorded(meeting=meeting, by=by)


@transaction.atomic
def arrangement_set(
    *, meeting: Meeting, by: Person, need: str, how: str, now: dt.datetime | None = None
) -> Arrangement:
    """Mark a need met by an arrangement (an interpreter booked, a taxi paid), and how.
    When it was first marked met stays as it was if the "how" changes later: the
    co-production check asks whether it was met 48 hours before the meeting."""
    require_organiser(meeting, by)
    _require_open(meeting)
    if need not in set(checks.need_label_codes()):
        raise ValidationError({"need": _("Choose a need from the list.")})
    if not how.strip():
        raise ValidationError({"how": _("Say how the need is met, like 'BSL interpreter booked'.")})
    arrangement, _created = Arrangement.objects.update_or_create(
        meeting=meeting,
        need=need,
        defaults={"how": how.strip(), "met_by": by},
        create_defaults={"how": how.strip(), "met_by": by, "met_at": now or timezone.now()},
    )
    arrangement.full_clean()
    record_event(
        meeting.project, "meeting.need_arranged", actor=by, subject=meeting, data={"need": need}
    )
    return arrangement


# The date poll --------------------------------------------------------------


def _clean_times(
    times: Sequence[tuple[dt.datetime, dt.datetime]], *, now: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    if not times:
        raise ValidationError({"times": _("Add at least one time people can choose.")})
    if len(times) > MAX_POLL_TIMES:
        raise ValidationError({"times": _("Offer at most %(n)d times.") % {"n": MAX_POLL_TIMES}})
    for starts_at, ends_at in times:
        try:
            _check_times(starts_at, ends_at, now=now)
        except ValidationError as error:
            message = " ".join(m for ms in error.message_dict.values() for m in ms)
            raise ValidationError(
                {"times": f"{checks.london(starts_at):%-d %B %Y %H:%M}: {message}"}
            ) from error
    return sorted(set(times))


@transaction.atomic
def poll_open(
    *,
    meeting: Meeting,
    by: Person,
    times: Sequence[tuple[dt.datetime, dt.datetime]],
    message: str = "",
    answer_by: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> DatePoll:
    """Ask the people invited which times suit them. On a poll already made this opens
    it again with the new times added; answers to the old times are kept."""
    require_organiser(meeting, by)
    _require_open(meeting)
    now = now or timezone.now()
    cleaned = _clean_times(times, now=now)
    poll = DatePoll.objects.filter(meeting=meeting).first()
    reopened = poll is not None
    if poll is None:
        poll = DatePoll(meeting=meeting, opened_by=by, opened_at=now)
    poll.message = message.strip() or poll.message
    poll.answer_by = answer_by
    poll.closed_at = None
    poll.full_clean(exclude=["meeting", "opened_by"])
    poll.save()
    existing = set(poll.times.filter(withdrawn_at__isnull=True).values_list("starts_at", "ends_at"))
    CandidateTime.objects.bulk_create(
        [
            CandidateTime(poll=poll, starts_at=s, ends_at=e, added_at=now)
            for s, e in cleaned
            if (s, e) not in existing
        ]
    )
    if meeting.status != Meeting.Status.PLANNING:
        meeting.status = Meeting.Status.PLANNING
        meeting.save(update_fields=["status", "updated_at"])
    record_event(
        meeting.project,
        "poll.reopened" if reopened else "poll.opened",
        actor=by,
        subject=meeting,
        data={"times": len(cleaned)},
    )
    _tell_invitees(meeting, Notification.What.POLL)
    return poll


@transaction.atomic
def poll_withdraw_time(*, time: CandidateTime, by: Person) -> CandidateTime:
    require_organiser(time.poll.meeting, by)
    if time.withdrawn_at is None:
        time.withdrawn_at = timezone.now()
        time.save(update_fields=["withdrawn_at"])
        record_event(time.poll.meeting.project, "poll.time_withdrawn", actor=by, subject=time)
    return time


@transaction.atomic
def poll_close(*, poll: DatePoll, by: Person) -> DatePoll:
    require_organiser(poll.meeting, by)
    if poll.closed_at is None:
        poll.closed_at = timezone.now()
        poll.save(update_fields=["closed_at"])
        record_event(poll.meeting.project, "poll.closed", actor=by, subject=poll.meeting)
    return poll


@transaction.atomic
def poll_answer(
    *,
    poll: DatePoll,
    person: Person,
    answers: Mapping[int, tuple[str, str]],
) -> list[PollAnswer]:
    """Save a person's answers: candidate time id -> (yes / if need be / no, a note).
    Answering again changes the answers; times left out keep what was said before."""
    require_invitee(poll.meeting, person)
    if poll.meeting.project.is_closed:
        # Closing a project leaves its polls as they were, as a record; they take
        # no more answers, as its meetings take no more changes (_require_open).
        raise ValidationError(_("This project is closed, so its polls take no more answers."))
    if not poll.is_open:
        raise ValidationError(_("This poll is closed. Ask the organiser to open it again."))
    times = {t.pk: t for t in poll.times.filter(withdrawn_at__isnull=True, pk__in=list(answers))}
    if set(answers) - set(times):
        raise ValidationError(_("One of those times is no longer on the poll. Try again."))
    errors = []
    saved = []
    for time_id, (answer, note) in answers.items():
        if answer not in PollAnswer.Answer.values:
            errors.append(_("Choose yes, if need be or no for every time."))
            continue
        row, _created = PollAnswer.objects.update_or_create(
            time=times[time_id], person=person, defaults={"answer": answer, "note": note.strip()}
        )
        row.full_clean(exclude=["time", "person"])
        saved.append(row)
    if errors:
        raise ValidationError(errors[0])
    record_event(poll.meeting.project, "poll.answered", actor=person, subject=poll.meeting)
    return saved


@transaction.atomic
def notification_done(*, notification: Notification, by: Person) -> Notification:
    """Mark a letter posted, a call made or a supporter told."""
    require_organiser(notification.meeting, by)
    if notification.done_at is None:
        notification.done_at = timezone.now()
        notification.done_by = by
        notification.save(update_fields=["done_at", "done_by"])
        record_event(
            notification.meeting.project,
            "meeting.told_by_hand",
            actor=by,
            subject=notification.meeting,
            data={"channel": notification.channel, "what": notification.what},
        )
    return notification


# Calendar feeds -------------------------------------------------------------


def calendar_feed_for(person: Person) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(person=person)
    return feed


@transaction.atomic
def calendar_feed_reset(*, person: Person) -> CalendarFeed:
    """Make a new private address; the old one stops working at once."""
    feed = calendar_feed_for(person)
    feed.token = new_feed_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    record_event(None, "calendar_feed.reset", actor=person, subject=feed)
    return feed
