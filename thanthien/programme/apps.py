from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "thanthien.programme"
    label = "programme"
    verbose_name = "Xây dựng mô hình"
