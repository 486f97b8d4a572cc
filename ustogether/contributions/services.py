"""Writes about contributions. Each checks permission first, then works, then audits.

Audit events never hold what someone said or who said an anonymous thing: only
the kind, the route and the outcome.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ustogether.contributions import rules
from ustogether.contributions.models import (
    TEXT_MAX_LENGTH,
    Contribution,
    Moderation,
    ProjectRules,
    Reply,
    Response,
)
from ustogether.contributions.passing_on import mark_told
from ustogether.core import uploads
from ustogether.core.audit import record_event
from ustogether.core.email import send_email, site_url
from ustogether.meetings.models import AgendaItem, Meeting
from ustogether.people.models import Person
from ustogether.projects.access import project_access
from ustogether.projects.models import Membership, Project

FILE_KIND_FOR: dict[str, uploads.FileKind] = {
    Contribution.Kind.PICTURE: uploads.IMAGE,
    Contribution.Kind.PHOTO: uploads.IMAGE,
    Contribution.Kind.AUDIO: uploads.AUDIO,
    Contribution.Kind.DOCUMENT: uploads.DOCUMENT,
}

TELL_BY_FOR_CONTACT: dict[str, str] = {
    Person.ContactBy.EMAIL: Response.TellBy.EMAIL,
    Person.ContactBy.POST: Response.TellBy.POST,
    Person.ContactBy.PHONE: Response.TellBy.PHONE,
    Person.ContactBy.SUPPORTER: Response.TellBy.SUPPORTER,
}


def rules_for(project: Project) -> ProjectRules:
    """The project's rules, or the defaults if its co-leads never changed them."""
    found = ProjectRules.objects.filter(project=project).first()
    return found or ProjectRules(project=project)


def _length(field: str, value: str) -> None:
    if len(value) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                field: _("Use %(limit)d characters or fewer. You have used %(count)d.")
                % {"limit": TEXT_MAX_LENGTH, "count": len(value)}
            }
        )


@transaction.atomic
def rules_update(
    *, project: Project, by: Person, response_days: int, joint_sign_off: bool
) -> ProjectRules:
    """Change how long the team has to answer, and whether decisions need joint sign-off."""
    if not project_access(by, project).can_manage:
        raise PermissionDenied("Only the project's co-leads can do this.")
    if not 1 <= response_days <= 365:
        raise ValidationError({"response_days": _("Choose a number of days from 1 to 365.")})
    project_rules = rules_for(project)
    old_days = project_rules.response_days
    project_rules.response_days = response_days
    project_rules.joint_sign_off = joint_sign_off
    project_rules.save()
    if old_days != response_days:
        # Contributions never answered are due the new number of days after they came.
        Contribution.objects.filter(project=project, state=Contribution.State.NEW).update(
            due_at=F("created_at") + dt.timedelta(days=response_days)
        )
    record_event(
        project,
        "contribution.rules_changed",
        actor=by,
        subject=project,
        data={"response_days": response_days, "joint_sign_off": joint_sign_off},
    )
    return project_rules


