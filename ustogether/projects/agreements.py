"""The project agreement, changed together.

Nobody rewrites the agreement alone. Anyone who may write it proposes a change
with a reason; members answer ("I agree" or "Not yet") and comment; the change
is adopted when it is agreed the way the current agreement says (its
`change_rule`; the first agreement uses the default). Only then is there a new
version, and members are asked to sign it. Each write checks permission, works,
then records an audit event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ustogether.core.audit import record_event
from ustogether.core.email import site_url
from ustogether.people.models import Person
from ustogether.projects.access import project_access
from ustogether.projects.models import (
    AGREEMENT_SECTIONS,
    AgreementProposal,
    AgreementSignature,
    AgreementVersion,
    ChangeRule,
    Membership,
    Perspective,
    Project,
    ProposalAnswer,
    ProposalComment,
)
from ustogether.projects.services import email_person

# Who counts as each side when the rule asks for a co-lead from both.
LIVED_EXPERIENCE_SIDE = frozenset({Perspective.LIVED_EXPERIENCE})
PROFESSIONAL_SIDE = frozenset({Perspective.PROFESSIONAL, Perspective.COMMISSIONER})

MAX_SECTION_CHARS = 5000
MAX_REASON_CHARS = 2000
MAX_COMMENT_CHARS = 2000
REQUIRED_SECTIONS = {
    "purpose": gettext_lazy("Say what the project is for."),
    "decisions": gettext_lazy("Say how decisions are made."),
    "payment_and_support": gettext_lazy("Say how people are paid and supported."),
    "disagreements": gettext_lazy("Say how disagreements are handled."),
}


def _require_open_project(project: Project) -> None:
    if project.is_closed:
        raise ValidationError(_("This project is closed, so its agreement cannot change."))


def voters(project: Project) -> list[Membership]:
    """The members who answer proposals: co-leads and members (observers only read)."""
    return list(
        project.memberships.filter(
            left_at__isnull=True, role__in=[Membership.Role.CO_LEAD, Membership.Role.MEMBER]
        ).select_related("person")
    )


def can_answer(person: Person, project: Project) -> bool:
    membership = project_access(person, project).membership
    return membership is not None and membership.role != Membership.Role.OBSERVER


@dataclass(frozen=True)
class Progress:
    """How far a proposal is from being agreed, by the rule that decides it."""

    rule: str
    agreed: tuple[Membership, ...]
    not_yet: tuple[Membership, ...]
    waiting: tuple[Membership, ...]
    lived_experience_co_lead: bool
    professional_co_lead: bool

    @property
    def total(self) -> int:
        return len(self.agreed) + len(self.not_yet) + len(self.waiting)

    @property
    def majority_needed(self) -> int:
        return self.total // 2 + 1

    @property
    def co_leads_agree(self) -> bool:
        return self.lived_experience_co_lead and self.professional_co_lead

    @property
    def majority_agrees(self) -> bool:
        return self.total > 0 and len(self.agreed) >= self.majority_needed

    @property
    def met(self) -> bool:
        if self.rule == ChangeRule.CO_LEADS:
            return self.co_leads_agree
        if self.rule == ChangeRule.MAJORITY:
            return self.majority_agrees
        if self.rule == ChangeRule.EVERYONE:
            return self.total > 0 and len(self.agreed) == self.total
        return self.co_leads_agree or self.majority_agrees

    def still_needed(self) -> list[str]:
        """What must still happen, in plain words."""
        needs: list[str] = []
        asks_co_leads = self.rule in (ChangeRule.CO_LEADS, ChangeRule.CO_LEADS_OR_MAJORITY)
        if asks_co_leads and not self.co_leads_agree:
            missing = []
            if not self.lived_experience_co_lead:
                missing.append(_("a co-lead who uses the services"))
            if not self.professional_co_lead:
                missing.append(_("a co-lead who works in them"))
            needs.append(_("%(who)s to agree") % {"who": _(" and ").join(missing)})
        if self.rule in (ChangeRule.MAJORITY, ChangeRule.CO_LEADS_OR_MAJORITY):
            more = self.majority_needed - len(self.agreed)
            if more > 0:
                needs.append(
                    ngettext(
                        "%(count)d more member to agree",
                        "%(count)d more members to agree",
                        more,
                    )
                    % {"count": more}
                )
        if self.rule == ChangeRule.EVERYONE and self.waiting + self.not_yet:
            more = len(self.waiting) + len(self.not_yet)
            needs.append(
                ngettext("%(count)d more member to agree", "%(count)d more members to agree", more)
                % {"count": more}
            )
        return needs


def rule_for(proposal: AgreementProposal) -> str:
    """The rule that decides a proposal: the one in the agreement it changes."""
    if proposal.base is not None:
        return proposal.base.change_rule
    return ChangeRule.CO_LEADS_OR_MAJORITY


def proposal_progress(
    proposal: AgreementProposal,
    members: Sequence[Membership],
    answers: Iterable[ProposalAnswer],
) -> Progress:
    by_person = {answer.person_id: answer.answer for answer in answers}
    agreed = tuple(m for m in members if by_person.get(m.person_id) == ProposalAnswer.Answer.AGREE)
    not_yet = tuple(
        m for m in members if by_person.get(m.person_id) == ProposalAnswer.Answer.NOT_YET
    )
    waiting = tuple(m for m in members if m.person_id not in by_person)
    co_leads = [m for m in agreed if m.role == Membership.Role.CO_LEAD]
    return Progress(
        rule=rule_for(proposal),
        agreed=agreed,
        not_yet=not_yet,
        waiting=waiting,
        lived_experience_co_lead=any(m.perspective in LIVED_EXPERIENCE_SIDE for m in co_leads),
        professional_co_lead=any(m.perspective in PROFESSIONAL_SIDE for m in co_leads),
    )


def _clean_sections(sections: dict[str, str], change_rule: str) -> dict[str, str]:
    if set(sections) != set(AGREEMENT_SECTIONS):
        raise ValueError("Every section of the agreement must be given.")
    cleaned = {name: text.strip() for name, text in sections.items()}
    errors: dict[str, str] = {}
    for name, message in REQUIRED_SECTIONS.items():
        if not cleaned[name]:
            errors[name] = str(message)
    for name, text in cleaned.items():
        if len(text) > MAX_SECTION_CHARS:
            errors[name] = _(
                "This part is %(count)d characters long. Make it %(max)d or fewer."
            ) % {"count": len(text), "max": MAX_SECTION_CHARS}
    if change_rule not in ChangeRule.values:
        errors["change_rule"] = _("Choose how a change to the agreement is agreed.")
    if errors:
        raise ValidationError(errors)
    return {**cleaned, "change_rule": change_rule}


def _clean_long_text(text: str, *, field: str, empty: str, limit: int) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({field: empty})
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("This is %(count)d characters long. Make it %(max)d or fewer.")
                % {"count": len(text), "max": limit}
            }
        )
    return text


@transaction.atomic
def agreement_propose(
    *,
    project: Project,
    by: Person,
    reason: str,
    change_rule: str = ChangeRule.CO_LEADS_OR_MAJORITY,
    **sections: str,
) -> AgreementProposal:
    """Propose a new agreement or a change to it. It changes nothing until agreed."""
    if not project_access(by, project).can_write_agreement:
        raise PermissionDenied("Observers can read the agreement but not change it.")
    _require_open_project(project)
    words = _clean_sections(sections, change_rule)
    reason = _clean_long_text(
        reason,
        field="reason",
        empty=_("Say why you want this change, so members can think about it."),
        limit=MAX_REASON_CHARS,
    )
    # Lock the project, so a proposal and an adoption cannot cross.
    Project.objects.select_for_update().get(pk=project.pk)
    base = project.agreement_versions.order_by("-number").first()
    if base is not None and base.sections() == words:
        raise ValidationError(_("Nothing has changed. Change the words, then send it."))
    proposal = AgreementProposal.objects.create(
        project=project, base=base, reason=reason, proposed_by=by, **words
    )
    record_event(project, "agreement.proposed", actor=by, subject=proposal)
    if can_answer(by, project):
        # Whoever proposes a change agrees with it.
        ProposalAnswer.objects.create(
            proposal=proposal, person=by, answer=ProposalAnswer.Answer.AGREE
        )
    if _adopt_if_agreed(proposal, by) is None:
        _ask_members_to_answer(proposal, by)
    proposal.refresh_from_db()
    return proposal


@transaction.atomic
def agreement_answer(
    *, proposal: AgreementProposal, by: Person, answer: str
) -> AgreementVersion | None:
    """A member agrees, or says "not yet". Returns the new version if this adopted it."""
    project = proposal.project
    if not can_answer(by, project):
        raise PermissionDenied("Only the project's co-leads and members answer proposals.")
    _require_open_project(project)
    if answer not in ProposalAnswer.Answer.values:
        raise ValidationError({"answer": _("Choose “I agree” or “Not yet”.")})
    if not AgreementProposal.objects.filter(
        pk=proposal.pk, status=AgreementProposal.Status.OPEN
    ).exists():
        raise ValidationError(_("This proposal is closed, so answers can no longer change."))
    ProposalAnswer.objects.update_or_create(
        proposal=proposal, person=by, defaults={"answer": answer}
    )
    record_event(project, "agreement.answered", actor=by, subject=proposal, data={"answer": answer})
    return _adopt_if_agreed(proposal, by)


@transaction.atomic
def agreement_comment(*, proposal: AgreementProposal, by: Person, text: str) -> ProposalComment:
    """Say something about a proposal. Anyone in the members' area may."""
    project = proposal.project
    if not project_access(by, project).can_see_members_area:
        raise PermissionDenied("Only members of this project can comment.")
    if not proposal.is_open:
        raise ValidationError(_("This proposal is closed. Comments on it are kept as they were."))
    text = _clean_long_text(
        text, field="text", empty=_("Write your comment."), limit=MAX_COMMENT_CHARS
    )
    comment = ProposalComment.objects.create(proposal=proposal, person=by, text=text)
    record_event(project, "agreement.commented", actor=by, subject=proposal)
    return comment


