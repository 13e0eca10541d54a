# Owned by the documents work: template editing with live preview, DOCX upload, printing.
from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
