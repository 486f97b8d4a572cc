"""The site as `bench/pages.py` serves it: all of Us Together, and a bare page beside it.

The bare page is what a plain Django view costs: one indexed query for 50 rows,
rendered as a 50-row table by a template of its own, through the same settings
and middleware as every other page. `bench/pages.py` measures each page against
it. gunicorn loads this module as the WSGI application (`bench._site:application`);
`make bench` runs only the scripts in bench/ whose names do not start with "_".
"""

from __future__ import annotations

import os
from functools import cache

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ustogether.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import include, path  # noqa: E402

from ustogether.core.models import AuditEvent  # noqa: E402
from ustogether.people.models import Person  # noqa: E402

BARE_URL = "/bench/bare/"
BARE_SCOPE_EMAIL = "sysadmin@demo.ustogether.test"

BARE_TEMPLATE = engines["django"].from_string(
    """<!DOCTYPE html>
<html lang="en-gb"><head><meta charset="utf-8"><title>Events</title></head>
<body><main><h1>Events</h1>
<table><thead><tr><th>When</th><th>What</th><th>On</th><th>Number</th></tr></thead>
<tbody>{% for event in events %}<tr><td>{{ event.created_at|date:"j M Y, H:i" }}</td>
<td>{{ event.verb }}</td><td>{{ event.subject_label }}</td><td>{{ event.pk }}</td></tr>
{% endfor %}</tbody></table></main></body></html>"""
)


@cache
def bare_scope() -> tuple[int, int]:
    """The content type and id that the bare page's rows hang off (looked up once)."""
    person = Person.objects.only("pk").get(email=BARE_SCOPE_EMAIL)
    return ContentType.objects.get_for_model(Person).pk, person.pk


def bare_page(request: HttpRequest) -> HttpResponse:
    scope_type, scope_id = bare_scope()
    # The audit table's (scope_type, scope_id, -created_at) index serves this query.
    events = AuditEvent.objects.filter(scope_type_id=scope_type, scope_id=scope_id).order_by(
        "-created_at"
    )[:50]
    return HttpResponse(BARE_TEMPLATE.render({"events": events}, request))


def whoami(request: HttpRequest) -> HttpResponse:
    """The serving process's id, so the benchmark can read its CPU time."""
    return HttpResponse(str(os.getpid()))


def add_bare_rows() -> None:
    """50 audit rows that belong to no project, so no measured page shows them."""
    scope_type, scope_id = bare_scope()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            scope_type_id=scope_type,
            scope_id=scope_id,
            verb="bench.row",
            subject_label=f"Row {n}",
            data={},
        )
        for n in range(50)
    )


urlpatterns = [
    path(BARE_URL.strip("/") + "/", bare_page),
    path("bench/whoami/", whoami),
    path("", include("ustogether.urls")),
]
# The bench's own URLs, in this process only (the benchmark's and gunicorn's).
settings.ROOT_URLCONF = __name__

application = get_wsgi_application()
