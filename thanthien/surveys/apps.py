from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "thanthien.surveys"
    label = "surveys"
    verbose_name = "Khảo sát sự hài lòng"

    def ready(self) -> None:
        from thanthien.lib.importing import register_importer

        # stats registers the subject `surveys` and its indicators on import, demo its demo builder.
        from . import brakes, demo, stats, views_kiosk  # noqa: F401  # noqa: F401  (their brakes' windows, purged by documents' sweep)
        from .importing import IMPORTERS

        # The menu entry (register_nav "surveys:questionnaire_list") waits for the root urls.py to mount
        # thanthien.surveys.urls: the menu reverses every entry, so an unmounted one would break every page.
        for importer in IMPORTERS:
            register_importer(importer)
