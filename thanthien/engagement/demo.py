"""Three years of citizen engagement for the demo communes (issue 9 item 12): the reception rules (Hoằng Hợp's:
the chairman on the 10th and 20th, the Party secretary 3 days a month), the register of sessions and visits
(some sessions with nobody coming, some groups), petitions in every state (a few due this week, one overdue in
Hoằng Giang), dialogues and voters' meetings with their opinions, and a year of public feedback with published
answers. Volumes follow the seeds (Lạng Sơn city 2019–2023: 1,454 receptions, 815 petitions, 43 dialogues with
358 opinions). Deterministic for a given day.

Records are written with bulk_create: a past register has no action side effects to replay. What actions would
keep consistent is kept here: petition numbers are reserved in the numbering service (the next petition received
on screen gets the next number), feedback has codes and PINs of the form the public page hands out, and the stored
due days are written with the petitions."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from thanthien.documents.numbering import reserve
from thanthien.lib.registry import register_demo
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.workdays.calendar import WorkCalendar
from thanthien.workdays.queries import calendar_for

from .actions import petition_series
from .dialogues import AnswerKind, Dialogue, Opinion, OpinionSource
from .due import sweep_deadlines
from .feedback import Feedback, FeedbackCategory, FeedbackKind, FeedbackStatus
from .feedback_actions import CODE_ALPHABET, CODE_PREFIX, PIN_DIGITS
from .limits import deadlines, ensure_default_limits
from .models import (
    Direction,
    ExtensionStep,
    Outcome,
    Petition,
    PetitionDeadline,
    PetitionExtension,
    PetitionKind,
    Source,
)
from .reception import (
    GROUP_SIZE,
    Pattern,
    Receiver,
    ReceptionRule,
    ReceptionSession,
    ReceptionVisit,
    SessionKind,
    VisitOutcome,
)
from .reception_actions import plan_rule

T = TypeVar("T")
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
YEARS = 3
# The commune the demo accounts work in, where the showcase records (overdue petition, extension, known PINs) are.
SHOWCASE_UNIT = "16006"
# Two pieces of feedback of the demo commune the README can name, whatever the day: code -> PIN. The first is the
# latest published answer, the second was sent yesterday and waits.
DEMO_FEEDBACK = {"PA-MAUA-2468": "123456", "PA-MAUB-3579": "654321"}
# Petitions received this recently may still be open today; older ones are all closed.
OPEN_WINDOW_DAYS = 60

FAMILY = ["Nguyễn", "Lê", "Trần", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Lương", "Trịnh", "Mai", "Hà"]
MIDDLE = {"m": ["Văn", "Đình", "Xuân", "Hữu", "Minh", "Quang", "Đức"], "f": ["Thị", "Thu", "Ngọc", "Thanh", "Hồng"]}
GIVEN = {
    "m": ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng"],
    "f": ["Anh", "Chi", "Dung", "Hà", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo", "Yến"],
}
VILLAGES = ["Thôn 1", "Thôn 2", "Thôn 3", "Thôn Đông", "Thôn Nam", "Thôn Trung", "Xóm Chùa", "Xóm Đình"]

# (field, content) per kind; "{village}" is filled in.
CONTENTS: dict[str, list[tuple[str, str]]] = {
    PetitionKind.COMPLAINT: [
        (
            "Đất đai",
            "Khiếu nại việc UBND xã xác nhận nguồn gốc đất không đúng thực tế sử dụng của gia đình tại {village}.",
        ),
        ("Đất đai", "Khiếu nại mức bồi thường, hỗ trợ khi thu hồi đất làm đường giao thông liên thôn qua {village}."),
        ("Chính sách xã hội", "Khiếu nại việc không được xét hưởng trợ cấp xã hội hằng tháng cho người cao tuổi."),
        ("Chính sách xã hội", "Khiếu nại kết quả bình xét hộ cận nghèo tại {village}."),
        ("Xây dựng", "Khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng công trình không phép."),
        ("Hộ tịch", "Khiếu nại việc từ chối đăng ký thay đổi, cải chính hộ tịch cho con."),
    ],
    PetitionKind.DENUNCIATION: [
        ("Đất đai", "Tố cáo hộ gia đình lấn chiếm đất công, hành lang giao thông tại {village}."),
        ("Cán bộ, công chức", "Tố cáo cán bộ thôn thu các khoản đóng góp trái quy định của các hộ dân {village}."),
        ("Xây dựng", "Tố cáo việc thi công nhà văn hóa {village} không đúng thiết kế được duyệt."),
        ("Môi trường", "Tố cáo cơ sở chăn nuôi xả thải chưa qua xử lý ra kênh tưới tiêu {village}."),
    ],
    PetitionKind.RECOMMENDATION: [
        ("Hạ tầng", "Kiến nghị sửa chữa, nâng cấp tuyến đường liên thôn {village} bị xuống cấp, nhiều ổ gà."),
        ("Hạ tầng", "Kiến nghị lắp đặt đèn chiếu sáng đoạn đường từ {village} đến trường tiểu học."),
        ("Đất đai", "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất cho các hộ đã sử dụng ổn định trước năm 2004."),
        ("Thủy lợi", "Kiến nghị nạo vét kênh tiêu úng trước mùa mưa bão tại {village}."),
        ("Chính sách xã hội", "Kiến nghị xem xét hỗ trợ sửa chữa nhà ở cho hộ nghèo, hộ có hoàn cảnh khó khăn."),
        ("Thủ tục hành chính", "Kiến nghị hướng dẫn người cao tuổi nộp hồ sơ trực tuyến tại Bộ phận Một cửa."),
    ],
    PetitionKind.FEEDBACK: [
        ("Môi trường", "Phản ánh rác thải sinh hoạt tồn đọng nhiều ngày tại điểm tập kết {village}."),
        ("An ninh, trật tự", "Phản ánh tình trạng hát karaoke gây ồn sau 22 giờ tại {village}."),
        ("Hạ tầng", "Phản ánh cống thoát nước {village} bị tắc, nước tràn ra đường khi mưa lớn."),
        ("Cán bộ, công chức", "Phản ánh thái độ chưa đúng mực của công chức khi hướng dẫn thủ tục hành chính."),
    ],
}
KINDS = [
    (PetitionKind.RECOMMENDATION, 40),
    (PetitionKind.FEEDBACK, 22),
    (PetitionKind.COMPLAINT, 28),
    (PetitionKind.DENUNCIATION, 10),
]
SOURCES = [(Source.DIRECT, 25), (Source.POST, 20), (Source.HAND, 30), (Source.FORWARDED, 20), (Source.ONLINE, 5)]
ANSWERS = [
    "Đã giải thích quy định của pháp luật và chính sách liên quan; công dân thống nhất.",
    "Chủ tịch UBND giao công chức địa chính – xây dựng kiểm tra thực địa và trả lời công dân bằng văn bản.",
    "UBND đã đưa nội dung vào kế hoạch đầu tư công năm sau; thông báo cho thôn và công dân.",
    "Đã chỉ đạo trưởng thôn và tổ tự quản xử lý ngay; công dân ghi nhận.",
]
GUIDES = [
    "Hướng dẫn công dân đến Văn phòng Đăng ký đất đai – Chi nhánh khu vực.",
    "Hướng dẫn công dân gửi đơn đến Tòa án nhân dân khu vực (tranh chấp dân sự giữa các hộ).",
    "Hướng dẫn công dân đến Bảo hiểm xã hội khu vực để được giải quyết chế độ.",
]
REFUSAL = (
    "Từ chối tiếp: vụ việc đã được giải quyết đúng chính sách, pháp luật, đã được kiểm tra, rà soát và thông báo "
    "bằng văn bản (khoản 3 Điều 9 Luật Tiếp công dân 2013)."
)
FORWARD_TO = ["Công an xã", "Chi cục Thuế khu vực", "Điện lực khu vực", "Văn phòng Đăng ký đất đai – Chi nhánh khu vực"]
INELIGIBLE = [
    (Direction.RETURN, "Nội dung thuộc thẩm quyền giải quyết của Tòa án (tranh chấp dân sự); trả lại đơn, hướng dẫn."),
    (Direction.ARCHIVE, "Đơn trùng nội dung với đơn đã được giải quyết, trả lời; lưu đơn (Điều 6 Thông tư 05/2021)."),
    (Direction.REFUSE, "Khiếu nại đã quá thời hiệu 90 ngày (Điều 9 Luật Khiếu nại 2011); không thụ lý."),
]
ANONYMOUS_DENUNCIATION = "Đơn tố cáo không ghi họ tên, địa chỉ người tố cáo (Điều 25 Luật Tố cáo 2018); lưu đơn."
DIALOGUE_TOPICS = [
    "Công tác bồi thường, hỗ trợ, giải phóng mặt bằng dự án đường giao thông",
    "Xây dựng nông thôn mới nâng cao, chỉnh trang khu dân cư",
    "Cải cách thủ tục hành chính, chuyển đổi số tại Bộ phận Một cửa",
    "Thu gom, xử lý rác thải sinh hoạt và vệ sinh môi trường",
    "Quản lý đất đai, cấp giấy chứng nhận quyền sử dụng đất",
    "An ninh trật tự, phòng chống tệ nạn xã hội trong thanh thiếu niên",
]
MERGER_TOPIC = "Tổ chức bộ máy và phục vụ người dân sau sắp xếp đơn vị hành chính cấp xã"
OPINIONS = [
    "Đề nghị công khai mức bồi thường, hỗ trợ từng hộ trước khi chi trả.",
    "Đề nghị sớm sửa chữa tuyến đường liên thôn bị sạt lở sau mưa lũ.",
    "Đề nghị bố trí thêm điểm thu gom rác, tăng số lần thu gom trong tuần.",
    "Đề nghị hướng dẫn cụ thể thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất.",
    "Đề nghị tăng cường tuần tra, xử lý xe tải chạy quá tốc độ qua khu dân cư.",
    "Đề nghị hỗ trợ người cao tuổi làm thủ tục trực tuyến tại nhà văn hóa thôn.",
    "Đề nghị kéo dài thời gian làm việc của Bộ phận Một cửa vào sáng thứ Bảy.",
    "Đề nghị nạo vét kênh mương nội đồng trước vụ chiêm xuân.",
    "Đề nghị làm rõ các khoản đóng góp xây dựng nhà văn hóa thôn.",
    "Đề nghị lắp camera an ninh tại các ngã ba, ngã tư trong xã.",
    "Đề nghị quan tâm chế độ cho người có công, thân nhân liệt sĩ.",
    "Đề nghị có lộ trình cứng hóa kênh tưới tiêu của hợp tác xã.",
]
OPINION_ANSWERS = [
    "UBND tiếp thu; giao công chức chuyên môn kiểm tra, báo cáo trong tháng.",
    "Nội dung đã có trong kế hoạch năm; UBND sẽ thông báo tiến độ tại hội nghị thôn.",
    "Chủ tịch UBND trả lời, giải thích quy định hiện hành; người dân thống nhất.",
    "UBND ghi nhận, kiến nghị cấp trên xem xét hỗ trợ kinh phí.",
]
# (category, kind, content, public content): public feedback, some with the sender's phone in the text that the
# published version leaves out.
FEEDBACK_TEXTS: list[tuple[str, str, str]] = [
    (FeedbackCategory.INFRASTRUCTURE, FeedbackKind.FEEDBACK, "Đèn chiếu sáng đường liên thôn {village} hỏng 2 tuần."),
    (FeedbackCategory.ENVIRONMENT, FeedbackKind.FEEDBACK, "Rác thải đổ trộm ven kênh {village}, bốc mùi."),
    (FeedbackCategory.PROCEDURE, FeedbackKind.RECOMMENDATION, "Đề nghị niêm yết rõ phí, lệ phí tại Bộ phận Một cửa."),
    (FeedbackCategory.ORDER, FeedbackKind.FEEDBACK, "Xe tải chở vật liệu chạy tốc độ cao qua {village} giờ tan học."),
    (FeedbackCategory.LAND, FeedbackKind.FEEDBACK, "Hộ dân xây tường lấn ra ngõ chung tại {village}."),
    (FeedbackCategory.OFFICIALS, FeedbackKind.RECOMMENDATION, "Đề nghị có người hướng dẫn nộp hồ sơ trực tuyến."),
    (
        FeedbackCategory.INFRASTRUCTURE,
        FeedbackKind.RECOMMENDATION,
        "Đề nghị làm gờ giảm tốc trước cổng trường {village}.",
    ),
    (FeedbackCategory.OTHER, FeedbackKind.RECOMMENDATION, "Đề nghị mở lớp tập huấn chuyển đổi số cho người dân."),
]
FEEDBACK_ANSWERS: dict[str, str] = {
    FeedbackCategory.INFRASTRUCTURE: "UBND đã giao cán bộ giao thông – thủy lợi kiểm tra, sửa chữa xong.",
    FeedbackCategory.ENVIRONMENT: "UBND đã chỉ đạo tổ vệ sinh môi trường thu gom, lắp biển cấm đổ rác.",
    FeedbackCategory.PROCEDURE: "Bộ phận Một cửa đã niêm yết đầy đủ thủ tục, phí, lệ phí tại nơi tiếp nhận.",
    FeedbackCategory.ORDER: "Công an xã đã tăng cường tuần tra, nhắc nhở các chủ phương tiện.",
    FeedbackCategory.LAND: "Công chức địa chính đã kiểm tra, lập biên bản, yêu cầu hộ dân tháo dỡ phần lấn chiếm.",
    FeedbackCategory.OFFICIALS: "UBND bố trí đoàn viên thanh niên hỗ trợ người dân tại Bộ phận Một cửa hằng ngày.",
    FeedbackCategory.OTHER: "UBND tiếp thu, đưa vào kế hoạch tuyên truyền của năm.",
}
CONTACT_IN_TEXT = " Liên hệ: "
DECLINE = "Nội dung không thuộc phạm vi giải quyết của xã, đã hướng dẫn người gửi liên hệ cơ quan có thẩm quyền."


@dataclass
class Staff:
    chairman: str
    vice_chairman: str
    secretary: str
    front: str
    officer: str


@dataclass
class UnitPlan:
    """What one commune's demo holds before it is written: rows not yet saved, linked to each other."""

    unit: Unit
    sessions: list[ReceptionSession] = field(default_factory=list)
    visits: list[ReceptionVisit] = field(default_factory=list)
    petitions: list[Petition] = field(default_factory=list)
    dialogues: list[Dialogue] = field(default_factory=list)
    opinions: list[Opinion] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    rules: list[ReceptionRule] = field(default_factory=list)
    calendar: WorkCalendar | None = None
    extensions: list[PetitionExtension] = field(default_factory=list)


