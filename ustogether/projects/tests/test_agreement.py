"""The agreement is changed together: proposals with a reason, answers, comments,
adoption by the agreement's own rule, and only then signing again."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ustogether.core.audit import events_for
from ustogether.core.testing import (
    SHORT_AGREEMENT,
    Cast,
    add_member,
    agree_agreement,
    make_cast,
    make_person,
)
from ustogether.projects import agreements, services
from ustogether.projects.models import (
    AgreementProposal,
    ChangeRule,
    Membership,
    Perspective,
    ProposalAnswer,
)
from ustogether.projects.queries import power_sharing_flags

pytestmark = pytest.mark.django_db

AGREE, NOT_YET = ProposalAnswer.Answer.AGREE, ProposalAnswer.Answer.NOT_YET
SECTIONS = {
    "purpose": "Make short breaks better.",
    "decisions": "We decide together at meetings.",
    "payment_and_support": "£25 an hour and travel paid within 14 days.",
    "disagreements": "We talk it through. A neutral person helps if we are stuck.",
    "ground_rules": "We listen. We use plain words.",
}


def propose(cast: Cast, by: object, **changes: str) -> AgreementProposal:
    return agreements.agreement_propose(
        project=cast.project,
        by=by,  # type: ignore[arg-type]
        reason="We want to pay people sooner.",
        **{**SECTIONS, **changes},
    )


def signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def with_lived_experience_co_lead(cast: Cast) -> None:
    services.membership_change_role(
        membership=cast.project.memberships.get(person=cast.member),
        by=cast.lead,
        role=Membership.Role.CO_LEAD,
    )


def test_a_proposal_changes_nothing_until_members_agree() -> None:
    cast = make_cast()
    first = agree_agreement(cast.project, cast.lead, **SECTIONS)
    mail.outbox.clear()
    proposal = propose(cast, cast.carer, payment_and_support="£25 an hour, paid in 7 days.")
    assert proposal.is_open
    assert cast.project.agreement_versions.order_by("-number").first() == first
    # Members are asked what they think, not asked to sign.
    subjects = {m.subject for m in mail.outbox}
    assert subjects == {f"A change to the agreement for “{cast.project.title}”: what do you think?"}
    assert cast.carer.email not in [m.to[0] for m in mail.outbox]


def test_by_default_a_co_lead_from_each_side_adopts_a_change() -> None:
    cast = make_cast()
    with_lived_experience_co_lead(cast)
    for _ in range(4):  # enough members that two are not a majority
        add_member(cast.project, make_person())
    first = agree_agreement(cast.project, cast.lead, **SECTIONS)
    proposal = propose(cast, cast.lead, ground_rules="We listen.")
    assert proposal.is_open  # the professional co-lead alone is not enough
    version = agreements.agreement_answer(proposal=proposal, by=cast.member, answer=AGREE)
    assert version is not None and version.number == first.number + 1
    assert version.ground_rules == "We listen."
    proposal.refresh_from_db()
    assert proposal.status == AgreementProposal.Status.ADOPTED
    assert proposal.adopted_as == version


def test_by_default_a_majority_of_members_adopts_a_change() -> None:
    cast = make_cast()  # voters: the lead, Mo and Cath (the observer only reads)
    agree_agreement(cast.project, cast.lead, **SECTIONS)
    proposal = propose(cast, cast.carer, ground_rules="We listen.")
    assert agreements.agreement_answer(proposal=proposal, by=cast.lead, answer=NOT_YET) is None
    version = agreements.agreement_answer(proposal=proposal, by=cast.member, answer=AGREE)
    assert version is not None
    assert {s.person for s in version.signatures.all()} == {cast.carer, cast.member}


def test_not_yet_answers_do_not_count_and_can_change() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SECTIONS)
    proposal = propose(cast, cast.carer, ground_rules="We listen.")
    agreements.agreement_answer(proposal=proposal, by=cast.member, answer=NOT_YET)
    proposal.refresh_from_db()
    assert proposal.is_open
    assert agreements.agreement_answer(proposal=proposal, by=cast.member, answer=AGREE)
    assert proposal.answers.filter(person=cast.member).count() == 1


def test_the_agreement_can_say_every_member_must_agree() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SECTIONS, change_rule=ChangeRule.EVERYONE)
    proposal = propose(cast, cast.carer, ground_rules="We listen.")
    assert agreements.agreement_answer(proposal=proposal, by=cast.member, answer=AGREE) is None
    assert agreements.agreement_answer(proposal=proposal, by=cast.lead, answer=AGREE) is not None


def test_a_change_to_the_rule_is_agreed_by_the_rule_in_force() -> None:
    cast = make_cast()
    with_lived_experience_co_lead(cast)
    for _ in range(4):
        add_member(cast.project, make_person())
    agree_agreement(cast.project, cast.lead, **SECTIONS, change_rule=ChangeRule.EVERYONE)
    proposal = propose(cast, cast.lead, change_rule=ChangeRule.CO_LEADS)
    # Under the new rule the two co-leads would be enough; under the rule in force they are not.
    assert agreements.agreement_answer(proposal=proposal, by=cast.member, answer=AGREE) is None


def test_members_who_agreed_have_signed_and_the_rest_are_asked_to_sign() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SECTIONS)
    proposal = propose(cast, cast.carer, ground_rules="We listen.")
    mail.outbox.clear()
    version = agreements.agreement_answer(proposal=proposal, by=cast.member, answer=AGREE)
    assert version is not None
    asked = sorted(m.to[0] for m in mail.outbox)
    assert asked == sorted([cast.lead.email, cast.observer.email])
    assert "have agreed a change to the agreement" in mail.outbox[0].body
    assert f"/projects/{cast.project.pk}/agreement/" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        agreements.agreement_sign(version=proposal.base, person=cast.lead)  # type: ignore[arg-type]
    agreements.agreement_sign(version=version, person=cast.lead)
    assert version.signatures.count() == 3


def test_other_open_proposals_go_out_of_date_when_one_is_adopted() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SECTIONS)
    slow = propose(cast, cast.carer, ground_rules="We listen and we laugh.")
    quick = propose(cast, cast.member, ground_rules="We listen.")
    agreements.agreement_answer(proposal=quick, by=cast.lead, answer=AGREE)
    slow.refresh_from_db()
    assert slow.status == AgreementProposal.Status.OUT_OF_DATE
    with pytest.raises(ValidationError):
        agreements.agreement_answer(proposal=slow, by=cast.lead, answer=AGREE)


def test_a_proposal_needs_a_reason_and_a_real_change() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SECTIONS)
    with pytest.raises(ValidationError) as error:
        agreements.agreement_propose(project=cast.project, by=cast.lead, reason=" ", **SECTIONS)
    assert "reason" in error.value.error_dict
    with pytest.raises(ValidationError, match="Nothing has changed"):
        agreements.agreement_propose(project=cast.project, by=cast.lead, reason="x", **SECTIONS)


def test_observers_and_outsiders_neither_propose_nor_answer() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SECTIONS)
    for person in (cast.observer, cast.outsider, cast.finance):
        with pytest.raises(PermissionDenied):
            propose(cast, person, ground_rules="Taken over.")
    proposal = propose(cast, cast.carer, ground_rules="We listen.")
    for person in (cast.observer, cast.outsider, cast.org_admin):
        with pytest.raises(PermissionDenied):
            agreements.agreement_answer(proposal=proposal, by=person, answer=AGREE)
    with pytest.raises(PermissionDenied):
        agreements.agreement_comment(proposal=proposal, by=cast.outsider, text="Hello")


def test_an_organisation_admin_cannot_change_the_agreement_alone() -> None:
    cast = make_cast()
    first = agree_agreement(cast.project, cast.lead, **SECTIONS)
    proposal = propose(cast, cast.org_admin, decisions="The council has the final say.")
    assert proposal.is_open
    assert not proposal.answers.exists()  # not a member, so not counted as agreeing
    assert cast.project.agreement_versions.order_by("-number").first() == first


def test_comments_are_kept_and_closed_proposals_take_no_more() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SECTIONS)
    proposal = propose(cast, cast.carer, ground_rules="We listen.")
    agreements.agreement_comment(proposal=proposal, by=cast.observer, text="What about breaks?")
    with pytest.raises(ValidationError):
        agreements.agreement_comment(proposal=proposal, by=cast.member, text="  ")
    agreements.agreement_withdraw(proposal=proposal, by=cast.carer)
    with pytest.raises(ValidationError):
        agreements.agreement_comment(proposal=proposal, by=cast.member, text="Too late")
    assert [c.text for c in proposal.comments.all()] == ["What about breaks?"]
    verbs = [e.verb for e in events_for(cast.project)]
    assert {"agreement.proposed", "agreement.commented", "agreement.withdrawn"} <= set(verbs)


def test_only_the_proposer_or_a_co_lead_withdraws() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SECTIONS)
    proposal = propose(cast, cast.carer, ground_rules="We listen.")
    with pytest.raises(PermissionDenied):
        agreements.agreement_withdraw(proposal=proposal, by=cast.member)
    agreements.agreement_withdraw(proposal=proposal, by=cast.lead)
    proposal.refresh_from_db()
    assert proposal.status == AgreementProposal.Status.WITHDRAWN


def test_the_first_agreement_is_agreed_too() -> None:
    cast = make_cast()
    proposal = agreements.agreement_propose(
        project=cast.project, by=cast.lead, reason="To start.", **SHORT_AGREEMENT
    )
    assert not cast.project.agreement_versions.exists()
    version = agreements.agreement_answer(proposal=proposal, by=cast.carer, answer=AGREE)
    assert version is not None and version.number == 1


def test_a_lone_co_lead_agrees_their_own_first_agreement() -> None:
    cast = make_cast()
    for membership in cast.project.memberships.exclude(person=cast.lead):
        services.membership_leave(membership=membership, by=membership.person)
    proposal = agreements.agreement_propose(
        project=cast.project, by=cast.lead, reason="To start.", **SHORT_AGREEMENT
    )
    assert proposal.status == AgreementProposal.Status.ADOPTED


def test_a_final_say_clause_is_flagged_with_its_sentence() -> None:
    cast = make_cast()
    agree_agreement(
        cast.project,
        cast.lead,
        **{**SECTIONS, "decisions": "We talk at meetings. The council has the final say."},
    )
    flags = [f for f in power_sharing_flags(cast.project) if f.code == "agreement_final_say"]
    assert len(flags) == 1
    assert "“The council has the final say.”" in flags[0].detail


def test_the_proposal_page_shows_what_was_added_and_taken_out() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SECTIONS)
    proposal = propose(
        cast, cast.org_admin, decisions="We decide at meetings. Final sign-off by the director."
    )
    url = reverse("projects:proposal", args=[cast.project.pk, proposal.pk])
    html = signed_in(cast.member).get(url).content.decode()
    assert "We want to pay people sooner." in html
    assert (
        '<del class="ut-del"><span class="govuk-visually-hidden">[taken out: </span>together '
        in html
    )
    assert "Final sign-off by the director." in html
    assert "This gives one side the final say" in html
    assert "New in this change" in html
    assert "These parts do not change:" in html
    assert "<li>What the project is for</li><li>How people are paid and supported</li>" in html
    assert "Send my answer" in html


def test_every_version_can_be_read_with_who_proposed_and_who_agreed() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SECTIONS)
    proposal = propose(cast, cast.carer, ground_rules="We listen.")
    agreements.agreement_answer(proposal=proposal, by=cast.member, answer=AGREE)
    client = signed_in(cast.observer)
    first = client.get(reverse("projects:agreement_version", args=[cast.project.pk, 1]))
    assert "An earlier version" in first.content.decode()
    assert "We listen. We use plain words." in first.content.decode()
    second = client.get(reverse("projects:agreement_version", args=[cast.project.pk, 2]))
    html = second.content.decode()
    assert "This is the agreement now" in html
    assert "Cath Carer" in html  # proposed it
    assert "Cath Carer, Mo Member" in html  # agreed it
    assert "We want to pay people sooner." in html
    assert "What changed from version 1" in html
    page = client.get(reverse("projects:agreement", args=[cast.project.pk])).content.decode()
    assert reverse("projects:agreement_version", args=[cast.project.pk, 1]) in page


def test_the_agreement_page_counts_signatures_out_of_every_member() -> None:
    cast = make_cast()
    version = agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    assert {s.person for s in version.signatures.all()} == {cast.lead, cast.member}
    html = signed_in(cast.carer).get(reverse("projects:agreement", args=[cast.project.pk]))
    # The lead and Mo agreed (and so signed); Cath and Obi have not: 2 of 4.
    assert "2 of 4 members have signed." in html.content.decode()


def test_members_who_have_not_signed_see_a_banner() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    url = reverse("projects:detail", args=[cast.project.pk])
    assert "Read it and sign it" in signed_in(cast.carer).get(url).content.decode()
    assert "Read it and sign it" not in signed_in(cast.lead).get(url).content.decode()


def test_proposing_through_the_page_keeps_the_words_on_error() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SECTIONS)
    url = reverse("projects:agreement_propose", args=[cast.project.pk])
    data = {**SECTIONS, "change_rule": ChangeRule.CO_LEADS_OR_MAJORITY, "ground_rules": "New."}
    response = signed_in(cast.carer).post(url, {**data, "reason": ""})
    assert response.status_code == 422
    assert "Say why you want this change" in response.content.decode()
    assert "New." in response.content.decode()
    response = signed_in(cast.carer).post(url, {**data, "reason": "Shorter."})
    proposal = cast.project.agreement_proposals.get(status="open")
    assert response["Location"] == reverse("projects:proposal", args=[cast.project.pk, proposal.pk])


def test_answering_and_commenting_through_the_page() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SECTIONS)
    proposal = propose(cast, cast.carer, ground_rules="We listen.")
    base = reverse("projects:proposal", args=[cast.project.pk, proposal.pk])
    client = signed_in(cast.member)
    missing = client.post(base + "answer/", {})
    assert missing.status_code == 422
    assert "Choose “I agree” or “Not yet”." in missing.content.decode()
    said = client.post(base + "comment/", {"text": "Good idea."})
    assert said.status_code == 302
    agreed = client.post(base + "answer/", {"answer": "agree"})
    assert agreed["Location"] == reverse("projects:agreement", args=[cast.project.pk])
    assert cast.project.agreement_versions.count() == 2
    assert signed_in(cast.observer).post(base + "answer/", {"answer": "agree"}).status_code == 403


def test_a_carer_co_lead_and_a_researcher_co_lead_are_not_the_two_sides() -> None:
    cast = make_cast()
    for person, perspective in ((cast.carer, Perspective.CARER), (cast.member, None)):
        membership = cast.project.memberships.get(person=person)
        services.membership_change_role(membership=membership, by=cast.lead, role="co_lead")
        if perspective:
            assert membership.perspective == perspective
    proposal = agreements.agreement_propose(
        project=cast.project, by=cast.carer, reason="x", **SHORT_AGREEMENT
    )
    progress = agreements.proposal_progress(
        proposal, agreements.voters(cast.project), proposal.answers.all()
    )
    assert not progress.lived_experience_co_lead
    assert "a co-lead who uses the services and a co-lead who works in them to agree" in (
        progress.still_needed()
    )
