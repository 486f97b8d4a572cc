from django.urls import URLPattern

app_name = "plainlanguage"
urlpatterns: list[URLPattern] = []
