"""Demo reports: every demo commune issued its report of last year (number, frozen figures, PDF and Word), and has
a draft for this year so far prefilled from it. Order 90: after every module whose figures the report reads (the
demo's records dated after last year's end do not change last year's figures, so the issued reports match today's
until a record of that year is corrected)."""

from __future__ import annotations

import datetime as dt

from thanthien.lib.registry import register_demo
from thanthien.org.models import COMMUNE_KINDS, Unit

from . import actions
from .models import Report

ORDER = 90

NARRATIVES = {
    "profile": (
        "Trong kỳ, tình hình chính trị, an ninh trật tự trên địa bàn ổn định; đời sống vật chất, tinh thần của "
        "Nhân dân từng bước được nâng lên. Bên cạnh thuận lợi, địa bàn rộng, một bộ phận người dân tuổi cao còn "
        "gặp khó khăn khi thực hiện dịch vụ công trực tuyến."
    ),
    "leadership": (
        "Ban Chấp hành, Ban Thường vụ Đảng ủy đã cụ thể hóa các chủ trương của cấp trên thành các văn bản lãnh "
        "đạo, chỉ đạo; Ban Chỉ đạo mô hình phân công nhiệm vụ cho từng thành viên, định kỳ giao ban hằng quý."
    ),
    "regulations": (
        "Rà soát, bổ sung và niêm yết Nội quy, quy định, các biểu mẫu, thủ tục hành chính, các khoản phí, lệ phí "
        "tại Bộ phận Một cửa; treo khẩu hiệu “5 biết, 3 không, 4 thể hiện”; bố trí phòng tiếp công dân, ghế chờ, "
        "nước uống, máy tính tra cứu và máy tính bảng đánh giá sự hài lòng."
    ),
    "assessment": (
        "1. Ưu điểm: việc thực hiện mô hình đã tạo chuyển biến tích cực trong nhận thức, hành động của cán bộ, "
        "công chức; tinh thần, thái độ phục vụ Nhân dân được nâng lên; hồ sơ thủ tục hành chính cơ bản được giải "
        "quyết trước hạn và đúng hạn.\n"
        "2. Hạn chế, nguyên nhân: một số hồ sơ còn trễ hẹn do phải xác minh, lấy ý kiến nhiều cơ quan; dịch vụ công "
        "trực tuyến toàn trình chưa được nhiều người dân sử dụng.\n"
        "3. Bài học kinh nghiệm: lấy sự hài lòng của người dân làm thước đo; người đứng đầu gương mẫu, sâu sát cơ sở."
    ),
    "tasks": (
        "1. Tiếp tục quán triệt, tuyên truyền sâu rộng mục đích, ý nghĩa của mô hình đến cán bộ, đảng viên và Nhân "
        "dân.\n2. Tăng cường kỷ luật, kỷ cương hành chính; thực hiện nghiêm việc xin lỗi người dân khi trễ hẹn.\n"
        "3. Đẩy mạnh hướng dẫn người dân sử dụng dịch vụ công trực tuyến toàn trình.\n"
        "4. Duy trì lịch tiếp công dân, đối thoại định kỳ; giải quyết dứt điểm đơn thư trong thời hạn."
    ),
    "proposals": "Đề nghị UBND huyện hỗ trợ kinh phí nâng cấp trang thiết bị Bộ phận Một cửa.",
}


def build(today: dt.date) -> None:
    communes = Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True).order_by("code")
    year = today.year - 1
    for unit in communes:
        if Report.objects.filter(unit=unit).exists():
            continue
        last = actions.create_report(None, unit, dt.date(year, 1, 1), dt.date(year, 12, 31))
        last = actions.update_report(
            None,
            last,
            {
                "title": f"Kết quả thực hiện mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ” năm {year}",
                "narratives": NARRATIVES,
                "signer_name": "Lê Văn Hùng",
            },
        )
        actions.issue_report(None, last, min(dt.date(year + 1, 1, 10), today))
        start = dt.date(today.year, 1, 1)
        if start < today:
            actions.create_report(None, unit, start, today - dt.timedelta(days=1))


register_demo(ORDER, build)
