from typing import Any

from django.contrib import admin

from .actions import save_unit
from .models import ApiToken, Membership, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "successor"]

    def save_model(self, request: Any, obj: Unit, form: Any, change: bool) -> None:
        # Through the action: it keeps the materialised paths (scoping) right and writes the audit row.
        save_unit(request.user, obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "title", "phone"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    raw_id_fields = ["unit"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = ["digest"]
