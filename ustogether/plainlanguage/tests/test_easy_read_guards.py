"""The checks in plainlanguage/easyread.py, called directly and right at their edges:
who may write, choose and see pictures, and which uploads are kept. Found by mutation
testing (`make mutation`), where a check could lose a condition and no test noticed.
Each refusal leaves nothing behind."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from PIL import Image

from ustogether.core.testing import Cast, make_cast
from ustogether.plainlanguage import easyread
from ustogether.plainlanguage.models import EasyReadPoint, EasyReadVersion, UploadedPicture
from ustogether.projects import services as project_services
from ustogether.projects.models import Membership, Project

pytestmark = pytest.mark.django_db

POINTS = "Short breaks\n\nWe want to make short breaks better.\n\nWe pay you for your time."


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def write(cast: Cast, text: str = POINTS) -> EasyReadVersion:
    return easyread.easy_read_write(subject=cast.project, by=cast.lead, title="Breaks", text=text)


def picture(size: tuple[int, int] = (40, 40), image_format: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (29, 112, 184)).save(out, format=image_format)
    return out.getvalue()


def upload(cast: Cast, data: bytes, *, by: object = None, name: str = "us.png") -> UploadedPicture:
    return easyread.easy_read_upload_picture(
        subject=cast.project,
        by=by or cast.lead,  # type: ignore[arg-type]
        image=SimpleUploadedFile(name, data),
    )


# Who may write -------------------------------------------------------------------------


def test_nobody_signed_out_writes_and_a_page_of_no_known_kind_has_no_author() -> None:
    cast = make_cast()
    assert not easyread.can_author(AnonymousUser(), cast.project)
    assert easyread.can_author(cast.lead, cast.project)
    # An organisation is no page with an Easy Read version: even its admin may not.
    assert not easyread.can_author(cast.org_admin, cast.organisation)
    assert not easyread.can_view_subject(cast.org_admin, cast.organisation)


def test_only_pages_that_belong_to_an_organisation_have_one() -> None:
    cast = make_cast()
    assert easyread.organisation_of(cast.project) == cast.organisation
    with pytest.raises(PermissionDenied):
        easyread.organisation_of(cast.lead)


def test_a_version_needs_a_title_and_a_point() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        easyread.easy_read_write(subject=cast.project, by=cast.lead, title=" ", text=POINTS)
    assert set(error.value.message_dict) == {"title"}
    with pytest.raises(ValidationError) as error:
        easyread.easy_read_write(subject=cast.project, by=cast.lead, title="Breaks", text="  \n ")
    assert set(error.value.message_dict) == {"points"}
    assert not EasyReadVersion.objects.exists()


def test_a_point_taken_out_of_the_version_gets_no_picture() -> None:
    cast = make_cast()
    version = write(cast)
    gone = version.active_points().get(text="We pay you for your time.")
    write(cast, text="Short breaks\n\nWe want to make short breaks better.")
    gone.refresh_from_db()
    assert gone.removed_at is not None
    with pytest.raises(ValidationError, match="no longer in the Easy Read version"):
        easyread.easy_read_choose_picture(point=gone, by=cast.lead, choice="openmoji:1F600")
    gone.refresh_from_db()
    assert (gone.picture_key, gone.picture_id) == ("", None)


def test_only_whoever_manages_the_page_uploads_pictures_for_it() -> None:
    cast = make_cast()
    for person in (cast.member, cast.observer, cast.finance, cast.outsider):
        with pytest.raises(PermissionDenied):
            upload(cast, picture(), by=person)
    assert not UploadedPicture.objects.exists()
    assert upload(cast, picture(), by=cast.org_admin).owner == cast.org_admin


# Which uploads are kept --------------------------------------------------------------


def test_a_picture_of_exactly_2_mb_is_kept_and_one_byte_more_is_not() -> None:
    cast = make_cast()
    small = picture()
    exactly = small + b"\0" * (easyread.MAX_UPLOAD_BYTES - len(small))  # after its end
    kept = upload(cast, exactly)
    assert (kept.width, kept.height) == (40, 40)
    with pytest.raises(ValidationError, match="too big"):
        upload(cast, exactly + b"\0")
    assert UploadedPicture.objects.get() == kept


def test_a_picture_too_big_is_refused_even_when_its_size_is_not_given() -> None:
    """A file sent in pieces may not say its size: it is read, and refused, all the same."""
    cast = make_cast()
    small = picture()
    data = small + b"\0" * (easyread.MAX_UPLOAD_BYTES + 1 - len(small))
    unsized = InMemoryUploadedFile(io.BytesIO(data), "image", "us.png", "image/png", None, None)
    assert unsized.size is None
    with pytest.raises(ValidationError, match="too big"):
        easyread.easy_read_upload_picture(subject=cast.project, by=cast.lead, image=unsized)
    assert not UploadedPicture.objects.exists()


@pytest.mark.parametrize(
    ("size", "kept"),
    [((4000, 1), True), ((1, 4000), True), ((4001, 1), False), ((1, 4001), False)],
)
def test_a_picture_may_be_4000_pixels_on_a_side_and_no_more(
    size: tuple[int, int], kept: bool
) -> None:
    cast = make_cast()
    if kept:
        stored = upload(cast, picture(size))
        assert max(stored.width, stored.height) == easyread.STORED_MAX_SIDE  # made smaller
    else:
        with pytest.raises(ValidationError, match="4000 by 4000 pixels"):
            upload(cast, picture(size))
        assert not UploadedPicture.objects.exists()


def test_a_picture_in_a_format_not_on_the_list_is_refused() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError, match="not a picture we can use"):
        upload(cast, picture(image_format="BMP"), name="us.bmp")
    assert not UploadedPicture.objects.exists()


# Who may see an uploaded picture -------------------------------------------------------


def test_anyone_sees_a_picture_on_a_public_pages_easy_read_version() -> None:
    cast = make_cast()
    point = write(cast).active_points().get(text="We pay you for your time.")
    used = upload(cast, picture())
    easyread.easy_read_choose_picture(point=point, by=cast.lead, choice=f"upload:{used.pk}")
    assert easyread.can_view_uploaded(AnonymousUser(), used)
    assert easyread.can_view_uploaded(cast.outsider, used)
    # Once its point is taken out of the version, it is the organisation's alone.
    write(cast, text="Short breaks\n\nWe want to make short breaks better.")
    assert not easyread.can_view_uploaded(AnonymousUser(), used)
    assert not easyread.can_view_uploaded(cast.outsider, used)
    assert easyread.can_view_uploaded(cast.finance, used)


def test_a_picture_used_only_on_a_members_only_page_stays_private() -> None:
    """Even when the organisation has a public page with an Easy Read version too."""
    cast = make_cast(visibility=Project.Visibility.MEMBERS)
    public = project_services.project_create(
        organisation=cast.organisation,
        by=cast.lead,
        title="Parks for all",
        purpose="Make the parks better for everyone.",
        perspective="professional",
        visibility=Project.Visibility.PUBLIC,
    )
    easyread.easy_read_write(subject=public, by=cast.lead, title="Parks", text="We like parks.")
    point = write(cast).active_points().get(text="We pay you for your time.")
    private = upload(cast, picture())
    easyread.easy_read_choose_picture(point=point, by=cast.lead, choice=f"upload:{private.pk}")
    elsewhere = make_cast()
    for person in (AnonymousUser(), cast.outsider, elsewhere.org_admin, elsewhere.lead):
        assert not easyread.can_view_uploaded(person, private), person
    # The project's members, and the organisation's own people, do see it.
    for person in (cast.member, cast.observer, cast.finance, cast.org_admin):
        assert easyread.can_view_uploaded(person, private), person


def test_whoever_uploaded_a_picture_still_sees_it_after_leaving() -> None:
    """A co-lead with no role in the organisation uploads a picture, then leaves."""
    cast = make_cast(visibility=Project.Visibility.MEMBERS)
    carer = cast.project.memberships.get(person=cast.carer)
    project_services.membership_change_role(
        membership=carer, by=cast.lead, role=Membership.Role.CO_LEAD
    )
    point: EasyReadPoint = write(cast).active_points().get(text="We pay you for your time.")
    theirs = upload(cast, picture(), by=cast.carer)
    easyread.easy_read_choose_picture(point=point, by=cast.carer, choice=f"upload:{theirs.pk}")
    project_services.membership_leave(membership=carer, by=cast.carer)
    assert easyread.can_view_uploaded(cast.carer, theirs)
    assert not easyread.can_view_uploaded(cast.outsider, theirs)
