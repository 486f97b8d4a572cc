from django.urls import URLPattern, URLResolver, path

from ustogether.decisions import views

app_name = "decisions"

P = "projects/<int:project_id>/decisions/"
urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.decision_list, name="list"),
    path(f"{P}new/", views.new, name="new"),
    path(f"{P}export.csv", views.export, name="export"),
    path(f"{P}<int:pk>/", views.detail, name="detail"),
    path(f"{P}<int:pk>/agree/", views.sign, name="sign"),
    path(f"{P}<int:pk>/news/", views.update, name="update"),
    path(f"{P}<int:pk>/link/", views.link, name="link"),
    path(f"{P}news/<int:news_id>/told/", views.news_told, name="news_told"),
]
