"""Demo data for the co-production check: activities people scored, in secret.

"Help at home for older people" shows tokenism: people joined at the review,
the scores on having an equal say are low, and members put it far lower on the
ladder than its records do. "Clear letters about your care" shows co-production
done well, and the NHS trust has published its scorecard. One check is still
open for the demo member to answer, and one closed with too few answers to show.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from ustogether.people.models import Organisation, Person
from ustogether.projects import services as project_services
from ustogether.projects.models import Perspective, Project
from ustogether.quality import services
from ustogether.quality.models import (
    Check,
    ChecklistVersion,
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


def seed(projects: Sequence[Project], accounts: Mapping[str, Person]) -> None:
    # Not for secrets: the demo must come out the same every time.
    rng = random.Random(2026)  # noqa: S311
    by_title = {project.title: project for project in projects}
    today = timezone.localdate()
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
    _usual_suspect(by_title)
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
