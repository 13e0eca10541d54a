from django.apps import AppConfig


class CivilConfig(AppConfig):
    name = "thanthien.civil"
    label = "civil"
    verbose_name = "Hộ tịch"

    def ready(self) -> None:
        from thanthien.lib.importing import register_importer

        from . import signals, stats  # noqa: F401
        from .importing import IMPORTER

        register_importer(IMPORTER)
