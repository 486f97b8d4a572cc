"""Checking files people upload, for any app: kept small on purpose.

A file is judged by what is inside it, never by its name or the type the
browser claims. Pictures are opened and saved again with Pillow, which keeps
only the picture: no hidden data such as where a photo was taken. PDFs must
start as a PDF does. Every refusal says what to do next.

Another app may bring a fuller helper of the same name; the functions here
(`check_image`, `check_file`, `store`, `FileKind`, `CheckedFile`) keep the same
names and meaning so either can stay.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
# Below the 10 MB a whole request may be (settings.MAX_REQUEST_BYTES).
MAX_FILE_BYTES = 8 * MB
MAX_IMAGE_SIDE = 8000
STORED_IMAGE_SIDE = 2000


@dataclass(frozen=True)
class FileKind:
    """What a field accepts: content types found inside the file, each with the
    extension it is stored under, and a phrase naming them for people."""

    name: str
    types: Mapping[str, str]
    described: str
    max_bytes: int = MAX_FILE_BYTES


# Pillow format -> (content type, extension, format to save as). SVG is never
# accepted: it can hold script.
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


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    extension: str
    original_name: str

    @property
    def size(self) -> int:
        return len(self.data)


def human_size(size: int) -> str:
    if size >= MB:
        return _("%(n)s MB") % {"n": f"{size / MB:.1f}".removesuffix(".0")}
    return _("%(n)s KB") % {"n": max(1, round(size / 1024))}


def clean_name(name: str) -> str:
    """The uploader's file name, safe to show and to offer back on download."""
    base = PurePath(name.replace("\\", "/")).name
    kept = "".join(c for c in base if c.isprintable() and c not in '"<>:|?*')
    return kept.strip()[:120] or "file"


def _wrong_type(kind: FileKind, field: str) -> ValidationError:
    return ValidationError(
        {
            field: _("We cannot use this file. Choose %(described)s.")
            % {"described": kind.described}
        },
        code="wrong_type",
    )


def _read(upload: UploadedFile, kind: FileKind, field: str) -> bytes:
    too_big = ValidationError(
        {
            field: _(
                "This file is too big: it is %(size)s. It must be %(limit)s or smaller. "
                "Make it smaller, or choose a different file."
            )
            % {"size": human_size(upload.size or 0), "limit": human_size(kind.max_bytes)}
        },
        code="too_big",
    )
    if upload.size is not None and upload.size > kind.max_bytes:
        raise too_big
    upload.seek(0)
    data = upload.read(kind.max_bytes + 1)
    if len(data) > kind.max_bytes:
        raise too_big
    if not data:
        raise ValidationError({field: _("This file is empty. Choose a different file.")})
    return data


def check_image(upload: UploadedFile, *, field: str = "file") -> CheckedFile:
    """A picture or photo, saved again cleanly (turned upright, without its hidden data)."""
    data = _read(upload, IMAGE, field)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format or ""
            if image_format not in IMAGE_FORMATS:
                raise _wrong_type(IMAGE, field)
            if max(probe.size) > MAX_IMAGE_SIDE:
                raise ValidationError(
                    {
                        field: _(
                            "This picture is too large. It must be %(side)s pixels wide and "
                            "high or smaller. Make it smaller, or choose a different picture."
                        )
                        % {"side": MAX_IMAGE_SIDE}
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
            # Saved without exif=: the location and the camera go.
            cleaned.save(out, format=save_as, **({"quality": 88} if save_as != "PNG" else {}))
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise _wrong_type(IMAGE, field) from None
    return CheckedFile(
        out.getvalue(), content_type, extension, clean_name(upload.name or "picture")
    )


def content_type_of(data: bytes) -> str:
    """The few types this small helper knows by their first bytes, or ""."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return ""


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
