from django.apps import AppConfig


class CivilConfig(AppConfig):
    name = "thanthien.civil"
    label = "civil"
    verbose_name = "Hộ tịch"

    def ready(self) -> None:
        from . import signals, stats  # noqa: F401
