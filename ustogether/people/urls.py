from django.urls import path

from ustogether.people import views

app_name = "people"
urlpatterns = [
    path("home/", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/needs/", views.needs_edit, name="needs"),
    path("profile/needs/remove/", views.needs_remove, name="needs_remove"),
    path("profile/download/", views.download, name="download"),
    path("profile/close/", views.close_account, name="close"),
    path("help/two-step-sign-in/", views.two_step_guide, name="two_step_guide"),
    path("organisations/new/", views.organisation_new, name="organisation_new"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path(
        "organisations/<slug:slug>/invitations/<int:pk>/cancel/",
        views.staff_invitation_cancel,
        name="staff_invitation_cancel",
    ),
    path("staff-invitations/<str:token>/", views.staff_invitation, name="staff_invitation"),
]
