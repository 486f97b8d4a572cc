"""Every project page, tried as every kind of person, for public and members-only projects."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import Cast, make_cast
from ustogether.projects.models import Project

PEOPLE = ["anonymous", "outsider", "finance", "observer", "member", "lead", "org_admin"]

# For each page: the status each person gets on a PUBLIC project. On a
# members-only project, outsiders get 404 instead of 403 (the project stays hidden),
# and the public page itself is 404 for anyone who is not a member.
READERS = {
    "anonymous": 302,
    "outsider": 403,
    "finance": 403,
    "observer": 200,
    "member": 200,
    "lead": 200,
    "org_admin": 200,
}
WRITERS = {**READERS, "observer": 403}
MANAGERS = {**WRITERS, "member": 403}
TABLE: dict[str, dict[str, int]] = {
    "detail": dict.fromkeys(PEOPLE, 200),
    "members": READERS,
    "agreement": READERS,
    "agreement_propose": WRITERS,
    "edit": MANAGERS,
    "stages": MANAGERS,
    "invite": MANAGERS,
    "events": READERS,
    # An organisation admin who is not a member has nothing to leave: sent back to the project.
    "leave": {**READERS, "org_admin": 302},
}


def _private(expected: int, page: str, who: str) -> int:
    if page == "detail":
        return 404 if who in ("anonymous", "outsider", "finance") else 200
    if who in ("outsider", "finance"):
        return 404
    return expected


CASES = [
    (visibility, page, who, expected if visibility == "public" else _private(expected, page, who))
    for visibility in ("public", "members")
    for page, row in TABLE.items()
    for who, expected in row.items()
]


@pytest.fixture
def casts(db: None) -> dict[str, Cast]:
    return {
        "public": make_cast(visibility=Project.Visibility.PUBLIC),
        "members": make_cast(visibility=Project.Visibility.MEMBERS),
    }


@pytest.mark.parametrize(("visibility", "page", "who", "expected"), CASES)
def test_who_gets_which_project_page(
    casts: dict[str, Cast], visibility: str, page: str, who: str, expected: int
) -> None:
    cast = casts[visibility]
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(cast, who))
    response = client.get(reverse(f"projects:{page}", args=[cast.project.pk]))
    assert response.status_code == expected, (
        f"{who} on {visibility} project page {page}: got {response.status_code}, expected {expected}"
    )


def test_anonymous_people_are_sent_to_sign_in(casts: dict[str, Cast]) -> None:
    cast = casts["public"]
    response = Client().get(reverse("projects:members", args=[cast.project.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["outsider", "observer", "member"])
def test_only_co_leads_can_post_changes_to_the_project(casts: dict[str, Cast], who: str) -> None:
    cast = casts["public"]
    client = Client()
    client.force_login(getattr(cast, who))
    response = client.post(
        reverse("projects:edit", args=[cast.project.pk]), {"title": "Taken over"}
    )
    assert response.status_code == 403
    cast.project.refresh_from_db()
    assert cast.project.title != "Taken over"


def test_members_only_projects_are_not_listed_publicly(casts: dict[str, Cast]) -> None:
    response = Client().get(reverse("projects:public_list"))
    titles = [p.pk for p in response.context["page"].object_list]
    assert casts["public"].project.pk in titles
    assert casts["members"].project.pk not in titles


def test_a_refusal_says_what_to_do_next(casts: dict[str, Cast]) -> None:
    client = Client()
    client.force_login(casts["public"].outsider)
    response = client.get(reverse("projects:members", args=[casts["public"].project.pk]))
    assert response.status_code == 403
    assert "ask a co-lead of the project to invite you" in response.content.decode()


def test_a_hidden_project_looks_like_no_page_at_all(casts: dict[str, Cast]) -> None:
    client = Client()
    client.force_login(casts["members"].outsider)
    response = client.get(reverse("projects:detail", args=[casts["members"].project.pk]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
