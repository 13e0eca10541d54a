from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "thanthien.engagement"
    label = "engagement"
    verbose_name = "Dân vận: tiếp công dân, đơn thư, đối thoại, ý kiến"

    def ready(self) -> None:
        from thanthien.lib.importing import register_importer
        from thanthien.lib.registry import register_nav, register_sweep

        # Each of these registers what it brings (menu entries, home panels, statistics, exports, demo) on import.
        from . import (  # noqa: F401
            demo,
            exports,
            feedback_actions,
            queue,
            records_links,
            stats,
        )
        from .dialogues import DIALOGUE_READERS
        from .due import sweep_deadlines
        from .feedback import FEEDBACK_READERS
        from .importing import IMPORTERS
        from .reception import RECEPTION_READERS
        from .views_stats import STATS_READERS

        # One drop-down entry for the whole module: the menu stays on one row as modules are added.
        group = "Tiếp công dân"
        register_nav("Sổ tiếp công dân", "engagement:register", RECEPTION_READERS, order=40, group=group)
        register_nav("Lịch tiếp công dân", "engagement:schedule", RECEPTION_READERS, order=41, group=group)
        register_nav("Đối thoại", "engagement:dialogue_list", DIALOGUE_READERS, order=46, group=group)
        register_nav("Ý kiến, kiến nghị", "engagement:opinion_list", DIALOGUE_READERS, order=47, group=group)
        register_nav("Phản ánh trực tuyến", "engagement:feedback_list", FEEDBACK_READERS, order=48, group=group)
        register_nav("Thống kê tiếp dân, đơn thư", "engagement:stats", STATS_READERS, order=49, group=group)
        register_sweep(
            "engagement.deadlines", "Tính lại hạn xử lý các đơn thư còn mở", sweep_deadlines, every_minutes=15
        )
        for importer in IMPORTERS:
            register_importer(importer)
        records_links.register()
