from django.urls import path

from . import views_reception
from .urls_dialogues import urlpatterns as dialogue_patterns

app_name = "engagement"
urlpatterns = [
    path("lich/", views_reception.schedule, name="schedule"),
    path("lich/<int:pk>/ngung/", views_reception.stop_rule, name="stop_rule"),
    path("so/", views_reception.register, name="register"),
    path("so/<int:pk>/", views_reception.session, name="session"),
    path("luot-tiep/<int:pk>/ghi-noi-dung.pdf", views_reception.visit_record, name="visit_record"),
]
urlpatterns += dialogue_patterns
