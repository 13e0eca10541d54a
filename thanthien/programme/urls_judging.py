"""The pages of area 'judging' of the programme app (see urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
