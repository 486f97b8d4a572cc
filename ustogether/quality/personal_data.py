"""What the co-production check holds about a person (see core.personal_data).

Four things point at a person: the checks a co-lead opened, the statements an
organisation's admin added to its checklist, the organisation's red-flag limits and
pledge (who changed them last), and the scorecards an admin published. All four are
the project's or the organisation's record, so they stay when the person closes
their account, showing 'A former member'.

What people *answered* is not here, and never can be: by design nothing links an
answer to a person (see models.py and anonymity.py). The answers exist only as
totals (`Tally`, `RungTally`, `CheckSummary`), which have no person in them. That
someone answered is kept as an `AnsweredMark`: a one-way code of the check and the
person, made with a key that is not in the database, with no time on it. So the
data download cannot list "the checks you answered" or "what you said" without
making answers linkable, which is exactly what the check promises people it will
never do. The gates in core/tests/test_personal_data.py find no link to a person in
those tables, and that is on purpose.
"""

from __future__ import annotations

from typing import Any

from ustogether.core.personal_data import data_kind, example, exporter, kept_after_closing
from ustogether.people.models import Person
from ustogether.quality.models import (
    Check,
    CheckNotice,
    OwnStatement,
    PublishedScorecard,
    QualityPolicy,
)


@exporter("quality_checks", "Co-production checks you opened", Check)
def checks_opened(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "project": c.project.title,
            "activity": c.title,
            "meeting": c.meeting.title if c.meeting else "",
            "when": c.get_kind_display(),
            "held_on": c.held_on,
            "last_day_to_answer": c.closes_on,
            "closed": c.closed_at,
            "opened": c.opened_at,
            "how_many_answered": c.answer_count,
        }
        for c in Check.objects.filter(opened_by=person)
        .select_related("project", "meeting")
        .order_by("pk")
    ]


@exporter(
    "quality_asked_by_hand",
    "Co-production checks we asked you about by post, phone or your supporter",
    CheckNotice,
)
def asked_by_hand(person: Person) -> dict[str, Any]:
    # Being asked is not answering: everyone a check asks gets the same notice.
    return {
        "asked_you": [
            {
                "project": n.survey.project.title,
                "activity": n.survey.title,
                "what": n.get_what_display(),
                "how": n.get_tell_by_display(),
                "when": n.created_at,
                "told": n.told_at,
            }
            for n in CheckNotice.objects.filter(person=person)
            .select_related("survey__project")
            .order_by("pk")
        ],
        "you_passed_on": [
            {
                "project": n.survey.project.title,
                "activity": n.survey.title,
                "what": n.get_what_display(),
                "how": n.get_tell_by_display(),
                "when": n.told_at,
            }
            for n in CheckNotice.objects.filter(told_by=person)
            .select_related("survey__project")
            .order_by("pk")
        ],
    }


@exporter(
    "quality_organisation",
    "Co-production check: statements, red flag limits and scorecards you set for an organisation",
    OwnStatement,
    QualityPolicy,
    PublishedScorecard,
)
def organisation_quality(person: Person) -> dict[str, Any]:
    return {
        "statements_you_added": [
            {
                "organisation": s.organisation.name,
                "group": s.get_principle_display(),
                "statement": s.text,
                "easy_read_words": s.easy_read,
                "added": s.added_at,
                "no_longer_asked_since": s.retired_at,
            }
            for s in OwnStatement.objects.filter(added_by=person)
            .select_related("organisation")
            .order_by("pk")
        ],
        "red_flag_limits_you_changed_last": [
            {
                "organisation": p.organisation.name,
                "limits": p.limits,
                "pledge": p.pledge,
                "changed": p.updated_at,
            }
            for p in QualityPolicy.objects.filter(updated_by=person)
            .select_related("organisation")
            .order_by("pk")
        ],
        "scorecards_you_published": [
            {"organisation": s.organisation.name, "published": s.published_at, "pledge": s.pledge}
            for s in PublishedScorecard.objects.filter(published_by=person)
            .select_related("organisation")
            .order_by("pk")
        ],
    }


_ORGANISATIONS_WORDS = (
    "The organisation's own words, which belong to it and not to the admin who typed them."
)
kept_after_closing(
    Check,
    reason="A check belongs to its project: the totals of everyone's anonymous answers hang "
    "on it, and its scores and red flags are part of the project's record. Only who opened "
    "it pointed at the person, and that now shows 'A former member'.",
    keeps_text={
        "title": "What the activity was, so the project's scores still say what was scored."
    },
)
kept_after_closing(
    CheckNotice,
    reason="That someone was asked by post or phone to answer a check stays, like news of "
    "a decision passed on; it says nothing of whether or how they answered. The person "
    "shows as 'A former member', and nobody is asked to tell them any more.",
)
kept_after_closing(
    OwnStatement,
    reason="The organisation's checklist: past answers were given to these words, and "
    "the organisation keeps asking them. Who added it now shows 'A former member'.",
    keeps_text={"text": _ORGANISATIONS_WORDS, "easy_read": _ORGANISATIONS_WORDS},
)
kept_after_closing(
    QualityPolicy,
    reason="The organisation's red flag limits and pledge stay in force. Who changed them "
    "last now shows 'A former member'.",
    keeps_text={"pledge": _ORGANISATIONS_WORDS},
)
kept_after_closing(
    PublishedScorecard,
    reason="A published scorecard is public and never changed, so the record of what an "
    "organisation promised and scored stays true. Who published it now shows "
    "'A former member'.",
    keeps_text={"pledge": _ORGANISATIONS_WORDS},
)


