from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thanthien.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        from thanthien.lib import sqlite  # noqa: F401  (registers the Vietnamese collation on connections)
        from thanthien.lib.registry import register_nav
        from thanthien.org.models import Role

        from . import imports

        imports.install()  # the audit row and the run record of every import (thanthien.lib.importing)
        register_nav("Nhật ký", "audit:trail", {Role.COMMUNE_ADMIN, Role.SUPERVISOR, Role.LEADER}, order=95)
