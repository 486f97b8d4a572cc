"""Who may do what with contributions, in one place (zulip's small access_* checks).

- co-leads and members (not observers), and organisation admins, contribute,
  for themselves or on behalf of someone else who has agreed;
- co-leads and organisation admins answer, hide and show again, export;
- a contribution shared with the team is seen by the project's members; one
  shared publicly also by anyone who can read the project page;
- a hidden one only by co-leads and organisation admins, and its author;
- the author and whoever recorded it always see their own.
"""

from __future__ import annotations

from ustogether.contributions.models import Contribution
from ustogether.people.models import Person
from ustogether.projects.access import ProjectAccess


def can_contribute(access: ProjectAccess) -> bool:
    return access.can_write_agreement and not access.project.is_closed


def can_answer(access: ProjectAccess) -> bool:
    return access.can_manage


def can_moderate(access: ProjectAccess) -> bool:
    return access.can_manage


def is_own(person: Person | None, contribution: Contribution) -> bool:
    return person is not None and person.pk in (
        contribution.author_id,
        contribution.recorded_by_id,
    )


def can_see(access: ProjectAccess, contribution: Contribution) -> bool:
    if is_own(access.person, contribution):
        return True
    if contribution.is_hidden:
        return access.can_manage
    if access.can_see_members_area:
        return True
    return contribution.is_public and access.project.is_public


def can_reply(access: ProjectAccess, contribution: Contribution) -> bool:
    return is_own(access.person, contribution) and not contribution.is_hidden
