from django.urls import path

from ustogether.plainlanguage import views, views_easyread

app_name = "plainlanguage"
urlpatterns = [
    path("check-my-writing/", views.check_page, name="check"),
    path("glossary/", views.glossary, name="glossary"),
    path("glossary/suggest/", views.suggest, name="suggest"),
    path("glossary/suggestions/", views.suggestions, name="suggestions"),
    path("glossary/suggestions/<int:pk>/", views.decide, name="decide"),
    path("about/pictures/", views_easyread.attribution, name="pictures_attribution"),
    path("projects/<int:project_id>/easy-read/", views_easyread.read, name="easy_read"),
    path(
        "projects/<int:project_id>/easy-read/write/",
        views_easyread.write,
        name="easy_read_write",
    ),
    path(
        "projects/<int:project_id>/easy-read/pictures/",
        views_easyread.pictures,
        name="easy_read_pictures",
    ),
    path(
        "projects/<int:project_id>/easy-read/points/<int:point_id>/picture/",
        views_easyread.choose,
        name="easy_read_choose",
    ),
    path(
        "easy-read/pictures/<int:pk>/",
        views_easyread.uploaded_picture,
        name="uploaded_picture",
    ),
]
