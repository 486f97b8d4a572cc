"""Middleware that guards every request before any view reads it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_cache_control


class RequestSizeMiddleware:
    """Refuse a request body over MAX_REQUEST_BYTES from its Content-Length, before
    any of it is read. Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but
    streams file uploads to disk whatever their size; nothing in Django or a
    library we use stops a 50 MB upload early, so it is done here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            html = render_to_string(
                "413.html",
                {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)},
                request=request,
            )
            response = HttpResponse(html, status=413)
            # The body was never read, so the connection cannot be reused.
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """Tell browsers and proxies to keep no copy of anything sent to a signed-in person.

    Pages for a signed-in person can show their needs, claims or a project's members;
    on a shared computer in a library or day centre, the next person could otherwise
    find them with the Back button or in the cache. A view that chose its own
    caching (a picture kept privately for an hour) keeps its choice.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Signed in when they asked, or by the answer (a page that signs someone out
        # may still show what was theirs).
        was_signed_in = request.user.is_authenticated
        response = self.get_response(request)
        signed_in = was_signed_in or request.user.is_authenticated
        if signed_in and "Cache-Control" not in response:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class RefusedAccessMiddleware:
    """Record each refusal (403) in the audit log: who, which page and how, never the
    values in its address (an invitation's link holds its secret code)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        from django.core.exceptions import PermissionDenied

        from ustogether.core.audit import record_event

        if isinstance(exception, PermissionDenied):
            match = getattr(request, "resolver_match", None)
            record_event(
                None,
                "access.refused",
                actor=getattr(request, "user", None),
                data={
                    "page": match.view_name if match else "",
                    "method": request.method,
                },
            )
