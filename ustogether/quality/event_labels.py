"""What the co-production check's events are called on "What has happened"."""

from django.utils.translation import gettext_lazy

from ustogether.projects.queries import register_event_labels

register_event_labels(
    {
        "quality.check_opened": gettext_lazy("Asked members how an activity went"),
        "quality.check_answered": gettext_lazy("Someone answered a check"),
        "quality.check_closed": gettext_lazy("Closed a check"),
        "quality.policy_changed": gettext_lazy("Changed the rules for checks"),
        "quality.scorecard_published": gettext_lazy("Shared the scorecard with everyone"),
        "quality.statement_added": gettext_lazy("Added a statement to the check"),
        "quality.statement_retired": gettext_lazy("Took a statement off the check"),
    }
)
