"""Decisions: what a project decided, how, with whom, because of what people said,
and what happened to it since.

A decision may need joint sign-off (a co-lead who uses the services and one who
works in them) before it is published; until then it is a draft. Its status is
followed to done (or dropped, with a reason), with dated updates.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ustogether.contributions.models import TEXT_MAX_LENGTH, Contribution, Response
from ustogether.core.validators import single_line
from ustogether.people.models import Person
from ustogether.projects.models import Perspective, Project


class Decision(models.Model):
    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("Everyone agreed")
        VOTE = "vote", _("A vote")
        CO_LEADS = "co_leads", _("The co-leads together")
        ORGANISATION = "organisation", _("The organisation alone")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("Being done")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="decisions")
    title = models.CharField(
        _("what was decided, in a few words"), max_length=200, validators=[single_line]
    )
    details = models.TextField(_("what was decided"), max_length=TEXT_MAX_LENGTH)
    decided_on = models.DateField(_("when it was decided"))
    # The meeting of the project where it was decided, if it was decided at one.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    options = models.TextField(_("the choices we thought about"), blank=True)
    method = models.CharField(_("how it was decided"), max_length=20, choices=Method.choices)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    votes_abstained = models.PositiveIntegerField(_("did not vote"), null=True, blank=True)
    dissent = models.TextField(_("views of people who did not agree"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    dropped_reason = models.TextField(blank=True)
    needs_joint_sign_off = models.BooleanField(default=True)
    # A draft until published: at once without joint sign-off, else when both sides agree.
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    informed_by = models.ManyToManyField(
        Contribution, through="DecisionContribution", related_name="decisions", blank=True
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["project", "-decided_on", "-id"])]
        verbose_name = _("decision")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Participant(models.Model):
    """Someone who took part in making the decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    perspective = models.CharField(max_length=30, choices=Perspective.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "person"], name="one_place_per_decision")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.decision}"


class SignOff(models.Model):
    """A co-lead agreeing a decision, with their perspective then, for joint sign-off."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="sign_offs")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    perspective = models.CharField(max_length=30, choices=Perspective.choices)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "person"], name="one_sign_off_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} agreed {self.decision}"


class DecisionContribution(models.Model):
    """A contribution that informed a decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="links")
    contribution = models.ForeignKey(
        Contribution, on_delete=models.PROTECT, related_name="decision_links"
    )
    linked_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "contribution"], name="one_link_per_contribution"
            )
        ]

    def __str__(self) -> str:
        return f"Contribution {self.contribution_id} informed decision {self.decision_id}"


class Update(models.Model):
    """What happened next: a dated note, and the status it moved to."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="updates")
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Decision.Status.choices)
    text = models.TextField(_("what happened"), max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Update to {self.decision}"


class News(models.Model):
    """News of a decision for someone whose contribution informed it and who asked to
    hear by post or phone. Like an answer to pass on, it is a job for a co-lead: listed
    with the answers to pass on until someone says they told them."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="news")
    # None: the news that the decision was made (published).
    update = models.ForeignKey(
        Update, on_delete=models.CASCADE, null=True, blank=True, related_name="news"
    )
    # The contribution that makes them someone to tell: it leads to who they are.
    contribution = models.ForeignKey(Contribution, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    tell_by = models.CharField(max_length=20, choices=Response.TellBy.choices)
    created_at = models.DateTimeField(default=timezone.now)
    told_at = models.DateTimeField(null=True, blank=True)
    told_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = _("news")

    def __str__(self) -> str:
        return f"News of {self.decision} for {self.person_id}"
