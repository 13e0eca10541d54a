from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "thanthien.letters"
    label = "letters"
    verbose_name = "Thư gửi công dân"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .subjects import register
        from .subjects.civil import CivilEventSubject
        from .subjects.contribution import ContributionSubject
        from .subjects.dossier import DossierSubject
        from .subjects.feedback import FeedbackSubject

        # Each kind of subject is one registration; the sweep, the registry, the page and the documents read
        # every subject through these adapters (in this order: the sweep drafts apologies first).
        for adapter in (DossierSubject(), CivilEventSubject(), ContributionSubject(), FeedbackSubject()):
            register(adapter)
