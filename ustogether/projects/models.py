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
    # What joining means, in the project's own words, for the join page.
    time_needed = models.CharField(
        _("how much time it takes"), max_length=300, blank=True, validators=[single_line]
    )
    meetings = models.CharField(
        _("how and where we meet"), max_length=300, blank=True, validators=[single_line]
    )
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A closed project keeps everything; nobody joins it or changes it any more.
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closing_summary = models.TextField(_("what the project did"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project")

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


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
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)

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
    # Set when a co-lead removed the person, rather than the person leaving.
    removed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField(_("why they were removed"), blank=True)

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


class ChangeRule(models.TextChoices):
    """How the agreement says a change to it is agreed. "Uses the services" is the
    lived-experience perspective; "works in them" the professional one."""

    CO_LEADS_OR_MAJORITY = (
        "co_leads_or_majority",
        _(
            "Two co-leads say yes: one who uses the services and one who works in them. "
            "Or more than half the members say yes"
        ),
    )
    CO_LEADS = (
        "co_leads",
        _("Two co-leads say yes: one who uses the services and one who works in them"),
    )
    MAJORITY = "majority", _("More than half the members say yes")
    EVERYONE = "everyone", _("Every member says yes")


# The sections of the agreement, in the order they are read.
AGREEMENT_SECTIONS: tuple[str, ...] = (
    "purpose",
    "decisions",
    "payment_and_support",
    "disagreements",
    "ground_rules",
)


class AgreementText(models.Model):
    """The words of an agreement: a version's, or a proposal's."""

    purpose = models.TextField(_("what the project is for"))
    decisions = models.TextField(_("how we make decisions"))
    payment_and_support = models.TextField(_("how people are paid and supported"))
    disagreements = models.TextField(_("how we handle disagreements"))
    ground_rules = models.TextField(_("our ground rules"), blank=True)
    change_rule = models.CharField(
        _("how we agree a change to this agreement"),
        max_length=30,
        choices=ChangeRule.choices,
        default=ChangeRule.CO_LEADS_OR_MAJORITY,
    )

    class Meta:
        abstract = True

    def sections(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in (*AGREEMENT_SECTIONS, "change_rule")}


class AgreementVersion(AgreementText):
    """One adopted version of the project agreement. Members sign each version.

    A version is made only when a proposal is agreed the way the version before
    it says (see projects.agreements); `written_by` is who proposed it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="agreement_versions"
    )
    number = models.PositiveIntegerField()
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


class AgreementProposal(AgreementText):
    """A change to the agreement someone proposes, with why. Members answer and
    comment; it becomes a new version once agreed the way the agreement says."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for answers")
        ADOPTED = "adopted", _("Agreed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        OUT_OF_DATE = "out_of_date", _("Out of date: another change was agreed first")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="agreement_proposals"
    )
    # The version this changes; empty for the first agreement.
    base = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("why"))
    proposed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    adopted_as = models.OneToOneField(
        AgreementVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Proposed change to the agreement for {self.project}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ProposalAnswer(models.Model):
    """A member's answer to a proposal. They can change it while it is open."""

    class Answer(models.TextChoices):
        AGREE = "agree", _("I agree")
        NOT_YET = "not_yet", _("Not yet: I want to talk about it first")

    proposal = models.ForeignKey(
        AgreementProposal, on_delete=models.CASCADE, related_name="answers"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person"], name="one_answer_per_proposal")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.answer}"


class ProposalComment(models.Model):
    """What someone said about a proposal. Comments are never deleted."""

    proposal = models.ForeignKey(
        AgreementProposal, on_delete=models.CASCADE, related_name="comments"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment by {self.person}"


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
