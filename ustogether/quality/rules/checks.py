"""Red flags from what participants said in the co-production check."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy

from ustogether.quality.facts import ProjectFacts
from ustogether.quality.flags import AMBER, RED, RedFlag, rule
from ustogether.quality.ladder import check_totals, participants_rungs, placements
from ustogether.quality.models import Rung
from ustogether.quality.queries import power_sharing
from ustogether.quality.words import _


@rule("power_not_shared", title=gettext_lazy("People say power is not shared"))
def power_not_shared(facts: ProjectFacts) -> Iterator[RedFlag]:
    totals = check_totals(facts)
    for project in facts.projects:
        if project.pk not in totals:
            continue
        counts = power_sharing(totals[project.pk])
        if counts.mean is None or counts.disagree_share is None:
            continue
        limits = facts.limits(project)
        low_mean = counts.mean < limits.power_mean
        many_disagree = counts.disagree_share > limits.power_disagree_share
        if not (low_mean or many_disagree):
            continue
        yield RedFlag(
            "power_not_shared",
            RED,
            project.pk,
            _("People say power is not shared"),
            _(
                "On the questions about having an equal say, the average is %(mean).1f out of 5, "
                "and %(share)d in 100 answers say no."
            )
            % {"mean": counts.mean, "share": round(counts.disagree_share * 100)},
            "quality:checks",
            _("Read what people said, and talk about it together"),
        )


@rule("ladder_gap", title=gettext_lazy("The records and the people disagree on the ladder"))
def ladder_gap(facts: ProjectFacts) -> Iterator[RedFlag]:
    computed = placements(facts)
    chosen = participants_rungs(facts)
    for project in facts.projects:
        theirs = chosen.get(project.pk)
        if theirs is None:
            continue
        ours = computed[project.pk].rung
        if abs(ours - theirs) < facts.limits(project).ladder_gap:
            continue
        yield RedFlag(
            "ladder_gap",
            AMBER,
            project.pk,
            _("The data and the people do not agree"),
            _(
                "The data puts the project at “%(ours)s”. The people who answered put it "
                "at “%(theirs)s”."
            )
            % {"ours": Rung(ours).label, "theirs": Rung(theirs).label},
            "quality:project_scorecard",
            _("See why, and talk about it together"),
        )
