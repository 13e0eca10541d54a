from django.urls import path

from . import views, views_templates

app_name = "letters"
urlpatterns = [
    path("", views.registry, name="registry"),
    *views.urlpatterns,
    *views_templates.urlpatterns,
]
