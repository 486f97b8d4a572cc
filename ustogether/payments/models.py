"""Fees and expenses: agreed before, claimed in minutes, paid on time, and measured.

An organisation's involvement policy says what it pays (rates), which costs it
covers (expense rules) and within how many days it promises to pay. A person
claims after taking part; a co-lead or finance officer approves or queries the
claim; a finance officer pays it. Money is Decimal, pence exact, with its currency.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ustogether.core.validators import single_line
from ustogether.people.models import Organisation, Person
from ustogether.projects.models import Project

DEFAULT_DAYS_TO_PAY = 14
CURRENCY = "GBP"
ZERO = Decimal("0.00")


class Activity(models.TextChoices):
    """What the time was spent on. The kinds of meeting match meetings.Meeting.Kind."""

    ANY = "", _("Any activity")
    MEETING = "meeting", _("Meeting")
    WORKSHOP = "workshop", _("Workshop")
    FOCUS_GROUP = "focus_group", _("Focus group")
    INTERVIEW_PANEL = "interview_panel", _("Interview panel")
    REFERENCE_GROUP = "reference_group", _("Reference group")
    HACKATHON = "hackathon", _("Hackathon")
    ONLINE_DISCUSSION = "online_discussion", _("Online discussion over some days")
    PREPARING = "preparing", _("Work between meetings: reading papers, getting ready")


class Unit(models.TextChoices):
    HOUR = "hour", _("For each hour")
    HALF_DAY = "half_day", _("For each half day")
    DAY = "day", _("For each day")
    SESSION = "session", _("For the whole meeting")


class ExpenseKind(models.TextChoices):
    TRAVEL = "travel", _("Travel: bus, train, taxi or miles driven")
    SUPPORT = "support", _("A carer or support worker")
    CARE_COVER = "care_cover", _("Care for someone you look after")
    CHILDCARE = "childcare", _("Childcare")
    MEALS = "meals", _("Food and drink")
    OTHER = "other", _("Something else")


class Policy(models.Model):
    """What an organisation pays people who take part, and how fast. Public."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="involvement_policy"
    )
    currency = models.CharField(max_length=3, default=CURRENCY)
    days_to_pay = models.PositiveSmallIntegerField(
        _("days within which we pay"),
        default=DEFAULT_DAYS_TO_PAY,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    pays_on_the_day = models.BooleanField(_("we can pay on the day"), default=False)
    offers_vouchers = models.BooleanField(_("we can pay in vouchers"), default=False)
    pays_between_meetings = models.BooleanField(
        _("we pay for work between meetings"), default=False
    )
    notes = models.TextField(_("anything else people should know"), max_length=3000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("involvement policy")
        verbose_name_plural = _("involvement policies")

    def __str__(self) -> str:
        return f"How {self.organisation} pays people who take part"


class Rate(models.Model):
    """A fee the organisation pays: for an activity (or any), a role (or any), per unit."""

    class Role(models.TextChoices):
        ANY = "", _("Anyone")
        CO_LEAD = "co_lead", _("Co-leads")
        MEMBER = "member", _("Members")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="rates")
    activity = models.CharField(max_length=30, choices=Activity.choices, blank=True, default="")
    role = models.CharField(max_length=20, choices=Role.choices, blank=True, default="")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    amount = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        ordering = ["activity", "role", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "activity", "role", "unit"], name="one_rate_per_kind"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()}, {self.get_role_display()}: {self.amount} {self.get_unit_display().lower()}"


