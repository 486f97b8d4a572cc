"""The shared vocabulary of access features and communication formats.

People describe their needs with these words, and venues and meetings will be
described with the same words, so that one can be matched against the other.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessFeature(models.TextChoices):
    """Something a place or an activity provides, and a person may need."""

    STEP_FREE = "step_free", _("Step-free access")
    ACCESSIBLE_TOILET = "accessible_toilet", _("An accessible toilet")
    HEARING_LOOP = "hearing_loop", _("A hearing loop")
    QUIET_SPACE = "quiet_space", _("A quiet space to take time out")
    BREAKS = "breaks", _("Regular breaks")
    SUPPORT_WORKER = "support_worker", _("A support worker or carer comes with me")
    SEATING = "seating", _("Comfortable seating with arms")
    LOW_LIGHT = "low_light", _("Low light or no flashing lights")
    PARKING = "parking", _("Accessible parking close by")


class CommunicationFormat(models.TextChoices):
    """A way a person needs information given to them."""

    EASY_READ = "easy_read", _("Easy Read")
    LARGE_PRINT = "large_print", _("Large print")
    BSL = "bsl", _("British Sign Language (BSL)")
    AUDIO = "audio", _("Audio")
    PLAIN_TEXT_EMAIL = "plain_text_email", _("Plain text email")
    INTERPRETER = "interpreter", _("An interpreter")


def describe(features: list[str]) -> list[str]:
    """Readable labels for stored codes, in the vocabulary's order."""
    labels = dict(AccessFeature.choices) | dict(CommunicationFormat.choices)
    return [str(labels[code]) for code in features if code in labels]
