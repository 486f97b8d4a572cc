from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "ustogether.quality"
    label = "quality"
    verbose_name = _("Quality")

    def ready(self) -> None:
        # Registering the red-flag rules: each module adds its rules to quality.flags.RULES.
        from ustogether.contributions.passing_on import register
        from ustogether.quality.notify import notices_to_pass_on
        from ustogether.quality.rules import (  # noqa: F401
            checks,
            contributions,
            meetings,
            payments,
            projects,
            updates,
        )

        register(notices_to_pass_on)
