"""The receipt handed to the applicant: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (Mẫu 01), with its lookup QR."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from thanthien.documents.pdf import pdf_response, render_pdf
from thanthien.documents.qr import qr_png_data_uri
from thanthien.lib.vn import fmt_date, nfc
from thanthien.org.models import Unit
from thanthien.org.scoping import holds_role

from .actions import DESK_ROLES, desk_setting
from .models import Channel, Dossier

TEMPLATE = "onestop/receipt.html"
DOC_TYPE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
NOT_YOURS = (
    "Chỉ cán bộ Bộ phận Một cửa của xã, phường đã tiếp nhận hồ sơ được in giấy hẹn: "
    "giấy hẹn ghi đủ họ tên, số CCCD, điện thoại, địa chỉ và mã tra cứu của người nộp."
)


def may_print(user: Any, dossier: Dossier) -> bool:
    """The receipt is the applicant's own copy, printed in full with the lookup PIN: only the desk of the
    dossier's unit prints it (a leader reads the page, a supervisor sees the masked page, neither prints)."""
    return may_print_for_unit(user, dossier.unit)


def may_print_for_unit(user: Any, unit: Unit) -> bool:
    """`may_print` for every dossier of `unit` (the calendar page's batch reprint asks per unit)."""
    return holds_role(user, unit, DESK_ROLES)


def require_printer(user: Any, dossier: Dossier) -> None:
    if not may_print(user, dossier):
        raise PermissionDenied(NOT_YOURS)


def lookup_url(dossier: Dossier) -> str:
    """The public lookup page, already filled in: scanning the QR shows the status without typing."""
    query = urlencode({"ma": dossier.code, "pin": dossier.pin})
    return f"{settings.SITE_URL}{reverse('portal:lookup')}?{query}"


def moment_text(value: dt.datetime | None) -> str:
    """ "08 giờ 05 phút, ngày 08/10/2026", in Vietnam time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {fmt_date(local)}"


def officer_name(dossier: Dossier) -> str:
    user = dossier.received_by
    if user is None:
        return ""
    return nfc(user.get_full_name().strip() or user.get_username())


def papers_received(dossier: Dossier) -> list[str]:
    """What the desk ticked at intake; the procedure's list when the officer left it blank."""
    lines = [line.strip() for line in dossier.papers.splitlines() if line.strip()]
    return lines or dossier.procedure.papers()


def desk_document_header(dossier: Dossier, moment: dt.datetime, doc_type: str) -> dict[str, Any]:
    """The NĐ 30/2020 header of every paper the desk hands over about a dossier: the issuing body (with the body
    above it), the number (the dossier code), place and date, the document type."""
    unit = dossier.unit
    return {
        "dossier": dossier,
        "issuer_parent": f"UBND {unit.parent.name.upper()}" if unit.parent else "",
        "issuer": f"UBND {unit.name.upper()}",
        "number": dossier.code,
        "place": unit.short_name(),
        "date": timezone.localtime(moment).date(),
        "doc_type": doc_type,
        "unit_name": unit.name,
        "procedure": dossier.procedure,
    }


def receipt_context(dossier: Dossier) -> dict[str, Any]:
    url = lookup_url(dossier)
    return {
        **desk_document_header(dossier, dossier.received_at, DOC_TYPE),
        "papers": papers_received(dossier),
        "processing_label": dossier.procedure.processing_label(),
        "received_text": moment_text(dossier.received_at),
        "due_text": moment_text(dossier.due_at),
        "channel_label": Channel(dossier.channel).label if dossier.channel in Channel.values else dossier.channel,
        "officer_name": officer_name(dossier),
        "qr_url": url,
        "qr_data_uri": qr_png_data_uri(url, scale=4),
        "lookup_page": f"{settings.SITE_URL}{reverse('portal:lookup')}",
        "desk_phone": _desk_phone(dossier),
    }


def _desk_phone(dossier: Dossier) -> str:
    return desk_setting(dossier.unit).phone


def receipt_pdf(dossier: Dossier, auto_print: bool = False) -> bytes:
    return render_pdf(TEMPLATE, receipt_context(dossier), auto_print=auto_print)


def receipt_response(dossier: Dossier, auto_print: bool = False) -> HttpResponse:
    return pdf_response(receipt_pdf(dossier, auto_print), f"giay-hen-{dossier.code}.pdf", inline=True)