def build(today: dt.date) -> None:
    """Once: a database that already holds a reception register or petitions is left as it is."""
    if ReceptionSession.objects.exists() or Petition.objects.exists() or Feedback.objects.exists():
        return
    ensure_default_limits()  # `demo --reset` flushed what the migration loaded
    # Three years back (from 29 February, the 28th).
    start = today.replace(year=today.year - YEARS, day=min(today.day, 28) if today.month == 2 else today.day)
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS).order_by("code"):
        first = max(start, unit.valid_from or start)
        last = min(today, unit.valid_to or today)
        if first <= last:
            _write(_plan_unit(unit, first, last, today))
    # The petitions' stored due days are written with them; the sweep adds what was left to it and checks the rest.
    sweep_deadlines()


register_demo(45, build)  # after the units (10), before the letters (50), which may thank for answered feedback


# --- one commune ---------------------------------------------------------------------------------------------------


def _plan_unit(unit: Unit, first: dt.date, last: dt.date, today: dt.date) -> UnitPlan:
    rng = random.Random(f"thanthien-engagement-{unit.code}-{today.isoformat()}")
    calendar = calendar_for(unit)
    staff = _staff(rng, unit)
    # A 2025 successor serves the communes merged into it: more people come.
    scale = max(1, int(unit.predecessors.count() * 0.7))
    live = unit.valid_to is None
    plan = UnitPlan(unit, rules=_rules(unit, staff), calendar=calendar)
    _receptions(rng, plan, plan.rules, calendar, staff, first, last, today, scale)
    _other_petitions(rng, plan, calendar, first, last, today, scale, live)
    if live:
        _feedback(rng, plan, calendar, max(first, today - dt.timedelta(days=365)), today)
        if unit.code == SHOWCASE_UNIT:
            _showcase_petitions(rng, plan, calendar, staff, today)
    _dialogues(rng, plan, calendar, staff, first, last, today)
    _meetings(rng, plan, calendar, staff, first, last, today)
    _number(plan)
    return plan


