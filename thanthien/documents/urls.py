from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("mau-thong-bao.pdf", views.notice_sample, name="notice_sample"),
]
