"""Easy Read versions: write the points, give each a picture, find pictures by meaning.

An Easy Read version belongs to a page or paper (a project page, or a meeting
paper: see register_subject). Its
author writes the points in one box; the text is split with the checker's own
splitter (sentences.split_points), so the "point with no picture" findings
line up with the saved points. Each point then gets a picture: one of the
OpenMoji pictures that ship with the site (see bin/openmoji-subset.py), or a
picture someone in the organisation uploaded.

Every write here checks permission first, then does the work, then records an
audit event.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ustogether.core import plaincheck
from ustogether.core.audit import record_event
from ustogether.people.models import Organisation, OrganisationMembership, Person
from ustogether.plainlanguage.checker import FindingKind, Report, check
from ustogether.plainlanguage.models import EasyReadPoint, EasyReadVersion, UploadedPicture
from ustogether.plainlanguage.pictures import OPENMOJI_PREFIX, UPLOAD_PREFIX, get_picture
from ustogether.plainlanguage.sentences import split_points
from ustogether.projects.access import project_access
from ustogether.projects.models import Project

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_SIDE = 4000
# Pictures are shown at most a few hundred pixels wide; keep a little more for
# sharp screens and print, and no more, so pages stay quick on a phone.
STORED_MAX_SIDE = 1600
# Pillow format name -> (content type, file extension, format to save as).
# GIFs are saved as PNG: Easy Read pictures must not move (WCAG 2.2.2), and
# saving again drops any animation. SVG is never accepted: it can hold script.
ALLOWED_FORMATS: dict[str, tuple[str, str, str]] = {
    "PNG": ("image/png", "png", "PNG"),
    "JPEG": ("image/jpeg", "jpg", "JPEG"),
    "GIF": ("image/png", "png", "PNG"),
    "WEBP": ("image/webp", "webp", "WEBP"),
}


# ---------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------


def version_for(subject: models.Model) -> EasyReadVersion | None:
    return EasyReadVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).first()


@dataclass(frozen=True, slots=True)
class SubjectRules:
    """How an app above plainlanguage lets its pages have Easy Read versions.

    plainlanguage knows project pages itself; other apps (meetings, for a
    paper) register their model here in their AppConfig.ready, so this app
    needs no import of theirs."""

    # Who may write the version and choose its pictures.
    can_author: Callable[[Person, Any], bool]
    # Who may read it (and so see the pictures on it).
    can_view: Callable[[Person | AnonymousUser, Any], bool]
    # Whose uploaded pictures it may use.
    organisation: Callable[[Any], Organisation]
    # What the audit events belong to (a paper's project, say).
    scope: Callable[[Any], models.Model]
    # Raises ValidationError, saying why, when the page can no longer change.
    require_open: Callable[[Any], None] | None = None
    # Called once, in the same transaction, when the page's version is first written
    # (a paper already sent tells the people coming that it is there).
    on_created: Callable[[Any, Person], None] | None = None


_RULES: dict[type[models.Model], SubjectRules] = {}


def register_subject(model: type[models.Model], rules: SubjectRules) -> None:
    _RULES[model] = rules


def _rules_for(subject: models.Model) -> SubjectRules | None:
    return _RULES.get(type(subject))


def versions_for(subjects: Sequence[models.Model]) -> dict[int, EasyReadVersion]:
    """The Easy Read versions of some pages of one kind, by the page's id, in one query."""
    if not subjects:
        return {}
    content_type = ContentType.objects.get_for_model(subjects[0])
    return {
        v.object_id: v
        for v in EasyReadVersion.objects.filter(
            content_type=content_type, object_id__in=[s.pk for s in subjects]
        )
    }


def organisation_of(subject: models.Model) -> Organisation:
    rules = _rules_for(subject)
    if rules is not None:
        return rules.organisation(subject)
    organisation = getattr(subject, "organisation", None)
    if not isinstance(organisation, Organisation):
        raise PermissionDenied(
            "Easy Read versions are only for pages that belong to an organisation."
        )
    return organisation


