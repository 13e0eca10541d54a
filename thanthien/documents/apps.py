from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "thanthien.documents"
    label = "documents"
    verbose_name = "Văn bản, biểu mẫu"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the font check run by `check --deploy`)
