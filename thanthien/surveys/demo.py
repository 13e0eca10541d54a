"""Three years of satisfaction surveys for the demo communes (issue 10 item 8): the shipped templates copied, a
baseline survey before the launch, a SIPAS campaign each year on every public channel (QR, online, kiosk, paper),
and the MTTQ attitude survey of 30 forms per field per year in three fields. Satisfaction rises from about 70 %
before the launch towards the ≥ 90 % of the seeds; attitude follows Hoằng Hợp's 53 / 45 / 2 %. Deterministic for a
given day. A per-dossier campaign is opened each year; the ratings of returned demo dossiers are left by the
portal's demo through the same action as the public lookup (surveys does not read the one-stop app).

Forms are checked by the same `actions.fill` as a form on screen and written with bulk_create: a past register
has no side effects to replay."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from thanthien.lib.registry import register_demo
from thanthien.org.models import COMMUNE_KINDS, Unit

from . import actions
from .models import Answer, Campaign, Channel, Choice, Question, QuestionType, Response

YEARS = 3
FIELDS = ["Hộ tịch", "Chứng thực", "Đất đai"]
SIPAS_FORMS = 120
BASELINE_FORMS = 60
ATTITUDE_PER_FIELD = 30
# The SIPAS forms' channels in rotation; "import": a batch a village typed into a spreadsheet and the commune imported.
PUBLIC_CHANNELS = [Channel.QR, Channel.QR, Channel.ONLINE, Channel.KIOSK, Channel.KIOSK, Channel.PAPER, Channel.IMPORT]


def build(today: dt.date) -> None:
    """Once: a database that already holds survey forms is left as it is."""
    if Response.objects.exists():
        return
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True).order_by("code"):
        _build_unit(unit, today, random.Random(f"surveys:{unit.code}:{today.isoformat()}"))


def _build_unit(unit: Unit, today: dt.date, rnd: random.Random) -> None:
    copies = {t.form_id: actions.copy_template(None, unit, t.form_id) for t in actions.shipped_templates()}
    first_year = today.year - YEARS + 1
    launch = dt.date(first_year, 3, 1)
    baseline = _campaign(
        unit,
        copies["khao_sat_dau_ky"],
        f"Khảo sát đầu kỳ trước khi ra mắt mô hình ({first_year})",
        dt.date(first_year, 1, 2),
        launch - dt.timedelta(days=1),
        [Channel.PAPER],
        BASELINE_FORMS,
        is_baseline=True,
    )
    _fill(baseline, BASELINE_FORMS, today, rnd, satisfied=0.7)
    for i, year in enumerate(range(first_year, today.year + 1)):
        start = launch if year == first_year else dt.date(year, 1, 1)
        end = min(dt.date(year, 12, 31), today)
        channels = [Channel.QR, Channel.ONLINE, Channel.KIOSK, Channel.PAPER, Channel.IMPORT]
        sipas = _campaign(
            unit, copies["sipas"], f"Khảo sát SIPAS năm {year}", start, dt.date(year, 12, 31), channels, SIPAS_FORMS
        )
        _fill(sipas, SIPAS_FORMS, end, rnd, satisfied=0.86 + 0.04 * i)
        attitude = _campaign(
            unit,
            copies["thai_do_can_bo"],
            f"MTTQ khảo sát thái độ cán bộ năm {year}",
            start,
            dt.date(year, 12, 31),
            [Channel.PAPER],
            ATTITUDE_PER_FIELD,
            per_field=True,
        )
        _fill(attitude, ATTITUDE_PER_FIELD * len(FIELDS), end, rnd, satisfied=0.98, attitude=True)
    desk = _campaign(
        unit,
        copies["mot_cua"],
        f"Khảo sát tại Bộ phận Một cửa năm {today.year}",
        dt.date(today.year, 1, 1),
        dt.date(today.year, 12, 31),
        [Channel.KIOSK, Channel.QR],
        100,
    )
    _fill(desk, 40, today, rnd, satisfied=0.93)
    for year in range(first_year, today.year + 1):
        # Opened each year since the launch; the ratings themselves are left by portal.demo through the lookup.
        _campaign(
            unit,
            copies["danh_gia_ho_so"],
            f"Đánh giá theo hồ sơ năm {year}",
            launch if year == first_year else dt.date(year, 1, 1),
            dt.date(year, 12, 31),
            [Channel.DOSSIER],
            0,
        )


def _campaign(
    unit: Unit,
    copied: actions.Imported,
    name: str,
    start: dt.date,
    end: dt.date,
    channels: Sequence[str],
    target: int,
    *,
    per_field: bool = False,
    is_baseline: bool = False,
) -> Campaign:
    data = {
        "name": name,
        "version": copied.version,
        "starts_on": start,
        "ends_on": end,
        "channels": list(channels),
        "target": target,
        "target_per_field": per_field,
        "fields": FIELDS,
        "is_baseline": is_baseline,
    }
    return actions.create_campaign(None, unit, data)


def _fill(
    campaign: Campaign, count: int, last: dt.date, rnd: random.Random, *, satisfied: float, attitude: bool = False
) -> None:
    questions, lists = actions.version_parts(campaign.version)
    end = min(campaign.ends_on, last)
    span = max((end - campaign.starts_on).days, 0)
    forms: list[tuple[Response, list[Answer]]] = []
    for n in range(count):
        given = {q.name: _answer(q, lists.get(q.list_name, {}), rnd, satisfied, attitude) for q in questions}
        filled = actions.fill(questions, lists, {k: v for k, v in given.items() if v})
        if filled.errors or not filled.answered:
            continue
        channel = rnd.choice([c for c in PUBLIC_CHANNELS if c in campaign.channels] or campaign.channels)
        field = FIELDS[n % len(FIELDS)] if campaign.target_per_field else rnd.choice(["", *FIELDS])
        day = campaign.starts_on + dt.timedelta(days=rnd.randint(0, span))
        response = Response(
            campaign=campaign,
            unit_id=campaign.unit_id,
            questionnaire_id=campaign.version.questionnaire_id,
            channel=channel,
            submitted_on=day,
            field=field,
            collector="Ủy ban MTTQ xã" if channel == Channel.PAPER else "",
            collected_on=day if channel == Channel.PAPER else None,
        )
        forms.append((response, filled.answers))
    Response.objects.bulk_create([r for r, _ in forms], batch_size=500)
    rows: list[Answer] = []
    for response, answers in forms:
        for answer in answers:
            answer.response = response
            rows.append(answer)
    Answer.objects.bulk_create(rows, batch_size=2000)


def _answer(q: Question, choices: dict[str, Choice], rnd: random.Random, satisfied: float, attitude: bool) -> list[str]:
    options = list(choices.values())
    if q.type == QuestionType.NOTE or (not q.required and rnd.random() < 0.1):
        return []
    if q.type == QuestionType.TEXT:
        return (
            [rnd.choice(["Cán bộ nhiệt tình, hướng dẫn chu đáo.", "Nên bố trí thêm ghế chờ."])]
            if rnd.random() < 0.1
            else []
        )
    if q.type == QuestionType.INTEGER:
        return [str(rnd.randint(1, 5))]
    if q.type == QuestionType.SELECT_MULTIPLE:
        return [c.name for c in rnd.sample(options, rnd.randint(1, min(2, len(options))))]
    if not q.is_scale:
        return [_yes_no(q, options, rnd)]
    return [_scale(options, rnd, satisfied, attitude)]


def _scale(options: list[Choice], rnd: random.Random, satisfied: float, attitude: bool) -> str:
    good = [c for c in options if c.satisfied]
    other = [c for c in options if not c.satisfied]
    if attitude:  # Hoằng Hợp: 53 % rất nhiệt tình, 45 % nhiệt tình, 2 % bình thường
        roll = rnd.random()
        return good[0].name if roll < 0.53 else good[1].name if roll < satisfied else other[0].name
    if rnd.random() < satisfied:
        return rnd.choice(good).name
    return rnd.choice(other[-2:]).name


def _yes_no(q: Question, options: list[Choice], rnd: random.Random) -> str:
    names = [c.name for c in options]
    if q.name == "tien_ngoai_quy_dinh" and "khong" in names:  # asked for money outside the rules: rare
        return "co" if rnd.random() < 0.01 else "khong"
    if "co" in names and "khong" in names:
        return "co" if rnd.random() < 0.8 else "khong"
    return rnd.choice(names)


register_demo(46, build)  # after the units (10) and engagement (45)
