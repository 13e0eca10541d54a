"""Biên bản đối thoại, in the NĐ 30/2020 layout: PDF from the one HTML base, DOCX from the shipped Word form
(built by engagement/data/build_minutes_docx.py). Both print what the reader may see: the views mask who raised
an opinion before they get here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import HttpResponse

from thanthien.documents.docx import render_docx
from thanthien.documents.http import file_response
from thanthien.documents.pdf import pdf_response, render_pdf
from thanthien.lib.vn import fmt_date, fmt_number, long_date

from .dialogues import AnswerKind, Dialogue, Opinion

DOCX_FORM = Path(__file__).resolve().parent / "data" / "dialogue_minutes.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNANSWERED = "Chưa trả lời; sẽ trả lời bằng văn bản."


def _subject(topic: str) -> str:
    """ "Đối thoại với Nhân dân về …", unless the topic already says what dialogue it was."""
    return topic if topic.lower().startswith("đối thoại") else f"Đối thoại với Nhân dân về {topic}"


def _header(dialogue: Dialogue) -> dict[str, Any]:
    unit = dialogue.unit
    return {
        "issuer_parent": f"UBND {unit.parent.name.upper()}" if unit.parent else "",
        "issuer": f"UBND {unit.name.upper()}",
        "place": unit.short_name(),
        "date": dialogue.held_on,
        "doc_type": "BIÊN BẢN",
        "subject": _subject(dialogue.topic),
    }


def minutes_context(dialogue: Dialogue, opinions: list[Opinion]) -> dict[str, Any]:
    return {
        **_header(dialogue),
        "number": "",
        "d": dialogue,
        "unit_name": f"Ủy ban nhân dân {dialogue.unit.in_sentence()}",
        "opinions": opinions,
        "answered": sum(1 for o in opinions if o.is_answered),
    }


def answer_text(opinion: Opinion) -> str:
    """ "Theo quy hoạch (trả lời sau ngày 05/11/2024, Chủ tịch UBND)" — how the minutes print an answer."""
    if not opinion.is_answered:
        return UNANSWERED
    how = opinion.get_answer_kind_display().lower()
    if opinion.answer_kind == AnswerKind.LATER:
        how += f" ngày {fmt_date(opinion.answered_on)}"
    if opinion.answered_by:
        how += f", {opinion.answered_by}"
    return f"{opinion.answer} ({how})"


def docx_context(dialogue: Dialogue, opinions: list[Opinion]) -> dict[str, Any]:
    header = _header(dialogue)
    answered = sum(1 for o in opinions if o.is_answered)
    place = f", tại {dialogue.place}" if dialogue.place else ""
    attendance = (
        f"{fmt_number(dialogue.front_participants)} đại biểu Ủy ban MTTQ Việt Nam, "
        f"{fmt_number(dialogue.organisation_participants)} đại biểu các đoàn thể và "
        f"{fmt_number(dialogue.people_participants)} người dân; tổng số {fmt_number(dialogue.participants)} người."
    )
    if dialogue.participants_note:
        attendance += f" {dialogue.participants_note}"
    return {
        "issuer_parent": header["issuer_parent"],
        "issuer": header["issuer"],
        "place_date": f"{header['place']}, {long_date(dialogue.held_on)}",
        "subject": header["subject"],
        "opening": (
            f"Vào ngày {fmt_date(dialogue.held_on)}{place}, {dialogue.unit.name} tổ chức đối thoại với Nhân dân "
            f"về {dialogue.topic}."
        ),
        "chaired_by": dialogue.chaired_by,
        "secretary": dialogue.secretary or "……………………",
        "secretary_name": dialogue.secretary,
        "attendance": attendance,
        "summary": (
            f"Tại buổi đối thoại có {fmt_number(len(opinions))} ý kiến, kiến nghị; đã trả lời "
            f"{fmt_number(answered)} ý kiến. Cụ thể:"
        ),
        "opinions": [
            {
                "number": str(n),
                "opinion": f"{o.raised_by}: {o.content}" if o.raised_by else o.content,
                "answer": answer_text(o),
            }
            for n, o in enumerate(opinions, start=1)
        ],
        "closing": (
            f"Biên bản được lập xong vào ngày {fmt_date(dialogue.held_on)}, đã đọc lại cho những người tham dự "
            "cùng nghe và thống nhất./."
        ),
    }


def _filename(dialogue: Dialogue, extension: str) -> str:
    return f"bien-ban-doi-thoai-{dialogue.pk}-{dialogue.held_on:%Y%m%d}.{extension}"


def minutes_pdf_response(dialogue: Dialogue, opinions: list[Opinion]) -> HttpResponse:
    pdf = render_pdf("engagement/dialogue_minutes.html", minutes_context(dialogue, opinions))
    return pdf_response(pdf, _filename(dialogue, "pdf"), inline=True)


def minutes_docx_response(dialogue: Dialogue, opinions: list[Opinion]) -> HttpResponse:
    data = render_docx(DOCX_FORM, docx_context(dialogue, opinions))
    return file_response(data, _filename(dialogue, "docx"), DOCX_TYPE)
