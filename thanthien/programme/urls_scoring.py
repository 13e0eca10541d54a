"""The pages of area 'scoring' of the programme app (see urls.py): /mo-hinh/cham-diem/ and /mo-hinh/bo-tieu-chi/."""

from django.urls import URLPattern, path

from . import views_scoring as views

urlpatterns: list[URLPattern] = [
    path("cham-diem/", views.scoring_list, name="scoring"),
    path("cham-diem/bat-dau/", views.scoring_start, name="scoring_start"),
    path("cham-diem/<int:pk>/", views.scoring_detail, name="scoring_detail"),
    path("cham-diem/<int:pk>/tu-cham/", views.scoring_self, name="scoring_self"),
    path("cham-diem/<int:pk>/gui/", views.scoring_submit, name="scoring_submit"),
    path("cham-diem/<int:pk>/tham-dinh/", views.scoring_verify, name="scoring_verify"),
    path("cham-diem/<int:pk>/tra-lai/", views.scoring_return, name="scoring_return"),
    path("cham-diem/<int:pk>/cong-bo/", views.scoring_publish, name="scoring_publish"),
    path("cham-diem/<int:pk>/bang-tu-cham-diem.pdf", views.scoring_pdf, name="scoring_pdf"),
    path("bo-tieu-chi/", views.criteria_list, name="criteria"),
    path("bo-tieu-chi/<int:pk>/", views.criteria_detail, name="criteria_detail"),
    path("bo-tieu-chi/<int:pk>/sao-chep/", views.criteria_copy, name="criteria_copy"),
    path("bo-tieu-chi/<int:pk>/sua/", views.criteria_edit, name="criteria_edit"),
]
