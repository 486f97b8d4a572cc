"""Meetings: any activity a project holds, found by date poll and checked before it happens.

A meeting says what it is for, what is already decided and what it can still
change. Its date is found together, and before it is fixed the platform checks
the notice given, the time of day, food over lunch, the papers and the venue
against every invited person's access needs (see `checks.py`).
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ustogether.core.validators import single_line
from ustogether.core.vocabulary import AccessFeature
from ustogether.people.models import Organisation, Person
from ustogether.projects.models import Project

TEXT_MAX_LENGTH = 5000
NOTE_MAX_LENGTH = 300

# How many days' notice a meeting gives unless its organiser writes down why not.
DEFAULT_NOTICE_DAYS = 14
# How many days before the meeting papers are due.
DEFAULT_PAPERS_DAYS = 7
# Notes are due within this many working days (Monday to Friday) of the end.
NOTES_DUE_WORKING_DAYS = 10


class VenueFeature(models.TextChoices):
    """What a venue can have beyond the shared vocabulary of access features."""

    CHANGING_PLACES = "changing_places", _("A Changing Places toilet (with a hoist)")
    LIFT = "lift", _("A lift to every floor we use")
    PUBLIC_TRANSPORT = "public_transport", _("A bus or train stop close by")
    FOOD_ON_SITE = "food_on_site", _("Food and drink can be served")


def venue_feature_choices() -> list[tuple[str, str]]:
    """Every feature a venue can list: the shared access words, then venue-only ones."""
    return [(code, str(label)) for code, label in (*AccessFeature.choices, *VenueFeature.choices)]


class Venue(models.Model):
    """A place an organisation holds meetings, with what it offers people who come."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="venues")
    name = models.CharField(_("name"), max_length=200, validators=[single_line])
    address = models.TextField(_("address"), max_length=500)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True, validators=[single_line])
    # Codes from AccessFeature and VenueFeature, so a venue is matched against
    # people's needs in the same words they used.
    features = models.JSONField(_("what the venue has"), default=list, blank=True)
    travel_notes = models.TextField(_("how to get there"), max_length=2000, blank=True)
    parking_notes = models.TextField(_("parking"), max_length=1000, blank=True)
    access_notes = models.TextField(
        _("more about getting in and around"), max_length=2000, blank=True
    )
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A venue no longer used is put away, not deleted: past meetings still name it.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def has(self, feature: str) -> bool:
        return feature in self.features


