"""Every change of a report: draft (prefilled from the commune's previous report), edit, issue (freeze its number,
date, figures, PDF and DOCX), start a new version, and replace the commune's Word form. Each checks the role,
writes one audit row and runs side effects on commit (org.records does the first two for drafts and edits)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thanthien.audit.log import record
from thanthien.documents import numbering
from thanthien.documents.docx import DocumentTemplateError, check_plain_tags, list_placeholders
from thanthien.org.models import Role, Unit
from thanthien.org.records import create_record, update_record
from thanthien.org.scoping import require_role

from . import outputs, periodic
from .models import Report, ReportKind, ReportStatus, ReportTemplate

# A commune's report is drafted by its leaders and administrator and issued by its leaders (the chairman signs).
DRAFTERS = frozenset({Role.LEADER, Role.COMMUNE_ADMIN})
ISSUERS = frozenset({Role.LEADER})
SYMBOL = "BC-UBND"
MAX_YEARS = 10
EDITABLE = ("title", "narratives", "place", "signer_title", "signer_name", "recipients")


def check_period(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise ValidationError("“Từ ngày” phải trước hoặc trùng “Đến ngày”.")
    if end > timezone.localdate():
        raise ValidationError("“Đến ngày” không được sau hôm nay: báo cáo chỉ tổng hợp những gì đã diễn ra.")
    if (end - start).days > MAX_YEARS * 366:
        raise ValidationError(f"Một báo cáo tổng hợp tối đa {MAX_YEARS} năm.")


def previous_report(unit: Unit) -> Report | None:
    """The commune's latest report, issued ones first: what a new draft's narratives start from."""
    reports = Report.objects.filter(unit=unit, kind=ReportKind.PERIODIC)
    return (
        reports.filter(status=ReportStatus.ISSUED).order_by("-issued_at", "-pk").first()
        or reports.order_by("-updated_at", "-pk").first()
    )


def create_report(actor: Any, unit: Unit, start: dt.date, end: dt.date, title: str = "") -> Report:
    """A new draft of `unit`'s periodic report for [start, end], its narratives and signature copied from the
    previous report so a commune writes only what changed."""
    if not unit.is_commune_level:
        raise ValidationError(
            "Báo cáo kết quả thực hiện mô hình được lập cho xã, phường; cấp trên dùng báo cáo tổng hợp."
        )
    check_period(start, end)
    before = previous_report(unit)
    data: dict[str, Any] = {
        "kind": ReportKind.PERIODIC,
        "title": title.strip() or outputs.default_title(unit, start, end),
        "period_start": start,
        "period_end": end,
        "narratives": dict(before.narratives) if before else {},
        "place": before.place if before else unit.short_name(),
        "signer_title": before.signer_title if before else "Chủ tịch",
        "signer_name": before.signer_name if before else "",
        "recipients": before.recipients if before else "\n".join(outputs.default_recipients(unit)),
    }
    return create_record(actor, Report, unit, data, roles=DRAFTERS)


def clean_narratives(raw: Mapping[str, Any]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for key, label in periodic.NARRATIVES.items():
        value = str(raw.get(key) or "").replace("\x00", "").strip()
        if len(value) > periodic.NARRATIVE_MAX:
            raise ValidationError(f"Mục “{label}” dài quá {periodic.NARRATIVE_MAX:,} ký tự.".replace(",", "."))
        if value:
            texts[key] = value
    return texts


def update_report(actor: Any, report: Report, data: Mapping[str, Any]) -> Report:
    """Edit a draft's narratives, title, signature and recipients; an issued version never changes."""
    if report.status != ReportStatus.DRAFT:
        raise ValidationError("Báo cáo đã ban hành không sửa được; hãy tạo phiên bản mới.")
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Không sửa được mục “{sorted(unknown)[0]}”.")
    changes = dict(data)
    if "narratives" in changes:
        changes["narratives"] = clean_narratives(changes["narratives"])
    if "title" in changes and not str(changes["title"]).strip():
        changes["title"] = outputs.default_title(report.unit, report.period_start, report.period_end)
    return update_record(actor, report, changes, roles=DRAFTERS)


