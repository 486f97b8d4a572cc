"""Writes for the on-site glossary: suggest a term, then a co-lead decides."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ustogether.core.audit import record_event
from ustogether.people.models import Organisation, OrganisationMembership, Person
from ustogether.plainlanguage.models import LocalTerm
from ustogether.projects.access import project_access
from ustogether.projects.models import Project

DECIDING_ROLES = (
    OrganisationMembership.Role.ADMIN,
    OrganisationMembership.Role.LEAD,
    OrganisationMembership.Role.GLOSSARY_WRITER,
)


def can_suggest(person: Person, organisation: Organisation, project: Project | None) -> bool:
    if project is not None:
        return (
            project.organisation_id == organisation.pk and project_access(person, project).is_member
        )
    return (
        OrganisationMembership.objects.in_force()
        .filter(organisation=organisation, person=person)
        .exists()
    )


def can_decide(person: Person, term: LocalTerm) -> bool:
    if (
        OrganisationMembership.objects.in_force()
        .filter(organisation_id=term.organisation_id, person=person, role__in=DECIDING_ROLES)
        .exists()
    ):
        return True
    return term.project is not None and project_access(person, term.project).can_manage


def _clean_words(term: str, plain: str, definition: str) -> dict[str, str]:
    errors = {}
    if not term.strip():
        errors["term"] = _("Enter the word or phrase.")
    if not plain.strip():
        errors["plain"] = _("Enter plain words people can use instead.")
    if not definition.strip():
        errors["definition"] = _("Say what it means, in a sentence or two.")
    if errors:
        raise ValidationError(errors)
    return {"term": term.strip(), "plain": plain.strip(), "definition": definition.strip()}


@transaction.atomic
def glossary_suggest(
    *,
    by: Person,
    organisation: Organisation,
    project: Project | None = None,
    term: str,
    plain: str = "",
    definition: str = "",
    variants: str = "",
    question: bool = False,
    credit_author: bool = False,
) -> LocalTerm:
    """Suggest a word with its meaning, or (with `question`) ask what a word means."""
    if not can_suggest(by, organisation, project):
        raise PermissionDenied("Only people in the project or organisation can suggest words.")
    if question:
        if not term.strip():
            raise ValidationError({"term": _("Enter the word or phrase.")})
        words = {"term": term.strip(), "plain": "", "definition": ""}
    else:
        words = _clean_words(term, plain, definition)
    local = LocalTerm.objects.create(
        organisation=organisation,
        project=project,
        variants=variants.strip(),
        written_by=by,
        is_question=question,
        credit_author=credit_author,
        **words,
    )
    verb = "glossary.asked" if question else "glossary.suggested"
    record_event(project or organisation, verb, actor=by, subject=local)
    return local


@transaction.atomic
def glossary_accept(
    *,
    local: LocalTerm,
    by: Person,
    term: str,
    plain: str,
    definition: str,
    variants: str = "",
    published: bool = False,
) -> LocalTerm:
    """Add a suggestion to the organisation's glossary, with any edits the co-lead makes."""
    if not can_decide(by, local):
        raise PermissionDenied("Only a co-lead can add words to the glossary.")
    words = _clean_words(term, plain, definition)
    clash = LocalTerm.objects.filter(
        organisation=local.organisation,
        status=LocalTerm.Status.ACCEPTED,
        term__iexact=words["term"],
    ).exclude(pk=local.pk)
    if clash.exists():
        raise ValidationError(
            {"term": _("This word is already in the glossary. Change that entry instead.")}
        )
    edited = any(getattr(local, k) != v for k, v in words.items())
    for name, value in words.items():
        setattr(local, name, value)
    local.variants = variants.strip()
    local.status = LocalTerm.Status.ACCEPTED
    local.published = published
    local.decided_by, local.decided_at = by, timezone.now()
    local.reason = ""
    local.save()
    record_event(
        local.project or local.organisation,
        "glossary.answered" if local.is_question else "glossary.accepted",
        actor=by,
        subject=local,
        data={"edited": edited, "published": published},
    )
    if local.is_question and local.written_by.email:
        send_mail(
            subject=_("What “%(term)s” means") % {"term": local.term},
            message=render_to_string(
                "plainlanguage/email/question_answered.txt", {"local": local, "by": by}
            ),
            from_email=None,
            recipient_list=[local.written_by.email],
        )
    return local


@transaction.atomic
def glossary_turn_down(*, local: LocalTerm, by: Person, reason: str) -> LocalTerm:
    if not can_decide(by, local):
        raise PermissionDenied("Only a co-lead can decide on glossary words.")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the person who wrote it knows.")})
    local.status = LocalTerm.Status.TURNED_DOWN
    local.reason = reason.strip()
    local.decided_by, local.decided_at = by, timezone.now()
    local.save()
    record_event(
        local.project or local.organisation, "glossary.turned_down", actor=by, subject=local
    )
    return local
