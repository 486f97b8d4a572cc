from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "ustogether.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from ustogether.payments import erasure  # noqa: F401 - registers its erasers
