from django.urls import path

from . import views_reception
from .urls_dialogues import urlpatterns as dialogue_patterns
from .urls_exports import urlpatterns as export_patterns
from .urls_feedback import urlpatterns as feedback_patterns
from .urls_petitions import urlpatterns as petition_patterns
from .urls_stats import urlpatterns as stats_patterns

app_name = "engagement"
urlpatterns = [
    path("lich/", views_reception.schedule, name="schedule"),
    path("lich/<int:pk>/ngung/", views_reception.stop_rule, name="stop_rule"),
    path("so/", views_reception.register, name="register"),
    path("so/<int:pk>/", views_reception.session, name="session"),
    path("so/<int:pk>/sua/", views_reception.session_edit, name="session_edit"),
    path("luot-tiep/<int:pk>/sua/", views_reception.visit_edit, name="visit_edit"),
    path("luot-tiep/<int:pk>/ghi-noi-dung.pdf", views_reception.visit_record, name="visit_record"),
    path("luot-tiep/<int:pk>/y-kien/", views_reception.visit_opinion, name="visit_opinion"),
]
urlpatterns += dialogue_patterns + petition_patterns + feedback_patterns + stats_patterns + export_patterns
