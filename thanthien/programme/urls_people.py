"""The pages of area 'people' of the programme app (see urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
