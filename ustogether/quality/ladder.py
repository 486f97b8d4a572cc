"""The ladder of co-production (Think Local Act Personal), and where a project's
own data puts it.

Each rung above "told" has tests a project must pass, on that rung and every
rung below it; the project stands on the highest rung it reaches. Each test is a
small registered function returning its reason in plain words, so people can see
why the project is where it is, and tests for meetings, contributions,
decisions and payments are added as their data lands.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

# Lazy: a scorecard places hundreds of projects, and shows the reasons for one.
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from ustogether.projects.models import Membership, Perspective, Project, Stage
from ustogether.projects.queries import agreement_flags
from ustogether.quality.facts import ProjectFacts
from ustogether.quality.models import Rung

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Plain words for each rung, and a picture (an OpenMoji code) for the Easy Read version.
RUNG_WORDS: dict[int, tuple[StrOrPromise, str]] = {
    Rung.COERCION: (
        gettext_lazy("People are made to go along with a plan. They have no say."),
        "26D3",
    ),
    Rung.EDUCATING: (
        gettext_lazy("People are taught about a plan so that they accept it."),
        "1F9D1-200D-1F3EB",
    ),
    Rung.INFORMING: (
        gettext_lazy("People are told what will happen. They cannot change it."),
        "1F4E2",
    ),
    Rung.CONSULTATION: (
        gettext_lazy("People are asked what they think. They may not hear what happened next."),
        "1F4AC",
    ),
    Rung.ENGAGEMENT: (
        gettext_lazy("People have more say. But staff still make the decisions."),
        "1F465",
    ),
    Rung.CO_DESIGN: (
        gettext_lazy("People help to plan the service. Their ideas shape it."),
        "270F",
    ),
    Rung.CO_PRODUCTION: (
        gettext_lazy("People are equal partners from the start to the end. They decide together."),
        "1F91D",
    ),
}


@dataclass(frozen=True)
class Reason:
    rung: int  # the rung this test is needed for
    met: bool
    text: StrOrPromise


Test = Callable[[ProjectFacts, Project], Reason | None]
TESTS: list[Test] = []


def ladder_test(function: Test) -> Test:
    """Register a test of the ladder. It returns None when it has no data to judge."""
    TESTS.append(function)
    return function


@dataclass(frozen=True)
class Placement:
    rung: int
    reasons: list[Reason]

    @property
    def label(self) -> str:
        return str(Rung(self.rung).label)


def place(facts: ProjectFacts, project: Project) -> Placement:
    reasons = [r for test in TESTS if (r := test(facts, project)) is not None]
    rung: int = Rung.INFORMING
    for candidate in range(Rung.CONSULTATION, Rung.CO_PRODUCTION + 1):
        needed = [r for r in reasons if r.rung <= candidate]
        if any(r.rung == candidate for r in reasons) and all(r.met for r in needed):
            rung = candidate
        else:
            break
    return Placement(rung, sorted(reasons, key=lambda r: (r.rung, not r.met)))


def placements(facts: ProjectFacts) -> dict[int, Placement]:
    return facts.load("ladder", lambda f: {p.pk: place(f, p) for p in f.projects})


# Where participants put it


def median_rung(counts: Mapping[int, int]) -> int | None:
    """The middle answer of everyone who chose a rung (the lower middle for an even number)."""
    total = sum(counts.values())
    if total == 0:
        return None
    seen = 0
    for rung in sorted(counts):
        seen += counts[rung]
        if seen * 2 >= total:
            return rung
    return None  # not reached: the counts add up to the total


def check_totals(facts: ProjectFacts) -> dict[int, dict[str, int]]:
    """Each project's totals over its checks with results (one query, shared by rules)."""
    from ustogether.quality.queries import project_totals

    return facts.load("check_totals", lambda f: project_totals(f.ids))


def participants_rungs(facts: ProjectFacts) -> dict[int, int | None]:
    """Where the people who answered checks put each project: the middle answer."""
    totals = check_totals(facts)
    return {
        pid: median_rung(
            {r: totals[pid][f"rung_{r}"] for r in Rung.values} if pid in totals else {}
        )
        for pid in facts.ids
    }


# The tests, lowest rung first


LIVED = Perspective.LIVED_EXPERIENCE


@ladder_test
def has_lived_experience(facts: ProjectFacts, project: Project) -> Reason:
    count = sum(1 for m in facts.active(project) if m.perspective == LIVED)
    if count:
        return Reason(Rung.CONSULTATION, True, _("People with lived experience are members."))
    return Reason(Rung.CONSULTATION, False, _("Nobody with lived experience is a member."))


@ladder_test
def asked_how_it_went(facts: ProjectFacts, project: Project) -> Reason:
    if project.pk in check_totals(facts):
        return Reason(Rung.ENGAGEMENT, True, _("Members were asked how it went, in secret."))
    return Reason(Rung.ENGAGEMENT, False, _("No check has enough answers yet to show how it went."))


@ladder_test
def joined_from_the_start(facts: ProjectFacts, project: Project) -> Reason | None:
    design = facts.stage_of_kind(project, Stage.Kind.DESIGN)
    if design is None:
        return None
    orders = [
        m.stage_joined.order
        for m in facts.memberships[project.pk]
        if m.perspective == LIVED and m.stage_joined is not None
    ]
    if orders and min(orders) < design.order:
        return Reason(Rung.CO_DESIGN, True, _("People with lived experience joined before design."))
    return Reason(
        Rung.CO_DESIGN, False, _("People with lived experience did not join before design.")
    )


@ladder_test
def agreement_shares_power(facts: ProjectFacts, project: Project) -> Reason | None:
    from ustogether.quality.rules.projects import _agreements

    agreement = facts.load("agreements", _agreements).get(project.pk)
    if agreement is None:
        return Reason(Rung.CO_DESIGN, False, _("There is no project agreement yet."))
    if agreement_flags(agreement):
        return Reason(Rung.CO_DESIGN, False, _("The agreement gives one side the final say."))
    return Reason(Rung.CO_DESIGN, True, _("The agreement says we decide as equals."))


@ladder_test
def shares_the_lead(facts: ProjectFacts, project: Project) -> Reason:
    if any(
        m.role == Membership.Role.CO_LEAD and m.perspective == LIVED for m in facts.active(project)
    ):
        return Reason(Rung.CO_PRODUCTION, True, _("A person with lived experience is a co-lead."))
    return Reason(Rung.CO_PRODUCTION, False, _("No co-lead has lived experience."))


@ladder_test
def has_the_people_it_needs(facts: ProjectFacts, project: Project) -> Reason | None:
    if not facts.needed[project.pk]:
        return None
    active = facts.active(project)
    short = [
        need
        for need in facts.needed[project.pk]
        if sum(1 for m in active if m.perspective == need.perspective) < need.count
    ]
    if short:
        return Reason(Rung.CO_PRODUCTION, False, _("Some views the project needs are missing."))
    return Reason(Rung.CO_PRODUCTION, True, _("The project has all the views it needs."))


@ladder_test
def involved_in_delivery(facts: ProjectFacts, project: Project) -> Reason | None:
    deliver = facts.stage_of_kind(project, Stage.Kind.DELIVER)
    current = facts.current_order(project)
    if deliver is None or current is None or current < deliver.order:
        return None
    if any(m.perspective == LIVED for m in facts.active(project)):
        return Reason(
            Rung.CO_PRODUCTION, True, _("People with lived experience help to run it too.")
        )
    return Reason(Rung.CO_PRODUCTION, False, _("Nobody with lived experience helps to run it."))
