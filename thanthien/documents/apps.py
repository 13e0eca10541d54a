from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "thanthien.documents"
    label = "documents"
    verbose_name = "Văn bản, biểu mẫu"

    def ready(self) -> None:
        from thanthien.lib.registry import register_sweep

        from . import checks  # noqa: F401  (registers the font check run by `check --deploy`)
        from .brakes import purge

        register_sweep(
            "documents.brakes", "Xóa số đếm cũ của các giới hạn trên trang công khai", purge, every_minutes=60
        )
