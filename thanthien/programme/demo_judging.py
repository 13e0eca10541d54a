"""Judging the model in the demo (issue 11 item 12, area judging): for every commune, over the three years it existed
up to today (a commune merged on 1/7/2025 keeps its last three years): the provincial team's inspection once a year
with its conclusion and remedies (most done, one past its deadline and not done), the MTTQ's supervisions of the
villages, schools and health station (Hoằng Hợp: 11 in three years, as its report says) and the Party committee's
inspection of a Party cell; recognitions — most communes at the district level in an earlier year, one current
commune at the province level — and the demo province's targets (50 % by 31/12/2025, 100 % by 31/12/2030, seed 000).

Deterministic for a given day; a commune that already has inspections or recognitions is left as it is, and the
targets are added once."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from thanthien.lib.registry import register_demo
from thanthien.org.models import COMMUNE_KINDS, Unit, UnitKind

from .actions_judging import LEVELS_CUTOFF
from .models import (
    Decides,
    DocumentKind,
    Inspection,
    InspectorKind,
    IssuedDocument,
    Issuer,
    Recognition,
    RecognitionFile,
    RecognitionLevel,
    Remedy,
    RolloutTarget,
)

YEARS = 3
SEED_SUPERVISIONS = {"16012": 11}  # Hoằng Hợp's report: 11 supervisions in three years
PROVINCE_KINDS = (UnitKind.PROVINCE, UnitKind.CENTRAL_CITY)
TARGETS = ((dt.date(2025, 12, 31), Decimal("0.5")), (dt.date(2030, 12, 31), Decimal("1")))
TARGET_NOTE = "Kế hoạch của UBND tỉnh: 50 % số xã đến năm 2025, 100 % đến năm 2030"

BODIES = [
    "Thôn {n}",
    "Trường Tiểu học {short}",
    "Trường THCS {short}",
    "Trường Mầm non {short}",
    "Trạm Y tế xã {short}",
    "Bộ phận Một cửa xã {short}",
    "Thôn {n}",
]
FRONT_TOPICS = [
    "Giám sát việc thực hiện quy chế dân chủ ở cơ sở",
    "Giám sát việc tiếp công dân và giải quyết kiến nghị của Nhân dân",
    "Giám sát thái độ phục vụ của cán bộ, công chức theo cam kết “5 biết, 3 không, 4 thể hiện”",
    "Giám sát việc công khai thủ tục hành chính và phí, lệ phí",
    "Giám sát việc thu, chi các khoản đóng góp của Nhân dân",
]
TEAM_FINDINGS = [
    "Chưa niêm yết đầy đủ số điện thoại của cán bộ, công chức tại Bộ phận Một cửa.",
    "Một số hồ sơ trễ hẹn chưa có phiếu xin lỗi và hẹn lại ngày trả kết quả.",
    "Sổ theo dõi ý kiến, kiến nghị của Nhân dân ghi chưa đầy đủ ngày trả lời.",
    "Chưa tổ chức đối thoại định kỳ của Chủ tịch UBND xã với Nhân dân trong quý.",
    "Hòm thư góp ý chưa được mở định kỳ hằng tuần.",
]
REMEDIES = [
    "Niêm yết công khai họ tên, chức vụ, số điện thoại của cán bộ, công chức tại Bộ phận Một cửa",
    "Gửi phiếu xin lỗi và hẹn lại ngày trả kết quả cho mọi hồ sơ trễ hẹn",
    "Hoàn thiện sổ theo dõi ý kiến, kiến nghị, ghi đủ ngày và nội dung trả lời",
    "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân",
    "Mở hòm thư góp ý hằng tuần và lập biên bản",
]
ANSWERS = [
    "Đã niêm yết tại Bộ phận Một cửa và trên trang thông tin điện tử của xã.",
    "Đã gửi phiếu xin lỗi cho các hồ sơ trễ hẹn, có sổ theo dõi.",
    "Đã hoàn thiện sổ theo dõi, cập nhật đủ ngày trả lời.",
    "Đã tổ chức hội nghị đối thoại, có biên bản kèm theo.",
    "Đã mở hòm thư hằng tuần, lập biên bản có chữ ký của MTTQ.",
]


def build(today: dt.date) -> None:
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS).select_related("parent").order_by("code"):
        last = min(today, unit.valid_to or today)
        first = max(_years_before(last, YEARS), unit.valid_from or dt.date.min)
        if first > last:
            continue
        rng = random.Random(f"thanthien-judging-{unit.code}-{today.isoformat()}")
        with transaction.atomic():
            if not Inspection.objects.filter(unit=unit).exists():
                _inspections(rng, unit, first, last, today)
            if not Recognition.objects.filter(unit=unit).exists():
                _recognition(random.Random(f"thanthien-recognition-{unit.code}-{today.isoformat()}"), unit, first, last)
    _province_recognition(today)
    _targets()


register_demo(53, build)  # after the model (50) and the people (51); before scoring (54)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        return dt.date(day.year - years, 3, 1)


def province_of(unit: Unit) -> Unit | None:
    current: Unit | None = unit
    while current is not None and current.kind not in PROVINCE_KINDS:
        current = current.parent
    return current


def _day_in(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _short(unit: Unit) -> str:
    return unit.short_name()


# --- inspections -----------------------------------------------------------------------------------------------------


def _inspections(rng: random.Random, unit: Unit, first: dt.date, last: dt.date, today: dt.date) -> None:
    province = province_of(unit)
    team_days = []
    for year in range(first.year, last.year + 1):
        # The provincial team comes once a year, in the autumn when the year allows it.
        start, end = max(first, dt.date(year, 9, 1)), min(last, dt.date(year, 11, 30))
        if start > end:
            start, end = max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31))
        if start <= end and (end - start).days >= 10:
            team_days.append(_day_in(rng, start, end))
    # One remedy of the latest team visit at least 45 days old stays past its deadline, not done.
    overdue_day = max((d for d in team_days if d <= today - dt.timedelta(days=45)), default=None)
    for n, day in enumerate(team_days, start=1):
        if province is not None:
            _team_inspection(rng, unit, province, day, n, today, overdue=day == overdue_day)
    count = SEED_SUPERVISIONS.get(unit.code, max(1, round((last - first).days / 365 * rng.choice((2, 3)))))
    for i in range(count):
        # Spread over the span: one in each equal slice, on a weekday.
        span = (last - first).days
        lo = first + dt.timedelta(days=span * i // count)
        hi = first + dt.timedelta(days=max(0, span * (i + 1) // count - 1))
        day = _weekday(_day_in(rng, lo, hi))
        _front_supervision(rng, unit, day if day <= last else lo, today)
    for year in range(first.year, last.year + 1):
        start, end = max(first, dt.date(year, 3, 1)), min(last, dt.date(year, 5, 31))
        if start <= end:
            Inspection.objects.create(
                unit=unit,
                by_kind=InspectorKind.PARTY,
                held_on=_weekday(_day_in(rng, start, end)),
                target=f"Chi bộ thôn {rng.randint(1, 12)}",
                content="Kiểm tra việc lãnh đạo thực hiện mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ” "
                "của chi bộ",
                findings="Chi bộ đã ban hành nghị quyết chuyên đề; sinh hoạt chuyên đề chưa đều.",
            )


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _team_inspection(
    rng: random.Random, unit: Unit, province: Unit, day: dt.date, n: int, today: dt.date, *, overdue: bool
) -> None:
    day = _weekday(day)
    conclusion, _ = IssuedDocument.objects.get_or_create(
        unit=unit,
        number=f"{10 + n}/TB-ĐKT",
        issued_on=day + dt.timedelta(days=7),
        defaults={
            "kind": DocumentKind.NOTICE,
            "issuer": Issuer.HIGHER,
            "issuer_name": f"Đoàn kiểm tra {province.name.lower()}",
            "summary": f"Kết luận kiểm tra việc xây dựng mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ” "
            f"năm {day.year} tại {unit.name.lower()}",
            "decides": Decides.INSPECTION,
        },
    )
    picks = rng.sample(range(len(REMEDIES)), k=rng.randint(2, 3))
    inspection = Inspection.objects.create(
        unit=unit,
        by_kind=InspectorKind.SUPERVISOR,
        by_unit=province,
        held_on=day,
        content=f"Kiểm tra việc xây dựng mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ” năm {day.year}; "
        "chấm điểm theo bộ tiêu chí",
        findings=" ".join(TEAM_FINDINGS[i] for i in picks),
        conclusion=conclusion if conclusion.issued_on <= today else None,
    )
    for k, i in enumerate(picks):
        due = day + dt.timedelta(days=30 * (k + 1))
        left_overdue = overdue and k == 0
        done = None if left_overdue or due >= today else due - dt.timedelta(days=rng.randint(0, 20))
        Remedy.objects.create(
            inspection=inspection,
            text=REMEDIES[i],
            due_on=due,
            done_on=max(done, day) if done else None,
            answer=ANSWERS[i] if done else ("Đang triển khai." if left_overdue else ""),
        )


def _front_supervision(rng: random.Random, unit: Unit, day: dt.date, today: dt.date) -> None:
    body = rng.choice(BODIES).format(n=rng.randint(1, 12), short=_short(unit))
    inspection = Inspection.objects.create(
        unit=unit,
        by_kind=InspectorKind.FRONT,
        is_supervision=True,
        target=body,
        held_on=day,
        content=rng.choice(FRONT_TOPICS),
        findings="Thực hiện cơ bản đầy đủ; còn một số nội dung cần khắc phục." if rng.random() < 0.5 else "",
    )
    if rng.random() < 0.4:
        due = day + dt.timedelta(days=45)
        done = due - dt.timedelta(days=rng.randint(1, 30)) if due < today else None
        Remedy.objects.create(
            inspection=inspection,
            text="Công khai kết quả thực hiện tại nhà văn hóa, bảng tin",
            due_on=due,
            done_on=max(done, day) if done else None,
            answer="Đã công khai tại bảng tin." if done else "",
        )


# --- recognitions and targets ----------------------------------------------------------------------------------------


def _recognition(rng: random.Random, unit: Unit, first: dt.date, last: dt.date) -> None:
    """Most communes that existed before 1/7/2025 were recognised at the district level in an earlier year; one in
    five not yet."""
    end = min(last, LEVELS_CUTOFF - dt.timedelta(days=1))
    start = max(first, dt.date(first.year, 10, 1))
    if start > end or rng.random() < 0.2 or unit.parent is None or unit.parent.kind in PROVINCE_KINDS:
        return
    day = _weekday(_day_in(rng, start, min(end, start + dt.timedelta(days=400))))
    recognition = Recognition.objects.create(
        unit=unit,
        level=RecognitionLevel.DISTRICT,
        decided_on=day,
        decision_number=f"{rng.randint(1000, 4999)}/QĐ-UBND",
        review_on=day.replace(year=day.year + 3) if not (day.month == 2 and day.day == 29) else None,
        decided_by=unit.parent,
    )
    RecognitionFile.objects.get_or_create(
        unit=unit,
        year=day.year,
        level=RecognitionLevel.DISTRICT,
        defaults={"submitted_on": day - dt.timedelta(days=30), "recognition": recognition},
    )


def _province_recognition(today: dt.date) -> None:
    """One current commune — the one most communes merged into — recognised at the province level."""
    current = [
        u
        for u in Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True).order_by("code")
        if province_of(u) is not None
    ]
    if not current:
        return
    chosen = max(current, key=lambda u: (u.predecessors.count(), u.code))
    decided = max(LEVELS_CUTOFF, chosen.valid_from or LEVELS_CUTOFF) + dt.timedelta(days=200)
    if decided > today or Recognition.objects.filter(unit=chosen).exists():
        return
    province = province_of(chosen)
    recognition = Recognition.objects.create(
        unit=chosen,
        level=RecognitionLevel.PROVINCE,
        decided_on=_weekday(decided),
        decision_number="2468/QĐ-UBND",
        decided_by=province,
    )
    RecognitionFile.objects.get_or_create(
        unit=chosen,
        year=recognition.decided_on.year,
        level=RecognitionLevel.PROVINCE,
        defaults={"submitted_on": recognition.decided_on - dt.timedelta(days=45), "recognition": recognition},
    )


def _targets() -> None:
    """The demo province — the one above most current demo communes — aims at 50 % by 2025 and 100 % by 2030."""
    counts: dict[int, tuple[int, Unit]] = {}
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True).select_related("parent"):
        province = province_of(unit)
        if province is not None:
            counts[province.pk] = (counts.get(province.pk, (0, province))[0] + 1, province)
    if not counts:
        return
    _, province = max(counts.values(), key=lambda item: (item[0], -item[1].pk))
    for by_date, share in TARGETS:
        RolloutTarget.objects.get_or_create(
            unit=province, by_date=by_date, defaults={"share": share, "note": TARGET_NOTE}
        )
