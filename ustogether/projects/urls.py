from django.urls import path

from ustogether.projects import views, views_agreement, views_manage

app_name = "projects"
urlpatterns = [
    path("projects/", views.public_list, name="public_list"),
    path("projects/new/", views.new, name="new"),
    path("projects/<int:project_id>/", views.detail, name="detail"),
    path("projects/<int:project_id>/edit/", views.edit, name="edit"),
    path("projects/<int:project_id>/stages/", views.stages, name="stages"),
    path("projects/<int:project_id>/members/", views.members, name="members"),
    path(
        "projects/<int:project_id>/members/<int:membership_id>/",
        views_manage.member,
        name="member",
    ),
    path(
        "projects/<int:project_id>/members/<int:membership_id>/remove/",
        views_manage.remove,
        name="remove_member",
    ),
    path("projects/<int:project_id>/close/", views_manage.close, name="close"),
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
    path("projects/<int:project_id>/agreement/", views_agreement.agreement, name="agreement"),
    path(
        "projects/<int:project_id>/agreement/propose/",
        views_agreement.propose,
        name="agreement_propose",
    ),
    path(
        "projects/<int:project_id>/agreement/proposals/<int:proposal_id>/",
        views_agreement.proposal,
        name="proposal",
    ),
    path(
        "projects/<int:project_id>/agreement/proposals/<int:proposal_id>/answer/",
        views_agreement.proposal_answer,
        name="proposal_answer",
    ),
    path(
        "projects/<int:project_id>/agreement/proposals/<int:proposal_id>/comment/",
        views_agreement.proposal_comment,
        name="proposal_comment",
    ),
    path(
        "projects/<int:project_id>/agreement/proposals/<int:proposal_id>/withdraw/",
        views_agreement.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path(
        "projects/<int:project_id>/agreement/versions/<int:number>/",
        views_agreement.version,
        name="agreement_version",
    ),
    path("projects/<int:project_id>/events/", views.events, name="events"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
