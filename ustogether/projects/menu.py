"""The project menu ("For members"): the links beside a project's pages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from ustogether.projects.access import ProjectAccess
from ustogether.projects.models import Membership

# The project's own pages that menus and boxes link to, by the name templates use:
# each takes the project's id.
PROJECT_PAGES = {
    "detail": "projects:detail",
    "members": "projects:members",
    "meetings": "meetings:list",
    "agreement": "projects:agreement",
    "events": "projects:events",
    "contributions": "contributions:list",
    "you_said_we_did": "contributions:you_said_we_did",
    "decisions": "decisions:list",
    "checks": "quality:checks",
    "scorecard": "quality:project_scorecard",
    "invite": "projects:invite",
    "edit": "projects:edit",
    "stages": "projects:stages",
    "close": "projects:close",
    "claims": "payments:project_claims",
    "leave": "projects:leave",
}
# Pages that take no id.
SITE_PAGES = {
    "suggest": "plainlanguage:suggest",
    "suggestions": "plainlanguage:suggestions",
    "claim_new": "payments:claim_new",
}


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
    addresses = {key: reverse(name, args=[project_id]) for key, name in PROJECT_PAGES.items()}
    addresses |= {key: reverse(name) for key, name in SITE_PAGES.items()}
    return addresses


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs: object) -> None:
    """A test that changes the URLconf makes the addresses reversed before wrong."""
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _addresses.cache_clear()


def project_addresses(project_id: int) -> dict[str, str]:
    """The addresses of PROJECT_PAGES and SITE_PAGES, for one project."""
    return _addresses(get_script_prefix(), project_id)


def project_menu(access: ProjectAccess) -> list[MenuLink]:
    """The links this person sees: members see the members' pages, co-leads and
    organisation admins the pages that manage the project too."""
    project = access.project
    url = project_addresses(project.pk)
    links = [MenuLink(url["detail"], _("Project page"))]
    if access.can_see_members_area:
        links += [
            MenuLink(url["members"], _("Members")),
            MenuLink(url["meetings"], _("Meetings")),
            MenuLink(url["agreement"], _("Project agreement")),
            MenuLink(url["events"], _("What has happened")),
            MenuLink(url["contributions"], _("What people said")),
            MenuLink(url["decisions"], _("Decisions")),
            MenuLink(url["checks"], _("How did it go? Score an activity")),
            MenuLink(url["scorecard"], _("Scorecard: how well we work together")),
            MenuLink(
                f"{url['suggest']}?project={project.pk}",
                _("Suggest a word for the glossary"),
            ),
        ]
    if access.can_manage:
        links += [
            MenuLink(url["invite"], _("Invite people")),
            MenuLink(url["edit"], _("Change the project")),
            MenuLink(url["stages"], _("Name and plan the stages")),
            MenuLink(url["suggestions"], _("Glossary suggestions to look at")),
            MenuLink(
                url["close"],
                _("Open the project again") if project.is_closed else _("Close the project"),
            ),
        ]
    membership = access.membership
    if membership is not None and membership.role == Membership.Role.CO_LEAD:
        links.append(MenuLink(url["claims"], _("Claims for fees and costs")))
    if membership is not None and membership.role != Membership.Role.OBSERVER:
        links.append(
            MenuLink(f"{url['claim_new']}?project={project.pk}", _("Claim your fee and costs"))
        )
    if membership is not None:
        links.append(MenuLink(url["leave"], _("Leave the project")))
    return links
