from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "thanthien.reports"
    label = "reports"
    verbose_name = "Báo cáo và bảng điều khiển"

    def ready(self) -> None:
        pass
