from django.urls import URLPattern, URLResolver, path

from ustogether.contributions import views, views_public

app_name = "contributions"

P = "projects/<int:project_id>/"
urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{P}contributions/", views.contribution_list, name="list"),
    path(f"{P}contributions/new/", views.new, name="new"),
    path(f"{P}contributions/new/for-someone-else/", views.new_on_behalf, name="new_on_behalf"),
    path(f"{P}contributions/settings/", views.settings, name="settings"),
    path(f"{P}contributions/export.csv", views_public.export, name="export"),
    path(f"{P}contributions/<int:pk>/", views.detail, name="detail"),
    path(f"{P}contributions/<int:pk>/file/", views.file, name="file"),
    path(f"{P}contributions/<int:pk>/answer/", views.respond, name="respond"),
    path(f"{P}contributions/<int:pk>/reply/", views.reply, name="reply"),
    path(f"{P}contributions/<int:pk>/hide/", views.hide, name="hide"),
    path(f"{P}contributions/<int:pk>/show/", views.show, name="show"),
    path(f"{P}answers/<int:response_id>/told/", views.told, name="told"),
    path(f"{P}you-said-we-did/", views_public.you_said_we_did, name="you_said_we_did"),
    path(f"{P}you-said-we-did/easy-read/", views_public.easy_read, name="easy_read"),
    path("my-contributions/", views.mine, name="mine"),
]
