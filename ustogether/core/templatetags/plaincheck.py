"""Template helpers for the plain-language findings panel."""

from __future__ import annotations

from django import template

from ustogether.core.plaincheck import FindingGroup, finding_groups
from ustogether.plainlanguage.checker import Report

register = template.Library()


@register.filter(name="finding_groups")
def finding_groups_filter(report: Report | None) -> list[FindingGroup]:
    return finding_groups(report)
