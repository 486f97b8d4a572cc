"""Writes about decisions. Each checks permission first, then works, then audits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ustogether.contributions import services as contribution_services
from ustogether.contributions.models import TEXT_MAX_LENGTH, Contribution, Response
from ustogether.contributions.passing_on import mark_told
from ustogether.core.audit import record_event
from ustogether.core.email import send_email, site_url
from ustogether.decisions.models import (
    Decision,
    DecisionContribution,
    News,
    Participant,
    SignOff,
    Update,
)
from ustogether.meetings.models import Invitee, Meeting
from ustogether.people.models import Person
from ustogether.projects.access import project_access
from ustogether.projects.agreements import LIVED_EXPERIENCE_SIDE, PROFESSIONAL_SIDE
from ustogether.projects.models import Membership, Project


def _require_manager(project: Project, by: Person) -> None:
    if not project_access(by, project).can_manage:
        raise PermissionDenied("Only the project's co-leads can do this.")


def _length(errors: dict[str, str], field: str, value: str) -> None:
    if len(value) > TEXT_MAX_LENGTH:
        errors[field] = _("Use %(limit)d characters or fewer. You have used %(count)d.") % {
            "limit": TEXT_MAX_LENGTH,
            "count": len(value),
        }


@dataclass(frozen=True)
class SignOffProgress:
    lived_experience: bool
    professional: bool

    @property
    def met(self) -> bool:
        return self.lived_experience and self.professional

    def still_needed(self) -> list[str]:
        needed = []
        if not self.lived_experience:
            needed.append(_("a co-lead who uses the services"))
        if not self.professional:
            needed.append(_("a co-lead who works in them"))
        return needed


def side_of(perspective: str) -> str:
    """Which side of joint sign-off a perspective stands for, in plain words."""
    if perspective in LIVED_EXPERIENCE_SIDE:
        return _("who uses the services")
    if perspective in PROFESSIONAL_SIDE:
        return _("who works in them")
    return ""


def sign_off_progress(sign_offs: Iterable[SignOff]) -> SignOffProgress:
    perspectives = {s.perspective for s in sign_offs}
    return SignOffProgress(
        lived_experience=bool(perspectives & LIVED_EXPERIENCE_SIDE),
        professional=bool(perspectives & PROFESSIONAL_SIDE),
    )


# Being there when it was decided: in person, online or by phone. Someone who sent
# words before or after took part, but was not there to decide.
THERE = (Invitee.Attended.IN_PERSON, Invitee.Attended.ONLINE, Invitee.Attended.PHONE)


def who_was_there(meeting: Meeting) -> list[Person]:
    """The people written down as being at the meeting, to fill in who took part."""
    return [
        i.person
        for i in meeting.invitees.filter(attended__in=THERE)
        .select_related("person")
        .order_by("person__full_name", "person_id")
    ]


def _co_lead(project: Project, person: Person) -> Membership | None:
    return Membership.objects.filter(
        project=project, person=person, left_at__isnull=True, role=Membership.Role.CO_LEAD
    ).first()


@transaction.atomic
def decision_create(
    *,
    project: Project,
    by: Person,
    title: str,
    details: str,
    decided_on: dt.date,
    method: str,
    options: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstained: int | None = None,
    dissent: str = "",
    participants: Sequence[Person] = (),
    informed_by: Sequence[Contribution] = (),
    meeting: Meeting | None = None,
) -> Decision:
    """Record a decision. A co-lead who records it agrees it; if the project needs
    joint sign-off, it stays a draft until both sides of the co-leads have agreed.
    `meeting` is the project's meeting it was made at (see who_was_there)."""
    _require_manager(project, by)
    title, details, options, dissent = (
        " ".join(title.split()),
        details.strip(),
        options.strip(),
        dissent.strip(),
    )
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Say in a few words what was decided.")
    if not details:
        errors["details"] = _("Say what was decided.")
    for name, value in (("details", details), ("options", options), ("dissent", dissent)):
        _length(errors, name, value)
    if method not in Decision.Method.values:
        errors["method"] = _("Choose how it was decided.")
    elif method == Decision.Method.VOTE and votes_for is None:
        errors["votes_for"] = _("Give the number of votes for.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("This date is in the future. Give the day it was decided.")
    member_ids = set(project.memberships.values_list("person_id", flat=True))
    if any(p.pk not in member_ids for p in participants):
        errors["participants"] = _("Choose people who are, or were, members of this project.")
    if any(c.project_id != project.pk for c in informed_by):
        errors["informed_by"] = _("Choose contributions made to this project.")
    if meeting is not None:
        if meeting.project_id != project.pk:
            errors["meeting"] = _("Choose a meeting of this project.")
        elif meeting.is_cancelled:
            errors["meeting"] = _("That meeting was cancelled. Choose another, or none.")
        elif meeting.starts_at is None or meeting.starts_at > timezone.now():
            errors["meeting"] = _("That meeting has not started yet. Choose another, or none.")
    if errors:
        raise ValidationError(errors)
    project_rules = contribution_services.rules_for(project)
    decision = Decision.objects.create(
        project=project,
        title=title,
        details=details,
        decided_on=decided_on,
        method=method,
        options=options,
        votes_for=votes_for if method == Decision.Method.VOTE else None,
        votes_against=votes_against if method == Decision.Method.VOTE else None,
        votes_abstained=votes_abstained if method == Decision.Method.VOTE else None,
        dissent=dissent,
        meeting=meeting,
        needs_joint_sign_off=project_rules.joint_sign_off,
        created_by=by,
    )
    perspectives = dict(
        project.memberships.filter(person__in=participants).values_list("person_id", "perspective")
    )
    Participant.objects.bulk_create(
        [
            Participant(decision=decision, person=p, perspective=perspectives.get(p.pk, ""))
            for p in dict.fromkeys(participants)
        ]
    )
    DecisionContribution.objects.bulk_create(
        [
            DecisionContribution(decision=decision, contribution=c, linked_by=by)
            for c in dict.fromkeys(informed_by)
        ]
    )
    data: dict[str, object] = {"method": method}
    if meeting is not None:
        data["meeting"] = meeting.pk
    record_event(project, "decision.created", actor=by, subject=decision, data=data)
    membership = _co_lead(project, by)
    if membership is not None:
        SignOff.objects.create(decision=decision, person=by, perspective=membership.perspective)
    _publish_if_agreed(decision, by)
    return decision


def _publish_if_agreed(decision: Decision, by: Person) -> None:
    if decision.is_published:
        return
    if decision.needs_joint_sign_off and not sign_off_progress(decision.sign_offs.all()).met:
        return
    decision.published_at = timezone.now()
    decision.save(update_fields=["published_at", "updated_at"])
    record_event(decision.project, "decision.published", actor=by, subject=decision)
    _tell_contributors(decision, _("A decision was made"))


@transaction.atomic
def decision_sign_off(*, decision: Decision, by: Person) -> SignOff:
    """A co-lead agrees the decision. It is published once joint sign-off is met."""
    membership = _co_lead(decision.project, by)
    if membership is None:
        raise PermissionDenied("Only the project's co-leads can agree a decision.")
    sign_off, created = SignOff.objects.get_or_create(
        decision=decision, person=by, defaults={"perspective": membership.perspective}
    )
    if not created:
        raise ValidationError(_("You have already agreed this decision."))
    record_event(decision.project, "decision.signed_off", actor=by, subject=decision)
    _publish_if_agreed(decision, by)
    return sign_off


@transaction.atomic
def decision_update(*, decision: Decision, by: Person, status: str, text: str) -> Update:
    """What happened next. Dropping a decision needs a reason."""
    _require_manager(decision.project, by)
    text = text.strip()
    errors: dict[str, str] = {}
    _length(errors, "text", text)
    if status not in Decision.Status.values:
        errors["status"] = _("Choose where things are now.")
    elif not text:
        errors["text"] = (
            _("Say why it was dropped.")
            if status == Decision.Status.DROPPED
            else _("Say what happened.")
        )
    if errors:
        raise ValidationError(errors)
    update = Update.objects.create(decision=decision, by=by, status=status, text=text)
    decision.status = status
    decision.dropped_reason = text if status == Decision.Status.DROPPED else ""
    decision.save(update_fields=["status", "dropped_reason", "updated_at"])
    record_event(
        decision.project, "decision.updated", actor=by, subject=decision, data={"status": status}
    )
    if decision.is_published:
        _tell_contributors(decision, _("There is news about a decision"), update=update)
    return update


@transaction.atomic
def decision_link(
    *,
    decision: Decision,
    by: Person,
    contributions: Sequence[Contribution],
    answer: bool = False,
) -> list[Response]:
    """Say which contributions informed a decision. With `answer`, those still waiting
    are answered "taken forward: see the decision"."""
    project = decision.project
    _require_manager(project, by)
    if any(c.project_id != project.pk for c in contributions):
        raise ValidationError({"contributions": _("Choose contributions made to this project.")})
    linked = set(decision.links.values_list("contribution_id", flat=True))
    new = [c for c in dict.fromkeys(contributions) if c.pk not in linked]
    DecisionContribution.objects.bulk_create(
        [DecisionContribution(decision=decision, contribution=c, linked_by=by) for c in new]
    )
    for contribution in new:
        record_event(
            project,
            "decision.linked",
            actor=by,
            subject=decision,
            data={"contribution": contribution.pk},
        )
    responses = []
    if answer:
        for contribution in new:
            if contribution.is_waiting:
                responses.append(
                    contribution_services.contribution_respond(
                        contribution=contribution,
                        by=by,
                        outcome=Response.Outcome.TAKEN_FORWARD,
                        text=answer_text(decision),
                    )
                )
    return responses


def answer_text(decision: Decision) -> str:
    return _("Taken forward: see the decision “%(title)s”.") % {"title": decision.title}


def _tell_contributors(decision: Decision, subject: str, *, update: Update | None = None) -> None:
    """Tell the people whose contributions informed the decision (each once), in their
    chosen way: an email now, or, for post and phone, a job on the co-leads' list of
    things to pass on (beside the answers to pass on)."""
    link = site_url(reverse("decisions:detail", args=[decision.project_id, decision.pk]))
    people: dict[int, Person] = {}
    by_hand: dict[int, News] = {}
    for contribution in Contribution.objects.filter(
        decision_links__decision=decision, hidden_at__isnull=True
    ).select_related("author", "recorded_by"):
        how = contribution_services.tell_by_for(contribution)
        if how in (Response.TellBy.POST, Response.TellBy.PHONE):
            # Only someone with an account, named to the team, chooses post or phone.
            assert contribution.author is not None
            if not contribution.author.is_active:
                continue  # a closed account: nobody writes to them any more
            by_hand.setdefault(
                contribution.author.pk,
                News(
                    decision=decision,
                    update=update,
                    contribution=contribution,
                    person=contribution.author,
                    tell_by=how,
                ),
            )
            continue
        to = contribution.author or contribution.recorded_by
        if to.is_active and to.email:
            people[to.pk] = to
    for person_id in by_hand:
        people.pop(person_id, None)
    News.objects.bulk_create(by_hand.values())
    for person in people.values():
        send_email(
            subject=f"{subject}: {decision.title}",
            body=render_to_string(
                "decisions/email/changed.txt",
                {"person": person, "decision": decision, "update": update, "link": link},
            ),
            to=person.email,
            scope=decision.project,
            about=decision,
        )


@transaction.atomic
def news_mark_told(*, news: News, by: Person) -> News:
    """Someone told the person the news by post or phone (as response_mark_told)."""
    project = news.decision.project
    _require_manager(project, by)
    return mark_told(
        news,
        by=by,
        project=project,
        verb="decision.told",
        subject=news.decision,
        data={"tell_by": news.tell_by},
    )
