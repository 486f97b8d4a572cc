"""The one guarded way to load a project for a person.

Every project view starts here. Who may do what:

- anyone may read a public project's page; a members-only project is hidden
  (404) from everyone but its members and its organisation's admins;
- members (co-leads, members, observers) and organisation admins may read the
  members' pages: the member list, the agreement;
- co-leads and members write the agreement together; observers only read;
- co-leads and organisation admins manage: edit, invite, read the audit trail.

Permission helpers could live in `core`, but core sits below projects; they are here
so that core never imports an app above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ustogether.core.prepared import Prepared
from ustogether.people.models import Organisation, OrganisationMembership, Person
from ustogether.projects.models import Membership, Project


@dataclass(frozen=True)
class ProjectAccess:
    project: Project
    membership: Membership | None
    person: Person | None  # None for someone not signed in

    @cached_property
    def organisation_role(self) -> str | None:
        """The person's role in the project's organisation, looked up only when a check
        needs it: a co-lead's rights never do, so their pages make one query fewer."""
        if self.person is None:
            return None
        return (
            OrganisationMembership.objects.in_force()
            .filter(organisation_id=self.project.organisation_id, person=self.person)
            .values_list("role", flat=True)
            .first()
        )

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_org_admin(self) -> bool:
        return self.organisation_role == OrganisationMembership.Role.ADMIN

    @property
    def can_see_members_area(self) -> bool:
        return self.is_member or self.is_org_admin

    @property
    def can_write_agreement(self) -> bool:
        return (
            self.membership is not None and self.membership.role != Membership.Role.OBSERVER
        ) or self.is_org_admin

    @property
    def can_manage(self) -> bool:
        return (
            self.membership is not None and self.membership.role == Membership.Role.CO_LEAD
        ) or self.is_org_admin


def project_access(person: Person | AnonymousUser, project: Project) -> ProjectAccess:
    if not person.is_authenticated:
        return ProjectAccess(project=project, membership=None, person=None)
    assert isinstance(person, Person)
    try:  # one membership per project and person (a constraint), so get() as in _load
        membership = Membership.objects.get(project=project, person=person, left_at__isnull=True)
    except Membership.DoesNotExist:
        membership = None
    return ProjectAccess(project=project, membership=membership, person=person)


def visible_projects(
    person: Person | AnonymousUser, organisation: Organisation
) -> QuerySet[Project]:
    """An organisation's projects that this person may see: the same rule as
    get_project_for_viewer, so a list never names a project that would be a 404."""
    projects = Project.objects.filter(organisation=organisation)
    if not person.is_authenticated:
        return projects.filter(visibility=Project.Visibility.PUBLIC)
    if (
        OrganisationMembership.objects.in_force()
        .filter(organisation=organisation, person=person, role=OrganisationMembership.Role.ADMIN)
        .exists()
    ):
        return projects
    return projects.filter(
        Q(visibility=Project.Visibility.PUBLIC)
        | Q(memberships__person=person, memberships__left_at__isnull=True)
    ).distinct()


# The project (with its organisation) and a person's membership of it are loaded
# on every project page: their SQL is built once per process (core.prepared).
_PROJECT = Prepared(lambda pk: Project.objects.select_related("organisation").filter(pk=pk))
_MEMBERSHIP = Prepared(
    lambda project_id, person_id: Membership.objects.select_related("project__organisation").filter(
        project_id=project_id, person_id=person_id, left_at__isnull=True
    )
)


def _load(project_id: int) -> Project:
    # The current stage is not joined: the pages that need it find it among the
    # stages they load anyway (queries.project_people).
    found = _PROJECT.objects(pk=project_id)
    if not found:
        raise Http404("No such project.")
    return found[0]


def _load_access(person: Person | AnonymousUser, project_id: int) -> ProjectAccess:
    """project_access(person, _load(project_id)), in one query for a member: their
    membership comes with the project joined to it. Members are most of the people on
    project pages, and building the SQL of a query costs more than running it."""
    if not person.is_authenticated:
        return ProjectAccess(project=_load(project_id), membership=None, person=None)
    assert isinstance(person, Person)
    # One membership per project and person at most (a constraint), as in project_access.
    found = _MEMBERSHIP.objects(project_id=project_id, person_id=person.pk)
    if not found:
        return ProjectAccess(project=_load(project_id), membership=None, person=person)
    membership = found[0]
    return ProjectAccess(project=membership.project, membership=membership, person=person)


def get_project_for_viewer(person: Person | AnonymousUser, project_id: int) -> ProjectAccess:
    """For the project's own page: public projects for anyone, others for their members."""
    access = _load_access(person, project_id)
    if not access.project.is_public and not access.can_see_members_area:
        raise Http404("No such project.")
    return access


def get_project_for_member(
    person: Person | AnonymousUser,
    project_id: int,
    *,
    manage: bool = False,
    write_agreement: bool = False,
) -> ProjectAccess:
    """For members' pages. Hidden projects stay hidden (404); public ones say no (403)."""
    access = get_project_for_viewer(person, project_id)
    if not access.can_see_members_area:
        raise PermissionDenied("Only members of this project can see this page.")
    if manage and not access.can_manage:
        raise PermissionDenied("Only the project's co-leads can do this.")
    if write_agreement and not access.can_write_agreement:
        raise PermissionDenied("Observers can read the agreement but not change it.")
    return access
