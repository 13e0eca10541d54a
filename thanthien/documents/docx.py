"""Word documents from docxtpl templates that staff may replace per unit (DESIGN §4.9)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from thanthien.lib.vn import nfc

TemplateSource = str | Path | IO[bytes] | bytes


class DocumentTemplateError(ValueError):
    """The template cannot be used; the message is for the official who uploaded it."""


def render_docx(template: TemplateSource, context: dict[str, Any]) -> bytes:
    doc = _open(template)
    try:
        # Autoescape: a value such as "Phòng Tư pháp & Hộ tịch" must not break the document's XML.
        doc.render(normalise(context), jinja_env=_environment(), autoescape=True)
    except TemplateError as exc:
        raise _as_template_error(exc) from exc
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def list_placeholders(template: TemplateSource) -> set[str]:
    """Names the template expects, so an upload can be checked against what the document provides."""
    doc = _open(template)
    try:
        return set(doc.get_undeclared_template_variables(jinja_env=_environment()))
    except TemplateError as exc:
        raise _as_template_error(exc) from exc


def normalise(value: Any) -> Any:
    """NFC every string inside `value`, so Word shows one glyph per letter whatever the source typed."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, Mapping):
        return {key: normalise(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(normalise(item) for item in value)
    return value


def _environment() -> SandboxedEnvironment:
    # Templates come from staff uploads: the sandbox stops them from reaching Python internals.
    return SandboxedEnvironment(autoescape=True)


def _read(template: TemplateSource) -> bytes:
    if isinstance(template, bytes):
        return template
    if isinstance(template, str | Path):
        return Path(template).read_bytes()
    if hasattr(template, "seek"):
        template.seek(0)
    return template.read()


def _open(template: TemplateSource) -> DocxTemplate:
    data = _read(template)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentTemplateError("Tệp mẫu không phải là tài liệu Word (.docx). Hãy lưu mẫu dưới dạng .docx.")
    doc = DocxTemplate(io.BytesIO(data))
    try:
        doc.init_docx()
    except Exception as exc:  # python-docx raises KeyError, ValueError or its own errors for non-Word zips
        raise DocumentTemplateError(
            "Tệp mẫu không phải là tài liệu Word (.docx) hợp lệ (có thể là tệp Excel hoặc tệp bị hỏng)."
        ) from exc
    return doc


def _as_template_error(exc: TemplateError) -> DocumentTemplateError:
    if isinstance(exc, TemplateSyntaxError):
        near = " ".join(line.strip() for line in getattr(exc, "docx_context", []) if line.strip())
        where = f" Gần đoạn: “{near[:200]}”." if near else ""
        return DocumentTemplateError(
            f"Mẫu văn bản có lỗi cú pháp (hãy kiểm tra các cặp {{{{ }}}} và {{% %}}): {exc.message}.{where}"
        )
    if isinstance(exc, SecurityError):
        return DocumentTemplateError("Mẫu văn bản dùng lệnh không được phép.")
    return DocumentTemplateError(f"Không điền được mẫu văn bản: {exc.message or exc}.")


# The Jinja of a form a unit uploads may only print values and loop or branch over them: a name, its attributes
# (never a private one), `for … in …`, `if`, `not` and literal text. Anything else — a call, arithmetic
# (`'x' * 30000000`), `range`, a filter — could make the server compute without end or reach Python, so it is
# refused at upload, before any report tries to use the form.
_PLAIN_NODES = ("Template", "Output", "TemplateData", "Name", "Getattr", "For", "If", "Not", "Const")


def check_plain_tags(template: TemplateSource) -> None:
    """Refuse a form whose tags do more than print values and loop over lists (DocumentTemplateError)."""
    from docx.oxml import parse_xml
    from jinja2 import nodes

    doc = _open(template)
    body = doc.docx._element.body
    xml = doc.patch_xml(doc.xml_to_string(body))
    for rel in doc.docx._part.rels.values():
        if rel.reltype in (doc.HEADER_URI, doc.FOOTER_URI) and rel.target_part.blob:
            xml += doc.patch_xml(doc.xml_to_string(parse_xml(rel.target_part.blob)))
    try:
        tree = _environment().parse(xml)
    except TemplateError as exc:
        raise _as_template_error(exc) from exc
    for node in tree.find_all(nodes.Node):
        kind = type(node).__name__
        refused = kind not in _PLAIN_NODES
        refused = refused or (isinstance(node, nodes.Getattr) and node.attr.startswith("_"))
        refused = refused or (isinstance(node, nodes.Name) and node.name.startswith("_"))
        refused = refused or (isinstance(node, nodes.Const) and not isinstance(node.value, str | bool | None))
        refused = refused or (isinstance(node, nodes.For) and (node.recursive or node.test is not None))
        if refused:
            raise DocumentTemplateError(
                "Mẫu chỉ được dùng các thẻ in giá trị ({{ s.heading }}) và vòng lặp, điều kiện đơn giản "
                "({%p for s in sections %}, {%p if … %}); phép tính, hàm và bộ lọc không được phép "
                f"(dòng {getattr(node, 'lineno', '?')} của mẫu)."
            )
