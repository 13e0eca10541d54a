from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "thanthien.letters"
    label = "letters"
    verbose_name = "Thư gửi công dân"

    def ready(self) -> None:
        from . import signals  # noqa: F401
