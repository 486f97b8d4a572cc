from django.urls import path

from ustogether.quality import views

app_name = "quality"
urlpatterns = [
    path("checks/how-answers-stay-secret/", views.how_it_stays_secret, name="how_secret"),
    path("checks/ladder/", views.ladder, name="ladder"),
    path("projects/<int:project_id>/checks/", views.checks, name="checks"),
    path("projects/<int:project_id>/checks/new/", views.check_new, name="check_new"),
    path("projects/<int:project_id>/checks/<int:check_id>/", views.check, name="check"),
    path(
        "projects/<int:project_id>/checks/<int:check_id>/close/",
        views.check_close,
        name="check_close",
    ),
    path(
        "projects/<int:project_id>/checks/<int:check_id>/told/<int:notice_id>/",
        views.notice_told,
        name="notice_told",
    ),
    path(
        "projects/<int:project_id>/checks/<int:check_id>/told/<int:notice_id>/words/",
        views.notice_words,
        name="notice_words",
    ),
    path("projects/<int:project_id>/checks/<int:check_id>/paper/", views.paper, name="paper"),
    path(
        "projects/<int:project_id>/checks/<int:check_id>/paper/type/",
        views.paper_type,
        name="paper_type",
    ),
    path(
        "projects/<int:project_id>/checks/<int:check_id>/paper/print/",
        views.paper_print,
        name="paper_print",
    ),
    path("projects/<int:project_id>/scorecard/", views.project_scorecard, name="project_scorecard"),
    path(
        "projects/<int:project_id>/scorecard.csv",
        views.project_scorecard_csv,
        name="project_scorecard_csv",
    ),
    path(
        "organisations/<slug:slug>/scorecard/", views.organisation_scorecard, name="org_scorecard"
    ),
    path(
        "organisations/<slug:slug>/scorecard.csv",
        views.organisation_scorecard_csv,
        name="org_scorecard_csv",
    ),
    path(
        "organisations/<slug:slug>/scorecard/publish/",
        views.organisation_publish,
        name="org_publish",
    ),
    path(
        "organisations/<slug:slug>/scorecard/published/<int:published_id>/",
        views.published_scorecard,
        name="published_scorecard",
    ),
    path(
        "organisations/<slug:slug>/scorecard/settings/",
        views.organisation_settings,
        name="org_settings",
    ),
]
