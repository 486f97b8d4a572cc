"""The "Add an organisation" form offers only real kinds of organisation."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import make_person
from ustogether.people.models import Organisation

pytestmark = pytest.mark.django_db


def test_add_an_organisation_offers_no_blank_kind_and_none_chosen() -> None:
    client = Client()
    client.force_login(make_person())
    html = client.get(reverse("people:organisation_new")).content.decode()
    values = re.findall(r'name="kind" type="radio" value="([^"]*)"', html)
    assert values == list(Organisation.Kind.values)
    assert "---------" not in html
    assert not re.search(r'name="kind"[^>]*checked', html)


def test_choosing_no_kind_says_what_to_do() -> None:
    client = Client()
    client.force_login(make_person())
    response = client.post(reverse("people:organisation_new"), {"name": "Riverside Carers"})
    assert response.status_code == 422
    assert "Choose what kind of organisation it is." in response.content.decode()
