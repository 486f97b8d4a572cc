from django.urls import path

from ustogether.projects import views

app_name = "projects"
urlpatterns = [
    path("projects/", views.public_list, name="public_list"),
    path("projects/new/", views.new, name="new"),
    path("projects/<int:project_id>/", views.detail, name="detail"),
    path("projects/<int:project_id>/edit/", views.edit, name="edit"),
    path("projects/<int:project_id>/stages/", views.stages, name="stages"),
    path("projects/<int:project_id>/members/", views.members, name="members"),
    path(
        "projects/<int:project_id>/members/<int:membership_id>/role/",
        views.change_role,
        name="change_role",
    ),
    path("projects/<int:project_id>/join/", views.join, name="join"),
    path("projects/<int:project_id>/leave/", views.leave, name="leave"),
    path("projects/<int:project_id>/invite/", views.invite, name="invite"),
    path(
        "projects/<int:project_id>/invitations/<int:invitation_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path(
        "projects/<int:project_id>/invitations/<int:invitation_id>/send-again/",
        views.resend,
        name="resend",
    ),
    path("projects/<int:project_id>/agreement/", views.agreement, name="agreement"),
    path("projects/<int:project_id>/agreement/edit/", views.agreement_edit, name="agreement_edit"),
    path("projects/<int:project_id>/events/", views.events, name="events"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
