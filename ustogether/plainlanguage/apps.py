from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlainLanguageConfig(AppConfig):
    name = "ustogether.plainlanguage"
    label = "plainlanguage"
    verbose_name = _("Plain language")

    def ready(self) -> None:
        from ustogether.core import plaincheck
        from ustogether.plainlanguage.queries import is_inside, local_entries

        plaincheck.local_terms_provider = local_entries
        plaincheck.is_inside_organisation = is_inside
