"""What the co-production check's telling events are called on "What has happened"."""

from django.utils.translation import gettext_lazy

from ustogether.projects.queries import register_event_labels

register_event_labels(
    {
        "quality.check_told": gettext_lazy("Told the people asked that the questions are ready"),
        "quality.check_reminded": gettext_lazy("Reminded the people asked to answer"),
        "quality.paper_returned": gettext_lazy("Wrote down that answers on paper came back"),
        "quality.paper_typed": gettext_lazy("Typed in the answers from a paper, with no name"),
        "quality.notice_told": gettext_lazy(
            "Told someone by post, by phone or through their supporter that questions wait for them"
        ),
    }
)
