"""Writes for the co-production check. Each checks permission first, then works, then audits."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, Max, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from ustogether.contributions.passing_on import mark_told
from ustogether.core.audit import record_event
from ustogether.meetings.models import TOOK_PART, Invitee, Meeting
from ustogether.people.models import Organisation, OrganisationMembership, Person
from ustogether.projects.access import project_access
from ustogether.projects.models import Project
from ustogether.quality.anonymity import answered_code, possible_codes
from ustogether.quality.models import (
    SUMMARY_FIELDS,
    AnsweredMark,
    Check,
    ChecklistVersion,
    CheckNotice,
    CheckSummary,
    OwnStatement,
    PublishedScorecard,
    QualityPolicy,
    Rung,
    RungTally,
    Statement,
    Tally,
)
from ustogether.quality.statements import CORE_STATEMENTS, SCALE, Choice, Principle
from ustogether.quality.thresholds import Thresholds, thresholds_from, validate_limits

# The longest a check stays open, so results do not wait for ever.
LONGEST_OPEN_DAYS = 60


def organisation_role(person: Person | Any, organisation: Organisation) -> str | None:
    if not getattr(person, "is_authenticated", False):
        return None
    return (
        OrganisationMembership.objects.in_force()
        .filter(organisation=organisation, person=person)
        .values_list("role", flat=True)
        .first()
    )


def _require_org_admin(by: Person, organisation: Organisation) -> None:
    if organisation_role(by, organisation) != OrganisationMembership.Role.ADMIN:
        raise PermissionDenied(_("Only the organisation's admins can do this."))


def thresholds_for(organisation: Organisation | int) -> Thresholds:
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    policy = QualityPolicy.objects.filter(organisation_id=organisation_id).first()
    return thresholds_from(policy.limits if policy else None)


# The checklist


def _checklist_content(organisation: Organisation) -> list[dict[str, Any]]:
    """The statements a new check asks, in order: the core ones, then the organisation's own."""
    content: list[dict[str, Any]] = [
        {
            "key": s.key,
            "principle": s.principle,
            "text": s.text,
            "easy_read": s.easy_read,
            "four_pi": s.four_pi,
            "uk_standard": s.uk_standard,
            "rung": s.rung,
            "power_sharing": s.power_sharing,
            "follow_up": s.follow_up,
            "is_core": True,
        }
        for s in CORE_STATEMENTS
    ]
    for own in OwnStatement.objects.filter(organisation=organisation, retired_at__isnull=True):
        content.append(
            {
                "key": f"own_{own.pk}",
                "principle": own.principle,
                "text": own.text,
                "easy_read": own.easy_read,
                "four_pi": "",
                "uk_standard": "",
                "rung": None,
                "power_sharing": False,
                "follow_up": False,
                "is_core": False,
            }
        )
    # Grouped by principle, in the order the principles are listed; stable inside a group.
    order = {value: n for n, value in enumerate(Principle.values)}
    content.sort(key=lambda item: order[item["principle"]])
    return content


def checklist_for(organisation: Organisation) -> ChecklistVersion:
    """The checklist version a new check uses: the one with exactly today's words,
    made if the words have changed since the last one."""
    content = _checklist_content(organisation)
    fingerprint = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    existing = ChecklistVersion.objects.filter(
        organisation=organisation, fingerprint=fingerprint
    ).first()
    if existing is not None:
        return existing
    last = ChecklistVersion.objects.filter(organisation=organisation).aggregate(n=Max("number"))
    version = ChecklistVersion.objects.create(
        organisation=organisation, number=(last["n"] or 0) + 1, fingerprint=fingerprint
    )
    Statement.objects.bulk_create(
        Statement(checklist=version, order=n, **item) for n, item in enumerate(content, start=1)
    )
    return version


@transaction.atomic
def own_statement_add(
    *, organisation: Organisation, by: Person, principle: str, text: str, easy_read: str = ""
) -> OwnStatement:
    """Add a statement of the organisation's own to every check it opens from now on."""
    _require_org_admin(by, organisation)
    if principle not in Principle.values:
        raise ValidationError({"principle": _("Choose a group for the statement.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the statement.")})
    statement = OwnStatement(
        organisation=organisation,
        principle=principle,
        text=text.strip(),
        easy_read=easy_read.strip(),
        added_by=by,
    )
    statement.full_clean()
    statement.save()
    record_event(organisation, "quality.statement_added", actor=by, subject=statement)
    return statement


