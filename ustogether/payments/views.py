"""Claim pages: a person's claims and choices, and one claim with what each person may do to it.

Each view loads the claim through payments.access, then hands writes to services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ustogether.core.forms import apply_errors, form_status
from ustogether.core.prepared import Prepared
from ustogether.meetings.models import Meeting
from ustogether.payments import queries, services
from ustogether.payments.access import get_claim_for
from ustogether.payments.forms import (
    ClaimStartForm,
    ExpenseForm,
    MeetingClaimForm,
    PayeeForm,
    PayForm,
    PaymentChoiceForm,
    QueryForm,
)
from ustogether.payments.models import (
    Claim,
    ClaimLine,
    ExpenseRule,
    PayeeReference,
    PaymentChoice,
    Receipt,
)
from ustogether.people.http import person_of
from ustogether.people.models import Person
from ustogether.projects.models import Project

# A person's claims, its SQL built once per process (core.prepared).
_YOUR_CLAIMS = Prepared(
    lambda person_id: (
        Claim.objects.filter(person_id=person_id)
        .with_total()
        # Only what the table shows (home.html, status.html): every column of the
        # claim, its project, organisation, payout and meeting cost more to read.
        .select_related("project", "meeting")
        .only("status", "kind", "activity_date", "due_on", "project__title", "meeting__title")
        .order_by("-activity_date", "-id")
    )
)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    claims = _YOUR_CLAIMS.objects(person_id=person.pk)
    return render(
        request,
        "payments/home.html",
        {
            "claims": claims,
            "tax_years": queries.totals_by_tax_year(person),
            "choice": PaymentChoice.objects.filter(person=person).first(),
        },
    )


@require_GET
def advice(request: HttpRequest) -> HttpResponse:
    return render(request, "payments/advice.html")


@login_required
def choices(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    current = PaymentChoice.objects.filter(person=person).first()
    initial = (
        {"fee": current.fee, "method": current.method, "benefits": current.benefits}
        if current
        else {"fee": PaymentChoice.Fee.TAKE, "method": PaymentChoice.Method.BANK}
    )
    form = PaymentChoiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.payment_choice_save(person=person, by=person, **form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("payments:home")
    return render(request, "payments/choices.html", {"form": form}, status=form_status(form))


def _projects_for(request: HttpRequest) -> Any:
    return Project.objects.filter(
        memberships__person=person_of(request), memberships__left_at__isnull=True
    ).order_by("title")


def _meetings_for(person: Person) -> Any:
    """The meetings the person can claim for: taken part in, not claimed for yet."""
    return Meeting.objects.filter(
        pk__in=[m.pk for m in services.meetings_to_claim_for(person)]
    ).order_by("-starts_at", "-id")


def _new_page(
    request: HttpRequest,
    *,
    form: ClaimStartForm | None = None,
    meeting_form: MeetingClaimForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The "start a claim" page: a meeting the person took part in, or anything else."""
    person = person_of(request)
    projects = _projects_for(request)
    meetings = _meetings_for(person)
    if form is None and projects.exists():
        form = ClaimStartForm(
            projects=projects,
            initial={"project": request.GET.get("project") or projects[0].pk},
        )
    if meeting_form is None and meetings.exists():
        meeting_form = MeetingClaimForm(meetings=meetings)
    return render(
        request,
        "payments/claim_new.html",
        {"form": form, "meeting_form": meeting_form},
        status=status,
    )


