"""People and organisations.

A Person is an account: someone who signs in with their email address. What a
person does on a project or in an organisation is a membership, never a kind
of account. Access and communication needs live in their own model, NeedsProfile,
because they are sensitive and are only stored with the person's consent.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ustogether.core.validators import phone_number, single_line
from ustogether.core.vocabulary import AccessFeature, CommunicationFormat


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> Person:
        if not email:
            raise ValueError("A person needs an email address.")
        person = self.model(email=self.normalize_email(email).lower(), **extra)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> Person:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class Person(AbstractBaseUser, PermissionsMixin):
    class ContactBy(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        POST = "post", _("Post")
        SUPPORTER = "supporter", _("Through someone who supports me")

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        _("full name"), max_length=150, blank=True, validators=[single_line]
    )
    preferred_name = models.CharField(
        _("what you like to be called"), max_length=80, blank=True, validators=[single_line]
    )
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True, validators=[single_line])
    contact_by = models.CharField(
        _("how to contact you"), max_length=20, choices=ContactBy.choices, default=ContactBy.EMAIL
    )
    phone = models.CharField(
        _("phone number"), max_length=40, blank=True, validators=[phone_number]
    )
    postal_address = models.TextField(_("postal address"), max_length=500, blank=True)
    supporter_name = models.CharField(
        _("supporter's name"), max_length=150, blank=True, validators=[single_line]
    )
    supporter_contact = models.CharField(
        _("how to contact your supporter"), max_length=200, blank=True, validators=[single_line]
    )
    is_staff = models.BooleanField(_("system administrator"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[PersonManager] = PersonManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_to_show(self.preferred_name, self.full_name, self.email)

    @staticmethod
    def name_to_show(preferred_name: str, full_name: str, email: str) -> str:
        """The name shown for a person, from those three columns alone."""
        return preferred_name or full_name or email.split("@")[0]

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.display_name


class NeedsProfile(models.Model):
    """A person's access and communication needs, stored only with their consent.

    Organisers of an activity see what must be arranged ("step-free access"),
    never why; nobody else sees this at all.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="needs")
    consent_given_at = models.DateTimeField()
    interpreter_language = models.CharField(_("interpreter language"), max_length=80, blank=True)
    dietary_needs = models.TextField(_("food and drink needs"), blank=True)
    other_needs = models.TextField(_("anything else that helps you take part"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("needs profile")

    def __str__(self) -> str:
        return f"Needs of person {self.person_id}"

    @property
    def access_features(self) -> list[str]:
        return [need.feature for need in self.access_needs.all()]

    @property
    def communication_formats(self) -> list[str]:
        return [need.format for need in self.communication_needs.all()]


class AccessNeed(models.Model):
    profile = models.ForeignKey(NeedsProfile, on_delete=models.CASCADE, related_name="access_needs")
    feature = models.CharField(max_length=40, choices=AccessFeature.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "feature"], name="one_access_need_per_feature"
            )
        ]

    def __str__(self) -> str:
        return self.get_feature_display()


class CommunicationNeed(models.Model):
    profile = models.ForeignKey(
        NeedsProfile, on_delete=models.CASCADE, related_name="communication_needs"
    )
    format = models.CharField(max_length=40, choices=CommunicationFormat.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "format"], name="one_communication_need_per_format"
            )
        ]

    def __str__(self) -> str:
        return self.get_format_display()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        NHS_TRUST = "nhs_trust", _("NHS trust or health service")
        CHARITY = "charity", _("Charity or community group")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True, validators=[single_line])
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(_("type of organisation"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


# An authenticator app, or a security key or passkey; recovery codes only back these up.
TWO_STEP_TYPES = ("totp", "webauthn")


def has_two_step(person: Person | Any) -> bool:
    """Whether the person signs in with a second step (an authenticator app)."""
    from allauth.mfa.models import Authenticator

    return bool(getattr(person, "is_authenticated", False)) and (
        Authenticator.objects.filter(user=person, type__in=TWO_STEP_TYPES).exists()
    )


class OrganisationMembershipQuerySet(models.QuerySet["OrganisationMembership"]):
    def in_force(self) -> OrganisationMembershipQuerySet:
        """Roles that work now. Admins and finance officers can change who is on the
        staff and where money goes, so their roles work only once they sign in with
        two-step sign-in; until then they are like any other signed-in person."""
        return self.filter(_works_now())

    def with_in_force(self) -> OrganisationMembershipQuerySet:
        """Every role, each with `is_in_force` (the rule of in_force()), in one query."""
        return self.annotate(
            is_in_force=models.ExpressionWrapper(_works_now(), output_field=models.BooleanField())
        )


def _works_now() -> Combinable:
    from allauth.mfa.models import Authenticator

    app = Authenticator.objects.filter(user=models.OuterRef("person"), type__in=TWO_STEP_TYPES)
    return ~models.Q(role__in=OrganisationMembership.NEEDS_TWO_STEP) | models.Exists(app)


class OrganisationMembership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        LEAD = "lead", _("Co-production lead")
        FINANCE = "finance", _("Finance officer")
        STAFF = "staff", _("Staff")
        # Writes plain meanings: answers glossary questions, adds suggested words.
        GLOSSARY_WRITER = "glossary_writer", _("Glossary writer")

    NEEDS_TWO_STEP: ClassVar[tuple[str, ...]] = (Role.ADMIN, Role.FINANCE)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="staff")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="organisation_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationMembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person"], name="one_role_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} at {self.organisation}"

    @property
    def needs_two_step(self) -> bool:
        return self.role in self.NEEDS_TWO_STEP


def new_token() -> str:
    return secrets.token_urlsafe(32)


def in_thirty_days() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=30)


class StaffInvitation(models.Model):
    """A staff role offered to an email address.

    The role is given only when the owner of that address, signed in with it
    verified, says yes; until then the organisation sees only the address.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="staff_invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=OrganisationMembership.Role.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # When the link was last emailed; asking again renews it and the expiry.
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
        return f"{self.get_role_display()} at {self.organisation} for {self.email or 'a former member'}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()