@transaction.atomic
def agreement_withdraw(*, proposal: AgreementProposal, by: Person) -> AgreementProposal:
    """The person who proposed it, or a co-lead, takes a proposal back. It stays on record."""
    project = proposal.project
    if proposal.proposed_by_id != by.pk and not project_access(by, project).can_manage:
        raise PermissionDenied("Only the person who proposed it or a co-lead can withdraw it.")
    updated = AgreementProposal.objects.filter(
        pk=proposal.pk, status=AgreementProposal.Status.OPEN
    ).update(status=AgreementProposal.Status.WITHDRAWN, closed_at=timezone.now())
    if not updated:
        raise ValidationError(_("This proposal is already closed."))
    proposal.refresh_from_db()
    record_event(project, "agreement.withdrawn", actor=by, subject=proposal)
    return proposal


def _adopt_if_agreed(proposal: AgreementProposal, by: Person) -> AgreementVersion | None:
    """Make the proposal the new version if it is agreed the way the agreement says."""
    project = Project.objects.select_for_update().get(pk=proposal.project_id)
    proposal = AgreementProposal.objects.select_related("base").get(pk=proposal.pk)
    if not proposal.is_open:
        return None
    current = project.agreement_versions.order_by("-number").first()
    if (current.pk if current else None) != proposal.base_id:
        _mark_out_of_date(project, [proposal], by)
        return None
    progress = proposal_progress(proposal, voters(project), proposal.answers.all())
    if not progress.met:
        return None
    version = AgreementVersion.objects.create(
        project=project,
        number=(current.number + 1) if current else 1,
        written_by=proposal.proposed_by,
        **proposal.sections(),
    )
    proposal.status = AgreementProposal.Status.ADOPTED
    proposal.adopted_as, proposal.closed_at = version, timezone.now()
    proposal.save(update_fields=["status", "adopted_as", "closed_at"])
    # Agreeing to the change is agreeing to the new words: those members have signed.
    AgreementSignature.objects.bulk_create(
        [AgreementSignature(version=version, person=m.person) for m in progress.agreed]
    )
    record_event(
        project,
        "agreement.changed",
        actor=by,
        subject=version,
        data={"version": version.number, "proposal": proposal.pk},
    )
    others = project.agreement_proposals.filter(status=AgreementProposal.Status.OPEN)
    _mark_out_of_date(project, list(others), by)
    _ask_members_to_sign(project, version, signed={m.person_id for m in progress.agreed})
    return version