@transaction.atomic
def contribution_create(
    *,
    project: Project,
    by: Person,
    kind: str,
    text: str = "",
    file: uploads.CheckedFile | None = None,
    description: str = "",
    transcript: str = "",
    topic: str = "",
    sharing: str = Contribution.Sharing.TEAM,
    anonymous: bool = False,
    route: str = Contribution.Route.ONLINE,
    on_behalf_of: Person | None = None,
    author_name: str = "",
    consent: bool = False,
    created_at: dt.datetime | None = None,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
) -> Contribution:
    """Record what someone said to the project, in any form, by them or on their behalf.

    `on_behalf_of` is a member of the project; `author_name` someone without an
    account. Either needs `consent`: they agreed to it being recorded and shared
    as chosen. `created_at` is for something said earlier (at a meeting, in a letter).
    `meeting` (and perhaps one `agenda_item` of it) is where it was said: a meeting
    of this project that was not cancelled."""
    access = project_access(by, project)
    if not rules.can_contribute(access):
        if project.is_closed:
            raise PermissionDenied("This project is closed, so it takes no new contributions.")
        raise PermissionDenied("Only the project's members can add contributions.")
    errors: dict[str, str] = {}
    text, description, transcript = text.strip(), description.strip(), transcript.strip()
    author_name = " ".join(author_name.split())
    for name, value in (("text", text), ("description", description), ("transcript", transcript)):
        _length(name, value)
    if kind not in Contribution.Kind.values:
        errors["kind"] = _("Choose what kind of contribution this is.")
    elif kind == Contribution.Kind.TEXT:
        if not text:
            errors["text"] = _("Write what was said.")
        if file is not None:
            errors["file"] = _("Words need no file. Choose another kind to add a file.")
    else:
        file_kind = FILE_KIND_FOR[kind]
        if file is None:
            errors["file"] = _("Choose a file to upload.")
        elif file.content_type not in file_kind.types:
            errors["file"] = _("We cannot use this file. Choose %(described)s.") % {
                "described": file_kind.described
            }
        if (
            kind in Contribution.IMAGE_KINDS
            and sharing == Contribution.Sharing.PUBLIC
            and not description
        ):
            errors["description"] = _(
                "Say what the picture shows, so people who cannot see it know. "
                "A picture on the public page needs this."
            )
    if sharing not in Contribution.Sharing.values:
        errors["sharing"] = _("Choose who can see it.")
    if route not in Contribution.Route.values:
        errors["route"] = _("Choose how it came to us.")
    author: Person | None = by
    if on_behalf_of is not None and author_name:
        errors["author_name"] = _("Choose a member, or write a name, not both.")
    elif on_behalf_of is not None or author_name:
        author = on_behalf_of
        if on_behalf_of is not None and on_behalf_of.pk != by.pk:
            is_member = Membership.objects.filter(
                project=project, person=on_behalf_of, left_at__isnull=True
            ).exists()
            if not is_member:
                errors["on_behalf_of"] = _("Choose someone who is a member of this project.")
        if not consent and (author is None or author.pk != by.pk):
            errors["consent"] = _(
                "Ask them first. Tick the box to say they agreed to this being recorded "
                "and shared as you chose."
            )
    if created_at is not None and created_at > timezone.now():
        errors["created_at"] = _("This date is in the future. Give the date it was said.")
    meeting_error = meeting_problem(project, meeting, agenda_item)
    if meeting_error:
        errors["meeting"] = meeting_error
    if errors:
        raise ValidationError(errors)
    if agenda_item is not None and meeting is None:
        meeting = agenda_item.meeting
    project_rules = rules_for(project)
    when = created_at or timezone.now()
    contribution = Contribution(
        project=project,
        author=author,
        author_name=author_name if author is None else "",
        recorded_by=by,
        consent_given=consent or (author is not None and author.pk == by.pk),
        route=route,
        kind=kind,
        topic=topic.strip(),
        meeting=meeting,
        agenda_item=agenda_item,
        text=text,
        description=description,
        transcript=transcript,
        sharing=sharing,
        anonymous=anonymous,
        created_at=when,
        due_at=when + dt.timedelta(days=project_rules.response_days),
    )
    if file is not None:
        contribution.file.name = uploads.store(file, "contributions")
        contribution.file_type = file.content_type
        contribution.file_name = file.original_name
        contribution.file_size = file.size
    contribution.save()
    data: dict[str, object] = {
        "kind": kind,
        "route": route,
        "on_behalf": contribution.on_behalf,
    }
    if meeting is not None:
        data["meeting"] = meeting.pk
        data["agenda_item"] = contribution.agenda_item_id
    record_event(project, "contribution.created", actor=by, subject=contribution, data=data)
    return contribution


