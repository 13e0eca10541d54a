"""Printing letters: the PDF in the NĐ 30/2020 layout (one letter, or a batch as one file) and the DOCX.

A batch is one HTML document (each letter a section that starts a new page) converted once: WeasyPrint's
start-up and font loading are paid once instead of once per letter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from thanthien.documents.docx import DocumentTemplateError, list_placeholders, render_docx
from thanthien.documents.http import file_response
from thanthien.documents.pdf import html_to_pdf, pdf_response, render_html
from thanthien.lib.vn import long_date

from . import actions, texts
from . import wording as wording_rules
from .models import Letter, LetterKind, LetterStatus

TEMPLATE = "letters/letter_pdf.html"
DEFAULT_DOCX = Path(__file__).resolve().parent / "data" / "letter.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

SIGN_AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
DEFAULT_SIGN_TITLE = "CHỦ TỊCH"
RECIPIENTS = ("Như trên", "Lưu: VT")
BLANK_DATE = "ngày …… tháng …… năm ……"
# A draft has no number yet: the clerk's blank before the symbol, as on a form filled in by hand.
BLANK_NUMBER = "\u00a0" * 8

# What a DOCX template may use besides the wording placeholders (texts.PLACEHOLDERS).
DOCX_PLACEHOLDERS: dict[str, str] = {
    "issuer_parent": "cơ quan cấp trên, chữ in hoa (ví dụ: UBND HUYỆN HOẰNG HÓA)",
    "issuer": "cơ quan gửi thư, chữ in hoa (ví dụ: UBND XÃ HOẰNG HỢP)",
    "number_text": "số và ký hiệu thư (ví dụ: 12/TXL-UBND; để trống khi còn là dự thảo)",
    "place": "địa danh (ví dụ: Hoằng Hợp)",
    "date": "ngày ký (ví dụ: ngày 05 tháng 11 năm 2024)",
    "place_date": "địa danh và ngày ký (ví dụ: Hoằng Hợp, ngày 05 tháng 11 năm 2024)",
    "title": "tên loại thư (ví dụ: THƯ XIN LỖI)",
    "subject": "trích yếu (ví dụ: V/v chậm trả kết quả ...)",
    "body": "toàn văn nội dung thư",
    "body_paragraphs": "các đoạn của nội dung thư, dùng với {%p for para in body_paragraphs %} … {%p endfor %}",
    "sign_authority": "thẩm quyền ký (TM. ỦY BAN NHÂN DÂN)",
    "signer_title": "chức vụ người ký, chữ in hoa (CHỦ TỊCH; KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)",
    "signer_name": "họ tên người ký",
    "recipients": "danh sách nơi nhận",
    "is_draft": "đúng khi thư còn là dự thảo (dùng với {%p if is_draft %})",
    "draft_mark": "chữ “DỰ THẢO” khi thư chưa được duyệt, ký; trống khi đã ký",
}


def supported_placeholders() -> set[str]:
    return set(texts.PLACEHOLDERS) | set(DOCX_PLACEHOLDERS)


class _Wording:
    """The unit's template and symbol per kind, looked up once for a whole batch (not twice per letter)."""

    def __init__(self) -> None:
        self._templates: dict[tuple[int, str], Any] = {}
        self._symbols: dict[tuple[int, str], str] = {}

    def template(self, letter: Letter) -> Any:
        key = (letter.unit_id, letter.kind)
        if key not in self._templates:
            self._templates[key] = actions.template_for(letter.unit, letter.kind)
        return self._templates[key]

    def title(self, letter: Letter) -> str:
        return str(self.template(letter).title or texts.TITLES[LetterKind(letter.kind)]).upper()

    def body(self, letter: Letter) -> str:
        # Same rule as actions.render_body: the frozen or typed text, else the unit's wording.
        if letter.body:
            return letter.body
        return actions.render_text(self.template(letter).body, actions.context_for(letter))

    def symbol(self, letter: Letter) -> str:
        if letter.symbol:
            return letter.symbol
        key = (letter.unit_id, letter.kind)
        if key not in self._symbols:
            self._symbols[key] = actions.letter_setting(letter.unit).symbol_for(letter.kind)
        return self._symbols[key]


