from django.contrib import admin

from .models import Contribution


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("received_on", "unit", "summary")
    list_filter = ("unit",)
    date_hierarchy = "received_on"
    # Personal data stays out of the list and the search (DOMAIN.md §10).
    search_fields = ("summary",)
    readonly_fields = ("created_by", "created_at", "updated_at")
