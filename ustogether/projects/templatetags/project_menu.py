"""`{% project_menu access as links %}`: the project menu's links (projects.menu)."""

from __future__ import annotations

from django import template

from ustogether.projects.access import ProjectAccess
from ustogether.projects.menu import MenuLink, project_menu

register = template.Library()


@register.simple_tag(name="project_menu")
def project_menu_tag(access: ProjectAccess) -> list[MenuLink]:
    return project_menu(access)
