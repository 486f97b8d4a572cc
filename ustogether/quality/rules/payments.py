"""Red flags from fees and costs: claims paid late, and no fee set."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ustogether.payments.models import Claim
from ustogether.quality.facts import ProjectFacts
from ustogether.quality.flags import AMBER, RED, RedFlag, rule
from ustogether.quality.lookups import AnyOf
from ustogether.quality.words import _, ngettext


def _claims(facts: ProjectFacts) -> dict[int, dict[str, Any]]:
    """For each project: claims unpaid past the promise (and the oldest sent), and
    claims made where no fee was set. One query."""
    today = timezone.localdate()
    overdue = Q(status__in=[Claim.Status.SUBMITTED, Claim.Status.APPROVED], due_on__lt=today)
    rows = (
        Claim.objects.filter(AnyOf("project_id", facts.ids))
        .exclude(status__in=[Claim.Status.DRAFT, Claim.Status.WITHDRAWN])
        .values("project_id")
        .annotate(
            late=Count("id", filter=overdue),
            oldest=Min("submitted_at", filter=overdue),
            no_fee=Count("id", filter=Q(no_fee_set=True)),
        )
    )
    return {r["project_id"]: dict(r) for r in rows}


@rule("paid_late", title=gettext_lazy("Fees and costs paid late"))
def paid_late(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A claim unpaid past the organisation's promise is a warning; red at 28 days."""
    claims = facts.load("claims", _claims)
    for project in facts.projects:
        row = claims.get(project.pk)
        if not row or not row["late"]:
            continue
        oldest = row["oldest"]
        waited = (facts.now - oldest).days if oldest else 0
        yield RedFlag(
            "paid_late",
            RED if waited >= facts.limits(project).pay_red_days else AMBER,
            project.pk,
            _("Fees and costs paid late"),
            ngettext(
                "%(count)d claim is not paid by the day promised. The oldest was sent %(days)d days ago.",
                "%(count)d claims are not paid by the day promised. The oldest was sent %(days)d days ago.",
                int(row["late"]),
            )
            % {"count": row["late"], "days": waited},
            "payments:project_claims",
            _("Pay people on time"),
        )


@rule("no_fee_set", title=gettext_lazy("People took part with no fee set"))
def no_fee_set(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Claims made for an activity the organisation set no fee for."""
    claims = facts.load("claims", _claims)
    for project in facts.projects:
        row = claims.get(project.pk)
        if not row or not row["no_fee"]:
            continue
        yield RedFlag(
            "no_fee_set",
            AMBER,
            project.pk,
            _("People took part with no fee set"),
            ngettext(
                "%(count)d claim was for something the organisation set no fee for.",
                "%(count)d claims were for things the organisation set no fee for.",
                int(row["no_fee"]),
            )
            % {"count": row["no_fee"]},
            "payments:project_claims",
            _("Set a fee for every kind of activity"),
        )
