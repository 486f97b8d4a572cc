"""Demo meetings: one done badly (every flag shows) and one done well, a poll still open,
and a past meeting whose notes are late. Made through the services, like real use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.utils import timezone

from ustogether.people.models import Person
from ustogether.plainlanguage import easyread
from ustogether.plainlanguage.models import EasyReadVersion
from ustogether.projects.models import Project

from . import services, services_papers
from .checks import LONDON
from .models import Meeting, Paper, Venue

DAY_SERVICES = "Places to go in the day"
CARERS = "Breaks for carers"


def _pdf(title: str) -> SimpleUploadedFile:
    """A small, real PDF with one line of text, so the demo's papers open."""
    text = title.replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return SimpleUploadedFile("paper.pdf", bytes(out), content_type="application/pdf")


def _at(days: int, hour: int, minute: int = 0, *, now: dt.datetime) -> dt.datetime:
    day = now.astimezone(LONDON).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON).astimezone(dt.UTC)


def seed(projects: Sequence[Project], accounts: Mapping[str, Person]) -> list[Meeting]:
    by_title = {project.title: project for project in projects}
    day = by_title[DAY_SERVICES]
    carers = by_title[CARERS]
    lead = accounts["lead"]
    now = timezone.now()

    town_hall = services.venue_create(
        organisation=day.organisation,
        by=lead,
        name="Brackenmoor Town Hall, Committee Room 3",
        address="Town Hall, Market Street, Brackenmoor",
        postcode="BM1 1AA",
        features=["public_transport"],
        travel_notes="The 12 and 14 buses stop on Market Street.",
        parking_notes="Pay and display car park behind the hall. No blue badge spaces.",
        access_notes="Committee Room 3 is up two flights of stairs. There is no lift.",
    )
    centre = services.venue_create(
        organisation=day.organisation,
        by=lead,
        name="Riverside Community Centre",
        address="2 Mill Lane, Riverside, Brackenmoor",
        postcode="BM3 4RT",
        features=[
            "step_free",
            "accessible_toilet",
            "hearing_loop",
            "quiet_space",
            "seating",
            "parking",
            "public_transport",
            "food_on_site",
            "breaks",
        ],
        travel_notes="The 7 bus stops outside. Brackenmoor station is a 10 minute walk.",
        parking_notes="Four blue badge spaces by the front door.",
        access_notes="The front door opens by itself. Everything is on the ground floor.",
    )
    meetings = [
        _bad_meeting(day, lead, town_hall, now),
        _good_meeting(day, lead, centre, accounts, now),
        _open_poll(day, lead, centre, accounts, now),
        _past_meeting(carers, accounts["carer"], now),
    ]
    _online_meeting(carers, accounts["carer"], now)
    return meetings


def _bad_meeting(project: Project, lead: Person, venue: Venue, now: dt.datetime) -> Meeting:
    """Two days' notice, stairs only, 9 till half past 1 with no lunch, papers late."""
    meeting = services.meeting_create(
        project=project,
        by=lead,
        title="Day services budget briefing",
        kind=Meeting.Kind.MEETING,
        purpose="Tell people about next year's budget for day services.",
        already_decided="The budget is set. Two day centres will close in March.",
        can_change="Only the order we tell people about it.",
        venue=venue,
        food=Meeting.Food.NONE,
    )
    services.meeting_fix_date(
        meeting=meeting,
        by=lead,
        starts_at=_at(2, 9, 0, now=now),
        ends_at=_at(2, 13, 30, now=now),
        short_notice_reason="The council's deadline moved forward.",
        now=now,
    )
    services_papers.paper_add(
        meeting=meeting, by=lead, title="Budget report", upload=_pdf("Budget report")
    )
    services_papers.papers_send(meeting=meeting, by=lead)
    return meeting


def _good_meeting(
    project: Project, lead: Person, venue: Venue, accounts: Mapping[str, Person], now: dt.datetime
) -> Meeting:
    """Three weeks' notice, a step-free venue, 10:30 to 2:30 with lunch, papers on time."""
    meeting = services.meeting_create(
        project=project,
        by=lead,
        title="Choosing new day activities together",
        kind=Meeting.Kind.WORKSHOP,
        purpose="Choose, together, the activities people can do in the day from next spring.",
        already_decided="The money for day activities stays the same next year.",
        can_change=(
            "Which activities we offer, where they happen, and how people book them. "
            "What we choose here goes to the council in April."
        ),
        venue=venue,
        food=Meeting.Food.MEAL,
        fee_basis=Meeting.FeeBasis.PER_HOUR,
        fee_amount=Decimal("20.00"),
        paid_hours=Decimal("4"),
        expenses_covered=["travel", "support", "food"],
        how_to_claim="Fill in the claim form at the end of the day, or ask Amara to help.",
    )
    services.poll_open(
        meeting=meeting,
        by=lead,
        times=[(_at(days, 10, 30, now=now), _at(days, 14, 30, now=now)) for days in (22, 23, 29)],
        message="Lunch is included. Tell us if a time is hard for you.",
        now=now,
    )
    times = list(meeting.poll.times.all())
    for key, answers in (
        ("member", ("no", "yes", "yes")),
        ("carer", ("yes", "yes", "if_need_be")),
        ("lead", ("yes", "if_need_be", "yes")),
    ):
        person = accounts[key]
        if meeting.invitees.filter(person=person).exists():
            services.poll_answer(
                poll=meeting.poll,
                person=person,
                answers={t.pk: (a, "") for t, a in zip(times, answers, strict=True)},
            )
    services.meeting_fix_date(
        meeting=meeting, by=lead, starts_at=times[1].starts_at, ends_at=times[1].ends_at, now=now
    )
    for title, minutes in (
        ("Welcome, and how the day will go", 15),
        ("What people do in the day now", 45),
        ("Lunch", 45),
        ("Choosing activities in small groups", 60),
        ("What happens next", 15),
    ):
        services_papers.agenda_item_add(meeting=meeting, by=lead, title=title, minutes=minutes)
    services.arrangement_set(
        meeting=meeting,
        by=lead,
        need="support_worker",
        how="Free place and lunch for support workers",
    )
    services.arrangement_set(
        meeting=meeting, by=lead, need="easy_read", how="Every paper has an Easy Read version"
    )
    paper = services_papers.paper_add(
        meeting=meeting, by=lead, title="Activities people asked for", upload=_pdf("Activities")
    )
    _easy_read(paper, lead)
    services_papers.papers_send(meeting=meeting, by=lead)
    return meeting


