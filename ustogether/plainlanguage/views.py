from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ustogether.core.forms import apply_errors, form_status
from ustogether.core.limits import CHECKS_PER_MINUTE, limited
from ustogether.core.plaincheck import attach, checked_form, plain_language_action
from ustogether.people.http import person_of
from ustogether.people.models import Organisation, OrganisationMembership
from ustogether.plainlanguage import services
from ustogether.plainlanguage.forms import CheckForm, TermForm, TurnDownForm
from ustogether.plainlanguage.models import LocalTerm
from ustogether.plainlanguage.queries import all_entries, is_inside, suggestions_to_decide
from ustogether.projects.access import get_project_for_member


@login_required
@limited(CHECKS_PER_MINUTE)
def check_page(request: HttpRequest) -> HttpResponse:
    """Anyone signed in can paste text here and see what to change."""
    easy_read = bool(request.POST.get("easy_read"))
    plain = plain_language_action(
        request, ["text"], easy_read_fields=["text"] if easy_read else [], always=True
    )
    # The text box does not fix the Easy Read option: the live check reads the
    # form's own "Check it as Easy Read" box, so ticking it takes effect at once.
    form = CheckForm(plain.data if plain else None)
    attach(form, plain, validate=True)
    report = plain.reports.get("text") if plain else None
    status = 200
    if plain is not None and not form.is_valid():
        status = 422
    text = form.data.get("text", "") if plain else ""
    sentence_rows = [
        {"text": text[stat.start : stat.end], "words": stat.words, "reading_age": stat.reading_age}
        for stat in (report.sentence_stats if report else ())
    ]
    return render(
        request,
        "plainlanguage/check.html",
        {"form": form, "report": report, "sentence_rows": sentence_rows},
        status=status,
    )


def glossary(request: HttpRequest) -> HttpResponse:
    """Every word in the glossary, with its plain words and who wrote it."""
    query = request.GET.get("q", "").strip().lower()
    organisation_id = request.GET.get("organisation")
    org = None
    if organisation_id and organisation_id.isdigit():
        org = Organisation.objects.filter(pk=int(organisation_id)).first()
    # An organisation's own words are for its signed-in people, unless published.
    inside = org is not None and is_inside(request.user, org.pk)
    entries = sorted(
        all_entries(org.pk if org else None, published_only=not inside),
        key=lambda e: e.term.lower(),
    )
    if query:
        entries = [
            e
            for e in entries
            if query in e.term.lower()
            or query in e.plain.lower()
            or any(query in v.lower() for v in e.variants)
        ]
    return render(
        request,
        "plainlanguage/glossary.html",
        {"entries": entries, "q": query, "organisation": org},
    )


@login_required
def suggest(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    project = None
    project_id = request.GET.get("project") or request.POST.get("project")
    if project_id and str(project_id).isdigit():
        project = get_project_for_member(person, int(project_id)).project
        organisation = project.organisation
    else:
        role = (
            OrganisationMembership.objects.filter(person=person)
            .select_related("organisation")
            .first()
        )
        if role is None:
            raise PermissionDenied("Suggest words from a project you are in.")
        organisation = role.organisation
    form, saving = checked_form(
        request,
        TermForm,
        ["definition"],
        organisation_id=organisation.pk,
        initial={"term": request.GET.get("term", "")},
    )
    del form.fields["published"]  # a co-lead decides that
    if saving and form.is_valid():
        try:
            services.glossary_suggest(
                by=person, organisation=organisation, project=project, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. A co-lead will look at your suggestion."))
            if project is not None:
                return redirect("projects:detail", project_id=project.pk)
            return redirect("plainlanguage:glossary")
    status = form_status(form)
    return render(
        request,
        "plainlanguage/suggest.html",
        {"form": form, "project": project, "organisation": organisation},
        status=status,
    )


@login_required
def suggestions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plainlanguage/suggestions.html",
        {"suggestions": list(suggestions_to_decide(person_of(request)))},
    )


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_of(request)
    local = get_object_or_404(
        LocalTerm.objects.select_related("written_by", "organisation", "project"), pk=pk
    )
    if not services.can_decide(person, local):
        raise PermissionDenied("Only a co-lead can decide on glossary words.")
    accept_form = TermForm(
        request.POST if "accept" in request.POST else None,
        initial={
            "term": local.term,
            "plain": local.plain,
            "definition": local.definition,
            "variants": local.variants,
        },
    )
    # This page has two forms, so the definition is a plain box here: a check
    # button could not tell which form it belonged to.
    accept_form.fields["definition"].widget = forms.Textarea(attrs={"rows": 3})
    del accept_form.fields["credit_author"]  # only the author says that
    turn_down_form = TurnDownForm(request.POST if "turn_down" in request.POST else None)
    if "accept" in request.POST and accept_form.is_valid():
        try:
            services.glossary_accept(local=local, by=person, **accept_form.cleaned_data)
        except ValidationError as error:
            apply_errors(accept_form, error)
        else:
            messages.success(
                request, _("“%(term)s” is in the glossary now.") % {"term": local.term}
            )
            return redirect("plainlanguage:suggestions")
    if "turn_down" in request.POST and turn_down_form.is_valid():
        services.glossary_turn_down(
            local=local, by=person, reason=turn_down_form.cleaned_data["reason"]
        )
        messages.success(
            request, _("You have said why “%(term)s” is not being added.") % {"term": local.term}
        )
        return redirect("plainlanguage:suggestions")
    status = form_status(accept_form, turn_down_form)
    return render(
        request,
        "plainlanguage/decide.html",
        {"local": local, "accept_form": accept_form, "turn_down_form": turn_down_form},
        status=status,
    )
