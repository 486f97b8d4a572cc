"""What decisions hold about a person (see core.personal_data)."""

from __future__ import annotations

from typing import Any

from ustogether.core.personal_data import data_kind, example, exporter, kept_after_closing
from ustogether.decisions.models import (
    Decision,
    DecisionContribution,
    News,
    Participant,
    SignOff,
    Update,
)
from ustogether.people.models import Person


@exporter(
    "decisions",
    "Decisions you recorded, took part in or agreed",
    Decision,
    Participant,
    SignOff,
    DecisionContribution,
    Update,
    News,
)
def decisions(person: Person) -> dict[str, Any]:
    return {
        "you_recorded": [
            {
                "project": d.project.title,
                "decision": d.title,
                "what_was_decided": d.details,
                "when_it_was_decided": d.decided_on,
                "the_choices_thought_about": d.options,
                "how_it_was_decided": d.get_method_display(),
                "votes_for": d.votes_for,
                "votes_against": d.votes_against,
                "did_not_vote": d.votes_abstained,
                "views_of_people_who_did_not_agree": d.dissent,
                "status": d.get_status_display(),
                "why_it_was_dropped": d.dropped_reason,
                "published": d.published_at,
                "recorded": d.created_at,
            }
            for d in Decision.objects.filter(created_by=person).select_related("project")
        ],
        "you_took_part_in": [
            {
                "project": p.decision.project.title,
                "decision": p.decision.title,
                "your_perspective": p.get_perspective_display(),
            }
            for p in Participant.objects.filter(person=person).select_related("decision__project")
        ],
        "you_agreed": [
            {
                "project": s.decision.project.title,
                "decision": s.decision.title,
                "your_perspective": s.get_perspective_display(),
                "when": s.signed_at,
            }
            for s in SignOff.objects.filter(person=person).select_related("decision__project")
        ],
        "contributions_you_linked": [
            {
                "project": link.decision.project.title,
                "decision": link.decision.title,
                "contribution": link.contribution_id,
                "when": link.linked_at,
            }
            for link in DecisionContribution.objects.filter(linked_by=person).select_related(
                "decision__project"
            )
        ],
        "your_updates": [
            {
                "project": u.decision.project.title,
                "decision": u.decision.title,
                "status": u.get_status_display(),
                "what_happened": u.text,
                "when": u.created_at,
            }
            for u in Update.objects.filter(by=person).select_related("decision__project")
        ],
        "news_for_you_by_post_or_phone": [
            {
                "project": n.decision.project.title,
                "decision": n.decision.title,
                "how": n.get_tell_by_display(),
                "when": n.created_at,
                "told": n.told_at,
            }
            for n in News.objects.filter(person=person).select_related("decision__project")
        ],
        "news_you_passed_on": [
            {
                "project": n.decision.project.title,
                "decision": n.decision.title,
                "how": n.get_tell_by_display(),
                "when": n.told_at,
            }
            for n in News.objects.filter(told_by=person).select_related("decision__project")
        ],
    }


_DECISION_RECORD = (
    "A project's decision, and what happened to it, is its public record; the person who "
    "wrote it shows as 'A former member'."
)
kept_after_closing(
    Decision,
    reason=_DECISION_RECORD,
    keeps_text={
        name: _DECISION_RECORD
        for name in ("title", "details", "options", "dissent", "dropped_reason")
    },
)
kept_after_closing(
    Participant,
    reason="Who took part in a decision, and the kind of experience they brought, stays "
    "true; the person shows as 'A former member'.",
)
kept_after_closing(
    SignOff,
    reason="Joint sign-off is how a decision was published; the record that both sides "
    "agreed stays, with the person shown as 'A former member'.",
)
kept_after_closing(
    DecisionContribution,
    reason="Which contributions informed a decision stays; who linked them shows as "
    "'A former member'.",
)
kept_after_closing(Update, reason=_DECISION_RECORD, keeps_text={"text": _DECISION_RECORD})
kept_after_closing(
    News,
    reason="That someone was told news of a decision by post or phone stays, like an "
    "answer passed on; the person shows as 'A former member'.",
)


@example(News)
def _news_passed_on_by_post(person: Person, cast: Any) -> None:
    import datetime as dt

    from ustogether.contributions import services as said
    from ustogether.contributions.testing import say
    from ustogether.decisions import services

    Person.objects.filter(pk=person.pk).update(contact_by=Person.ContactBy.POST)
    person.refresh_from_db()
    said.rules_update(project=cast.project, by=cast.lead, response_days=28, joint_sign_off=False)
    decision = services.decision_create(
        project=cast.project,
        by=cast.lead,
        title="Post the papers",
        details="Papers go by post to anyone who asks.",
        decided_on=dt.date(2026, 2, 1),
        method=Decision.Method.CONSENSUS,
        informed_by=[say(cast.project, person, "Please post me the papers.")],
    )
    news = News.objects.get(decision=decision, person=person)
    services.news_mark_told(news=news, by=person)


@example(Decision, Participant, SignOff, DecisionContribution, Update)
def _a_decision_agreed_together(person: Person, cast: Any) -> None:
    import datetime as dt

    from ustogether.contributions.testing import say
    from ustogether.decisions import services

    said = say(cast.project, cast.member, "Meet in the library.")
    decision = services.decision_create(
        project=cast.project,
        by=person,
        title="Meet in the library",
        details="From March we meet in the library.",
        decided_on=dt.date(2026, 2, 1),
        method=Decision.Method.VOTE,
        options="The library, or the church hall.",
        votes_for=5,
        votes_against=1,
        dissent="One member finds the library hard to reach.",
        participants=[person, cast.member],
    )
    services.decision_sign_off(decision=decision, by=cast.lead)
    services.decision_link(decision=decision, by=person, contributions=[said])
    services.decision_update(
        decision=decision, by=person, status=Decision.Status.DROPPED, text="The library closed."
    )


data_kind(
    name="Decisions",
    models=(
        "decisions.Decision",
        "decisions.Participant",
        "decisions.SignOff",
        "decisions.DecisionContribution",
        "decisions.Update",
        "decisions.News",
    ),
    what="What a project decided, the choices, and how, with any votes. The views of "
    "people who did not agree. Who took part, and the kind of experience they "
    "brought. Which co-leads agreed it. What people said that helped decide it. "
    "Dated news of what happened next. Some people hear by post or phone. For "
    "them, we keep that they were told news of a decision.",
    why="So a project shows what it decided, and with whom. It shows what people said"
    " that led to it, and what happened next.",
    how_long="As long as the project. If a person closes their account, the decisions "
    "stay. They show the person as 'A former member'.",
    who_sees="The project's team. Published decisions of a public project are on its "
    "public page. Only the team sees drafts waiting for joint sign-off.",
    protection="Only co-leads record, agree and update decisions. Every page loads a "
    "decision in the one checked way. So only the right people see it.",
    get_or_erase="The copy of all we keep lists the decisions a person recorded or took part "
    "in. It also lists those they agreed, linked or updated.",
)
