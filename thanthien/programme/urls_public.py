"""The programme's public pages (namespace `programme_public`): the directory of a commune's officials."""

from django.urls import URLPattern, path

from . import views_people

app_name = "programme_public"

urlpatterns: list[URLPattern] = [
    path("<str:code>/", views_people.directory, name="directory"),
]
