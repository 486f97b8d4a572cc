"""The core checklist: what people are asked after an activity, in plain words.

Each statement is mapped to what it serves in the frameworks people in the field
already use, so a scorecard can be read against any of them:

- SCIE's four principles of co-production (equality, diversity, accessibility,
  reciprocity), with two groups of our own beside them (talking and listening,
  and what changed);
- the ladder of co-production (Think Local Act Personal): the rung a statement
  is evidence for;
- NSUN's 4Pi National Involvement Standards: principles, purpose, presence,
  process, impact;
- the UK Standards for Public Involvement: inclusive opportunities, working
  together, support and learning, governance, communications, impact.

Changing any word here makes a new checklist version the next time a check is
opened (see services.checklist_for): answers already given keep the words they
were given to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Principle(models.TextChoices):
    EQUALITY = "equality", _("Equal partners")
    DIVERSITY = "diversity", _("Everyone is welcome")
    ACCESSIBILITY = "accessibility", _("Everyone can take part")
    RECIPROCITY = "reciprocity", _("Getting something back")
    COMMUNICATION = "communication", _("Talking and listening")
    IMPACT = "impact", _("What changed")


PRINCIPLE_HELP: dict[str, StrOrPromise] = {
    Principle.EQUALITY: _("Your experience counts as much as anyone's. You decide together."),
    Principle.DIVERSITY: _("The right people are there, and people like you are welcome."),
    Principle.ACCESSIBILITY: _("Time, place, papers and support work for you."),
    Principle.RECIPROCITY: _(
        "You are paid, you are not out of pocket, and you get something back."
    ),
    Principle.COMMUNICATION: _("Plain words, and what you say is written down."),
    Principle.IMPACT: _("You know what happens next and what difference you made."),
}


class FourPi(models.TextChoices):
    """NSUN's 4Pi National Involvement Standards."""

    PRINCIPLES = "principles", _("Principles")
    PURPOSE = "purpose", _("Purpose")
    PRESENCE = "presence", _("Presence")
    PROCESS = "process", _("Process")
    IMPACT = "impact", _("Impact")


class UKStandard(models.TextChoices):
    """The UK Standards for Public Involvement."""

    INCLUSIVE_OPPORTUNITIES = "inclusive_opportunities", _("Inclusive opportunities")
    WORKING_TOGETHER = "working_together", _("Working together")
    SUPPORT_AND_LEARNING = "support_and_learning", _("Support and learning")
    GOVERNANCE = "governance", _("Governance")
    COMMUNICATIONS = "communications", _("Communications")
    IMPACT = "impact", _("Impact")


class Choice(models.TextChoices):
    """The answers to a statement. The first five are the agree scale, scored 1 to 5."""

    STRONGLY_DISAGREE = "strongly_disagree", _("No, not at all")
    DISAGREE = "disagree", _("No")
    NEITHER = "neither", _("Not sure")
    AGREE = "agree", _("Yes")
    STRONGLY_AGREE = "strongly_agree", _("Yes, very much")
    DOES_NOT_APPLY = "does_not_apply", _("This does not apply")


# The agree scale in order, scored 1 (no, not at all) to 5 (yes, very much).
SCALE: tuple[str, ...] = (
    Choice.STRONGLY_DISAGREE,
    Choice.DISAGREE,
    Choice.NEITHER,
    Choice.AGREE,
    Choice.STRONGLY_AGREE,
)


@dataclass(frozen=True)
class CoreStatement:
    key: str
    principle: str
    text: str
    easy_read: str
    four_pi: str
    uk_standard: str
    rung: int  # the rung of the ladder this is evidence for
    power_sharing: bool = False  # counted for the "power is not shared" flag
    follow_up: bool = False  # asked 3 to 6 months later, not straight after


