"""Demo data for the co-production check: activities people scored, in secret.

"Help at home for older people" shows tokenism: people joined at the review,
the scores on having an equal say are low, and members put it far lower on the
ladder than its records do. Its meeting to choose the home care company met
nobody's access needs in time, and only one person with lived experience was
there when it decided. "Clear letters about your care" shows co-production
done well: every need met well ahead, and four people with lived experience in
the room when it decided; its check about that meeting asks only the people
who came. The NHS trust has published its scorecard. One check is still open
for the demo member to answer, and one closed with too few answers to show.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from ustogether.decisions import services as decision_services
from ustogether.decisions.models import Decision
from ustogether.meetings import queries as meeting_queries
from ustogether.meetings import services as meeting_services
from ustogether.meetings.checks import LONDON
from ustogether.meetings.models import TOOK_PART, Invitee, Meeting
from ustogether.people.models import Organisation, Person
from ustogether.projects import services as project_services
from ustogether.projects.models import Perspective, Project
from ustogether.quality import notify, services
from ustogether.quality.models import (
    Check,
    ChecklistVersion,
    CheckNotice,
    PublishedScorecard,
    Rung,
    Statement,
)
from ustogether.quality.scorecard import organisation_figures
from ustogether.quality.statements import SCALE, Choice

# How people in each kind of activity tend to answer: a weight for each point of
# the agree scale (no, not at all ... yes, very much), and for "this does not apply".
TOKENISTIC = (5, 6, 3, 1, 0, 1)
MIXED = (1, 2, 4, 6, 3, 1)
FAIR = (0, 1, 3, 6, 3, 1)
GOOD = (0, 0, 1, 5, 8, 1)


@dataclass(frozen=True)
class DemoCheck:
    project: str
    title: str
    days_ago: int
    answers: int
    weights: tuple[int, ...]
    power_weights: tuple[int, ...] | None  # for the statements about an equal say
    rungs: tuple[int, ...]  # the rungs people choose from, at random
    close: bool = True
    kind: str = Check.Kind.AFTER


CHECKS: tuple[DemoCheck, ...] = (
    DemoCheck(
        "Help at home for older people",
        "Review meeting at the town hall",
        200,
        6,
        MIXED,
        TOKENISTIC,
        (Rung.INFORMING, Rung.CONSULTATION),
    ),
    DemoCheck(
        "Help at home for older people",
        "Presentation of the new home care plan",
        100,
        7,
        TOKENISTIC,
        TOKENISTIC,
        (Rung.COERCION, Rung.EDUCATING, Rung.INFORMING),
    ),
    DemoCheck(
        "Help at home for older people",
        "Drop-in about the changes",
        30,
        3,
        TOKENISTIC,
        TOKENISTIC,
        (Rung.INFORMING,),
    ),
    DemoCheck(
        "Clear letters about your care",
        "Planning day: what a clear letter looks like",
        220,
        6,
        GOOD,
        GOOD,
        (Rung.CO_DESIGN, Rung.CO_PRODUCTION),
    ),
    DemoCheck(
        "Clear letters about your care",
        "Writing the first letters together",
        120,
        7,
        GOOD,
        GOOD,
        (Rung.CO_PRODUCTION,),
    ),
    DemoCheck(
        "A calm place to go in a crisis",
        "Training the café team",
        40,
        6,
        GOOD,
        GOOD,
        (Rung.CO_DESIGN, Rung.CO_PRODUCTION),
    ),
    DemoCheck(
        "Clear letters about your care",
        "Six months on: what changed",
        10,
        5,
        GOOD,
        None,
        (),
        kind=Check.Kind.FOLLOW_UP,
    ),
    DemoCheck(
        "Breaks for carers",
        "Workshop on booking a break",
        60,
        5,
        MIXED,
        FAIR,
        (Rung.ENGAGEMENT, Rung.CO_DESIGN),
    ),
    DemoCheck(
        "Breaks for carers",
        "Carers' evening at the library",
        3,
        2,
        MIXED,
        MIXED,
        (Rung.ENGAGEMENT,),
        close=False,
    ),
)


def _choice(rng: random.Random, weights: Sequence[int]) -> str:
    options = [*SCALE, Choice.DOES_NOT_APPLY]
    return rng.choices(options, weights=weights)[0]


def _answer(rng: random.Random, check: Check, spec: DemoCheck, people: Sequence[Person]) -> None:
    statements = services.statements_asked(check)
    for person in people:
        answers = {}
        for statement in statements:
            weights = (
                spec.power_weights
                if statement.power_sharing and spec.power_weights
                else spec.weights
            )
            # Some people leave a question out.
            if rng.random() < 0.9:
                answers[statement.pk] = _choice(rng, weights)
        rung = rng.choice(spec.rungs) if spec.rungs else None
        if not answers and rung is None:
            answers[statements[0].pk] = _choice(rng, spec.weights)
        services.check_answer(check=check, by=person, answers=answers, rung=rung)


def _papers_back(
    rng: random.Random, check: Check, spec: DemoCheck, spare: Sequence[Person]
) -> None:
    """Two people who do not use the web sent the questions back on paper: the
    co-lead has typed in one and has the other still to type in."""
    back = list(spare[:2])
    if len(back) < 2:
        return
    services.paper_returned(check=check, by=check.opened_by, people=back)
    statements = services.statements_asked(check)
    services.paper_answer_add(
        check=check,
        by=check.opened_by,
        answers={s.pk: _choice(rng, spec.weights) for s in statements},
        rung=rng.choice(spec.rungs) if spec.rungs else None,
    )


# The "usual suspects": one person asked onto every project.
USUAL_SUSPECT_FROM = "Help at home for older people"
USUAL_SUSPECT_TO = (
    "Places to go in the day",
    "Breaks for carers",
    "Leaving care, staying well",
)


def _usual_suspect(by_title: Mapping[str, Project]) -> None:
    """A person with lived experience in one project is invited onto three more,
    so that four projects at once show the "same few people" warning."""
    source = by_title[USUAL_SUSPECT_FROM]
    membership = (
        source.memberships.filter(perspective=Perspective.LIVED_EXPERIENCE, left_at__isnull=True)
        .exclude(person__memberships__project__title__in=USUAL_SUSPECT_TO)
        .select_related("person")
        .order_by("id")
        .first()
    )
    assert membership is not None, "the demo needs someone with lived experience here"
    for title in USUAL_SUSPECT_TO:
        project = by_title[title]
        invitation = project_services.invitation_create(
            project=project,
            by=project.created_by,
            email=membership.person.email,
            perspective=Perspective.LIVED_EXPERIENCE,
            message="You know this well. Would you help us too?",
        )
        project_services.invitation_accept(
            invitation=invitation,
            person=membership.person,
            perspective=Perspective.LIVED_EXPERIENCE,
        )


def _days_ago(days: int, hour: int, minute: int = 0, *, now: dt.datetime) -> dt.datetime:
    day = now.astimezone(LONDON).date() - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON).astimezone(dt.UTC)


def _held_meeting(
    project: Project,
    lead: Person,
    *,
    days_ago: int,
    fixed_days_before: int,
    hours: tuple[tuple[int, int], tuple[int, int]],
    **fields: object,
) -> Meeting:
    """A meeting already held: planned and its date fixed weeks before, as it happened."""
    now = timezone.now()
    meeting = meeting_services.meeting_create(project=project, by=lead, **fields)  # type: ignore[arg-type]
    (start_hour, start_minute), (end_hour, end_minute) = hours
    starts_at = _days_ago(days_ago, start_hour, start_minute, now=now)
    meeting_services.meeting_fix_date(
        meeting=meeting,
        by=lead,
        starts_at=starts_at,
        ends_at=_days_ago(days_ago, end_hour, end_minute, now=now),
        now=starts_at - dt.timedelta(days=fixed_days_before),
    )
    return meeting


def _came(meeting: Meeting, lead: Person, people: Sequence[int]) -> list[Person]:
    """Write down who came (in person); everyone else invited did not take part."""
    invitees = list(meeting.invitees.select_related("person").order_by("id"))
    meeting_services.attendance_record(
        meeting=meeting,
        by=lead,
        attended={
            i.person_id: Invitee.Attended.IN_PERSON
            if i.person_id in people
            else Invitee.Attended.ABSENT
            for i in invitees
        },
    )
    return [i.person for i in invitees if i.person_id in people]


def _at_the_table(project: Project, lived: int) -> list[int]:
    """The co-leads, the other staff and carers, and `lived` people with lived experience."""
    members = project.memberships.filter(left_at__isnull=True).order_by("id")
    others = [m.person_id for m in members if m.perspective != Perspective.LIVED_EXPERIENCE]
    with_experience = [
        m.person_id for m in members if m.perspective == Perspective.LIVED_EXPERIENCE
    ]
    return others + with_experience[:lived]


def _tokenistic_meeting(project: Project) -> None:
    """Rules 9 and 10 failing: a room up the stairs, nothing arranged, one person with
    lived experience at the table when the company was chosen, and no carer there."""
    lead = project.created_by
    venue = meeting_services.venue_create(
        organisation=project.organisation,
        by=lead,
        name="Brackenmoor Civic Centre, Room 4",
        address="Civic Centre, Station Road, Brackenmoor",
        postcode="BM1 2CC",
        features=["public_transport"],
        access_notes="Room 4 is on the second floor. The lift is often out of order.",
    )
    meeting = _held_meeting(
        project,
        lead,
        days_ago=8,
        fixed_days_before=30,
        hours=((10, 30), (12, 0)),
        title="Choosing the home care company",
        kind=Meeting.Kind.MEETING,
        purpose="Choose the company that gives help at home from April.",
        already_decided="The council has the final say on which company gives the help.",
        can_change="Which of the three companies we choose.",
        venue=venue,
        food=Meeting.Food.DRINKS,
        fee_basis=Meeting.FeeBasis.PER_SESSION,
        fee_amount=Decimal("25.00"),
        expenses_covered=["travel"],
        how_to_claim="Send your bus tickets to the council.",
    )
    assert meeting.starts_at is not None
    # The carers said they could not come (a weekday morning, and no care cover paid),
    # so the carer's view the project needs was not at the table (rule 10, second half).
    carers = set(
        project.memberships.filter(left_at__isnull=True, perspective=Perspective.CARER).values_list(
            "person_id", flat=True
        )
    )
    meeting.invitees.filter(person_id__in=carers).update(way=Invitee.Way.NOT_COMING)
    at_the_table = [pk for pk in _at_the_table(project, lived=1) if pk not in carers]
    people = _came(meeting, lead, at_the_table)
    meeting_services.meeting_write_notes(
        meeting=meeting,
        by=lead,
        notes="We chose Homeward Care. The commissioners explained why.",
    )
    decision_services.decision_create(
        project=project,
        by=lead,
        title="Homeward Care will give help at home from April",
        details="Homeward Care was the cheapest of the three companies.",
        decided_on=meeting.starts_at.astimezone(LONDON).date(),
        method=Decision.Method.CO_LEADS,
        participants=people,
    )


def _co_produced_meeting(project: Project, keeper: Person) -> Meeting:
    """Rules 9 and 10 done well: every need met a week ahead, and four people with
    lived experience at the table when the letters were agreed."""
    lead = project.created_by
    venue = meeting_services.venue_create(
        organisation=project.organisation,
        by=keeper,
        name="Fernvale Wellbeing Hub",
        address="12 Orchard Road, Fernvale",
        postcode="FV2 7HB",
        features=[
            "step_free",
            "accessible_toilet",
            "hearing_loop",
            "quiet_space",
            "breaks",
            "support_worker",
            "seating",
            "low_light",
            "parking",
            "lift",
            "public_transport",
            "food_on_site",
        ],
        travel_notes="The 3 bus stops outside.",
        access_notes="Everything is on the ground floor. The quiet room is next to the hall.",
    )
    meeting = _held_meeting(
        project,
        lead,
        days_ago=6,
        fixed_days_before=35,
        hours=((10, 30), (12, 15)),
        title="Agreeing the new appointment letter",
        kind=Meeting.Kind.WORKSHOP,
        purpose="Agree together what the new appointment letter says, and how it looks.",
        already_decided="Every letter will have an Easy Read version.",
        can_change="The words, the order and the look of the letter.",
        venue=venue,
        place=Meeting.Place.BOTH,
        online_link="https://meet.example.org/letters",
        online_captions=True,
        food=Meeting.Food.DRINKS,
        fee_basis=Meeting.FeeBasis.PER_HOUR,
        fee_amount=Decimal("20.00"),
        paid_hours=Decimal("2"),
        expenses_covered=["travel", "support", "childcare"],
        how_to_claim="Fill in the claim form at the end, or ask Nadia to help.",
    )
    assert meeting.starts_at is not None
    ways = {
        "easy_read": "The papers come in Easy Read",
        "audio": "The papers come as a recording",
        "plain_text_email": "Emails go out in plain text",
        "large_print": "The papers come in large print",
        "bsl": "A BSL interpreter is booked",
        "interpreter": "An interpreter is booked",
    }
    for match in meeting_queries.needs_matched(meeting):
        if not match.is_met:
            meeting_services.arrangement_set(
                meeting=meeting,
                by=lead,
                need=match.need,
                how=ways.get(match.need, "Arranged with the person"),
                now=meeting.starts_at - dt.timedelta(days=7),
            )
    people = _came(meeting, lead, _at_the_table(project, lived=4))
    meeting_services.meeting_write_notes(
        meeting=meeting,
        by=lead,
        notes="We agreed the new letter. It says who to phone at the top, in big letters.",
    )
    decision_services.decision_create(
        project=project,
        by=lead,
        title="Appointment letters say who to phone, at the top",
        details="The first thing on every appointment letter is who to phone, and when.",
        decided_on=meeting.starts_at.astimezone(LONDON).date(),
        method=Decision.Method.CONSENSUS,
        participants=people,
    )
    return meeting


def _ask_who_came(rng: random.Random, meeting: Meeting, accounts: Mapping[str, Person]) -> None:
    """A check about the meeting, still open: only the people who came are asked, and
    most have answered. The demo member is left to answer, if they came."""
    check = services.check_open(
        project=meeting.project,
        by=meeting.project.created_by,
        meeting=meeting,
        closes_on=timezone.localdate() + dt.timedelta(days=10),
    )
    came = [
        invitee.person
        for invitee in meeting.invitees.filter(attended__in=TOOK_PART)
        .exclude(person__email=accounts["member"].email)
        .select_related("person")
        .order_by("id")
    ]
    spec = DemoCheck(
        meeting.project.title, check.title, 6, len(came), GOOD, GOOD, (Rung.CO_PRODUCTION,)
    )
    _answer(rng, check, spec, came[:-1])
    _tell(check)


def _tell(check: Check) -> None:
    """Tell everyone an open check asks, now rather than when the seeding's transaction
    ends, so the co-lead's list of things to pass on shows the people who hear by post,
    phone or a supporter. The first of them has been told already."""
    notify.check_tell(check=check, what=CheckNotice.What.ASKED)
    first = check.notices.order_by("pk").first()
    if first is not None:
        services.notice_mark_told(notice=first, by=check.opened_by)


def seed(projects: Sequence[Project], accounts: Mapping[str, Person]) -> None:
    # Not for secrets: the demo must come out the same every time.
    rng = random.Random(2026)  # noqa: S311
    by_title = {project.title: project for project in projects}
    today = timezone.localdate()
    papers_shown = False
    for spec in CHECKS:
        project = by_title[spec.project]
        lead = project.created_by
        check = services.check_open(
            project=project,
            by=lead,
            title=spec.title,
            held_on=today - dt.timedelta(days=spec.days_ago),
            kind=spec.kind,
            closes_on=today + dt.timedelta(days=14),
        )
        members = list(
            project.memberships.filter(left_at__isnull=True)
            .exclude(person__email=accounts["member"].email)
            .select_related("person")
            .order_by("id")
        )
        people = [m.person for m in rng.sample(members, min(spec.answers, len(members)))]
        _answer(rng, check, spec, people)
        if spec.close:
            services.check_close(check=check, by=lead)
        else:
            _tell(check)
            if not papers_shown:
                demo_emails = {a.email for a in accounts.values()}
                spare = [
                    m.person
                    for m in members
                    if m.person not in people and m.person.email not in demo_emails
                ]
                _papers_back(rng, check, spec, spare)
                papers_shown = Check.objects.filter(pk=check.pk, paper_returned__gt=0).exists()
    _usual_suspect(by_title)
    _tokenistic_meeting(by_title["Help at home for older people"])
    letters = _co_produced_meeting(by_title["Clear letters about your care"], accounts["nhs_admin"])
    _ask_who_came(rng, letters, accounts)
    trust = by_title["A calm place to go in a crisis"].organisation
    services.policy_update(
        organisation=trust,
        by=accounts["nhs_admin"],
        limits={"notice_amber_days": 21, "pay_red_days": 14},
        pledge=(
            "We plan and decide with the people who use our services, from the start. "
            "We pay for your time within 14 days, give 3 weeks' notice, and tell you "
            "what changed because of you."
        ),
    )
    services.own_statement_add(
        organisation=trust,
        by=accounts["nhs_admin"],
        principle="accessibility",
        text="There was a quiet room I could use.",
        easy_read="There was a quiet room.",
    )
    services.scorecard_publish(
        organisation=trust,
        by=accounts["nhs_admin"],
        figures=organisation_figures(trust, public=True),
    )


def delete(organisations: QuerySet[Organisation]) -> None:
    """Remove what the demo's projects leave behind: published scorecards and checklists.

    Run after the projects (and with them their checks) are deleted."""
    PublishedScorecard.objects.filter(organisation__in=organisations).delete()
    Statement.objects.filter(checklist__organisation__in=organisations).delete()
    ChecklistVersion.objects.filter(organisation__in=organisations).delete()
