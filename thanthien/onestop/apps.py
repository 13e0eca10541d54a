from django.apps import AppConfig


class OnestopConfig(AppConfig):
    name = "thanthien.onestop"
    label = "onestop"
    verbose_name = "Bộ phận Một cửa"

    def ready(self) -> None:
        from thanthien.lib.importing import register_importer

        from . import records_links, signals, stats  # noqa: F401
        from .catalogue import IMPORTER as PROCEDURES
        from .importing import IMPORTER as DOSSIERS

        register_importer(DOSSIERS)
        register_importer(PROCEDURES)
        records_links.register()
