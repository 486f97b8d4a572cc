"""Writes about a meeting's agenda and papers, and venues' photos.

Papers are checked by what they hold, not by their name: a file called
"agenda.pdf" must start like a PDF. No small, well-kept library sniffs document
types without the system's libmagic, and we need only a handful, so the few
signatures are written here.
"""

from __future__ import annotations

import io
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ustogether.core.audit import record_event
from ustogether.people.models import Person

from .models import AgendaItem, Meeting, Paper, Venue, VenuePhoto
from .services import _require_open, require_organiser, require_venue_keeper

MAX_PAPER_BYTES = 10 * 1024 * 1024
NOT_A_DOCUMENT = _(
    "This file is not a document we can share. Choose a Word document, a text file, "
    "or a file that prints the same everywhere (PDF)."
)


def document_kind(data: bytes) -> str | None:
    """'pdf', 'docx', 'odt', 'rtf' or 'txt' from the file's content; None if none of these."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and archive.read("mimetype").startswith(
                    b"application/vnd.oasis.opendocument.text"
                ):
                    return "odt"
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
        return None
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "txt" if data.strip() else None


def _read_paper(upload: UploadedFile) -> tuple[bytes, str]:
    too_big = _("This file is too big. It must be smaller than 10 megabytes.")
    if upload.size is not None and upload.size > MAX_PAPER_BYTES:
        raise ValidationError({"file": too_big})
    data = upload.read(MAX_PAPER_BYTES + 1)
    if len(data) > MAX_PAPER_BYTES:
        raise ValidationError({"file": too_big})
    kind = document_kind(data)
    if kind is None:
        raise ValidationError({"file": NOT_A_DOCUMENT})
    return data, kind


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "rtf": "application/rtf",
    "txt": "text/plain; charset=utf-8",
}


def paper_content_type(paper: Paper) -> str:
    extension = (paper.file.name or "").rsplit(".", 1)[-1]
    return CONTENT_TYPES.get(extension, "application/octet-stream")


@transaction.atomic
def paper_add(
    *,
    meeting: Meeting,
    by: Person,
    title: str,
    upload: UploadedFile,
    easy_read_of: Paper | None = None,
) -> Paper:
    require_organiser(meeting, by)
    _require_open(meeting)
    if not title.strip():
        raise ValidationError({"title": _("Enter a name for the paper.")})
    if easy_read_of is not None and easy_read_of.meeting_id != meeting.pk:
        raise ValidationError({"easy_read_of": _("Choose a paper of this meeting.")})
    data, kind = _read_paper(upload)
    paper = Paper(meeting=meeting, title=title.strip(), easy_read_of=easy_read_of, uploaded_by=by)
    # A random name: the file's own name could say more than it should.
    paper.file.save(f"{uuid.uuid4().hex}.{kind}", ContentFile(data), save=False)
    paper.save()
    record_event(meeting.project, "meeting.paper_added", actor=by, subject=paper)
    return paper


@transaction.atomic
def papers_send(*, meeting: Meeting, by: Person) -> int:
    """Send every paper not yet sent to the people invited (as a link to the meeting page)."""
    require_organiser(meeting, by)
    _require_open(meeting)
    now = timezone.now()
    count = meeting.papers.filter(sent_at__isnull=True, withdrawn_at__isnull=True).update(
        sent_at=now
    )
    if count:
        record_event(
            meeting.project, "meeting.papers_sent", actor=by, subject=meeting, data={"count": count}
        )
        from .notify import tell_invitees

        transaction.on_commit(lambda: tell_invitees(meeting_id=meeting.pk, what="papers"))
    return count


@transaction.atomic
def paper_withdraw(*, paper: Paper, by: Person) -> Paper:
    """Take a paper off the meeting page. It is kept, so what was sent stays on record."""
    require_organiser(paper.meeting, by)
    if paper.withdrawn_at is None:
        paper.withdrawn_at = timezone.now()
        paper.save(update_fields=["withdrawn_at"])
        record_event(paper.meeting.project, "meeting.paper_withdrawn", actor=by, subject=paper)
    return paper


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, by: Person, title: str, description: str = "", minutes: int | None = None
) -> AgendaItem:
    require_organiser(meeting, by)
    _require_open(meeting)
    last = meeting.agenda.order_by("-order").values_list("order", flat=True).first()
    item = AgendaItem(
        meeting=meeting,
        order=(last or 0) + 1,
        title=title.strip(),
        description=description.strip(),
        minutes=minutes,
    )
    item.full_clean(exclude=["meeting"])
    item.save()
    record_event(meeting.project, "meeting.agenda_added", actor=by, subject=item)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: Person) -> None:
    """An agenda is a plan, not something anyone said: an item can go."""
    require_organiser(item.meeting, by)
    _require_open(item.meeting)
    record_event(
        item.meeting.project,
        "meeting.agenda_removed",
        actor=by,
        subject=item.meeting,
        data={"item": item.title[:100]},
    )
    item.delete()


@transaction.atomic
def venue_photo_add(
    *, venue: Venue, by: Person, upload: UploadedFile, description: str
) -> VenuePhoto:
    # The same picture checks as Easy Read uploads: type by content, size, and the
    # picture saved again so no hidden data (like where it was taken) is kept.
    from ustogether.plainlanguage.easyread import _read_picture

    require_venue_keeper(venue.organisation, by)
    if not description.strip():
        raise ValidationError({"description": _("Say what the photo shows.")})
    data, _content_type, extension, _width, _height = _read_picture(upload)
    photo = VenuePhoto(venue=venue, description=description.strip(), uploaded_by=by)
    photo.image.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
    photo.full_clean(exclude=["venue", "uploaded_by", "image"])
    photo.save()
    record_event(venue.organisation, "venue.photo_added", actor=by, subject=venue)
    return photo
