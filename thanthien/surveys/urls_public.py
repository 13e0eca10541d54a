from django.urls import path

from . import views_public

app_name = "surveys_public"

urlpatterns = [
    path("<str:code>/<str:form_id>/", views_public.respond, name="respond"),
    path("<str:code>/<str:form_id>/cam-on/", views_public.thanks, name="thanks"),
]
