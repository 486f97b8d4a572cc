""" "You said, we did" demo data for `manage.py seed_demo`: what people said to three
projects, what the teams did, and the decisions that came of it.

- "Places to go in the day" is the good example: everything answered in time,
  a drawing with its description, something said on the phone for a member,
  decisions agreed by both kinds of co-lead, one with a vote and recorded
  dissent, one done, one dropped with its reason.
- "Help at home for older people" shows the failures: things never answered
  and late, a letter nobody answered, and a decision still waiting for a co-lead
  who uses the services to agree it (the project has none).
- "Breaks for carers" is in between: answers given, one re-opened by a reply.

Everything goes through the same services the site uses, so the audit log fills
as it would in real use.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from PIL import Image, ImageDraw

from ustogether.contributions import services as said
from ustogether.contributions.models import Contribution, Moderation, Reply, Response
from ustogether.core import uploads
from ustogether.decisions import services
from ustogether.decisions.models import Decision, DecisionContribution, Participant, SignOff, Update
from ustogether.meetings import services_papers
from ustogether.meetings.models import Meeting
from ustogether.people.models import Person
from ustogether.projects.agreements import LIVED_EXPERIENCE_SIDE
from ustogether.projects.models import Membership, Project

TEAM, PUBLIC = Contribution.Sharing.TEAM, Contribution.Sharing.PUBLIC


def _ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def _drawing() -> uploads.CheckedFile:
    """A simple drawing of a garden with a bench, made here so the demo ships no file."""
    image = Image.new("RGB", (480, 320), (200, 230, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 220, 480, 320), fill=(90, 170, 80))
    draw.ellipse((380, 30, 450, 100), fill=(255, 210, 60))
    draw.rectangle((140, 190, 340, 205), fill=(140, 90, 50))
    draw.rectangle((150, 205, 160, 240), fill=(140, 90, 50))
    draw.rectangle((320, 205, 330, 240), fill=(140, 90, 50))
    for x in (40, 80, 400, 440):
        draw.ellipse((x - 12, 240, x + 12, 264), fill=(230, 80, 120))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return uploads.check_image(SimpleUploadedFile("garden-drawing.png", out.getvalue()))


def _members(project: Project) -> list[Membership]:
    return list(
        project.memberships.filter(left_at__isnull=True).select_related("person").order_by("pk")
    )


def _pick(memberships: Sequence[Membership], sides: frozenset[str], n: int = 0) -> Person:
    found = [m.person for m in memberships if m.perspective in sides]
    return found[n % len(found)]


def _co_lead(memberships: Sequence[Membership], sides: frozenset[str]) -> Person | None:
    for m in memberships:
        if m.role == Membership.Role.CO_LEAD and m.perspective in sides:
            return m.person
    return None


LIVED = LIVED_EXPERIENCE_SIDE | frozenset({"carer"})


def _good_example(project: Project, accounts: Mapping[str, Person]) -> None:
    members = _members(project)
    lead = project.created_by
    lived_lead = _co_lead(members, LIVED_EXPERIENCE_SIDE)
    assert lived_lead is not None, "the good example needs a co-lead who uses the services"
    daniel, janina = accounts["member"], accounts["carer"]
    somebody = _pick(members, LIVED_EXPERIENCE_SIDE, 1)
    art = said.contribution_create(
        project=project,
        by=daniel,
        kind=Contribution.Kind.PICTURE,
        file=_drawing(),
        description="A drawing of a garden with a bench in the sun and pink flowers.",
        text="I would like a garden to sit in. The centre has no outside space.",
        topic="Outside",
        sharing=PUBLIC,
        created_at=_ago(40),
    )
    bored = said.contribution_create(
        project=project,
        by=somebody,
        kind=Contribution.Kind.TEXT,
        text="We do the same thing every day. I want to learn to cook and go to the shops.",
        topic="What we do in the day",
        sharing=PUBLIC,
        created_at=_ago(38),
    )
    phone = said.contribution_create(
        project=project,
        by=janina,
        kind=Contribution.Kind.TEXT,
        text=(
            "My son finds the bus too busy at nine. Could the day start at ten? "
            "He told me this on the phone and said I could write it here."
        ),
        on_behalf_of=somebody,
        consent=True,
        route=Contribution.Route.PHONE,
        topic="Getting there",
        sharing=PUBLIC,
        created_at=_ago(35),
    )
    quiet = said.contribution_create(
        project=project,
        by=somebody,
        kind=Contribution.Kind.TEXT,
        text="I get scared when it is loud. I want a quiet room.",
        anonymous=True,
        topic="What we do in the day",
        sharing=PUBLIC,
        created_at=_ago(30),
    )
    swim = said.contribution_create(
        project=project,
        by=janina,
        kind=Contribution.Kind.TEXT,
        text="Could people go swimming every week?",
        topic="What we do in the day",
        sharing=PUBLIC,
        created_at=_ago(29),
    )
    said.contribution_respond(
        contribution=art,
        by=lead,
        outcome=Response.Outcome.TAKEN_FORWARD,
        text="We will make a garden at the back of the centre. Daniel's drawing is the plan.",
    )
    said.contribution_respond(
        contribution=quiet,
        by=lead,
        outcome=Response.Outcome.TAKEN_FORWARD,
        text="The small room by the door is now a quiet room. Anyone can use it.",
    )
    said.contribution_respond(
        contribution=swim,
        by=lead,
        outcome=Response.Outcome.NOT_TAKEN_FORWARD,
        text=(
            "The pool has no changing place with a hoist, so not everyone could go. "
            "We have asked the leisure centre to put one in."
        ),
    )
    garden = services.decision_create(
        project=project,
        by=lead,
        title="Make a garden at the back of the centre",
        details="We will make a garden with benches, flowers and a path people can walk or wheel on.",
        decided_on=(timezone.now() - dt.timedelta(days=25)).date(),
        method=Decision.Method.CONSENSUS,
        options="A garden at the back. Trips to the park. Both.",
        participants=[m.person for m in members[:6]],
        informed_by=[art],
    )
    services.decision_sign_off(decision=garden, by=lived_lead)
    services.decision_update(
        decision=garden,
        by=lead,
        status=Decision.Status.IN_PROGRESS,
        text="The builders start in spring.",
    )
    services.decision_update(
        decision=garden,
        by=lead,
        status=Decision.Status.DONE,
        text="The garden is open. Come and see it.",
    )
    cooking = services.decision_create(
        project=project,
        by=lead,
        title="Start the day at ten, with cooking and shopping",
        details="From next month the day starts at ten. Twice a week people can cook and go shopping.",
        decided_on=(timezone.now() - dt.timedelta(days=20)).date(),
        method=Decision.Method.VOTE,
        votes_for=7,
        votes_against=2,
        votes_abstained=1,
        dissent=(
            "Two people said ten is too late for carers who work. We agreed to disagree. "
            "The centre will open at nine for anyone who needs to come early."
        ),
        participants=[m.person for m in members],
    )
    services.decision_sign_off(decision=cooking, by=lived_lead)
    services.decision_link(decision=cooking, by=lead, contributions=[bored, phone], answer=True)
    services.decision_update(
        decision=cooking,
        by=lead,
        status=Decision.Status.IN_PROGRESS,
        text="Cooking starts on Tuesday.",
    )
    bus = services.decision_create(
        project=project,
        by=lead,
        title="Our own minibus",
        details="We planned to buy a minibus for trips.",
        decided_on=(timezone.now() - dt.timedelta(days=30)).date(),
        method=Decision.Method.CO_LEADS,
    )
    services.decision_sign_off(decision=bus, by=lived_lead)
    services.decision_update(
        decision=bus,
        by=lead,
        status=Decision.Status.DROPPED,
        text=(
            "The council has no money for a minibus this year. We will use the community "
            "transport service instead, which has a ramp."
        ),
    )


def _failures(project: Project) -> None:
    members = _members(project)
    lead = project.created_by
    older = [m.person for m in members if m.perspective in LIVED]
    visits = {}
    for days, person, text in (
        (60, older[0], "The carers change every week. I do not know who is coming."),
        (45, older[1 % len(older)], "Nobody told me the visit was cancelled. I waited all day."),
        (40, older[1 % len(older)], "Can I have the same carer each week?"),
        (33, older[0], "I want to choose the time I get up, not the agency."),
    ):
        visits[days] = said.contribution_create(
            project=project,
            by=person,
            kind=Contribution.Kind.TEXT,
            text=text,
            topic="Visits",
            sharing=PUBLIC,
            created_at=_ago(days),
        )
    letter = said.contribution_create(
        project=project,
        by=lead,
        kind=Contribution.Kind.TEXT,
        text="A letter: please send the rota in large print.",
        author_name="Mrs Edna Shaw",
        consent=True,
        route=Contribution.Route.POST,
        topic="Letters",
        created_at=_ago(50),
    )
    # Turned down the tokenistic way: the same reason for most (a warning), and once with
    # no reason at all (red). The newest is still not answered, past its date.
    for contribution, reason in (
        (visits[60], "It is not in the budget this year."),
        (visits[45], "It is not in the budget this year."),
        (letter, "It is not in the budget this year."),
        (visits[40], "No."),
    ):
        said.contribution_respond(
            contribution=contribution,
            by=lead,
            outcome=Response.Outcome.NOT_TAKEN_FORWARD,
            text=reason,
        )
    said.contribution_create(
        project=project,
        by=older[0],
        kind=Contribution.Kind.TEXT,
        text="Could the carers wear a name badge?",
        topic="Visits",
        sharing=PUBLIC,
        created_at=_ago(3),
    )
    services.decision_create(
        project=project,
        by=lead,
        title="Send each person their rota a week ahead",
        details="Every person gets a list of who is coming, one week ahead, in the format they asked for.",
        decided_on=(timezone.now() - dt.timedelta(days=10)).date(),
        method=Decision.Method.ORGANISATION,
        participants=[lead],
    )


def _in_between(project: Project) -> None:
    members = _members(project)
    lead = project.created_by
    carer = _pick(members, LIVED, 0)
    other = _pick(members, LIVED, 1)
    asked = said.contribution_create(
        project=project,
        by=carer,
        kind=Contribution.Kind.TEXT,
        text="Booking a break takes six phone calls. Let us book online.",
        topic="Booking",
        sharing=PUBLIC,
        created_at=_ago(20),
    )
    said.contribution_respond(
        contribution=asked,
        by=lead,
        outcome=Response.Outcome.PARTLY,
        text="You can now book by email. Online booking needs a new computer system.",
    )
    said.contribution_reply(
        contribution=asked,
        by=carer,
        text="Email still takes days. I meant booking at any time, like a hotel.",
    )
    thinking = said.contribution_create(
        project=project,
        by=other,
        kind=Contribution.Kind.TEXT,
        text="Could breaks be at the weekend too?",
        topic="When",
        sharing=PUBLIC,
        created_at=_ago(12),
    )
    rude = said.contribution_create(
        project=project,
        by=other,
        kind=Contribution.Kind.TEXT,
        text="The manager at the care home is useless and should be sacked.",
        topic="Staff",
        created_at=_ago(9),
    )
    said.contribution_hide(
        contribution=rude,
        by=lead,
        reason=(
            "It names one person who cannot answer here. Please tell us what went wrong "
            "at the home, and we will look into it."
        ),
    )
    said.contribution_respond(
        contribution=thinking,
        by=lead,
        outcome=Response.Outcome.CONSIDERING,
        text="We are asking the care homes if they have weekend staff.",
        come_back_by=timezone.localdate() + dt.timedelta(days=14),
    )


def _heard_and_not_traced(project: Project) -> None:
    """People said what they like to eat; the menu changed with no decision saying what
    people said shaped it, and then the project closed (seed_demo closes it)."""
    members = _members(project)
    lead = project.created_by
    for days, text in (
        (70, "I would like soup on cold days."),
        (66, "Please have food I can eat with one hand."),
    ):
        said.contribution_create(
            project=project,
            by=_pick(members, LIVED, 0),
            kind=Contribution.Kind.TEXT,
            text=text,
            topic="Food",
            sharing=PUBLIC,
            created_at=_ago(days),
        )
    services.decision_create(
        project=project,
        by=lead,
        title="A new lunch menu from March",
        details="The day centre will have a new lunch menu from March.",
        decided_on=(timezone.now() - dt.timedelta(days=40)).date(),
        method=Decision.Method.ORGANISATION,
        participants=[lead],
    )


def seed(projects: Sequence[Project], accounts: Mapping[str, Person]) -> None:
    by_title = {project.title: project for project in projects}
    _good_example(by_title["Places to go in the day"], accounts)
    _failures(by_title["Help at home for older people"])
    _in_between(by_title["Breaks for carers"])
    _heard_and_not_traced(by_title["Lunch at the day centre"])


def seed_at_meetings(projects: Sequence[Project], accounts: Mapping[str, Person]) -> None:
    """What people said at a meeting that was held, and a decision made there: run after
    the demo meetings exist.

    "Breaks for carers" held "What makes a good break?": people said things there,
    about the meeting as a whole and about one item on its agenda, and a decision was
    made there by the people written down as being there."""
    by_title = {project.title: project for project in projects}
    carers = by_title["Breaks for carers"]
    meeting = Meeting.objects.get(project=carers, title="What makes a good break?")
    organiser = meeting.created_by
    assert meeting.starts_at is not None
    item = services_papers.agenda_item_add(
        meeting=meeting, by=organiser, title="Breaks at short notice"
    )
    came = [i.person for i in meeting.invitees.exclude(attended="").select_related("person")]
    said_on = meeting.starts_at + dt.timedelta(minutes=30)
    at_meeting = []
    for person, text, at_item in (
        (came[0], "I need a break I can book the day before, when things go wrong.", True),
        (came[1 % len(came)], "A break is only a break if I trust who looks after him.", False),
    ):
        contribution = said.contribution_create(
            project=carers,
            by=organiser,
            kind=Contribution.Kind.TEXT,
            text=text,
            on_behalf_of=person if person != organiser else None,
            consent=True,
            route=Contribution.Route.IN_PERSON,
            topic="What a good break is",
            sharing=PUBLIC,
            created_at=said_on,
            meeting=meeting,
            agenda_item=item if at_item else None,
        )
        at_meeting.append(contribution)
    # Decided there: who took part is who was written down as being there.
    services.decision_create(
        project=carers,
        by=organiser,
        title="Let carers book a break the day before",
        details="From next month a carer can book a short break the day before they need it.",
        decided_on=timezone.localdate(meeting.starts_at),
        method=Decision.Method.CONSENSUS,
        meeting=meeting,
        participants=services.who_was_there(meeting),
        informed_by=at_meeting[:1],
    )


def delete(projects: QuerySet[Project]) -> None:
    """Remove the demo's contributions and decisions, which keep their projects from going."""
    decisions = Decision.objects.filter(project__in=projects)
    for model in (Update, SignOff, Participant, DecisionContribution):
        model.objects.filter(decision__in=decisions).delete()
    decisions.delete()
    contributions = Contribution.objects.filter(project__in=projects)
    Reply.objects.filter(contribution__in=contributions).delete()
    Response.objects.filter(contribution__in=contributions).delete()
    Moderation.objects.filter(contribution__in=contributions).delete()
    for contribution in contributions.exclude(file=""):
        contribution.file.delete(save=False)
    contributions.delete()
