from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "thanthien.surveys"
    label = "surveys"
    verbose_name = "Khảo sát sự hài lòng"

    def ready(self) -> None:
        from thanthien.lib.importing import register_importer
        from thanthien.lib.registry import register_nav

        # stats registers the subject `surveys` and its indicators, demo its demo builder; brakes and views_kiosk
        # declare their brakes' windows, which documents' sweep purges.
        from . import brakes, demo, records_links, stats, views_kiosk  # noqa: F401
        from .importing import IMPORTERS
        from .models import SURVEY_READERS

        # In the model's menu: satisfaction is one of its criteria (TC5), and the menu keeps to one row.
        register_nav("Khảo sát sự hài lòng", "surveys:questionnaire_list", SURVEY_READERS, order=66, group="Mô hình")
        for importer in IMPORTERS:
            register_importer(importer)
        records_links.register()
