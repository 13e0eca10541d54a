from django.urls import path

from . import views, views_import

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    *views_import.urlpatterns,
]
