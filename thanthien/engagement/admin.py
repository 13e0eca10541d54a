from django.contrib import admin
from django.http import HttpRequest

from .models import Contribution, LimitRule, Petition


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("received_on", "unit", "summary")
    list_filter = ("unit",)
    date_hierarchy = "received_on"
    # Personal data stays out of the list and the search (DOMAIN.md §10).
    search_fields = ("summary",)
    readonly_fields = ("created_by", "created_at", "updated_at")


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Petitions and their limits change only through engagement.actions (checked, audited): the admin reads."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    # The petitioner stays out of the list and the search (DOMAIN.md §10).
    list_display = ("display_number", "received_on", "unit", "kind", "direction", "outcome")
    list_filter = ("kind", "direction", "outcome", "unit")
    date_hierarchy = "received_on"
    search_fields = ("field",)


@admin.register(LimitRule)
class LimitRuleAdmin(ReadOnlyAdmin):
    list_display = ("step", "petition_kind", "variant", "amount", "counting", "applies_from", "unit")
    list_filter = ("step", "petition_kind", "counting")