def _name(rng: random.Random, sex: str | None = None) -> str:
    sex = sex or rng.choice("mf")
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def _titled(name: str, sex: str) -> str:
    return ("Ông " if sex == "m" else "Bà ") + name


def _staff(rng: random.Random, unit: Unit) -> Staff:
    users = {u.username: u.get_full_name() for u in User.objects.filter(memberships__unit=unit)}
    return Staff(
        chairman=users.get("lanhdao") or _name(rng, "m"),
        vice_chairman=_name(rng),
        secretary=_name(rng, "m"),
        front=users.get("mttq") or _name(rng, "f"),
        officer=users.get("tiepdan") or _name(rng),
    )


def _rules(unit: Unit, staff: Staff) -> list[ReceptionRule]:
    """Hoằng Hợp's schedule (the seeds): the chairman on the 10th and 20th, the Party secretary 3 days a month."""
    place = f"Phòng tiếp công dân, trụ sở UBND {unit.name}"
    active = unit.valid_to is None
    return [
        ReceptionRule(
            unit=unit,
            receiver=Receiver.CHAIRMAN,
            receiver_name=staff.chairman,
            pattern=Pattern.MONTH_DAYS,
            month_days="10, 20",
            place=place,
            hours="Sáng 7 giờ 30 – 11 giờ 30",
            active=active,
        ),
        ReceptionRule(
            unit=unit,
            receiver=Receiver.SECRETARY,
            receiver_name=staff.secretary,
            pattern=Pattern.DAYS_PER_MONTH,
            days_per_month=3,
            place=place,
            hours="Sáng 8 giờ – 11 giờ",
            active=active,
        ),
    ]


