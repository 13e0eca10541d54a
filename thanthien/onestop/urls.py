from django.urls import path

from . import views, views_import, views_list, views_stats

app_name = "onestop"
urlpatterns = [
    *views_list.urlpatterns,
    path("tiep-nhan/", views.intake, name="intake"),
    path("tiep-nhan/han-tra/", views.due_preview, name="due_preview"),
    path("thiet-lap/", views.settings_view, name="settings"),
    path("ho-so/<str:code>/", views.detail, name="detail"),
    path("ho-so/<str:code>/trang-thai/", views.change_status_view, name="change_status"),
    path("ho-so/<str:code>/giay-hen.pdf", views.receipt, name="receipt"),
    path("ho-so/<str:code>/phieu-<slug:kind>.pdf", views.notice, name="notice"),
    *views_stats.urlpatterns,
    *views_import.urlpatterns,
]
