"""What meetings' events are called on "What has happened" (the first ones are in
projects.queries.EVENT_LABELS; new ones go here)."""

from django.utils.translation import gettext_lazy

from ustogether.projects.queries import register_event_labels

register_event_labels(
    {
        "calendar_feed.reset": gettext_lazy("Made a new private calendar address"),
        "venue.created": gettext_lazy("Added a place to meet"),
        "venue.updated": gettext_lazy("Changed a place to meet"),
        "venue.archived": gettext_lazy("Stopped using a place to meet"),
        "venue.photo_added": gettext_lazy("Added a photo of a place to meet"),
    }
)
