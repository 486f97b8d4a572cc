"""The evidence for organisations stays true: every table the site keeps is in exactly one
kind of data on /about/data-protection/ and in docs/data-protection.md."""

from __future__ import annotations

from collections import Counter

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from ustogether.core.management.commands.data_protection_doc import DOC
from ustogether.core.personal_data import DATA_KINDS, evidence_markdown


def test_every_model_is_in_exactly_one_kind_of_data_and_every_kind_names_real_models() -> None:
    models = {m._meta.label for m in apps.get_models()}
    listed = Counter(label for kind in DATA_KINDS for label in kind.models)
    missing = sorted(models - set(listed))
    assert not missing, (
        f"These models are in no kind of data on the evidence page: {missing}. Add them to "
        "a data_kind(...) in their app's personal_data.py, then run manage.py data_protection_doc."
    )
    assert not sorted(set(listed) - models), "kinds of data name models that do not exist"
    assert [label for label, n in listed.items() if n > 1] == []
    for kind in DATA_KINDS:
        assert all(value.strip() for _label, value in kind.rows()), kind.name


def test_the_document_in_docs_matches_the_list() -> None:
    assert DOC.read_text() == evidence_markdown(), (
        "docs/data-protection.md is out of date: run manage.py data_protection_doc"
    )


@pytest.mark.django_db
def test_the_evidence_page_lists_every_kind_for_anyone() -> None:
    page = Client().get(reverse("data_protection"))
    assert page.status_code == 200
    html = page.content.decode().replace("&#x27;", "'")
    for kind in DATA_KINDS:
        assert kind.name in html and kind.how_long in html
    assert "Access and communication needs" in html and "Private" in html
