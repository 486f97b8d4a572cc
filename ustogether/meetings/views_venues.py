"""An organisation's venues: for its staff to see, for its admins and leads to keep."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ustogether.core.forms import apply_errors, form_status
from ustogether.people.http import person_of

from . import services, services_papers
from .access import get_meeting_for_member, get_organisation_for_venues, get_venue
from .forms import VenueForm, VenuePhotoForm
from .models import VenuePhoto, venue_feature_choices


def _labels(codes: list[str]) -> list[str]:
    labels = dict(venue_feature_choices())
    return [labels[c] for c in codes if c in labels]


@login_required
@require_GET
def venue_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, can_keep = get_organisation_for_venues(request.user, slug)
    venues = list(organisation.venues.filter(archived_at__isnull=True))
    return render(
        request,
        "meetings/venues.html",
        {
            "organisation": organisation,
            "can_keep": can_keep,
            "rows": [{"venue": v, "features": _labels(v.features)} for v in venues],
            "archived": list(organisation.venues.filter(archived_at__isnull=False)),
        },
    )


@login_required
def venue_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _can_keep = get_organisation_for_venues(request.user, slug, keep=True)
    form = VenueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            venue = services.venue_create(
                organisation=organisation, by=person_of(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The venue is saved. You can add photos of the way in."))
            return redirect("meetings:venue", slug=slug, pk=venue.pk)
    return render(
        request,
        "meetings/venue_edit.html",
        {"form": form, "organisation": organisation, "venue": None},
        status=form_status(form),
    )


@login_required
def venue_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    venue, _can_keep = get_venue(request.user, slug, pk, keep=True)
    initial = {
        name: getattr(venue, name)
        for name in (
            "name",
            "address",
            "postcode",
            "features",
            "travel_notes",
            "parking_notes",
            "access_notes",
        )
    }
    form = VenueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_update(venue=venue, by=person_of(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The venue is saved."))
            return redirect("meetings:venue", slug=slug, pk=venue.pk)
    return render(
        request,
        "meetings/venue_edit.html",
        {"form": form, "organisation": venue.organisation, "venue": venue},
        status=form_status(form),
    )


@login_required
def venue_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    venue, can_keep = get_venue(request.user, slug, pk)
    form = VenuePhotoForm(request.POST or None, request.FILES or None) if can_keep else None
    if request.method == "POST":
        venue, _keep = get_venue(request.user, slug, pk, keep=True)
        assert form is not None
        if form.is_valid():
            try:
                services_papers.venue_photo_add(
                    venue=venue,
                    by=person_of(request),
                    upload=form.cleaned_data["image"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The photo is added."))
                return redirect("meetings:venue", slug=slug, pk=pk)
    return render(
        request,
        "meetings/venue.html",
        {
            "venue": venue,
            "organisation": venue.organisation,
            "can_keep": can_keep,
            "features": _labels(venue.features),
            "photos": list(venue.photos.all()),
            "form": form,
        },
        status=form_status(form) if form else 200,
    )


@login_required
@require_POST
def venue_archive(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    venue, _keep = get_venue(request.user, slug, pk, keep=True)
    services.venue_archive(venue=venue, by=person_of(request))
    messages.success(request, _("The venue is put away. Past meetings still show it."))
    return redirect("meetings:venues", slug=slug)


def _photo_response(photo: VenuePhoto) -> FileResponse:
    extension = (photo.image.name or "").rsplit(".", 1)[-1]
    content_type = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}.get(
        extension, "application/octet-stream"
    )
    response = FileResponse(photo.image.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def venue_photo(request: HttpRequest, slug: str, pk: int, photo_id: int) -> FileResponse:
    """A venue's photo, for the organisation's staff (uploads are never served directly)."""
    venue, _keep = get_venue(request.user, slug, pk)
    # get_venue checked the organisation and the person's role; the photo must be the venue's.
    photo = get_object_or_404(  # nosemgrep: ustogether-unscoped-load-in-view
        VenuePhoto, pk=photo_id, venue=venue
    )
    return _photo_response(photo)


@login_required
@require_GET
def meeting_venue_photo(
    request: HttpRequest, project_id: int, pk: int, photo_id: int
) -> FileResponse:
    """The photo of a meeting's venue, for the people who can see the meeting."""
    maccess = get_meeting_for_member(request.user, project_id, pk)
    venue_id = maccess.meeting.venue_id
    if venue_id is None:
        raise Http404("This meeting has no venue.")
    # venue_id is the guarded meeting's own venue, not a number from the address.
    photo = get_object_or_404(  # nosemgrep: ustogether-unscoped-load-in-view
        VenuePhoto, pk=photo_id, venue_id=venue_id
    )
    return _photo_response(photo)
