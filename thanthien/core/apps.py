from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thanthien.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        from . import imports, sqlite  # noqa: F401  (sqlite registers the Vietnamese collation on connections)

        imports.install()  # the audit row and the run record of every import (thanthien.lib.importing)
