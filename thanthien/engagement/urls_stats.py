"""The statistics page of citizen engagement, its XLSX and the records behind each figure (/tiep-cong-dan/thong-ke/)."""

from django.urls import path

from . import views_stats as views

urlpatterns = [
    path("thong-ke/", views.stats_page, name="stats"),
    path("thong-ke/xuat.xlsx", views.stats_xlsx, name="stats_xlsx"),
    path("thong-ke/danh-sach/", views.stats_records, name="stats_records"),
]
