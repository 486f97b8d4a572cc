"""Glossary entries added on the site, on top of the glossary that ships with Us Together.

Anyone in a project or organisation can suggest a term, or ask what one
means; a co-lead of that project (or an admin, co-production lead or glossary
writer of the organisation) accepts or answers it, edits it or turns it down. Accepted entries join the checker and the reader's
definitions for that organisation's pages. The checker itself (checker.py and
friends) is pure Python and knows nothing of this.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ustogether.people.models import Organisation, Person
from ustogether.plainlanguage.glossary import GlossaryEntry


class LocalTerm(models.Model):
    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Waiting for a co-lead")
        ACCEPTED = "accepted", _("In the glossary")
        TURNED_DOWN = "turned_down", _("Not added")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="glossary_terms"
    )
    # Where it was suggested, so that project's co-leads can decide.
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="glossary_terms",
    )
    term = models.CharField(_("word or phrase"), max_length=120)
    variants = models.CharField(_("other ways of writing it"), max_length=300, blank=True)
    # Empty for a question ("what does reablement mean?") until someone answers it.
    plain = models.CharField(_("plain words to use instead"), max_length=200, blank=True)
    definition = models.TextField(_("what it means"), blank=True)
    is_question = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUGGESTED)
    reason = models.TextField(_("why it was not added"), blank=True)
    # Words from inside an organisation stay with its signed-in people, unless a
    # co-lead publishes them; the author's name shows only if they said so.
    published = models.BooleanField(_("on the public glossary"), default=False)
    credit_author = models.BooleanField(_("show the author's name"), default=False)
    written_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "term"],
                condition=models.Q(status="accepted"),
                name="one_accepted_local_term_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.term

    def as_entry(self) -> GlossaryEntry:
        return self.entry(
            term=self.term,
            variants=self.variants,
            plain=self.plain,
            definition=self.definition,
            author=self.written_by.display_name if self.credit_author else "",
            organisation=self.organisation.name,
        )

    @staticmethod
    def entry(
        *, term: str, variants: str, plain: str, definition: str, author: str, organisation: str
    ) -> GlossaryEntry:
        """A glossary entry from a local term's columns (see queries.local_entries).
        `author` is empty unless the author agreed to be named."""
        return GlossaryEntry(
            term=term,
            plain=plain,
            definition=definition,
            variants=tuple(v.strip() for v in variants.split(",") if v.strip()),
            topic="local",
            source=f"Written by {author} for {organisation}"
            if author
            else f"Written for {organisation}",
        )


# Easy Read versions
# ------------------
# A page or paper can have an Easy Read version: short points in large text,
# each with a picture beside it. The version hangs off whatever it explains
# (a project page now; a meeting paper later) through a generic relation, the
# way the audit log points at its subject, so plainlanguage needs no foreign
# key into the apps above it.


class UploadedPicture(models.Model):
    """A picture an author uploaded for Easy Read, shared within their organisation.

    The file is checked and re-saved by easyread.picture_upload (no SVG, no
    photo location data) and kept in the default file storage, which can be S3.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="easy_read_pictures"
    )
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    image = models.FileField(_("picture"), upload_to="easyread/pictures/", max_length=200)
    alt_text = models.CharField(_("what the picture shows"), max_length=300, blank=True)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.alt_text or f"Picture {self.pk}"


class EasyReadVersion(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=200)
    updated_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_easy_read_version_per_subject"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def active_points(self) -> models.QuerySet[EasyReadPoint]:
        return self.points.filter(removed_at__isnull=True).select_related("picture")


class EasyReadPoint(models.Model):
    """One point: a paragraph, a list item or a heading, with the picture beside it.

    ``order`` matches the point's index from sentences.split_points on the
    version's whole text, so the checker's "point with no picture" findings
    line up with these rows. A point taken out of the text is marked removed,
    never deleted.
    """

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", _("Point")
        ITEM = "item", _("List item")
        HEADING = "heading", _("Heading")

    version = models.ForeignKey(EasyReadVersion, on_delete=models.CASCADE, related_name="points")
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PARAGRAPH)
    text = models.TextField(_("point"))
    # A shipped OpenMoji picture (its hexcode), or a picture someone uploaded.
    picture_key = models.CharField(max_length=80, blank=True)
    picture = models.ForeignKey(
        UploadedPicture, on_delete=models.PROTECT, null=True, blank=True, related_name="points"
    )
    # Empty when the words say what the picture shows, so screen readers skip it.
    picture_alt = models.CharField(_("what the picture shows"), max_length=300, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(picture_key="") | models.Q(picture__isnull=True),
                name="easy_read_point_one_picture",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def has_picture(self) -> bool:
        return bool(self.picture_key) or self.picture_id is not None
