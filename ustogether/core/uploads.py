"""Checking files people upload, and keeping them safely, for any app.

A file is judged by what is inside it, never by its name or the type the
browser claims: puremagic (pure Python, no system library) reads its first
bytes, and pictures are opened and saved again with Pillow, which keeps only
the picture: no hidden data such as where a photo was taken, nothing a browser
could run. Every limit has a message that says what to do next.

Files go through Django's storage (MEDIA_ROOT locally, S3-compatible storage
in production) under names we make, never the uploader's.

A file that passed its checks can be *held* while the rest of the form is put
right: `hold` stores it and returns a signed token for a hidden field, and
`take_held` gives it back on the next try, so a person never uploads it twice.
Held files nobody came back for are removed after a day by
`manage.py clear_held_uploads` (`clear_old_held`).
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

import puremagic
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
# Below the 10 MB a whole request may be (settings.MAX_REQUEST_BYTES), leaving
# room for the words sent with the file.
MAX_FILE_BYTES = 8 * MB
MAX_IMAGE_SIDE = 8000
# Pictures are shown at most a page wide; this keeps them sharp on good screens
# and in print, and quick to load on a phone.
STORED_IMAGE_SIDE = 2000
HELD_FOLDER = "held"
HOLD_SALT = "ustogether.core.uploads.hold"
HOLD_MAX_AGE = 24 * 60 * 60


@dataclass(frozen=True)
class FileKind:
    """What a field accepts: the content types found inside the file, each with
    the extension we store it under, and a phrase naming them for people."""

    name: str
    types: Mapping[str, str]
    described: str
    max_bytes: int = MAX_FILE_BYTES


# Pillow format -> (content type, extension, format to save as). GIFs are saved
# as PNG, which drops any animation. SVG is never accepted: it can hold script.
IMAGE_FORMATS: dict[str, tuple[str, str, str]] = {
    "PNG": ("image/png", "png", "PNG"),
    "JPEG": ("image/jpeg", "jpg", "JPEG"),
    "GIF": ("image/png", "png", "PNG"),
    "WEBP": ("image/webp", "webp", "WEBP"),
}

IMAGE = FileKind(
    "image",
    {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"},
    "a PNG, JPEG, GIF or WebP picture",
)
AUDIO = FileKind(
    "audio",
    {
        "audio/mpeg": "mp3",
        "audio/mp4": "m4a",
        "audio/ogg": "ogg",
        "audio/wav": "wav",
        "audio/webm": "webm",
        "audio/flac": "flac",
    },
    "an MP3, M4A, OGG, WAV, WebM or FLAC sound file",
)
DOCUMENT = FileKind(
    "document",
    {
        "application/pdf": "pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.oasis.opendocument.text": "odt",
        "application/rtf": "rtf",
        "text/plain": "txt",
    },
    "a PDF, Word (.docx), OpenDocument (.odt), RTF or plain text file",
)
# Only a PDF (receipts take a picture or a PDF).
PDF = FileKind("pdf", {"application/pdf": "pdf"}, "a PDF")
KINDS: dict[str, FileKind] = {kind.name: kind for kind in (IMAGE, AUDIO, DOCUMENT)}


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    extension: str
    original_name: str

    @property
    def size(self) -> int:
        return len(self.data)


def _too_big(kind: FileKind, size: int, field: str) -> ValidationError:
    return ValidationError(
        {
            field: _(
                "This file is too big: it is %(size)s. It must be %(limit)s or smaller. "
                "Make it smaller, or choose a different file."
            )
            % {"size": human_size(size), "limit": human_size(kind.max_bytes)}
        },
        code="too_big",
    )


def _wrong_type(kind: FileKind, field: str) -> ValidationError:
    return ValidationError(
        {
            field: _("We cannot use this file. Choose %(described)s.")
            % {"described": kind.described}
        },
        code="wrong_type",
    )


def human_size(size: int) -> str:
    if size >= MB:
        return _("%(n)s MB") % {"n": f"{size / MB:.1f}".removesuffix(".0")}
    return _("%(n)s KB") % {"n": max(1, round(size / 1024))}


def clean_name(name: str) -> str:
    """The uploader's file name, safe to show and to offer back on download."""
    base = PurePath(name.replace("\\", "/")).name
    kept = "".join(c for c in base if c.isprintable() and c not in '"<>:|?*')
    return kept.strip()[:120] or "file"


def _read(upload: UploadedFile, kind: FileKind, field: str) -> bytes:
    if upload.size is not None and upload.size > kind.max_bytes:
        raise _too_big(kind, upload.size, field)
    upload.seek(0)
    data = upload.read(kind.max_bytes + 1)
    if len(data) > kind.max_bytes:
        raise _too_big(kind, upload.size or len(data), field)
    if not data:
        raise ValidationError({field: _("This file is empty. Choose a different file.")})
    return data


def content_type_of(data: bytes) -> str:
    """The content type the bytes themselves show, or "" if they show none we know."""
    if data.startswith(b"PK\x03\x04"):
        return _zip_document_type(data)
    if data.startswith(b"{\\rtf"):
        return "application/rtf"
    try:
        matches = puremagic.magic_string(data)
    except (puremagic.PureError, ValueError):
        matches = []
    for match in matches:
        mime = _normalise_mime(match.mime_type, match.extension)
        if mime:
            return mime
    if _is_plain_text(data):
        return "text/plain"
    return ""


