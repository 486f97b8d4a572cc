from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "ustogether.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from ustogether.meetings import erasure  # noqa: F401 - registers its erasers
        from ustogether.meetings.easy_read import PAPER_RULES
        from ustogether.meetings.models import Paper
        from ustogether.plainlanguage.easyread import register_subject

        register_subject(Paper, PAPER_RULES)
