"""The co-production check: people who took part in an activity say, anonymously,
how equal it was; organisations set how strict the red flags are and publish
their scorecard.

How answers stay anonymous (see anonymity.py and the page /checks/how-answers-stay-secret/):
an answer is never stored as a row of its own. Each check keeps only totals: for
each statement, how many people chose each answer. Answering adds one to the
totals chosen and rewrites every other total of the check too, so not even the
database's own record of which rows changed shows what one person chose. Who has
answered is kept apart, as a one-way code made with a key that is not in the
database, with no time on it.

Answers on paper (services.paper_returned, paper_answer_add) keep to the same
rules: who sent a paper back is marked with the same code, and what the papers
say is added to the totals separately, later, with no name.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ustogether.core.validators import single_line
from ustogether.people.models import Organisation, Person
from ustogether.projects.models import Project
from ustogether.quality.statements import Principle


class Rung(models.IntegerChoices):
    """The ladder of co-production (Think Local Act Personal), lowest first."""

    COERCION = 1, _("Made to go along")
    EDUCATING = 2, _("Taught")
    INFORMING = 3, _("Told")
    CONSULTATION = 4, _("Asked")
    ENGAGEMENT = 5, _("Involved")
    CO_DESIGN = 6, _("Planning it together")
    CO_PRODUCTION = 7, _("Equal partners")


class ChecklistVersion(models.Model):
    """One version of the checklist: the core statements, and an organisation's own.

    Versions never change: a change to any statement makes a new version, so the
    words people answered stay with their answers."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    number = models.PositiveIntegerField()
    # What the statements say, summed up, so the same words reuse the same version.
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="one_checklist_per_number"
            ),
            models.UniqueConstraint(
                fields=["organisation", "fingerprint"], name="one_checklist_per_wording"
            ),
        ]

    def __str__(self) -> str:
        return f"Checklist version {self.number}"


class Statement(models.Model):
    """One statement of one checklist version. Never edited once made."""

    checklist = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="statements"
    )
    key = models.CharField(max_length=60)  # the same across versions, for a core statement
    order = models.PositiveSmallIntegerField()
    principle = models.CharField(max_length=20, choices=Principle.choices)
    text = models.CharField(max_length=300)
    easy_read = models.CharField(max_length=300, blank=True)
    four_pi = models.CharField(max_length=30, blank=True)
    uk_standard = models.CharField(max_length=30, blank=True)
    rung = models.PositiveSmallIntegerField(choices=Rung.choices, null=True, blank=True)
    power_sharing = models.BooleanField(default=False)
    follow_up = models.BooleanField(default=False)
    is_core = models.BooleanField(default=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "key"], name="one_statement_per_key")
        ]

    def __str__(self) -> str:
        return self.text