CORE_STATEMENTS: tuple[CoreStatement, ...] = (
    CoreStatement(
        "could_change",
        Principle.EQUALITY,
        "I knew what we could still change.",
        "I knew what we could change.",
        FourPi.PURPOSE,
        UKStandard.GOVERNANCE,
        6,
        power_sharing=True,
    ),
    CoreStatement(
        "not_decided",
        Principle.EQUALITY,
        "The answer was not already decided before we met.",
        "They had not decided before we met.",
        FourPi.PURPOSE,
        UKStandard.GOVERNANCE,
        6,
        power_sharing=True,
    ),
    CoreStatement(
        "experience_valued",
        Principle.EQUALITY,
        "My experience counted as much as what the staff knew from their jobs.",
        "What I know from my life counted.",
        FourPi.PRINCIPLES,
        UKStandard.WORKING_TOGETHER,
        7,
        power_sharing=True,
    ),
    CoreStatement(
        "disagree_safely",
        Principle.EQUALITY,
        "I could say I did not agree, and I felt safe.",
        "I could say no and feel safe.",
        FourPi.PRINCIPLES,
        UKStandard.WORKING_TOGETHER,
        5,
        power_sharing=True,
    ),
    CoreStatement(
        "decided_together",
        Principle.EQUALITY,
        "We made the decisions together.",
        "We decided together.",
        FourPi.PROCESS,
        UKStandard.GOVERNANCE,
        7,
        power_sharing=True,
    ),
    CoreStatement(
        "right_people",
        Principle.DIVERSITY,
        "The right people were there, with people who use the services.",
        "The right people were there.",
        FourPi.PRESENCE,
        UKStandard.INCLUSIVE_OPPORTUNITIES,
        5,
    ),
    CoreStatement(
        "welcome",
        Principle.DIVERSITY,
        "People like me were welcome.",
        "People like me were welcome.",
        FourPi.PRESENCE,
        UKStandard.INCLUSIVE_OPPORTUNITIES,
        5,
    ),
    CoreStatement(
        "notice",
        Principle.ACCESSIBILITY,
        "I was told about it early enough.",
        "They told me early.",
        FourPi.PROCESS,
        UKStandard.INCLUSIVE_OPPORTUNITIES,
        4,
    ),
    CoreStatement(
        "papers",
        Principle.ACCESSIBILITY,
        "I got the papers in time, in a way I could use.",
        "I got the papers in time. I could use them.",
        FourPi.PROCESS,
        UKStandard.COMMUNICATIONS,
        4,
    ),
    CoreStatement(
        "time_of_day",
        Principle.ACCESSIBILITY,
        "The time of day worked for me.",
        "The time was good for me.",
        FourPi.PROCESS,
        UKStandard.INCLUSIVE_OPPORTUNITIES,
        4,
    ),
    CoreStatement(
        "venue",
        Principle.ACCESSIBILITY,
        "The place we met, or the online set-up, met my needs.",
        "The place was right for me.",
        FourPi.PROCESS,
        UKStandard.INCLUSIVE_OPPORTUNITIES,
        4,
    ),
    CoreStatement(
        "support",
        Principle.ACCESSIBILITY,
        "I had the support I needed to take part.",
        "I had the help I needed.",
        FourPi.PROCESS,
        UKStandard.SUPPORT_AND_LEARNING,
        5,
    ),
    CoreStatement(
        "food",
        Principle.ACCESSIBILITY,
        "There was food and drink when we met over a meal time.",
        "There was food and drink.",
        FourPi.PROCESS,
        UKStandard.SUPPORT_AND_LEARNING,
        4,
    ),
    CoreStatement(
        "knew_pay",
        Principle.RECIPROCITY,
        "I knew what I would be paid, and how.",
        "I knew what I would get paid.",
        FourPi.PROCESS,
        UKStandard.SUPPORT_AND_LEARNING,
        5,
    ),
    CoreStatement(
        "not_out_of_pocket",
        Principle.RECIPROCITY,
        "Taking part did not cost me money.",
        "It did not cost me money.",
        FourPi.PROCESS,
        UKStandard.SUPPORT_AND_LEARNING,
        5,
    ),
    CoreStatement(
        "got_something_back",
        Principle.RECIPROCITY,
        "I got something back for taking part.",
        "I got something good from it.",
        FourPi.IMPACT,
        UKStandard.SUPPORT_AND_LEARNING,
        6,
    ),
    CoreStatement(
        "plain_words",
        Principle.COMMUNICATION,
        "Hard words were not used, or were explained.",
        "They used easy words.",
        FourPi.PROCESS,
        UKStandard.COMMUNICATIONS,
        4,
    ),
    CoreStatement(
        "points_written_down",
        Principle.COMMUNICATION,
        "What I said was written down.",
        "They wrote down what I said.",
        FourPi.PROCESS,
        UKStandard.COMMUNICATIONS,
        4,
    ),
    CoreStatement(
        "listened",
        Principle.COMMUNICATION,
        "People listened to me.",
        "People listened to me.",
        FourPi.PRINCIPLES,
        UKStandard.WORKING_TOGETHER,
        5,
        power_sharing=True,
    ),
    CoreStatement(
        "what_next",
        Principle.IMPACT,
        "I know what happens next.",
        "I know what happens next.",
        FourPi.IMPACT,
        UKStandard.COMMUNICATIONS,
        5,
    ),
    CoreStatement(
        "made_a_difference",
        Principle.IMPACT,
        "I was told what difference we made.",
        "They told me what changed because of us.",
        FourPi.IMPACT,
        UKStandard.IMPACT,
        7,
        follow_up=True,
    ),
)

CORE_KEYS = frozenset(s.key for s in CORE_STATEMENTS)
