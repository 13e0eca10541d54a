"""The two notices a desk hands over when it cannot go on with a dossier as it stands (NĐ 61/2018, TT 01/2018/TT-VPCP):
"Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" (Mẫu 02) and "Phiếu từ chối tiếp nhận giải quyết hồ sơ" (Mẫu 03).

Both print the applicant's details in full, like the receipt, so only the desk of the dossier's unit prints them.
What they say comes from the event that made them due: the note typed with "Yêu cầu bổ sung" (what to bring) or
with "Không tiếp nhận" (why); whom to call comes from the desk settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpResponse

from thanthien.documents.pdf import pdf_response, render_pdf

from .actions import desk_setting
from .models import DeskSetting, Dossier, DossierEvent, Status
from .receipt import desk_document_header, moment_text


@dataclass(frozen=True)
class NoticeKind:
    status: int
    template: str
    doc_type: str
    filename: str


SUPPLEMENT = NoticeKind(
    Status.SUPPLEMENT,
    "onestop/notice_supplement.html",
    "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    "phieu-yeu-cau-bo-sung",
)
REFUSAL = NoticeKind(
    Status.REFUSED,
    "onestop/notice_refusal.html",
    "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "phieu-tu-choi-tiep-nhan",
)
KINDS = {"bo-sung": SUPPLEMENT, "tu-choi": REFUSAL}


def last_event(dossier: Dossier, status: int) -> DossierEvent | None:
    return dossier.events.filter(status_to=status).order_by("at", "pk").last()


def note_lines(event: DossierEvent | None) -> list[str]:
    """One item per line as the officer typed it (the leading "1." or "-" they may have typed is dropped)."""
    if event is None:
        return []
    lines = [line.strip() for line in event.note.splitlines() if line.strip()]
    return [
        line.lstrip("-–•*+ ").removeprefix(f"{n}.").removeprefix(f"{n})").strip()
        for n, line in enumerate(lines, start=1)
    ]


def contact_text(setting: DeskSetting) -> str:
    """ "số điện thoại 0237 3868 123, địa chỉ …, giờ làm việc …" — only what the commune has filled in."""
    parts = []
    if setting.phone:
        parts.append(f"số điện thoại {setting.phone}")
    if setting.address:
        parts.append(f"địa chỉ {setting.address}")
    if setting.opening_hours:
        parts.append(f"giờ làm việc: {setting.opening_hours}")
    return ", ".join(parts)


def pending_supplement(dossier: Dossier) -> list[str]:
    """What a dossier awaiting a supplement still lacks (empty when it is not awaiting one)."""
    if dossier.status != Status.SUPPLEMENT:
        return []
    return note_lines(last_event(dossier, Status.SUPPLEMENT))


def notice_context(dossier: Dossier, kind: NoticeKind) -> dict[str, Any]:
    event = last_event(dossier, kind.status)
    if event is None:
        raise Http404("Hồ sơ chưa có yêu cầu bổ sung hoặc quyết định không tiếp nhận để in phiếu.")
    setting = desk_setting(dossier.unit)
    return {
        **desk_document_header(dossier, event.at, kind.doc_type),
        "items": note_lines(event),
        "event_text": moment_text(event.at),
        "received_text": moment_text(dossier.received_at),
        "officer_name": event.actor_name if event.actor_id else "",
        "contact": contact_text(setting),
    }


def notice_pdf(dossier: Dossier, kind: NoticeKind) -> bytes:
    return render_pdf(kind.template, notice_context(dossier, kind))


def notice_response(dossier: Dossier, kind: NoticeKind) -> HttpResponse:
    return pdf_response(notice_pdf(dossier, kind), f"{kind.filename}-{dossier.code}.pdf", inline=True)
