"""A cancelled meeting's paper keeps its Easy Read version as it was: no picture is
chosen or uploaded for it. Found by mutation testing (`make mutation`): leaving out
the check that the page is still open (plainlanguage/easyread.py) went unnoticed."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ustogether.core.testing import make_cast
from ustogether.core.tests.files import PDF_BYTES
from ustogether.meetings import services, services_papers
from ustogether.meetings.testing import cast_meeting
from ustogether.plainlanguage import easyread
from ustogether.plainlanguage.models import UploadedPicture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (29, 112, 184)).save(out, format="PNG")
    return out.getvalue()


def test_a_cancelled_meetings_paper_gets_no_new_picture() -> None:
    cast = make_cast()
    paper = services_papers.paper_add(
        meeting=cast_meeting(cast),
        by=cast.lead,
        title="Short breaks plan",
        upload=SimpleUploadedFile("plan.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    version = easyread.easy_read_write(
        subject=paper, by=cast.lead, title="Short breaks", text="We want better breaks."
    )
    point = version.active_points().get()
    kept = easyread.easy_read_upload_picture(
        subject=paper, by=cast.lead, image=SimpleUploadedFile("us.png", png())
    )
    services.meeting_cancel(meeting=paper.meeting, by=cast.lead, reason="The room flooded.")
    paper.refresh_from_db()
    point.refresh_from_db()
    with pytest.raises(ValidationError, match="cancelled"):
        easyread.easy_read_choose_picture(point=point, by=cast.lead, choice=f"upload:{kept.pk}")
    point.refresh_from_db()
    assert (point.picture_key, point.picture_id) == ("", None)
    with pytest.raises(ValidationError, match="cancelled"):
        easyread.easy_read_upload_picture(
            subject=paper, by=cast.lead, image=SimpleUploadedFile("us.png", png())
        )
    assert UploadedPicture.objects.get() == kept
