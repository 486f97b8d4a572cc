from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ustogether.core import plaincheck
from ustogether.core.limits import CHECKS_PER_MINUTE, limited
from ustogether.core.plaincheck import MAX_CHECK_CHARS, check_field_text


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("people:home")
    return render(request, "core/home.html")


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


def data_protection(request: HttpRequest) -> HttpResponse:
    """For organisations: what Us Together keeps, why, where, for how long, who sees it,
    how it is protected, and how people get or erase it (docs/data-protection.md)."""
    from ustogether.core.personal_data import DATA_KINDS

    return render(request, "core/data_protection.html", {"kinds": DATA_KINDS})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database and the shared cache answer, else 503.

    The cache holds the sign-in and invitation limits, so a server that cannot reach
    it is not fit to serve."""
    try:
        # A fixed query that reads no table: is the database there at all?
        with connection.cursor() as cursor:  # nosemgrep: ustogether-no-raw-sql
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        return JsonResponse(
            {"status": "error", "database": str(error.__class__.__name__)}, status=503
        )
    try:
        cache.set("healthz", "ok", 10)
        cache_ok = cache.get("healthz") == "ok"
    except Exception:  # any cache failure means "not healthy"
        cache_ok = False
    if not cache_ok:
        return JsonResponse({"status": "error", "database": "ok", "cache": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "cache": "ok"})


@login_required
@require_POST
@limited(CHECKS_PER_MINUTE)
def check_fragment(request: HttpRequest) -> HttpResponse:
    """The findings panel for one field, for htmx to swap in as the author types."""
    name = request.POST.get("field", "")
    text = request.POST.get(name, "")[:MAX_CHECK_CHARS]
    organisation_id = request.POST.get("organisation")
    # Only an organisation the person belongs to: its own words may not be published.
    organisation = (
        int(organisation_id)
        if organisation_id
        and organisation_id.isdigit()
        and plaincheck.is_inside_organisation(request.user, int(organisation_id))
        else None
    )
    report = check_field_text(
        text,
        organisation_id=organisation,
        easy_read=bool(request.POST.get("easy_read")),
    )
    return render(
        request,
        "plaincheck/fragment.html",
        {
            "report": report if text.strip() else None,
            "empty": not text.strip(),
            "check_only": bool(request.POST.get("check_only")),
            "field_name": name,
        },
    )
