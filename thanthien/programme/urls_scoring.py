"""The pages of area 'scoring' of the programme app (see urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
