"""The "You said, we did" box on a project's page: links for everyone, and for
co-leads the honest count of answers that are late."""

from __future__ import annotations

from typing import Any

from django import template

from ustogether.contributions import queries
from ustogether.meetings.models import Meeting
from ustogether.projects.access import ProjectAccess
from ustogether.projects.menu import project_addresses

register = template.Library()


@register.inclusion_tag("contributions/project_box.html")
def you_said_box(access: ProjectAccess) -> dict[str, Any]:
    return {
        "access": access,
        "project": access.project,
        "urls": project_addresses(access.project.pk),  # reversed once per process
        # One query, and only for the people who must act on it.
        "figures": queries.figures(access.project) if access.can_manage else None,
    }


@register.inclusion_tag("contributions/said_at_meeting.html")
def said_at_meeting(access: ProjectAccess, meeting: Meeting) -> dict[str, Any]:
    """On a meeting's page: how many things people said there, linking to them."""
    return {
        "project": access.project,
        "meeting": meeting,
        "count": queries.said_at(access, meeting),
    }
