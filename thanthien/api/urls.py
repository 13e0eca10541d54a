"""One NinjaAPI; each app's router is mounted here. Every operation needs a caller (session or token)
unless it is declared with auth=None — the URL guard test checks that."""

from __future__ import annotations

from django.urls import path
from ninja import NinjaAPI, Swagger

from . import errors
from .auth import AUTH
from .civil import router as civil_router
from .engagement import router as engagement_router
from .letters import router as letters_router
from .onestop import router as onestop_router
from .org import router as org_router
from .programme import router as programme_router
from .reports import router as reports_router
from .stats import router as stats_router
from .stats import unversioned as unversioned_stats_router
from .surveys import router as surveys_router


class LocalSwagger(Swagger):
    template = "api/swagger.html"  # ours: lang="vi", a heading; the assets are ninja's static files


api = NinjaAPI(
    title="Thân Thiện API",
    version="1",
    description=(
        "API của Thân Thiện.\n\n"
        "**Xác thực**: mã thông báo `Authorization: Bearer …` (quản trị hệ thống cấp trong trang quản trị hoặc bằng "
        "`thanthien api-token create TÊN_ĐĂNG_NHẬP`; mã chỉ hiện một lần), hoặc phiên đăng nhập của trình duyệt "
        "(kèm `X-CSRFToken` khi ghi). Có tiêu đề Authorization thì chỉ mã thông báo được xét.\n\n"
        "**Phạm vi**: mọi dữ liệu giới hạn theo đơn vị của người gọi; thông tin cá nhân của công dân (họ tên, CCCD, "
        "điện thoại, địa chỉ) chỉ hiện đầy đủ cho cán bộ của chính xã, phường đó — như trên trang web.\n\n"
        "**Trang**: `limit` 1–200 (mặc định 50), `offset` 0–10 000 000. **Thời điểm**: ISO 8601, giờ Việt Nam "
        '(+07:00). **Lỗi**: `{"detail": "…", "errors": [...]}` bằng tiếng Việt — 401 chưa xác thực, '
        "403 không có quyền, 404 không tìm thấy (cả khi bản ghi thuộc đơn vị khác), 422 yêu cầu sai (từng trường "
        "trong `errors`), 503 cơ sở dữ liệu đang bận (thử lại sau vài giây)."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs=LocalSwagger(settings={"persistAuthorization": False}),
)
errors.install(api)
api.add_router("/v1", org_router)
api.add_router("/v1", onestop_router)
api.add_router("/v1", letters_router)
api.add_router("/v1", civil_router)
api.add_router("/v1", engagement_router)
api.add_router("/v1", surveys_router)
api.add_router("/v1", programme_router)
api.add_router("/v1", reports_router)
api.add_router("/v1", stats_router)
api.add_router("", unversioned_stats_router)

urlpatterns = [path("", api.urls)]