def _normalise_mime(mime: str, extension: str) -> str:
    extension = extension.lower().lstrip(".")
    by_extension = {
        "mp3": "audio/mpeg",
        "m4a": "audio/mp4",
        "ogg": "audio/ogg",
        "oga": "audio/ogg",
        "opus": "audio/ogg",
        "wav": "audio/wav",
        "webm": "audio/webm",
        "flac": "audio/flac",
        "pdf": "application/pdf",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
    }
    return by_extension.get(extension, "")


def _zip_document_type(data: bytes) -> str:
    """Word and OpenDocument files are zip files; look inside to tell which."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype == "application/vnd.oasis.opendocument.text":
                    return mimetype
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return ""
    return ""


def _is_plain_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Markup a browser would run is not plain text.
    lowered = text[:2000].lstrip().lower()
    return not lowered.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script"))


def check_image(upload: UploadedFile, *, field: str = "file") -> CheckedFile:
    """A picture or photo, saved again cleanly (turned upright, without its hidden data)."""
    data = _read(upload, IMAGE, field)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format or ""
            width, height = probe.size
            if image_format not in IMAGE_FORMATS:
                raise _wrong_type(IMAGE, field)
            if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
                raise ValidationError(
                    {
                        field: _(
                            "This picture is too large: it is %(width)s by %(height)s pixels. "
                            "It must be %(side)s by %(side)s pixels or smaller. Make it "
                            "smaller, or choose a different picture."
                        )
                        % {"width": width, "height": height, "side": MAX_IMAGE_SIDE}
                    }
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            cleaned = ImageOps.exif_transpose(image)
            content_type, extension, save_as = IMAGE_FORMATS[image_format]
            if save_as == "JPEG" and cleaned.mode not in ("RGB", "L"):
                cleaned = cleaned.convert("RGB")
            elif save_as == "PNG" and cleaned.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                cleaned = cleaned.convert("RGBA")
            cleaned.thumbnail((STORED_IMAGE_SIDE, STORED_IMAGE_SIDE))
            out = io.BytesIO()
            # Saved without exif=, icc or other info: the location and camera go.
            cleaned.save(out, format=save_as, **({"quality": 88} if save_as != "PNG" else {}))
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise _wrong_type(IMAGE, field) from None
    return CheckedFile(
        out.getvalue(), content_type, extension, clean_name(upload.name or "picture")
    )


def check_file(upload: UploadedFile, kind: FileKind, *, field: str = "file") -> CheckedFile:
    """Any kind: pictures are cleaned, other files must show an allowed type inside."""
    if kind.name == IMAGE.name:
        return check_image(upload, field=field)
    data = _read(upload, kind, field)
    content_type = content_type_of(data)
    if content_type not in kind.types:
        raise _wrong_type(kind, field)
    return CheckedFile(
        data, content_type, kind.types[content_type], clean_name(upload.name or kind.name)
    )


def store(checked: CheckedFile, folder: str) -> str:
    """Save through Django's storage under a name we make; return the stored name."""
    return default_storage.save(
        f"{folder}/{uuid.uuid4().hex}.{checked.extension}", ContentFile(checked.data)
    )


def hold(checked: CheckedFile, *, owner_id: int) -> str:
    """Keep a checked file while the person puts the rest of the form right.

    Returns a signed token for a hidden field: only its owner can use it, for a day."""
    name = store(checked, HELD_FOLDER)
    return signing.dumps(
        {
            "name": name,
            "type": checked.content_type,
            "ext": checked.extension,
            "original": checked.original_name,
            "owner": owner_id,
        },
        salt=HOLD_SALT,
        compress=True,
    )


def held_name(token: str, *, owner_id: int) -> str:
    """The original name of a held file, for "You already chose ...", or ""."""
    payload = _unsign(token, owner_id)
    return str(payload["original"]) if payload else ""


def take_held(token: str, *, owner_id: int) -> CheckedFile | None:
    """The held file for this token and owner, or None if there is none (or it expired)."""
    payload = _unsign(token, owner_id)
    if payload is None:
        return None
    name = str(payload["name"])
    if not name.startswith(f"{HELD_FOLDER}/") or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    return CheckedFile(data, str(payload["type"]), str(payload["ext"]), str(payload["original"]))


def _unsign(token: str, owner_id: int) -> dict[str, object] | None:
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=HOLD_SALT, max_age=HOLD_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("owner") != owner_id:
        return None
    return payload


def clear_old_held(*, older_than: dt.timedelta = dt.timedelta(seconds=HOLD_MAX_AGE)) -> int:
    """Remove held files older than their token's life (a day): nobody can take them
    back any more, and they were never part of anything. Returns how many went."""
    try:
        _folders, files = default_storage.listdir(HELD_FOLDER)
    except FileNotFoundError:  # nothing was ever held
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    for name in files:
        path = f"{HELD_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed
