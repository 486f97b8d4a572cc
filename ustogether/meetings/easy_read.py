"""A meeting paper's Easy Read version, made with plainlanguage's Easy Read tools.

The rules here tell plainlanguage.easyread who may write and read a paper's
version (registered in MeetingsConfig.ready): the same people who may add and
read the meeting's papers. A withdrawn paper's version is not shown, and
nobody can change it.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ustogether.core.audit import record_event
from ustogether.people.models import Organisation, Person
from ustogether.plainlanguage.easyread import SubjectRules
from ustogether.projects.access import project_access
from ustogether.projects.models import Project

from .models import Paper
from .notify import tell_invitees
from .services import _require_open, require_organiser


def _can_author(person: Person, paper: Paper) -> bool:
    if paper.withdrawn_at is not None:
        return False
    try:
        require_organiser(paper.meeting, person)
    except PermissionDenied:
        return False
    return True


def _can_view(person: Person | AnonymousUser, paper: Paper) -> bool:
    # Papers are for the project's members' area, like the meeting page.
    return (
        paper.withdrawn_at is None
        and project_access(person, paper.meeting.project).can_see_members_area
    )


def _organisation(paper: Paper) -> Organisation:
    return paper.meeting.project.organisation


def _scope(paper: Paper) -> Project:
    return paper.meeting.project


def _tell_if_sent(paper: Paper, by: Person) -> None:
    """A paper already sent, for a meeting still to come: the people coming hear that
    its Easy Read version is there, each in their chosen way. Only the first time it is
    written, so fixing a word later sends nothing."""
    meeting = paper.meeting
    if paper.sent_at is None or meeting.is_cancelled:
        return
    if meeting.starts_at is not None and meeting.starts_at <= timezone.now():
        return
    record_event(meeting.project, "meeting.easy_read_sent", actor=by, subject=paper)
    transaction.on_commit(
        lambda: tell_invitees(meeting_id=meeting.pk, what="easy_read", paper_title=paper.title)
    )


def _open(paper: Paper) -> None:
    if paper.withdrawn_at is not None:
        raise ValidationError(_("This paper is taken off the meeting page, so it cannot change."))
    _require_open(paper.meeting)


PAPER_RULES = SubjectRules(
    can_author=_can_author,
    can_view=_can_view,
    organisation=_organisation,
    scope=_scope,
    require_open=_open,
    on_created=_tell_if_sent,
)
