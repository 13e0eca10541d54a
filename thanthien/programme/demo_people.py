"""The people of the model in the demo (issue 11 item 12, area people): for every current commune about fifteen
officials with their positions, desks and phones (some shown in the public directory), all but two signed the
commitment; and three years of activities in every commune while it existed (the communes merged on 1/7/2025
keep theirs): propaganda meetings with their attendees, loudspeaker broadcasts, a few articles and website posts,
trainings, and the launch ceremony (Trung Thượng 17/3/2023, Hoằng Hợp 15/4/2023, Sao Vàng 19/5/2023 as the seeds
tell). Deterministic for a given day; a commune that already has officials or activities is left as it is."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User

from thanthien.lib.registry import register_demo
from thanthien.org.models import COMMUNE_KINDS, Membership, Unit

from .actions_people import ensure_commitment_text
from .models import Activity, ActivityKind, CommitmentSignature, Official

YEARS = 3
NOT_SIGNED = 2
LAUNCHES = {"14947": dt.date(2023, 3, 17), "16012": dt.date(2023, 4, 15), "15496": dt.date(2023, 5, 19)}

# (position, desk): the posts of a commune's people's committee, in the directory's order.
POSTS: list[tuple[str, str]] = [
    ("Chủ tịch UBND xã", "Phòng Chủ tịch, tầng 2"),
    ("Phó Chủ tịch UBND xã (phụ trách kinh tế)", "Phòng Phó Chủ tịch, tầng 2"),
    ("Phó Chủ tịch UBND xã (phụ trách văn hóa – xã hội)", "Phòng Phó Chủ tịch, tầng 2"),
    ("Công chức Văn phòng – Thống kê", "Văn phòng UBND, tầng 1"),
    ("Công chức Văn phòng – Thống kê", "Bộ phận Một cửa, quầy 1"),
    ("Công chức Tư pháp – Hộ tịch", "Bộ phận Một cửa, quầy 2"),
    ("Công chức Tư pháp – Hộ tịch", "Bộ phận Một cửa, quầy 3"),
    ("Công chức Địa chính – Xây dựng – Nông nghiệp và Môi trường", "Phòng Địa chính, tầng 1"),
    ("Công chức Địa chính – Xây dựng – Nông nghiệp và Môi trường", "Bộ phận Một cửa, quầy 4"),
    ("Công chức Văn hóa – Xã hội", "Phòng Văn hóa – Xã hội, tầng 1"),
    ("Công chức Văn hóa – Xã hội (lao động, thương binh và xã hội)", "Bộ phận Một cửa, quầy 5"),
    ("Công chức Tài chính – Kế toán", "Phòng Tài chính – Kế toán, tầng 1"),
    ("Công chức Một cửa (tiếp nhận và trả kết quả)", "Bộ phận Một cửa, quầy 6"),
    ("Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "Phòng Ban Chỉ huy Quân sự"),
    ("Công chức tiếp công dân", "Phòng tiếp công dân, tầng 1"),
]
FAMILY = ["Nguyễn", "Lê", "Trần", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Lương", "Trịnh", "Mai", "Lò"]
MIDDLE = {"m": ["Văn", "Đình", "Xuân", "Hữu", "Minh", "Quang", "Đức"], "f": ["Thị", "Thu", "Ngọc", "Thanh", "Hồng"]}
GIVEN = {
    "m": ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng"],
    "f": ["Anh", "Chi", "Dung", "Hà", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo", "Yến"],
}
MEETING_TOPICS = [
    "Hội nghị quán triệt Kế hoạch xây dựng mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ”",
    "Sinh hoạt chi bộ chuyên đề về “5 biết, 3 không, 4 thể hiện”",
    "Tuyên truyền về cải cách thủ tục hành chính và dịch vụ công trực tuyến tại nhà văn hóa thôn",
    "Hội nghị tuyên truyền Luật Tiếp công dân, Luật Khiếu nại, Luật Tố cáo",
    "Sinh hoạt Hội Phụ nữ: tuyên truyền mô hình chính quyền thân thiện",
    "Sinh hoạt Hội Nông dân: hướng dẫn nộp hồ sơ trực tuyến",
    "Sinh hoạt Đoàn Thanh niên: thanh niên hỗ trợ người dân làm thủ tục trực tuyến",
    "Hội nghị Hội Cựu chiến binh tuyên truyền thực hiện quy chế dân chủ ở cơ sở",
    "Họp thôn tuyên truyền về đánh giá sự hài lòng của người dân",
]
BROADCASTS = [
    "Phát thanh tuyên truyền mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ”",
    "Phát thanh hướng dẫn nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia",
    "Phát thanh thông báo lịch tiếp công dân của Chủ tịch UBND xã",
    "Phát thanh về cài đặt và sử dụng ứng dụng VNeID",
    "Phát thanh kết quả giải quyết thủ tục hành chính trong tháng",
]
OUTLETS = ["Báo Thanh Hóa", "Đài Phát thanh và Truyền hình Thanh Hóa", "Báo Lạng Sơn", "Cổng thông tin điện tử huyện"]
ARTICLES = [
    "Xã {short}: hiệu quả từ mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ”",
    "{short} – nơi người dân hài lòng khi đến làm thủ tục",
    "Cán bộ xã {short} ký cam kết “5 biết, 3 không, 4 thể hiện”",
]
POSTS_WEB = [
    "Kết quả thực hiện mô hình chính quyền thân thiện quý {quarter}/{year}",
    "Công khai số điện thoại cán bộ, công chức tiếp nhận phản ánh",
    "Thông báo lịch tiếp công dân tháng {month}/{year}",
]
TRAININGS = [
    "Tập huấn kỹ năng giao tiếp, ứng xử với người dân cho cán bộ, công chức",
    "Tập huấn hướng dẫn người dân sử dụng dịch vụ công trực tuyến cho tổ công nghệ số cộng đồng",
    "Tập huấn nghiệp vụ tiếp công dân, xử lý đơn thư",
]


def build(today: dt.date) -> None:
    ensure_commitment_text()
    start = today.replace(year=today.year - YEARS, day=min(today.day, 28))
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True).order_by("code"):
        if not Official.objects.filter(unit=unit).exists():
            _officials(random.Random(f"thanthien-people-{unit.code}-{today.isoformat()}"), unit, today)
    # Activities in every commune while it existed: the merged communes keep their history.
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS).order_by("code"):
        first = max(start, unit.valid_from or start)
        last = min(today, unit.valid_to or today)
        if first <= last and not Activity.objects.filter(unit=unit).exists():
            rng = random.Random(f"thanthien-activities-{unit.code}-{today.isoformat()}")
            Activity.objects.bulk_create(_activities(rng, unit, first, last), batch_size=500)


def _name(rng: random.Random) -> str:
    sex = rng.choice("mf")
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def _officials(rng: random.Random, unit: Unit, today: dt.date) -> None:
    """The committee's officials; the commune's demo accounts are the officials of their posts."""
    accounts = {
        m.title: m.user
        for m in Membership.objects.filter(unit=unit).select_related("user").order_by("pk")
        if m.title and m.user is not None
    }
    used: set[int] = set()
    people: list[Official] = []
    for order, (position, desk) in enumerate(POSTS, start=1):
        user: User | None = None
        for title, account in accounts.items():
            if account.pk not in used and position.lower().startswith(title.lower().removesuffix(" xã")):
                user = account
                break
        name = (user.get_full_name() if user is not None else "") or _name(rng)
        if user is not None:
            used.add(user.pk)
        phone = f"09{rng.randint(10_000_000, 99_999_999)}"
        people.append(
            Official(
                unit=unit,
                user=user,
                full_name=name,
                position=position,
                desk=desk,
                phone=phone,
                show_phone=order <= 3 or "Một cửa" in desk or rng.random() < 0.4,
                order=order,
                active=True,
            )
        )
    Official.objects.bulk_create(people)
    text = ensure_commitment_text()
    first_day = max(unit.valid_from or text.valid_from, text.valid_from)
    officials = list(Official.objects.filter(unit=unit).order_by("order", "pk"))
    unsigned = set(rng.sample(range(3, len(officials)), NOT_SIGNED))  # the chairman and deputies have signed
    signatures = []
    for i, official in enumerate(officials):
        if i in unsigned:
            continue
        day = min(today, first_day + dt.timedelta(days=rng.randint(3, 40)))
        signatures.append(CommitmentSignature(official=official, text=text, signed_on=day))
    CommitmentSignature.objects.bulk_create(signatures)


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _activities(rng: random.Random, unit: Unit, first: dt.date, last: dt.date) -> list[Activity]:
    short = unit.short_name()
    rows: list[Activity] = []

    def add(kind: str, day: dt.date, title: str, **extra: object) -> None:
        rows.append(Activity(unit=unit, kind=kind, held_on=day, title=title[:500], **extra))

    # The launch is dated as the seeds tell, even before the three years: it is where the model began.
    launch = LAUNCHES.get(unit.code)
    if launch is None and unit.valid_from is not None:
        launch = unit.valid_from + dt.timedelta(days=rng.randint(45, 90))  # a 2025 successor launches anew
    elif launch is None:
        launch = dt.date(2023, 3, 1) + dt.timedelta(days=rng.randint(0, 200))
    if (unit.valid_from or launch) <= launch <= last:
        add(
            ActivityKind.LAUNCH,
            launch,
            f"Lễ ra mắt mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ” {unit.name}",
            attendees=rng.randint(150, 300),
        )
    month = dt.date(first.year, first.month, 1)
    while month <= last:
        nxt = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        lo, hi = max(first, month), min(last, nxt - dt.timedelta(days=1))
        if lo <= hi:
            for _ in range(rng.randint(1, 3)):
                add(ActivityKind.MEETING, _day(rng, lo, hi), rng.choice(MEETING_TOPICS), attendees=rng.randint(25, 160))
            for _ in range(rng.randint(3, 6)):
                add(ActivityKind.BROADCAST, _day(rng, lo, hi), rng.choice(BROADCASTS), outlet="Đài truyền thanh xã")
            if rng.random() < 0.5:
                day = _day(rng, lo, hi)
                title = rng.choice(POSTS_WEB).format(quarter=(day.month - 1) // 3 + 1, year=day.year, month=day.month)
                add(
                    ActivityKind.WEBSITE_POST,
                    day,
                    title,
                    link=f"https://{unit.code}.thanhhoa.gov.vn/tin-tuc/{day:%Y%m%d}",
                )
            if rng.random() < 0.1:
                day = _day(rng, lo, hi)
                add(
                    ActivityKind.ARTICLE,
                    day,
                    rng.choice(ARTICLES).format(short=short),
                    outlet=rng.choice(OUTLETS),
                    link=f"https://baothanhhoa.vn/chinh-quyen/{unit.code}-{day:%Y%m%d}.htm",
                )
            if month.month in (3, 9) and rng.random() < 0.9:
                add(ActivityKind.TRAINING, _day(rng, lo, hi), rng.choice(TRAININGS), attendees=rng.randint(20, 60))
        month = nxt
    return rows


register_demo(51, build)  # after the model area (50): the launch and board come first