def _working_days(calendar: WorkCalendar, first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _pick(rng: random.Random, items: Sequence[tuple[T, int]]) -> T:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    """When a row of that day was written (bulk_create would stamp them all with the moment the demo ran)."""
    return dt.datetime.combine(day, dt.time(hour, day.toordinal() % 60), TZ)


def _on_or_after(calendar: WorkCalendar, day: dt.date) -> dt.date:
    return next(calendar.working_days_from(day))


def _id_number(rng: random.Random) -> str:
    return f"038{rng.randint(0, 1):d}{rng.randint(40, 99):02d}{rng.randint(0, 999999):06d}"


def _content(rng: random.Random, kind: str) -> tuple[str, str]:
    field_name, text = rng.choice(CONTENTS[kind])
    return field_name, text.format(village=rng.choice(VILLAGES))


# --- the reception register ----------------------------------------------------------------------------------------


def _receptions(
    rng: random.Random,
    plan: UnitPlan,
    rules: list[ReceptionRule],
    calendar: WorkCalendar,
    staff: Staff,
    first: dt.date,
    last: dt.date,
    today: dt.date,
    scale: int,
) -> None:
    unit = plan.unit
    chairman, secretary = rules
    sessions: list[ReceptionSession] = []
    for planned in plan_rule(chairman, calendar, first, last):
        in_person = rng.random() < 0.8
        sessions.append(
            ReceptionSession(
                unit=unit,
                held_on=planned.day,
                kind=SessionKind.PERIODIC,
                receiver=Receiver.CHAIRMAN if in_person else Receiver.VICE_CHAIRMAN,
                receiver_name=staff.chairman if in_person else staff.vice_chairman,
                head_in_person=in_person,
                place=chairman.place,
                note=planned.moved_text() or ("" if in_person else "Chủ tịch đi công tác, ủy quyền Phó Chủ tịch tiếp."),
            )
        )
    for planned in plan_rule(secretary, calendar, first, last):
        if rng.random() < 0.12:
            sessions.append(
                ReceptionSession(
                    unit=unit,
                    held_on=planned.day,
                    kind=SessionKind.PERIODIC,
                    receiver=Receiver.SECRETARY,
                    receiver_name=staff.secretary,
                    head_in_person=True,
                    place=secretary.place,
                    note=planned.moved_text(),
                )
            )
    days = _working_days(calendar, first, last)
    # In each year: a few regular sessions of the reception officer, one or two unscheduled ones for a group.
    by_year: dict[int, list[dt.date]] = defaultdict(list)
    for day in days:
        by_year[day.year].append(day)
    regular = [d for year in by_year.values() for d in rng.sample(year, min(len(year), 2))]
    unscheduled = [d for year in by_year.values() for d in rng.sample(year, min(len(year), rng.randint(1, 2)))]
    for day in regular:
        sessions.append(
            ReceptionSession(
                unit=unit,
                held_on=day,
                kind=SessionKind.REGULAR,
                receiver=Receiver.AUTHORISED,
                receiver_name=staff.officer,
                place=chairman.place,
            )
        )
    for day in unscheduled:
        sessions.append(
            ReceptionSession(
                unit=unit,
                held_on=day,
                kind=SessionKind.UNSCHEDULED,
                receiver=Receiver.CHAIRMAN,
                receiver_name=staff.chairman,
                head_in_person=True,
                place=f"Nhà văn hóa {rng.choice(VILLAGES)}",
                note="Tiếp đột xuất đoàn công dân đến phản ánh cùng một nội dung.",
            )
        )
    sessions.sort(key=lambda s: (s.held_on, s.kind))
    seq: dict[int, int] = defaultdict(int)
    for session in sessions:
        session.created_at = _at(session.held_on, 11)
        if session.kind == SessionKind.PERIODIC and rng.random() < 0.22 / scale:
            session.nobody_came = True
            session.note = "\n".join(filter(None, [session.note, "Không có công dân đến."]))
            continue
        count = 1 + (rng.random() < 0.5) + (rng.random() < 0.2)
        count = count * scale if session.kind != SessionKind.UNSCHEDULED else 1
        for n in range(count):
            seq[session.held_on.year] += 1
            group = session.kind == SessionKind.UNSCHEDULED or (n == 0 and rng.random() < 0.03)
            _visit(rng, plan, session, f"{seq[session.held_on.year]}/{session.held_on.year}", group, today)
    plan.sessions = sessions


def _visit(
    rng: random.Random, plan: UnitPlan, session: ReceptionSession, number: str, group: bool, today: dt.date
) -> None:
    day = session.held_on
    sex = rng.choice("mf")
    name = _name(rng, sex)
    kind = _pick(rng, KINDS)
    if group:
        kind = rng.choice([PetitionKind.COMPLAINT, PetitionKind.RECOMMENDATION])
    field_name, content = _content(rng, kind)
    people = rng.randint(GROUP_SIZE, 18) if group else (1 if rng.random() < 0.9 else rng.randint(2, 4))
    representatives = ", ".join([_titled(name, sex)] + [_name(rng) for _ in range(2)]) if group else ""
    first_time = rng.random() < 0.85
    roll = rng.random()
    outcome = (
        VisitOutcome.ANSWERED
        if roll < 0.45
        else VisitOutcome.GUIDED
        if roll < 0.63
        else VisitOutcome.PETITION
        if roll < 0.98 or first_time
        else VisitOutcome.REFUSED
    )
    if group:
        outcome = VisitOutcome.PETITION
    note = {
        VisitOutcome.ANSWERED: rng.choice(ANSWERS),
        VisitOutcome.GUIDED: rng.choice(GUIDES),
        VisitOutcome.REFUSED: REFUSAL,
        VisitOutcome.PETITION: "Tiếp nhận đơn, vào sổ đơn thư để phân loại, xử lý.",
    }[outcome]
    address = f"{rng.choice(VILLAGES)}, {plan.unit.name}"
    id_number = _id_number(rng)
    visit = ReceptionVisit(
        unit=plan.unit,
        session=session,
        register_number=number,
        citizen_name=name,
        citizen_address=address,
        citizen_id_number=id_number,
        people=people,
        representatives=representatives,
        content=content,
        subject_kind=kind,
        first_time=first_time,
        previous_handling="" if first_time else "Đã được UBND xã trả lời tại buổi tiếp trước; công dân chưa đồng ý.",
        outcome=outcome,
        outcome_note=note,
        created_at=_at(day, 10),
    )
    if outcome == VisitOutcome.PETITION:
        petition = Petition(
            unit=plan.unit,
            received_on=day,
            source=Source.RECEPTION,
            kind=kind,
            petitioner_name=name,
            petitioner_address=address,
            petitioner_id_number=id_number,
            signers=people,
            field=field_name,
            content=content,
        )
        plan.petitions.append(petition)
        visit.petition = petition
    elif outcome in (VisitOutcome.ANSWERED, VisitOutcome.GUIDED):
        # What the citizen raised is an opinion of the register, answered on the spot (most are).
        for text in [content] + ([rng.choice(OPINIONS)] if rng.random() < 0.15 else []):
            recent = (today - day).days < 20
            answered = outcome == VisitOutcome.ANSWERED or not recent or rng.random() < 0.5
            plan.opinions.append(
                Opinion(
                    unit=plan.unit,
                    source=OpinionSource.RECEPTION,
                    visit=visit,
                    source_ref=number,
                    raised_on=day,
                    raised_by=name,
                    content=text,
                    **_answer(rng, day, today, session.receiver_name, answered, on_the_spot=True),
                )
            )
    plan.visits.append(visit)


def _answer(
    rng: random.Random, day: dt.date, today: dt.date, by: str, answered: bool, *, on_the_spot: bool
) -> dict[str, object]:
    if not answered:
        return {}
    if on_the_spot:
        return {
            "answer": rng.choice(OPINION_ANSWERS),
            "answer_kind": AnswerKind.ON_THE_SPOT,
            "answered_on": day,
            "answered_by": by,
        }
    return {
        "answer": rng.choice(OPINION_ANSWERS),
        "answer_kind": AnswerKind.LATER,
        "answered_on": min(today, day + dt.timedelta(days=rng.randint(3, 25))),
        "answered_by": by,
    }


# --- petitions -----------------------------------------------------------------------------------------------------


def _other_petitions(
    rng: random.Random,
    plan: UnitPlan,
    calendar: WorkCalendar,
    first: dt.date,
    last: dt.date,
    today: dt.date,
    scale: int,
    live: bool,
) -> None:
    """Petitions by post, by hand, forwarded or online (those from receptions come with their visits), then what
    became of every petition."""
    for day in _working_days(calendar, first, last):
        if rng.random() < 0.06 * scale:
            kind = _pick(rng, KINDS)
            field_name, content = _content(rng, kind)
            anonymous = kind in (PetitionKind.DENUNCIATION, PetitionKind.FEEDBACK) and rng.random() < 0.15
            plan.petitions.append(
                Petition(
                    unit=plan.unit,
                    received_on=day,
                    source=_pick(rng, SOURCES),
                    kind=kind,
                    petitioner_name="" if anonymous else _name(rng),
                    petitioner_address="" if anonymous else f"{rng.choice(VILLAGES)}, {plan.unit.name}",
                    petitioner_id_number="" if anonymous or rng.random() < 0.3 else _id_number(rng),
                    signers=1 if rng.random() < 0.9 else rng.randint(2, 12),
                    anonymous=anonymous,
                    field=field_name,
                    content=content,
                    remote_area=plan.unit.code.startswith("149") and rng.random() < 0.5,
                )
            )
    for petition in plan.petitions:
        recent = live and (today - petition.received_on).days < OPEN_WINDOW_DAYS
        _fate(rng, petition, last, today, recent)


def _fate(rng: random.Random, p: Petition, last: dt.date, today: dt.date, recent: bool) -> None:
    """What became of petition `p` by `last`. A recent petition of a live commune may still be open today, and none
    becomes late by chance: every step below is planned inside its time limit, so the only overdue petition is the
    one made on purpose (_showcase_petitions); older ones are closed, a few of them late."""
    received = p.received_on

    def on(days: int) -> dt.date | None:
        day = received + dt.timedelta(days=days)
        if day <= last:
            return day
        return None if recent else last  # a merged commune closed its register on its last day

    age = (today - received).days
    if recent and age <= 3 and rng.random() < 0.7:
        return  # received, not yet classified
    if recent and age <= 6 and rng.random() < 0.5:
        p.eligible, p.within_competence = True, True  # classified, the decision still to be taken
        return
    roll = rng.random()
    if p.anonymous and p.kind == PetitionKind.DENUNCIATION:
        _close(p, on(rng.randint(1, 4)), Direction.ARCHIVE, eligible=False, reason=ANONYMOUS_DENUNCIATION)
    elif roll < 0.02 and not p.anonymous:
        if (day := on(rng.randint(2, 10))) is not None:
            p.outcome, p.resolved_on = Outcome.WITHDRAWN, day
            p.note = "Người gửi đơn có đơn xin rút đơn."
    elif roll < 0.09:
        direction, reason = rng.choice(INELIGIBLE)
        _close(p, on(rng.randint(1, 4)), direction, eligible=False, reason=reason)
    elif roll < 0.24:
        # Outside competence: a complaint's petitioner is guided, anything else is forwarded (5 working days).
        direction = Direction.GUIDE if p.kind == PetitionKind.COMPLAINT else Direction.FORWARD
        _close(p, on(rng.randint(1, 4)), direction, eligible=True, within=False)
        if p.direction == Direction.FORWARD:
            p.forwarded_to = rng.choice(FORWARD_TO)
    else:
        _accept_and_resolve(rng, p, on, late=not recent and rng.random() < 0.03)


def _close(
    p: Petition, day: dt.date | None, direction: str, *, eligible: bool, within: bool | None = None, reason: str = ""
) -> None:
    if day is None:
        return
    p.eligible, p.within_competence, p.direction, p.handled_on = eligible, within, direction, day
    if not eligible:
        p.ineligible_reason = reason
    if direction in (Direction.RETURN, Direction.ARCHIVE, Direction.REFUSE):
        p.direction_reason = reason


def _accept_and_resolve(rng: random.Random, p: Petition, on: Callable[[int], dt.date | None], *, late: bool) -> None:
    kind = p.kind
    heavy = kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION)
    # Complaints are accepted within 10 days, denunciations handled within 7 working days; answers take 10.
    accepted = on(rng.randint(1, 8) if kind == PetitionKind.COMPLAINT else rng.randint(1, 5) if heavy else 1)
    if accepted is None:
        p.eligible, p.within_competence = True, True
        return
    p.eligible, p.within_competence, p.direction = True, True, Direction.ACCEPT
    p.accepted_on = p.handled_on = accepted
    p.complex = kind == PetitionKind.COMPLAINT and rng.random() < 0.06
    offset = (accepted - p.received_on).days
    if heavy:
        span = rng.randint(33, 42) if late else rng.randint(36, 44) if p.complex else rng.randint(8, 28)
        resolved = on(offset + span)
    else:
        resolved = on(rng.randint(16, 25) if late else rng.randint(max(offset, 2), 9))
    if resolved is None:
        return
    if rng.random() < 0.03:
        p.outcome, p.note = Outcome.WITHDRAWN, "Người khiếu nại, kiến nghị rút đơn trong quá trình giải quyết."
    elif heavy:
        p.outcome = _pick(rng, [(Outcome.FOUNDED, 18), (Outcome.PARTLY_FOUNDED, 27), (Outcome.UNFOUNDED, 55)])
    else:
        p.outcome = Outcome.ANSWERED
    p.resolved_on = max(resolved, accepted)


