"""Every change to the people of the model (issue 11 items 4 and 5): the text of the commitment "5 biết, 3 không,
4 thể hiện" and its versions, the commune's officials and their signatures, the directory's phone choice, and
the propaganda and training activities. Each action checks the role at the commune, validates with Vietnamese
messages, writes inside one transaction and leaves one audit row (org.records or audit.log)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone

from thanthien.audit.log import record, register_actions
from thanthien.documents import photos
from thanthien.lib.vn import nfc, normalise_phone
from thanthien.org.models import Membership, Unit
from thanthien.org.records import create_record, update_record
from thanthien.org.scoping import holds_role, memberships, require_role

from .models import (
    ACTIVITY_WRITERS,
    PROGRAMME_WRITERS,
    Activity,
    ActivityKind,
    CommitmentSignature,
    CommitmentText,
    Official,
)

register_actions(
    {
        "programme.commitment_text.create": "Ban hành nội dung cam kết mới",
        "programme.signature.create": "Ghi nhận cán bộ ký cam kết",
        "programme.official.create": "Thêm cán bộ, công chức",
        "programme.official.update": "Sửa thông tin cán bộ, công chức",
        "programme.official.phone": "Chọn công khai số điện thoại",
        "programme.activity.create": "Ghi nhận hoạt động tuyên truyền, tập huấn",
        "programme.activity.update": "Sửa hoạt động tuyên truyền, tập huấn",
    }
)

# --- the commitment text (DOMAIN.md §6) ------------------------------------------------------------------------------

COMMITMENT_TITLE = "Cam kết “5 biết, 3 không, 4 thể hiện”"
COMMITMENT_BODY = (
    "5 biết: biết nghe dân nói; biết nói dân hiểu; biết làm dân tin; biết xin lỗi; biết cảm ơn.\n"
    "3 không: không phiền hà, sách nhiễu; không né tránh trách nhiệm; không trễ hẹn trong quá trình xử lý công "
    "việc.\n"
    "4 thể hiện: tôn trọng trong giao tiếp; văn minh, văn hóa, lịch sự trong giải quyết công việc; lắng nghe đầy "
    "đủ, hướng dẫn tận tình quy trình xử lý công việc; gần gũi, giải thích cặn kẽ những thắc mắc của người dân."
)
# The provinces asked communes to build the model from 2021 (DOMAIN.md §1): the nationwide text applies from then.
NATIONWIDE_FROM = dt.date(2021, 1, 1)
EARLIEST_DAY = dt.date(2000, 1, 1)


def ensure_commitment_text() -> CommitmentText:
    """The nationwide version 1 of the commitment, created the first time it is needed (idempotent)."""
    text = CommitmentText.objects.filter(unit__isnull=True, version=1).first()
    if text is None:
        text = CommitmentText.objects.create(
            unit=None, version=1, title=COMMITMENT_TITLE, body=COMMITMENT_BODY, valid_from=NATIONWIDE_FROM
        )
    return text


def current_text(unit: Unit, day: dt.date | None = None) -> CommitmentText:
    """The version the commune's officials sign on `day` (default today): of the nationwide versions and the
    commune's own, the one that started last (the commune's own on the same day) — the rule the statistics use."""
    on = day or timezone.localdate()
    nationwide = ensure_commitment_text()
    texts = CommitmentText.objects.filter(Q(unit__isnull=True) | Q(unit=unit), valid_from__lte=on)
    latest = texts.order_by("-valid_from", F("unit").desc(nulls_last=True), "-version").first()
    return latest or nationwide


def text_versions(unit: Unit) -> list[CommitmentText]:
    """Every version the commune has had, the newest first (older versions are kept with their signatures)."""
    ensure_commitment_text()
    return list(CommitmentText.objects.filter(Q(unit=unit) | Q(unit__isnull=True)).order_by("-valid_from", "-version"))


def adopt_text(actor: Any, unit: Unit, data: Mapping[str, Any]) -> CommitmentText:
    """A new version of the commitment for the commune, from `valid_from` on: after every earlier version's start.
    Officials then sign it anew; the earlier versions and their signatures stay."""
    if actor is not None:
        require_role(actor, unit, PROGRAMME_WRITERS)
    if not unit.is_commune_level:
        raise ValidationError("Chỉ xã, phường, thị trấn, đặc khu ban hành nội dung cam kết của mình.")
    title = nfc(str(data.get("title") or "")).strip() or COMMITMENT_TITLE
    body = nfc(str(data.get("body") or "")).strip()
    valid_from = data.get("valid_from")
    if not body:
        raise ValidationError({"body": "Vui lòng nhập nội dung cam kết."})
    if len(body) > 10_000:
        raise ValidationError({"body": "Nội dung cam kết dài quá 10.000 ký tự."})
    if len(title) > 200:
        raise ValidationError({"title": "Tên cam kết dài quá 200 ký tự."})
    if not isinstance(valid_from, dt.date):
        raise ValidationError({"valid_from": "Vui lòng nhập ngày áp dụng theo dạng dd/mm/yyyy."})
    with transaction.atomic():
        ensure_commitment_text()
        earlier = CommitmentText.objects.select_for_update().filter(Q(unit=unit) | Q(unit__isnull=True))
        latest = earlier.aggregate(day=Max("valid_from"))["day"]
        if latest is not None and valid_from <= latest:
            raise ValidationError(
                {"valid_from": f"Ngày áp dụng phải sau ngày áp dụng của phiên bản trước ({latest:%d/%m/%Y})."}
            )
        version = (earlier.aggregate(v=Max("version"))["v"] or 0) + 1
        text = CommitmentText(unit=unit, version=version, title=title, body=body, valid_from=valid_from)
        text.full_clean()
        text.save()
        record(
            actor,
            "programme.commitment_text.create",
            text,
            unit=unit,
            changes={"version": [None, version], "valid_from": [None, valid_from.isoformat()]},
        )
    return text


# --- scans of signed commitments -------------------------------------------------------------------------------------

SCAN_MAX_BYTES = 10 * 1024 * 1024
SCAN_KINDS = ((b"%PDF-", "pdf"), (b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"))
SCAN_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def clean_scan(upload: Any) -> ContentFile[bytes] | None:
    """The scan as a file named by the server, or None when none was sent: a PDF, JPEG or PNG recognised by its
    first bytes (never by its name), at most 10 MB."""
    if not upload:  # nothing sent (None, "", or a form's "no new file")
        return None
    size = getattr(upload, "size", None)
    if size is None or size > SCAN_MAX_BYTES:
        raise ValidationError({"scan": "Bản ký lớn hơn 10 MB. Vui lòng quét lại với độ phân giải thấp hơn."})
    if size == 0:
        raise ValidationError({"scan": "Tệp bản ký không có nội dung."})
    upload.seek(0)
    content = upload.read()
    suffix = next((ext for magic, ext in SCAN_KINDS if content.startswith(magic)), None)
    if suffix is None:
        raise ValidationError({"scan": "Chỉ nhận bản ký là tệp PDF, ảnh JPEG hoặc PNG."})
    return ContentFile(content, name=f"{secrets.token_hex(12)}.{suffix}")


# --- officials -------------------------------------------------------------------------------------------------------

OFFICIAL_FIELDS = frozenset({"full_name", "position", "desk", "phone", "show_phone", "order", "active", "user"})


def _clean_official(unit: Unit, data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k in OFFICIAL_FIELDS}
    for name in ("full_name", "position", "desk"):
        if name in values:
            values[name] = nfc(str(values[name] or "")).strip()
    if "full_name" in values and not values["full_name"]:
        raise ValidationError({"full_name": "Vui lòng nhập họ và tên."})
    if "position" in values and not values["position"]:
        raise ValidationError({"position": "Vui lòng nhập chức vụ."})
    if "phone" in values:
        try:
            values["phone"] = normalise_phone(values["phone"])
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
    if values.get("show_phone") and "phone" in values and not values["phone"]:
        raise ValidationError({"show_phone": "Chưa có số điện thoại để công khai."})
    user = values.get("user")
    if user is not None and not Membership.objects.filter(user=user, unit=unit).exists():
        raise ValidationError({"user": "Tài khoản này không thuộc xã, phường."})
    if values.get("order") is None:
        values.pop("order", None)
    return values


def create_official(actor: Any, unit: Unit, data: Mapping[str, Any]) -> Official:
    values = _clean_official(unit, data)
    for name, message in (("full_name", "Vui lòng nhập họ và tên."), ("position", "Vui lòng nhập chức vụ.")):
        if not values.get(name):
            raise ValidationError({name: message})
    if values.get("show_phone") and not values.get("phone"):
        raise ValidationError({"show_phone": "Chưa có số điện thoại để công khai."})
    if not unit.is_commune_level:
        raise ValidationError("Chỉ ghi cán bộ, công chức của xã, phường, thị trấn, đặc khu.")
    return create_record(actor, Official, unit, values)


def update_official(actor: Any, official: Official, data: Mapping[str, Any]) -> Official:
    values = _clean_official(official.unit, data)
    if values.get("show_phone") and "phone" not in values and not official.phone:
        raise ValidationError({"show_phone": "Chưa có số điện thoại để công khai."})
    return update_record(actor, official, values)


def may_choose_phone(user: Any, official: Official) -> bool:
    """The official's own account, or who writes the commune's officials, chooses whether the phone is shown."""
    if getattr(user, "is_authenticated", False) and official.user_id == user.pk:
        return True
    return holds_role(user, official.unit, PROGRAMME_WRITERS)


def set_show_phone(actor: Any, official: Official, show: bool) -> Official:
    """The official's choice whether the public directory shows their phone."""
    if not may_choose_phone(actor, official):
        raise PermissionDenied("Chỉ cán bộ đó hoặc lãnh đạo, quản trị của xã được chọn công khai số điện thoại.")
    if show and not official.phone:
        raise ValidationError({"show_phone": "Chưa có số điện thoại để công khai."})
    roles = PROGRAMME_WRITERS | {m.role for m in memberships(actor) if m.unit_id == official.unit_id}
    return update_record(actor, official, {"show_phone": bool(show)}, roles=roles, verb="phone")


