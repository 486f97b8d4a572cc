"""What contributions' events are called on "What has happened"."""

from django.utils.translation import gettext_lazy

from ustogether.projects.queries import register_event_labels

register_event_labels(
    {
        "contribution.created": gettext_lazy("Said something to the project"),
        "contribution.responded": gettext_lazy("Answered what someone said"),
        "contribution.reopened": gettext_lazy("Opened an answer again"),
        "contribution.hidden": gettext_lazy("Hid something someone said, with a reason"),
        "contribution.shown": gettext_lazy("Showed again something someone said"),
        "contribution.told": gettext_lazy("Passed an answer on by post, phone or a supporter"),
        "contribution.rules_changed": gettext_lazy("Changed how soon people get an answer"),
    }
)
