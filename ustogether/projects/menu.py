"""The project menu ("For members"): the links beside a project's pages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from ustogether.projects.access import ProjectAccess
from ustogether.projects.models import Membership

# The project's own pages the menu links to: each takes the project's id.
PROJECT_PAGES = (
    "projects:detail",
    "projects:members",
    "meetings:list",
    "projects:agreement",
    "projects:events",
    "contributions:list",
    "decisions:list",
    "quality:checks",
    "quality:project_scorecard",
    "projects:invite",
    "projects:edit",
    "projects:stages",
    "projects:close",
    "payments:project_claims",
    "projects:leave",
)


@dataclass(frozen=True)
class MenuLink:
    href: str
    text: str


# The menu has about twenty links, and reversing each name on every page cost a tenth
# of a plain page's time. A project's addresses never change while the site runs, so
# each process reverses them once per project (and per script prefix, which reverse()
# puts in front of every address).
@lru_cache(maxsize=2048)
def _addresses(script_prefix: str, project_id: int) -> dict[str, str]:
    addresses = {name: reverse(name, args=[project_id]) for name in PROJECT_PAGES}
    addresses["plainlanguage:suggest"] = reverse("plainlanguage:suggest")
    addresses["plainlanguage:suggestions"] = reverse("plainlanguage:suggestions")
    addresses["payments:claim_new"] = reverse("payments:claim_new")
    return addresses


def project_menu(access: ProjectAccess) -> list[MenuLink]:
    """The links this person sees: members see the members' pages, co-leads and
    organisation admins the pages that manage the project too."""
    project = access.project
    url = _addresses(get_script_prefix(), project.pk)
    links = [MenuLink(url["projects:detail"], _("Project page"))]
    if access.can_see_members_area:
        links += [
            MenuLink(url["projects:members"], _("Members")),
            MenuLink(url["meetings:list"], _("Meetings")),
            MenuLink(url["projects:agreement"], _("Project agreement")),
            MenuLink(url["projects:events"], _("What has happened")),
            MenuLink(url["contributions:list"], _("What people said")),
            MenuLink(url["decisions:list"], _("Decisions")),
            MenuLink(url["quality:checks"], _("How did it go? Score an activity")),
            MenuLink(url["quality:project_scorecard"], _("Scorecard: how well we work together")),
            MenuLink(
                f"{url['plainlanguage:suggest']}?project={project.pk}",
                _("Suggest a word for the glossary"),
            ),
        ]
    if access.can_manage:
        links += [
            MenuLink(url["projects:invite"], _("Invite people")),
            MenuLink(url["projects:edit"], _("Change the project")),
            MenuLink(url["projects:stages"], _("Name and plan the stages")),
            MenuLink(url["plainlanguage:suggestions"], _("Glossary suggestions to look at")),
            MenuLink(
                url["projects:close"],
                _("Open the project again") if project.is_closed else _("Close the project"),
            ),
        ]
    membership = access.membership
    if membership is not None and membership.role == Membership.Role.CO_LEAD:
        links.append(MenuLink(url["payments:project_claims"], _("Claims for fees and costs")))
    if membership is not None and membership.role != Membership.Role.OBSERVER:
        links.append(
            MenuLink(
                f"{url['payments:claim_new']}?project={project.pk}", _("Claim your fee and costs")
            )
        )
    if membership is not None:
        links.append(MenuLink(url["projects:leave"], _("Leave the project")))
    return links