def _showcase_petitions(
    rng: random.Random, plan: UnitPlan, calendar: WorkCalendar, staff: Staff, today: dt.date
) -> None:
    """What the demo accounts see on the queue: one overdue complaint, a denunciation whose resolution was extended,
    a complaint due this week (with the dialogue held while resolving it) and a recommendation due this week, one
    petition just received and one classified, awaiting the decision to accept it."""

    def made(kind: str, received: dt.date, accepted: dt.date, content: str, name: str) -> Petition:
        p = Petition(
            unit=plan.unit,
            received_on=received,
            source=Source.HAND,
            kind=kind,
            petitioner_name=name,
            petitioner_address=f"{rng.choice(VILLAGES)}, {plan.unit.name}",
            petitioner_id_number=_id_number(rng),
            field="Đất đai",
            content=content,
            eligible=True,
            within_competence=True,
            direction=Direction.ACCEPT,
            accepted_on=accepted,
            handled_on=accepted,
        )
        plan.petitions.append(p)
        return p

    def day(days_ago: int) -> dt.date:
        return _on_or_after(calendar, today - dt.timedelta(days=days_ago))

    def before(day: dt.date) -> dt.date:
        while not calendar.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    for received, kind, content, name in (
        (
            before(today),
            PetitionKind.FEEDBACK,
            "Phản ánh việc đổ đất, vật liệu xây dựng lấn lòng đường Thôn 3.",
            "Hoàng Văn Nam",
        ),
        (
            before(before(today) - dt.timedelta(days=1)),
            PetitionKind.COMPLAINT,
            "Khiếu nại việc không được xét hỗ trợ thiệt hại cây trồng do mưa lũ.",
            "Mai Thị Chi",
        ),
    ):
        plan.petitions.append(
            Petition(
                unit=plan.unit,
                received_on=received,
                source=Source.POST,
                kind=kind,
                petitioner_name=name,
                petitioner_address=f"{rng.choice(VILLAGES)}, {plan.unit.name}",
                field="Môi trường" if kind == PetitionKind.FEEDBACK else "Chính sách xã hội",
                content=content,
                # The complaint is classified: eligible and within competence, not yet accepted.
                eligible=True if kind == PetitionKind.COMPLAINT else None,
                within_competence=True if kind == PetitionKind.COMPLAINT else None,
            )
        )

    made(
        PetitionKind.COMPLAINT,
        day(52),
        day(46),
        "Khiếu nại việc UBND xã không giải quyết hồ sơ tách thửa đất ở của gia đình tại Thôn Đông.",
        "Lê Văn Hùng",
    )
    complaint = made(
        PetitionKind.COMPLAINT,
        day(31),
        day(26),
        "Khiếu nại việc tính tiền hỗ trợ di chuyển mồ mả khi giải phóng mặt bằng dự án đường liên xã.",
        "Nguyễn Thị Hương",
    )
    _complaint_dialogue(rng, plan, complaint, staff, before(today - dt.timedelta(days=10)), today)
    made(
        PetitionKind.RECOMMENDATION,
        day(9),
        day(8),
        "Kiến nghị sửa chữa cầu tràn Thôn Nam bị hư hỏng sau mưa lũ.",
        "Phạm Văn Long",
    )
    denunciation = made(
        PetitionKind.DENUNCIATION,
        day(45),
        day(40),
        "Tố cáo việc san lấp, xây dựng trái phép trên đất nông nghiệp tại Xóm Chùa.",
        "Đỗ Thị Mai",
    )
    assert denunciation.accepted_on is not None
    plan.extensions.append(
        PetitionExtension(
            unit=plan.unit,
            petition=denunciation,
            step=ExtensionStep.RESOLUTION,
            days=30,
            reason="Vụ việc phức tạp, cần đo đạc, xác minh thực địa và lấy ý kiến cơ quan chuyên môn.",
            decision="Quyết định số 12/QĐ-UBND về việc gia hạn giải quyết tố cáo",
            decided_on=_on_or_after(calendar, denunciation.accepted_on + dt.timedelta(days=24)),
        )
    )


