"""The pages of area 'judging' of the programme app (see urls.py): inspections and supervisions with their remedies
(/mo-hinh/kiem-tra/), recognitions and the files asking for them (/mo-hinh/cong-nhan/), the roll-out of the model
over a supervising unit with its targets (/mo-hinh/nhan-rong/)."""

from django.urls import URLPattern, path

from . import views_judging as views

urlpatterns: list[URLPattern] = [
    path("kiem-tra/", views.inspection_list, name="inspections"),
    path("kiem-tra/them/", views.inspection_create, name="inspection_create"),
    path("kiem-tra/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("kiem-tra/<int:pk>/sua/", views.inspection_edit, name="inspection_edit"),
    path("kiem-tra/<int:pk>/khac-phuc/", views.remedy_add, name="remedy_add"),
    path("kiem-tra/khac-phuc/<int:pk>/sua/", views.remedy_edit, name="remedy_edit"),
    path("kiem-tra/khac-phuc/<int:pk>/ket-qua/", views.remedy_answer, name="remedy_answer"),
    path("cong-nhan/", views.recognition_list, name="recognitions"),
    path("cong-nhan/them/", views.recognition_create, name="recognition_create"),
    path("cong-nhan/<int:pk>/sua/", views.recognition_edit, name="recognition_edit"),
    path("cong-nhan/xa/<str:code>/", views.recognition_unit, name="recognition_unit"),
    path("cong-nhan/ho-so/them/", views.recognition_file_create, name="recognition_file_create"),
    path("cong-nhan/ho-so/<int:pk>/", views.recognition_file, name="recognition_file"),
    path(
        "cong-nhan/ho-so/<int:pk>/bang-tu-cham-diem.pdf",
        views.recognition_file_selfscore,
        name="recognition_file_selfscore",
    ),
    path("cong-nhan/ho-so/<int:pk>/<str:part>/", views.recognition_file_part, name="recognition_file_part"),
    path("nhan-rong/", views.rollout, name="rollout"),
    path("nhan-rong/chi-tieu/them/", views.rollout_target_create, name="rollout_target_create"),
    path("nhan-rong/chi-tieu/<int:pk>/sua/", views.rollout_target_edit, name="rollout_target_edit"),
]
