"""The everyday things a co-lead and a newcomer expect: removing a member, closing a
project, planned dates, what members see of the history, and what joining means."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ustogether.core.audit import events_for
from ustogether.core.testing import (
    SHORT_AGREEMENT,
    agree_agreement,
    make_cast,
    make_person,
)
from ustogether.projects import agreements, services
from ustogether.projects.models import Invitation, Membership, Project

pytestmark = pytest.mark.django_db


def signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


# Removing a member ---------------------------------------------------------------


def test_a_co_lead_removes_a_member_with_a_reason_they_are_told() -> None:
    cast = make_cast()
    membership = cast.project.memberships.get(person=cast.carer)
    services.membership_remove(membership=membership, by=cast.lead, reason="You asked us to.")
    membership.refresh_from_db()
    assert membership.left_at is not None
    assert membership.removed_by == cast.lead
    assert membership.removal_reason == "You asked us to."
    assert mail.outbox[-1].to == [cast.carer.email]
    assert "You asked us to." in mail.outbox[-1].body
    event = events_for(cast.project).get(verb="membership.removed")
    assert event.actor == cast.lead and "You asked" not in str(event.data)
    assert Membership.objects.filter(pk=membership.pk).exists()  # the record stays


def test_removing_needs_a_reason_a_co_lead_and_leaves_one_co_lead() -> None:
    cast = make_cast()
    carer = cast.project.memberships.get(person=cast.carer)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=carer, by=cast.lead, reason="  ")
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=carer, by=cast.member, reason="No.")
    lead = cast.project.memberships.get(person=cast.lead)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=lead, by=cast.org_admin, reason="Gone.")


def test_someone_removed_cannot_simply_join_again() -> None:
    cast = make_cast(joining=Project.Joining.OPEN)
    carer = cast.project.memberships.get(person=cast.carer)
    services.membership_remove(membership=carer, by=cast.lead, reason="Please talk to us first.")
    with pytest.raises(ValidationError, match="Ask a co-lead"):
        services.membership_join(project=cast.project, person=cast.carer, perspective="carer")


def test_removing_through_the_member_page() -> None:
    cast = make_cast()
    carer = cast.project.memberships.get(person=cast.carer)
    client = signed_in(cast.lead)
    url = reverse("projects:member", args=[cast.project.pk, carer.pk])
    assert "Remove Cath Carer" in client.get(url).content.decode()
    missing = client.post(url + "remove/", {"reason": ""})
    assert missing.status_code == 422
    assert "Say why, so the person knows." in missing.content.decode()
    done = client.post(url + "remove/", {"reason": "You asked to stop."})
    assert done["Location"] == reverse("projects:members", args=[cast.project.pk])
    members = client.get(done["Location"]).content.decode()
    assert url not in members
    assert '<td class="govuk-table__cell">Cath Carer' not in members


# Closing a project ------------------------------------------------------------------


def test_a_co_lead_closes_a_project_with_a_summary_and_everything_stops() -> None:
    cast = make_cast(joining=Project.Joining.OPEN)
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    proposal = agreements.agreement_propose(
        project=cast.project, by=cast.carer, reason="x", **{**SHORT_AGREEMENT, "ground_rules": "y"}
    )
    invitation = services.invitation_create(
        project=cast.project, by=cast.lead, email="late@example.org"
    )
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.project_close(project=cast.project, by=cast.lead, summary=" ")
    project = services.project_close(
        project=cast.project, by=cast.lead, summary="We made the bus stop safer."
    )
    assert project.is_closed and project.closing_summary == "We made the bus stop safer."
    invitation.refresh_from_db()
    proposal.refresh_from_db()
    assert invitation.status == Invitation.Status.WITHDRAWN
    assert proposal.status == proposal.Status.WITHDRAWN
    assert {m.to[0] for m in mail.outbox} == {
        cast.member.email,
        cast.carer.email,
        cast.observer.email,
    }
    with pytest.raises(ValidationError):
        services.membership_join(project=project, person=make_person(), perspective="carer")
    with pytest.raises(ValidationError):
        services.invitation_create(project=project, by=cast.lead, email="new@example.org")
    with pytest.raises(ValidationError):
        agreements.agreement_propose(project=project, by=cast.lead, reason="z", **SHORT_AGREEMENT)
    page = Client().get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "This project finished on" in page
    assert "We made the bus stop safer." in page
    assert "Join this project" not in page


def test_only_co_leads_close_and_a_closed_project_opens_again() -> None:
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        services.project_close(project=cast.project, by=cast.member, summary="Done.")
    services.project_close(project=cast.project, by=cast.lead, summary="Done.")
    response = signed_in(cast.lead).post(
        reverse("projects:close", args=[cast.project.pk]), {"reopen": "1"}
    )
    assert response.status_code == 302
    cast.project.refresh_from_db()
    assert not cast.project.is_closed
    assert {"project.closed", "project.reopened"} <= {e.verb for e in events_for(cast.project)}


def test_the_close_page_keeps_the_summary_when_only_checking_it() -> None:
    cast = make_cast()
    url = reverse("projects:close", args=[cast.project.pk])
    response = signed_in(cast.lead).post(
        url, {"summary": "We will leverage the findings.", "plain_check": "summary"}
    )
    assert response.status_code == 200
    assert "Try not to use ‘leverage’" in response.content.decode()
    cast.project.refresh_from_db()
    assert not cast.project.is_closed


# Planned dates -------------------------------------------------------------------------


def test_stages_have_planned_dates_shown_on_the_project_page() -> None:
    cast = make_cast()
    stages = list(cast.project.stages.all())
    data = {f"stage_{s.pk}": s.name for s in stages}
    data |= {f"start_{stages[0].pk}": "2026-03-01", f"end_{stages[0].pk}": "31/5/2026"}
    response = signed_in(cast.lead).post(reverse("projects:stages", args=[cast.project.pk]), data)
    assert response.status_code == 302
    stages[0].refresh_from_db()
    assert (stages[0].planned_start, stages[0].planned_end) == (date(2026, 3, 1), date(2026, 5, 31))
    page = Client().get(reverse("projects:detail", args=[cast.project.pk])).content.decode()
    assert "Planned: 1 March 2026 to 31 May 2026" in page
    assert events_for(cast.project).filter(verb="project.stage_planned").count() == 1


def test_a_planned_end_before_the_start_is_refused_plainly() -> None:
    cast = make_cast()
    stages = list(cast.project.stages.all())
    data = {f"stage_{s.pk}": s.name for s in stages}
    data |= {f"start_{stages[1].pk}": "2026-06-01", f"end_{stages[1].pk}": "2026-05-01"}
    data[f"start_{stages[2].pk}"] = "next spring"
    response = signed_in(cast.lead).post(reverse("projects:stages", args=[cast.project.pk]), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter a date like 31/3/2026." in html
    data[f"start_{stages[2].pk}"] = ""
    response = signed_in(cast.lead).post(reverse("projects:stages", args=[cast.project.pk]), data)
    assert response.status_code == 422
    assert "The planned end must be on or after the planned start." in response.content.decode()


# What has happened ------------------------------------------------------------------------


def test_members_read_what_has_happened_without_what_is_private_to_co_leads() -> None:
    cast = make_cast()
    services.invitation_create(project=cast.project, by=cast.lead, email="secret@example.org")
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    url = reverse("projects:events", args=[cast.project.pk])
    member_view = signed_in(cast.member).get(url).content.decode()
    assert "The members agreed a new version of the agreement" in member_view
    assert "Sent an invitation" not in member_view
    assert "secret@example.org" not in member_view
    lead_view = signed_in(cast.lead).get(url).content.decode()
    assert "secret@example.org" in lead_view


# What joining means -------------------------------------------------------------------------


def test_the_public_page_and_join_page_say_what_joining_means() -> None:
    cast = make_cast(joining=Project.Joining.OPEN)
    Project.objects.filter(pk=cast.project.pk).update(
        time_needed="About 3 hours a month.", meetings="Once a month at the library."
    )
    agree_agreement(
        cast.project,
        cast.lead,
        **{
            **SHORT_AGREEMENT,
            "decisions": "We vote, and everyone has one vote.",
            "payment_and_support": "£20 an hour, paid within 10 days.",
        },
    )
    public = Client().get(reverse("projects:detail", args=[cast.project.pk])).content.decode()
    for words in (
        "What joining means",
        "About 3 hours a month.",
        "Once a month at the library.",
        "£20 an hour, paid within 10 days.",
        "The agreement’s main points",
        "We vote, and everyone has one vote.",
    ):
        assert words in public, words
    join = signed_in(cast.outsider).get(reverse("projects:join", args=[cast.project.pk]))
    html = join.content.decode()
    assert "Your perspective is what you know that helps the project" in html
    assert "Carer: you look after someone" in html
    assert "About 3 hours a month." in html
    # Members do not need to be told again on their own project page.
    member = signed_in(cast.member).get(reverse("projects:detail", args=[cast.project.pk]))
    assert "What joining means" not in member.content.decode()


def test_time_and_meetings_are_saved_with_the_project() -> None:
    cast = make_cast()
    project = cast.project
    services.project_update(
        project=project,
        by=cast.lead,
        title=project.title,
        purpose=project.purpose,
        visibility=project.visibility,
        joining=project.joining,
        current_stage=project.current_stage,  # type: ignore[arg-type]
        needed_perspectives={},
        time_needed=" Two hours a week. ",
        meetings="Online on Tuesdays.",
    )
    project.refresh_from_db()
    assert (project.time_needed, project.meetings) == ("Two hours a week.", "Online on Tuesdays.")


def test_every_project_event_has_a_plain_label() -> None:
    import re
    from pathlib import Path

    from ustogether.projects.queries import EVENT_LABELS

    root = Path(__file__).resolve().parents[2]
    verbs = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        verbs |= set(re.findall(r'record_event\(\s*[^,]+,\s*"([a-z_]+\.[a-z_]+)"', text))
        verbs |= set(re.findall(r'"((?:glossary|agreement)\.[a-z_]+)" if', text))
    project_verbs = {v for v in verbs if not v.startswith(("person.", "organisation."))}
    assert project_verbs, "no events found"
    assert project_verbs <= set(EVENT_LABELS), sorted(project_verbs - set(EVENT_LABELS))


def test_closing_an_account_removes_why_they_were_removed_but_not_that_they_were() -> None:
    from ustogether.people import services as people_services

    cast = make_cast()
    carer = cast.project.memberships.get(person=cast.carer)
    services.membership_remove(membership=carer, by=cast.lead, reason="Cath kept missing meetings.")
    people_services.person_erase(person=cast.carer, by=cast.carer)
    carer.refresh_from_db()
    assert carer.removal_reason == ""
    assert carer.removed_by == cast.lead and carer.left_at is not None


def test_the_data_download_says_why_someone_was_removed() -> None:
    from ustogether.people import services as people_services

    cast = make_cast()
    carer = cast.project.memberships.get(person=cast.carer)
    services.membership_remove(membership=carer, by=cast.lead, reason="You asked us to.")
    data = people_services.person_data_export(person=cast.carer)
    assert data["projects"][0]["why_you_were_removed"] == "You asked us to."  # type: ignore[index]
