from django.urls import path

from ustogether.plainlanguage import views

app_name = "plainlanguage"
urlpatterns = [
    path("check-my-writing/", views.check_page, name="check"),
    path("glossary/", views.glossary, name="glossary"),
    path("glossary/suggest/", views.suggest, name="suggest"),
    path("glossary/suggestions/", views.suggestions, name="suggestions"),
    path("glossary/suggestions/<int:pk>/", views.decide, name="decide"),
]