class VenuePhoto(models.Model):
    """A photo of a venue (the entrance, the room), with words for people who cannot see it."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="meetings/venues/", max_length=200)
    description = models.CharField(
        _("what the photo shows"), max_length=300, validators=[single_line]
    )
    uploaded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.description


class Meeting(models.Model):
    """Any activity a project holds: a meeting, a workshop, a panel, an online discussion."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        WORKSHOP = "workshop", _("Workshop")
        FOCUS_GROUP = "focus_group", _("Group talk about one subject (focus group)")
        INTERVIEW_PANEL = "interview_panel", _("Helping to choose new staff (interview panel)")
        REFERENCE_GROUP = "reference_group", _("Group that checks our work (reference group)")
        HACKATHON = "hackathon", _("A day of making things together (hackathon)")
        ONLINE_DISCUSSION = "online_discussion", _("Online talk over some days")

    class Status(models.TextChoices):
        PLANNING = "planning", _("Finding a date")
        FIXED = "fixed", _("Date fixed")
        CANCELLED = "cancelled", _("Cancelled")

    class Place(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        BOTH = "both", _("In person and online")

    class Food(models.TextChoices):
        NONE = "none", _("No food or drink")
        DRINKS = "drinks", _("Drinks and snacks")
        MEAL = "meal", _("A meal (lunch or dinner)")

    class FeeBasis(models.TextChoices):
        UNPAID = "", _("No fee")
        PER_HOUR = "per_hour", _("For each hour")
        PER_SESSION = "per_session", _("For the whole meeting")
        PER_DAY = "per_day", _("For each day")

    class Expense(models.TextChoices):
        TRAVEL = "travel", _("Travel (bus, train, taxi, mileage)")
        SUPPORT = "support", _("A carer or support worker")
        CHILDCARE = "childcare", _("Childcare or care for someone you look after")
        FOOD = "food", _("Food and drink")
        PHONE_DATA = "phone_data", _("Phone calls and internet data")

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="meeting_set")
    title = models.CharField(_("name of the meeting"), max_length=200, validators=[single_line])
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.MEETING)
    purpose = models.TextField(_("what the meeting is for"), max_length=TEXT_MAX_LENGTH)
    already_decided = models.TextField(
        _("what is already decided"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    can_change = models.TextField(
        _("what this meeting can still change"), max_length=TEXT_MAX_LENGTH
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNING)
    # Stored in UTC; shown in Europe/London. Empty while a date is being found.
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(
        _("where"), max_length=20, choices=Place.choices, default=Place.IN_PERSON
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    online_link = models.URLField(_("link to join online"), max_length=500, blank=True)
    online_captions = models.BooleanField(_("live captions"), default=False)
    online_bsl = models.BooleanField(_("a BSL interpreter"), default=False)
    phone_dial_in = models.CharField(
        _("phone number to join by phone"), max_length=200, blank=True, validators=[single_line]
    )
    food = models.CharField(
        _("food and drink"), max_length=20, choices=Food.choices, default=Food.NONE
    )
    notice_days = models.PositiveSmallIntegerField(
        _("days of notice to give"),
        default=DEFAULT_NOTICE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    # Members see this when a date is fixed with less notice than notice_days.
    short_notice_reason = models.TextField(
        _("why there is less notice"), max_length=2000, blank=True
    )
    papers_days = models.PositiveSmallIntegerField(
        _("days before the meeting papers are due"),
        default=DEFAULT_PAPERS_DAYS,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    # Fee and expenses terms, set before anyone is invited; payments will take them over.
    fee_amount = models.DecimalField(
        _("fee in pounds"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    fee_basis = models.CharField(
        _("fee is paid"), max_length=20, blank=True, default="", choices=FeeBasis.choices
    )
    paid_hours = models.DecimalField(
        _("hours paid for"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    expenses_covered = models.JSONField(_("expenses covered"), default=list, blank=True)
    how_to_claim = models.TextField(_("how to claim"), max_length=2000, blank=True)
    date_fixed_at = models.DateTimeField(null=True, blank=True)
    date_fixed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(_("why it is cancelled"), max_length=2000, blank=True)
    # What happened, written after the meeting; due within NOTES_DUE_WORKING_DAYS.
    notes = models.TextField(_("notes of the meeting"), max_length=20000, blank=True)
    notes_written_at = models.DateTimeField(null=True, blank=True)
    notes_written_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["project", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True)
                | models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_fixed(self) -> bool:
        return self.status == self.Status.FIXED

    @property
    def has_ended(self) -> bool:
        return self.ends_at is not None and self.ends_at <= timezone.now()

    @property
    def meets_in_person(self) -> bool:
        return self.place in (self.Place.IN_PERSON, self.Place.BOTH)

    @property
    def meets_online(self) -> bool:
        return self.place in (self.Place.ONLINE, self.Place.BOTH)


class Invitee(models.Model):
    """A person invited to a meeting: how they will take part, and whether they came."""

    class Way(models.TextChoices):
        NOT_SAID = "", _("Not said yet")
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        PHONE = "phone", _("By phone")
        SEND_BEFORE = "send_before", _("By sending words, pictures or audio before")
        SEND_AFTER = "send_after", _("By sending words, pictures or audio after")
        NOT_COMING = "not_coming", _("I cannot take part this time")

    class Attended(models.TextChoices):
        NOT_RECORDED = "", _("Not recorded")
        IN_PERSON = "in_person", _("Came in person")
        ONLINE = "online", _("Joined online")
        PHONE = "phone", _("Joined by phone")
        SENT = "sent", _("Sent words, pictures or audio")
        ABSENT = "absent", _("Did not take part")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="meeting_invites")
    invited_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    way = models.CharField(
        _("how you will take part"), max_length=20, choices=Way.choices, blank=True, default=""
    )
    attended = models.CharField(
        _("took part"), max_length=20, choices=Attended.choices, blank=True, default=""
    )
    # When the invitation or the latest change was last sent, and the latest reminder.
    last_told_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_invite_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.person} invited to {self.meeting}"


class Arrangement(models.Model):
    """How a need the venue or the online meeting cannot meet is met for this meeting:
    an interpreter booked, a taxi paid. Names the need, never the person."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="arrangements")
    need = models.CharField(_("need"), max_length=40)
    how = models.CharField(_("how it is met"), max_length=300, validators=[single_line])
    met_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("who arranged it")
    )
    met_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["met_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "need"], name="one_arrangement_per_need")
        ]

    def __str__(self) -> str:
        return self.how


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("item"), max_length=200, validators=[single_line])
    description = models.TextField(_("more about it"), max_length=2000, blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("minutes it takes"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Paper(models.Model):
    """A paper for a meeting: due a set number of days before; its Easy Read version beside it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(_("title"), max_length=200, validators=[single_line])
    file = models.FileField(_("file"), upload_to="meetings/papers/", max_length=200)
    easy_read_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="easy_read_versions"
    )
    uploaded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # When it went out to the people invited; late if after the due date.
    sent_at = models.DateTimeField(null=True, blank=True)
    # Papers are withdrawn, not deleted, so what was sent stays on record.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class DatePoll(models.Model):
    """Finding a date together: candidate times, and each person's answer to each."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="poll")
    message = models.TextField(_("a note for people answering"), max_length=2000, blank=True)
    answer_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    opened_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Date poll for {self.meeting}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CandidateTime(models.Model):
    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="times")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    added_at = models.DateTimeField(default=timezone.now)
    # Taken off the poll, keeping the answers people gave.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="candidate_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} UTC"


class PollAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        IF_NEED_BE = "if_need_be", _("If need be")
        NO = "no", _("No")

    time = models.ForeignKey(CandidateTime, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    note = models.CharField(
        _("a note"), max_length=NOTE_MAX_LENGTH, blank=True, validators=[single_line]
    )
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["time", "person"], name="one_answer_per_time")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.answer}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private address for a person's calendar of meetings. Resetting it makes a new one."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="meeting_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar of person {self.person_id}"


class Notification(models.Model):
    """Something a person invited must be told (an invitation, a new date, a reminder,
    a cancellation), in the way they chose: email is sent by the task queue; a letter,
    a phone call or a word to their supporter waits on the organiser's list until done."""

    class What(models.TextChoices):
        INVITED = "invited", _("Invitation")
        POLL = "poll", _("Asked which dates suit")
        FIXED = "fixed", _("The date is fixed")
        MOVED = "moved", _("The date, time or place changed")
        CHANGED = "changed", _("The place changed")
        CANCELLED = "cancelled", _("Cancelled")
        REMINDER = "reminder", _("Reminder")
        PAPERS = "papers", _("The papers are ready")
        EASY_READ = "easy_read", _("An Easy Read paper is ready")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        POST = "post", _("Letter by post")
        PHONE = "phone", _("Phone call")
        SUPPORTER = "supporter", _("Through their supporter")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notifications")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=20, choices=What.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # Email: when it was queued. Others: when the organiser marked it done.
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["meeting", "done_at"])]

    def __str__(self) -> str:
        return f"{self.get_what_display()} for person {self.person_id}"
