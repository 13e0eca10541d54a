from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thanthien.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        from . import sqlite  # noqa: F401  (registers the Vietnamese collation on SQLite connections)
