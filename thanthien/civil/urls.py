from django.urls import path

from . import views

app_name = "civil"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("them/", views.event_create, name="create"),
    path("nhap/", views.import_view, name="import"),
    path("nhap/mau.csv", views.import_template, name="import_template"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/sua/", views.event_edit, name="edit"),
    path("<int:pk>/le-trao/", views.event_ceremony, name="ceremony"),
]
