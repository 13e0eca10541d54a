from django.apps import AppConfig

from . import form_messages

# Before any app is ready: django.contrib.admin's ready() imports the admin modules, and with them forms whose
# fields copy their class's messages when created.
form_messages.install()


class CoreConfig(AppConfig):
    name = "thanthien.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        from thanthien.lib import sqlite  # noqa: F401  (registers the Vietnamese collation on connections)
        from thanthien.lib.registry import register_nav
        from thanthien.org.models import Role

        from . import imports

        form_messages.install()  # again, in case a project imported django.forms fields before the app registry
        imports.install()  # the audit row and the run record of every import (thanthien.lib.importing)
        register_nav("Nhật ký", "audit:trail", {Role.COMMUNE_ADMIN, Role.SUPERVISOR, Role.LEADER}, order=95)
