from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "thanthien.surveys"
    label = "surveys"
    verbose_name = "Khảo sát sự hài lòng"

    def ready(self) -> None:
        from thanthien.lib.importing import register_importer
        from thanthien.lib.registry import register_sweep

        # stats registers the subject `surveys` and its indicators on import, demo its demo builder.
        from . import demo, stats  # noqa: F401
        from .brakes import purge
        from .importing import IMPORTERS

        # The menu entry (register_nav "surveys:questionnaire_list") waits for the root urls.py to mount
        # thanthien.surveys.urls: the menu reverses every entry, so an unmounted one would break every page.
        register_sweep("surveys.brakes", "Xóa số đếm cũ của giới hạn gửi phiếu khảo sát", purge, every_minutes=60)
        for importer in IMPORTERS:
            register_importer(importer)
