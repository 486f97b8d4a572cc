from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "ustogether.contributions"
    label = "contributions"
    verbose_name = _("Contributions")

    def ready(self) -> None:
        from ustogether.contributions import erasure  # noqa: F401 - registers its eraser
