"""Word templates that staff upload: filled with Vietnamese text, refused with a clear message when broken."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import docx
import pytest

from thanthien.documents.docx import DocumentTemplateError, list_placeholders, render_docx
from thanthien.documents.xlsx import write_xlsx


def word_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]


def test_a_template_is_filled_with_vietnamese_text() -> None:
    template = word_file("Kính gửi {{ recipient }}", "Về việc: {{ subject }}")
    out = render_docx(
        template,
        {"recipient": "Ông Nguyễn Văn Đức", "subject": unicodedata.normalize("NFD", "trả kết quả đúng hẹn")},
    )
    assert paragraphs(out) == ["Kính gửi Ông Nguyễn Văn Đức", "Về việc: trả kết quả đúng hẹn"]


def test_a_template_can_be_read_from_a_path_or_an_upload(tmp_path: Path) -> None:
    path = tmp_path / "thu-cam-on.docx"
    path.write_bytes(word_file("Xin cảm ơn {{ name }}."))
    assert paragraphs(render_docx(path, {"name": "bà Lan"})) == ["Xin cảm ơn bà Lan."]
    assert paragraphs(render_docx(io.BytesIO(path.read_bytes()), {"name": "ông Bình"})) == ["Xin cảm ơn ông Bình."]


def test_markup_characters_in_values_do_not_break_the_document() -> None:
    out = render_docx(word_file("Nơi nhận: {{ office }}"), {"office": "Phòng Tư pháp & Hộ tịch <xã>"})
    assert paragraphs(out) == ["Nơi nhận: Phòng Tư pháp & Hộ tịch <xã>"]


def test_loops_over_lists_work() -> None:
    template = word_file("{% for p in people %}{{ p.name }}; {% endfor %}")
    out = render_docx(template, {"people": [{"name": "Hà"}, {"name": "Đông"}]})
    assert paragraphs(out) == ["Hà; Đông; "]


def test_the_placeholders_of_a_template_are_listed() -> None:
    template = word_file("Kính gửi {{ recipient }}", "{% for d in dossiers %}{{ d.code }}{% endfor %} {{ due|upper }}")
    assert list_placeholders(template) == {"recipient", "dossiers", "due"}


def test_a_syntax_error_is_reported_in_vietnamese() -> None:
    with pytest.raises(DocumentTemplateError, match="lỗi cú pháp"):
        render_docx(word_file("Kính gửi {{ recipient }"), {"recipient": "Ông A"})
    with pytest.raises(DocumentTemplateError, match="lỗi cú pháp"):
        list_placeholders(word_file("{% if x %}không đóng khối"))


def test_a_file_that_is_not_word_is_refused() -> None:
    with pytest.raises(DocumentTemplateError, match="không phải là tài liệu Word"):
        render_docx(b"%PDF-1.7 not a word file", {})
    with pytest.raises(DocumentTemplateError, match="không phải là tài liệu Word"):
        render_docx(write_xlsx([("Trang 1", ["A"], [])]), {})


def test_a_template_cannot_reach_python_internals() -> None:
    template = word_file("{{ name.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(DocumentTemplateError, match="không được phép"):
        render_docx(template, {"name": "x"})
