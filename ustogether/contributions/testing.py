"""Small helpers for tests of contributions and decisions: files made in memory."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from ustogether.contributions import services
from ustogether.contributions.models import Contribution
from ustogether.core import uploads
from ustogether.core.tests.files import photo_bytes
from ustogether.people.models import Person
from ustogether.projects.models import Project


def photo_upload(name: str = "garden.jpg", **kwargs: object) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes(**kwargs), content_type="image/jpeg")  # type: ignore[arg-type]


def say(
    project: Project,
    by: Person,
    text: str = "The bus stops too far from the centre.",
    **extra: object,
) -> Contribution:
    return services.contribution_create(
        project=project,
        by=by,
        kind=Contribution.Kind.TEXT,
        text=text,
        **extra,  # type: ignore[arg-type]
    )


def checked_photo() -> uploads.CheckedFile:
    return uploads.check_image(photo_upload())
