from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "ustogether.people"
    label = "people"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from ustogether.people import signals  # noqa: F401 - connects the receivers