def audit_scope(subject: models.Model) -> models.Model:
    """What an Easy Read write is recorded against: the page, or what it belongs to."""
    rules = _rules_for(subject)
    return rules.scope(subject) if rules is not None else subject


def _require_open(subject: models.Model) -> None:
    rules = _rules_for(subject)
    if rules is not None and rules.require_open is not None:
        rules.require_open(subject)


def can_author(person: Person | AnonymousUser, subject: models.Model) -> bool:
    """Who may write an Easy Read version: whoever manages the page it explains.

    Project pages are known here; another kind of page says no unless its app
    registered its rules (register_subject)."""
    if not person.is_authenticated:
        return False
    if isinstance(subject, Project):
        return project_access(person, subject).can_manage
    rules = _rules_for(subject)
    return rules is not None and rules.can_author(person, subject)


def can_view_subject(person: Person | AnonymousUser, subject: models.Model) -> bool:
    if isinstance(subject, Project):
        access = project_access(person, subject)
        return subject.is_public or access.can_see_members_area
    rules = _rules_for(subject)
    return rules is not None and rules.can_view(person, subject)


def text_of(points: Sequence[EasyReadPoint]) -> str:
    """The points as one text again, for the author to edit."""
    parts: list[str] = []
    previous: EasyReadPoint | None = None
    for point in points:
        line = f"- {point.text}" if point.kind == EasyReadPoint.Kind.ITEM else point.text
        if previous is not None:
            both_items = previous.kind == point.kind == EasyReadPoint.Kind.ITEM
            parts.append("\n" if both_items else "\n\n")
        parts.append(line)
        previous = point
    return "".join(parts)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class _NewPoint:
    order: int
    kind: str
    text: str


def _new_points(text: str) -> list[_NewPoint]:
    return [
        _NewPoint(order=p.index, kind=p.kind, text=text[p.start : p.end].strip())
        for p in split_points(text)
    ]


def _match(old: Sequence[EasyReadPoint], new: Sequence[_NewPoint]) -> list[EasyReadPoint | None]:
    """Which saved point each new point continues, so its picture stays with it.

    The same words keep their point wherever they move to; a point whose words
    changed keeps the saved point in the same place, as an edit."""
    by_text: dict[str, list[EasyReadPoint]] = {}
    for point in old:
        by_text.setdefault(_key(point.text), []).append(point)
    matched: list[EasyReadPoint | None] = []
    used: set[int] = set()
    for item in new:
        candidates = by_text.get(_key(item.text), [])
        found = candidates.pop(0) if candidates else None
        if found is not None:
            used.add(found.pk)
        matched.append(found)
    by_order = {point.order: point for point in old}
    for n, item in enumerate(new):
        if matched[n] is None:
            same_place = by_order.get(item.order)
            if same_place is not None and same_place.pk not in used:
                matched[n] = same_place
                used.add(same_place.pk)
    return matched


def pictured_points(points: Iterable[EasyReadPoint]) -> set[int]:
    return {p.order for p in points if p.has_picture}


def pictured_points_for_text(version: EasyReadVersion | None, text: str) -> set[int]:
    """The points of an unsaved text that would keep a picture if it were saved."""
    if version is None:
        return set()
    new = _new_points(text)
    matched = _match(list(version.active_points()), new)
    return {item.order for item, old in zip(new, matched, strict=True) if old and old.has_picture}


def easy_read_report(
    text: str,
    *,
    pictured: Iterable[int],
    organisation_id: int | None,
    base: Report | None = None,
) -> Report:
    """The Easy Read checks, with "this point has no picture" findings added at the end.

    They go at the end so the findings before them keep the numbers the
    "Use this word" buttons send back (see core.plaincheck)."""
    extra = plaincheck.local_terms_provider(organisation_id) or None
    if base is None:
        base = check(text, easy_read=True, extra_terms=extra)
    with_pictures = check(
        text, easy_read=True, extra_terms=extra, points_with_pictures=set(pictured)
    )
    missing = tuple(
        f for f in with_pictures.findings if f.kind is FindingKind.EASY_READ and f.point is not None
    )
    return Report(
        findings=base.findings + missing,
        reading_age=base.reading_age,
        grade=base.grade,
        sentences=base.sentences,
        words=base.words,
        syllables=base.syllables,
        sentence_stats=base.sentence_stats,
        points=base.points,
        easy_read=True,
    )