# The good meeting's paper in Easy Read, written with the Easy Read tools: each
# point with the OpenMoji picture beside it.
EASY_READ_PAPER = (
    ("We asked people what they want to do in the day.", "1F5E3"),
    ("Many people want to paint or make things.", "1F3A8"),
    ("Some people want to go for a walk in the park.", "1F6B6"),
    ("Some people want to meet friends for a cup of tea.", "2615"),
    ("At the meeting we will choose together.", "1F91D"),
)


def _easy_read(paper: Paper, lead: Person) -> None:
    version = easyread.easy_read_write(
        subject=paper,
        by=lead,
        title="Things people want to do in the day",
        text="\n\n".join(text for text, _picture in EASY_READ_PAPER),
    )
    for point, (_text, hexcode) in zip(version.active_points(), EASY_READ_PAPER, strict=True):
        easyread.easy_read_choose_picture(point=point, by=lead, choice=f"openmoji:{hexcode}")


def _open_poll(
    project: Project, lead: Person, venue: Venue, accounts: Mapping[str, Person], now: dt.datetime
) -> Meeting:
    meeting = services.meeting_create(
        project=project,
        by=lead,
        title="Review group: what we heard",
        kind=Meeting.Kind.REFERENCE_GROUP,
        purpose="Check that we wrote down what people told us, before it goes to the council.",
        can_change="Anything we got wrong, or left out.",
        venue=venue,
        food=Meeting.Food.DRINKS,
    )
    services.poll_open(
        meeting=meeting,
        by=lead,
        times=[(_at(days, 13, 30, now=now), _at(days, 15, 0, now=now)) for days in (30, 31, 36)],
        now=now,
    )
    return meeting


def _past_meeting(project: Project, lead: Person, now: dt.datetime) -> Meeting:
    """A meeting five weeks ago: attendance written down, notes never written (late)."""
    meeting = services.meeting_create(
        project=project,
        by=lead,
        title="What makes a good break?",
        kind=Meeting.Kind.FOCUS_GROUP,
        purpose="Hear from carers what a good break looks like.",
        can_change="What we ask the council to pay for.",
        place=Meeting.Place.ONLINE,
        online_link="https://meet.example.org/breaks",
        online_captions=True,
    )
    then = now - dt.timedelta(days=60)
    services.meeting_fix_date(
        meeting=meeting,
        by=lead,
        starts_at=_at(-35, 11, 0, now=now),
        ends_at=_at(-35, 12, 0, now=now),
        now=then,
    )
    services.attendance_record(
        meeting=meeting,
        by=lead,
        attended={i.person_id: "online" for i in meeting.invitees.all()[:3]},
    )
    return meeting


def _online_meeting(project: Project, lead: Person, now: dt.datetime) -> Meeting:
    meeting = services.meeting_create(
        project=project,
        by=lead,
        title="Online chat: booking a break",
        kind=Meeting.Kind.ONLINE_DISCUSSION,
        purpose="Talk about how booking a break could be easier.",
        can_change="How people book breaks.",
        place=Meeting.Place.ONLINE,
        online_link="https://meet.example.org/booking",
        online_captions=True,
        online_bsl=True,
        phone_dial_in="0330 088 0000, code 4455",
    )
    services.meeting_fix_date(
        meeting=meeting,
        by=lead,
        starts_at=_at(18, 14, 0, now=now),
        ends_at=_at(18, 15, 0, now=now),
        now=now,
    )
    return meeting


def delete(projects: QuerySet[Project]) -> None:
    """Meetings and venues hold on to projects and organisations, so they go first."""
    meetings = Meeting.objects.filter(project__in=projects)
    # Easy Read versions point at their paper without a foreign key.
    EasyReadVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(Paper),
        object_id__in=Paper.objects.filter(meeting__in=meetings).values("pk"),
    ).delete()
    for meeting in meetings:
        meeting.papers.filter(easy_read_of__isnull=False).delete()
    meetings.delete()
    Venue.objects.filter(organisation__projects__in=projects).distinct().delete()
