from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "thanthien.engagement"
    label = "engagement"
    verbose_name = "Dân vận: tiếp công dân, đơn thư, đối thoại, ý kiến"