@transaction.atomic
def own_statement_retire(*, statement: OwnStatement, by: Person) -> OwnStatement:
    """Stop asking one of the organisation's own statements. Past answers stay."""
    _require_org_admin(by, statement.organisation)
    if statement.retired_at is None:
        statement.retired_at = timezone.now()
        statement.save(update_fields=["retired_at"])
        record_event(
            statement.organisation, "quality.statement_retired", actor=by, subject=statement
        )
    return statement


# Checks


def took_part(meeting_id: int, person: Person | Any) -> bool:
    return Invitee.objects.filter(
        meeting_id=meeting_id, person_id=person.pk, attended__in=TOOK_PART
    ).exists()


def meetings_taken_part_in(checks: Sequence[Check], person: Person | Any) -> set[int]:
    """Which of these checks' meetings this person took part in. One query, or none
    when no check is about a meeting."""
    ids = {c.meeting_id for c in checks if c.meeting_id is not None}
    if not ids or not getattr(person, "is_authenticated", False):
        return set()
    return set(
        Invitee.objects.filter(
            meeting_id__in=ids, person_id=person.pk, attended__in=TOOK_PART
        ).values_list("meeting_id", flat=True)
    )


def is_asked(check: Check, person: Person | Any, *, is_member: bool) -> bool:
    """Who a check asks: for a meeting, the members who took part in it; for any
    other activity, every member."""
    if not is_member:
        return False
    return check.meeting_id is None or took_part(check.meeting_id, person)


def meetings_to_ask_about(project: Project) -> QuerySet[Meeting]:
    """The project's meetings that have started and were not cancelled, latest first."""
    return Meeting.objects.filter(
        project=project, status=Meeting.Status.FIXED, starts_at__lte=timezone.now()
    ).order_by("-starts_at", "-id")


def statements_asked(check: Check) -> list[Statement]:
    follow_up = check.kind == Check.Kind.FOLLOW_UP
    return [
        s
        for s in check.checklist.statements.all()
        if s.follow_up == follow_up or (follow_up and not s.is_core)
    ]


@transaction.atomic
def check_open(
    *,
    project: Project,
    by: Person,
    title: str = "",
    held_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    kind: str = Check.Kind.AFTER,
    follow_up_of: Check | None = None,
    meeting: Meeting | None = None,
) -> Check:
    """Ask how one activity went. About a meeting, the people who took part in it are
    asked (its name and day are used unless others are given); about any other
    activity, every member of the project is. A follow-up asks the same people."""
    if not project_access(by, project).can_manage:
        raise PermissionDenied(_("Only the project's co-leads can do this."))
    today = timezone.localdate()
    closes_on = closes_on or today + dt.timedelta(days=14)
    errors: dict[str, str] = {}
    if meeting is None and follow_up_of is not None and follow_up_of.project_id == project.pk:
        meeting = follow_up_of.meeting
    if meeting is not None:
        if meeting.project_id != project.pk:
            errors["meeting"] = _("Choose a meeting of this project.")
        elif (
            not meeting.is_fixed or meeting.starts_at is None or meeting.starts_at > timezone.now()
        ):
            errors["meeting"] = _("Ask people after the meeting has happened, not before.")
        elif not Invitee.objects.filter(meeting=meeting, attended__in=TOOK_PART).exists():
            errors["meeting"] = _(
                "Nobody is written down as taking part yet. Write down who came first, "
                "so we know who to ask."
            )
        else:
            title = title.strip() or meeting.title
            held_on = held_on or timezone.localdate(meeting.starts_at)
    if not title.strip():
        errors["title"] = _("Say what the activity was, so people know what they are scoring.")
    if held_on is None:
        errors.setdefault("held_on", _("Enter the day it happened, like 31/3/2026."))
    elif held_on > today:
        errors["held_on"] = _("Ask people after the activity has happened, not before.")
    if closes_on < today:
        errors["closes_on"] = _("The last day to answer must be today or later.")
    elif closes_on > today + dt.timedelta(days=LONGEST_OPEN_DAYS):
        errors["closes_on"] = _("Keep it open for %(days)d days or fewer.") % {
            "days": LONGEST_OPEN_DAYS
        }
    if kind not in Check.Kind.values:
        errors["kind"] = _("Choose when you are asking.")
    if follow_up_of is not None and follow_up_of.project_id != project.pk:
        errors["follow_up_of"] = _("Choose an activity of this project.")
    if errors or held_on is None:
        raise ValidationError(errors)
    check = Check.objects.create(
        project=project,
        checklist=checklist_for(project.organisation),
        kind=kind,
        title=title.strip(),
        held_on=held_on,
        meeting=meeting,
        closes_on=closes_on,
        follow_up_of=follow_up_of,
        min_answers=thresholds_for(project.organisation_id).min_answers,
        opened_by=by,
    )
    # Every total exists, at nought, before anyone answers: answering only changes numbers.
    Tally.objects.bulk_create(Tally(survey=check, statement=s) for s in statements_asked(check))
    if kind == Check.Kind.AFTER:
        RungTally.objects.bulk_create(RungTally(survey=check, rung=rung) for rung in Rung.values)
    CheckSummary.objects.create(survey=check)
    record_event(project, "quality.check_opened", actor=by, subject=check)
    from ustogether.quality.notify import tell_when_saved

    tell_when_saved(check)
    return check


