"""The agreement pages: read and sign it, propose a change, answer and comment, read every version.

Each view loads the project through projects.access, then hands writes to
projects.agreements.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ustogether.core.forms import apply_errors, form_status
from ustogether.core.plaincheck import checked_form
from ustogether.people.http import person_of
from ustogether.projects import agreements, queries
from ustogether.projects.access import ProjectAccess, get_project_for_member
from ustogether.projects.clauses import find_power_clauses
from ustogether.projects.difference import section_changes
from ustogether.projects.forms import AgreementForm, AnswerForm, CommentForm
from ustogether.projects.models import (
    AGREEMENT_SECTIONS,
    AgreementProposal,
    AgreementText,
    ChangeRule,
    ProposalAnswer,
)

SECTION_LABELS = {
    "purpose": gettext_lazy("What the project is for"),
    "decisions": gettext_lazy("How we make decisions"),
    "payment_and_support": gettext_lazy("How people are paid and supported"),
    "disagreements": gettext_lazy("How we handle disagreements"),
    "ground_rules": gettext_lazy("Our ground rules"),
    "change_rule": gettext_lazy("How we agree a change to this agreement"),
}


def readable(text: AgreementText | None) -> dict[str, str] | None:
    """The agreement's sections as people read them (the change rule in words)."""
    if text is None:
        return None
    sections = text.sections()
    sections["change_rule"] = str(ChangeRule(sections["change_rule"]).label)
    return sections


def section_rows(text: AgreementText | None) -> list[dict[str, str]]:
    """The sections in reading order, each with its heading, for templates."""
    sections = readable(text) or {}
    return [
        {"name": name, "label": str(label), "text": sections.get(name, "")}
        for name, label in SECTION_LABELS.items()
    ]


def agreement_points(text: AgreementText | None) -> list[dict[str, str]]:
    """The main points a person reads before joining: how the group works together.

    The purpose is on the project page already, and pay has its own place."""
    return [
        row
        for row in section_rows(text)
        if row["name"] not in ("purpose", "payment_and_support") and row["text"]
    ]


def _labels() -> dict[str, str]:
    return {name: str(label) for name, label in SECTION_LABELS.items()}


ClauseRow = dict[str, Any]


def _clauses(text: AgreementText | None) -> list[ClauseRow]:
    if text is None:
        return []
    return [
        {"clause": clause, "section": str(SECTION_LABELS[name])}
        for name in AGREEMENT_SECTIONS
        for clause in find_power_clauses(getattr(text, name))
    ]


