"""Who gets the writing check, the glossary and its suggestions, and Easy Read pages."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ustogether.core.gates.permission_table import (
    ANYONE,
    MANAGERS,
    SIGNED_IN,
    Case,
    Row,
    cases,
    expect,
)
from ustogether.core.testing import Cast
from ustogether.plainlanguage import easyread, services

POINTS = "# Short breaks\n- We meet on Tuesdays.\n- Bring a friend if you like."


def _project(cast: Cast) -> list[int]:
    return [cast.project.pk]


def _suggestion(cast: Cast) -> list[int]:
    local = services.glossary_suggest(
        by=cast.member,
        organisation=cast.organisation,
        project=cast.project,
        term="respite",
        plain="a short break",
        definition="Time off from caring, while someone else helps.",
    )
    return [local.pk]


def _written(cast: Cast) -> list[int]:
    """A project with an Easy Read page."""
    easyread.easy_read_write(subject=cast.project, by=cast.lead, title="Short breaks", text=POINTS)
    return [cast.project.pk]


def _point(cast: Cast) -> list[int]:
    version = easyread.easy_read_write(
        subject=cast.project, by=cast.lead, title="Short breaks", text=POINTS
    )
    return [cast.project.pk, version.active_points()[1].pk]


def _picture(cast: Cast) -> list[int]:
    """A picture beside a point of a public project's Easy Read page."""
    version = easyread.easy_read_write(
        subject=cast.project, by=cast.lead, title="Short breaks", text=POINTS
    )
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (29, 112, 184)).save(out, format="PNG")
    picture = easyread.easy_read_upload_picture(
        subject=cast.project,
        by=cast.lead,
        image=SimpleUploadedFile("us.png", out.getvalue()),
        alt_text="Us",
        point=version.active_points()[1],
    )
    return [picture.pk]


ROWS = [
    Row("plainlanguage:check", get=SIGNED_IN),
    Row("plainlanguage:glossary", get=ANYONE),
    Row("plainlanguage:suggest", get=SIGNED_IN),
    Row("plainlanguage:suggestions", get=SIGNED_IN),
    # The project's co-leads decide on a word suggested in it, and so do the
    # organisation's admins and leads (the neighbour leads another of its projects).
    # Outside the organisation the word is not there at all (404).
    Row(
        "plainlanguage:decide",
        args=_suggestion,
        get=expect(MANAGERS, neighbour=200, outsider=404, sysadmin=404),
    ),
    Row("plainlanguage:pictures_attribution", get=ANYONE),
    Row("plainlanguage:easy_read", args=_written, get=ANYONE),
    Row("plainlanguage:easy_read_write", args=_project, get=MANAGERS),
    Row("plainlanguage:easy_read_pictures", args=_written, get=MANAGERS),
    Row("plainlanguage:easy_read_choose", args=_point, get=MANAGERS),
    # A picture uploaded for a public project's page is public too.
    Row("plainlanguage:uploaded_picture", args=_picture, get=ANYONE),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", cases(ROWS), ids=str)
def test_who_gets_which_plain_language_page(case: Case) -> None:
    case.run()