def paragraphs(body: str) -> list[str]:
    return [line.strip() for line in body.splitlines() if line.strip()]


def sign_lines(letter: Letter) -> list[str]:
    """Under "TM. ỦY BAN NHÂN DÂN": "CHỦ TỊCH", or for a deputy "KT. CHỦ TỊCH" then "PHÓ CHỦ TỊCH" (NĐ 30/2020);
    the same lines on the draft and on the signed letter."""
    title = (wording_rules.post_title(letter.signer_title) or DEFAULT_SIGN_TITLE).upper()
    if title.startswith("PHÓ CHỦ TỊCH"):
        return ["KT. CHỦ TỊCH", title]
    return [title]


def is_draft(letter: Letter) -> bool:
    # A withdrawn letter was never signed: it prints in the draft's layout, marked "ĐÃ RÚT".
    return letter.status in (LetterStatus.DRAFT, LetterStatus.WITHDRAWN)


def letter_context(letter: Letter, wording: _Wording | None = None) -> dict[str, Any]:
    """Context of letters/letter_pdf.html (documents/official.html with a letter's parts)."""
    wording = wording or _Wording()
    unit = letter.unit
    draft = is_draft(letter)
    return {
        "letter": letter,
        "issuer_parent": f"UBND {unit.parent.name.upper()}" if unit.parent else "",
        "issuer": f"UBND {unit.name.upper()}",
        "number": letter.number_text,
        "symbol": wording.symbol(letter),
        "place": unit.short_name(),
        # A draft is not dated yet: the place-and-date line keeps the blanks of an unsigned form.
        "date": None if draft else letter.letter_date,
        "doc_type": wording.title(letter),
        "subject": texts.SUBJECTS[LetterKind(letter.kind)],
        "addressee": f"{letter.honorific} {letter.recipient_name}".strip(),
        "recipient_address": letter.recipient_address,
        "paragraphs": paragraphs(wording.body(letter)),
        "sign_authority": SIGN_AUTHORITY,
        "sign_lines": sign_lines(letter),
        "sign_title": "\n".join(sign_lines(letter)),
        "signer_name": letter.signer_name,
        "recipients": list(RECIPIENTS),
        "is_draft": draft,
        "is_cancelled": letter.status == LetterStatus.CANCELLED,
        "is_withdrawn": letter.status == LetterStatus.WITHDRAWN,
    }


# --- PDF -------------------------------------------------------------------------------------------

_TITLE = re.compile(r"<title>.*?</title>", re.S)


def _split(html: str) -> tuple[str, str]:
    """(everything before <body>, the body's content); user text is escaped, so the tags are the template's."""
    start = html.index("<body>")
    end = html.rindex("</body>")
    return html[:start], html[start + len("<body>") : end]


def letters_html(letters: Iterable[Letter], title: str | None = None) -> str:
    """One HTML document with every letter as a section that starts on a new page."""
    wording = _Wording()
    head = ""
    sections: list[str] = []
    for letter in letters:
        context = letter_context(letter, wording)
        page_head, content = _split(render_html(TEMPLATE, context))
        head = head or page_head
        css = "letter draft" if context["is_draft"] else "letter"
        sections.append(f'<section class="{css}">{content}</section>')
    if not sections:
        raise ValueError("Không có thư nào để in.")
    if title:
        head = _TITLE.sub(lambda _: f"<title>{title}</title>", head, count=1)
    return f"{head}<body>\n{''.join(sections)}\n</body>\n</html>\n"


def letter_pdf(letter: Letter) -> bytes:
    return html_to_pdf(letters_html([letter]))


def letters_batch_pdf(letters: Sequence[Letter]) -> bytes:
    return html_to_pdf(letters_html(letters, title=f"Thư – in hàng loạt ({len(letters)} thư)"))


# --- DOCX ------------------------------------------------------------------------------------------


