"""The site's URLs with the survey pages mounted as the root urls.py will mount them (path "khao-sat/")."""

from django.urls import include, path

from thanthien.urls import handler403, handler404, handler500
from thanthien.urls import urlpatterns as site

urlpatterns = [path("khao-sat/", include("thanthien.surveys.urls")), *site]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
