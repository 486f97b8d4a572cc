"""What contributions hold about a person (see core.personal_data).

An anonymous contribution is still the person's own: anonymity hides their name from
other people, never from them, so it is in their own download like any other.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ustogether.contributions.models import Contribution, Moderation, Reply, Response
from ustogether.core.personal_data import data_kind, example, exporter, kept_after_closing
from ustogether.people.models import Person


def _contribution(c: Contribution, person: Person) -> dict[str, Any]:
    return {
        "project": c.project.title,
        "contribution": c.pk,
        "when": c.created_at,
        "whose": c.author_shown_to(person),
        "their_name_as_recorded": c.author_name,
        "recorded_by_someone_else": c.on_behalf,
        "how_it_came": c.get_route_display(),
        "what_it_is": c.get_kind_display(),
        "topic": c.topic,
        "what_was_said": c.text,
        "what_the_picture_shows": c.description,
        "what_the_recording_says": c.transcript,
        "file_name": c.file_name,
        "file_type": c.file_type,
        "who_can_see_it": c.get_sharing_display(),
        "name_hidden_from_others": c.anonymous,
        "state": c.get_state_display(),
        "hidden": c.hidden_at,
        "why_it_was_hidden": c.hidden_reason,
    }


@exporter(
    "contributions",
    "What you said to projects, and the answers",
    Contribution,
    Response,
    Reply,
    Moderation,
)
def contributions(person: Person) -> dict[str, Any]:
    rows = Contribution.objects.select_related("project", "author", "recorded_by")
    own = rows.filter(author=person)
    return {
        # Anonymous ones included: the name is hidden from others, not from its owner.
        "you_said": [_contribution(c, person) for c in own],
        "answers_to_you": [
            {
                "project": r.contribution.project.title,
                "contribution": r.contribution_id,
                "when": r.created_at,
                "what_happened": r.get_outcome_display(),
                "what_we_did_and_why": r.text,
                "when_we_will_answer": r.come_back_by,
            }
            for r in Response.objects.filter(contribution__author=person).select_related(
                "contribution__project"
            )
        ],
        "your_replies": [
            {
                "project": r.contribution.project.title,
                "contribution": r.contribution_id,
                "when": r.created_at,
                "reply": r.text,
            }
            for r in Reply.objects.filter(by=person).select_related("contribution__project")
        ],
        # What they typed in for someone else (a supporter, a member of staff).
        "you_recorded_for_someone_else": [
            _contribution(c, person) for c in rows.filter(recorded_by=person).exclude(author=person)
        ],
        "answers_you_gave_or_passed_on": [
            {
                "project": r.contribution.project.title,
                "contribution": r.contribution_id,
                "you_wrote_it": r.by_id == person.pk,
                "when": r.created_at,
                "what_happened": r.get_outcome_display(),
                "what_we_did_and_why": r.text,
                "when_we_will_answer": r.come_back_by,
                "told_by": r.get_tell_by_display(),
                "you_passed_it_on": r.told_at if r.told_by_id == person.pk else None,
            }
            for r in Response.objects.filter(Q(by=person) | Q(told_by=person)).select_related(
                "contribution__project"
            )
        ],
        # A moderator's own record: what they hid or showed again, and why.
        "you_hid_or_showed_again": [
            {
                "project": m.contribution.project.title,
                "contribution": m.contribution_id,
                "what_you_did": m.get_action_display(),
                "why": m.reason,
                "when": m.created_at,
            }
            for m in Moderation.objects.filter(by=person).select_related("contribution__project")
        ],
        "still_hidden_by_you": [
            _contribution(c, person)
            for c in rows.filter(hidden_by=person).exclude(Q(author=person) | Q(recorded_by=person))
        ],
    }


_PROJECT_RECORD = (
    "What was said to a project, and its answer, is the project's record of 'you said, we "
    "did' and is never deleted; the person's name is taken off it (they show as 'A former "
    "member')."
)
_SOMEONE_ELSES = (
    "Where the person only recorded or hid it, the contribution belongs to its author and "
    "stays theirs."
)
kept_after_closing(
    Contribution,
    reason=_PROJECT_RECORD,
    keeps_text={
        "topic": _PROJECT_RECORD,
        "text": _PROJECT_RECORD,
        "description": _PROJECT_RECORD,
        "transcript": _PROJECT_RECORD,
        "author_name": "The name of someone without an account, recorded by the person for "
        "them: " + _SOMEONE_ELSES,
        "file_name": "Blanked on the person's own contributions (a file's name can name "
        "them). " + _SOMEONE_ELSES,
        "file_type": "The kind of file (such as image/jpeg), which says nothing about anyone.",
        "hidden_reason": "Why a moderator hid it, part of the moderation history co-leads "
        "must see.",
    },
)
kept_after_closing(
    Response,
    reason="The team's answer to what someone said, part of the project's record.",
    keeps_text={"text": "The team's answer to someone, part of the project's record."},
)
kept_after_closing(Reply, reason=_PROJECT_RECORD, keeps_text={"text": _PROJECT_RECORD})
kept_after_closing(
    Moderation,
    reason="The history of hiding and showing a contribution stays, so co-leads can see it.",
    keeps_text={"reason": "Why a moderator hid or showed a contribution: the history."},
)


@example(Contribution, Response, Reply, Moderation)
def _said_answered_and_moderated(person: Person, cast: Any) -> None:
    from ustogether.contributions import services
    from ustogether.contributions.testing import checked_photo, say

    # Their own, anonymous, with a photo; answered by the other co-lead; they reply.
    own = services.contribution_create(
        project=cast.project,
        by=person,
        kind=Contribution.Kind.PHOTO,
        file=checked_photo(),
        description="The ramp at the back door.",
        topic="Getting in",
        anonymous=True,
    )
    services.contribution_respond(
        contribution=own, by=cast.lead, outcome=Response.Outcome.PARTLY, text="We asked."
    )
    services.contribution_reply(contribution=own, by=person, text="It is still too steep.")
    # Recorded for someone without an account, from a letter; they answer it and pass it on.
    letter = say(
        cast.project,
        person,
        "Please hold meetings nearer town.",
        author_name="Ada Post",
        route=Contribution.Route.POST,
        consent=True,
    )
    response = services.contribution_respond(
        contribution=letter, by=person, outcome=Response.Outcome.TAKEN_FORWARD, text="We will."
    )
    services.response_mark_told(response=response, by=person)
    # As a co-lead they hide what another member said.
    other = say(cast.project, cast.member, "Something unkind.")
    services.contribution_hide(contribution=other, by=person, reason="Unkind to a member.")


data_kind(
    name="Contributions and answers",
    models=(
        "contributions.ProjectRules",
        "contributions.Contribution",
        "contributions.Response",
        "contributions.Reply",
        "contributions.Moderation",
    ),
    what="What people said to a project. It may be words, pictures, photos, recordings"
    " or files. Who said it, and who wrote it down for them. Whether their name "
    "is hidden. The team's answers and the replies to them. When and why a "
    "moderator hid one.",
    why="So every contribution is answered ('you said, we did'). It also lets the "
    "project show what it did with what people said.",
    how_long="As long as the project. If a person closes their account, what they said "
    "stays with the project. Their name is taken off. Their files' names are "
    "blanked.",
    who_sees="The project's team. The public page shows only what was shared with the "
    "public. It never shows what was hidden. A person may keep their name off. "
    "Then only they see it, and whoever wrote it down for them.",
    protection="Files are checked on upload. They are served only through a checked page. "
    "Every page loads a contribution through the project's guarded way.",
    get_or_erase="The copy of all we keep lists what a person said, with their name or "
    "not. It lists the answers and their replies. It lists what they wrote down for "
    "others, answered or hid.",
    sensitive=True,
)