@login_required
def agreement(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    project = access.project
    current = queries.current_agreement(project)
    if request.method == "POST":
        if current is None or str(current.pk) != request.POST.get("version"):
            messages.error(
                request,
                _(
                    "The agreement has changed since you opened it. Read the new version, then sign."
                ),
            )
            return redirect("projects:agreement", project_id=project.pk)
        try:
            agreements.agreement_sign(version=current, person=person_of(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You have signed the agreement."))
        return redirect("projects:agreement", project_id=project.pk)
    signed_ids = set(current.signatures.values_list("person_id", flat=True)) if current else set()
    active = list(queries.active_members(project))
    proposals = list(
        project.agreement_proposals.filter(status=AgreementProposal.Status.OPEN).select_related(
            "proposed_by"
        )
    )
    answered = set(
        ProposalAnswer.objects.filter(
            proposal__in=proposals, person=person_of(request)
        ).values_list("proposal_id", flat=True)
    )
    return render(
        request,
        "projects/agreement.html",
        {
            "access": access,
            "project": project,
            "agreement": current,
            "sections": section_rows(current),
            "clauses": _clauses(current),
            "signed": [m for m in active if m.person_id in signed_ids],
            "not_signed": [m for m in active if m.person_id not in signed_ids],
            "member_total": len(active),
            "has_signed": request.user.pk in signed_ids,
            "proposals": [{"proposal": p, "answered": p.pk in answered} for p in proposals],
            "can_answer": _can_answer(access),
            "versions": project.agreement_versions.select_related("written_by")[:50],
            "closed_proposals": project.agreement_proposals.exclude(
                status=AgreementProposal.Status.OPEN
            )
            .filter(adopted_as__isnull=True)
            .select_related("proposed_by")[:50],
        },
    )


def _can_answer(access: ProjectAccess) -> bool:
    return (
        access.membership is not None
        and access.membership.role != access.membership.Role.OBSERVER
        and not access.project.is_closed
    )


@login_required
def propose(request: HttpRequest, project_id: int) -> HttpResponse:
    """Propose the first agreement, or a change to it. Nothing changes until members agree."""
    access = get_project_for_member(request.user, project_id, write_agreement=True)
    project = access.project
    if project.is_closed:
        messages.error(request, _("This project is closed, so its agreement cannot change."))
        return redirect("projects:agreement", project_id=project.pk)
    current = queries.current_agreement(project)
    initial: dict[str, Any] = (
        current.sections() if current else {"purpose": project.purpose, "change_rule": ""}
    )
    if current is None:
        initial["change_rule"] = ChangeRule.CO_LEADS_OR_MAJORITY
    form, saving = checked_form(
        request,
        AgreementForm,
        [*AGREEMENT_SECTIONS, "reason"],
        organisation_id=project.organisation_id,
        initial=initial,
    )
    if saving and form.is_valid():
        try:
            proposal = agreements.agreement_propose(
                project=project,
                by=person_of(request),
                reason=form.cleaned_data["reason"],
                change_rule=form.cleaned_data["change_rule"],
                **form.sections(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if proposal.status == AgreementProposal.Status.ADOPTED:
                messages.success(
                    request,
                    _("Your change is agreed. Members will be asked to read and sign it."),
                )
                return redirect("projects:agreement", project_id=project.pk)
            messages.success(
                request,
                _(
                    "Your change is sent. Nothing changes until members agree. "
                    "We have asked them what they think."
                ),
            )
            return redirect("projects:proposal", project_id=project.pk, proposal_id=proposal.pk)
    return render(
        request,
        "projects/agreement_propose.html",
        {
            "form": form,
            "project": project,
            "agreement": current,
            "rule": ChangeRule(current.change_rule).label
            if current
            else ChangeRule.CO_LEADS_OR_MAJORITY.label,
        },
        status=form_status(form),
    )


def _proposal_page(
    request: HttpRequest,
    access: ProjectAccess,
    proposal: AgreementProposal,
    *,
    answer_form: AnswerForm | None = None,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    project = access.project
    answers = list(proposal.answers.select_related("person"))
    members = agreements.voters(project)
    progress = agreements.proposal_progress(proposal, members, answers)
    mine = next((a for a in answers if a.person_id == request.user.pk), None)
    base_clauses = {c["clause"].sentence for c in _clauses(proposal.base)}
    clauses = [{**c, "new": c["clause"].sentence not in base_clauses} for c in _clauses(proposal)]
    changes = section_changes(readable(proposal.base), readable(proposal) or {}, _labels())
    answer_form = answer_form or AnswerForm(initial={"answer": mine.answer if mine else None})
    return render(
        request,
        "projects/proposal.html",
        {
            "access": access,
            "project": project,
            "proposal": proposal,
            "changes": [c for c in changes if c.changed],
            "unchanged": [c.label for c in changes if not c.changed],
            "clauses": clauses,
            "progress": progress,
            "rule": ChangeRule(agreements.rule_for(proposal)).label,
            # Once closed, show who answered what at the time, not today's members.
            "agreed": [a for a in answers if a.answer == ProposalAnswer.Answer.AGREE],
            "not_yet": [a for a in answers if a.answer == ProposalAnswer.Answer.NOT_YET],
            "mine": mine,
            "can_answer": proposal.is_open and _can_answer(access),
            "can_withdraw": proposal.is_open
            and (proposal.proposed_by_id == request.user.pk or access.can_manage),
            "answer_form": answer_form,
            "comment_form": comment_form or CommentForm(),
            "comments": list(proposal.comments.select_related("person")),
        },
        status=form_status(answer_form, comment_form or CommentForm()),
    )


def _load_proposal(access: ProjectAccess, proposal_id: int) -> AgreementProposal:
    return get_object_or_404(
        access.project.agreement_proposals.select_related("proposed_by", "base", "adopted_as"),
        pk=proposal_id,
    )


@login_required
@require_GET
def proposal(request: HttpRequest, project_id: int, proposal_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    return _proposal_page(request, access, _load_proposal(access, proposal_id))


@login_required
@require_POST
def proposal_answer(request: HttpRequest, project_id: int, proposal_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    proposal = _load_proposal(access, proposal_id)
    if not agreements.can_answer(person_of(request), access.project):
        raise PermissionDenied("Only the project's co-leads and members answer proposals.")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _proposal_page(request, access, proposal, answer_form=form)
    try:
        version = agreements.agreement_answer(
            proposal=proposal, by=person_of(request), answer=form.cleaned_data["answer"]
        )
    except ValidationError as error:
        apply_errors(form, error)
        return _proposal_page(request, access, proposal, answer_form=form)
    if version is not None:
        messages.success(
            request,
            _("The change is agreed. This is the agreement now. Members are asked to sign it."),
        )
        return redirect("projects:agreement", project_id=project_id)
    messages.success(request, _("Thank you. Your answer is saved."))
    return redirect("projects:proposal", project_id=project_id, proposal_id=proposal_id)


@login_required
@require_POST
def proposal_comment(request: HttpRequest, project_id: int, proposal_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    proposal = _load_proposal(access, proposal_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            agreements.agreement_comment(
                proposal=proposal, by=person_of(request), text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your comment is added."))
            return redirect("projects:proposal", project_id=project_id, proposal_id=proposal_id)
    return _proposal_page(request, access, proposal, comment_form=form)


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, project_id: int, proposal_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    proposal = _load_proposal(access, proposal_id)
    try:
        agreements.agreement_withdraw(proposal=proposal, by=person_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal is withdrawn. It stays on record."))
    return redirect("projects:proposal", project_id=project_id, proposal_id=proposal_id)


@login_required
@require_GET
def version(request: HttpRequest, project_id: int, number: int) -> HttpResponse:
    """One version of the agreement, as it was: who proposed it, why, who agreed, what changed."""
    access = get_project_for_member(request.user, project_id)
    project = access.project
    shown = get_object_or_404(
        project.agreement_versions.select_related("written_by"), number=number
    )
    previous = project.agreement_versions.filter(number=number - 1).first()
    proposal = (
        AgreementProposal.objects.filter(adopted_as=shown).select_related("proposed_by").first()
    )
    agreed = (
        list(proposal.answers.filter(answer=ProposalAnswer.Answer.AGREE).select_related("person"))
        if proposal
        else []
    )
    changes = section_changes(readable(previous), readable(shown) or {}, _labels())
    latest = queries.current_agreement(project)
    return render(
        request,
        "projects/agreement_version.html",
        {
            "access": access,
            "project": project,
            "version": shown,
            "sections": section_rows(shown),
            "previous": previous,
            "is_current": latest is not None and latest.pk == shown.pk,
            "proposal": proposal,
            "agreed": agreed,
            "changes": [c for c in changes if c.changed],
        },
    )
