"""Easy Read versions: who can read and write them, points and pictures, uploads, the picture search."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from ustogether.core.models import AuditEvent
from ustogether.core.testing import Cast, make_cast
from ustogether.plainlanguage import easyread
from ustogether.plainlanguage import pictures as picture_set
from ustogether.plainlanguage.models import EasyReadPoint, EasyReadVersion, UploadedPicture
from ustogether.projects.models import Project

pytestmark = pytest.mark.django_db

POINTS = (
    "Short breaks\n\n"
    "We want to make short breaks better.\n\n"
    "You can see your doctor first.\n\n"
    "We pay you for your time."
)
NO_PICTURE = "This point has no picture."


def signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def png(size: tuple[int, int] = (40, 40), *, noise: bool = False) -> bytes:
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (29, 112, 184))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast() -> Cast:
    return make_cast()


def write(cast: Cast, text: str = POINTS, title: str = "Short breaks") -> EasyReadVersion:
    return easyread.easy_read_write(subject=cast.project, by=cast.lead, title=title, text=text)


def points_of(version: EasyReadVersion) -> list[EasyReadPoint]:
    return list(version.active_points())


def first_hexcode(query: str) -> str:
    return picture_set.search_pictures(query)[0].hexcode


def give_every_point_a_picture(cast: Cast, version: EasyReadVersion) -> None:
    for point in points_of(version):
        if point.kind != EasyReadPoint.Kind.HEADING:
            easyread.easy_read_choose_picture(
                point=point, by=cast.lead, choice=f"openmoji:{first_hexcode('happy')}"
            )


# Who can read and who can write ------------------------------------------------


def test_members_only_project_easy_read_is_hidden_from_outsiders() -> None:
    cast = make_cast(visibility=Project.Visibility.MEMBERS)
    write(cast)
    url = reverse("plainlanguage:easy_read", args=[cast.project.pk])
    assert Client().get(url).status_code == 404
    assert signed_in(cast.outsider).get(url).status_code == 404
    for reader in (cast.member, cast.carer, cast.observer, cast.org_admin):
        response = signed_in(reader).get(url)
        assert response.status_code == 200
        assert "We want to make short breaks better." in response.content.decode()


def test_anyone_can_read_the_easy_read_version_of_a_public_project(cast: Cast) -> None:
    write(cast)
    response = Client().get(reverse("plainlanguage:easy_read", args=[cast.project.pk]))
    assert response.status_code == 200
    assert "Change the Easy Read version" not in response.content.decode()


def test_a_project_without_an_easy_read_version_says_so(cast: Cast) -> None:
    response = Client().get(reverse("plainlanguage:easy_read", args=[cast.project.pk]))
    assert response.status_code == 404
    assert "There is no Easy Read version yet" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("lead", 200),
        ("org_admin", 200),
        ("member", 403),
        ("carer", 403),
        ("observer", 403),
        ("finance", 403),
        ("outsider", 403),
    ],
)
def test_only_co_leads_can_write_an_easy_read_version(cast: Cast, who: str, status: int) -> None:
    client = signed_in(getattr(cast, who))
    url = reverse("plainlanguage:easy_read_write", args=[cast.project.pk])
    assert client.get(url).status_code == status
    response = client.post(url, {"title": "Short breaks", "points": POINTS})
    assert response.status_code == (302 if status == 200 else status)
    assert EasyReadVersion.objects.exists() is (status == 200)


def test_only_co_leads_can_choose_pictures(cast: Cast) -> None:
    version = write(cast)
    point = points_of(version)[1]
    url = reverse("plainlanguage:easy_read_choose", args=[cast.project.pk, point.pk])
    for person in (cast.member, cast.carer, cast.observer):
        assert signed_in(person).get(url).status_code == 403
        with pytest.raises(PermissionDenied):
            easyread.easy_read_choose_picture(
                point=point, by=person, choice=f"openmoji:{first_hexcode('doctor')}"
            )
    assert Client().get(url).status_code == 302  # to sign in


def test_a_member_cannot_write_through_the_service(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        easyread.easy_read_write(subject=cast.project, by=cast.member, title="T", text=POINTS)


# Points -----------------------------------------------------------------------------


def test_points_are_saved_and_shown_in_order(cast: Cast) -> None:
    client = signed_in(cast.lead)
    response = client.post(
        reverse("plainlanguage:easy_read_write", args=[cast.project.pk]),
        {"title": "Short breaks", "points": POINTS},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "plainlanguage:easy_read_pictures", args=[cast.project.pk]
    )
    version = EasyReadVersion.objects.get()
    assert version.subject == cast.project
    assert [(p.order, p.kind, p.text) for p in points_of(version)] == [
        (0, "heading", "Short breaks"),
        (1, "paragraph", "We want to make short breaks better."),
        (2, "paragraph", "You can see your doctor first."),
        (3, "paragraph", "We pay you for your time."),
    ]
    html = Client().get(reverse("plainlanguage:easy_read", args=[cast.project.pk])).content.decode()
    assert html.index("We want to make") < html.index("see your doctor") < html.index("We pay you")
    assert "ut-easy-read__text" in html


def test_the_write_form_shows_the_saved_points_again(cast: Cast) -> None:
    write(cast, text=POINTS + "\n\n- Bring a friend.\n- Bring your bus pass.")
    html = (
        signed_in(cast.lead)
        .get(reverse("plainlanguage:easy_read_write", args=[cast.project.pk]))
        .content.decode()
    )
    assert "We pay you for your time.\n\n- Bring a friend.\n- Bring your bus pass." in html


def test_editing_keeps_each_picture_with_its_point_and_never_deletes_a_point(cast: Cast) -> None:
    version = write(cast)
    doctor = points_of(version)[2]
    easyread.easy_read_choose_picture(
        point=doctor, by=cast.lead, choice=f"openmoji:{first_hexcode('doctor')}"
    )
    edited = (
        "Short breaks\n\n"
        "You can see your doctor first.\n\n"
        "We pay you for your time and travel.\n\n"
        "Tell us what you think."
    )
    write(cast, text=edited)
    points = points_of(version)
    assert [p.text for p in points][1:] == [
        "You can see your doctor first.",
        "We pay you for your time and travel.",
        "Tell us what you think.",
    ]
    assert points[1].pk == doctor.pk and points[1].picture_key  # moved up, picture kept
    removed = EasyReadPoint.objects.get(text="We want to make short breaks better.")
    assert removed.removed_at is not None  # kept, marked removed
    event = AuditEvent.objects.filter(verb="easy_read.written").get()
    assert event.data["removed"][0]["text"] == "We want to make short breaks better."
    assert event.data["changed"] == 1


def test_saving_with_no_points_says_what_to_do_and_keeps_the_title(cast: Cast) -> None:
    response = signed_in(cast.lead).post(
        reverse("plainlanguage:easy_read_write", args=[cast.project.pk]),
        {"title": "My own title", "points": "   "},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "<title>Error: " in html
    assert "Write at least one point." in html
    assert "My own title" in html
    assert not EasyReadVersion.objects.exists()


def test_check_my_text_shows_easy_read_findings_and_saves_nothing(cast: Cast) -> None:
    text = "The NHS will pay for it and we will tell you when it starts."
    response = signed_in(cast.lead).post(
        reverse("plainlanguage:easy_read_write", args=[cast.project.pk]),
        {"title": "Short breaks", "points": text, "plain_check": "points"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert text in html
    assert "NHS" in html and "Easy Read" in html
    assert "more than one idea" in html
    assert NO_PICTURE in html  # nothing saved yet, so no point has a picture
    assert not EasyReadVersion.objects.exists()


# Pictures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("doctor", "health worker"),
        ("GP", "health worker"),
        ("money", "pound banknote"),
        ("pay", "pound banknote"),
        ("pays", "pound banknote"),
        ("nurses", "female nurse"),
        ("houses", "house"),
        ("bus", "bus"),
        ("buses", "bus"),
        ("happy", "grinning face"),
        ("worried", "worried face"),
        ("wheelchair", "person in manual wheelchair"),
        ("letter", "envelope"),
        ("yes", "check mark"),
    ],
)
def test_picture_search_finds_pictures_by_meaning(query: str, expected: str) -> None:
    names = [p.name for p in picture_set.search_pictures(query)[:5]]
    assert expected in names


def test_picture_search_finds_nothing_for_nonsense_and_empty_words() -> None:
    assert picture_set.search_pictures("zzqx") == []
    assert picture_set.search_pictures("   ") == []


@pytest.fixture
def without_built_assets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    picture_set.clear_caches()
    monkeypatch.setattr(picture_set, "_built_index_path", lambda: tmp_path / "missing.json")
    monkeypatch.setattr(picture_set, "_built_vectors_path", lambda: tmp_path / "missing.npz")
    yield
    picture_set.clear_caches()


@pytest.mark.usefixtures("without_built_assets")
def test_picture_search_works_from_node_modules_when_assets_are_not_built() -> None:
    pictures = picture_set.load_pictures()
    assert 300 < len(pictures) < 2000
    assert not any(p.name.startswith("flag:") for p in pictures)  # no country flags
    assert not any(p.hexcode.count("-1F3F") for p in pictures)  # no skin-tone copies
    assert "health worker" in [p.name for p in picture_set.search_pictures("doctor")[:5]]


def test_the_choose_page_lists_matching_pictures_as_radios(cast: Cast) -> None:
    version = write(cast)
    point = points_of(version)[2]
    url = reverse("plainlanguage:easy_read_choose", args=[cast.project.pk, point.pk])
    html = signed_in(cast.lead).get(url, {"q": "bus"}).content.decode()
    bus = first_hexcode("bus")
    assert f'value="openmoji:{bus}"' in html
    assert 'type="radio"' in html and 'id="id_picture"' in html
    # With no search, the point's own words find pictures: "doctor".
    html = signed_in(cast.lead).get(url).content.decode()
    assert f'value="openmoji:{first_hexcode("doctor")}"' in html


def test_choosing_a_picture_puts_it_beside_the_point(cast: Cast) -> None:
    version = write(cast)
    point = points_of(version)[2]
    hexcode = first_hexcode("doctor")
    response = signed_in(cast.lead).post(
        reverse("plainlanguage:easy_read_choose", args=[cast.project.pk, point.pk]),
        {"choose": "1", "picture": f"openmoji:{hexcode}", "picture_alt": ""},
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.picture_key == hexcode and point.picture_alt == ""
    html = Client().get(reverse("plainlanguage:easy_read", args=[cast.project.pk])).content.decode()
    assert f'src="/static/openmoji/{hexcode}.svg" alt=""' in html


def test_choosing_without_a_picture_asks_for_one(cast: Cast) -> None:
    point = points_of(write(cast))[1]
    response = signed_in(cast.lead).post(
        reverse("plainlanguage:easy_read_choose", args=[cast.project.pk, point.pk]),
        {"choose": "1", "picture_alt": "A woman smiling"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "<title>Error: " in html
    assert "Choose a picture, or upload your own." in html
    assert "A woman smiling" in html


def test_a_made_up_picture_is_refused(cast: Cast) -> None:
    point = points_of(write(cast))[1]
    with pytest.raises(ValidationError):
        easyread.easy_read_choose_picture(point=point, by=cast.lead, choice="openmoji:NOPE")


def test_no_picture_findings_go_when_every_point_has_a_picture(cast: Cast) -> None:
    version = write(cast)
    client = signed_in(cast.lead)
    write_url = reverse("plainlanguage:easy_read_write", args=[cast.project.pk])
    pictures_url = reverse("plainlanguage:easy_read_pictures", args=[cast.project.pk])
    assert client.get(write_url).content.decode().count(NO_PICTURE) == 3  # not the heading
    assert "3 points have no picture yet" in client.get(pictures_url).content.decode()
    assert len(easyread.picture_findings(version)) == 3
    give_every_point_a_picture(cast, version)
    assert NO_PICTURE not in client.get(write_url).content.decode()
    assert "Every point has a picture" in client.get(pictures_url).content.decode()
    assert easyread.picture_findings(version) == []


def test_after_choosing_a_picture_you_go_to_the_next_point_without_one(cast: Cast) -> None:
    points = points_of(write(cast))
    response = signed_in(cast.lead).post(
        reverse("plainlanguage:easy_read_choose", args=[cast.project.pk, points[1].pk]),
        {"choose": "1", "picture": f"openmoji:{first_hexcode('happy')}"},
    )
    assert response["Location"] == reverse(
        "plainlanguage:easy_read_choose", args=[cast.project.pk, points[2].pk]
    )


# Uploads ----------------------------------------------------------------------------


def upload(cast: Cast, point: EasyReadPoint, name: str, data: bytes, alt: str = "") -> Any:
    return signed_in(cast.lead).post(
        reverse("plainlanguage:easy_read_choose", args=[cast.project.pk, point.pk]),
        {"upload": "1", "image": SimpleUploadedFile(name, data), "alt_text": alt},
    )


def test_upload_accepts_a_small_png_and_puts_it_beside_the_point(cast: Cast) -> None:
    point = points_of(write(cast))[3]
    response = upload(cast, point, "coins.png", png(), alt="Two pound coins")
    assert response.status_code == 302
    picture = UploadedPicture.objects.get()
    assert picture.organisation == cast.organisation and picture.owner == cast.lead
    assert (picture.content_type, picture.width, picture.height) == ("image/png", 40, 40)
    point.refresh_from_db()
    assert point.picture == picture and point.picture_alt == "Two pound coins"
    served = Client().get(reverse("plainlanguage:uploaded_picture", args=[picture.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]


def test_a_gif_upload_is_kept_as_a_still_png(cast: Cast) -> None:
    out = io.BytesIO()
    Image.new("P", (20, 20)).save(out, format="GIF")
    point = points_of(write(cast))[1]
    assert upload(cast, point, "wave.gif", out.getvalue()).status_code == 302
    assert UploadedPicture.objects.get().content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.txt", b"This is not a picture at all."),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"broken" * 20),
    ],
)
def test_upload_rejects_a_file_that_is_not_a_picture(cast: Cast, name: str, data: bytes) -> None:
    point = points_of(write(cast))[1]
    response = upload(cast, point, name, data, alt="Our team at the café")
    html = response.content.decode()
    assert response.status_code == 422
    assert "<title>Error: " in html
    assert "This file is not a picture we can use. Choose a PNG, JPEG, GIF or WebP picture." in html
    assert "Our team at the café" in html  # what was typed is still there
    assert not UploadedPicture.objects.exists()


def test_upload_rejects_a_picture_over_2_mb(cast: Cast) -> None:
    data = png((1000, 1000), noise=True)
    assert len(data) > easyread.MAX_UPLOAD_BYTES
    point = points_of(write(cast))[1]
    response = upload(cast, point, "big.png", data, alt="A big photo")
    html = response.content.decode()
    assert response.status_code == 422
    assert "This picture is too big. It must be smaller than 2 MB." in html
    assert "A big photo" in html
    assert not UploadedPicture.objects.exists()


def test_upload_rejects_a_picture_with_too_many_pixels(cast: Cast) -> None:
    point = points_of(write(cast))[1]
    response = upload(cast, point, "wide.png", png((4001, 2)))
    assert response.status_code == 422
    assert "It must be 4000 by 4000 pixels or smaller." in response.content.decode()
    assert not UploadedPicture.objects.exists()


def test_an_uploaded_picture_on_a_members_only_project_stays_private() -> None:
    cast = make_cast(visibility=Project.Visibility.MEMBERS)
    point = points_of(write(cast))[1]
    upload(cast, point, "us.png", png())
    url = reverse("plainlanguage:uploaded_picture", args=[UploadedPicture.objects.get().pk])
    assert Client().get(url).status_code == 404
    assert signed_in(cast.outsider).get(url).status_code == 404
    assert signed_in(cast.carer).get(url).status_code == 200


def test_another_organisations_upload_cannot_be_chosen(cast: Cast) -> None:
    other = make_cast()
    other_point = points_of(write(other))[1]
    upload(other, other_point, "theirs.png", png())
    theirs = UploadedPicture.objects.get()
    point = points_of(write(cast))[1]
    with pytest.raises(ValidationError):
        easyread.easy_read_choose_picture(point=point, by=cast.lead, choice=f"upload:{theirs.pk}")


# Links, credits and the audit log ---------------------------------------------------


def test_attribution_page_credits_openmoji() -> None:
    response = Client().get(reverse("plainlanguage:pictures_attribution"))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "All emojis designed by OpenMoji – the open-source emoji and icon project. "
        "License: CC BY-SA 4.0" in html
    )
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in html
    assert reverse("plainlanguage:pictures_attribution") in Client().get("/about/").content.decode()


def test_the_project_page_links_to_the_easy_read_version(cast: Cast) -> None:
    detail = reverse("projects:detail", args=[cast.project.pk])
    write_url = reverse("plainlanguage:easy_read_write", args=[cast.project.pk])
    read_url = reverse("plainlanguage:easy_read", args=[cast.project.pk])
    assert write_url in signed_in(cast.lead).get(detail).content.decode()
    assert write_url not in signed_in(cast.member).get(detail).content.decode()
    assert read_url not in Client().get(detail).content.decode()
    write(cast)
    html = Client().get(detail).content.decode()
    assert read_url in html and "Read this in Easy Read" in html


def test_every_easy_read_write_is_audited(cast: Cast) -> None:
    version = write(cast)
    write(cast, text=POINTS + "\n\nCome and meet us.")
    point = points_of(version)[1]
    easyread.easy_read_choose_picture(
        point=point, by=cast.lead, choice=f"openmoji:{first_hexcode('happy')}"
    )
    easyread.easy_read_upload_picture(
        subject=cast.project,
        by=cast.lead,
        image=SimpleUploadedFile("a.png", png()),
        point=points_of(version)[2],
    )
    events = AuditEvent.objects.filter(
        scope_type=ContentType.objects.get_for_model(Project), scope_id=cast.project.pk
    )
    verbs = sorted(e.verb for e in events if e.verb.startswith("easy_read."))
    assert verbs == [
        "easy_read.created",
        "easy_read.picture_chosen",
        "easy_read.picture_chosen",
        "easy_read.picture_uploaded",
        "easy_read.written",
    ]
    assert all(e.actor_id == cast.lead.pk for e in events if e.verb.startswith("easy_read."))


def test_use_this_word_still_changes_the_right_word_with_picture_findings_shown(
    cast: Cast,
) -> None:
    write(cast, text="Come and meet us.\n\nWe will leverage this.")
    url = reverse("plainlanguage:easy_read_write", args=[cast.project.pk])
    text = "Come and meet us.\n\nWe will leverage this."
    html = signed_in(cast.lead).get(url).content.decode()
    # The picture findings come after the word findings, so the button numbers still match.
    assert html.index('value="points:0"') < html.index(NO_PICTURE)
    response = signed_in(cast.lead).post(
        url, {"title": "Short breaks", "points": text, "plain_apply": "points:0"}
    )
    assert "We will use this." in response.content.decode()


def test_the_easy_read_page_needs_the_same_queries_however_many_points(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    version = write(cast, text="\n\n".join(f"Point number {n}." for n in range(12)))
    for point in points_of(version):
        easyread.easy_read_upload_picture(
            subject=cast.project,
            by=cast.lead,
            image=SimpleUploadedFile("a.png", png()),
            point=point,
        )
    client = Client()
    url = reverse("plainlanguage:easy_read", args=[cast.project.pk])
    client.get(url)  # warm the content type cache
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.content.decode().count("ut-easy-read__point") == 12
