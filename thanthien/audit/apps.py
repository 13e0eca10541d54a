from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "thanthien.audit"
    label = "audit"
    verbose_name = "Nhật ký thao tác"

    def ready(self) -> None:
        from thanthien.lib.registry import register_nav
        from thanthien.org.models import Role

        register_nav("Nhật ký", "audit:trail", {Role.COMMUNE_ADMIN, Role.SUPERVISOR, Role.LEADER}, order=95)
