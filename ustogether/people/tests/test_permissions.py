"""Who gets each of a person's own pages and each organisation page."""

from __future__ import annotations

import pytest

from ustogether.core.gates.permission_table import (
    ANYONE,
    POST_ONLY,
    SIGNED_IN,
    Case,
    Row,
    cases,
    expect,
    posted,
)
from ustogether.core.testing import Cast
from ustogether.people import services
from ustogether.people.models import OrganisationMembership


def _organisation(cast: Cast) -> list[str]:
    return [cast.organisation.slug]


def _staff_invitation(cast: Cast) -> list[object]:
    invitation = services.organisation_add_staff(
        organisation=cast.organisation,
        email="new.staff@example.org",
        role=OrganisationMembership.Role.LEAD,
        by=cast.org_admin,
    )
    return [cast.organisation.slug, invitation.pk]


def _staff_token(cast: Cast) -> list[str]:
    invitation = services.organisation_add_staff(
        organisation=cast.organisation,
        email=cast.outsider.email,
        role=OrganisationMembership.Role.LEAD,
        by=cast.org_admin,
    )
    return [invitation.token]  # type: ignore[union-attr]


ROWS = [
    Row("people:home", get=SIGNED_IN),
    Row("people:profile", get=SIGNED_IN),
    Row("people:profile_edit", get=SIGNED_IN),
    Row("people:needs", get=SIGNED_IN),
    Row("people:needs_remove", get=SIGNED_IN),
    Row("people:download", get=SIGNED_IN),
    Row("people:close", get=SIGNED_IN),
    Row("people:two_step_guide", get=ANYONE),
    Row("people:organisation_new", get=SIGNED_IN),
    # An organisation's page is public; its staff see more on it.
    Row("people:organisation", args=_organisation, get=ANYONE),
    Row(
        "people:staff_invitation_cancel",
        args=_staff_invitation,
        get=POST_ONLY,
        post=posted(expect(403, anonymous=302, org_admin=200)),
    ),
    # The link in a staff invitation's email: only its address's owner may say yes.
    Row("people:staff_invitation", args=_staff_token, get=ANYONE),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", cases(ROWS), ids=str)
def test_who_gets_which_page_of_their_own(case: Case) -> None:
    case.run()