def picture_findings(version: EasyReadVersion) -> list[EasyReadPoint]:
    """The points that still need a picture (headings never do)."""
    points = list(version.active_points())
    report = check(text_of(points), easy_read=True, points_with_pictures=pictured_points(points))
    missing = {f.point for f in report.by_kind(FindingKind.EASY_READ) if f.point is not None}
    return [p for p in points if p.order in missing]


# ---------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------


@transaction.atomic
def easy_read_write(*, subject: models.Model, by: Person, title: str, text: str) -> EasyReadVersion:
    """Save the points of an Easy Read version, keeping each picture with its point."""
    if not can_author(by, subject):
        raise PermissionDenied("Only the page's co-leads can write its Easy Read version.")
    _require_open(subject)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the Easy Read version a title.")
    new = [p for p in _new_points(text) if p.text]
    if not new:
        errors["points"] = _("Write at least one point.")
    if errors:
        raise ValidationError(errors)
    content_type = ContentType.objects.get_for_model(subject)
    version, created = EasyReadVersion.objects.select_for_update().get_or_create(
        content_type=content_type,
        object_id=subject.pk,
        defaults={"title": title.strip(), "updated_by": by},
    )
    version.title, version.updated_by = title.strip(), by
    version.save()
    old = list(version.active_points())
    matched = _match(old, new)
    added = changed = 0
    edits: list[dict[str, Any]] = []
    for item, point in zip(new, matched, strict=True):
        if point is None:
            EasyReadPoint.objects.create(
                version=version, order=item.order, kind=item.kind, text=item.text
            )
            added += 1
            continue
        if point.text != item.text:
            changed += 1
            edits.append({"point": point.pk, "before": point.text[:500]})
        point.order, point.kind, point.text = item.order, item.kind, item.text
        point.save(update_fields=["order", "kind", "text", "updated_at"])
    kept = {p.pk for p in matched if p is not None}
    gone = [p for p in old if p.pk not in kept]
    for point in gone:
        point.removed_at = timezone.now()
        point.save(update_fields=["removed_at", "updated_at"])
    record_event(
        audit_scope(subject),
        "easy_read.created" if created else "easy_read.written",
        actor=by,
        subject=version,
        data={
            "points": len(new),
            "added": added,
            "changed": changed,
            "removed": [{"point": p.pk, "text": p.text[:500]} for p in gone],
            "edits": edits,
        },
    )
    rules = _rules_for(subject)
    if created and rules is not None and rules.on_created is not None:
        rules.on_created(subject, by)
    return version


def _check_point_author(point: EasyReadPoint, by: Person) -> models.Model:
    subject = point.version.subject
    if subject is None or not can_author(by, subject):
        raise PermissionDenied("Only the page's co-leads can choose its pictures.")
    _require_open(subject)
    if point.removed_at is not None:
        raise ValidationError(_("This point is no longer in the Easy Read version."))
    return subject


@transaction.atomic
def easy_read_choose_picture(
    *, point: EasyReadPoint, by: Person, choice: str, alt: str = ""
) -> EasyReadPoint:
    """Put a picture beside a point: `choice` is "openmoji:<hexcode>" or "upload:<id>"."""
    subject = _check_point_author(point, by)
    if choice.startswith(OPENMOJI_PREFIX):
        picture = get_picture(choice.removeprefix(OPENMOJI_PREFIX))
        if picture is None:
            raise ValidationError({"picture": _("We could not find that picture. Search again.")})
        point.picture_key, point.picture = picture.hexcode, None
        label = picture.name
    elif choice.startswith(UPLOAD_PREFIX) and choice.removeprefix(UPLOAD_PREFIX).isdigit():
        uploaded = UploadedPicture.objects.filter(
            pk=int(choice.removeprefix(UPLOAD_PREFIX)),
            organisation=organisation_of(subject),
        ).first()
        if uploaded is None:
            raise ValidationError({"picture": _("We could not find that picture. Search again.")})
        point.picture_key, point.picture = "", uploaded
        label = f"upload {uploaded.pk}"
        if not alt.strip():
            alt = uploaded.alt_text
    else:
        raise ValidationError({"picture": _("Choose a picture, or upload your own.")})
    point.picture_alt = alt.strip()
    point.save(update_fields=["picture_key", "picture", "picture_alt", "updated_at"])
    record_event(
        audit_scope(subject),
        "easy_read.picture_chosen",
        actor=by,
        subject=point.version,
        data={"point": point.pk, "picture": label},
    )
    return point