def docx_context(letter: Letter, wording: _Wording | None = None) -> dict[str, Any]:
    """Everything a DOCX template may use: the wording placeholders plus the document's parts."""
    wording = wording or _Wording()
    ctx = letter_context(letter, wording)
    date = BLANK_DATE if ctx["date"] is None else long_date(ctx["date"])
    body_paragraphs = ctx["paragraphs"]
    return {
        **actions.context_for(letter),
        "issuer_parent": ctx["issuer_parent"],
        "issuer": ctx["issuer"],
        "number_text": letter.number_text or f"{BLANK_NUMBER}/{ctx['symbol']}",
        "place": ctx["place"],
        "date": date,
        "place_date": f"{ctx['place']}, {date}",
        "title": ctx["doc_type"],
        "subject": ctx["subject"],
        "body": "\n".join(body_paragraphs),
        "body_paragraphs": body_paragraphs,
        "sign_authority": SIGN_AUTHORITY,
        "signer_title": ctx["sign_title"],
        "signer_name": letter.signer_name,
        "recipients": ctx["recipients"],
        "is_draft": ctx["is_draft"],
        "draft_mark": ("ĐÃ RÚT" if ctx["is_withdrawn"] else "DỰ THẢO") if ctx["is_draft"] else "",
    }


def custom_docx(letter: Letter) -> bytes | None:
    """The unit's own DOCX template for this kind, if it uploaded one."""
    template = actions.template_for(letter.unit, letter.kind)
    if template.pk is None or not template.docx:
        return None
    try:
        with template.docx.open("rb") as handle:
            return bytes(handle.read())
    except OSError as exc:
        raise DocumentTemplateError(
            "Không đọc được tệp mẫu DOCX riêng của đơn vị; hãy tải lên lại mẫu hoặc khôi phục mẫu mặc định."
        ) from exc


def letter_docx(letter: Letter) -> bytes:
    """The unit's DOCX template for the kind when it has one, else the shipped letters/data/letter.docx."""
    source = custom_docx(letter)
    return render_docx(source if source is not None else DEFAULT_DOCX, docx_context(letter))


# --- samples and checks for the template editor ---------------------------------------------------

MAX_DOCX_BYTES = 2 * 1024 * 1024

SAMPLE_RECIPIENTS = {
    LetterKind.APOLOGY: ("Ông", "Nguyễn Văn An"),
    LetterKind.THANKS: ("Bà", "Phạm Thị Hương"),
    LetterKind.CONGRATULATION: ("Ông/Bà", "Lê Văn Hùng"),
    LetterKind.CONDOLENCE: ("Gia đình", "Trần Văn Tư"),
}


def sample_context(unit: Any, kind: str, marriage: bool = False) -> dict[str, str]:
    """Believable values for every placeholder, to preview a wording before any letter uses it."""
    honorific, name = SAMPLE_RECIPIENTS[LetterKind(kind)]
    phrase = unit.name[:1].lower() + unit.name[1:]
    today = timezone.localdate()
    ctx = dict.fromkeys(texts.PLACEHOLDERS, "") | {
        "honorific": honorific,
        "recipient_name": name,
        "recipient_address": f"Thôn Đông, {phrase}",
        "unit_name": phrase,
        "unit_title": f"Ủy ban nhân dân {phrase}",
        "reason": "…",
        "new_appointment": "…",
        "today": long_date(today),
    }
    if kind == LetterKind.APOLOGY:
        ctx |= {
            "dossier_code": f"{unit.code}-241007-0012",
            "procedure_name": "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
            "received_at": "07/10/2024",
            "due_at": "09:00 Thứ Năm 10/10/2024",
            "reason": "hồ sơ cần xác minh thêm thông tin tại cơ quan có liên quan",
            "new_appointment": "16:00 Thứ Ba 15/10/2024",
        }
    elif kind == LetterKind.THANKS:
        ctx |= {"person_name": name, "contribution": "đề nghị bố trí thêm ghế chờ và nước uống tại Bộ phận Một cửa"}
    elif kind == LetterKind.CONGRATULATION and marriage:
        ctx |= {
            "honorific": "Anh/Chị",
            "recipient_name": "Nguyễn Văn Nam và Trần Thị Hoa",
            "person_name": "Nguyễn Văn Nam",
            "partner_name": "Trần Thị Hoa",
            "event_date": "02/11/2024",
            "registered_on": "04/11/2024",
        }
    elif kind == LetterKind.CONGRATULATION:
        ctx |= {"person_name": "Lê Minh Khôi", "event_date": "28/10/2024", "registered_on": "04/11/2024"}
    else:
        ctx |= {
            "person_title": "Cụ bà",
            "person_name": "Trần Thị Nhàn",
            "event_date": "02/11/2024",
            "registered_on": "04/11/2024",
        }
    return ctx


