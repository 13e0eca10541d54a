from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thanthien.api"
    label = "api"
    verbose_name = "API"
