from django.urls import path

from . import views_reception
from .urls_dialogues import urlpatterns as dialogue_patterns

app_name = "engagement"
urlpatterns = [
    path("lich/", views_reception.schedule, name="schedule"),
    path("so/", views_reception.register, name="register"),
    path("so/<int:pk>/", views_reception.session, name="session"),
]
urlpatterns += dialogue_patterns
