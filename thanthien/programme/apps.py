from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "thanthien.programme"
    label = "programme"
    verbose_name = "Xây dựng mô hình"

    def ready(self) -> None:
        from thanthien.lib.importing import register_importer
        from thanthien.lib.registry import register_nav

        # stats registers the subject `programme` and its indicators; each area's demo its demo builder (the
        # orders follow the records they need: the model 50, its people 51, judging 53, scoring 54);
        # views_people the home panel of officials who have not signed the commitment.
        from . import (  # noqa: F401
            demo_judging,
            demo_model,
            demo_people,
            demo_scoring,
            records_links,
            stats,
            views_people,
        )
        from .importing import IMPORTERS
        from .models import PROGRAMME_READERS, SUPERVISORS

        group = "Mô hình"
        register_nav("Tổng quan mô hình", "programme:home", PROGRAMME_READERS, order=60, group=group)
        register_nav("Văn bản", "programme:documents", PROGRAMME_READERS, order=61, group=group)
        register_nav("Ban chỉ đạo", "programme:board", PROGRAMME_READERS, order=62, group=group)
        register_nav("Cán bộ, công chức", "programme:officials", PROGRAMME_READERS, order=63, group=group)
        register_nav("Ký cam kết", "programme:commitments", PROGRAMME_READERS, order=64, group=group)
        register_nav("Tuyên truyền, tập huấn", "programme:activities", PROGRAMME_READERS, order=65, group=group)
        register_nav("Kiểm tra, giám sát", "programme:inspections", PROGRAMME_READERS, order=66, group=group)
        register_nav("Chấm điểm", "programme:scoring", PROGRAMME_READERS, order=67, group=group)
        register_nav("Công nhận mô hình", "programme:recognitions", PROGRAMME_READERS, order=68, group=group)
        register_nav("Nhân rộng mô hình", "programme:rollout", SUPERVISORS, order=69, group=group)
        register_nav("Bộ tiêu chí", "programme:criteria", SUPERVISORS, order=70, group=group)
        for importer in IMPORTERS:
            register_importer(importer)
        records_links.register()
