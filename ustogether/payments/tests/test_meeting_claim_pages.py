"""Claims for meetings, through the pages: attendance recorded on the meeting's page
starts the claims; a person sees which meeting each claim is for, and starts one for
a meeting they took part in; the refusals say what to do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ustogether.core.testing import Cast, make_cast
from ustogether.meetings.models import Meeting
from ustogether.payments import services
from ustogether.payments.models import Claim, ExpenseKind
from ustogether.payments.testing import past_meeting
from ustogether.people.models import Person

pytestmark = pytest.mark.django_db


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_saving_who_took_part_on_the_meeting_page_starts_their_claims(cast: Cast) -> None:
    meeting = past_meeting(
        cast, fee_basis=Meeting.FeeBasis.PER_SESSION, fee_amount=Decimal("30.00")
    )
    url = reverse("meetings:attendance", args=[cast.project.pk, meeting.pk])
    form = {
        f"person_{cast.member.pk}": "in_person",
        f"person_{cast.carer.pk}": "absent",
        f"person_{cast.lead.pk}": "",
        f"person_{cast.observer.pk}": "",
    }
    client = _client(cast.lead)
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # saved twice: still one claim
    claim = Claim.objects.get(meeting=meeting)
    assert claim.person == cast.member
    assert claim.lines.get().amount == Decimal("30.00")


def test_the_claim_and_the_list_show_the_meeting_and_its_day_in_london(cast: Cast) -> None:
    meeting = past_meeting(cast, title="Summer planning evening")
    # 11:30 at night in UTC is half past midnight the next day in London (summer time).
    starts = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    meeting.invitees.filter(person=cast.member).update(attended="in_person")
    meeting.refresh_from_db()
    claim = services.claim_start_for_meeting(meeting=meeting, person=cast.member, by=cast.member)
    assert claim.activity_date == dt.date(2026, 7, 2)
    client = _client(cast.member)
    page = _text(client.get(reverse("payments:claim", args=[claim.pk])))
    assert "Summer planning evening, Thursday 2 July 2026" in page
    listing = _text(client.get(reverse("payments:home")))
    assert "Summer planning evening" in listing and "2 Jul 2026" in listing
    # The co-lead and the finance officer see it too.
    for who in (cast.lead, cast.finance):
        assert "Summer planning evening" in _text(
            _client(who).get(reverse("payments:claim", args=[claim.pk]))
        )


def test_the_start_page_offers_meetings_taken_part_in_with_no_claim_yet(cast: Cast) -> None:
    past_meeting(cast, title="Claimed already", attended={cast.member: "in_person"})
    missed = past_meeting(cast, title="Missed this one", attended={cast.member: "absent"})
    to_claim = past_meeting(cast, title="Not claimed yet", days_ago=6)
    to_claim.invitees.filter(person=cast.member).update(attended="online")
    client = _client(cast.member)
    page = _text(client.get(reverse("payments:claim_new")))
    assert "For a meeting you took part in" in page
    assert "Not claimed yet" in page
    assert "Claimed already" not in page and "Missed this one" not in page
    response = client.post(reverse("payments:claim_new_meeting"), {"meeting": to_claim.pk})
    claim = Claim.objects.get(meeting=to_claim, person=cast.member)
    assert response.status_code == 302
    assert response["Location"] == reverse("payments:claim", args=[claim.pk])
    assert claim.lines.get().amount == Decimal("25.00")
    assert "Not claimed yet" not in _text(client.get(reverse("payments:claim_new")))
    assert missed.claims.count() == 0


def test_a_claim_for_a_meeting_not_attended_gets_a_plain_message(cast: Cast) -> None:
    missed = past_meeting(cast, title="Missed this one", attended={cast.member: "absent"})
    client = _client(cast.member)
    response = client.post(
        reverse("payments:claim_new_meeting"), {"meeting": missed.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("payments:claim_new")
    assert (
        "You cannot claim for “Missed this one”. The record says you did not take part. "
        "If you did, ask a co-lead of the project to change who took part."
    ) in _text(response)
    assert not missed.claims.exists()


def test_a_second_claim_for_a_meeting_sends_the_person_to_the_first(cast: Cast) -> None:
    meeting = past_meeting(cast, title="Claimed already", attended={cast.member: "in_person"})
    first = Claim.objects.get(meeting=meeting)
    response = _client(cast.member).post(
        reverse("payments:claim_new_meeting"), {"meeting": meeting.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("payments:claim", args=[first.pk])
    assert "You already have a claim for “Claimed already”" in _text(response)
    assert meeting.claims.count() == 1


def test_choosing_no_meeting_or_one_not_theirs_says_what_to_do(cast: Cast) -> None:
    mine = past_meeting(cast, title="Not claimed yet")
    mine.invitees.filter(person=cast.member).update(attended="in_person")
    other = make_cast()
    theirs = past_meeting(other, title="Another group's meeting", attended={other.member: "online"})
    client = _client(cast.member)
    empty = client.post(reverse("payments:claim_new_meeting"), {})
    assert empty.status_code == 422
    assert "Choose the meeting you took part in." in _text(empty)
    assert "Not claimed yet" in _text(empty)
    stranger = client.post(reverse("payments:claim_new_meeting"), {"meeting": theirs.pk})
    assert stranger.status_code == 422
    assert "Choose a meeting from the list." in _text(stranger)
    assert "Another group&#x27;s meeting" not in _text(stranger)
    assert not Claim.objects.filter(person=cast.member).exists()


def test_a_draft_cannot_be_sent_once_the_record_says_they_did_not_take_part(
    cast: Cast,
) -> None:
    meeting = past_meeting(cast, title="Put right later", attended={cast.member: "in_person"})
    claim = Claim.objects.get(meeting=meeting)
    services.claim_add_expense(
        claim=claim, by=cast.member, expense_kind=ExpenseKind.TRAVEL, amount="3.20"
    )
    meeting.invitees.filter(person=cast.member).update(attended="absent")
    response = _client(cast.member).post(
        reverse("payments:claim_submit", args=[claim.pk]), follow=True
    )
    assert "the record now says you did not take part" in _text(response)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_and_start_pages_cost_the_same_with_many_meetings(cast: Cast) -> None:
    client = _client(cast.member)
    pages = [reverse("payments:home"), reverse("payments:claim_new")]
    claimed = past_meeting(cast, title="Claimed", attended={cast.member: "in_person"})
    open_one = past_meeting(cast, title="To claim")
    open_one.invitees.filter(person=cast.member).update(attended="online")
    few = [_count(client, page) for page in pages]
    for n in range(5):
        past_meeting(cast, title=f"Claimed {n}", days_ago=3 + n, attended={cast.member: "online"})
        extra = past_meeting(cast, title=f"To claim {n}", days_ago=3 + n)
        extra.invitees.filter(person=cast.member).update(attended="phone")
    assert [_count(client, page) for page in pages] == few
    assert claimed.claims.count() == 1
    assert len(services.meetings_to_claim_for(cast.member)) == 6


def test_claiming_the_day_of_a_claimed_meeting_as_something_else_is_refused(cast: Cast) -> None:
    meeting = past_meeting(cast, title="Claimed already", attended={cast.member: "in_person"})
    first = Claim.objects.get(meeting=meeting)
    response = _client(cast.member).post(
        reverse("payments:claim_new"),
        {
            "project": cast.project.pk,
            "kind": "activity",
            "activity": "meeting",
            "activity_date": first.activity_date.strftime("%d/%m/%Y"),
            "unit": "session",
            "quantity": "1",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("payments:claim", args=[first.pk])
    assert "You already have a claim for “Claimed already”" in _text(response)
    assert Claim.objects.filter(person=cast.member).count() == 1
    # A co-lead starting one for them that day is sent to it, and may help with it there.
    lead = _client(cast.lead)
    response = lead.post(
        reverse("payments:project_claims", args=[cast.project.pk]),
        {
            "person": cast.project.memberships.get(person=cast.member).pk,
            "activity_date": first.activity_date.strftime("%d/%m/%Y"),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("payments:claim", args=[first.pk])
    assert "They already have a claim for “Claimed already”" in _text(response)
    assert "Help them with this claim" in _text(response)
    assert Claim.objects.filter(person=cast.member).count() == 1
    lead.post(reverse("payments:claim_help", args=[first.pk]))
    lead.post(
        reverse("payments:claim_add_expense", args=[first.pk]),
        {"expense_kind": "travel", "amount": "5.60", "description": "Bus"},
    )
    lead.post(reverse("payments:claim_submit", args=[first.pk]))
    first.refresh_from_db()
    assert first.made_by == cast.lead and first.status == Claim.Status.SUBMITTED
    assert first.lines.count() == 2
    # Having helped, they do not agree it themselves; the finance officer can.
    page = _text(lead.get(reverse("payments:claim", args=[first.pk])))
    assert "Agree the claim" not in page
    assert "Agree the claim" in _text(
        _client(cast.finance).get(reverse("payments:claim", args=[first.pk]))
    )


def test_a_claim_for_a_day_to_come_still_says_what_to_do(cast: Cast) -> None:
    """Errors about one box still show beside it (not only the meeting ones)."""
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = _client(cast.member).post(
        reverse("payments:claim_new"),
        {
            "project": cast.project.pk,
            "kind": "activity",
            "activity": "meeting",
            "activity_date": tomorrow,
            "unit": "session",
            "quantity": "1",
        },
    )
    assert response.status_code == 422
    assert "Claim after you have taken part, not before." in _text(response)
    page = _client(cast.lead).post(
        reverse("payments:project_claims", args=[cast.project.pk]),
        {
            "person": cast.project.memberships.get(person=cast.member).pk,
            "activity_date": tomorrow,
        },
    )
    assert page.status_code == 422
    assert "Claim after you have taken part, not before." in _text(page)
    assert not Claim.objects.exists()


def test_saving_who_took_part_says_claims_were_started_and_taken_back(cast: Cast) -> None:
    meeting = past_meeting(cast, title="Said on the page")
    url = reverse("meetings:attendance", args=[cast.project.pk, meeting.pk])
    everyone = {f"person_{i.person_id}": "absent" for i in meeting.invitees.all()}
    lead = _client(cast.lead)
    there = {
        **everyone,
        f"person_{cast.member.pk}": "in_person",
        f"person_{cast.carer.pk}": "online",
    }
    first = lead.post(url, there, follow=True)
    assert (
        "Saved who took part. Claims for 2 people are ready for them to check and send."
        in _text(first)
    )
    put_right = {**there, f"person_{cast.carer.pk}": "absent"}
    second = lead.post(url, put_right, follow=True)
    assert (
        "Saved who took part. 1 claim not yet sent was taken back, as the record now says "
        "they did not take part." in _text(second)
    )
    assert Claim.objects.get(meeting=meeting, person=cast.carer).status == Claim.Status.WITHDRAWN
    # Saving again with nothing new to do says only that it was saved.
    third = lead.post(url, put_right, follow=True)
    assert "Saved who took part." in _text(third)
    assert "ready for them" not in _text(third) and "taken back" not in _text(third)
