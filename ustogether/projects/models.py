"""Projects and the people in them.

A project is a piece of work an organisation co-produces with the people who use
its services. Each member has a role and a perspective, and the project records
the stage at which they joined, so late involvement shows.
"""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ustogether.core.validators import single_line
from ustogether.people.models import Organisation, Person, in_thirty_days

# Long enough for a real purpose or message; short enough that no page or email
# grows to megabytes.
PURPOSE_MAX_LENGTH = 5000
INVITATION_MESSAGE_MAX_LENGTH = 2000


class Perspective(models.TextChoices):
    LIVED_EXPERIENCE = "lived_experience", _("Lived experience")
    CARER = "carer", _("Carer")
    PROFESSIONAL = "professional", _("Professional")
    COMMISSIONER = "commissioner", _("Commissioner")
    RESEARCHER = "researcher", _("Researcher")
    OTHER = "other", _("Other")


class Project(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Anyone can read the project page")
        MEMBERS = "members", _("Only members can see the project")

    class Joining(models.TextChoices):
        OPEN = "open", _("Anyone can join")
        INVITATION = "invitation", _("People join when they are invited")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("title"), max_length=200, validators=[single_line])
    purpose = models.TextField(_("what the project is for"), max_length=PURPOSE_MAX_LENGTH)
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    joining = models.CharField(max_length=20, choices=Joining.choices, default=Joining.INVITATION)
    invitation_days = models.PositiveSmallIntegerField(
        _("how many days an invitation link works"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    current_stage = models.ForeignKey(
        "Stage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project")

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Stage(models.Model):
    class Kind(models.TextChoices):
        UNDERSTAND = "understand", _("Understand the problem")
        DESIGN = "design", _("Design")
        DELIVER = "deliver", _("Deliver")
        REVIEW = "review", _("Review")
        OTHER = "other", _("Other")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=120, validators=[single_line])
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    order = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "order"], name="one_stage_per_place")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        CO_LEAD = "co_lead", _("Co-lead")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    perspective = models.CharField(_("perspective"), max_length=30, choices=Perspective.choices)
    stage_joined = models.ForeignKey(
        Stage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    # Leaving keeps the row, so the project's history of who took part stays true.
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="one_membership_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.project}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class NeededPerspective(models.Model):
    """A perspective the project says it needs, and how many people with it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="needed_perspectives"
    )
    perspective = models.CharField(max_length=30, choices=Perspective.choices)
    count = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "perspective"], name="one_need_per_perspective"
            )
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.get_perspective_display()}"


class AgreementVersion(models.Model):
    """One version of the project agreement. A change makes a new version, which everyone signs again."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="agreement_versions"
    )
    number = models.PositiveIntegerField()
    purpose = models.TextField(_("what the project is for"))
    decisions = models.TextField(_("how we make decisions"))
    payment_and_support = models.TextField(_("how people are paid and supported"))
    disagreements = models.TextField(_("how we handle disagreements"))
    ground_rules = models.TextField(_("our ground rules"), blank=True)
    written_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="one_agreement_per_number")
        ]

    def __str__(self) -> str:
        return f"Agreement for {self.project}, version {self.number}"


class AgreementSignature(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="one_signature_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.person} signed {self.version}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(
        max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    perspective = models.CharField(max_length=30, choices=Perspective.choices, blank=True)
    message = models.TextField(blank=True, max_length=INVITATION_MESSAGE_MAX_LENGTH)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the link was last emailed, and until when it works; sending again renews both.
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=in_thirty_days)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # The address is blank once its owner closed their account.
        return f"Invitation to {self.email or 'a former member'} for {self.project}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()

    @property
    def has_run_out(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at <= timezone.now()