def _read_picture(upload: UploadedFile) -> tuple[bytes, str, str, int, int]:
    """Check an uploaded file is a picture we can use; return it saved again, cleanly.

    Saving it again with Pillow keeps only the picture: no hidden data such as
    where a photo was taken, and nothing a browser could run."""
    not_a_picture = _(
        "This file is not a picture we can use. Choose a PNG, JPEG, GIF or WebP picture."
    )
    # Read one byte past the limit, never more: the bytes read, not the size the upload
    # says it has, decide whether it is too big.
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "image": _(
                    "This picture is too big. It must be smaller than 2 MB. "
                    "Make it smaller, or choose a different picture."
                )
            }
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format or ""
            width, height = probe.size
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError({"image": not_a_picture})
            if width > MAX_UPLOAD_SIDE or height > MAX_UPLOAD_SIDE:
                raise ValidationError(
                    {
                        "image": _(
                            "This picture is too large: it is %(width)s by %(height)s pixels. "
                            "It must be 4000 by 4000 pixels or smaller. Make it smaller, "
                            "or choose a different picture."
                        )
                        % {"width": width, "height": height}
                    }
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            cleaned = ImageOps.exif_transpose(image)
            content_type, extension, save_as = ALLOWED_FORMATS[image_format]
            if save_as == "JPEG" and cleaned.mode not in ("RGB", "L"):
                cleaned = cleaned.convert("RGB")
            elif save_as == "PNG" and cleaned.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                cleaned = cleaned.convert("RGBA")
            cleaned.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE))
            out = io.BytesIO()
            cleaned.save(out, format=save_as, **({"quality": 90} if save_as != "PNG" else {}))
            return out.getvalue(), content_type, extension, cleaned.width, cleaned.height
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError({"image": not_a_picture}) from None


@transaction.atomic
def easy_read_upload_picture(
    *,
    subject: models.Model,
    by: Person,
    image: UploadedFile,
    alt_text: str = "",
    point: EasyReadPoint | None = None,
) -> UploadedPicture:
    """Keep a picture someone uploaded, for their organisation's Easy Read pages.

    With `point`, the picture also goes beside that point."""
    if not can_author(by, subject):
        raise PermissionDenied("Only the page's co-leads can upload pictures for it.")
    _require_open(subject)
    data, content_type, extension, width, height = _read_picture(image)
    picture = UploadedPicture(
        organisation=organisation_of(subject),
        owner=by,
        alt_text=alt_text.strip(),
        content_type=content_type,
        width=width,
        height=height,
    )
    picture.image.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
    picture.save()
    record_event(
        audit_scope(subject),
        "easy_read.picture_uploaded",
        actor=by,
        subject=picture,
        data={"width": width, "height": height, "type": content_type},
    )
    if point is not None:
        easy_read_choose_picture(
            point=point, by=by, choice=f"{UPLOAD_PREFIX}{picture.pk}", alt=alt_text
        )
    return picture


def can_view_uploaded(person: Person | AnonymousUser, picture: UploadedPicture) -> bool:
    """Anyone who can read a page using the picture; and its organisation's people."""
    if person.is_authenticated and (
        picture.owner_id == person.pk
        or OrganisationMembership.objects.filter(
            organisation_id=picture.organisation_id, person=person
        ).exists()
    ):
        return True
    versions = EasyReadVersion.objects.filter(
        points__picture=picture, points__removed_at__isnull=True
    ).distinct()
    return any(v.subject is not None and can_view_subject(person, v.subject) for v in versions)
