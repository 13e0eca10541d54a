from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("ngoai-le/them/", views.add_exception, name="add_exception"),
    path("ngoai-le/<int:pk>/xoa/", views.remove_exception, name="remove_exception"),
    path("gio-lam-viec/", views.save_week, name="save_week"),
    path("gio-chot/", views.save_cutoff, name="save_cutoff"),
    path("ngay-lich/", views.save_roll_forward, name="save_roll_forward"),
    path("thay-doi/<int:pk>/", views.change_detail, name="change"),
    path("thay-doi/<int:pk>/in-lai-giay-hen.pdf", views.reprint, name="reprint"),
]