def _mark_out_of_date(project: Project, proposals: list[AgreementProposal], by: Person) -> None:
    """Proposals made against an older version: their difference no longer holds."""
    now = timezone.now()
    for proposal in proposals:
        proposal.status, proposal.closed_at = AgreementProposal.Status.OUT_OF_DATE, now
        proposal.save(update_fields=["status", "closed_at"])
        record_event(project, "agreement.out_of_date", actor=by, subject=proposal)


def _ask_members_to_answer(proposal: AgreementProposal, by: Person) -> None:
    project = proposal.project
    link = site_url(reverse("projects:proposal", args=[project.pk, proposal.pk]))
    for membership in voters(project):
        if membership.person_id == by.pk:
            continue
        email_person(
            membership.person.email,
            _("A change to the agreement for “%(title)s”: what do you think?")
            % {"title": project.title},
            "projects/email/agreement_proposed.txt",
            {
                "project": project,
                "proposal": proposal,
                "by": by,
                "link": link,
                "person": membership.person,
            },
            scope=project,
            about=proposal,
        )


def _ask_members_to_sign(project: Project, version: AgreementVersion, signed: set[int]) -> None:
    """Email every member who has not signed: the agreement is new or changed, please sign."""
    link = site_url(reverse("projects:agreement", args=[project.pk]))
    members = (
        project.memberships.filter(left_at__isnull=True)
        .exclude(person_id__in=signed)
        .select_related("person")
    )
    for membership in members:
        email_person(
            membership.person.email,
            _("Please read the agreement for “%(title)s”") % {"title": project.title},
            "projects/email/agreement_changed.txt",
            {
                "project": project,
                "version": version,
                "by": version.written_by,
                "link": link,
                "person": membership.person,
            },
            scope=project,
            about=version,
        )


@transaction.atomic
def agreement_sign(*, version: AgreementVersion, person: Person) -> AgreementSignature:
    project = version.project
    if not project_access(person, project).is_member:
        raise PermissionDenied("Only members can sign the agreement.")
    latest = project.agreement_versions.order_by("-number").first()
    if latest is None or latest.pk != version.pk:
        raise ValidationError(
            _("The agreement has changed since you opened it. Read the new version.")
        )
    signature, created = AgreementSignature.objects.get_or_create(version=version, person=person)
    if created:
        record_event(
            project,
            "agreement.signed",
            actor=person,
            subject=version,
            data={"version": version.number},
        )
    return signature
