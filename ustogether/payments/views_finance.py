"""The organisation's side: its public policy, setting it, the claims queue and the export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ustogether.core.forms import apply_errors, form_status
from ustogether.core.prepared import Prepared
from ustogether.payments import export, queries, services
from ustogether.payments.access import can_set_policy, get_organisation_for_claims, is_co_lead
from ustogether.payments.forms import ClaimForMemberForm, ExportForm, PolicyForm, RateForm
from ustogether.payments.models import Claim, ExpenseRule, Rate
from ustogether.people.http import person_of
from ustogether.people.models import Organisation
from ustogether.projects.models import Membership, Project

# The public policy page's queries, whose SQL is built once per process
# (core.prepared): on a page this small, building SQL was a large part of the cost.
_ORGANISATION_AND_POLICY = Prepared(
    lambda slug: Organisation.objects.select_related("involvement_policy").filter(slug=slug)
)
_RATES = Prepared(lambda policy_id: Rate.objects.filter(policy_id=policy_id))
_RULES = Prepared(lambda policy_id: ExpenseRule.objects.filter(policy_id=policy_id))


@require_GET
def policy(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: what the organisation pays, what it covers, and how fast it really pays."""
    # The policy comes with the organisation: one query, not two.
    found = _ORGANISATION_AND_POLICY.objects(slug=slug)
    if not found:
        raise Http404("No such organisation.")
    organisation = found[0]
    current = services.policy_for(organisation)
    return render(
        request,
        "payments/policy.html",
        {
            "organisation": organisation,
            "policy": current,
            "rates": _RATES.objects(policy_id=current.pk),
            "rules": _RULES.objects(policy_id=current.pk),
            "figures": queries.promptness(organisation),
            "can_edit": can_set_policy(request.user, organisation.pk),
        },
    )


