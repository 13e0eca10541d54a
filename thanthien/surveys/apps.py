from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "thanthien.surveys"
    label = "surveys"
    verbose_name = "Khảo sát sự hài lòng"
