from django.apps import AppConfig


class OnestopConfig(AppConfig):
    name = "thanthien.onestop"
    label = "onestop"
    verbose_name = "Bộ phận Một cửa"

    def ready(self) -> None:
        from . import signals, stats  # noqa: F401
