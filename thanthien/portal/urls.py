from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("tra-cuu/danh-gia/", views.rate, name="rate"),
]
