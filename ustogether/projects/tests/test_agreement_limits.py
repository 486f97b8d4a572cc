"""What the agreement's services refuse, called directly, right at their edges: found
by mutation testing (`make mutation`), where a refusal could be left out and no test
noticed. Each refusal also leaves nothing behind: no proposal, answer or comment."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ustogether.core.audit import events_for
from ustogether.core.testing import SHORT_AGREEMENT, agree_agreement, make_cast
from ustogether.projects import agreements, services
from ustogether.projects.models import AgreementProposal, Project, ProposalComment

pytestmark = pytest.mark.django_db


def test_a_closed_projects_agreement_cannot_change_even_with_new_words() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    project = services.project_close(project=cast.project, by=cast.lead, summary="All done.")
    proposals = project.agreement_proposals.count()
    with pytest.raises(ValidationError, match="This project is closed"):
        agreements.agreement_propose(
            project=project,
            by=cast.lead,
            reason="One more rule.",
            **{**SHORT_AGREEMENT, "ground_rules": "We listen."},
        )
    assert project.agreement_proposals.count() == proposals


def test_a_proposal_left_open_on_a_closed_project_takes_no_answer() -> None:
    """Closing withdraws open proposals; one still open (closed from the admin site, say,
    or from before that rule) cannot be agreed through: the project check says no."""
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    proposal = agreements.agreement_propose(
        project=cast.project,
        by=cast.carer,
        reason="We want a rule.",
        **{**SHORT_AGREEMENT, "ground_rules": "We listen."},
    )
    versions = cast.project.agreement_versions.count()
    Project.objects.filter(pk=cast.project.pk).update(closed_at=timezone.now())
    proposal.refresh_from_db()
    with pytest.raises(ValidationError, match="This project is closed"):
        agreements.agreement_answer(proposal=proposal, by=cast.member, answer="agree")
    assert not proposal.answers.filter(person=cast.member).exists()
    assert cast.project.agreement_versions.count() == versions
    proposal.refresh_from_db()
    assert proposal.status == AgreementProposal.Status.OPEN


@pytest.mark.parametrize("section", sorted(agreements.REQUIRED_SECTIONS))
def test_each_part_the_agreement_needs_must_be_written(section: str) -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        agreements.agreement_propose(
            project=cast.project,
            by=cast.lead,
            reason="To start.",
            **{**SHORT_AGREEMENT, section: "   "},
        )
    assert set(error.value.message_dict) == {section}
    assert not cast.project.agreement_proposals.exists()


def test_a_part_may_be_as_long_as_the_limit_and_no_longer() -> None:
    cast = make_cast()
    longest = "a" * agreements.MAX_SECTION_CHARS
    with pytest.raises(ValidationError) as error:
        agreements.agreement_propose(
            project=cast.project,
            by=cast.lead,
            reason="To start.",
            **{**SHORT_AGREEMENT, "ground_rules": longest + "a"},
        )
    assert set(error.value.message_dict) == {"ground_rules"}
    assert not cast.project.agreement_proposals.exists()
    proposal = agreements.agreement_propose(
        project=cast.project,
        by=cast.lead,
        reason="To start.",
        **{**SHORT_AGREEMENT, "ground_rules": longest},
    )
    assert proposal.ground_rules == longest


def test_a_made_up_way_of_agreeing_changes_is_refused() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        agreements.agreement_propose(
            project=cast.project,
            by=cast.lead,
            reason="To start.",
            change_rule="whoever_shouts_loudest",
            **SHORT_AGREEMENT,
        )
    assert set(error.value.message_dict) == {"change_rule"}
    assert not cast.project.agreement_proposals.exists()


def test_a_reason_may_be_as_long_as_the_limit_and_no_longer() -> None:
    cast = make_cast()
    longest = "a" * agreements.MAX_REASON_CHARS
    with pytest.raises(ValidationError) as error:
        agreements.agreement_propose(
            project=cast.project, by=cast.lead, reason=longest + "a", **SHORT_AGREEMENT
        )
    assert set(error.value.message_dict) == {"reason"}
    assert not cast.project.agreement_proposals.exists()
    proposal = agreements.agreement_propose(
        project=cast.project, by=cast.lead, reason=longest, **SHORT_AGREEMENT
    )
    assert proposal.reason == longest


def test_a_comment_may_be_as_long_as_the_limit_and_no_longer() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    proposal = agreements.agreement_propose(
        project=cast.project,
        by=cast.carer,
        reason="We want a rule.",
        **{**SHORT_AGREEMENT, "ground_rules": "We listen."},
    )
    assert proposal.status == AgreementProposal.Status.OPEN
    longest = "a" * agreements.MAX_COMMENT_CHARS
    with pytest.raises(ValidationError) as error:
        agreements.agreement_comment(proposal=proposal, by=cast.member, text=longest + "a")
    assert set(error.value.message_dict) == {"text"}
    assert not ProposalComment.objects.filter(proposal=proposal).exists()
    comment = agreements.agreement_comment(proposal=proposal, by=cast.member, text=longest)
    assert comment.text == longest


def test_a_withdrawn_proposal_takes_no_answer_while_another_is_open() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    withdrawn = agreements.agreement_propose(
        project=cast.project,
        by=cast.carer,
        reason="We want a rule.",
        **{**SHORT_AGREEMENT, "ground_rules": "We listen."},
    )
    agreements.agreement_withdraw(proposal=withdrawn, by=cast.carer)
    still_open = agreements.agreement_propose(
        project=cast.project,
        by=cast.carer,
        reason="We want a kinder rule.",
        **{**SHORT_AGREEMENT, "ground_rules": "We listen and we laugh."},
    )
    assert still_open.is_open
    with pytest.raises(ValidationError, match="This proposal is closed"):
        agreements.agreement_answer(proposal=withdrawn, by=cast.member, answer="agree")
    assert not withdrawn.answers.filter(person=cast.member).exists()
    withdrawn.refresh_from_db()
    assert withdrawn.status == AgreementProposal.Status.WITHDRAWN
    assert withdrawn.adopted_as is None


def test_an_answer_other_than_agree_or_not_yet_is_refused() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    proposal = agreements.agreement_propose(
        project=cast.project,
        by=cast.carer,
        reason="We want a rule.",
        **{**SHORT_AGREEMENT, "ground_rules": "We listen."},
    )
    with pytest.raises(ValidationError) as error:
        agreements.agreement_answer(proposal=proposal, by=cast.member, answer="maybe")
    assert set(error.value.message_dict) == {"answer"}
    assert not proposal.answers.filter(person=cast.member).exists()
    proposal.refresh_from_db()
    assert proposal.is_open


def test_a_closed_proposal_cannot_be_withdrawn_again() -> None:
    """An adopted change stays adopted, and a withdrawn one is not withdrawn twice:
    the refusal records nothing."""
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    adopted = cast.project.agreement_proposals.get()
    assert adopted.status == AgreementProposal.Status.ADOPTED
    withdrawn = agreements.agreement_propose(
        project=cast.project,
        by=cast.carer,
        reason="We want a rule.",
        **{**SHORT_AGREEMENT, "ground_rules": "We listen."},
    )
    agreements.agreement_withdraw(proposal=withdrawn, by=cast.carer)
    withdrawals = events_for(cast.project).filter(verb="agreement.withdrawn").count()
    for proposal, status in (
        (adopted, AgreementProposal.Status.ADOPTED),
        (withdrawn, AgreementProposal.Status.WITHDRAWN),
    ):
        with pytest.raises(ValidationError, match="already closed"):
            agreements.agreement_withdraw(proposal=proposal, by=cast.lead)
        proposal.refresh_from_db()
        assert proposal.status == status
    assert events_for(cast.project).filter(verb="agreement.withdrawn").count() == withdrawals
