"""Easy Read pages: read a page's Easy Read version; the people who manage it write it
and choose pictures.

The pages work for any page with an Easy Read version (a project page here, a
meeting paper in meetings.views_easyread): each view loads its page through its
own guarded loader first, builds a Place, and hands writes to
plainlanguage.easyread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ustogether.core.forms import apply_errors, form_status
from ustogether.core.plaincheck import CheckedTextarea, checked_form
from ustogether.people.http import person_of
from ustogether.plainlanguage import easyread
from ustogether.plainlanguage import pictures as picture_set
from ustogether.plainlanguage.forms import (
    ChoosePictureForm,
    EasyReadForm,
    PictureSearchForm,
    UploadPictureForm,
)
from ustogether.plainlanguage.models import EasyReadPoint, UploadedPicture
from ustogether.projects.access import (
    ProjectAccess,
    get_project_for_member,
    get_project_for_viewer,
)


def picture_url(point: EasyReadPoint) -> str:
    if point.picture_key:
        return static(f"openmoji/{point.picture_key}.svg")
    if point.picture_id is not None:
        return reverse("plainlanguage:uploaded_picture", args=[point.picture_id])
    return ""


def _rows(points: list[EasyReadPoint]) -> list[dict[str, Any]]:
    return [{"point": p, "url": picture_url(p)} for p in points]


@dataclass(frozen=True)
class Place:
    """Where an Easy Read version lives: its page, who may change it, and its addresses.

    The same pages (read, write, pictures, choose a picture) serve every kind of
    page with an Easy Read version. Each app's views load the page through its
    own guarded loader, then build a Place; its four URL names are `url_name`
    with "", "_write", "_pictures" and "_choose" on the end, all taking
    `url_args` (and the point's id for "_choose")."""

    subject: models.Model
    organisation_id: int
    title: str  # the page's own title: the first title for its Easy Read version
    can_write: bool
    url_name: str
    url_args: tuple[Any, ...]
    back_url: str  # the page the Easy Read version explains
    back_label: str  # "Back to the project page"
    full_label: str  # "Go to the full project page"
    full_url: str = ""  # where full_label goes, when not to back_url (the paper itself)
    # Shown above the title of the read and write pages.
    caption: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # more for the templates

    def url(self, which: str = "", *more: Any) -> str:
        return reverse(f"{self.url_name}{which}", args=[*self.url_args, *more])

    def context(self, **values: Any) -> dict[str, Any]:
        return {
            "place": self,
            "read_url": self.url(),
            "write_url": self.url("_write"),
            "pictures_url": self.url("_pictures"),
            "full_url": self.full_url or self.back_url,
            **self.extra,
            **values,
        }


def project_place(access: ProjectAccess) -> Place:
    project = access.project
    return Place(
        subject=project,
        organisation_id=project.organisation_id,
        title=project.title,
        can_write=access.can_manage,
        url_name="plainlanguage:easy_read",
        url_args=(project.pk,),
        back_url=reverse("projects:detail", args=[project.pk]),
        back_label=_("Back to the project page"),
        full_label=_("Go to the full project page"),
        caption=project.title,
        extra={"project": project, "access": access},
    )


def read_page(request: HttpRequest, place: Place) -> HttpResponse:
    """The Easy Read version of a page, for anyone who can read the page."""
    version = easyread.version_for(place.subject)
    points = list(version.active_points()) if version else []
    return render(
        request,
        "plainlanguage/easyread_read.html",
        place.context(version=version, rows=_rows(points)),
        status=200 if version else 404,
    )


def write_page(request: HttpRequest, place: Place) -> HttpResponse:
    """The people who manage the page write the points, with the Easy Read checks beside the box."""
    if not place.can_write:
        raise PermissionDenied("Only the page's co-leads can write its Easy Read version.")
    organisation_id = place.organisation_id
    version = easyread.version_for(place.subject)
    saved = list(version.active_points()) if version else []
    initial = {
        "title": version.title if version else place.title,
        "points": easyread.text_of(saved),
    }
    form, saving = checked_form(
        request,
        EasyReadForm,
        ["points"],
        organisation_id=organisation_id,
        easy_read_fields=["points"],
        initial=initial,
    )
    if saving and form.is_valid():
        try:
            easyread.easy_read_write(
                subject=place.subject,
                by=person_of(request),
                title=form.cleaned_data["title"],
                text=form.cleaned_data["points"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The points are saved. Now choose a picture for each one."))
            return redirect(place.url("_pictures"))
    text = str(form.data.get("points", "")) if form.is_bound else initial["points"]
    if text.strip():
        # The same checks as "Check my text", plus "this point has no picture",
        # which needs to know the pictures already chosen.
        widget = cast(CheckedTextarea, form.fields["points"].widget)
        widget.report = easyread.easy_read_report(
            text,
            pictured=easyread.pictured_points_for_text(version, text),
            organisation_id=organisation_id,
            base=widget.report,  # what the check just found, if the author asked
        )
    return render(
        request,
        "plainlanguage/easyread_write.html",
        place.context(form=form, version=version),
        status=form_status(form),
    )


def pictures_page(request: HttpRequest, place: Place) -> HttpResponse:
    """Every point with its picture, and which ones still need one."""
    if not place.can_write:
        raise PermissionDenied("Only the page's co-leads can choose its pictures.")
    version = easyread.version_for(place.subject)
    if version is None:
        return redirect(place.url("_write"))
    points = list(version.active_points())
    missing = {p.pk for p in easyread.picture_findings(version)}
    return render(
        request,
        "plainlanguage/easyread_pictures.html",
        place.context(
            version=version,
            rows=[
                {
                    "point": p,
                    "url": picture_url(p),
                    "missing": p.pk in missing,
                    "choose_url": place.url("_choose", p.pk),
                }
                for p in points
            ],
            missing_count=len(missing),
        ),
    )


def choose_page(request: HttpRequest, place: Place, point_id: int) -> HttpResponse:
    """Choose one picture for one point: search the shipped pictures, or upload one."""
    if not place.can_write:
        raise PermissionDenied("Only the page's co-leads can choose its pictures.")
    version = easyread.version_for(place.subject)
    if version is None:
        raise Http404("No Easy Read version.")
    point = get_object_or_404(
        version.points.filter(removed_at__isnull=True).select_related("picture"), pk=point_id
    )
    search = PictureSearchForm(request.GET or None)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    results = picture_set.search_pictures(q or point.text)
    uploads = list(UploadedPicture.objects.filter(organisation_id=place.organisation_id)[:24])
    choose_form = ChoosePictureForm(
        request.POST if "choose" in request.POST else None,
        initial={"picture_alt": point.picture_alt},
    )
    upload_form = UploadPictureForm(
        request.POST if "upload" in request.POST else None,
        request.FILES if "upload" in request.POST else None,
    )
    if request.method == "POST":
        form: ChoosePictureForm | UploadPictureForm | None = None
        try:
            if "choose" in request.POST and choose_form.is_valid():
                form = choose_form
                easyread.easy_read_choose_picture(
                    point=point,
                    by=person_of(request),
                    choice=choose_form.cleaned_data["picture"],
                    alt=choose_form.cleaned_data["picture_alt"],
                )
            elif "upload" in request.POST and upload_form.is_valid():
                form = upload_form
                easyread.easy_read_upload_picture(
                    subject=place.subject,
                    by=person_of(request),
                    image=upload_form.cleaned_data["image"],
                    alt_text=upload_form.cleaned_data["alt_text"],
                    point=point,
                )
        except ValidationError as error:
            assert form is not None  # only the two services above raise it
            apply_errors(form, error)
        else:
            if form is not None:
                messages.success(request, _("The picture is saved."))
                return _next_point(place, version, point)
    if point.picture_key:
        current = f"{easyread.OPENMOJI_PREFIX}{point.picture_key}"
    elif point.picture_id:
        current = f"{easyread.UPLOAD_PREFIX}{point.picture_id}"
    else:
        current = ""
    selected = str(choose_form.data.get("picture", "")) if choose_form.is_bound else current
    choices = [
        {"value": p.choice, "url": p.url, "label": p.name[:1].upper() + p.name[1:], "upload": False}
        for p in results
    ] + [
        {
            "value": f"{easyread.UPLOAD_PREFIX}{u.pk}",
            "url": reverse("plainlanguage:uploaded_picture", args=[u.pk]),
            "label": u.alt_text
            or _("Uploaded on %(date)s") % {"date": formats.date_format(u.created_at)},
            "upload": True,
        }
        for u in uploads
    ]
    for n, choice in enumerate(choices):
        # The first radio carries the field's id, so the error summary links to it.
        choice["id"] = "id_picture" if n == 0 else f"id_picture_{n}"
        choice["checked"] = choice["value"] == selected
        choice["first_upload"] = choice["upload"] and (n == 0 or not choices[n - 1]["upload"])
    errors = bool(choose_form.errors or upload_form.errors)
    return render(
        request,
        "plainlanguage/easyread_choose.html",
        place.context(
            version=version,
            point=point,
            point_url=picture_url(point),
            search=search,
            q=q,
            choices=choices,
            result_count=len(results),
            choose_form=choose_form,
            upload_form=upload_form,
            has_errors=errors,
        ),
        status=422 if errors else 200,
    )


def _next_point(place: Place, version: easyread.EasyReadVersion, point: EasyReadPoint) -> Any:
    """Go on to the next point that still needs a picture, or back to the list."""
    missing = easyread.picture_findings(version)
    later = [p for p in missing if p.order > point.order] or missing
    if later:
        return redirect(place.url("_choose", later[0].pk))
    return redirect(place.url("_pictures"))


# A project's own Easy Read page
# ------------------------------


@require_GET
def read(request: HttpRequest, project_id: int) -> HttpResponse:
    """The Easy Read version of a project page, for anyone who can read the project."""
    return read_page(request, project_place(get_project_for_viewer(request.user, project_id)))


@login_required
def write(request: HttpRequest, project_id: int) -> HttpResponse:
    """Co-leads write the points, with the Easy Read checks beside the box."""
    access = get_project_for_member(request.user, project_id, manage=True)
    return write_page(request, project_place(access))


@login_required
@require_GET
def pictures(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    return pictures_page(request, project_place(access))


@login_required
def choose(request: HttpRequest, project_id: int, point_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    return choose_page(request, project_place(access), point_id)


@require_GET
def uploaded_picture(request: HttpRequest, pk: int) -> FileResponse:
    """An uploaded picture, for people who can read a page it is on."""
    # Guarded right after: a picture the person may not see is a 404 like a missing one.
    picture = get_object_or_404(  # nosemgrep: ustogether-unscoped-load-in-view
        UploadedPicture, pk=pk
    )
    if not easyread.can_view_uploaded(request.user, picture):
        raise Http404("No such picture.")
    response = FileResponse(picture.image.open("rb"), content_type=picture.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def attribution(request: HttpRequest) -> HttpResponse:
    """Who made the pictures, and the licence they are shared under."""
    return render(
        request,
        "plainlanguage/pictures_attribution.html",
        {"picture_count": len(picture_set.load_pictures())},
    )
