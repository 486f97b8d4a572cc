"""Who may suggest, add and turn down glossary words, and what the services refuse,
called directly: found by mutation testing (`make mutation`), where a check could
lose a condition and no test noticed. Each refusal leaves the glossary as it was."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ustogether.core.testing import Cast, make_cast, make_person
from ustogether.people.models import OrganisationMembership
from ustogether.plainlanguage import services
from ustogether.plainlanguage.models import LocalTerm
from ustogether.projects import services as services_projects
from ustogether.projects.models import Membership

pytestmark = pytest.mark.django_db

WORDS: dict[str, Any] = {
    "term": "Riverside Hub",
    "plain": "the day centre",
    "definition": "Our day centre.",
}


def suggested(cast: Cast) -> LocalTerm:
    """A word a member suggested for the cast's project."""
    return services.glossary_suggest(
        by=cast.member, organisation=cast.organisation, project=cast.project, **WORDS
    )


def refused_to_decide(local: LocalTerm, by: object) -> None:
    """Neither adding nor turning down is allowed, and the word is as it was."""
    with pytest.raises(PermissionDenied):
        services.glossary_accept(local=local, by=by, **WORDS)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        services.glossary_turn_down(local=local, by=by, reason="No.")  # type: ignore[arg-type]
    local.refresh_from_db()
    assert local.status == LocalTerm.Status.SUGGESTED
    assert local.decided_by_id is None


def test_a_project_member_cannot_suggest_a_word_to_another_organisation() -> None:
    """The project must belong to the organisation the word is for."""
    cast = make_cast()
    other = make_cast().organisation
    with pytest.raises(PermissionDenied):
        services.glossary_suggest(by=cast.member, organisation=other, project=cast.project, **WORDS)
    assert not LocalTerm.objects.exists()


def test_only_the_organisations_own_people_suggest_words_for_it_with_no_project() -> None:
    cast = make_cast()
    elsewhere = make_cast()  # its finance officer is in another organisation only
    for person in (cast.outsider, elsewhere.finance, elsewhere.org_admin):
        with pytest.raises(PermissionDenied):
            services.glossary_suggest(by=person, organisation=cast.organisation, **WORDS)
    assert not LocalTerm.objects.exists()
    local = services.glossary_suggest(by=cast.finance, organisation=cast.organisation, **WORDS)
    assert (local.organisation, local.project) == (cast.organisation, None)


def test_members_finance_officers_and_outsiders_do_not_decide() -> None:
    cast = make_cast()
    local = suggested(cast)
    for person in (cast.member, cast.carer, cast.observer, cast.finance, cast.outsider):
        refused_to_decide(local, person)


def test_an_organisation_admin_or_glossary_writer_decides_with_no_project_role() -> None:
    cast = make_cast()
    writer = make_person("Gill Writer")
    OrganisationMembership.objects.create(
        organisation=cast.organisation,
        person=writer,
        role=OrganisationMembership.Role.GLOSSARY_WRITER,
    )
    first = suggested(cast)
    services.glossary_accept(local=first, by=cast.org_admin, **WORDS)
    first.refresh_from_db()
    assert (first.status, first.decided_by) == (LocalTerm.Status.ACCEPTED, cast.org_admin)
    second = services.glossary_suggest(
        by=cast.member,
        organisation=cast.organisation,
        project=cast.project,
        term="MDT",
        plain="team",
        definition="A team of workers.",
    )
    services.glossary_turn_down(local=second, by=writer, reason="We say team already.")
    second.refresh_from_db()
    assert (second.status, second.decided_by) == (LocalTerm.Status.TURNED_DOWN, writer)


def test_a_co_lead_with_no_organisation_role_decides_on_their_projects_words_only() -> None:
    cast = make_cast()
    services_projects.membership_change_role(
        membership=cast.project.memberships.get(person=cast.carer),
        by=cast.lead,
        role=Membership.Role.CO_LEAD,
    )
    organisation_word = services.glossary_suggest(
        by=cast.finance, organisation=cast.organisation, **WORDS
    )
    # A word for the whole organisation is not a project's: a co-lead alone does not decide.
    refused_to_decide(organisation_word, cast.carer)
    project_word = suggested(cast)
    services.glossary_accept(local=project_word, by=cast.carer, **WORDS)
    project_word.refresh_from_db()
    assert (project_word.status, project_word.decided_by) == (
        LocalTerm.Status.ACCEPTED,
        cast.carer,
    )


@pytest.mark.parametrize("missing", sorted(WORDS))
def test_a_suggestion_needs_the_word_plain_words_and_a_meaning(missing: str) -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        services.glossary_suggest(
            by=cast.member,
            organisation=cast.organisation,
            project=cast.project,
            **{**WORDS, missing: "  "},
        )
    assert set(error.value.message_dict) == {missing}
    assert not LocalTerm.objects.exists()


@pytest.mark.parametrize("missing", sorted(WORDS))
def test_adding_a_word_needs_the_word_plain_words_and_a_meaning(missing: str) -> None:
    cast = make_cast()
    local = suggested(cast)
    with pytest.raises(ValidationError) as error:
        services.glossary_accept(local=local, by=cast.lead, **{**WORDS, missing: " "})
    assert set(error.value.message_dict) == {missing}
    local.refresh_from_db()
    assert local.status == LocalTerm.Status.SUGGESTED
    assert (local.term, local.plain, local.definition) == tuple(
        WORDS[k] for k in ("term", "plain", "definition")
    )


def test_a_question_with_no_word_is_refused_by_the_service() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        services.glossary_suggest(
            by=cast.member,
            organisation=cast.organisation,
            project=cast.project,
            term=" ",
            question=True,
        )
    assert set(error.value.message_dict) == {"term"}
    assert not LocalTerm.objects.exists()


def test_a_word_already_in_the_glossary_is_not_added_twice_whatever_its_capitals() -> None:
    cast = make_cast()
    first = suggested(cast)
    services.glossary_accept(local=first, by=cast.lead, **WORDS)
    again = services.glossary_suggest(
        by=cast.carer,
        organisation=cast.organisation,
        project=cast.project,
        **{**WORDS, "term": "riverside HUB"},
    )
    with pytest.raises(ValidationError) as error:
        services.glossary_accept(local=again, by=cast.lead, **{**WORDS, "term": "riverside HUB"})
    assert set(error.value.message_dict) == {"term"}
    again.refresh_from_db()
    assert again.status == LocalTerm.Status.SUGGESTED
    assert LocalTerm.objects.filter(status=LocalTerm.Status.ACCEPTED).get() == first
    # Another organisation may have the same word.
    elsewhere = make_cast()
    theirs = services.glossary_suggest(
        by=elsewhere.member,
        organisation=elsewhere.organisation,
        project=elsewhere.project,
        **WORDS,
    )
    services.glossary_accept(local=theirs, by=elsewhere.lead, **WORDS)
    theirs.refresh_from_db()
    assert theirs.status == LocalTerm.Status.ACCEPTED