# --- signatures ------------------------------------------------------------------------------------------------------


def record_signature(
    actor: Any, official: Official, signed_on: Any, scan: Any = None, text: CommitmentText | None = None
) -> CommitmentSignature:
    """`official` signed the commitment (the version in force today unless `text`) on `signed_on`: not in the
    future, not before the text applies, once per version; an optional scan (PDF, JPEG, PNG ≤ 10 MB)."""
    unit = official.unit
    if actor is not None:
        require_role(actor, unit, PROGRAMME_WRITERS)
    today = timezone.localdate()
    if not isinstance(signed_on, dt.date):
        raise ValidationError({"signed_on": "Vui lòng nhập ngày ký theo dạng dd/mm/yyyy."})
    if signed_on > today:
        raise ValidationError({"signed_on": "Ngày ký không được ở tương lai."})
    version = text or current_text(unit, today)
    if version.unit_id not in (None, unit.pk):
        raise ValidationError("Nội dung cam kết này không áp dụng cho xã, phường.")
    if signed_on < version.valid_from:
        raise ValidationError(
            {"signed_on": f"Ngày ký trước ngày áp dụng nội dung cam kết ({version.valid_from:%d/%m/%Y})."}
        )
    if not official.active:
        raise ValidationError({"official": "Cán bộ này không còn công tác tại xã."})
    picture = clean_scan(scan)
    with transaction.atomic():
        if CommitmentSignature.objects.select_for_update().filter(official=official, text=version).exists():
            raise ValidationError({"official": f"{official.full_name} đã ký phiên bản cam kết này."})
        signature = CommitmentSignature(official=official, text=version, signed_on=signed_on)
        if picture is not None:
            signature.scan.save(picture.name or "ban-ky.pdf", picture, save=False)
        signature.save()
        record(
            actor,
            "programme.signature.create",
            signature,
            unit=unit,
            changes={
                "official": [None, official.full_name],
                "version": [None, version.version],
                "signed_on": [None, signed_on.isoformat()],
                "scan": [None, picture is not None],
            },
        )
    return signature


