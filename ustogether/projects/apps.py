from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "ustogether.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from ustogether.projects import erasure  # noqa: F401 - registers its eraser
