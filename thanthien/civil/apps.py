from django.apps import AppConfig


class CivilConfig(AppConfig):
    name = "thanthien.civil"
    label = "civil"
    verbose_name = "Hộ tịch"
