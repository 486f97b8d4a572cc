"""Every quality page, tried as every kind of person, for public and members-only projects."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import Cast, make_cast
from ustogether.projects.models import Project
from ustogether.quality import services
from ustogether.quality.scorecard import organisation_figures
from ustogether.quality.tests.helpers import open_check

PEOPLE = ["anonymous", "outsider", "finance", "observer", "member", "lead", "org_admin"]

READERS = {
    "anonymous": 302,
    "outsider": 403,
    "finance": 403,
    "observer": 200,
    "member": 200,
    "lead": 200,
    "org_admin": 200,
}
MANAGERS = {**READERS, "observer": 403, "member": 403}
PROJECT_PAGES: dict[str, dict[str, int]] = {
    "checks": READERS,
    "check_new": MANAGERS,
    "check": READERS,
    "project_scorecard": READERS,
    "project_scorecard_csv": READERS,
}


def _private(expected: int, who: str) -> int:
    return 404 if who in ("outsider", "finance") else expected


CASES = [
    (visibility, page, who, expected if visibility == "public" else _private(expected, who))
    for visibility in ("public", "members")
    for page, row in PROJECT_PAGES.items()
    for who, expected in row.items()
]


class Casts(dict[str, Cast]):
    """Makes each cast only when a test asks for it: most tests need one, not both."""

    def __missing__(self, visibility: str) -> Cast:
        self[visibility] = make_cast(
            visibility={"public": Project.Visibility.PUBLIC, "members": Project.Visibility.MEMBERS}[
                visibility
            ]
        )
        return self[visibility]


@pytest.fixture
def casts(db: None) -> dict[str, Cast]:
    return Casts()


def _client(cast: Cast, who: str) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(cast, who))
    return client


@pytest.mark.parametrize(("visibility", "page", "who", "expected"), CASES)
def test_who_gets_which_project_quality_page(
    casts: dict[str, Cast], visibility: str, page: str, who: str, expected: int
) -> None:
    cast = casts[visibility]
    args: list[int] = [cast.project.pk]
    if page == "check":
        args.append(open_check(cast.project, cast.lead).pk)
    response = _client(cast, who).get(reverse(f"quality:{page}", args=args))
    assert response.status_code == expected, (
        f"{who} on {visibility} project page {page}: got {response.status_code}, expected {expected}"
    )


# The organisation's pages. Finance officers and co-production leads are staff.
ORG_UNPUBLISHED = {
    "anonymous": 404,
    "outsider": 404,
    "finance": 200,
    "observer": 404,
    "member": 404,
    "lead": 200,
    "org_admin": 200,
}
ORG_SETTINGS = {**ORG_UNPUBLISHED, "anonymous": 302, "finance": 403, "lead": 403}
ORG_TABLE = {
    "org_scorecard": ORG_UNPUBLISHED,
    "org_scorecard_csv": ORG_UNPUBLISHED,
    "org_settings": ORG_SETTINGS,
}


@pytest.mark.parametrize(
    ("page", "who", "expected"),
    [(page, who, expected) for page, row in ORG_TABLE.items() for who, expected in row.items()],
)
def test_nobody_but_the_organisation_sees_an_unpublished_scorecard(
    casts: dict[str, Cast], page: str, who: str, expected: int
) -> None:
    cast = casts["public"]
    response = _client(cast, who).get(reverse(f"quality:{page}", args=[cast.organisation.slug]))
    assert response.status_code == expected, f"{who} on {page}: {response.status_code}"


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_reads_a_published_scorecard(casts: dict[str, Cast], who: str) -> None:
    cast = casts["public"]
    published = services.scorecard_publish(
        organisation=cast.organisation,
        by=cast.org_admin,
        figures=organisation_figures(cast.organisation, public=True),
    )
    client = _client(cast, who)
    for url in (
        reverse("quality:org_scorecard", args=[cast.organisation.slug]),
        reverse("quality:published_scorecard", args=[cast.organisation.slug, published.pk]),
        reverse("quality:org_scorecard_csv", args=[cast.organisation.slug]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", PEOPLE)
def test_anyone_reads_how_answers_stay_secret_and_the_ladder(
    casts: dict[str, Cast], who: str
) -> None:
    client = _client(casts["public"], who)
    assert client.get(reverse("quality:how_secret")).status_code == 200
    assert client.get(reverse("quality:ladder")).status_code == 200


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("member", 404),
        ("finance", 403),
        ("lead", 403),
        ("org_admin", 302),
    ],
)
def test_only_admins_publish(casts: dict[str, Cast], who: str, expected: int) -> None:
    cast = casts["public"]
    response = _client(cast, who).post(
        reverse("quality:org_publish", args=[cast.organisation.slug])
    )
    assert response.status_code == expected
    assert cast.organisation.published_scorecards.count() == (1 if who == "org_admin" else 0)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("outsider", 403), ("observer", 403), ("member", 403), ("lead", 302)],
)
def test_only_co_leads_close_a_check(casts: dict[str, Cast], who: str, expected: int) -> None:
    cast = casts["public"]
    check = open_check(cast.project, cast.lead)
    response = _client(cast, who).post(
        reverse("quality:check_close", args=[cast.project.pk, check.pk])
    )
    assert response.status_code == expected
    check.refresh_from_db()
    assert (check.closed_at is not None) == (who == "lead")


def test_a_check_of_another_project_is_not_found(casts: dict[str, Cast]) -> None:
    other = casts["members"]
    check = open_check(other.project, other.lead)
    cast = casts["public"]
    response = _client(cast, "lead").get(reverse("quality:check", args=[cast.project.pk, check.pk]))
    assert response.status_code == 404
