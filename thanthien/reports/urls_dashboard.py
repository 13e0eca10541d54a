from django.urls import path

from . import views_dashboard

urlpatterns = [
    path("bang-dieu-khien/", views_dashboard.dashboard, name="dashboard"),
    path("bang-dieu-khien/cap-tren/", views_dashboard.dashboard_supervisor, name="dashboard_supervisor"),
]
