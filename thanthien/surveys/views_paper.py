"""Fast entry of paper forms by MTTQ or staff, keyboard only: a batch header (who collected the forms and when),
then one form after another, each choice typed as its number (select_multiple: numbers separated by spaces),
Enter saves and opens the next empty form. The numbers are the order of the choices printed beside each question."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from thanthien.org.access import protected, staff_user
from thanthien.org.records import get_scoped_or_404
from thanthien.org.scoping import holds_role

from . import actions
from .forms import StaffForm, _date
from .models import SURVEY_WRITERS, Campaign, Channel, Choice, Question, QuestionType

_NUMBERS = re.compile(r"[\s,;]+")


class BatchForm(StaffForm):
    collector = forms.CharField(
        label="Người thu phiếu",
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control", "autofocus": True}),
        error_messages={"required": "Vui lòng ghi người thu phiếu."},
    )
    collected_on = _date("Ngày thu phiếu")


def _session_key(campaign: Campaign) -> str:
    return f"surveys.paper.{campaign.pk}"


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_scoped_or_404(request, Campaign.objects.select_related("unit", "version"), pk)
    if not holds_role(request.user, campaign.unit, SURVEY_WRITERS):
        raise PermissionDenied("Bạn không có quyền nhập phiếu khảo sát của đơn vị này.")
    if Channel.PAPER not in campaign.channels:
        raise PermissionDenied("Đợt khảo sát này không nhận phiếu giấy (xem các kênh của đợt).")
    return campaign


def _typed(
    request: HttpRequest, questions: list[Question], lists: dict[str, dict[str, Choice]], errors: dict[str, str]
) -> dict[str, list[str]]:
    """The numbers typed, as choice names; a number outside the list is said beside its question."""
    given: dict[str, list[str]] = {}
    for q in questions:
        raw = request.POST.get(q.name, "")[:2000].strip()
        if not raw or q.type == QuestionType.NOTE:
            continue
        if q.type not in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE):
            given[q.name] = [raw]
            continue
        choices = list(lists.get(q.list_name, {}).values())
        names = []
        for part in _NUMBERS.split(raw):
            if not part.isascii() or not part.isdigit() or not 1 <= int(part) <= len(choices):
                errors[q.name] = f"Gõ số từ 1 đến {len(choices)} (“{part[:10]}” không có trong danh sách)."
                break
            names.append(choices[int(part) - 1].name)
        given[q.name] = names
    return given


def _field(request: HttpRequest, campaign: Campaign, errors: dict[str, str]) -> str:
    raw = request.POST.get("linh_vuc", "").strip()[:10]
    if not raw:
        return ""
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= len(campaign.fields):
        return str(campaign.fields[int(raw) - 1])
    errors["linh_vuc"] = f"Gõ số từ 1 đến {len(campaign.fields)}."
    return ""


@protected(*SURVEY_WRITERS)
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    key = _session_key(campaign)
    batch = request.session.get(key)
    action = request.POST.get("action", "")
    if action in ("end", "change"):
        request.session.pop(key, None)
        if action == "change":
            return redirect("surveys:paper_entry", pk=campaign.pk)
        messages.success(request, "Đã kết thúc lô phiếu.")
        return redirect("surveys:campaign_detail", pk=campaign.pk)
    if batch is None or action == "batch":
        return _batch(request, campaign)
    questions, lists = actions.version_parts(campaign.version)
    errors: dict[str, str] = {}
    message, status = "", 200
    if request.method == "POST" and action == "form":
        given = _typed(request, questions, lists, errors)
        field = _field(request, campaign, errors)
        if not errors:
            try:
                actions.enter_paper_form(
                    staff_user(request),
                    campaign,
                    given,
                    collector=batch["collector"],
                    collected_on=_day(batch["collected_on"]),
                    field=field,
                    parts=(questions, lists),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    errors.update({k: v[0] for k, v in exc.message_dict.items()})
                else:
                    message = " ".join(exc.messages)
            else:
                batch["count"] = int(batch.get("count", 0)) + 1
                request.session[key] = batch
                messages.success(request, f"Đã lưu phiếu thứ {batch['count']} của lô. Nhập phiếu tiếp theo.")
                return redirect("surveys:paper_entry", pk=campaign.pk)
        status = 400
        message = message or "Phiếu chưa lưu: xem lại các câu được đánh dấu."
    context = {
        "campaign": campaign,
        "batch": batch,
        "batch_day": _day(batch["collected_on"]),
        "rows": _rows(request, questions, lists, errors),
        "fields": list(enumerate(campaign.fields, start=1)),
        "field_error": errors.get("linh_vuc", ""),
        "field_value": request.POST.get("linh_vuc", "") if status != 200 else "",
        "message": message,
        "paper_open": Channel.PAPER in campaign.channels,
    }
    return render(request, "surveys/paper_entry.html", context, status=status)


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _rows(
    request: HttpRequest, questions: list[Question], lists: dict[str, dict[str, Choice]], errors: dict[str, str]
) -> list[dict[str, Any]]:
    kept = request.method == "POST" and bool(errors)
    return [
        {
            "q": q,
            "choices": list(enumerate(lists.get(q.list_name, {}).values(), start=1)),
            "value": request.POST.get(q.name, "")[:2000] if kept else "",
            "error": errors.get(q.name, ""),
        }
        for q in questions
        if q.type != QuestionType.NOTE
    ]


def _batch(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    form = BatchForm(request.POST if request.POST.get("action") == "batch" else None)
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["collected_on"]
        if not campaign.starts_on <= day <= campaign.ends_on:
            form.add_error("collected_on", "Ngày thu phiếu ngoài thời gian của đợt khảo sát.")
        elif day > timezone.localdate():
            form.add_error("collected_on", "Ngày thu phiếu chưa đến.")
        else:
            request.session[_session_key(campaign)] = {
                "collector": form.cleaned_data["collector"].strip(),
                "collected_on": day.isoformat(),
                "count": 0,
            }
            return redirect("surveys:paper_entry", pk=campaign.pk)
    form.mark_errors()
    status = 400 if form.is_bound else 200
    return render(request, "surveys/paper_batch.html", {"campaign": campaign, "form": form}, status=status)