@login_required
def claim_new(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    projects = _projects_for(request)
    if request.method != "POST" or not projects.exists():
        return _new_page(request)
    form = ClaimStartForm(request.POST, projects=projects)
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.claim_start(
                person=person,
                by=person,
                project=data["project"],
                activity_date=data["activity_date"],
                activity=data["activity"] or "meeting",
                kind=data["kind"],
                unit=data["unit"],
                quantity=data["quantity"],
                description=data["description"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "already_claimed" and error.params:
                messages.error(request, " ".join(error.messages))
                return redirect("payments:claim", claim_id=error.params["claim"])
            apply_errors(form, error)
        else:
            _started(request, claim)
            return redirect("payments:claim", claim_id=claim.pk)
    return _new_page(request, form=form, status=form_status(form))


def _started(request: HttpRequest, claim: Claim) -> None:
    if claim.no_fee_set:
        messages.error(
            request,
            _(
                "%(org)s has not set a fee for this. Your claim has no fee yet. "
                "Add your costs, and the finance team will check the fee."
            )
            % {"org": claim.organisation.name},
        )
    else:
        messages.success(request, _("Your claim is started. Add any costs, then send it."))


@login_required
@require_POST
def claim_new_meeting(request: HttpRequest) -> HttpResponse:
    """Start a claim for a meeting the person took part in. Any meeting they were
    invited to is accepted here, so one they did not attend, or have claimed for
    already, gets the service's plain message (the second sends them to that claim)."""
    person = person_of(request)
    invited = Meeting.objects.filter(invitees__person=person).select_related("project")
    form = MeetingClaimForm(request.POST, meetings=invited)
    if not form.is_valid():
        shown = MeetingClaimForm(request.POST, meetings=_meetings_for(person))
        shown.is_valid()
        return _new_page(request, meeting_form=shown, status=422)
    meeting = form.cleaned_data["meeting"]
    try:
        claim = services.claim_start_for_meeting(meeting=meeting, person=person, by=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if getattr(error, "code", None) == "already_claimed" and error.params:
            return redirect("payments:claim", claim_id=error.params["claim"])
        return redirect("payments:claim_new")
    _started(request, claim)
    return redirect("payments:claim", claim_id=claim.pk)


def _claim_page(
    request: HttpRequest, claim_id: int, *, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    access = get_claim_for(request.user, claim_id)
    claim = access.claim
    lines = list(claim.lines.all())
    receipts: dict[int, list[Receipt]] = {}
    if access.can_see_receipts:
        for receipt in Receipt.objects.filter(line__claim=claim):
            receipts.setdefault(receipt.line_id, []).append(receipt)
    rows = [{"line": line, "receipts": receipts.get(line.pk, [])} for line in lines]
    total = sum((line.amount for line in lines), start=services.ZERO)
    context: dict[str, Any] = {
        "access": access,
        "claim": claim,
        "rows": rows,
        "total": total,
        "payout": getattr(claim, "payout", None),
        "policy": services.policy_for(claim.organisation),
        # The error summary is given every form; those not on the page are None.
        **dict.fromkeys(("expense_form", "query_form", "pay_form", "payee_form")),
        **(forms or {}),
    }
    if access.can_change and claim.can_change_lines and context["expense_form"] is None:
        context["expense_form"] = ExpenseForm()
    # What the organisation pays back is shown only beside the form to add a cost.
    context["covered"] = (
        list(ExpenseRule.objects.filter(policy=context["policy"]))
        if context["expense_form"]
        else []
    )
    if access.can_approve and claim.status == Claim.Status.SUBMITTED and not context["query_form"]:
        context["query_form"] = QueryForm()
    if access.can_pay:
        context["payee"] = PayeeReference.objects.filter(
            organisation=claim.organisation, person=claim.person
        ).first()
        context["payee_form"] = context["payee_form"] or PayeeForm()
        if claim.status == Claim.Status.APPROVED and context["pay_form"] is None:
            context["pay_form"] = PayForm()
        if request.GET.get("show") == "choices":
            context["choice_shown"] = True
            context["choice"] = services.payment_choice_for_finance(
                person=claim.person,
                by=person_of(request),
                organisation=claim.organisation,
                claim=claim,
            )
    return render(request, "payments/claim.html", context, status=status)


@login_required
@require_GET
def claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _claim_page(request, claim_id)


def _form_action(
    request: HttpRequest,
    claim_id: int,
    form: forms.Form,
    form_name: str,
    act: Callable[[dict[str, Any]], object],
    done: str,
    *,
    told_not_shown: str = "",
) -> HttpResponse:
    """A form on the claim page: do `act` with what was typed and go back to the claim
    saying `done`, or show the claim page again with the form's errors and everything
    typed kept. An error with the code `told_not_shown` (the claim changed under the
    person, say paid by someone else) is told as a message instead."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            if told_not_shown and getattr(error, "code", None) == told_not_shown:
                messages.error(request, " ".join(error.messages))
                return redirect("payments:claim", claim_id=claim_id)
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("payments:claim", claim_id=claim_id)
    return _claim_page(request, claim_id, forms={form_name: form}, status=422)


@login_required
@require_POST
def claim_add_expense(request: HttpRequest, claim_id: int) -> HttpResponse:
    access = get_claim_for(request.user, claim_id)
    return _form_action(
        request,
        claim_id,
        ExpenseForm(request.POST, request.FILES),
        "expense_form",
        lambda typed: services.claim_add_expense(
            claim=access.claim, by=person_of(request), **typed
        ),
        _("The cost is added."),
    )


@login_required
@require_POST
def claim_remove_line(request: HttpRequest, claim_id: int, line_id: int) -> HttpResponse:
    access = get_claim_for(request.user, claim_id)
    line = get_object_or_404(ClaimLine, pk=line_id, claim=access.claim)
    try:
        services.claim_remove_line(line=line, by=person_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The line is taken off the claim."))
    return redirect("payments:claim", claim_id=claim_id)


def _simple(request: HttpRequest, claim_id: int, action: Any, done: str) -> HttpResponse:
    access = get_claim_for(request.user, claim_id)
    try:
        action(claim=access.claim, by=person_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("payments:claim", claim_id=claim_id)


@login_required
@require_POST
def claim_help(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _simple(
        request,
        claim_id,
        services.claim_help,
        _("You can now add their costs and send the claim for them. Someone else agrees it."),
    )


@login_required
@require_POST
def claim_submit(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _simple(
        request,
        claim_id,
        services.claim_submit,
        _("Your claim is sent. We will tell you when it is agreed."),
    )


@login_required
@require_POST
def claim_withdraw(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _simple(request, claim_id, services.claim_withdraw, _("The claim is taken back."))


@login_required
@require_POST
def claim_approve(request: HttpRequest, claim_id: int) -> HttpResponse:
    return _simple(
        request, claim_id, services.claim_approve, _("The claim is agreed. We have told them.")
    )


@login_required
@require_POST
def claim_query(request: HttpRequest, claim_id: int) -> HttpResponse:
    access = get_claim_for(request.user, claim_id)
    return _form_action(
        request,
        claim_id,
        QueryForm(request.POST),
        "query_form",
        lambda typed: services.claim_query(
            claim=access.claim, by=person_of(request), text=typed["text"]
        ),
        _("Your question is sent. The claim stays open."),
    )


@login_required
@require_POST
def claim_pay(request: HttpRequest, claim_id: int) -> HttpResponse:
    access = get_claim_for(request.user, claim_id)
    if not access.can_pay:
        raise PermissionDenied("Only the organisation's finance officers can pay a claim.")
    return _form_action(
        request,
        claim_id,
        PayForm(request.POST),
        "pay_form",
        lambda typed: services.claim_pay(claim=access.claim, by=person_of(request), **typed),
        _("The claim is marked as paid. We have told them."),
        told_not_shown="paid",
    )


@login_required
@require_POST
def claim_payee(request: HttpRequest, claim_id: int) -> HttpResponse:
    access = get_claim_for(request.user, claim_id)
    if not access.can_pay:
        raise PermissionDenied("Only the organisation's finance officers can do this.")
    return _form_action(
        request,
        claim_id,
        PayeeForm(request.POST),
        "payee_form",
        lambda typed: services.payee_reference_set(
            organisation=access.claim.organisation,
            person=access.claim.person,
            by=person_of(request),
            reference=typed["payee_reference"],
        ),
        _("Their reference is saved."),
    )


@login_required
@require_GET
def receipt(request: HttpRequest, claim_id: int, receipt_id: int) -> FileResponse:
    """A receipt, for the person and the finance officers only (co-leads do not see them)."""
    access = get_claim_for(request.user, claim_id)
    if not access.can_see_receipts:
        raise PermissionDenied("Only the person and the finance team can see receipts.")
    stored = get_object_or_404(Receipt, pk=receipt_id, line__claim=access.claim)
    response = FileResponse(
        stored.file.open("rb"), content_type=stored.content_type, filename=stored.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
