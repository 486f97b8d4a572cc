"""Query budgets for the decision log and the co-leads' list of what people said."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ustogether.contributions.testing import say
from ustogether.core.testing import make_cast
from ustogether.decisions import services
from ustogether.decisions.models import Decision
from ustogether.decisions.views import PAGE_SIZE

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _decide(cast, n: int) -> None:
    for i in range(n):
        services.decision_create(
            project=cast.project,
            by=cast.lead,
            title=f"Decision {i}",
            details="Details.",
            decided_on=timezone.localdate(),
            method=Decision.Method.CONSENSUS,
            informed_by=[say(cast.project, cast.member, text=f"Thing {i}")],
        )


def test_a_log_that_fits_on_one_page_is_read_without_counting_it() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    url = reverse("decisions:list", args=[cast.project.pk])
    _decide(cast, 2)
    few, _page = _count(client, url)
    _decide(cast, PAGE_SIZE - 2)
    many, page = _count(client, url)
    assert many == few
    # Session, person, the project with the viewer's membership, the decisions.
    assert few <= 4
    assert page.count("Decision ") == PAGE_SIZE
    assert "Page 1 of" not in page


def test_a_longer_log_is_counted_once_and_its_pages_still_work() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    url = reverse("decisions:list", args=[cast.project.pk])
    _decide(cast, 2)
    few, _page = _count(client, url)
    _decide(cast, PAGE_SIZE)
    many, page = _count(client, url)
    assert many == few + 1  # the count, for "Page 1 of 2"
    assert "Page 1 of 2" in page
    assert page.count("Decision ") == PAGE_SIZE
    second, page = _count(client, url + "?page=2")
    assert second == few + 1
    assert "Page 2 of 2" in page
    assert page.count("Decision ") == 2
