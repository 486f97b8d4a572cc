"""Every payments page and action, tried as every kind of person.

A person sees their own claims; finance officers see all the organisation's;
co-leads see their project's without receipts; nobody else sees any (404)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ustogether.core.testing import Cast, make_cast
from ustogether.payments import services
from ustogether.payments.models import Claim, ExpenseKind, Payout
from ustogether.payments.testing import make_claim, photo, set_policy

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "outsider", "finance", "observer", "member", "carer", "lead", "org_admin"]
EVERYONE = dict.fromkeys(PEOPLE, 200)
SIGNED_IN = {**EVERYONE, "anonymous": 302}
# The claim is the member's.
CLAIM_SEERS = {
    "anonymous": 302,
    "outsider": 404,
    "finance": 200,
    "observer": 404,
    "member": 200,
    "carer": 404,
    "lead": 200,
    "org_admin": 404,
}
FINANCE_ONLY = {**dict.fromkeys(PEOPLE, 404), "anonymous": 302, "finance": 200}
POLICY_SETTERS = {
    **dict.fromkeys(PEOPLE, 403),
    "anonymous": 302,
    "finance": 200,
    "org_admin": 200,
}
TABLE: dict[str, dict[str, int]] = {
    "home": SIGNED_IN,
    "choices": SIGNED_IN,
    "advice": EVERYONE,
    "claim_new": SIGNED_IN,
    # A form's target: sent, never opened (see the test of who may send it below).
    "claim_new_meeting": {**dict.fromkeys(PEOPLE, 405), "anonymous": 302},
    "claim": CLAIM_SEERS,
    # Co-leads see the claim, not the receipts.
    "receipt": {**CLAIM_SEERS, "lead": 403},
    "policy": EVERYONE,
    "policy_edit": POLICY_SETTERS,
    "queue": FINANCE_ONLY,
    "export": FINANCE_ONLY,
    "project_claims": {**dict.fromkeys(PEOPLE, 404), "anonymous": 302, "lead": 200},
}


@pytest.fixture
def scene() -> tuple[Cast, Claim]:
    cast = make_cast()
    set_policy(cast)
    claim = make_claim(cast, travel=None, submit=False)
    services.claim_add_expense(
        claim=claim, by=cast.member, expense_kind=ExpenseKind.TRAVEL, amount="8", receipt=photo()
    )
    claim = services.claim_submit(claim=claim, by=cast.member)
    return cast, claim


def _url(page: str, cast: Cast, claim: Claim) -> str:
    slug = cast.organisation.slug
    if page in ("home", "choices", "advice", "claim_new", "claim_new_meeting"):
        return reverse(f"payments:{page}")
    if page == "claim":
        return reverse("payments:claim", args=[claim.pk])
    if page == "receipt":
        receipt = claim.lines.get(kind="expense").receipts.get()
        return reverse("payments:receipt", args=[claim.pk, receipt.pk])
    if page == "export":
        return (
            reverse("payments:export", args=[slug]) + "?start=2020-01-01&end=2099-01-01&format=csv"
        )
    if page == "project_claims":
        return reverse("payments:project_claims", args=[cast.project.pk])
    return reverse(f"payments:{page}", args=[slug])


def _client(cast: Cast, who: str) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(cast, who))
    return client


@pytest.mark.parametrize("page", TABLE)
def test_who_gets_which_payments_page(scene: tuple[Cast, Claim], page: str) -> None:
    cast, claim = scene
    url = _url(page, cast, claim)
    got = {who: _client(cast, who).get(url).status_code for who in PEOPLE}
    assert got == TABLE[page], page


def test_every_payments_page_is_in_the_table() -> None:
    from ustogether.payments.urls import urlpatterns

    pages = {p.name for p in urlpatterns if p.name not in ACTIONS_BY_NAME}
    assert pages == set(TABLE)


# Each action: the people who may do it, and what they send.
ACTIONS: dict[str, tuple[set[str], dict[str, Any]]] = {
    "claim_approve": ({"finance", "lead"}, {}),
    "claim_query": ({"finance", "lead"}, {"text": "Which bus was it?"}),
    "claim_withdraw": ({"member"}, {}),
    "claim_pay": ({"finance"}, {"paid_on": "", "method": "bank", "reference": "R1"}),
    "claim_payee": ({"finance"}, {"payee_reference": "SUP-0042"}),
    "claim_add_expense": ({"member"}, {"expense_kind": "meals", "amount": "4.50"}),
    "claim_remove_line": ({"member"}, {}),
    "claim_submit": ({"member"}, {}),
    "claim_help": ({"lead"}, {}),
    "rate_add": (
        {"finance", "org_admin"},
        {"activity": "", "role": "", "unit": "day", "amount": "90"},
    ),
    "rate_remove": ({"finance", "org_admin"}, {}),
}
ACTIONS_BY_NAME = set(ACTIONS)


def _prepare(action: str, cast: Cast, claim: Claim) -> tuple[str, Claim]:
    """Put the claim where the action makes sense, and give its address."""
    if action == "claim_pay":
        services.claim_approve(claim=claim, by=cast.finance)
    if action in ("claim_add_expense", "claim_remove_line", "claim_submit", "claim_help"):
        services.claim_query(claim=claim, by=cast.finance, text="Add your lunch.")
    if action == "claim_remove_line":
        line = claim.lines.get(kind="expense")
        return reverse("payments:claim_remove_line", args=[claim.pk, line.pk]), claim
    if action == "rate_add":
        return reverse("payments:rate_add", args=[cast.organisation.slug]), claim
    if action == "rate_remove":
        rate = services.policy_for(cast.organisation).rates.first()
        assert rate is not None
        return reverse("payments:rate_remove", args=[cast.organisation.slug, rate.pk]), claim
    return reverse(f"payments:{action}", args=[claim.pk]), claim


def _state(cast: Cast, claim: Claim) -> tuple[Any, ...]:
    claim.refresh_from_db()
    return (
        claim.status,
        claim.made_by_id,
        claim.lines.count(),
        Payout.objects.count(),
        services.policy_for(cast.organisation).rates.count(),
        cast.organisation.claims.filter(person=cast.member).count(),
    )


@pytest.mark.parametrize("action", ACTIONS)
def test_people_who_may_not_act_on_a_claim_change_nothing(
    scene: tuple[Cast, Claim], action: str
) -> None:
    cast, claim = scene
    url, claim = _prepare(action, cast, claim)
    allowed, data = ACTIONS[action]
    before = _state(cast, claim)
    for who in PEOPLE:
        if who in allowed:
            continue
        response = _client(cast, who).post(url, _data(action, data))
        expected = (302,) if who == "anonymous" else (403, 404)
        assert response.status_code in expected, (action, who, response.status_code)
        assert _state(cast, claim) == before, (action, who)


@pytest.mark.parametrize(
    ("action", "who"), [(a, w) for a, (ok, _d) in ACTIONS.items() for w in sorted(ok)]
)
def test_people_who_may_act_on_a_claim_can(
    scene: tuple[Cast, Claim], action: str, who: str
) -> None:
    cast, claim = scene
    url, claim = _prepare(action, cast, claim)
    before = _state(cast, claim)
    response = _client(cast, who).post(url, _data(action, ACTIONS[action][1]))
    assert response.status_code == 302, (action, who, response.status_code)
    if action == "claim_payee":
        assert cast.member.payee_references.get().reference == "SUP-0042"
    else:
        assert _state(cast, claim) != before, f"{action} by {who} changed nothing"


def _data(action: str, data: dict[str, Any]) -> dict[str, Any]:
    if action == "claim_pay":
        return {**data, "paid_on": timezone.localdate().strftime("%d/%m/%Y")}
    return data


def test_a_co_lead_sees_the_claim_but_not_its_receipts(scene: tuple[Cast, Claim]) -> None:
    cast, claim = scene
    page = _client(cast, "lead").get(reverse("payments:claim", args=[claim.pk])).content.decode()
    assert "Only the finance team sees receipts" in page
    assert "bus-ticket.jpg" not in page
    finance_page = (
        _client(cast, "finance").get(reverse("payments:claim", args=[claim.pk])).content.decode()
    )
    assert "bus-ticket.jpg" in finance_page


def test_a_receipt_is_served_as_stored_and_not_kept_in_caches(scene: tuple[Cast, Claim]) -> None:
    cast, claim = scene
    response = _client(cast, "member").get(_url("receipt", cast, claim))
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body[:2] == b"\xff\xd8"


def test_another_organisations_finance_officer_sees_nothing(scene: tuple[Cast, Claim]) -> None:
    cast, claim = scene
    other = make_cast()
    client = _client(other, "finance")
    assert client.get(reverse("payments:claim", args=[claim.pk])).status_code == 404
    assert client.get(reverse("payments:queue", args=[cast.organisation.slug])).status_code == 404
    response = client.post(reverse("payments:claim_approve", args=[claim.pk]))
    assert response.status_code == 404


def test_finance_officers_need_two_step_sign_in_to_see_claims(scene: tuple[Cast, Claim]) -> None:
    from allauth.mfa.models import Authenticator

    cast, claim = scene
    Authenticator.objects.filter(user=cast.finance).delete()
    client = _client(cast, "finance")
    assert client.get(reverse("payments:claim", args=[claim.pk])).status_code == 404
    assert client.get(reverse("payments:queue", args=[cast.organisation.slug])).status_code == 404


def test_only_a_person_who_took_part_starts_a_claim_for_a_meeting() -> None:
    """Sent by each kind of person for a meeting only the member took part in: the
    member gets a claim; nobody else gets one, for them or for the member."""
    from ustogether.payments.testing import past_meeting

    cast = make_cast()
    set_policy(cast)
    meeting = past_meeting(cast)
    meeting.invitees.filter(person=cast.member).update(attended="in_person")
    meeting.invitees.exclude(person=cast.member).update(attended="absent")
    url = reverse("payments:claim_new_meeting")
    got = {}
    for who in PEOPLE:
        response = _client(cast, who).post(url, {"meeting": meeting.pk})
        got[who] = (response.status_code, meeting.claims.count())
    claim = meeting.claims.get()
    assert claim.person == cast.member
    assert got == {
        "anonymous": (302, 0),  # to sign in
        "outsider": (422, 0),  # not invited: not on their list
        "finance": (422, 0),
        "observer": (302, 0),  # invited, did not take part: told so
        "member": (302, 1),
        "carer": (302, 1),
        "lead": (302, 1),
        "org_admin": (422, 1),
    }
