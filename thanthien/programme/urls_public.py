"""The programme's public pages (namespace `programme_public`): the directory of a commune's officials."""

from django.urls import URLPattern

app_name = "programme_public"

urlpatterns: list[URLPattern] = []
