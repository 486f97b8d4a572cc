from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "ustogether.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        from ustogether.contributions.passing_on import register
        from ustogether.decisions.views import news_to_pass_on

        register(news_to_pass_on)
