from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "thanthien.org"
    label = "org"
    verbose_name = "Đơn vị và người dùng"

    def ready(self) -> None:
        from thanthien.lib.importing import register_importer
        from thanthien.lib.registry import register_demo

        from . import demo, signals  # noqa: F401

        register_demo(10, demo.build_units_and_people)
        from .actions import UNIT_IMPORTER

        register_importer(UNIT_IMPORTER)
