from django.contrib import admin
from django.urls import include, path

from thanthien.core import views as core_views

admin.site.site_header = "Thân Thiện – Quản trị hệ thống"
admin.site.site_title = "Thân Thiện"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("", include("thanthien.portal.urls")),
    path("can-bo/", include("thanthien.core.urls")),
    path("mot-cua/", include("thanthien.onestop.urls")),
    path("ho-tich/", include("thanthien.civil.urls")),
    path("thu/", include("thanthien.letters.urls")),
    path("", include("thanthien.org.urls")),
    path("lich-lam-viec/", include("thanthien.workdays.urls")),
    path("nhat-ky/", include("thanthien.core.urls_audit")),
    path("tai-lieu/", include("thanthien.documents.urls")),
    path("api/", include("thanthien.api.urls")),
    path("tiep-cong-dan/", include("thanthien.engagement.urls")),
    path("lich-tiep-cong-dan/", include("thanthien.engagement.urls_public")),
    path("phan-anh/", include("thanthien.engagement.urls_feedback_public")),
    path("khao-sat/", include("thanthien.surveys.urls")),
    path("mo-hinh/", include("thanthien.programme.urls")),
    path("can-bo-xa/", include("thanthien.programme.urls_public")),
    path("bao-cao/", include("thanthien.reports.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("quan-tri/", admin.site.urls),
]

handler403 = "thanthien.core.views.error_403"
handler404 = "thanthien.core.views.error_404"
handler500 = "thanthien.core.views.error_500"
