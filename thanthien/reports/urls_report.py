from django.urls import path

from . import views_report as views

urlpatterns = [
    path("", views.report_list, name="list"),
    path("mau-word/", views.template_page, name="template"),
    path("mau-word/mau-co-san.docx", views.template_file, name="template_file"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/sua/", views.report_edit, name="edit"),
    path("<int:pk>/ban-hanh/", views.report_issue, name="issue"),
    path("<int:pk>/phien-ban-moi/", views.report_new_version, name="new_version"),
    path("<int:pk>/bao-cao.<str:fmt>", views.report_file, name="file"),
]
