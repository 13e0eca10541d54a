"""The staff pages of public feedback, added to the engagement namespace by urls.py (/tiep-cong-dan/phan-anh/)."""

from django.urls import path

from . import views_feedback as views

urlpatterns = [
    path("phan-anh/", views.feedback_list, name="feedback_list"),
    path("phan-anh/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("phan-anh/<int:pk>/anh/", views.feedback_photo, name="feedback_photo"),
    path("phan-anh/<int:pk>/vao-so-y-kien/", views.feedback_to_opinion, name="feedback_to_opinion"),
    path("phan-anh/<int:pk>/vao-so-don-thu/", views.feedback_to_petition, name="feedback_to_petition"),
    path("phan-anh/<int:pk>/khong-xu-ly/", views.feedback_decline, name="feedback_decline"),
    path("phan-anh/<int:pk>/tra-loi/", views.feedback_answer, name="feedback_answer"),
    path("phan-anh/<int:pk>/cong-khai/", views.feedback_publish, name="feedback_publish"),
    path("phan-anh/<int:pk>/thoi-cong-khai/", views.feedback_unpublish, name="feedback_unpublish"),
]
