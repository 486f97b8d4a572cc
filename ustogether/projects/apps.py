from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "ustogether.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from ustogether.projects import erasure  # noqa: F401 - registers its eraser

        # Each app above projects names the events it records in its own event_labels
        # module, so "What has happened" reads in plain words for every app.
        autodiscover_modules("event_labels")
