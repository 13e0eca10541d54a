from django.urls import path

from . import views_reception

app_name = "engagement_public"
urlpatterns = [
    path("", views_reception.public_index, name="index"),
    path("<str:code>/", views_reception.public_schedule, name="schedule"),
    path("<str:code>/thong-bao.pdf", views_reception.public_notice, name="notice"),
]