class OwnStatement(models.Model):
    """A statement an organisation adds to the core checklist. It can be retired
    (no longer asked) but never changed: a new wording is a new statement."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="own_statements"
    )
    principle = models.CharField(_("group"), max_length=20, choices=Principle.choices)
    text = models.CharField(_("statement"), max_length=300, validators=[single_line])
    easy_read = models.CharField(
        _("Easy Read words"), max_length=300, blank=True, validators=[single_line]
    )
    added_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.text


def in_fourteen_days() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=14)


class Check(models.Model):
    """Asking the people who took part in one activity how it went."""

    class Kind(models.TextChoices):
        AFTER = "after", _("Straight after the activity")
        FOLLOW_UP = "follow_up", _("Follow-up, 3 to 6 months later")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="checks")
    checklist = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.AFTER)
    title = models.CharField(_("what the activity was"), max_length=200, validators=[single_line])
    held_on = models.DateField(_("the day it happened"))
    # The meeting it asks about, if it was one: then only the people who took part
    # may answer. Without one (an activity the platform has no meeting for), every
    # member may. A meeting is never deleted while in use; if it were, the check stays.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checks",
        verbose_name=_("meeting"),
    )
    follow_up_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    closes_on = models.DateField(_("last day to answer"), default=in_fourteen_days)
    closed_at = models.DateTimeField(null=True, blank=True)
    # How many answers are needed before anyone sees results: never below 3.
    min_answers = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(3), MaxValueValidator(50)]
    )
    # How many answers are in the totals, kept here so a scorecard over thousands
    # of checks need not count them: the same as counting the marks, less the
    # paper answers that came back but are not typed in yet.
    answer_count = models.PositiveIntegerField(default=0)
    # Answers on paper (see services.paper_returned and paper_answer_add): how many
    # people a co-lead said sent a paper back, and how many papers were typed in.
    # Neither says whose: the people are marked as answered (AnsweredMark) and the
    # papers are added to the totals separately, so no row joins a person to a paper.
    paper_returned = models.PositiveIntegerField(default=0)
    paper_typed = models.PositiveIntegerField(default=0)
    opened_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    # When everyone asked was told it waits for them, and reminded a few days before
    # it closes (see notify.py): each once.
    told_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_answers__gte=3), name="check_needs_three_answers_or_more"
            ),
            # Never more papers typed in than people who sent one back: nobody is
            # counted twice, and no paper counts without someone marked as answered.
            models.CheckConstraint(
                condition=models.Q(paper_typed__lte=models.F("paper_returned")),
                name="check_no_more_papers_typed_than_came_back",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def papers_waiting(self) -> int:
        """Papers that came back and are still to be typed in."""
        return self.paper_returned - self.paper_typed

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and timezone.localdate() <= self.closes_on

    @property
    def has_results(self) -> bool:
        """Results show once the check has closed and enough people answered: while
        it is open, watching the totals change could show what one person said."""
        return not self.is_open and self.answer_count >= self.min_answers


class AnsweredMark(models.Model):
    """That someone has answered a check: a one-way code of the check and the person,
    made with a key kept outside the database. No person, no time."""

    # Named `survey`, not `check`: Django models reserve the name `check`.
    survey = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="marks")
    code = models.CharField(max_length=64)
    # Made when a co-lead said this person sent a paper back, so the person's own
    # page can say so (and they can tell if it is wrong). It says nothing more
    # than Check.paper_returned already counts.
    on_paper = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="one_answer_per_person")
        ]

    def __str__(self) -> str:
        return "Someone answered"


class CheckNotice(models.Model):
    """Telling someone who chose post, phone or a supporter that a check waits for
    them: a job for a co-lead, on the list of things to pass on, until someone says
    they told them. People who chose email are emailed, and no row is kept.

    Everyone a check asks is told, whether or not they have answered, so a notice
    says only that the person was asked, never whether they answered."""

    class What(models.TextChoices):
        ASKED = "asked", _("Asked to answer")
        REMINDER = "reminder", _("Reminder to answer")

    class TellBy(models.TextChoices):
        POST = "post", _("Letter by post")
        PHONE = "phone", _("Phone call")
        SUPPORTER = "supporter", _("Through their supporter")

    survey = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=20, choices=What.choices, default=What.ASKED)
    tell_by = models.CharField(max_length=20, choices=TellBy.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # Only the day (midnight, local time), not the time: the time someone was told,
    # beside the time someone answered, could hint who answered just after.
    told_at = models.DateTimeField(null=True, blank=True)
    told_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["survey", "told_at"])]

    def __str__(self) -> str:
        return f"{self.get_what_display()} for person {self.person_id}"


class Tally(models.Model):
    """For one statement of one check: how many people gave each answer."""

    survey = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="tallies")  # see above
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")
    strongly_disagree = models.PositiveIntegerField(default=0)
    disagree = models.PositiveIntegerField(default=0)
    neither = models.PositiveIntegerField(default=0)
    agree = models.PositiveIntegerField(default=0)
    strongly_agree = models.PositiveIntegerField(default=0)
    does_not_apply = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "statement"], name="one_tally_per_statement")
        ]

    def __str__(self) -> str:
        return f"Totals for “{self.statement}”"


class RungTally(models.Model):
    """For one check: how many people put the activity on each rung of the ladder."""

    survey = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="rung_tallies")
    rung = models.PositiveSmallIntegerField(choices=Rung.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["rung"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "rung"], name="one_tally_per_rung")
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.get_rung_display()}"


class QualityPolicy(models.Model):
    """How strict an organisation's red flags are. Each limit can only be made
    stricter than the platform's own (see thresholds.py)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="quality_policy"
    )
    # Only the limits the organisation changed: name -> value.
    limits = models.JSONField(default=dict, blank=True)
    pledge = models.TextField(
        _("our promise to the people we work with"), blank=True, max_length=3000
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Red flag limits for {self.organisation}"


class PublishedScorecard(models.Model):
    """A scorecard as it stood when the organisation published it. Never changed:
    publishing again adds a new one, and the old ones stay on the public page."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="published_scorecards"
    )
    figures = models.JSONField()
    pledge = models.TextField(blank=True)
    published_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"

    def __str__(self) -> str:
        return f"Scorecard for {self.organisation}"


# The groups a check's answers are summed into: each principle, and the
# statements about having an equal say (which come from several principles).
SUMMARY_GROUPS: tuple[str, ...] = (*Principle.values, "power")
# For each group: the points on the agree scale (1 to 5 each), how many answers
# were on the scale, how many said no, and how many said it did not apply.
SUMMARY_PARTS: tuple[str, ...] = ("points", "scale", "no", "na")


class CheckSummary(models.Model):
    """A check's totals summed by group, one row per check, so a scorecard over
    thousands of checks reads one row each instead of one per statement.

    Rewritten whole whenever the check's totals change (see services.summarise),
    so, like the totals, it never shows which answers one person gave."""

    survey = models.OneToOneField(
        Check, on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )

    def __str__(self) -> str:
        return f"Totals for {self.survey_id}"


for _group in SUMMARY_GROUPS:
    for _part in SUMMARY_PARTS:
        CheckSummary.add_to_class(f"{_group}_{_part}", models.PositiveIntegerField(default=0))
for _rung in Rung.values:
    CheckSummary.add_to_class(f"rung_{_rung}", models.PositiveIntegerField(default=0))
SUMMARY_FIELDS: tuple[str, ...] = tuple(
    f.name for f in CheckSummary._meta.concrete_fields if f.name != "survey"
)
