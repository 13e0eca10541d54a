from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "thanthien.programme"
    label = "programme"
    verbose_name = "Xây dựng mô hình"

    def ready(self) -> None:
        from thanthien.lib.registry import register_nav

        from .models import PROGRAMME_READERS

        register_nav("Mô hình", "programme:home", PROGRAMME_READERS, order=58)
