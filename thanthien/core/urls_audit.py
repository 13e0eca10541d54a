from django.urls import path

from . import views_audit as views

app_name = "audit"
urlpatterns = [
    path("", views.trail, name="trail"),
    path("xuat/", views.export, name="export"),
]
