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
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Issue (the secret is shown once, on the page that answers the form) and revoke; never edit a digest."""

    list_display = ["pk", "user", "name", "created_at", "last_used_at"]
    search_fields = ["user__username", "name"]
    fields = ["user", "name"]
    raw_id_fields = ["user"]
    actions = ["revoke"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # a token is issued or revoked, never edited

    def get_actions(self, request: Any) -> Any:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "revoke" does it, through the action and its audit row
        return actions

    def save_model(self, request: Any, obj: ApiToken, form: Any, change: bool) -> None:
        from .tokens import issue_token

        token, secret = issue_token(request.user, form.cleaned_data["user"], form.cleaned_data["name"])
        obj.pk, obj.digest, obj.created_at = token.pk, token.digest, token.created_at
        request.thanthien_token_secret = secret

    def response_add(self, request: Any, obj: ApiToken, post_url_continue: Any = None) -> Any:
        from django.template.response import TemplateResponse

        context = {**self.admin_site.each_context(request), "token": obj, "secret": request.thanthien_token_secret}
        context["opts"] = self.model._meta
        response = TemplateResponse(request, "admin/org/apitoken/issued.html", context)
        response["Cache-Control"] = "private, no-store"  # the secret must not stay in any cache
        return response

    def delete_model(self, request: Any, obj: ApiToken) -> None:
        from .tokens import revoke_token

        revoke_token(request.user, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for token in queryset.select_related("user"):
            self.delete_model(request, token)

    @admin.action(description="Thu hồi các mã thông báo đã chọn", permissions=["delete"])
    def revoke(self, request: Any, queryset: Any) -> None:
        count = queryset.count()
        self.delete_queryset(request, queryset)
        self.message_user(request, f"Đã thu hồi {count} mã thông báo; ứng dụng dùng các mã này không gọi API được nữa.")
