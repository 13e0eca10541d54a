from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "thanthien.workdays"
    label = "workdays"
    verbose_name = "Lịch làm việc"

    def ready(self) -> None:
        from thanthien.lib.registry import register_nav
        from thanthien.org.models import Role

        register_nav("Lịch làm việc", "workdays:calendar", {r.value for r in Role}, order=90)
