"""The demo shows the failures payments exist to show, and a good example."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ustogether.payments.models import Claim
from ustogether.payments.queries import promptness
from ustogether.people.models import Organisation, Person
from ustogether.projects import demo_data as demo

pytestmark = pytest.mark.django_db
S = Claim.Status


def test_the_demo_has_a_good_example_a_late_payment_no_fee_set_and_a_queue() -> None:
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    council = Organisation.objects.get(name="Brackenmoor Borough Council")
    trust = Organisation.objects.exclude(pk=council.pk).get()
    good = promptness(council)
    assert good.paid >= 5 and good.paid_on_time == good.paid
    assert good.median_days_to_pay is not None and good.median_days_to_pay <= 7
    assert good.overdue_now == 1, "one agreed claim is past the council's promise"
    late = promptness(trust)
    assert late.paid_on_time < late.paid, "the trust paid late"
    claims = Claim.objects.all()
    assert claims.filter(status=S.QUERIED).exists()
    assert claims.filter(fee_declined=True).exists()
    assert claims.filter(no_fee_set=True, organisation=trust).exists()
    assert claims.filter(status=S.SUBMITTED, organisation=council).count() >= 2
    assert claims.filter(lines__receipts__isnull=False).exists()

    # The council's finance officer sees the queue, with the late claim.
    finance = Person.objects.get(email=demo.demo_email("finance"))
    client = Client()
    client.force_login(finance)
    page = client.get(reverse("payments:queue", args=[council.slug])).content.decode()
    assert "1 claim is late" in page
    member = Person.objects.get(email=demo.demo_email("member"))
    client.force_login(member)
    assert "Paid" in client.get(reverse("payments:home")).content.decode()


def test_the_demo_has_claims_started_by_recording_who_came_to_its_meetings() -> None:
    from decimal import Decimal

    from ustogether.meetings.models import Invitee
    from ustogether.payments.demo_data import SUMMER_TRIPS, TIMETABLE

    call_command("seed_demo", verbosity=0, stdout=StringIO())
    member = Person.objects.get(email=demo.demo_email("member"))
    # The fee agreed for the meeting (£30), claimed, agreed and paid.
    paid = Claim.objects.get(meeting__title=TIMETABLE, person=member)
    assert paid.status == S.PAID
    assert paid.lines.get(kind="fee").amount == Decimal("30.00")
    # Whoever did not come has no claim for it.
    absent = Invitee.objects.filter(meeting=paid.meeting, attended="absent")
    assert absent.exists()
    assert not Claim.objects.filter(
        meeting=paid.meeting, person__in=absent.values("person")
    ).exists()
    # Danny's claim for the last meeting waits for him, with the council's £25 rate.
    waiting = Claim.objects.get(meeting__title=SUMMER_TRIPS, person=member)
    assert waiting.status == S.DRAFT
    assert waiting.lines.get().amount == Decimal("25.00")
    # Someone who turned the fee down has sent a claim for their costs only.
    declined = Claim.objects.get(meeting__title=SUMMER_TRIPS, fee_declined=True)
    assert declined.status == S.SUBMITTED
    assert not declined.lines.filter(kind="fee").exists()
    # The meetings demo's focus group: attendance recorded, claims ready, fee set.
    focus = Claim.objects.filter(meeting__title="What makes a good break?")
    assert focus.exists() and not focus.filter(no_fee_set=True).exists()

    client = Client()
    client.force_login(member)
    page = client.get(reverse("payments:claim", args=[waiting.pk])).content.decode()
    assert SUMMER_TRIPS in page
    assert TIMETABLE in client.get(reverse("payments:home")).content.decode()

    # Made again: the claims go before the meetings they are for.
    call_command("seed_demo", "--force", verbosity=0, stdout=StringIO())
    assert Claim.objects.filter(meeting__title=TIMETABLE).count() == 2
