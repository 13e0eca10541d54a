from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The trail's model and writer (log.py); its page is part of the site shell (core.views_audit)."""

    name = "thanthien.audit"
    label = "audit"
    verbose_name = "Nhật ký thao tác"
