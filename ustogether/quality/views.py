"""Pages of the co-production check. Projects load through projects.access; writes go to services."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ustogether.core.forms import apply_errors, form_status
from ustogether.people.http import person_of
from ustogether.people.models import Organisation, OrganisationMembership
from ustogether.projects.access import ProjectAccess, get_project_for_member
from ustogether.quality import services
from ustogether.quality.forms import (
    CheckAnswerForm,
    CheckOpenForm,
    OwnStatementForm,
    PaperReturnedForm,
    PolicyForm,
)
from ustogether.quality.ladder import RUNG_WORDS
from ustogether.quality.models import Check, OwnStatement, PublishedScorecard, Rung
from ustogether.quality.notify import notices_to_tell, people_asked, reminder_day, words_for
from ustogether.quality.queries import check_results
from ustogether.quality.scorecard import (
    charts_for,
    csv_rows,
    organisation_figures,
    project_figures,
)
from ustogether.quality.statements import PRINCIPLE_HELP, Choice, Principle


def _rungs() -> list[dict[str, Any]]:
    return [
        {
            "value": rung,
            "label": label,
            "words": RUNG_WORDS[rung][0],
            "picture": RUNG_WORDS[rung][1],
        }
        for rung, label in Rung.choices
    ]


@require_GET
def how_it_stays_secret(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/how_secret.html")


@require_GET
def ladder(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/ladder.html", {"rungs": _rungs()})


# Checks in a project


@login_required
@require_GET
def checks(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    project_checks = list(access.project.checks.all())
    person = person_of(request)
    answered = services.answered_among(project_checks, person)
    took_part = services.meetings_taken_part_in(project_checks, person)
    asked = {
        c.pk
        for c in project_checks
        if access.is_member and (c.meeting_id is None or c.meeting_id in took_part)
    }
    return render(
        request,
        "quality/checks.html",
        {
            "access": access,
            "project": access.project,
            "checks": project_checks,
            "answered": answered,
            "asked": asked,
        },
    )


@login_required
def check_new(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    project = access.project
    form = CheckOpenForm(
        request.POST if request.method == "POST" else None,
        initial={"closes_on": timezone.localdate() + dt.timedelta(days=14)},
        meetings=services.meetings_to_ask_about(project),
    )
    if request.method == "POST" and form.is_valid():
        try:
            check = services.check_open(project=project, by=person_of(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The people who took part can now answer. We are telling them, each in the way they chose."
                )
                if check.meeting_id
                else _("Members can now answer. We are telling them, each in the way they chose."),
            )
            return redirect("quality:check", project_id=project.pk, check_id=check.pk)
    return render(
        request,
        "quality/check_new.html",
        {"access": access, "project": project, "form": form},
        status=form_status(form),
    )


def _load_check(access: ProjectAccess, check_id: int) -> Check:
    return get_object_or_404(  # nosemgrep: ustogether-unscoped-load-in-view
        Check.objects.select_related("checklist"), project=access.project, pk=check_id
    )


@login_required
def check(request: HttpRequest, project_id: int, check_id: int) -> HttpResponse:
    """Answer a check (members, once, while it is open), and read its results once shown."""
    access = get_project_for_member(request.user, project_id)
    survey = _load_check(access, check_id)
    person = person_of(request)
    mark = services.answered_mark(survey, person)
    answered = mark is not None
    asked = services.is_asked(survey, person, is_member=access.is_member)
    may_answer = survey.is_open and asked and not answered
    easy_read = request.GET.get("easy") == "1"
    form = None
    if may_answer:
        form = CheckAnswerForm(
            request.POST if request.method == "POST" else None,
            statements=services.statements_asked(survey),
            easy_read=easy_read,
            asks_rung=survey.kind == Check.Kind.AFTER,
        )
    if request.method == "POST":
        if form is None:
            if answered:
                messages.info(request, _("You have already answered this check. Thank you."))
                return redirect("quality:check", project_id=project_id, check_id=survey.pk)
            raise PermissionDenied(
                _("Only the people who took part in the meeting can answer, while it is open.")
                if survey.meeting_id
                else _("Only the project's members can answer, while it is open.")
            )
        if form.is_valid():
            try:
                services.check_answer(
                    check=survey,
                    by=person,
                    answers=form.answers(),
                    rung=form.cleaned_data.get("rung"),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("Thank you. Your answers are in, and nobody can see who gave them.")
                )
                return redirect("quality:check", project_id=project_id, check_id=survey.pk)
    return render(
        request,
        "quality/check.html",
        {
            "access": access,
            "project": access.project,
            "check": survey,
            "form": form,
            "answered": answered,
            "answered_on_paper": mark is not None and mark.on_paper,
            "asked": asked,
            "easy_read": easy_read,
            "results": check_results(survey),
            "remind_on": reminder_day(survey) if access.can_manage and survey.is_open else None,
            "to_tell_by_hand": (
                notices_to_tell(access.project).filter(survey=survey).count()
                if access.can_manage and survey.is_open
                else 0
            ),
            "rungs": _rungs(),
            "principle_help": PRINCIPLE_HELP,
        },
        status=form_status(form) if form is not None else 200,
    )


@login_required
@require_POST
def check_close(request: HttpRequest, project_id: int, check_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    survey = _load_check(access, check_id)
    services.check_close(check=survey, by=person_of(request))
    messages.success(request, _("The check is closed. Nobody can answer it now."))
    return redirect("quality:check", project_id=project_id, check_id=survey.pk)


@login_required
@require_POST
def notice_told(
    request: HttpRequest, project_id: int, check_id: int, notice_id: int
) -> HttpResponse:
    """A co-lead told someone by post or phone that a check waits for them: as
    decisions:news_told, from the same list of things to pass on."""
    access = get_project_for_member(request.user, project_id, manage=True)
    survey = _load_check(access, check_id)
    notice = get_object_or_404(survey.notices, pk=notice_id)
    notice.survey = survey
    services.notice_mark_told(notice=notice, by=person_of(request))
    messages.success(request, _("Marked as told."))
    return redirect(reverse("contributions:list", args=[project_id]) + "#pass-on")


@login_required
@require_GET
def notice_words(
    request: HttpRequest, project_id: int, check_id: int, notice_id: int
) -> HttpResponse:
    """The words to send by post (a letter to print), say on the phone or pass on
    through a supporter: the same as the email, so everyone asked is told the same."""
    access = get_project_for_member(request.user, project_id, manage=True)
    survey = _load_check(access, check_id)
    # Only while it is still to pass on: once told, or once the person left, closed
    # their account or the check closed, their address or number is not shown here.
    notice = get_object_or_404(notices_to_tell(access.project).filter(survey=survey), pk=notice_id)
    return render(
        request,
        "quality/notice_words.html",
        {
            "project": access.project,
            "check": survey,
            "notice": notice,
            "person": notice.person,
            "paragraphs": [
                part.strip()
                for part in words_for(survey, notice.person, notice.what).split("\n\n")
                if part.strip()
            ],
            "large": request.GET.get("large") == "1",
        },
    )


# Answers on paper, for people who do not use the web


@login_required
def paper(request: HttpRequest, project_id: int, check_id: int) -> HttpResponse:
    """Co-leads print the paper checklist and say who sent one back."""
    access = get_project_for_member(request.user, project_id, manage=True)
    survey = _load_check(access, check_id)
    form = None
    if survey.is_open:
        form = PaperReturnedForm(
            request.POST if request.method == "POST" else None, people=people_asked(survey)
        )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This check has closed, so it cannot take answers now."))
            return redirect("quality:paper", project_id=project_id, check_id=survey.pk)
        if form.is_valid():
            try:
                marked, already = services.paper_returned(
                    check=survey, by=person_of(request), people=form.cleaned_data["people"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if marked:
                    messages.success(
                        request,
                        ngettext(
                            "Saved. You can type in %(count)d more paper now.",
                            "Saved. You can type in %(count)d more papers now.",
                            marked,
                        )
                        % {"count": marked},
                    )
                if already:
                    messages.warning(
                        request,
                        ngettext(
                            "%(count)d person you chose had already answered, online or on "
                            "paper. So we cannot count another paper from them. Do not type "
                            "it in.",
                            "%(count)d people you chose had already answered, online or on "
                            "paper. So we cannot count another paper from them. Do not type "
                            "those in.",
                            already,
                        )
                        % {"count": already},
                    )
                return redirect("quality:paper", project_id=project_id, check_id=survey.pk)
    return render(
        request,
        "quality/paper.html",
        {"access": access, "project": access.project, "check": survey, "form": form},
        status=form_status(form) if form is not None else 200,
    )


@login_required
def paper_type(request: HttpRequest, project_id: int, check_id: int) -> HttpResponse:
    """Co-leads type in what one paper says, with no name: as the online form."""
    access = get_project_for_member(request.user, project_id, manage=True)
    survey = _load_check(access, check_id)
    form = None
    if survey.is_open and (survey.papers_waiting > 0 or request.method == "POST"):
        form = CheckAnswerForm(
            request.POST if request.method == "POST" else None,
            statements=services.statements_asked(survey),
            easy_read=False,
            asks_rung=survey.kind == Check.Kind.AFTER,
        )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This check has closed, so it cannot take answers now."))
            return redirect("quality:paper", project_id=project_id, check_id=survey.pk)
        if form.is_valid():
            try:
                services.paper_answer_add(
                    check=survey,
                    by=person_of(request),
                    answers=form.answers(),
                    rung=form.cleaned_data.get("rung"),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                survey.refresh_from_db()
                messages.success(
                    request,
                    ngettext(
                        "The paper is typed in. %(count)d more to type in.",
                        "The paper is typed in. %(count)d more to type in.",
                        survey.papers_waiting,
                    )
                    % {"count": survey.papers_waiting}
                    if survey.papers_waiting
                    else _("The paper is typed in. There are no more to type in."),
                )
                if survey.papers_waiting:
                    return redirect("quality:paper_type", project_id=project_id, check_id=survey.pk)
                return redirect("quality:paper", project_id=project_id, check_id=survey.pk)
    return render(
        request,
        "quality/paper_type.html",
        {
            "access": access,
            "project": access.project,
            "check": survey,
            "form": form,
            "rungs": _rungs(),
            "principle_help": PRINCIPLE_HELP,
        },
        status=form_status(form) if form is not None else 200,
    )


@login_required
@require_GET
def paper_print(request: HttpRequest, project_id: int, check_id: int) -> HttpResponse:
    """The checklist on paper, to print: no name on it, in large print or Easy Read."""
    access = get_project_for_member(request.user, project_id, manage=True)
    survey = _load_check(access, check_id)
    easy_read = request.GET.get("easy") == "1"
    statements = services.statements_asked(survey)
    groups = []
    for value, label in Principle.choices:
        texts = [
            s.easy_read if easy_read and s.easy_read else s.text
            for s in statements
            if s.principle == value
        ]
        if texts:
            groups.append((str(label), texts))
    return render(
        request,
        "quality/paper_print.html",
        {
            "project": access.project,
            "check": survey,
            "groups": groups,
            "choices": [label for _value, label in Choice.choices],
            "rungs": _rungs() if survey.kind == Check.Kind.AFTER else [],
            "large": request.GET.get("large") == "1",
            "easy_read": easy_read,
        },
    )


# Scorecards


@login_required
@require_GET
def project_scorecard(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    figures = project_figures(access.project)
    return render(
        request,
        "quality/project_scorecard.html",
        {
            "access": access,
            "project": access.project,
            "figures": figures,
            "charts": charts_for(figures),
            "placement_picture": RUNG_WORDS[figures["placement"].rung][1],
        },
    )


def _csv(filename: str, rows: Sequence[Sequence[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in rows:
        # A cell starting with = + - or @ could run as a formula in a spreadsheet.
        writer.writerow(
            [f"'{cell}" if isinstance(cell, str) and cell[:1] in "=+-@" else cell for cell in row]
        )
    return response


@login_required
@require_GET
def project_scorecard_csv(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    figures = project_figures(access.project)
    rows = csv_rows(
        {
            "organisation": access.project.title,
            "principles": figures["principles"],
            "over_time": figures["over_time"],
            "flags": [
                {
                    "project": access.project.title,
                    "level_label": f.level_label,
                    "title": f.title,
                    "evidence": f.evidence,
                }
                for f in figures["flags"]
            ],
        }
    )
    return _csv(f"scorecard-{slugify(access.project.title)[:40]}.csv", rows)


def _staff_role(request: HttpRequest, organisation: Organisation) -> str | None:
    return services.organisation_role(request.user, organisation)


def organisation_scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's staff see the scorecard as it is now; everyone else sees
    only what the organisation published, and nothing until it has."""
    organisation = get_object_or_404(Organisation, slug=slug)
    role = _staff_role(request, organisation)
    published = list(PublishedScorecard.objects.filter(organisation=organisation)[:20])
    if role is None:
        if not published:
            raise Http404("No published scorecard.")
        return _published_page(request, organisation, published[0], published)
    figures = organisation_figures(organisation, public=False)
    return render(
        request,
        "quality/org_scorecard.html",
        {
            "organisation": organisation,
            "figures": figures,
            "charts": charts_for(figures),
            "published": published,
            "is_admin": role == OrganisationMembership.Role.ADMIN,
            "live": True,
        },
    )


