from django.contrib import admin
from django.urls import include, path

from ustogether.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("about/", core_views.about, name="about"),
    path("about/data-protection/", core_views.data_protection, name="data_protection"),
    path("healthz", core_views.healthz, name="healthz"),
    path("check-my-writing/fragment/", core_views.check_fragment, name="plaincheck_fragment"),
    path("accounts/", include("allauth.urls")),
    path("", include("ustogether.people.urls")),
    path("", include("ustogether.projects.urls")),
    path("", include("ustogether.plainlanguage.urls")),
    path("", include("ustogether.meetings.urls")),
    path("", include("ustogether.contributions.urls")),
    path("", include("ustogether.decisions.urls")),
    path("", include("ustogether.payments.urls")),
    path("", include("ustogether.quality.urls")),
    path("admin/", admin.site.urls),
]
