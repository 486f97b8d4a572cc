"""Contributions: everything someone said to a project, in any form, and the answers.

A contribution is words, a picture, a photo, a sound recording or a document,
given on the site, in person, by phone or by post, by the person or recorded on
their behalf. Every one gets a response from the project team ("you said, we
did"); silence past the project's deadline makes it overdue. Nothing is ever
deleted: a moderator can hide a contribution, with a reason, and its history stays.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ustogether.core.validators import single_line
from ustogether.people.models import Person
from ustogether.projects.models import Project

TEXT_MAX_LENGTH = 10_000
DEFAULT_RESPONSE_DAYS = 28


class ProjectRules(models.Model):
    """How a project answers: days to respond, and whether decisions need joint sign-off."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="answer_rules")
    response_days = models.PositiveSmallIntegerField(
        _("days the team has to answer each contribution"),
        default=DEFAULT_RESPONSE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    joint_sign_off = models.BooleanField(
        _("decisions need joint sign-off"),
        default=True,
        help_text=_(
            "Then two co-leads must agree a decision before it is shown. One must use the "
            "services. One must work in them."
        ),
    )

    def __str__(self) -> str:
        return f"Rules for {self.project}"


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def shown(self) -> ContributionQuerySet:
        return self.filter(hidden_at__isnull=True)

    def awaiting(self) -> ContributionQuerySet:
        """Waiting for the team: never answered, re-opened, or 'still thinking'."""
        return self.shown().filter(state__in=Contribution.WAITING_STATES)

    def overdue(self, now: dt.datetime | None = None) -> ContributionQuerySet:
        return self.awaiting().filter(due_at__lt=now or timezone.now())


class Contribution(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Words")
        PICTURE = "picture", _("A drawing or other art")
        PHOTO = "photo", _("A photo")
        AUDIO = "audio", _("A sound recording")
        DOCUMENT = "document", _("A document")

    class Route(models.TextChoices):
        ONLINE = "online", _("On this website")
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        POST = "post", _("By post")
        EMAIL = "email", _("By email")

    class Sharing(models.TextChoices):
        TEAM = "team", _("Only the project team")
        PUBLIC = "public", _("The project team and the public page")

    class State(models.TextChoices):
        NEW = "new", _("Waiting for an answer")
        CONSIDERING = "considering", _("Still being thought about")
        ANSWERED = "answered", _("Answered")
        REOPENED = "reopened", _("Waiting for a new answer")

    WAITING_STATES = (State.NEW, State.CONSIDERING, State.REOPENED)
    FILE_KINDS = (Kind.PICTURE, Kind.PHOTO, Kind.AUDIO, Kind.DOCUMENT)
    IMAGE_KINDS = (Kind.PICTURE, Kind.PHOTO)

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="contributions")
    # Whose contribution it is. Someone without an account has only a name.
    author = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    author_name = models.CharField(
        _("their name"), max_length=150, blank=True, validators=[single_line]
    )
    # Who typed it in: the author, or a supporter or member of staff on their behalf.
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    consent_given = models.BooleanField(default=False)
    route = models.CharField(
        _("how it came to us"), max_length=20, choices=Route.choices, default=Route.ONLINE
    )
    kind = models.CharField(_("what it is"), max_length=20, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=120, blank=True, validators=[single_line])
    # Where it was said, if at a meeting of the project: the meeting as a whole,
    # or one item on its agenda.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("meeting"),
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("what they said"), blank=True, max_length=TEXT_MAX_LENGTH)
    # A file: kept through Django's storage, served only through a checked view.
    file = models.FileField(upload_to="contributions/", max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_name = models.CharField(max_length=150, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    description = models.TextField(
        _("what the picture shows"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    transcript = models.TextField(
        _("what the recording says"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    sharing = models.CharField(
        _("who can see it"), max_length=20, choices=Sharing.choices, default=Sharing.TEAM
    )
    # Anonymous to other people; the site still knows, so it can be answered.
    anonymous = models.BooleanField(_("do not show my name"), default=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.NEW)
    # When the team must answer by: the project's days after it was given, or
    # the date the team said it would come back by.
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField(blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["project", "-created_at", "-id"]),
            models.Index(fields=["project", "state", "due_at"]),
            models.Index(fields=["project", "sharing", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(author__isnull=False) | ~models.Q(author_name=""),
                name="contribution_has_an_author",
            )
        ]
        verbose_name = _("contribution")

    def __str__(self) -> str:
        return f"Contribution {self.pk} to {self.project_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_public(self) -> bool:
        return self.sharing == self.Sharing.PUBLIC

    @property
    def on_behalf(self) -> bool:
        return self.author_id != self.recorded_by_id

    @property
    def is_waiting(self) -> bool:
        return self.state in self.WAITING_STATES and not self.is_hidden

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        return self.is_waiting and self.due_at < (now or timezone.now())

    @property
    def is_image(self) -> bool:
        return self.kind in self.IMAGE_KINDS

    @property
    def true_author_name(self) -> str:
        """The author's name whatever their wish: only for the author, who recorded it, and
        the site's own messages to them."""
        return self.author.display_name if self.author is not None else self.author_name

    def author_shown_to(self, person: Person | None) -> str:
        """The name a person may see. Anonymous contributions name nobody, except to the
        author and to whoever recorded it on their behalf."""
        if not self.anonymous:
            return self.true_author_name
        if person is not None and person.pk in (self.author_id, self.recorded_by_id):
            return _("%(name)s (others see 'Anonymous')") % {"name": self.true_author_name}
        return str(_("Anonymous"))

    def summary(self, length: int = 90) -> str:
        words = self.text or self.transcript or self.description or self.file_name
        words = " ".join(words.split())
        return words if len(words) <= length else words[: length - 1].rstrip() + "…"


class Response(models.Model):
    """The team's answer to a contribution: the "we did" half."""

    class Outcome(models.TextChoices):
        TAKEN_FORWARD = "taken_forward", _("Taken forward")
        PARTLY = "partly", _("Partly taken forward")
        NOT_TAKEN_FORWARD = "not_taken_forward", _("Not taken forward")
        CONSIDERING = "considering", _("Still being thought about")

    class TellBy(models.TextChoices):
        EMAIL = "email", _("Email")
        POST = "post", _("Post")
        PHONE = "phone", _("Phone")
        SUPPORTER = "supporter", _("Through their supporter")

    contribution = models.ForeignKey(
        Contribution, on_delete=models.PROTECT, related_name="responses"
    )
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("what happened"), max_length=30, choices=Outcome.choices)
    text = models.TextField(_("what we did, and why"), max_length=TEXT_MAX_LENGTH)
    come_back_by = models.DateField(_("when we will answer"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # How the contributor hears of it. Email is sent at once; post, phone and
    # supporter are a job for a person, listed until someone marks them done.
    tell_by = models.CharField(max_length=20, choices=TellBy.choices)
    told_at = models.DateTimeField(null=True, blank=True)
    told_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("response")

    def __str__(self) -> str:
        return f"Response {self.pk} to contribution {self.contribution_id}"


class Reply(models.Model):
    """The contributor answering back ("that is not what I meant"): it re-opens the contribution."""

    contribution = models.ForeignKey(Contribution, on_delete=models.PROTECT, related_name="replies")
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="replies")
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("your reply"), max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"Reply {self.pk} to contribution {self.contribution_id}"


class Moderation(models.Model):
    """Each time a moderator hid a contribution or showed it again: the history co-leads see."""

    class Action(models.TextChoices):
        HIDDEN = "hidden", _("Hidden")
        SHOWN = "shown", _("Shown again")

    contribution = models.ForeignKey(
        Contribution, on_delete=models.PROTECT, related_name="moderations"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} contribution {self.contribution_id}"
