"""What payments' events are called on "What has happened"."""

from django.utils.translation import gettext_lazy

from ustogether.projects.queries import register_event_labels

register_event_labels(
    {
        "payments.claim_started": gettext_lazy("Started a claim for fees or costs"),
        "payments.claim_helped": gettext_lazy("Started helping someone with their claim"),
        "payments.expense_added": gettext_lazy("Added a cost to a claim"),
        "payments.line_removed": gettext_lazy("Took a line off a claim"),
        "payments.receipt_added": gettext_lazy("Added a receipt to a claim"),
        "payments.payee_reference_set": gettext_lazy("Wrote down who is paid and how"),
        "payments.choice_saved": gettext_lazy("Saved how they want to be paid"),
        "payments.choice_viewed": gettext_lazy("Looked at how someone wants to be paid"),
        "payments.exported": gettext_lazy("Took the claims out as a spreadsheet"),
        "payments.policy_updated": gettext_lazy("Changed what the organisation pays"),
        "payments.rate_set": gettext_lazy("Set a fee"),
        "payments.rate_removed": gettext_lazy("Took a fee away"),
        "payments.old_records_cleared": gettext_lazy(
            "Deleted claims kept for the six years the tax office asks"
        ),
    }
)
