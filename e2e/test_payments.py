"""Fees and costs in the browser, checked by axe: a member claims their bus fare with a
photo of the ticket using only the keyboard; a finance officer agrees and pays it;
the member sees it paid."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from PIL import Image

from e2e.conftest import Visitor, sign_in_with_password
from ustogether.core.testing import Cast, make_cast
from ustogether.payments.models import Claim
from ustogether.payments.testing import make_claim, set_policy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(settings, tmp_path) -> Cast:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cast = make_cast()
    set_policy(cast)
    return cast


def _receipt(tmp_path) -> str:
    path = tmp_path / "bus-ticket.jpg"
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_a_member_claims_travel_with_a_receipt_photo_using_the_keyboard_alone(
    visitor: Visitor, cast: Cast, tmp_path
) -> None:
    page = visitor.page
    sign_in_with_password(visitor, cast.member.email)
    visitor.tab_to("Claim your fee and costs, and see what you were paid")
    visitor.press_and_wait("Enter")
    visitor.check("your fees and costs")
    visitor.tab_to("Start a claim")
    visitor.press_and_wait("Enter")
    visitor.check("start a claim")
    visitor.type_into("The day you took part", timezone.localdate().strftime("%d/%m/%Y"))
    visitor.type_into("What did you do?", "The group meeting at the library")
    visitor.tab_to("Start the claim")
    visitor.press_and_wait("Enter")
    page.wait_for_url(re.compile(r"/payments/claims/\d+/$"))
    visitor.check("a new claim with its fee")
    assert "£25.00" in page.locator("main table").inner_text()

    # The first choice, travel, is picked with Space; then the amount, then the photo.
    visitor.tab_to("Travel: bus, train, taxi or miles driven")
    page.keyboard.press("Space")
    visitor.type_into("How much did it cost, in pounds?", "12.40")
    visitor.type_into("More about it", "Bus there and back")
    visitor.tab_to("A photo of the receipt")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(_receipt(tmp_path))
    visitor.tab_to("Add this cost")
    visitor.press_and_wait("Enter")
    visitor.check("the claim with a cost added")
    table = page.locator("main table").inner_text()
    assert "£12.40" in table and "bus-ticket.jpg" in table and "£37.40" in table

    visitor.tab_to("Send the claim")
    visitor.press_and_wait("Enter")
    visitor.check("the claim sent")
    claim = Claim.objects.get(person=cast.member)
    assert claim.status == Claim.Status.SUBMITTED
    assert claim.lines.get(kind="expense").receipts.count() == 1


def test_a_bad_amount_keeps_what_was_typed_and_says_what_to_do(
    visitor: Visitor, cast: Cast
) -> None:
    claim = make_claim(cast, travel=None, submit=False)
    page = visitor.page
    sign_in_with_password(visitor, cast.member.email)
    visitor.visit(f"/payments/claims/{claim.pk}/", "a claim")
    page.get_by_label("Travel: bus, train, taxi or miles driven").check()
    page.get_by_label("How much did it cost, in pounds?").fill("45")
    page.get_by_label("More about it").fill("Taxi home")
    visitor.submit("Add this cost")
    visitor.check("a cost over the limit")
    assert "Say why, and it will be checked" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("More about it").input_value() == "Taxi home"
    page.get_by_label("If it cost more than the limit, say why").fill("The last bus had gone.")
    visitor.submit("Add this cost")
    visitor.check("a cost over the limit, with a reason")
    assert "More than the limit" in page.locator("main table").inner_text()


def test_a_finance_officer_agrees_and_pays_and_the_member_sees_it(new_visitor, cast: Cast) -> None:
    claim = make_claim(cast)
    finance = new_visitor()
    page = finance.page
    sign_in_with_password(finance, cast.finance.email)
    finance.visit(f"/organisations/{cast.organisation.slug}/", "the organisation")
    with page.expect_navigation():
        page.get_by_role("link", name="Claims to check and pay").click()
    finance.check("claims to check and pay")
    with page.expect_navigation():
        page.get_by_role("link", name=cast.member.display_name).first.click()
    finance.check("a claim to check")
    finance.submit("Agree the claim")
    finance.check("an agreed claim")
    with page.expect_navigation():
        page.get_by_role("link", name="Show it, to pay this claim").click()
    finance.check("how they want to be paid")
    page.get_by_label("Their number in your finance system").fill("SUP-0042")
    finance.submit("Save their reference")
    page.get_by_label("Bank transfer").check()
    page.get_by_label("Payment reference").fill("BACS 1001")
    finance.submit("Mark as paid")
    finance.check("a paid claim")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID
    assert claim.payout.reference == "BACS 1001", claim.payout.reference

    member = new_visitor()
    sign_in_with_password(member, cast.member.email)
    member.visit("/payments/", "your fees and costs, paid")
    assert "Paid" in member.page.locator("main table").inner_text()
    assert "£37.40" in member.page.locator("main").inner_text()
    member.visit(f"/payments/claims/{claim.pk}/", "your paid claim")
    assert "BACS 1001" in member.page.locator("main").inner_text()


def test_a_member_claims_for_a_meeting_they_took_part_in_using_the_keyboard(
    visitor: Visitor, cast: Cast
) -> None:
    from ustogether.payments.testing import past_meeting

    meeting = past_meeting(cast, title="Short breaks: what works", days_ago=3)
    meeting.invitees.filter(person=cast.member).update(attended="in_person")
    page = visitor.page
    sign_in_with_password(visitor, cast.member.email)
    visitor.visit("/payments/claims/new/", "start a claim, with a meeting to claim for")
    visitor.tab_to("Short breaks: what works, ")
    page.keyboard.press("Space")
    visitor.tab_to("Start the claim for this meeting")
    visitor.press_and_wait("Enter")
    page.wait_for_url(re.compile(r"/payments/claims/\d+/$"))
    visitor.check("a claim for a meeting")
    main = page.locator("main").inner_text()
    assert "Short breaks: what works" in main and "£25.00" in main
    assert Claim.objects.get(person=cast.member).meeting == meeting