def _complaint_dialogue(
    rng: random.Random, plan: UnitPlan, complaint: Petition, staff: Staff, held: dt.date, today: dt.date
) -> None:
    """The dialogue the chairman holds with the complainant while resolving (Luật Khiếu nại 2011, Art. 30)."""
    dialogue = Dialogue(
        unit=plan.unit,
        held_on=held,
        topic="Đối thoại với người khiếu nại về tiền hỗ trợ di chuyển mồ mả, dự án đường liên xã",
        place=f"Phòng tiếp công dân, trụ sở UBND {plan.unit.name}",
        chaired_by=f"{staff.chairman} – Chủ tịch UBND",
        committee_head_chaired=True,
        front_participants=1,
        organisation_participants=1,
        people_participants=2,
        participants_note="Người khiếu nại và con trai; công chức địa chính; đại diện Ủy ban MTTQ; trưởng thôn.",
        secretary=staff.officer,
        petition=complaint,
        created_at=_at(held, 15),
    )
    plan.dialogues.append(dialogue)
    for text, answered in (
        ("Đề nghị tính lại đơn giá hỗ trợ theo bảng giá năm nay.", True),
        ("Đề nghị cho gia đình thêm thời gian di chuyển sau mùa vụ.", False),
    ):
        plan.opinions.append(
            Opinion(
                unit=plan.unit,
                source=OpinionSource.DIALOGUE,
                dialogue=dialogue,
                raised_on=held,
                raised_by=complaint.petitioner_name,
                content=text,
                created_at=_at(held, 15),
                **_answer(rng, held, today, staff.chairman, answered, on_the_spot=True),
            )
        )