def sample_docx_context(unit: Any, kind: str, body: str) -> dict[str, Any]:
    """What a DOCX template receives, for an imagined approved letter of `kind` with the wording `body`."""
    sample = sample_context(unit, kind)
    letter = Letter(
        unit=unit,
        kind=kind,
        status=LetterStatus.APPROVED,
        honorific=sample["honorific"],
        recipient_name=sample["recipient_name"],
        recipient_address=sample["recipient_address"],
        body=actions.render_text(body, sample),
        number=12,
        symbol=actions.letter_setting(unit).symbol_for(kind),
        letter_date=timezone.localdate(),
        signer_name="Nguyễn Văn A",
        signer_title="Chủ tịch",
    )
    return docx_context(letter) | sample


def check_docx_template(data: bytes, filename: str, unit: Any, kind: str, body: str) -> set[str]:
    """Refuse, with a message for the official, a file that cannot serve as this kind's DOCX template.
    Returns the placeholders it uses."""
    if not filename.lower().endswith(".docx"):
        raise DocumentTemplateError(
            "Chỉ nhận tệp Word dạng .docx (tệp .doc cũ hãy mở bằng Word và lưu lại thành .docx)."
        )
    if len(data) > MAX_DOCX_BYTES:
        raise DocumentTemplateError(
            f"Tệp mẫu nặng {len(data) / 1024 / 1024:.1f} MB; chỉ nhận tệp không quá 2 MB "
            "(hãy bớt hoặc nén hình ảnh trong mẫu)."
        )
    used = list_placeholders(data)
    unknown = sorted(used - supported_placeholders())
    if unknown:
        names = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        raise DocumentTemplateError(
            f"Mẫu có trường không được hỗ trợ: {names}. Hãy sửa theo danh sách trường dùng được bên dưới."
        )
    # A trial run catches what only shows when filling in (a sandboxed call, a loop over a name that is text).
    render_docx(data, sample_docx_context(unit, kind, body))
    return used


# --- responses -------------------------------------------------------------------------------------


def letter_filename(letter: Letter, extension: str) -> str:
    """ "Thư xin lỗi số 12-TXL-UBND.pdf"; a draft: "Thư xin lỗi (dự thảo 345).pdf"."""
    label = LetterKind(letter.kind).label
    if letter.number:
        return f"{label} số {letter.number}-{letter.symbol}.{extension}"
    return f"{label} (dự thảo {letter.pk}).{extension}"


def letter_pdf_response(letter: Letter) -> HttpResponse:
    return pdf_response(letter_pdf(letter), letter_filename(letter, "pdf"), inline=True)


def letter_docx_response(letter: Letter) -> HttpResponse:
    return file_response(letter_docx(letter), letter_filename(letter, "docx"), DOCX_TYPE)


def batch_filename(count: int, day: dt.date | None = None) -> str:
    day = day or timezone.localdate()
    return f"Thư in hàng loạt {day:%d-%m-%Y} ({count} thư).pdf"


def batch_pdf_response(letters: Sequence[Letter]) -> HttpResponse:
    return pdf_response(letters_batch_pdf(letters), batch_filename(len(letters)), inline=True)


def default_docx_response() -> HttpResponse:
    return file_response(DEFAULT_DOCX.read_bytes(), "Mẫu thư mặc định.docx", DOCX_TYPE)
