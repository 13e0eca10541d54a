from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "thanthien.letters"
    label = "letters"
    verbose_name = "Thư gửi công dân"

    def ready(self) -> None:
        from thanthien.lib.importing import register_importer
        from thanthien.lib.stats import register_listing, register_records

        from . import signals  # noqa: F401
        from .importing import IMPORTER
        from .records import LISTING_LABEL, letters_listing, records_url
        from .subjects import register
        from .subjects.civil import CivilEventSubject
        from .subjects.contribution import ContributionSubject
        from .subjects.dossier import DossierSubject
        from .subjects.feedback import FeedbackSubject

        # Each kind of subject is one registration; the sweep, the registry, the page and the documents read
        # every subject through these adapters (in this order: the sweep drafts apologies first).
        for adapter in (DossierSubject(), CivilEventSubject(), ContributionSubject(), FeedbackSubject()):
            register(adapter)
        # The past letters register (`thanthien import letters`), and what each figure of `thanthien stats letters`
        # opens: the registry's list of exactly those letters, and the period's list for a report's annex.
        register_importer(IMPORTER)
        register_records("letters", records_url)
        register_listing("letters.letters", LISTING_LABEL, letters_listing)