def issue_report(actor: Any, report: Report, issued_on: dt.date | None = None) -> Report:
    """Approve and issue a draft: reserve its number ("15/BC-UBND", per commune and year), freeze the figures the
    registry gives now, and keep the PDF and DOCX exactly as issued. Nothing changes when any step fails."""
    if actor is not None:
        require_role(actor, report.unit, ISSUERS)
    day = issued_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError("Ngày ban hành không được sau hôm nay.")
    if day < report.period_end:
        raise ValidationError("Ngày ban hành phải từ ngày cuối kỳ báo cáo trở đi.")
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.status != ReportStatus.DRAFT:
            raise ValidationError("Báo cáo này đã được ban hành.")
        content = periodic.build(current.unit, current.period_start, current.period_end, current.narratives)
        broken = content.broken_identities()
        if broken:  # a report whose totals do not add up is never issued
            raise ValidationError("Số liệu không khớp tổng: " + "; ".join(broken))
        number = numbering.document_number(
            numbering.next_number(current.unit, numbering.document_series("report", day.year)), SYMBOL
        )
        current.status = ReportStatus.ISSUED
        current.number = number
        current.issued_on = day
        current.issued_at = timezone.now()
        current.issued_by = actor if getattr(actor, "is_authenticated", False) else None
        current.figures = content.figures
        # Both files are made before either is stored: a form that fails leaves no file behind.
        word = word_file(content, current)
        pdf = outputs.write(content, "pdf", current)
        stem = outputs.filename(current.unit, current.period_start, current.period_end, "", number).rstrip(".")
        current.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        current.docx.save(f"{stem}.docx", ContentFile(word), save=False)
        current.save()
        record(
            actor,
            "report.issue",
            current,
            unit=current.unit,
            changes={"status": ["draft", "issued"], "number": ["", number]},
            note=f"Ban hành báo cáo số {number}, phiên bản {current.version}.",
        )
    return current


def word_file(content: periodic.PeriodicReport, report: Report | None) -> bytes:
    """The Word file, or a Vietnamese refusal when the commune's own form cannot be filled."""
    try:
        return outputs.write(content, "docx", report)
    except DocumentTemplateError as exc:
        raise ValidationError(
            f"Mẫu Word riêng của đơn vị không dùng được: {exc} Hãy tải lên mẫu đã sửa hoặc bỏ mẫu riêng "
            "(trang “Mẫu Word của đơn vị”)."
        ) from exc


def new_version(actor: Any, report: Report) -> Report:
    """A new draft replacing an issued report: the same period and narratives, today's figures."""
    if report.status != ReportStatus.ISSUED:
        raise ValidationError("Chỉ tạo phiên bản mới từ một báo cáo đã ban hành.")
    if report.next_versions.exists():
        raise ValidationError("Báo cáo này đã có phiên bản mới; hãy mở phiên bản đó.")
    data = {name: getattr(report, name) for name in EDITABLE}
    data |= {
        "kind": report.kind,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "version": report.version + 1,
        "previous": report,
    }
    return create_record(actor, Report, report.unit, data, roles=DRAFTERS)


def upload_template(actor: Any, unit: Unit, upload: Any) -> ReportTemplate:
    """Replace the commune's Word form; the file must open as a docxtpl form and use the report's tags."""
    if actor is not None:
        require_role(actor, unit, DRAFTERS)
    if upload is None:
        raise ValidationError("Hãy chọn tệp Word (.docx).")
    if getattr(upload, "size", 0) > 5 * 1024 * 1024:
        raise ValidationError("Tệp mẫu không được lớn hơn 5 MB.")
    data = upload.read()
    try:
        names = list_placeholders(data)
        check_plain_tags(data)
        if "sections" not in names:
            raise ValidationError("Mẫu phải có vòng lặp các mục báo cáo {%p for s in sections %} như mẫu có sẵn.")
        # A trial with the commune's last year: a form that cannot be filled is refused now, not when issuing.
        outputs.trial_docx(unit, data)
    except DocumentTemplateError as exc:
        raise ValidationError(str(exc)) from exc
    except ValidationError:
        raise
    except Exception as exc:  # a file that is not a Word document at all
        raise ValidationError("Tệp không phải tài liệu Word (.docx) hợp lệ.") from exc
    with transaction.atomic():
        template, _ = ReportTemplate.objects.select_for_update().get_or_create(unit=unit, defaults={"file": ""})
        template.file.save(f"mau-bao-cao-{unit.code}.docx", ContentFile(data), save=False)
        template.uploaded_by = actor if getattr(actor, "is_authenticated", False) else None
        template.uploaded_at = timezone.now()
        template.save()
        record(actor, "report.template", template, unit=unit, note="Thay mẫu Word báo cáo của đơn vị.")
    return template


def remove_template(actor: Any, unit: Unit) -> None:
    if actor is not None:
        require_role(actor, unit, DRAFTERS)
    with transaction.atomic():
        deleted, _ = ReportTemplate.objects.filter(unit=unit).delete()
        if not deleted:
            raise PermissionDenied("Đơn vị chưa có mẫu riêng.")
        record(actor, "report.template_remove", unit=unit, note="Trở lại mẫu Word báo cáo có sẵn.")
