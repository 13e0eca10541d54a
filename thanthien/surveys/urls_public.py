from django.urls import path

from . import views_kiosk, views_public

app_name = "surveys_public"

urlpatterns = [
    # Before the per-commune links, whose two segments these would otherwise match.
    path("may-tinh-bang/", views_kiosk.kiosk, name="kiosk"),
    path("may-tinh-bang/cam-on/", views_kiosk.kiosk_thanks, name="kiosk_thanks"),
    path("may-tinh-bang/thoat/", views_kiosk.kiosk_exit, name="kiosk_exit"),
    path("<str:code>/<str:form_id>/", views_public.respond, name="respond"),
    path("<str:code>/<str:form_id>/cam-on/", views_public.thanks, name="thanks"),
]