def meeting_problem(
    project: Project, meeting: Meeting | None, agenda_item: AgendaItem | None
) -> str:
    """What is wrong with saying something was said at this meeting (and item), or ""."""
    if agenda_item is not None:
        if meeting is not None and agenda_item.meeting_id != meeting.pk:
            return _("Choose an item of the meeting you chose.")
        meeting = agenda_item.meeting
    if meeting is None:
        return ""
    if meeting.project_id != project.pk:
        return _("Choose a meeting of this project.")
    if meeting.is_cancelled:
        return _("That meeting was cancelled. Choose another, or none.")
    if not meeting.is_fixed:
        return _("That meeting has no date yet. Choose another, or none.")
    return ""


def _come_back_at(day: dt.date) -> dt.datetime:
    """The end of a day in the site's time, as a moment: "by Friday" means all of Friday."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


def tell_by_for(contribution: Contribution) -> str:
    """How the person behind a contribution hears of answers and news: their chosen way."""
    if contribution.author is None:
        # No account: whoever recorded it for them passes the answer on.
        return Response.TellBy.SUPPORTER
    if contribution.anonymous:
        # Nobody on the team may learn who it was, so nobody on the team posts a
        # letter or phones: the site emails them, or whoever recorded it for them.
        if contribution.on_behalf:
            return Response.TellBy.SUPPORTER
        return Response.TellBy.EMAIL
    return TELL_BY_FOR_CONTACT.get(contribution.author.contact_by, Response.TellBy.EMAIL)


def _email_contributor(
    contribution: Contribution, subject: str, template: str, context: dict[str, object]
) -> bool:
    """Email the author (or, for someone without an account, whoever recorded it for them).
    Returns whether an email went."""
    to = contribution.author or contribution.recorded_by
    if contribution.anonymous and contribution.on_behalf:
        to = contribution.recorded_by
    if not to.email or not to.is_active:
        return False
    link = site_url(
        reverse("contributions:detail", args=[contribution.project_id, contribution.pk])
    )
    body = render_to_string(
        template,
        {
            "person": to,
            "contribution": contribution,
            "project": contribution.project,
            "for_someone_else": to.pk != contribution.author_id,
            "author_name": contribution.true_author_name,
            "link": link,
            **context,
        },
    )
    send_email(
        subject=subject, body=body, to=to.email, scope=contribution.project, about=contribution
    )
    return True


@transaction.atomic
def contribution_respond(
    *,
    contribution: Contribution,
    by: Person,
    outcome: str,
    text: str,
    come_back_by: dt.date | None = None,
) -> Response:
    """Answer what someone said: the "we did" half of "you said, we did"."""
    project = contribution.project
    if not rules.can_answer(project_access(by, project)):
        raise PermissionDenied("Only the project's co-leads can answer contributions.")
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.is_hidden:
        raise ValidationError(_("This contribution is hidden. Show it again before answering."))
    text = text.strip()
    _length("text", text)
    errors: dict[str, str] = {}
    if outcome not in Response.Outcome.values:
        errors["outcome"] = _("Choose what happened.")
    elif not text:
        errors["text"] = (
            _("Say why this was not taken forward.")
            if outcome == Response.Outcome.NOT_TAKEN_FORWARD
            else _("Say what you did, or will do, and why.")
        )
    if outcome == Response.Outcome.CONSIDERING:
        if come_back_by is None:
            errors["come_back_by"] = _("Give the date you will answer by.")
        elif come_back_by <= timezone.localdate():
            errors["come_back_by"] = _("Give a date after today.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    tell_by = tell_by_for(contribution)
    response = Response.objects.create(
        contribution=contribution,
        by=by,
        outcome=outcome,
        text=text,
        come_back_by=come_back_by if outcome == Response.Outcome.CONSIDERING else None,
        created_at=now,
        tell_by=tell_by,
    )
    if outcome == Response.Outcome.CONSIDERING:
        assert come_back_by is not None
        contribution.state = Contribution.State.CONSIDERING
        contribution.due_at = _come_back_at(come_back_by)
    else:
        contribution.state = Contribution.State.ANSWERED
        contribution.answered_at = now
    contribution.save(update_fields=["state", "due_at", "answered_at"])
    if (
        tell_by == Response.TellBy.EMAIL
        or contribution.author is None
        or (contribution.anonymous and contribution.on_behalf)
    ):
        sent = _email_contributor(
            contribution,
            _("An answer to what you said to %(project)s") % {"project": project.title},
            "contributions/email/responded.txt",
            {"response": response},
        )
        if sent:
            response.told_at = now
            response.save(update_fields=["told_at"])
    record_event(
        project,
        "contribution.responded",
        actor=by,
        subject=contribution,
        data={"outcome": outcome, "tell_by": tell_by},
    )
    return response


@transaction.atomic
def response_mark_told(*, response: Response, by: Person) -> Response:
    """Someone told the contributor by post, phone or through their supporter."""
    project = response.contribution.project
    if not rules.can_answer(project_access(by, project)):
        raise PermissionDenied("Only the project's co-leads can do this.")
    return mark_told(
        response,
        by=by,
        project=project,
        verb="contribution.told",
        subject=response.contribution,
        data={"tell_by": response.tell_by},
    )


@transaction.atomic
def contribution_reply(*, contribution: Contribution, by: Person, text: str) -> Reply:
    """The contributor answers back: "that is not what I meant". The team must answer again."""
    access = project_access(by, contribution.project)
    if not rules.can_reply(access, contribution):
        raise PermissionDenied("Only the person who made this contribution can reply to it.")
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    response = contribution.responses.order_by("-created_at", "-id").first()
    if response is None:
        raise ValidationError(_("There is no answer to reply to yet."))
    text = text.strip()
    _length("text", text)
    if not text:
        raise ValidationError({"text": _("Write your reply.")})
    now = timezone.now()
    reply = Reply.objects.create(
        contribution=contribution, response=response, by=by, text=text, created_at=now
    )
    contribution.state = Contribution.State.REOPENED
    contribution.due_at = now + dt.timedelta(days=rules_for(contribution.project).response_days)
    contribution.save(update_fields=["state", "due_at"])
    record_event(contribution.project, "contribution.reopened", actor=by, subject=contribution)
    return reply


def _moderate(contribution: Contribution, by: Person, reason: str, action: str) -> Moderation:
    if not rules.can_moderate(project_access(by, contribution.project)):
        raise PermissionDenied("Only the project's co-leads can hide or show contributions.")
    reason = reason.strip()
    _length("reason", reason)
    if not reason:
        raise ValidationError({"reason": _("Say why. The person who said it will be told.")})
    return Moderation.objects.create(contribution=contribution, action=action, by=by, reason=reason)


@transaction.atomic
def contribution_hide(*, contribution: Contribution, by: Person, reason: str) -> Contribution:
    """Hide a contribution, with a reason. Nothing is deleted; the author is told."""
    if contribution.is_hidden:
        raise ValidationError(_("This contribution is already hidden."))
    moderation = _moderate(contribution, by, reason, Moderation.Action.HIDDEN)
    contribution.hidden_at = moderation.created_at
    contribution.hidden_by = by
    contribution.hidden_reason = moderation.reason
    contribution.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _email_contributor(
        contribution,
        _("What you said to %(project)s has been hidden") % {"project": contribution.project.title},
        "contributions/email/hidden.txt",
        {"reason": moderation.reason},
    )
    record_event(contribution.project, "contribution.hidden", actor=by, subject=contribution)
    return contribution


@transaction.atomic
def contribution_show(*, contribution: Contribution, by: Person, reason: str) -> Contribution:
    """Show a hidden contribution again, with a reason."""
    if not contribution.is_hidden:
        raise ValidationError(_("This contribution is not hidden."))
    _moderate(contribution, by, reason, Moderation.Action.SHOWN)
    contribution.hidden_at = None
    contribution.hidden_by = None
    contribution.hidden_reason = ""
    contribution.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    record_event(contribution.project, "contribution.shown", actor=by, subject=contribution)
    return contribution
