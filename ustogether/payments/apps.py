from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "ustogether.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from ustogether.meetings.hooks import on_attendance_recorded
        from ustogether.payments import erasure  # noqa: F401 - registers its erasers
        from ustogether.payments.services import claims_after_attendance

        # When a co-lead records who took part, each of them gets a claim ready to send.
        on_attendance_recorded(claims_after_attendance)
