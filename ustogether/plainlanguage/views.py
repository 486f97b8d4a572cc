from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ustogether.core.forms import apply_errors, form_status
from ustogether.core.limits import CHECKS_PER_MINUTE, limited
from ustogether.core.plaincheck import attach, checked_form, plain_language_action
from ustogether.people.http import person_of
from ustogether.people.models import Organisation, OrganisationMembership, Person
from ustogether.plainlanguage import services
from ustogether.plainlanguage.forms import CheckForm, SuggestForm, TermForm, TurnDownForm
from ustogether.plainlanguage.glossary import SOURCE_OURS
from ustogether.plainlanguage.models import LocalTerm
from ustogether.plainlanguage.queries import all_entries, is_inside, suggestions_to_decide
from ustogether.projects.access import get_project_for_member
from ustogether.projects.models import Membership, Project


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


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
GLOSSARY_PAGE_SIZE = 50


def _first_letter(term: str) -> str:
    letter = term[:1].upper()
    return letter if letter in LETTERS else "#"


def glossary(request: HttpRequest) -> HttpResponse:
    """Every word in the glossary, with its plain words: an A to Z, a search box and pages."""
    query = request.GET.get("q", "").strip()
    letter = request.GET.get("letter", "").strip().upper()[:1]
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
    letters_used = {_first_letter(e.term) for e in entries}
    if query:
        wanted = query.lower()
        entries = [
            e
            for e in entries
            if wanted in e.term.lower()
            or wanted in e.plain.lower()
            or any(wanted in v.lower() for v in e.variants)
        ]
    elif letter and letter in LETTERS:
        entries = [e for e in entries if _first_letter(e.term) == letter]
    else:
        letter = ""
    page = Paginator(entries, GLOSSARY_PAGE_SIZE).get_page(request.GET.get("page"))
    keep = {"q": query, "letter": letter, "organisation": org.pk if org else ""}
    return render(
        request,
        "plainlanguage/glossary.html",
        {
            "page": page,
            "count": len(entries),
            "q": query,
            "letter": letter,
            "organisation": org,
            "letters": [(x, x in letters_used) for x in LETTERS],
            # Query string for the page links, so a search or a letter stays chosen.
            "keep": urlencode({k: v for k, v in keep.items() if v}),
            "ours": SOURCE_OURS,
        },
    )


def _places(person: Person, project_id: str | None) -> list[tuple[str, str]]:
    """Where a person may suggest words: their projects, and organisations they work for."""
    if project_id and project_id.isdigit():
        project = get_project_for_member(person, int(project_id)).project
        return [(f"project:{project.pk}", project.title)]
    places = [
        (f"project:{m.project_id}", m.project.title)
        for m in Membership.objects.filter(person=person, left_at__isnull=True)
        .select_related("project")
        .order_by("project__title")
    ]
    places += [
        (f"organisation:{r.organisation_id}", r.organisation.name)
        for r in OrganisationMembership.objects.filter(person=person)
        .select_related("organisation")
        .order_by("organisation__name")
    ]
    return places


def _resolve(place: str) -> tuple[Organisation, Project | None]:
    kind, _sep, pk = place.partition(":")
    if kind == "project":
        project = Project.objects.select_related("organisation").get(pk=int(pk))
        return project.organisation, project
    return Organisation.objects.get(pk=int(pk)), None


@login_required
def suggest(request: HttpRequest) -> HttpResponse:
    """Suggest a word with its meaning, or ask what one means, for a project or organisation."""
    person = person_of(request)
    project_id = request.GET.get("project") or request.POST.get("project")
    places = _places(person, project_id)
    if not places:
        return render(request, "plainlanguage/suggest_no_place.html")
    organisation, project = _resolve(places[0][0])
    form, saving = checked_form(
        request,
        SuggestForm,
        ["definition"],
        organisation_id=organisation.pk,
        places=places,
        initial={"term": request.GET.get("term", ""), "kind": request.GET.get("kind", "word")},
    )
    if any(key.startswith("organisation:") for key, _label in places) and "where" in form.fields:
        form.fields["where"].label = _("Which project or organisation is it for?")
    del form.fields["published"]  # a co-lead decides that
    if saving and form.is_valid():
        organisation, project = _resolve(form.place())
        data = form.cleaned_data
        try:
            services.glossary_suggest(
                by=person,
                organisation=organisation,
                project=project,
                term=data["term"],
                plain=data["plain"],
                definition=data["definition"],
                variants=data["variants"],
                question=form.is_question(),
                credit_author=data["credit_author"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. A co-lead will answer your question.")
                if form.is_question()
                else _("Thank you. A co-lead will look at your suggestion."),
            )
            if project is not None and project_id:
                return redirect("projects:detail", project_id=project.pk)
            return redirect("plainlanguage:glossary")
    status = form_status(form)
    return render(
        request,
        "plainlanguage/suggest.html",
        {
            "form": form,
            "project": project if project_id else None,
            "organisation": organisation if len(places) == 1 else None,
        },
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
    # Guarded right after: outside the word's organisation it is a 404, as if it
    # were not there (another organisation's words stay out of sight); inside, 403.
    local = get_object_or_404(  # nosemgrep: ustogether-unscoped-load-in-view
        LocalTerm.objects.select_related("written_by", "organisation", "project"), pk=pk
    )
    if not services.can_decide(person, local):
        if not is_inside(person, local.organisation_id):
            raise Http404("No such word.")
        raise PermissionDenied("Only a co-lead can decide on glossary words.")
    initial = {
        "term": local.term,
        "plain": local.plain,
        "definition": local.definition,
        "variants": local.variants,
    }
    known = None
    if local.is_question:
        # If the glossary already knows the word, the answer starts from its words.
        wanted = local.term.strip().lower()
        known = next(
            (
                e
                for e in all_entries(local.organisation_id)
                if wanted in {f.lower() for f in e.forms()}
            ),
            None,
        )
        if known is not None and not local.definition:
            initial |= {"plain": known.plain, "definition": known.definition}
    accept_form = TermForm(request.POST if "accept" in request.POST else None, initial=initial)
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
                request,
                (
                    _("Your answer is sent, and “%(term)s” is in the glossary now.")
                    if local.is_question
                    else _("“%(term)s” is in the glossary now.")
                )
                % {"term": local.term},
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
        {
            "local": local,
            "known": known,
            "accept_form": accept_form,
            "turn_down_form": turn_down_form,
        },
        status=status,
    )
