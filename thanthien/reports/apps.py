from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "thanthien.reports"
    label = "reports"
    verbose_name = "Báo cáo và bảng điều khiển"

    def ready(self) -> None:
        from thanthien.lib.registry import register_nav
        from thanthien.org.models import Role

        from . import demo  # noqa: F401  (registers the demo reports)
        from .models import REPORT_READERS

        group = "Báo cáo"
        register_nav("Bảng điều khiển", "reports:dashboard", REPORT_READERS, order=79, group=group)
        register_nav("Báo cáo kết quả thực hiện mô hình", "reports:list", REPORT_READERS, order=80, group=group)
        register_nav("Báo cáo tổng hợp các xã", "reports:rollup", {Role.SUPERVISOR}, order=81, group=group)