def _published_page(
    request: HttpRequest,
    organisation: Organisation,
    shown: PublishedScorecard,
    published: list[PublishedScorecard],
) -> HttpResponse:
    return render(
        request,
        "quality/org_scorecard.html",
        {
            "organisation": organisation,
            "figures": shown.figures,
            "charts": charts_for(shown.figures),
            "published": published,
            "shown": shown,
            "pledge": shown.pledge,
            "live": False,
        },
    )


@require_GET
def published_scorecard(request: HttpRequest, slug: str, published_id: int) -> HttpResponse:
    """One published scorecard, as it was: anyone can read every one ever published."""
    organisation = get_object_or_404(Organisation, slug=slug)
    # Published scorecards are public by design: anyone may read any of them.
    shown = get_object_or_404(  # nosemgrep: ustogether-unscoped-load-in-view
        PublishedScorecard, organisation=organisation, pk=published_id
    )
    published = list(PublishedScorecard.objects.filter(organisation=organisation)[:20])
    return _published_page(request, organisation, shown, published)


@require_GET
def organisation_scorecard_csv(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if _staff_role(request, organisation) is not None:
        figures = organisation_figures(organisation, public=False)
    else:
        latest = PublishedScorecard.objects.filter(organisation=organisation).first()
        if latest is None:
            raise Http404("No published scorecard.")
        figures = latest.figures
    return _csv(f"scorecard-{organisation.slug}.csv", csv_rows(figures))


@login_required
@require_POST
def organisation_publish(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if _staff_role(request, organisation) is None:
        raise Http404("No such page.")
    services.scorecard_publish(
        organisation=organisation,
        by=person_of(request),
        figures=organisation_figures(organisation, public=True),
    )
    messages.success(request, _("Your scorecard is on your public page now, as it is today."))
    return redirect("quality:org_scorecard", slug=slug)


@login_required
def organisation_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Admins make the red flags stricter, write the pledge, and add their own statements."""
    organisation = get_object_or_404(Organisation, slug=slug)
    role = _staff_role(request, organisation)
    if role is None:
        raise Http404("No such page.")
    if role != OrganisationMembership.Role.ADMIN:
        raise PermissionDenied(_("Only the organisation's admins can change these."))
    person = person_of(request)
    current = services.thresholds_for(organisation)
    policy = getattr(organisation, "quality_policy", None)
    policy_form = PolicyForm(
        request.POST if "save_limits" in request.POST else None,
        current=current,
        initial={"pledge": policy.pledge if policy else ""},
    )
    statement_form = OwnStatementForm(request.POST if "add_statement" in request.POST else None)
    if request.method == "POST":
        if "save_limits" in request.POST and policy_form.is_valid():
            try:
                services.policy_update(
                    organisation=organisation,
                    by=person,
                    limits=policy_form.limits(),
                    pledge=policy_form.cleaned_data["pledge"],
                )
            except ValidationError as error:
                apply_errors(policy_form, error)
            else:
                messages.success(request, _("Saved. New flags use these limits now."))
                return redirect("quality:org_settings", slug=slug)
        elif "add_statement" in request.POST and statement_form.is_valid():
            try:
                services.own_statement_add(
                    organisation=organisation, by=person, **statement_form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(statement_form, error)
            else:
                messages.success(request, _("Added. Checks opened from now on ask it too."))
                return redirect("quality:org_settings", slug=slug)
        elif "retire" in request.POST:
            statement = get_object_or_404(
                OwnStatement, organisation=organisation, pk=request.POST.get("retire")
            )
            services.own_statement_retire(statement=statement, by=person)
            messages.success(request, _("New checks will not ask it. Past answers stay."))
            return redirect("quality:org_settings", slug=slug)
    return render(
        request,
        "quality/org_settings.html",
        {
            "organisation": organisation,
            "policy_form": policy_form,
            "statement_form": statement_form,
            "own": OwnStatement.objects.filter(organisation=organisation, retired_at__isnull=True),
        },
        status=form_status(policy_form, statement_form),
    )
