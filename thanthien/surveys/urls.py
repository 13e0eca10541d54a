"""The survey pages, mounted at /khao-sat/ by the root urls.py: the staff pages under quan-ly/ (namespace
`surveys`) and the public form per commune and questionnaire (namespace `surveys_public`, urls_public.py)."""

from django.urls import include, path

from . import views, views_kiosk, views_paper

staff = (
    [
        path("", views.questionnaire_list, name="questionnaire_list"),
        path("mau/sao-chep/", views.template_copy, name="template_copy"),
        path("nhap/", views.questionnaire_import, name="questionnaire_import"),
        path("phieu/<int:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
        path("phieu/<int:pk>/sua/", views.questionnaire_edit, name="questionnaire_edit"),
        path("phieu/<int:pk>/xlsform.xlsx", views.questionnaire_export, name="questionnaire_export"),
        path("ket-qua/", views.results, name="results"),
        path("ket-qua/phieu/", views.results_forms, name="results_forms"),
        path("ket-qua/phieu-tra-loi.xlsx", views.results_export, name="results_export"),
        path("ket-qua/bao-cao.pdf", views.results_pdf, name="results_pdf"),
        path("dot/them/", views.campaign_create, name="campaign_create"),
        path("dot/<int:pk>/", views.campaign_detail, name="campaign_detail"),
        path("dot/<int:pk>/phieu-tra-loi.xlsx", views.campaign_export, name="campaign_export"),
        path("dot/<int:pk>/ma-qr.pdf", views.campaign_poster, name="campaign_poster"),
        path("dot/<int:pk>/may-tinh-bang/", views_kiosk.kiosk_open, name="kiosk_open"),
        path("dot/<int:pk>/phieu-giay/", views_paper.paper_entry, name="paper_entry"),
    ],
    "surveys",
)

urlpatterns = [
    path("quan-ly/", include(staff)),
    path("", include("thanthien.surveys.urls_public")),
]
