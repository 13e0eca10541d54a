# Owned by the import/export work: dossier import page (URL name "import") and list exports.
from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
