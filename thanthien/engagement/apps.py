from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "thanthien.engagement"
    label = "engagement"
    verbose_name = "Dân vận: tiếp công dân, đơn thư, đối thoại, ý kiến"

    def ready(self) -> None:
        from thanthien.lib.registry import register_nav

        from .dialogues import DIALOGUE_READERS

        register_nav("Đối thoại", "engagement:dialogue_list", DIALOGUE_READERS, order=46)