def answered_mark(check: Check, person: Person) -> AnsweredMark | None:
    """This person's mark on this check, if they have answered (online or on paper)."""
    return AnsweredMark.objects.filter(
        survey=check, code__in=possible_codes(check.pk, person.pk)
    ).first()


def has_answered(check: Check, person: Person) -> bool:
    return AnsweredMark.objects.filter(
        survey=check, code__in=possible_codes(check.pk, person.pk)
    ).exists()


def can_answer(check: Check, person: Person | Any) -> bool:
    """The people a check asks (see is_asked) may answer, once, while it is open."""
    if not getattr(person, "is_authenticated", False) or not check.is_open:
        return False
    return is_asked(check, person, is_member=project_access(person, check.project).is_member)


def _add_to_totals(check: Check, answers: Mapping[int, str], rung: int | None) -> None:
    """Add one set of answers (online or on paper) to the check's totals.

    The caller holds the check's lock. Every row of the check is rewritten, so the
    database's own record of changed rows does not show which answers moved."""
    asked = set(Tally.objects.filter(survey=check).values_list("statement_id", flat=True))
    chosen = {sid: choice for sid, choice in answers.items() if choice}
    if set(chosen) - asked or set(chosen.values()) - set(Choice.values):
        raise ValidationError(_("Some answers do not belong to this check. Try again."))
    asks_rung = check.kind == Check.Kind.AFTER
    if rung is not None and (not asks_rung or rung not in Rung.values):
        raise ValidationError(_("Choose a step on the ladder, or leave it out."))
    if not chosen and rung is None:
        raise ValidationError(_("Answer at least one question, then send your answers."))

    Check.objects.filter(pk=check.pk).update(answer_count=F("answer_count") + 1)
    columns: dict[str, Any] = {}
    for choice in Choice.values:
        ids = [sid for sid, c in chosen.items() if c == choice]
        if ids:
            columns[choice] = F(choice) + Case(
                When(statement_id__in=ids, then=Value(1)), default=Value(0)
            )
    # Every row of the check is written, whichever answers were chosen.
    Tally.objects.filter(survey=check).update(**(columns or {SCALE[0]: F(SCALE[0])}))
    if asks_rung:
        RungTally.objects.filter(survey=check).update(
            count=F("count") + Case(When(rung=rung, then=Value(1)), default=Value(0))
        )
    summarise([check.pk])


@transaction.atomic
def check_answer(
    *,
    check: Check,
    by: Person,
    answers: Mapping[int, str],
    rung: int | None = None,
) -> None:
    """Add one person's answers to the totals, and mark that they answered.

    No row says what this person chose: only the totals change, and every total
    of the check is rewritten, so none stands out as the one that moved."""
    # Locking the check makes answers arrive one at a time: two people answering
    # at once both count, and one person pressing twice counts once.
    check = Check.objects.select_for_update().select_related("project").get(pk=check.pk)
    if not project_access(by, check.project).is_member:
        raise PermissionDenied(_("Only the project's members can answer its checks."))
    if check.meeting_id is not None and not took_part(check.meeting_id, by):
        raise PermissionDenied(_("Only the people who took part in the meeting can answer."))
    if not check.is_open:
        raise ValidationError(_("This check has closed, so it cannot take answers now."))
    if has_answered(check, by):
        raise ValidationError(_("You have already answered this check. Thank you."))
    _add_to_totals(check, answers, rung)
    AnsweredMark.objects.create(survey=check, code=answered_code(check.pk, by.pk))
    # The log says that someone answered, not who: the mark above already says who
    # may not answer again, and only in a form the database alone cannot read.
    record_event(check.project, "quality.check_answered", actor=None, subject=check)


