"""What decisions' events are called on "What has happened"."""

from django.utils.translation import gettext_lazy

from ustogether.projects.queries import register_event_labels

register_event_labels(
    {
        "decision.created": gettext_lazy("Wrote down a decision"),
        "decision.updated": gettext_lazy("Changed a decision"),
        "decision.linked": gettext_lazy("Linked a decision to what people said"),
        "decision.signed_off": gettext_lazy("Agreed a decision"),
        "decision.published": gettext_lazy("Shared a decision"),
        "decision.told": gettext_lazy("Told someone by post or phone what happened to a decision"),
    }
)
