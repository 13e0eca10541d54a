"""The dialogue and opinion pages, added to the engagement namespace by urls.py."""

from django.urls import path

from . import views_dialogues as views

urlpatterns = [
    path("doi-thoai/", views.dialogue_list, name="dialogue_list"),
    path("doi-thoai/them/", views.dialogue_create, name="dialogue_create"),
    path("doi-thoai/<int:pk>/", views.dialogue_detail, name="dialogue_detail"),
    path("doi-thoai/<int:pk>/sua/", views.dialogue_edit, name="dialogue_edit"),
    path("doi-thoai/<int:pk>/y-kien/", views.dialogue_opinion_add, name="dialogue_opinion_add"),
    path("doi-thoai/<int:pk>/bien-ban.pdf", views.dialogue_minutes, name="dialogue_minutes"),
    path("doi-thoai/<int:pk>/bien-ban.docx", views.dialogue_minutes_docx, name="dialogue_minutes_docx"),
    path("y-kien/", views.opinion_list, name="opinion_list"),
    path("y-kien/them/", views.opinion_create, name="opinion_create"),
    path("y-kien/<int:pk>/tra-loi/", views.opinion_answer, name="opinion_answer"),
]
