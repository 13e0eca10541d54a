"""The printed notices of a petition, in the NĐ 30/2020 layout (documents/official.html, rendered by WeasyPrint
through thanthien.documents.pdf): thông báo thụ lý, thông báo không thụ lý, phiếu chuyển đơn, văn bản hướng dẫn, and
the reply giving the result (thông báo kết quả giải quyết / văn bản trả lời). The texts follow the forms of
TT 05/2021/TT-TTCP in substance; the number is left blank for the clerk's register.

Each notice exists only in the state it speaks of (a refusal notice for a refused petition...). They carry the
petitioner's personal data: the view lets only the unit's own staff print them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpResponse

from thanthien.documents.pdf import pdf_response, render_pdf
from thanthien.lib.vn import fmt_date

from .limits import LimitRuleMissing, deadlines
from .models import Direction, Outcome, Petition, PetitionKind


@dataclass(frozen=True)
class Notice:
    slug: str  # in the URL
    label: str  # on the button


NOTICES = {
    "thu-ly": Notice("thu-ly", "Thông báo thụ lý"),
    "khong-thu-ly": Notice("khong-thu-ly", "Thông báo không thụ lý"),
    "chuyen-don": Notice("chuyen-don", "Phiếu chuyển đơn"),
    "huong-dan": Notice("huong-dan", "Văn bản hướng dẫn"),
    "tra-loi": Notice("tra-loi", "Thông báo kết quả, trả lời người gửi đơn"),
}


def available(petition: Petition) -> list[Notice]:
    """The notices the petition's state calls for."""
    slugs = []
    if petition.accepted_on is not None:
        slugs.append("thu-ly")
    if petition.direction == Direction.REFUSE and petition.handled_on:
        slugs.append("khong-thu-ly")
    if petition.direction == Direction.FORWARD and petition.handled_on:
        slugs.append("chuyen-don")
    if petition.direction == Direction.GUIDE and petition.handled_on:
        slugs.append("huong-dan")
    if petition.resolved_on is not None and petition.outcome and petition.outcome != Outcome.WITHDRAWN:
        slugs.append("tra-loi")
    return [NOTICES[s] for s in slugs]


def _ubnd(petition: Petition) -> str:
    """ "Ủy ban nhân dân xã Hoằng Hợp": the unit's name inside a sentence, its kind in lower case."""
    return f"Ủy ban nhân dân {petition.unit.in_sentence()}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _kind_word(petition: Petition) -> str:
    return PetitionKind(petition.kind).label.lower()


def _who(petition: Petition) -> str:
    if petition.anonymous or not petition.petitioner_name:
        return "người gửi đơn (không ghi họ tên)"
    where = f", địa chỉ: {petition.petitioner_address}" if petition.petitioner_address else ""
    others = f" và {petition.signers - 1} người khác cùng ký đơn" if petition.signers > 1 else ""
    return f"Ông/Bà {petition.petitioner_name}{where}{others}"


def _told(petition: Petition) -> str:
    """Whom the closing line informs."""
    names = _addressee(petition)
    return names[0] if names else "người gửi đơn"


def _addressee(petition: Petition) -> list[str]:
    if petition.anonymous or not petition.petitioner_name:
        return []
    return [f"Ông/Bà {petition.petitioner_name}"]


def _received(petition: Petition, *, name_sender: bool = True) -> str:
    """The opening every notice shares: the day received, the number, who sent it and what it says."""
    sender = f" của {_who(petition)}" if name_sender else ""
    return (
        f"Ngày {fmt_date(petition.received_on)}, {_ubnd(petition)} nhận được đơn {_kind_word(petition)} "
        f"(số {petition.display_number} trong sổ tiếp nhận đơn){sender}. "
        f"Nội dung đơn: {_sentence(petition.content)}"
    )


def _due_text(petition: Petition, step: str) -> str:
    try:
        found = deadlines(petition).get(step)
    except LimitRuleMissing:
        return ""
    if found is None:
        return ""
    basis = found.rule.legal_basis.strip().rstrip(".")
    return f"Thời hạn {found.label.lower()}: đến hết ngày {fmt_date(found.due)} (căn cứ {basis})."


def _accepted(petition: Petition) -> dict[str, Any]:
    unit = _ubnd(petition)
    what = _kind_word(petition)
    laws: dict[str, str] = {
        PetitionKind.COMPLAINT: "Điều 27 Luật Khiếu nại năm 2011",
        PetitionKind.DENUNCIATION: "Điều 29 Luật Tố cáo năm 2018",
    }
    law = laws.get(petition.kind, "quy định của pháp luật")
    body = [
        _received(petition),
        f"Căn cứ {law}, sau khi xem xét, đơn {what} đủ điều kiện thụ lý và thuộc thẩm quyền giải quyết của Chủ tịch "
        f"{unit}.",
        f"Ngày {fmt_date(petition.accepted_on)}, Chủ tịch {unit} thụ lý giải quyết đơn {what} nêu trên.",
        _due_text(petition, "resolution"),
        f"{unit} thông báo để {_told(petition)} được biết./.",
    ]
    return {
        "doc_type": "THÔNG BÁO",
        "subject": f"Về việc thụ lý giải quyết {what}",
        "number": "……/TB-UBND",
        "body": body,
    }


