"""Uploads are judged by what is inside them, and kept without hidden data."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ustogether.core import uploads
from ustogether.core.tests.files import PDF_BYTES, WAV_BYTES, photo_bytes


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "kind", "content_type"),
    [
        (WAV_BYTES, uploads.AUDIO, "audio/wav"),
        (b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 200, uploads.AUDIO, "audio/mpeg"),
        (b"OggS\x00\x02" + b"\x00" * 200, uploads.AUDIO, "audio/ogg"),
        (PDF_BYTES, uploads.DOCUMENT, "application/pdf"),
        (
            _docx(),
            uploads.DOCUMENT,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("Plain words, café.".encode(), uploads.DOCUMENT, "text/plain"),
    ],
)
def test_a_file_is_known_by_what_is_inside(
    data: bytes, kind: uploads.FileKind, content_type: str
) -> None:
    checked = uploads.check_file(_file("whatever.bin", data), kind)
    assert checked.content_type == content_type
    assert checked.extension == kind.types[content_type]


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("song.mp3", PDF_BYTES, uploads.AUDIO),
        ("letter.pdf", b"<html><script>alert(1)</script></html>", uploads.DOCUMENT),
        ("letter.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, uploads.DOCUMENT),
        ("photo.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", uploads.IMAGE),
        ("photo.jpg", PDF_BYTES, uploads.IMAGE),
    ],
)
def test_a_file_whose_name_lies_is_refused_with_what_to_choose(
    name: str, data: bytes, kind: uploads.FileKind
) -> None:
    with pytest.raises(ValidationError) as error:
        uploads.check_file(_file(name, data), kind)
    assert error.value.message_dict["file"] == [
        f"We cannot use this file. Choose {kind.described}."
    ]


def test_a_file_over_the_limit_says_its_size_and_the_limit() -> None:
    big = uploads.FileKind("document", uploads.DOCUMENT.types, "a document", max_bytes=1000)
    with pytest.raises(ValidationError) as error:
        uploads.check_file(_file("big.pdf", PDF_BYTES + b" " * 2000), big)
    message = error.value.message_dict["file"][0]
    assert "too big" in message and "It must be 1 KB or smaller" in message


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        uploads.check_file(_file("x.pdf", b""), uploads.DOCUMENT)
    assert "empty" in error.value.message_dict["file"][0]


def test_a_photo_is_saved_again_without_its_location_and_camera() -> None:
    checked = uploads.check_image(_file("me.jpg", photo_bytes()))
    assert b"PhoneMaker" not in checked.data
    with Image.open(io.BytesIO(checked.data)) as image:
        assert not image.getexif()


def test_a_decompression_bomb_is_refused_as_not_a_picture(settings: Any) -> None:
    image = Image.new("1", (9000, 9000))
    out = io.BytesIO()
    image.save(out, format="PNG")
    with pytest.raises(ValidationError) as error:
        uploads.check_image(_file("bomb.png", out.getvalue()))
    assert "pixels" in error.value.message_dict["file"][0]


def test_a_held_file_comes_back_only_to_its_owner() -> None:
    checked = uploads.check_file(_file("talk.wav", WAV_BYTES), uploads.AUDIO)
    token = uploads.hold(checked, owner_id=7)
    assert uploads.take_held(token, owner_id=8) is None
    assert uploads.take_held("not-a-token", owner_id=7) is None
    back = uploads.take_held(token, owner_id=7)
    assert back is not None and back.data == WAV_BYTES and back.original_name == "talk.wav"
    assert uploads.held_name(token, owner_id=7) == "talk.wav"


def test_held_files_nobody_came_back_for_are_cleared_after_a_day(settings: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    assert uploads.clear_old_held() == 0  # nothing was ever held
    checked = uploads.check_file(_file("talk.wav", WAV_BYTES), uploads.AUDIO)
    old_token = uploads.hold(checked, owner_id=7)
    new_token = uploads.hold(checked, owner_id=7)
    held = Path(settings.MEDIA_ROOT) / uploads.HELD_FOLDER
    old_file, new_file = sorted(held.iterdir(), key=lambda p: p.name)
    old_name = uploads.signing.loads(old_token, salt=uploads.HOLD_SALT)["name"]
    if not old_name.endswith(old_file.name):
        old_file, new_file = new_file, old_file
    a_day_and_a_minute_ago = time.time() - uploads.HOLD_MAX_AGE - 60
    os.utime(old_file, (a_day_and_a_minute_ago, a_day_and_a_minute_ago))

    out = StringIO()
    call_command("clear_held_uploads", stdout=out)
    assert "Removed 1 held file" in out.getvalue()
    assert not old_file.exists() and new_file.exists()
    assert uploads.take_held(new_token, owner_id=7) is not None


def test_names_are_cleaned_for_showing_and_download() -> None:
    assert uploads.clean_name('..\\..\\evil"<b>.pdf') == "evilb.pdf"
    assert uploads.clean_name("") == "file"
