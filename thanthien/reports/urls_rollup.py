"""The supervisor's roll-up pages, under /bao-cao/tong-hop/ (namespace `reports`)."""

from django.urls import path

from . import views_rollup as views

urlpatterns = [
    path("tong-hop/", views.rollup_page, name="rollup"),
    path("tong-hop/tinh-nen/", views.rollup_start, name="rollup_start"),
    path("tong-hop/tep.<str:fmt>", views.rollup_file, name="rollup_file"),
    path("tong-hop/luot-tinh/<int:pk>/", views.rollup_run, name="rollup_run"),
    path("tong-hop/luot-tinh/<int:pk>/tien-do/", views.rollup_run_status, name="rollup_run_status"),
    path("tong-hop/luot-tinh/<int:pk>/tep.<str:fmt>", views.rollup_run_file, name="rollup_run_file"),
]
