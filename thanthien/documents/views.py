from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from thanthien.org.access import protected
from thanthien.org.models import Unit
from thanthien.org.scoping import primary_unit

from .pdf import pdf_response, render_pdf
from .samples import notice_context


@protected()
def notice_sample(request: HttpRequest) -> HttpResponse:
    """The sample THÔNG BÁO for the official's own unit: the printed layout, before any real letter exists."""
    # A system administrator has no unit of their own; any unit shows the layout just as well.
    unit = primary_unit(request.user) or Unit.objects.order_by("path").first()
    if unit is None:
        raise Http404("Chưa có đơn vị hành chính nào.")
    today = timezone.localdate()
    pdf = render_pdf("documents/notice_sample.html", notice_context(unit, today))
    return pdf_response(pdf, f"Thông báo lịch tiếp công dân {today:%d-%m-%Y}.pdf")