@login_required
def policy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_set_policy(request.user, organisation.pk):
        raise PermissionDenied("Only the organisation's admins and finance officers can do this.")
    current = services.policy_for(organisation)
    rules = {rule.kind: rule for rule in current.expense_rules.all()}
    initial: dict[str, Any] = {
        "days_to_pay": current.days_to_pay,
        "pays_on_the_day": current.pays_on_the_day,
        "offers_vouchers": current.offers_vouchers,
        "pays_between_meetings": current.pays_between_meetings,
        "notes": current.notes,
    }
    for kind, rule in rules.items():
        initial[f"cover_{kind}"] = True
        initial[f"limit_{kind}"] = rule.limit
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.policy_update(
                organisation=organisation,
                by=person_of(request),
                days_to_pay=data["days_to_pay"],
                pays_on_the_day=data["pays_on_the_day"],
                offers_vouchers=data["offers_vouchers"],
                pays_between_meetings=data["pays_between_meetings"],
                notes=data["notes"],
                expenses=form.expenses(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The policy is saved."))
            return redirect("payments:policy", slug=slug)
    return _edit_page(request, organisation, current, form, RateForm(), form_status(form))


def _edit_page(
    request: HttpRequest,
    organisation: Organisation,
    current: Any,
    form: PolicyForm,
    rate_form: RateForm,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "payments/policy_edit.html",
        {
            "organisation": organisation,
            "policy": current,
            "form": form,
            "rate_form": rate_form,
            "rates": list(current.rates.all()),
        },
        status=status,
    )


@login_required
@require_POST
def rate_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_set_policy(request.user, organisation.pk):
        raise PermissionDenied("Only the organisation's admins and finance officers can do this.")
    rate_form = RateForm(request.POST)
    if rate_form.is_valid():
        try:
            services.rate_set(
                organisation=organisation, by=person_of(request), **rate_form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(rate_form, error)
        else:
            messages.success(request, _("The fee is saved."))
            return redirect("payments:policy_edit", slug=slug)
    current = services.policy_for(organisation)
    return _edit_page(
        request,
        organisation,
        current,
        PolicyForm(initial={"days_to_pay": current.days_to_pay}),
        rate_form,
        422,
    )


@login_required
@require_POST
def rate_remove(request: HttpRequest, slug: str, rate_id: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_set_policy(request.user, organisation.pk):
        raise PermissionDenied("Only the organisation's admins and finance officers can do this.")
    # The organisation's role was checked just above; the fee must be its own.
    rate = get_object_or_404(  # nosemgrep: ustogether-unscoped-load-in-view
        Rate, pk=rate_id, policy__organisation=organisation
    )
    services.rate_remove(rate=rate, by=person_of(request))
    messages.success(request, _("The fee is taken off the policy."))
    return redirect("payments:policy_edit", slug=slug)


# The columns a table of claims shows (queue_table.html, status.html): reading only
# these, not every column of the claim, its person, project and meeting, makes the
# queue's query about a quarter cheaper. Another column a table shows must be added
# here, or each row asks for it (the query budget tests catch that).
CLAIM_ROW_FIELDS = (
    "status",
    "activity_date",
    "due_on",
    "no_fee_set",
    "person__preferred_name",
    "person__full_name",
    "person__email",
    "project__title",
    "meeting__title",
)


def _queue_query(claims: Any) -> Any:
    return (
        claims.with_total()
        .select_related("person", "project", "meeting")
        .only(*CLAIM_ROW_FIELDS)
        .order_by("due_on", "submitted_at", "id")
    )


def _queue_rows(claims: Any) -> list[Claim]:
    return list(_queue_query(claims))


# The finance queue's claims, its SQL built once per process (core.prepared).
_WAITING = Prepared(
    lambda organisation_id: _queue_query(
        Claim.objects.filter(
            organisation_id=organisation_id,
            status__in=[Claim.Status.SUBMITTED, Claim.Status.APPROVED, Claim.Status.QUERIED],
        )
    )
)


@login_required
@require_GET
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    """The finance officer's queue: claims to check, to pay, and any past the promise."""
    organisation = get_organisation_for_claims(request.user, slug)
    today = timezone.localdate()
    waiting = _WAITING.objects(organisation_id=organisation.pk)
    form = ExportForm(initial={"start": today.replace(day=1), "end": today, "format": "xlsx"})
    return render(
        request,
        "payments/queue.html",
        {
            "organisation": organisation,
            "to_check": [c for c in waiting if c.status == Claim.Status.SUBMITTED],
            "to_pay": [c for c in waiting if c.status == Claim.Status.APPROVED],
            "queried": [c for c in waiting if c.status == Claim.Status.QUERIED],
            "overdue": sum(1 for c in waiting if c.is_overdue),
            "figures": queries.promptness(organisation, today=today),
            "export_form": form,
        },
    )


@login_required
@require_GET
def export_claims(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_claims(request.user, slug)
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("payments:queue", slug=slug)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    services.record_export(organisation=organisation, by=person_of(request), start=start, end=end)
    name = f"claims-{organisation.slug}-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}"
    if form.cleaned_data["format"] == "csv":
        response = HttpResponse(
            export.claims_csv(organisation, start=start, end=end),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(
            export.claims_xlsx(organisation, start=start, end=end),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def project_claims(request: HttpRequest, project_id: int) -> HttpResponse:
    """For the project's co-leads: its claims (without receipts), overdue ones first,
    and a claim started for a member who wants help with it."""
    # Anyone who is not a co-lead gets the same 404 as for a project that does not exist.
    project = get_object_or_404(  # nosemgrep: ustogether-unscoped-load-in-view
        Project.objects.select_related("organisation"), pk=project_id
    )
    if not is_co_lead(request.user, project.pk):
        raise Http404("No such page.")
    me = person_of(request)
    memberships = (
        project.memberships.filter(left_at__isnull=True)
        .exclude(person=me)
        .exclude(role=Membership.Role.OBSERVER)
        .select_related("person")
        .order_by("person__full_name")
    )
    form = ClaimForMemberForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_start(
                person=form.cleaned_data["person"].person,
                by=me,
                project=project,
                activity_date=form.cleaned_data["activity_date"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "already_claimed" and error.params:
                # Their claim for that day's meeting: the co-lead can help with it there.
                messages.error(request, " ".join(error.messages))
                return redirect("payments:claim", claim_id=error.params["claim"])
            apply_errors(form, error)
        else:
            messages.success(request, _("The claim is started. Add their costs, then send it."))
            return redirect("payments:claim", claim_id=claim.pk)
    rows = _queue_rows(Claim.objects.filter(project=project).exclude(status=Claim.Status.DRAFT))
    return render(
        request,
        "payments/project_claims.html",
        {
            "project": project,
            "claims": rows,
            "overdue": sum(1 for c in rows if c.is_overdue),
            "form": form,
        },
        status=form_status(form),
    )
