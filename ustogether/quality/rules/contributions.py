"""Red flags from what people said and what was decided: answers, reasons, who decided."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from django.db.models import Count, Min, Q
from django.utils.translation import gettext_lazy

from ustogether.contributions.models import Contribution, Response
from ustogether.decisions.models import Decision, DecisionContribution, Participant
from ustogether.projects.models import Perspective
from ustogether.quality.facts import ProjectFacts
from ustogether.quality.flags import AMBER, RED, RedFlag, rule
from ustogether.quality.lookups import AnyOf
from ustogether.quality.words import _, ngettext

# A reason shorter than this many words ("No.", "Not possible") is no reason.
FEWEST_WORDS_IN_A_REASON = 4
# With at least this many turned down, one reason given for most is a pattern.
SAME_REASON_FROM = 3


def _overdue(facts: ProjectFacts) -> dict[int, tuple[int, dt.datetime]]:
    """For each project: how many contributions wait past their date, and the oldest date."""
    rows = (
        Contribution.objects.overdue(facts.now)
        .filter(AnyOf("project_id", facts.ids))
        .values("project_id")
        .annotate(n=Count("id"), oldest=Min("due_at"))
    )
    return {r["project_id"]: (r["n"], r["oldest"]) for r in rows}


@rule("unanswered", title=gettext_lazy("What people said is not answered"))
def unanswered(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Contributions waiting past their answer date: a warning; red once 28 days past it."""
    overdue = facts.load("overdue_contributions", _overdue)
    for project in facts.projects:
        if project.pk not in overdue:
            continue
        count, oldest = overdue[project.pk]
        late_days = (facts.now - oldest).days
        yield RedFlag(
            "unanswered",
            RED if late_days >= facts.limits(project).response_days else AMBER,
            project.pk,
            _("What people said is not answered"),
            ngettext(
                "%(count)d thing people said waits past its answer date. The oldest is %(days)d days late.",
                "%(count)d things people said wait past their answer date. The oldest is %(days)d days late.",
                count,
            )
            % {"count": count, "days": late_days},
            "contributions:list",
            _("Answer what people said"),
        )


def _turned_down(facts: ProjectFacts) -> dict[int, list[str]]:
    """For each project: the reasons given each time something was not taken forward."""
    found: dict[int, list[str]] = defaultdict(list)
    for project_id, text in Response.objects.filter(
        AnyOf("contribution__project_id", facts.ids),
        contribution__hidden_at__isnull=True,
        outcome=Response.Outcome.NOT_TAKEN_FORWARD,
    ).values_list("contribution__project_id", "text"):
        found[project_id].append(text)
    return found


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@rule("no_reason", title=gettext_lazy("Turned down with no reason"))
def no_reason(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Something not taken forward, with no real reason written ("No.")."""
    for project in facts.projects:
        bare = [
            t
            for t in facts.load("turned_down", _turned_down).get(project.pk, [])
            if len(_words(t)) < FEWEST_WORDS_IN_A_REASON
        ]
        if bare:
            yield RedFlag(
                "no_reason",
                RED,
                project.pk,
                _("Turned down with no reason"),
                ngettext(
                    "%(count)d time, something people said was turned down without a real reason.",
                    "%(count)d times, something people said was turned down without a real reason.",
                    len(bare),
                )
                % {"count": len(bare)},
                "contributions:list",
                _("Say why, in a sentence or two"),
            )


@rule("same_reason", title=gettext_lazy("The same reason for most things turned down"))
def same_reason(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Most rejections giving the same reason, like "it does not fit the model"."""
    for project in facts.projects:
        reasons = [
            " ".join(_words(t)) for t in facts.load("turned_down", _turned_down).get(project.pk, [])
        ]
        if len(reasons) < SAME_REASON_FROM:
            continue
        reason, count = Counter(reasons).most_common(1)[0]
        if count * 2 <= len(reasons):
            continue
        yield RedFlag(
            "same_reason",
            AMBER,
            project.pk,
            _("The same reason for most things turned down"),
            _("%(count)d of %(total)d things turned down had the same reason: “%(reason)s”.")
            % {"count": count, "total": len(reasons), "reason": reason[:120]},
            "contributions:list",
            _("Look again at what people asked for"),
        )


def _decisions(facts: ProjectFacts) -> dict[int, tuple[int, int]]:
    """For each project: decisions (not dropped) taken with nobody with lived experience,
    and decisions the organisation took alone."""
    lived = Participant.objects.filter(perspective=Perspective.LIVED_EXPERIENCE)
    rows = (
        Decision.objects.filter(AnyOf("project_id", facts.ids))
        .exclude(status=Decision.Status.DROPPED)
        .values("project_id")
        .annotate(
            without=Count("id", filter=~Q(pk__in=lived.values("decision_id"))),
            alone=Count("id", filter=Q(method=Decision.Method.ORGANISATION)),
        )
    )
    return {r["project_id"]: (r["without"], r["alone"]) for r in rows}


@rule("decided_without_us", title=gettext_lazy("Decided without people with lived experience"))
def decided_without_us(facts: ProjectFacts) -> Iterator[RedFlag]:
    for project in facts.projects:
        without, alone = facts.load("decisions", _decisions).get(project.pk, (0, 0))
        if not (without or alone):
            continue
        parts = []
        if without:
            parts.append(
                ngettext(
                    "%(count)d decision was made with nobody with lived experience taking part.",
                    "%(count)d decisions were made with nobody with lived experience taking part.",
                    without,
                )
                % {"count": without}
            )
        if alone:
            parts.append(
                ngettext(
                    "%(count)d was made by the organisation alone.",
                    "%(count)d were made by the organisation alone.",
                    alone,
                )
                % {"count": alone}
            )
        yield RedFlag(
            "decided_without_us",
            RED,
            project.pk,
            _("Decided without people with lived experience"),
            " ".join(parts),
            "decisions:list",
            _("Make decisions together"),
        )


def _traced(facts: ProjectFacts) -> set[int]:
    return set(
        DecisionContribution.objects.filter(AnyOf("decision__project_id", facts.ids)).values_list(
            "decision__project_id", flat=True
        )
    )


@rule("closed_without_trace", title=gettext_lazy("Closed with nothing people said in any decision"))
def closed_without_trace(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A closed project where no decision says what people said informed it."""
    for project in facts.projects:
        if project.closed_at is None or project.pk in facts.load("traced", _traced):
            continue
        yield RedFlag(
            "closed_without_trace",
            RED,
            project.pk,
            _("Closed with nothing people said in any decision"),
            _("The project closed, and no decision is linked to anything people said."),
            "decisions:list",
            _("Link decisions to what people said"),
        )
