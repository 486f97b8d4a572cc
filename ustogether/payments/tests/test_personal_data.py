"""Fees and expenses in the person's data download and in closing their account: the
core gates (core/tests/test_personal_data.py), held to this app's models alone, so
they pass here while other apps are still being brought up to them."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from ustogether.core import personal_data as registry
from ustogether.core.testing import add_member, give_two_step, make_cast, make_person
from ustogether.payments.models import Claim, ClaimLine, PaymentChoice, Payout, Policy, Receipt
from ustogether.people.models import Person
from ustogether.people.services import person_data_export, person_erase
from ustogether.projects.models import Membership

pytestmark = pytest.mark.django_db


def payments_models() -> list[Any]:
    return [m for m in registry.models_linked_to_a_person() if m._meta.app_label == "payments"]


def test_every_payments_model_linked_to_a_person_is_registered() -> None:
    models = payments_models()
    assert models
    for model in models:
        assert model in registry.covered_by_export() or model in registry.NOT_EXPORTED, model
        assert model in registry.EXAMPLES, model


@pytest.fixture
def person(settings: Any, tmp_path: Any) -> tuple[Person, Any, dict[str, tuple[Any, str]]]:
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = make_cast()
    person = make_person("Tyler Quillon", email=f"tyler.{uuid.uuid4().hex[:8]}@example.org")
    add_member(cast.project, person, role=Membership.Role.CO_LEAD)
    give_two_step(person)
    for function in {registry.EXAMPLES[m] for m in payments_models()}:
        function(person, cast)
    tag = uuid.uuid4().hex[:5]  # a canary must fit the shortest field (12)
    canaries: dict[str, tuple[Any, str]] = {}
    for model in payments_models():
        rows = registry.rows_for(model, person)
        assert rows.exists(), model
        for pk in rows.values_list("pk", flat=True):
            changes = {}
            for f in registry.text_fields(model):
                canary = f"Zq{tag}x{len(canaries):03d}"
                canaries[canary] = (model, f.name)
                changes[f.attname] = canary
            model._default_manager.filter(pk=pk).update(**changes)
    return person, cast, canaries


def test_the_download_holds_the_persons_fees_and_expenses(person: Any) -> None:
    person, _cast, _canaries = person
    download = json.dumps(person_data_export(person=person), cls=DjangoJSONEncoder)
    for model in payments_models():
        left_out = registry.leaves_out(model)
        for row in registry.rows_for(model, person):
            for f in registry.text_fields(model):
                value = getattr(row, f.attname)
                if value and f.name not in left_out:
                    assert json.dumps(value)[1:-1] in download, (model, f.name)
    section: Any = person_data_export(person=person)["payments"]
    assert section["how_you_want_to_be_paid"][0]["a_fee_may_affect_your_benefits"]
    assert "The only cafe open was dear." in download  # why a cost was over the limit
    assert "Taxi to the hall." in download  # what a cost was


def test_closing_the_account_blanks_what_they_wrote_and_keeps_the_money_records(
    person: Any,
) -> None:
    person, _cast, canaries = person
    own_claims = list(Claim.objects.filter(person=person).values_list("pk", flat=True))
    paid = Payout.objects.filter(claim__person=person).count()
    receipts = Receipt.objects.filter(line__claim__person=person).count()
    assert own_claims and paid and receipts
    policies = Policy.objects.count()
    assert Policy.objects.filter(updated_by=person).exists()
    person_erase(person=person, by=person)

    # Who last changed a policy is taken off; the policy stays.
    assert not Policy.objects.filter(updated_by=person).exists()
    assert Policy.objects.count() == policies

    # Their private choices and their number in finance systems are gone.
    assert not PaymentChoice.objects.filter(person=person).exists()
    assert not person.payee_references.exists()
    # What they typed, and what was asked of them, is blanked on their own claims.
    for claim in Claim.objects.filter(pk__in=own_claims):
        assert (claim.description, claim.query) == ("", "")
    for line in ClaimLine.objects.filter(claim__person=person):
        assert line.over_limit_reason == ""
        assert line.kind == ClaimLine.Kind.FEE or line.description == ""
    assert set(
        Receipt.objects.filter(line__claim__person=person).values_list("original_name", flat=True)
    ) == {"receipt"}
    # The money records stay, for the organisation's accounts.
    assert Claim.objects.filter(pk__in=own_claims).count() == len(own_claims)
    assert Payout.objects.filter(claim__person=person).count() == paid
    assert Receipt.objects.filter(line__claim__person=person).count() == receipts

    for canary, (model, name) in canaries.items():
        kept = registry.KEPT.get(model)
        where = [r for r in model._default_manager.all() if canary in str(getattr(r, name, ""))]
        assert not where or (kept is not None and name in kept.keeps_text), (model, name)
    assert not [
        m
        for m in payments_models()
        if m not in registry.KEPT and registry.rows_for(m, person).exists()
    ]


def _rows_of(person: Person) -> dict[str, list[dict[str, Any]]]:
    """Every payments row linked to this person, every field, as it is now: their
    claims' lines too, which belong to them through the claim."""
    rows = {
        model.__name__: list(registry.rows_for(model, person).order_by("pk").values())
        for model in payments_models()
    }
    lines = ClaimLine.objects.filter(claim__person=person).order_by("pk")
    rows["ClaimLine"] = [dict(line) for line in lines.values()]
    return rows


def test_closing_one_account_leaves_everyone_elses_payments_as_they_were(person: Any) -> None:
    """Only the person's own rows are blanked or deleted: another person with the same
    kinds of records (choices, payee number, claims, lines, receipts, a policy they
    changed) keeps every word, and the fee line on the person's own claim keeps its
    description, which is the activity's name and not their words."""
    person, cast, _canaries = person
    neighbour = make_person("Nell Bystander", email=f"nell.{uuid.uuid4().hex[:8]}@example.org")
    add_member(cast.project, neighbour, role=Membership.Role.CO_LEAD)
    give_two_step(neighbour)
    for function in {registry.EXAMPLES[m] for m in payments_models()}:
        function(neighbour, cast)
    before = _rows_of(neighbour)
    assert all(before.values()), before
    fee_lines = ClaimLine.objects.filter(claim__person=person, kind=ClaimLine.Kind.FEE)
    fee_words = dict(fee_lines.values_list("pk", "description"))
    assert fee_words and all(fee_words.values())

    person_erase(person=person, by=person)

    assert _rows_of(neighbour) == before
    assert dict(fee_lines.values_list("pk", "description")) == fee_words