def _refused(petition: Petition) -> dict[str, Any]:
    unit = _ubnd(petition)
    what = _kind_word(petition)
    reason = petition.direction_reason or petition.ineligible_reason or "……………………"
    body = [
        _received(petition),
        f"Sau khi xem xét, {unit} không thụ lý giải quyết đơn {what} nêu trên. Lý do: {_sentence(reason)}",
        f"{unit} thông báo để {_told(petition)} được biết./.",
    ]
    return {
        "doc_type": "THÔNG BÁO",
        "subject": f"Về việc không thụ lý giải quyết {what}",
        "number": "……/TB-UBND",
        "body": body,
    }


def _forwarded(petition: Petition) -> dict[str, Any]:
    unit = _ubnd(petition)
    # A denunciation is forwarded without the denouncer's name, address or signature (Luật Tố cáo 2018,
    # Art. 47.2.b): the receiving body learns what is denounced, not who denounced it.
    denunciation = petition.kind == PetitionKind.DENUNCIATION
    body = [
        _received(petition, name_sender=not denunciation),
        f"Sau khi xem xét, nội dung đơn không thuộc thẩm quyền giải quyết của {unit}. Căn cứ quy định "
        f"của pháp luật, {unit} chuyển đơn đến {petition.forwarded_to} để xem xét, giải quyết theo "
        "thẩm quyền và thông báo kết quả cho người gửi đơn.",
        f"Ngày chuyển đơn: {fmt_date(petition.handled_on)}./.",
    ]
    told = [] if denunciation else [f"{a} (để biết)" for a in _addressee(petition)]
    recipients = [f"{petition.forwarded_to}", *told, "Lưu: VT"]
    return {
        "doc_type": "PHIẾU CHUYỂN ĐƠN",
        "subject": "",
        "number": "……/PC-UBND",
        "body": body,
        "addressees": [petition.forwarded_to],
        "recipients": recipients,
    }


def _guided(petition: Petition) -> dict[str, Any]:
    unit = _ubnd(petition)
    guide = petition.direction_reason or "……………………"
    body = [
        _received(petition),
        f"Sau khi xem xét, nội dung đơn không thuộc thẩm quyền giải quyết của {unit}. "
        f"{unit} hướng dẫn người gửi đơn như sau: {_sentence(guide)}",
        "Trường hợp cần thêm thông tin, đề nghị liên hệ bộ phận tiếp công dân của Ủy ban nhân dân xã để được "
        "hướng dẫn./.",
    ]
    return {"doc_type": "", "subject": "Hướng dẫn người gửi đơn", "number": "……/UBND", "body": body}


def _reply(petition: Petition) -> dict[str, Any]:
    unit = _ubnd(petition)
    what = _kind_word(petition)
    decision = f" tại văn bản số {petition.decision_number}" if petition.decision_number else ""
    if petition.kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION):
        result = (
            f"Ngày {fmt_date(petition.resolved_on)}, Chủ tịch {unit} đã giải quyết đơn {what}"
            f"{decision}. Kết luận: nội dung {what} {petition.get_outcome_display().lower()}."
        )
        title, doc_type = f"Kết quả giải quyết {what}", "THÔNG BÁO"
    else:
        result = f"Ngày {fmt_date(petition.resolved_on)}, {unit} đã trả lời nội dung đơn{decision}."
        title, doc_type = f"Trả lời đơn {what}", ""
    body = [
        _received(petition),
        result,
        f"{unit} thông báo để {_told(petition)} được biết./.",
    ]
    return {"doc_type": doc_type, "subject": title, "number": "……/TB-UBND" if doc_type else "……/UBND", "body": body}


_BUILDERS = {
    "thu-ly": _accepted,
    "khong-thu-ly": _refused,
    "chuyen-don": _forwarded,
    "huong-dan": _guided,
    "tra-loi": _reply,
}


def notice_context(petition: Petition, slug: str) -> dict[str, Any]:
    """The context of documents/official.html for the notice `slug`; Http404 when the state does not call for it."""
    if slug not in _BUILDERS or NOTICES[slug] not in available(petition):
        raise Http404("Đơn thư này không có văn bản này.")
    unit = petition.unit
    parts = _BUILDERS[slug](petition)
    day = {"thu-ly": petition.accepted_on, "tra-loi": petition.resolved_on}.get(slug) or petition.handled_on
    addressees = parts.pop("addressees", _addressee(petition))
    recipients = parts.pop("recipients", [*addressees, "Lưu: VT, hồ sơ đơn"])
    return {
        "issuer_parent": f"UBND {unit.parent.name.upper()}" if unit.parent else "",
        "issuer": f"UBND {unit.name.upper()}",
        "place": unit.short_name(),
        "date": day,
        "addressees": addressees,
        "recipients": recipients,
        "sign_authority": "",
        "sign_title": "CHỦ TỊCH",
        **parts,
        "body": [line for line in parts["body"] if line],
    }


def notice_response(petition: Petition, slug: str) -> HttpResponse:
    pdf = render_pdf("engagement/petitions/notice.html", notice_context(petition, slug))
    return pdf_response(pdf, f"{slug}-don-{petition.number}-{petition.year}.pdf", inline=True)
