from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "thanthien.portal"
    label = "portal"
    verbose_name = "Cổng thông tin công khai"

    def ready(self) -> None:
        # The demo's per-dossier ratings (after the one-stop and surveys demos).
        from . import demo  # noqa: F401