def _number(plan: UnitPlan) -> None:
    """Number the year's petitions in order of receipt, reserving the numbers in the unit's register series."""
    plan.petitions.sort(key=lambda p: (p.received_on, p.kind))
    by_year: dict[int, list[Petition]] = defaultdict(list)
    for p in plan.petitions:
        by_year[p.received_on.year].append(p)
        p.created_at = _at(p.received_on, 10)
    serial: dict[int, int] = defaultdict(int)
    for year, petitions in by_year.items():
        last = reserve(plan.unit, petition_series(year), len(petitions))
        for n, p in enumerate(petitions, start=last - len(petitions) + 1):
            p.number, p.year = n, year
            if p.outcome and p.outcome != Outcome.WITHDRAWN:
                serial[year] += 1
                symbol = "QĐ-UBND" if p.kind == PetitionKind.COMPLAINT else "KL-UBND"
                if p.kind in (PetitionKind.RECOMMENDATION, PetitionKind.FEEDBACK):
                    symbol = "UBND-VP"
                p.decision_number = f"{serial[year]}/{symbol}"


# --- dialogues, meetings, feedback ---------------------------------------------------------------------------------


def _dialogues(
    rng: random.Random,
    plan: UnitPlan,
    calendar: WorkCalendar,
    staff: Staff,
    first: dt.date,
    last: dt.date,
    today: dt.date,
) -> None:
    days = _working_days(calendar, first, last)
    count = max(1, round(len(days) / 250 * rng.uniform(2, 4)))
    for day in sorted(rng.sample(days, min(count, len(days)))):
        topic = MERGER_TOPIC if plan.unit.valid_from and day < plan.unit.valid_from + dt.timedelta(days=120) else ""
        dialogue = Dialogue(
            unit=plan.unit,
            held_on=day,
            topic=topic or rng.choice(DIALOGUE_TOPICS),
            place=f"Hội trường UBND {plan.unit.name}" if rng.random() < 0.6 else f"Nhà văn hóa {rng.choice(VILLAGES)}",
            chaired_by=f"{staff.secretary} – Bí thư Đảng ủy; {staff.chairman} – Chủ tịch UBND",
            party_head_chaired=True,
            committee_head_chaired=True,
            front_participants=rng.randint(3, 8),
            organisation_participants=rng.randint(5, 15),
            people_participants=rng.randint(40, 160),
            participants_note="Đại diện Ủy ban MTTQ, Hội Nông dân, Hội Phụ nữ, Đoàn Thanh niên, Hội Cựu chiến binh; "
            "trưởng các thôn và nhân dân.",
            secretary=staff.officer,
            created_at=_at(day, 16),
        )
        plan.dialogues.append(dialogue)
        recent = (today - day).days < 45
        for text in rng.sample(OPINIONS, rng.randint(8, 12)):
            spot = rng.random() < 0.7
            answered = spot or not recent or rng.random() < 0.6
            plan.opinions.append(
                Opinion(
                    unit=plan.unit,
                    source=OpinionSource.DIALOGUE,
                    dialogue=dialogue,
                    raised_on=day,
                    raised_by=_name(rng) if rng.random() < 0.8 else "",
                    content=text,
                    created_at=_at(day, 16),
                    **_answer(rng, day, today, staff.chairman, answered, on_the_spot=spot),
                )
            )


def _meetings(
    rng: random.Random,
    plan: UnitPlan,
    calendar: WorkCalendar,
    staff: Staff,
    first: dt.date,
    last: dt.date,
    today: dt.date,
) -> None:
    """Voters' meetings before the People's Council's mid-year and year-end sessions."""
    for year in range(first.year, last.year + 1):
        for month in (6, 12):
            day = calendar.next_working_day(dt.date(year, month, 5))
            if not first <= day <= last:
                continue
            for text in rng.sample(OPINIONS, rng.randint(4, 7)):
                answered = (today - day).days > 40 or rng.random() < 0.3
                plan.opinions.append(
                    Opinion(
                        unit=plan.unit,
                        source=OpinionSource.MEETING,
                        source_ref=f"TXCT-{month:02d}/{year}",
                        raised_on=day,
                        raised_by=_name(rng) if rng.random() < 0.7 else "",
                        content=text,
                        created_at=_at(day, 15),
                        **_answer(rng, day, today, staff.chairman, answered, on_the_spot=False),
                    )
                )


def _code(rng: random.Random) -> str:
    """A code like feedback_actions.new_code() gives ("PA-7K3M-Q9XR"), drawn from the demo's seed."""
    body = "".join(rng.choice(CODE_ALPHABET) for _ in range(8))
    return f"{CODE_PREFIX}-{body[:4]}-{body[4:]}"


def _pin(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(PIN_DIGITS))


def _feedback(rng: random.Random, plan: UnitPlan, calendar: WorkCalendar, first: dt.date, today: dt.date) -> None:
    """A year of public feedback: a few a week, most answered; those whose senders consented are published."""
    items: list[Feedback] = []
    day = first
    while day <= today:
        if rng.random() < 0.13:
            items.append(_one_feedback(rng, plan, calendar, day, today))
        day += dt.timedelta(days=1)
    for f in items:
        f.code, f.pin_digest = _code(rng), Feedback.hash_pin(_pin(rng))
    if plan.unit.code == SHOWCASE_UNIT:
        items += _showcase_feedback(plan, items, today)
    for f in items:
        if f.petition is not None:
            f.petition.note = f"Từ phản ánh, kiến nghị trực tuyến mã {f.code}."
    plan.feedback = items


