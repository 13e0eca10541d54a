"""A one-stop dossier owes an apology when it is overdue, at risk of delay, or announced late by an official; the
draft is withdrawn when the dossier is resolved (or ends) by its due moment after all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from thanthien.lib.privacy import mask_name
from thanthien.lib.vn import fmt_date
from thanthien.onestop.actions import desk_setting, set_new_appointment
from thanthien.onestop.deadlines import at_risk_of_delay, clock_start
from thanthien.onestop.models import OPEN_STATUSES, Dossier
from thanthien.onestop.queries import queue_bounds
from thanthien.org.models import Unit
from thanthien.org.privacy import may_see
from thanthien.org.scoping import scoped
from thanthien.workdays.calendar import fmt_moment
from thanthien.workdays.queries import calendar_for

from ..models import ApologyCause, Letter, LetterKind, LetterStatus, SubjectType
from . import Owed, Shown, Subject

SETTLED = (LetterStatus.APPROVED, LetterStatus.DELIVERED, LetterStatus.CANCELLED, LetterStatus.WITHDRAWN)


def apology_owed(d: Dossier, today: dt.date, cause: str) -> Owed:
    return Owed(
        unit_id=d.unit_id,
        kind=LetterKind.APOLOGY,
        subject_type=SubjectType.DOSSIER,
        subject_id=str(d.pk),
        owed_on=today,
        recipient_name=d.applicant_name,
        recipient_address=d.applicant_address,
        recipient_phone=d.applicant_phone,
        recipient_email=d.applicant_email,
        links={"owed_because": cause},
    )


class DossierSubject(Subject):
    subject_type = SubjectType.DOSSIER
    label = "Hồ sơ một cửa"
    model = Dossier
    link_field = "dossier"
    related = ("procedure",)

    def owed(
        self,
        today: dt.date,
        now: dt.datetime | None = None,
        unit_ids: Iterable[int] | None = None,
        subject_id: int | None = None,
    ) -> Iterable[Owed]:
        """Open dossiers without an apology that are overdue, or at risk by `deadlines.at_risk_of_delay` (a share
        of the dossier's own working time, so a same-day dossier is not at risk at intake). An official's "sẽ trễ
        hẹn" goes through `actions.announce_late`."""
        moment = now or timezone.now()
        apologies = Letter.objects.filter(kind=LetterKind.APOLOGY, dossier__isnull=False)
        open_dossiers = Dossier.objects.filter(status__in=OPEN_STATUSES).exclude(pk__in=apologies.values("dossier_id"))
        if subject_id is not None:
            open_dossiers = open_dossiers.filter(pk=subject_id)
        if unit_ids is not None:
            open_dossiers = open_dossiers.filter(unit_id__in=list(unit_ids))
        fields = ("pk", "unit_id", "applicant_name", "applicant_address", "applicant_phone", "applicant_email")
        for d in open_dossiers.filter(due_at__lt=moment).only(*fields).order_by("due_at", "pk").iterator():
            yield apology_owed(d, today, ApologyCause.OVERDUE)
        units = Unit.objects.filter(pk__in=open_dossiers.filter(due_at__gte=moment).values("unit_id").distinct())
        for unit in units:
            cal, cap = calendar_for(unit), desk_setting(unit).at_risk_hours
            # The desk's window bounds the candidates in SQL; the rule per dossier is then read in Python.
            bounds = queue_bounds(cal, cap, moment)
            candidates = open_dossiers.filter(unit=unit, due_at__gte=moment, due_at__lt=bounds.risk_until)
            for d in candidates.only(*fields, "received_at", "supplement_received_at", "due_at").order_by(
                "due_at", "pk"
            ):
                start = clock_start(d.received_at, d.supplement_received_at)
                if at_risk_of_delay(cal, start, d.due_at, moment, cap):
                    yield apology_owed(d, today, ApologyCause.AT_RISK)

    def withdrawable(self, unit_ids: Iterable[int] | None = None, subject_id: int | None = None) -> QuerySet[Letter]:
        finished_in_time = Q(dossier__resolved_at__isnull=False, dossier__resolved_at__lte=F("dossier__due_at")) | Q(
            dossier__ended_at__isnull=False, dossier__ended_at__lte=F("dossier__due_at")
        )
        drafts = Letter.objects.filter(kind=LetterKind.APOLOGY, status=LetterStatus.DRAFT, dossier__isnull=False)
        drafts = drafts.filter(finished_in_time)
        if unit_ids is not None:
            drafts = drafts.filter(unit_id__in=list(unit_ids))
        if subject_id is not None:
            drafts = drafts.filter(dossier_id=subject_id)
        return drafts

    def why_not_owed(self, letter: Letter, subject: Any) -> str | None:
        d = subject
        if letter.kind != LetterKind.APOLOGY or d is None:
            return None
        if d.resolved_at is not None and d.resolved_at <= d.due_at:
            return f"Hồ sơ {d.code} đã có kết quả lúc {fmt_moment(d.resolved_at)}, đúng hạn ({fmt_moment(d.due_at)})"
        if d.ended_at is not None and d.ended_at <= d.due_at:
            return f"Hồ sơ {d.code} đã kết thúc ({d.get_status_display()}) trước hạn trả kết quả"
        return None

    def context(self, letter: Letter, subject: Any) -> dict[str, str]:
        return {
            "dossier_code": subject.code,
            "procedure_name": subject.procedure.name,
            "received_at": fmt_date(subject.received_at),
            "due_at": fmt_moment(subject.due_at),
        }

    def describe(self, letter: Letter, subject: Any) -> str:
        cause = f" ({letter.get_owed_because_display().lower()})" if letter.owed_because else ""
        return f"Hồ sơ {subject.code}{cause}"

    def shown(self, letter: Letter, subject: Any) -> Shown:
        return Shown(
            f"Hồ sơ {subject.code}",
            reverse("onestop:detail", args=[subject.code]),
            f"{subject.procedure.name} (hạn trả {fmt_moment(subject.due_at)})",
        )

    def approval_problems(self, letter: Letter, subject: Any) -> dict[str, str]:
        moment = letter.new_appointment_at
        if letter.kind == LetterKind.APOLOGY and moment is not None and moment <= subject.due_at:
            return {"new_appointment_at": "Ngày hẹn mới phải sau hạn trả kết quả ban đầu."}
        return {}

    def approved(self, actor: Any, letter: Letter, subject: Any) -> None:
        if letter.kind == LetterKind.APOLOGY:
            # The new appointment is recorded on the dossier; timeliness is still judged on the original due date.
            set_new_appointment(actor, subject.pk, letter.new_appointment_at)

    def warnings(self, user: Any) -> list[dict[str, Any]]:
        """Open dossiers whose apology is not settled (signed, or cancelled / withdrawn with a reason): those past
        their due moment, and those not yet due whose apology was drafted (at risk, or announced late)."""
        now = timezone.now()
        settled = Letter.objects.filter(dossier=OuterRef("pk"), kind=LetterKind.APOLOGY, status__in=SETTLED)
        draft = Letter.objects.filter(dossier=OuterRef("pk"), kind=LetterKind.APOLOGY, status=LetterStatus.DRAFT)
        unsettled = (
            scoped(Dossier.objects.filter(status__in=OPEN_STATUSES), user)
            .exclude(Exists(settled))
            .annotate(draft_id=Subquery(draft.values("pk")[:1]))
        )
        registry = reverse("letters:registry")
        found: list[dict[str, Any]] = []
        for key, qs, title, detail in (
            (
                "overdue_dossiers",
                unsettled.filter(due_at__lt=now),
                "Hồ sơ đang quá hạn chưa có thư xin lỗi đã ký",
                "hồ sơ chưa trả kết quả và đã qua hạn hẹn trả; thư xin lỗi chưa được lãnh đạo duyệt, ký.",
            ),
            (
                "at_risk_dossiers",
                unsettled.filter(due_at__gte=now).filter(Exists(draft)),
                "Hồ sơ chưa đến hạn nhưng sẽ trễ hẹn, có dự thảo thư xin lỗi chờ ký",
                "hồ sơ còn trong hạn, đã có dự thảo thư xin lỗi vì sắp hết thời gian giải quyết hoặc cán bộ đã báo "
                "trước sẽ trễ hẹn; dự thảo tự rút nếu hồ sơ có kết quả đúng hạn.",
            ),
        ):
            count = qs.order_by().count()
            if not count:
                continue
            fields = ("code", "due_at", "applicant_name", "draft_id", "unit_id")
            items = list(qs.order_by("due_at", "pk").values(*fields)[:10])
            for item in items:
                if not may_see(user, item["unit_id"]):
                    item["applicant_name"] = mask_name(item["applicant_name"])
            found.append(
                {
                    "key": key,
                    "title": title,
                    "count": count,
                    "detail": f"Đếm {detail}",
                    "dossiers": items,
                    "url": f"{registry}?kind=apology&status=draft",
                }
            )
        return found
