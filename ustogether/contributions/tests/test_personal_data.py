"""A person's contributions in their own download, and what closing their account does."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ustogether.contributions import services
from ustogether.contributions.models import Contribution
from ustogether.contributions.testing import checked_photo
from ustogether.core.testing import make_cast


@pytest.mark.django_db
def test_an_anonymous_contribution_is_in_its_authors_download_and_stays_after_closing(
    settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    cast = make_cast()
    said = services.contribution_create(
        project=cast.project,
        by=cast.member,
        kind=Contribution.Kind.PHOTO,
        file=checked_photo(),
        description="The ramp at the back door.",
        anonymous=True,
    )
    client = Client()
    client.force_login(cast.member)
    data = client.get(reverse("people:download"), {"format": "json"}).json()
    (own,) = data["contributions"]["you_said"]
    assert own["name_hidden_from_others"] is True
    assert own["what_the_picture_shows"] == "The ramp at the back door."
    assert own["file_name"] == said.file_name != ""

    assert client.post(reverse("people:close"), {"confirm": "yes"}).status_code == 302
    said.refresh_from_db()
    # The project's record stays; the name the file had on their device goes.
    assert said.description == "The ramp at the back door." and said.file
    assert said.file_name == ""