class ExpenseRule(models.Model):
    """A kind of cost the organisation covers, with an upper limit for each claim if any."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="expense_rules")
    kind = models.CharField(max_length=20, choices=ExpenseKind.choices)
    limit = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "kind"], name="one_rule_per_expense_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class PaymentChoice(models.Model):
    """How a person wants to be paid, and whether a fee may affect their benefits.

    Sensitive: only the person sees it, and finance officers of an organisation
    that has a claim from them, for paying it; each look by someone else is
    audited (without the values). No bank details are ever stored: the
    organisation's finance system holds them, under a payee reference."""

    class Fee(models.TextChoices):
        TAKE = "take", _("I want the fee")
        VOUCHERS = "vouchers", _("I want vouchers instead of money")
        DECLINE = "decline", _("I do not want a fee. I only want my costs paid back")

    class Method(models.TextChoices):
        BANK = "bank", _("Into my bank account")
        CHEQUE = "cheque", _("A cheque in the post")
        ON_THE_DAY = "on_the_day", _("Cash or a card on the day, if they can")

    class Benefits(models.TextChoices):
        NO = "no", _("No")
        YES = "yes", _("Yes, a fee may affect my benefits")
        NOT_SAY = "not_say", _("I would rather not say")

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="payment_choice")
    fee = models.CharField(_("your fee"), max_length=20, choices=Fee.choices, default=Fee.TAKE)
    method = models.CharField(
        _("how you want to be paid"), max_length=20, choices=Method.choices, default=Method.BANK
    )
    benefits = models.CharField(
        _("do you get benefits a fee may affect?"),
        max_length=20,
        choices=Benefits.choices,
        default=Benefits.NOT_SAY,
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Payment choices of person {self.person_id}"


class PayeeReference(models.Model):
    """The person's number in an organisation's finance system, set by its finance officers."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="payee_references")
    reference = models.CharField(max_length=60, validators=[single_line])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person"], name="one_payee_reference_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"Payee reference of person {self.person_id}"


class ClaimQuerySet(models.QuerySet["Claim"]):
    def with_total(self) -> ClaimQuerySet:
        """Adds `total`: the sum of the claim's lines, added up in the database."""
        total = (
            ClaimLine.objects.filter(claim=models.OuterRef("pk"))
            .values("claim")
            .annotate(sum=models.Sum("amount"))
            .values("sum")
        )
        return self.annotate(
            total=Coalesce(
                models.Subquery(
                    total, output_field=models.DecimalField(max_digits=10, decimal_places=2)
                ),
                models.Value(ZERO),
                output_field=models.DecimalField(max_digits=10, decimal_places=2),
            )
        )

    def waiting(self) -> ClaimQuerySet:
        """Sent in and not yet paid: the organisation's clock is running."""
        return self.filter(status__in=[Claim.Status.SUBMITTED, Claim.Status.APPROVED])

    def overdue(self, today: dt.date | None = None) -> ClaimQuerySet:
        return self.waiting().filter(due_on__lt=today or timezone.localdate())


class Claim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not sent yet")
        SUBMITTED = "submitted", _("Sent, waiting for a check")
        QUERIED = "queried", _("We need something from you")
        APPROVED = "approved", _("Agreed, waiting to be paid")
        PAID = "paid", _("Paid")
        WITHDRAWN = "withdrawn", _("Taken back")

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("For a meeting or other activity")
        BETWEEN = "between", _("For work between meetings")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="claims")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="claims")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="claims")
    # Someone else may make the claim for the person (a co-lead helping them).
    made_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ACTIVITY)
    activity = models.CharField(max_length=30, choices=Activity.choices, blank=True)
    activity_date = models.DateField(_("the day you took part"))
    description = models.CharField(
        _("what you did"), max_length=200, blank=True, validators=[single_line]
    )
    currency = models.CharField(max_length=3, default=CURRENCY)
    # The meeting the claim is for, if any: the person is on record as having taken part.
    # A claim for work between meetings, or for an activity not on the platform, has none.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The person chose not to take a fee; their costs are still paid.
    fee_declined = models.BooleanField(default=False)
    # No rate in the policy matched, so the claim has no fee line: a failure to show.
    no_fee_set = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The promise: paid by this day, from the policy's days to pay when first sent.
    due_on = models.DateField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    query = models.TextField(_("what we need from you"), max_length=2000, blank=True)
    queried_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"]),
            models.Index(fields=["person", "-created_at"]),
        ]
        constraints = [
            # One claim for each person for each meeting. A claim taken back does not
            # count, so someone who took theirs back by mistake can start again.
            models.UniqueConstraint(
                fields=["person", "meeting"],
                condition=models.Q(meeting__isnull=False) & ~models.Q(status="withdrawn"),
                name="one_claim_per_person_per_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk}"

    @property
    def can_change_lines(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.QUERIED)

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in (self.Status.SUBMITTED, self.Status.APPROVED)
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    @property
    def status_label(self) -> str:
        """What get_status_display() gives, for lists of claims: Django's rebuilds (and
        translates) every choice each time it is called, about 8 times the cost."""
        return str(CLAIM_STATUS_LABELS.get(self.status, self.status))


# Translated when shown (the labels are lazy), so each reader gets their language.
CLAIM_STATUS_LABELS = dict(Claim.Status.choices)


class ClaimLine(models.Model):
    class Kind(models.TextChoices):
        FEE = "fee", _("Fee")
        EXPENSE = "expense", _("Cost paid back")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    expense_kind = models.CharField(max_length=20, choices=ExpenseKind.choices, blank=True)
    description = models.CharField(max_length=200, blank=True, validators=[single_line])
    # For a fee: how many units, at what rate, when the claim was made.
    unit = models.CharField(max_length=20, choices=Unit.choices, blank=True)
    quantity = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    unit_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    # Over the policy's limit: allowed with a reason, and shown to whoever approves.
    over_limit = models.BooleanField(default=False)
    over_limit_reason = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="line_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on claim {self.claim_id}"


class Receipt(models.Model):
    """A photo or PDF of a receipt, checked by its content, pictures saved without hidden data."""

    line = models.ForeignKey(ClaimLine, on_delete=models.CASCADE, related_name="receipts")
    file = models.FileField(upload_to="receipts/", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"Receipt for line {self.line_id}"


class Payout(models.Model):
    """The payment of one claim. One claim, one payout: the database refuses a second."""

    class Method(models.TextChoices):
        BANK = "bank", _("Bank transfer")
        CHEQUE = "cheque", _("Cheque")
        CASH = "cash", _("Cash")
        VOUCHERS = "vouchers", _("Vouchers")

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="payout")
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default=CURRENCY)
    paid_on = models.DateField(_("the day it was paid"))
    method = models.CharField(_("how it was paid"), max_length=20, choices=Method.choices)
    reference = models.CharField(
        _("payment reference"), max_length=80, blank=True, validators=[single_line]
    )
    paid_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return f"Payment of claim {self.claim_id}"
