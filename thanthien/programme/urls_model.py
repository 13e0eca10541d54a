"""The pages of area 'model' of the programme app (see urls.py): the model at a commune, its documents and its
steering board."""

from django.urls import URLPattern, path

from . import views_model as views

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("giai-doan/them/", views.stage_create, name="stage_create"),
    path("giai-doan/<int:pk>/sua/", views.stage_edit, name="stage_edit"),
    path("buoc/them/", views.step_create, name="step_create"),
    path("buoc/<int:pk>/sua/", views.step_edit, name="step_edit"),
    path("buoc/<int:pk>/thu-tu/", views.step_move, name="step_move"),
    path("buoc/<int:pk>/hoan-thanh/", views.step_done, name="step_done"),
    path("thong-tin-chung/", views.profile_edit, name="profile_edit"),
    path("van-ban/", views.documents, name="documents"),
    path("van-ban/them/", views.document_create, name="document_create"),
    path("van-ban/<int:pk>/", views.document_detail, name="document_detail"),
    path("van-ban/<int:pk>/sua/", views.document_edit, name="document_edit"),
    path("van-ban/<int:pk>/tep.pdf", views.document_file, name="document_file"),
    path("ban-chi-dao/", views.board, name="board"),
    path("ban-chi-dao/them/", views.board_create, name="board_create"),
    path("ban-chi-dao/<int:pk>/sua/", views.board_edit, name="board_edit"),
    path("ban-chi-dao/<int:pk>/thanh-vien/", views.member_add, name="member_add"),
    path("ban-chi-dao/thanh-vien/<int:pk>/sua/", views.member_edit, name="member_edit"),
    path("ban-chi-dao/<int:pk>/kien-toan/", views.change_create, name="change_create"),
]
