from django.contrib import admin

from .models import DeskSetting, Procedure


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field", "processing_kind", "processing_amount", "online_level", "active"]
    list_filter = ["field", "processing_kind", "active"]
    search_fields = ["code", "name"]


@admin.register(DeskSetting)
class DeskSettingAdmin(admin.ModelAdmin):
    list_display = ["unit", "code_pattern", "at_risk_hours", "restrict_procedures"]
    raw_id_fields = ["unit"]
    filter_horizontal = ["procedures"]
