"""What projects hold about a person (see core.personal_data)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ustogether.core.personal_data import data_kind, example, exporter, kept_after_closing
from ustogether.people.models import Person
from ustogether.projects.models import (
    AGREEMENT_SECTIONS,
    AgreementProposal,
    AgreementSignature,
    AgreementVersion,
    Invitation,
    Membership,
    Project,
    ProposalAnswer,
    ProposalComment,
)

PROJECTS_OWN_WORDS = "The project's own words, on its page, which belong to the project."


@exporter("projects", "Projects you are or were in", Membership)
def memberships(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "project": m.project.title,
            "role": m.role,
            "perspective": m.perspective,
            "stage_joined": m.stage_joined.name if m.stage_joined else None,
            "joined_at": m.joined_at,
            "left_at": m.left_at,
            # When a co-lead removed them: why, in the co-lead's words.
            "why_you_were_removed": m.removal_reason or None,
        }
        for m in person.memberships.select_related("project", "stage_joined")
    ] + [
        {
            "project": m.project.title,
            "you_removed": str(m.person),
            "when": m.left_at,
            "why": m.removal_reason,
        }
        for m in Membership.objects.filter(removed_by=person).select_related("project", "person")
    ]


@exporter(
    "projects_you_started_or_closed",
    "Projects you started or closed",
    Project,
    leaves_out={
        "purpose": PROJECTS_OWN_WORDS,
        "time_needed": PROJECTS_OWN_WORDS,
        "meetings": PROJECTS_OWN_WORDS,
        "closing_summary": PROJECTS_OWN_WORDS,
    },
)
def projects_started(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "project": p.title,
            "you_started_it": p.created_by_id == person.pk,
            "started": p.created_at,
            "you_closed_it": p.closed_by_id == person.pk,
            "closed": p.closed_at,
        }
        for p in Project.objects.filter(Q(created_by=person) | Q(closed_by=person))
    ]


@exporter(
    "agreements",
    "Project agreements: what you proposed, answered, said and signed",
    AgreementProposal,
    ProposalAnswer,
    ProposalComment,
    AgreementSignature,
    AgreementVersion,
    leaves_out={
        name: "The words of an agreement version are the words of the proposal it came "
        "from, which this section lists."
        for name in AGREEMENT_SECTIONS
    },
)
def agreements(person: Person) -> dict[str, Any]:
    return {
        "you_proposed": [
            {
                "project": p.project.title,
                "when": p.created_at,
                "status": p.get_status_display(),
                "why": p.reason,
                **p.sections(),
            }
            for p in AgreementProposal.objects.filter(proposed_by=person).select_related("project")
        ],
        "your_answers": [
            {"project": a.proposal.project.title, "answer": a.answer, "when": a.answered_at}
            for a in ProposalAnswer.objects.filter(person=person).select_related(
                "proposal__project"
            )
        ],
        "your_comments": [
            {"project": c.proposal.project.title, "when": c.created_at, "comment": c.text}
            for c in ProposalComment.objects.filter(person=person).select_related(
                "proposal__project"
            )
        ],
        "you_signed": [
            {"project": s.version.project.title, "version": s.version.number, "when": s.signed_at}
            for s in AgreementSignature.objects.filter(person=person).select_related(
                "version__project"
            )
        ],
        "versions_from_your_proposals": [
            {"project": v.project.title, "version": v.number, "when": v.created_at}
            for v in AgreementVersion.objects.filter(written_by=person).select_related("project")
        ],
    }


@exporter(
    "project_invitations",
    "Invitations to projects, sent by you or to you",
    Invitation,
    leaves_out={"token": "The secret code in the invitation link, which only works once."},
)
def invitations(person: Person) -> list[dict[str, Any]]:
    from allauth.account.models import EmailAddress

    emails = [
        person.email,
        *EmailAddress.objects.filter(user=person).values_list("email", flat=True),
    ]
    to_them = Q(pk__in=[])
    for email in emails:
        to_them |= Q(email__iexact=email)
    rows = Invitation.objects.filter(Q(invited_by=person) | Q(answered_by=person) | to_them)
    return [
        {
            "project": i.project.title,
            "email": i.email,
            "message": i.message,
            "role": i.role,
            "status": i.get_status_display(),
            "you_sent_it": i.invited_by_id == person.pk,
            "sent": i.sent_at,
            "answered": i.answered_at,
        }
        for i in rows.select_related("project")
    ]


kept_after_closing(
    Membership,
    reason="Who took part in a project, and from which stage, stays true; the person "
    "shows as 'A former member'. Why a co-lead removed them is blanked.",
    keeps_text={
        "removal_reason": "Where the person was the co-lead who removed someone else, the "
        "reason stays for the person removed (theirs goes when they close their account)."
    },
)
kept_after_closing(
    Project,
    reason="A project belongs to its organisation; only who started or closed it pointed "
    "at the person, and that now shows 'A former member'.",
    keeps_text={
        name: PROJECTS_OWN_WORDS
        for name in ("title", "purpose", "time_needed", "meetings", "closing_summary")
    },
)
_AGREEMENT_RECORD = (
    "What a member proposed, said or signed is part of the project's record and is never "
    "deleted; their name is taken off it."
)
kept_after_closing(
    AgreementProposal,
    reason=_AGREEMENT_RECORD,
    keeps_text={name: _AGREEMENT_RECORD for name in (*AGREEMENT_SECTIONS, "reason")},
)
kept_after_closing(
    AgreementVersion,
    reason="The agreement the members adopted stays the project's agreement.",
    keeps_text={name: "The agreement the members adopted." for name in AGREEMENT_SECTIONS},
)
kept_after_closing(ProposalAnswer, reason=_AGREEMENT_RECORD)
kept_after_closing(
    ProposalComment, reason=_AGREEMENT_RECORD, keeps_text={"text": _AGREEMENT_RECORD}
)
kept_after_closing(AgreementSignature, reason=_AGREEMENT_RECORD)
kept_after_closing(
    Invitation,
    reason="The project's record of who it invited.",
    keeps_text={
        "email": "The address of the person invited; it goes when its own owner closes "
        "their account.",
        "message": "Written to the person invited, as part of the project's record.",
        "token": "A random code that says nothing about anyone.",
    },
)


@example(Membership, AgreementProposal, ProposalAnswer, ProposalComment, AgreementSignature)
def _in_a_project_agreement(person: Person, cast: Any) -> None:
    from ustogether.core.testing import SHORT_AGREEMENT, agree_agreement
    from ustogether.projects import agreements as agreement_services

    agree_agreement(cast.project, person, **SHORT_AGREEMENT)
    proposal = agreement_services.agreement_propose(
        project=cast.project,
        by=cast.lead,
        reason="Add ground rules.",
        **{**SHORT_AGREEMENT, "ground_rules": "Be kind."},
    )
    agreement_services.agreement_comment(proposal=proposal, by=person, text="Looks good.")
    agreement_services.agreement_answer(proposal=proposal, by=person, answer="not_yet")


@example(Project, AgreementVersion, Invitation)
def _a_project_of_their_own(person: Person, cast: Any) -> None:
    from ustogether.core.testing import SHORT_AGREEMENT, add_member, agree_agreement, make_project
    from ustogether.projects import services

    project = make_project(lead=person, organisation=cast.organisation, title="Their project")
    agree_agreement(project, person, **SHORT_AGREEMENT)
    services.invitation_create(
        project=project, by=person, email="a.friend@example.org", message="Come and join us."
    )
    removed = add_member(project, cast.carer)
    services.membership_remove(membership=removed, by=person, reason="Asked to leave.")
    other = make_project(lead=cast.lead, organisation=cast.organisation, title="Another")
    invitation = services.invitation_create(project=other, by=cast.lead, email=person.email)
    services.invitation_decline(invitation=invitation, person=person)
    services.project_close(project=project, by=person, summary="We did it.")


data_kind(
    name="Projects and who is in them",
    models=(
        "projects.Project",
        "projects.Stage",
        "projects.Membership",
        "projects.NeededPerspective",
        "projects.Invitation",
    ),
    what="Each project's purpose and stages. Its members and their role. The kind of "
    "experience they bring. The stage they joined, and when they left. Invitations "
    "by email address.",
    why="To show who takes part, from when, and who is missing.",
    how_long="As long as the organisation keeps the project. If a person closes their "
    "account, they show as 'A former member'. Their address goes too.",
    who_sees="Anyone can see a public project's page. Only members and the organisation's "
    "admins see the members' pages. Others are told the page is not there.",
    protection="Every page loads a project through one guarded way. Tests try every page as "
    "every kind of person.",
    get_or_erase="The copy of all we keep lists a person's projects and invitations.",
)
data_kind(
    name="Project agreements",
    models=(
        "projects.AgreementVersion",
        "projects.AgreementSignature",
        "projects.AgreementProposal",
        "projects.ProposalAnswer",
        "projects.ProposalComment",
    ),
    what="The words of each agreement. Proposed changes, with why. Members' answers "
    "and comments. Who signed which version.",
    why="Members agree how they work together, and the record shows it.",
    how_long="As long as the project. What a member wrote stays, with their name taken off.",
    who_sees="The project's members and its organisation's admins.",
    protection="Only members can answer, comment and sign. Observers only read.",
    get_or_erase="The copy of all we keep lists what the person proposed, said and signed.",
)
