"""Every project page, tried as every kind of person, for public and members-only projects."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ustogether.core.gates.permission_table import (
    ANYONE,
    MANAGERS,
    POST_ONLY,
    READERS,
    SIGNED_IN,
    WRITERS,
    Case,
    Row,
    cases,
    expect,
    posted,
)
from ustogether.core.testing import SHORT_AGREEMENT, Cast, agree_agreement, make_cast
from ustogether.projects import agreements
from ustogether.projects import services as project_services
from ustogether.projects.models import Membership, Project


def _project(cast: Cast) -> list[int]:
    return [cast.project.pk]


def _with_proposal(cast: Cast) -> list[int]:
    """An adopted agreement, and a change to it that the carer proposed."""
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    proposal = agreements.agreement_propose(
        project=cast.project,
        by=cast.carer,
        reason="Shorter.",
        **{**SHORT_AGREEMENT, "ground_rules": "We listen."},
    )
    return [cast.project.pk, proposal.pk]


def _version(cast: Cast) -> list[int]:
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    return [cast.project.pk, 1]


def _carer(cast: Cast) -> list[int]:
    return [cast.project.pk, Membership.objects.get(project=cast.project, person=cast.carer).pk]


def _invitation(cast: Cast) -> list[int]:
    invitation = project_services.invitation_create(
        project=cast.project, by=cast.lead, email="new.person@example.org"
    )
    return [cast.project.pk, invitation.pk]


def _token(cast: Cast) -> list[str]:
    invitation = project_services.invitation_create(
        project=cast.project, by=cast.lead, email=cast.outsider.email
    )
    return [invitation.token]


# What each kind of person gets from each project page, on a PUBLIC project; the
# table works out a members-only project (see core/gates/permission_table.py).
ROWS = [
    Row("projects:public_list", get=ANYONE),
    Row("projects:new", get=SIGNED_IN),
    Row("projects:detail", args=_project, get=ANYONE),
    Row("projects:members", args=_project, get=READERS),
    Row("projects:agreement", args=_project, get=READERS),
    Row("projects:agreement_propose", args=_project, get=WRITERS),
    # Only the title is sent, so those allowed get the form back with its errors
    # (422): what the row shows is who gets past the guard, and that nothing changes.
    Row(
        "projects:edit",
        args=_project,
        get=MANAGERS,
        post=expect(MANAGERS, lead=422, org_admin=422),
        data={"title": "Taken over"},
    ),
    Row("projects:stages", args=_project, get=MANAGERS),
    Row("projects:invite", args=_project, get=MANAGERS),
    Row("projects:events", args=_project, get=READERS),
    Row("projects:close", args=_project, get=MANAGERS),
    # Anyone signed in may ask to join a project open to everyone; on one that
    # needs an invitation the page says so. Members are sent back to the project.
    Row(
        "projects:join",
        args=_project,
        get=expect(SIGNED_IN, **dict.fromkeys(("observer", "member", "lead"), 302)),
    ),
    # An organisation admin who is not a member has nothing to leave: sent back to the project.
    Row("projects:leave", args=_project, get=expect(READERS, org_admin=302)),
    Row("projects:proposal", args=_with_proposal, get=READERS),
    Row(
        "projects:agreement_version",
        args=_version,
        get=READERS,
        cross=False,
        why="versions are numbered within their project: no other project's version fits",
    ),
    Row("projects:member", args=_carer, get=MANAGERS),
    Row(
        "projects:proposal_answer",
        args=_with_proposal,
        get=POST_ONLY,
        post=expect(READERS, observer=403, org_admin=403, member=302, lead=302),
        data={"answer": "not_yet"},
    ),
    Row(
        "projects:proposal_comment",
        args=_with_proposal,
        get=POST_ONLY,
        post=posted(READERS),
        data={"text": "Can we talk about it?"},
    ),
    Row("projects:proposal_withdraw", args=_with_proposal, get=POST_ONLY, post=posted(MANAGERS)),
    Row(
        "projects:remove_member",
        args=_carer,
        get=POST_ONLY,
        post=posted(MANAGERS),
        data={"reason": "You asked to stop."},
    ),
    Row(
        "projects:change_role",
        args=_carer,
        get=POST_ONLY,
        post=posted(MANAGERS),
        data={"role": Membership.Role.CO_LEAD},
    ),
    Row("projects:withdraw", args=_invitation, get=POST_ONLY, post=posted(MANAGERS)),
    Row("projects:resend", args=_invitation, get=POST_ONLY, post=posted(MANAGERS)),
    # The link in an invitation's email: only its address's owner may answer it.
    Row("projects:invitation", args=_token, get=ANYONE),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", cases(ROWS), ids=str)
def test_who_gets_which_project_page(case: Case) -> None:
    case.run()


@pytest.fixture
def casts(db: None) -> dict[str, Cast]:
    return {
        "public": make_cast(visibility=Project.Visibility.PUBLIC),
        "members": make_cast(visibility=Project.Visibility.MEMBERS),
    }


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