def signed_ids(unit: Unit, text: CommitmentText) -> set[int]:
    return set(CommitmentSignature.objects.filter(official__unit=unit, text=text).values_list("official_id", flat=True))


def not_signed(unit: Unit, day: dt.date | None = None) -> QuerySet[Official]:
    """The commune's active officials who have not signed the version in force."""
    text = current_text(unit, day)
    return Official.objects.filter(unit=unit, active=True).exclude(signatures__text=text)


# --- activities ------------------------------------------------------------------------------------------------------

ACTIVITY_FIELDS = frozenset({"kind", "held_on", "title", "attendees", "outlet", "link"})
COUNTED_KINDS = frozenset({ActivityKind.MEETING, ActivityKind.TRAINING, ActivityKind.LAUNCH})
OUTLET_KINDS = frozenset({ActivityKind.ARTICLE, ActivityKind.BROADCAST, ActivityKind.WEBSITE_POST})
LINK_KINDS = frozenset({ActivityKind.ARTICLE, ActivityKind.WEBSITE_POST})
PHOTO_TYPES = photos.CONTENT_TYPES


def clean_photo(upload: Any) -> ContentFile[bytes] | None:
    """An activity's photo re-encoded without its metadata (documents.photos), or None when none was sent."""
    return photos.clean_photo(upload)


