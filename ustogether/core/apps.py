from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _make_cache_table(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """`migrate` also makes the database cache's table, so no deployment forgets it."""
    from django.conf import settings
    from django.core.management import call_command

    if any(str(c["BACKEND"]).endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "ustogether.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        post_migrate.connect(_make_cache_table, sender=self)
        # Each app says what it holds about a person in its own personal_data.py.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("personal_data")
        from ustogether.core import signals

        signals.connect()
