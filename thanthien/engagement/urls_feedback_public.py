"""The public feedback pages (issue 9 item 7), mounted at /phan-anh/: no account needed."""

from django.urls import path

from . import views_feedback_public as views

app_name = "engagement_feedback"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.send, name="send"),
    path("<str:code>/da-gui/", views.sent, name="sent"),
    path("<str:code>/theo-doi/", views.follow, name="follow"),
    path("<str:code>/da-tra-loi/", views.answered, name="answered"),
]