def _clean_activity(data: Mapping[str, Any], current: Activity | None = None) -> dict[str, Any]:
    unknown = sorted(set(data) - ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"Activity actions do not take: {', '.join(unknown)}")
    merged: dict[str, Any] = {}
    if current is not None:
        merged = {name: getattr(current, name) for name in ACTIVITY_FIELDS}
    merged.update(data)
    kind = merged.get("kind")
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": "Vui lòng chọn loại hoạt động."})
    title = nfc(str(merged.get("title") or "")).strip()
    if not title:
        raise ValidationError({"title": "Vui lòng nhập nội dung hoạt động."})
    if len(title) > 500:
        raise ValidationError({"title": "Nội dung dài quá 500 ký tự."})
    held_on = merged.get("held_on")
    if not isinstance(held_on, dt.date):
        raise ValidationError({"held_on": "Vui lòng nhập ngày theo dạng dd/mm/yyyy."})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "Ngày tổ chức không được ở tương lai."})
    if held_on < EARLIEST_DAY:
        raise ValidationError({"held_on": f"Ngày trước năm {EARLIEST_DAY.year}: kiểm tra lại năm."})
    attendees = merged.get("attendees")
    if kind in COUNTED_KINDS:
        if attendees in (None, ""):
            if kind != ActivityKind.LAUNCH:
                what = "số người tham gia tập huấn" if kind == ActivityKind.TRAINING else "số người dự"
                raise ValidationError({"attendees": f"Vui lòng nhập {what} (0 nếu không ghi nhận)."})
            attendees = None
        elif isinstance(attendees, bool) or not isinstance(attendees, int) or attendees < 0:
            raise ValidationError({"attendees": "Số người là số nguyên từ 0 trở lên."})
    else:
        attendees = None
    outlet = nfc(str(merged.get("outlet") or "")).strip() if kind in OUTLET_KINDS else ""
    if kind == ActivityKind.ARTICLE and not outlet:
        raise ValidationError({"outlet": "Vui lòng ghi cơ quan báo chí, đài đã đăng tin, bài."})
    if len(outlet) > 200:
        raise ValidationError({"outlet": "Tên cơ quan báo chí, kênh dài quá 200 ký tự."})
    link = str(merged.get("link") or "").strip() if kind in LINK_KINDS else ""
    if link:
        parts = urlsplit(link)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ValidationError({"link": "Đường dẫn phải bắt đầu bằng http:// hoặc https://."})
        if len(link) > 500:
            raise ValidationError({"link": "Đường dẫn dài quá 500 ký tự."})
    return {
        "kind": kind,
        "held_on": held_on,
        "title": title,
        "attendees": attendees,
        "outlet": outlet,
        "link": link,
    }


def record_activity(actor: Any, unit: Unit, data: Mapping[str, Any], photo: Any = None) -> Activity:
    """An activity of the commune: a meeting or training with its attendees, a broadcast, an article (with its
    outlet), a website post, the launch ceremony; an optional photo re-encoded without its location."""
    if actor is not None:
        require_role(actor, unit, ACTIVITY_WRITERS)
    values = _clean_activity(data)
    picture = clean_photo(photo)
    if not unit.is_commune_level:
        raise ValidationError("Chỉ ghi hoạt động của xã, phường, thị trấn, đặc khu.")

    with transaction.atomic():
        activity = create_record(actor, Activity, unit, values)
        if picture is not None:
            activity.photo.save(picture.name or "anh.jpg", picture, save=True)
    return activity


def update_activity(actor: Any, activity: Activity, data: Mapping[str, Any], photo: Any = None) -> Activity:
    values = _clean_activity(data, activity)
    picture = clean_photo(photo)
    with transaction.atomic():
        updated = update_record(actor, activity, values)
        if picture is not None:
            updated.photo.save(picture.name or "anh.jpg", picture, save=True)
            record(actor, Activity.audit_name("update"), updated, unit=updated.unit, changes={"photo": [None, True]})
    return updated


@dataclass(frozen=True)
class ActivityTotals:
    meetings: int
    attendees: int
    broadcasts: int
    articles: int
    website_posts: int
    trainings: int
    trainees: int
    launches: int


def activity_totals(activities: QuerySet[Activity]) -> ActivityTotals:
    """The figures of the activities in `activities`, in one SQL query: meetings and their attendees, broadcasts,
    articles, website posts, trainings and their participants, launch ceremonies."""
    k = ActivityKind
    row = activities.order_by().aggregate(
        meetings=Count("pk", filter=Q(kind=k.MEETING)),
        meeting_attendees=Sum("attendees", filter=Q(kind=k.MEETING), default=0),
        broadcasts=Count("pk", filter=Q(kind=k.BROADCAST)),
        articles=Count("pk", filter=Q(kind=k.ARTICLE)),
        website_posts=Count("pk", filter=Q(kind=k.WEBSITE_POST)),
        trainings=Count("pk", filter=Q(kind=k.TRAINING)),
        training_attendees=Sum("attendees", filter=Q(kind=k.TRAINING), default=0),
        launches=Count("pk", filter=Q(kind=k.LAUNCH)),
    )
    figures = {name: int(value or 0) for name, value in row.items()}
    figures["attendees"] = figures.pop("meeting_attendees")
    figures["trainees"] = figures.pop("training_attendees")
    return ActivityTotals(**figures)