# Answers on paper. Two separate steps, so no row joins a person to a paper:
# a co-lead says who sent a paper back (each is marked as answered, as online, and
# cannot answer again), and, later and in any order, types in what the papers
# say, with no name. The papers typed in can never be more than the people marked.


def _require_co_lead_while_open(check: Check, by: Person) -> None:
    if not project_access(by, check.project).can_manage:
        raise PermissionDenied(_("Only the project's co-leads can do this."))
    if not check.is_open:
        # Once closed, the results may show: a paper added then would change them
        # in front of everyone, and show what that one paper said.
        raise ValidationError(
            _("This check has closed, so it cannot take answers now, on paper or online.")
        )


@transaction.atomic
def paper_returned(*, check: Check, by: Person, people: Sequence[Person]) -> tuple[int, int]:
    """A co-lead says these people sent a paper checklist back. Each is marked as
    having answered, so they cannot answer online too, and one more paper may be
    typed in for each. Returns how many were marked, and how many had already
    answered (online, or a paper marked before): those are not counted again,
    so their paper must not be typed in.

    The log says how many, never who."""
    check = Check.objects.select_for_update().select_related("project").get(pk=check.pk)
    _require_co_lead_while_open(check, by)
    if not people:
        raise ValidationError({"people": _("Choose who sent a paper back.")})
    from ustogether.quality.notify import people_asked

    chosen = {p.pk: p for p in people}
    asked = set(people_asked(check).filter(pk__in=list(chosen)).values_list("pk", flat=True))
    if set(chosen) - asked:
        raise ValidationError(
            {"people": _("Choose only people this check asks. Someone you chose is not one.")}
        )
    codes = {code: pk for pk in chosen for code in possible_codes(check.pk, pk)}
    answered = {
        codes[code]
        for code in AnsweredMark.objects.filter(survey=check, code__in=list(codes)).values_list(
            "code", flat=True
        )
    }
    new = [p for pk, p in chosen.items() if pk not in answered]
    already = len(answered)
    AnsweredMark.objects.bulk_create(
        AnsweredMark(survey=check, code=answered_code(check.pk, p.pk), on_paper=True) for p in new
    )
    if new:
        Check.objects.filter(pk=check.pk).update(paper_returned=F("paper_returned") + len(new))
    record_event(
        check.project,
        "quality.paper_returned",
        actor=by,
        subject=check,
        data={"people": len(new), "already_answered": already},
    )
    return len(new), already


@transaction.atomic
def paper_answer_add(
    *, check: Check, by: Person, answers: Mapping[int, str], rung: int | None = None
) -> None:
    """A co-lead types in the answers from one paper that came back, with no name.

    They go into the totals as an online answer does. The log says a paper was
    typed in, never what it said; nothing says whose paper it was."""
    check = Check.objects.select_for_update().select_related("project").get(pk=check.pk)
    _require_co_lead_while_open(check, by)
    if check.paper_typed >= check.paper_returned:
        raise ValidationError(
            _(
                "Every paper that came back is typed in already. First say who sent this "
                "one back, then type it in."
            )
        )
    _add_to_totals(check, answers, rung)
    Check.objects.filter(pk=check.pk).update(paper_typed=F("paper_typed") + 1)
    record_event(check.project, "quality.paper_typed", actor=by, subject=check)


@transaction.atomic
def check_close(*, check: Check, by: Person) -> Check:
    """Stop taking answers now, rather than on the last day."""
    if not project_access(by, check.project).can_manage:
        raise PermissionDenied(_("Only the project's co-leads can do this."))
    if check.closed_at is None:
        check.closed_at = timezone.now()
        check.save(update_fields=["closed_at"])
        record_event(check.project, "quality.check_closed", actor=by, subject=check)
    return check


