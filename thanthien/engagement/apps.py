from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "thanthien.engagement"
    label = "engagement"
    verbose_name = "Dân vận: tiếp công dân, đơn thư, đối thoại, ý kiến"

    def ready(self) -> None:
        from thanthien.lib.importing import register_importer
        from thanthien.lib.registry import register_nav, register_sweep

        # Each of these registers what it brings (menu entries, home panels, statistics, exports, demo) on import.
        from . import demo, exports, queue, stats  # noqa: F401
        from .dialogues import DIALOGUE_READERS
        from .due import sweep_deadlines
        from .importing import IMPORTERS

        register_nav("Đối thoại", "engagement:dialogue_list", DIALOGUE_READERS, order=46)
        register_sweep(
            "engagement.deadlines", "Tính lại hạn xử lý các đơn thư còn mở", sweep_deadlines, every_minutes=15
        )
        for importer in IMPORTERS:
            register_importer(importer)
