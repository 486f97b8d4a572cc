"""Small files made in memory for upload tests: a photo with a location, a WAV, a PDF."""

from __future__ import annotations

import io

from PIL import Image


def photo_bytes(*, with_location: bool = True, size: tuple[int, int] = (40, 30)) -> bytes:
    """A small JPEG, with GPS data in its EXIF block unless asked not to."""
    image = Image.new("RGB", size, (200, 80, 40))
    out = io.BytesIO()
    if with_location:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # camera make
        gps = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
        exif[0x8825] = gps
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


# The first bytes of a WAV file, then silence: enough for its type to show.
WAV_BYTES = (
    b"RIFF"
    + (36 + 800).to_bytes(4, "little")
    + b"WAVEfmt "
    + (16).to_bytes(4, "little")
    + (1).to_bytes(2, "little")
    + (1).to_bytes(2, "little")
    + (8000).to_bytes(4, "little")
    + (8000).to_bytes(4, "little")
    + (1).to_bytes(2, "little")
    + (8).to_bytes(2, "little")
    + b"data"
    + (800).to_bytes(4, "little")
    + b"\x80" * 800
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