@transaction.atomic
def notice_mark_told(*, notice: CheckNotice, by: Person) -> CheckNotice:
    """A co-lead told someone by post, phone or their supporter that a check waits
    for them (as contributions' response_mark_told). It says nothing of answering."""
    project = notice.survey.project
    if not project_access(by, project).can_manage:
        raise PermissionDenied(
            _("Only co-leads can say someone was told. Ask a co-lead of the project to do it.")
        )
    return mark_told(
        notice,
        by=by,
        project=project,
        verb="quality.notice_told",
        subject=notice.survey,
        data={"tell_by": notice.tell_by, "what": notice.what},
        # Only the day: the time someone was told, beside the time someone answered,
        # could hint who answered just after.
        day_only=True,
    )


# The organisation's limits and its public scorecard


@transaction.atomic
def policy_update(
    *, organisation: Organisation, by: Person, limits: Mapping[str, float], pledge: str
) -> QualityPolicy:
    """Make the organisation's red flags stricter, and write its pledge."""
    _require_org_admin(by, organisation)
    validate_limits(limits)
    base = thresholds_from(None)
    changed = {name: value for name, value in limits.items() if getattr(base, name) != value}
    policy, _created = QualityPolicy.objects.get_or_create(organisation=organisation)
    policy.limits = changed
    policy.pledge = pledge.strip()
    policy.updated_by = by
    policy.save()
    record_event(
        organisation, "quality.policy_changed", actor=by, subject=policy, data={"limits": changed}
    )
    return policy


@transaction.atomic
def scorecard_publish(
    *, organisation: Organisation, by: Person, figures: Mapping[str, Any]
) -> PublishedScorecard:
    """Put the scorecard, as it is now, on the public page. It can never be changed after."""
    _require_org_admin(by, organisation)
    policy = QualityPolicy.objects.filter(organisation=organisation).first()
    published = PublishedScorecard.objects.create(
        organisation=organisation,
        figures=dict(figures),
        pledge=policy.pledge if policy else "",
        published_by=by,
    )
    record_event(organisation, "quality.scorecard_published", actor=by, subject=published)
    return published


def answered_among(checks: list[Check], person: Person) -> set[int]:
    """Which of these checks this person has answered. One query."""
    if not checks:
        return set()
    codes = {code: c.pk for c in checks for code in possible_codes(c.pk, person.pk)}
    found = AnsweredMark.objects.filter(
        survey_id__in=[c.pk for c in checks], code__in=list(codes)
    ).values_list("code", flat=True)
    return {codes[code] for code in found}


def summarise(check_ids: Sequence[int]) -> None:
    """Sum each check's totals by group into its one summary row (see CheckSummary).

    Two queries and one write, however many checks: the answering service calls
    it for one check, and data made in bulk (benchmarks) for thousands."""
    if not check_ids:
        return
    sums = {c: Sum(c) for c in Choice.values}
    rows = (
        Tally.objects.filter(survey_id__in=check_ids)
        .values("survey_id", "statement__principle", "statement__power_sharing")
        .annotate(**sums)
    )
    totals: dict[int, dict[str, int]] = {pk: dict.fromkeys(SUMMARY_FIELDS, 0) for pk in check_ids}
    for found in rows:
        row: dict[str, Any] = dict(found)
        counts = [int(row[c] or 0) for c in SCALE]
        parts = {
            "points": sum(n * count for n, count in enumerate(counts, start=1)),
            "scale": sum(counts),
            "no": counts[0] + counts[1],
            "na": int(row[Choice.DOES_NOT_APPLY] or 0),
        }
        groups = [row["statement__principle"]]
        if row["statement__power_sharing"]:
            groups.append("power")
        for group in groups:
            for part, value in parts.items():
                totals[row["survey_id"]][f"{group}_{part}"] += value
    for survey_id, rung, count in RungTally.objects.filter(survey_id__in=check_ids).values_list(
        "survey_id", "rung", "count"
    ):
        totals[survey_id][f"rung_{rung}"] = count
    CheckSummary.objects.bulk_create(
        [CheckSummary(survey_id=pk, **values) for pk, values in totals.items()],
        update_conflicts=True,
        unique_fields=["survey"],
        update_fields=list(SUMMARY_FIELDS),
        batch_size=2000,
    )