@example(CheckNotice)
def _asked_by_phone(person: Person, cast: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from ustogether.quality import notify, services

    Person.objects.filter(pk=person.pk).update(contact_by=Person.ContactBy.PHONE)
    person.refresh_from_db()
    check = services.check_open(
        project=cast.project,
        by=cast.lead,
        title="Walk round the new day centre",
        held_on=timezone.localdate() - dt.timedelta(days=1),
    )
    notify.check_tell(check=check, what="asked")
    notice = check.notices.get(person=person)
    services.notice_mark_told(notice=notice, by=person)


@example(Check, OwnStatement, QualityPolicy, PublishedScorecard)
def _checks_and_an_organisations_quality(person: Person, cast: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from ustogether.core.testing import give_two_step
    from ustogether.people.models import OrganisationMembership
    from ustogether.quality import services
    from ustogether.quality.scorecard import organisation_figures

    # The person is a co-lead of cast.project (see core.personal_data.example)...
    check = services.check_open(
        project=cast.project,
        by=person,
        title="Planning day in the library",
        held_on=timezone.localdate() - dt.timedelta(days=1),
    )
    # ...answers it like any member: this leaves only totals and a keyed code, which
    # nothing here can link back to them, so neither is in their download.
    statement = services.statements_asked(check)[0]
    services.check_answer(check=check, by=person, answers={statement.pk: "agree"})
    # ...and an admin of the organisation, who sets its checklist, limits and scorecard.
    OrganisationMembership.objects.update_or_create(
        organisation=cast.organisation,
        person=person,
        defaults={"role": OrganisationMembership.Role.ADMIN},
    )
    give_two_step(person)
    services.own_statement_add(
        organisation=cast.organisation,
        by=person,
        principle=statement.principle,
        text="We were paid on time.",
        easy_read="We got our money on time.",
    )
    services.policy_update(
        organisation=cast.organisation,
        by=person,
        limits={},
        pledge="We will share power with the people we work with.",
    )
    services.scorecard_publish(
        organisation=cast.organisation,
        by=person,
        figures=organisation_figures(cast.organisation, public=True),
    )


data_kind(
    name="Checks on how we work together as equals (co-production): anonymous answers",
    models=(
        "quality.ChecklistVersion",
        "quality.Statement",
        "quality.OwnStatement",
        "quality.Check",
        "quality.Tally",
        "quality.RungTally",
        "quality.CheckSummary",
        "quality.AnsweredMark",
        "quality.CheckNotice",
    ),
    what="The list of statements people answer. An organisation can add its own. We "
    "keep who added them. Each check a co-lead opens, and who opened it. For each"
    " statement, how many people gave each answer. For each check, a code for "
    "each person who answered. The code cannot be turned back into who they are. "
    "Some people hear by post, by phone or through a supporter. For them, we keep"
    " that they were asked to answer, and the day someone told them. For answers "
    "on paper, how many papers came back and how many were typed in. Never whose.",
    why="So the people who took part can say how equal the work really was. Nobody "
    "can know who said what. Then the project and its organisation can do better.",
    how_long="As long as the project. If a person closes their account, some things stay. "
    "The checks they opened stay, and so do the statements they added. They show "
    "'A former member'.",
    who_sees="The project's members see the totals. So do its organisation's staff. They "
    "see them only when a check has closed and enough people answered. The "
    "organisation sets how many. It is never fewer than 3. Nobody can see what "
    "one person answered. It is never kept.",
    protection="We never store an answer on its own. We keep only totals. At each answer, we"
    " write every total again, so none stands out. We note that someone answered "
    "with a code. The code is made with a secret kept outside the database. It "
    "has no time on it. So a copy of the database cannot say whose it is. The "
    "history says that someone answered. It never says who. When a paper comes back, "
    "a co-lead ticks who sent it. That is kept as the same code. The history only says "
    "how many. The papers are typed in later, with no name. Never more are typed in "
    "than came back.",
    get_or_erase="The copy of all we keep lists the checks a person opened. It lists the "
    "statements they added. It cannot list what they answered. It cannot list "
    "which checks they answered. Nothing links those to a person, on purpose. So "
    "nobody can find out. That includes us.",
)
data_kind(
    name="Red flag limits and published scorecards",
    models=("quality.QualityPolicy", "quality.PublishedScorecard"),
    what="How strict an organisation's red flags are. Its promise to the people it "
    "works with. Who changed them last. Each scorecard it published, with its "
    "figures and its promise. Who published it.",
    why="So organisations hold themselves to a bar. It also lets the public see how they did.",
    how_long="Kept. A published scorecard is never changed. Someone may have changed or "
    "published them. If they close their account, they show as 'A former member'.",
    who_sees="An organisation's staff see its limits. Its admins change them. Anyone can "
    "see a published scorecard.",
    protection="Only an organisation's admins change limits or publish. They must be signed "
    "in with two-step sign-in. Scorecards hold totals only. They never hold an "
    "answer or a name.",
    get_or_erase="The copy of all we keep lists what a person changed or published.",
)
