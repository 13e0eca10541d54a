"""One NinjaAPI; each app's router is mounted here. Every operation needs a caller (session or token)
unless it is declared with auth=None — the URL guard test checks that."""

from __future__ import annotations

from django.urls import path
from ninja import NinjaAPI, Swagger

from . import errors
from .auth import AUTH
from .civil import router as civil_router
from .letters import router as letters_router
from .onestop import router as onestop_router
from .org import router as org_router


class LocalSwagger(Swagger):
    template = "api/swagger.html"  # ours: lang="vi", a heading; the assets are ninja's static files


api = NinjaAPI(
    title="Thân Thiện API",
    version="1",
    description="API của Thân Thiện. Xác thực bằng phiên đăng nhập hoặc mã thông báo (Authorization: Bearer ...). "
    "Mọi dữ liệu được giới hạn theo đơn vị của người gọi.",
    auth=AUTH,
    urls_namespace="api",
    docs=LocalSwagger(settings={"persistAuthorization": False}),
)
errors.install(api)
api.add_router("/v1", org_router)
api.add_router("/v1", onestop_router)
api.add_router("/v1", letters_router)
api.add_router("/v1", civil_router)

urlpatterns = [path("", api.urls)]