def _showcase_feedback(plan: UnitPlan, items: list[Feedback], today: dt.date) -> list[Feedback]:
    """The feedback of DEMO_FEEDBACK: the latest published answer takes the first code, and a piece sent yesterday,
    still waiting, the second."""
    answered = [f for f in items if f.status == FeedbackStatus.ANSWERED]
    published = next((f for f in reversed(answered) if f.published_on), answered[-1])
    if published.published_on is None:
        published.consent_publish, published.public_content = True, _public_text(published)
        published.published_on = published.answered_on
    items.remove(published)
    pending = Feedback(
        unit=plan.unit,
        kind=FeedbackKind.FEEDBACK,
        category=FeedbackCategory.INFRASTRUCTURE,
        content="Ống nước sạch bị vỡ ở đầu ngõ Thôn Trung, nước chảy tràn ra đường từ sáng nay.",
        place=f"Thôn Trung, {plan.unit.name}",
        contact_name="Bùi Thị Nga",
        contact_phone="0987654321",
        consent_publish=True,
        received_on=today - dt.timedelta(days=1),
        created_at=_at(today - dt.timedelta(days=1), 18),
    )
    for f, (code, pin) in zip((published, pending), DEMO_FEEDBACK.items(), strict=True):
        f.code, f.pin_digest = code, Feedback.hash_pin(pin)
    return [published, pending]


def _one_feedback(rng: random.Random, plan: UnitPlan, calendar: WorkCalendar, day: dt.date, today: dt.date) -> Feedback:
    category, kind, text = rng.choice(FEEDBACK_TEXTS)
    village = rng.choice(VILLAGES)
    public = text.format(village=village)
    named = rng.random() < 0.85
    phone = f"09{rng.randint(10000000, 99999999)}" if named else ""
    name = _name(rng) if named else ""
    # Some senders write their phone in the text: the published version leaves it out.
    content = f"{public}{CONTACT_IN_TEXT}{phone}." if named and rng.random() < 0.3 else public
    f = Feedback(
        unit=plan.unit,
        kind=kind,
        category=category,
        content=content,
        place=f"{village}, {plan.unit.name}",
        contact_name=name,
        contact_phone=phone,
        contact_email=f"nguoidan{rng.randint(100, 999)}@example.vn" if named and rng.random() < 0.3 else "",
        contact_address=f"{rng.choice(VILLAGES)}, {plan.unit.name}" if named else "",
        consent_publish=rng.random() < 0.6,
        received_on=day,
        created_at=_at(day, 20),
    )
    age = (today - day).days
    if age <= 2:
        return f
    f.triaged_on = min(today, calendar.next_working_day(day))
    if rng.random() < 0.07:
        f.status, f.decline_reason = FeedbackStatus.DECLINED, DECLINE
        return f
    # Answered within 12 days of receipt: inside the 10 working days a petition made of it has for its answer.
    answered_on = max(f.triaged_on, day + dt.timedelta(days=rng.randint(3, 12)))
    opinion: Opinion | None = None
    if rng.random() < 0.12:
        # Triaged into a petition (accepted the day it was triaged; answered within the 10 working days).
        f.petition = _feedback_petition(plan, f)
        done = answered_on <= today
    else:
        opinion = Opinion(
            unit=plan.unit,
            source=OpinionSource.ONLINE,
            raised_on=day,
            raised_by=name,
            content=public,
            created_at=_at(f.triaged_on, 9),
        )
        plan.opinions.append(opinion)
        f.opinion = opinion
        done = answered_on <= today and rng.random() >= 0.04
    if not done:
        f.status = FeedbackStatus.TRIAGED
        return f
    f.status, f.answer, f.answered_on = FeedbackStatus.ANSWERED, FEEDBACK_ANSWERS[category], answered_on
    if opinion is not None:
        opinion.answer, opinion.answer_kind, opinion.answered_on = f.answer, AnswerKind.LATER, answered_on
    if f.petition is not None:
        f.petition.outcome, f.petition.resolved_on = Outcome.ANSWERED, answered_on
    if f.consent_publish and rng.random() < 0.85:
        f.public_content = public
        f.published_on = min(today, answered_on + dt.timedelta(days=rng.randint(0, 2)))
    return f


def _public_text(f: Feedback) -> str:
    """The content without the phone a sender may have written in it."""
    return f.content.split(CONTACT_IN_TEXT)[0]


def _feedback_petition(plan: UnitPlan, f: Feedback) -> Petition:
    """As feedback_actions.triage_to_petition() enters it: received the day the feedback was, accepted when triaged."""
    assert f.triaged_on is not None
    petition = Petition(
        unit=plan.unit,
        received_on=f.received_on,
        source=Source.ONLINE,
        kind=PetitionKind.RECOMMENDATION if f.kind == FeedbackKind.RECOMMENDATION else PetitionKind.FEEDBACK,
        petitioner_name=f.contact_name,
        petitioner_address=f.contact_address,
        anonymous=not f.contact_name,
        field=f.get_category_display(),
        content=f.content,
        eligible=True,
        within_competence=True,
        direction=Direction.ACCEPT,
        accepted_on=f.triaged_on,
        handled_on=f.triaged_on,
    )
    plan.petitions.append(petition)
    return petition


# --- writing -------------------------------------------------------------------------------------------------------


def _due_steps(plan: UnitPlan) -> list[tuple[Petition, str, dt.date, dt.date | None]]:
    """The stored due days, computed by limits.deadlines() on the commune's calendar loaded once (the sweep would
    load it again for each petition). A petition with an extension is left to the sweep, which reads it saved."""
    extended = {id(e.petition) for e in plan.extensions}
    return [
        (p, step, d.due, d.done_on)
        for p in plan.petitions
        if id(p) not in extended
        for step, d in deadlines(p, plan.calendar).items()
    ]


def _write(plan: UnitPlan) -> None:
    """Rows in the order their links need; bulk_create fills each row's primary key before the next batch."""
    ReceptionRule.objects.bulk_create(plan.rules)
    ReceptionSession.objects.bulk_create(plan.sessions, batch_size=500)
    due_steps = _due_steps(plan)
    Petition.objects.bulk_create(plan.petitions, batch_size=500)
    PetitionDeadline.objects.bulk_create(
        [
            PetitionDeadline(unit=plan.unit, petition=p, step=s, due_on=due, done_on=done)
            for p, s, due, done in due_steps
        ],
        batch_size=1000,
    )
    PetitionExtension.objects.bulk_create(plan.extensions)
    Dialogue.objects.bulk_create(plan.dialogues)
    ReceptionVisit.objects.bulk_create(plan.visits, batch_size=500)
    Opinion.objects.bulk_create(plan.opinions, batch_size=500)
    Feedback.objects.bulk_create(plan.feedback, batch_size=500)
