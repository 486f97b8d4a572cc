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
