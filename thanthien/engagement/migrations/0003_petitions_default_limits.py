"""The statutory time limits in force, as dated settings (issue 9 item 4; DOMAIN.md §5). Each applies to petitions
received from the law's entry into force; a later rule (e.g. the decrees reported for 1/7/2026) is added as a new
row with its own start date, never by editing these."""

import datetime as dt

from django.db import migrations

KN = dt.date(2012, 7, 1)  # Luật Khiếu nại số 02/2011/QH13, có hiệu lực từ 01/7/2012
TC = dt.date(2019, 1, 1)  # Luật Tố cáo số 25/2018/QH14, có hiệu lực từ 01/01/2019
TCD = dt.date(2014, 7, 1)  # Luật Tiếp công dân số 42/2013/QH13, có hiệu lực từ 01/7/2014

BLDS = "Cách tính thời hạn theo Bộ luật Dân sự 2015, Điều 147–148."
KN_28 = (
    "Luật Khiếu nại số 02/2011/QH13, Điều 28: thời hạn giải quyết khiếu nại lần đầu không quá 30 ngày kể từ ngày "
    "thụ lý; vụ việc phức tạp không quá 45 ngày; ở vùng sâu, vùng xa đi lại khó khăn không quá 45 ngày, vụ việc "
    "phức tạp không quá 60 ngày. "
)
TC_24 = (
    "Luật Tố cáo số 25/2018/QH14, Điều 24: trong thời hạn 07 ngày làm việc kể từ ngày nhận được tố cáo, người "
    "giải quyết tố cáo phải vào sổ, kiểm tra, xác minh thông tin và quyết định thụ lý hoặc không thụ lý; trường hợp "
    "phải kiểm tra, xác minh tại nhiều địa điểm thì thời hạn có thể dài hơn nhưng không quá 10 ngày làm việc."
)
TC_30 = (
    "Luật Tố cáo số 25/2018/QH14, Điều 30: thời hạn giải quyết tố cáo không quá 30 ngày kể từ ngày thụ lý; vụ việc "
    "phức tạp có thể gia hạn một lần, vụ việc đặc biệt phức tạp có thể gia hạn hai lần, mỗi lần không quá 30 ngày. "
)

# (step, petition kind, variant, amount, counting, applies from, legal basis)
RULES = [
    (
        "acceptance", "complaint", "standard", 10, "calendar_days", KN,
        "Luật Khiếu nại số 02/2011/QH13, Điều 27: trong thời hạn 10 ngày kể từ ngày nhận được khiếu nại thuộc "
        "thẩm quyền, người giải quyết khiếu nại lần đầu phải thụ lý giải quyết. " + BLDS,
    ),
    ("resolution", "complaint", "standard", 30, "calendar_days", KN, KN_28 + BLDS),
    ("resolution", "complaint", "complex", 45, "calendar_days", KN, KN_28 + BLDS),
    ("resolution", "complaint", "remote", 45, "calendar_days", KN, KN_28 + BLDS),
    ("resolution", "complaint", "complex_remote", 60, "calendar_days", KN, KN_28 + BLDS),
    ("initial_handling", "denunciation", "standard", 7, "working_days", TC, TC_24),
    ("initial_handling", "denunciation", "extended", 10, "working_days", TC, TC_24),
    (
        "forwarding", "denunciation", "standard", 5, "working_days", TC,
        "Luật Tố cáo số 25/2018/QH14, Điều 24 khoản 2: tố cáo không thuộc thẩm quyền thì trong thời hạn 05 ngày "
        "làm việc kể từ ngày nhận được phải chuyển đến cơ quan, tổ chức, cá nhân có thẩm quyền giải quyết.",
    ),
    ("resolution", "denunciation", "standard", 30, "calendar_days", TC, TC_30 + BLDS),
    ("resolution", "denunciation", "extension", 30, "calendar_days", TC, TC_30 + BLDS),
    *[
        (
            "forwarding", kind, "standard", 5, "working_days", TCD,
            "Đơn kiến nghị, phản ánh không thuộc thẩm quyền được chuyển đến cơ quan có thẩm quyền trong thời hạn "
            "05 ngày làm việc kể từ ngày nhận được đơn (Thông tư số 05/2021/TT-TTCP của Thanh tra Chính phủ quy "
            "định quy trình xử lý đơn khiếu nại, đơn tố cáo, đơn kiến nghị, phản ánh).",
        )
        for kind in ("recommendation", "feedback")
    ],
    *[
        (
            "answer", kind, "standard", 10, "working_days", TCD,
            "Thiết lập của đơn vị: thời hạn trả lời kiến nghị, phản ánh thuộc thẩm quyền (mặc định 10 ngày làm "
            "việc kể từ ngày nhận được đơn); đơn vị có thể đặt thời hạn riêng.",
        )
        for kind in ("recommendation", "feedback")
    ],
    (
        "reply", "", "standard", 10, "working_days", TCD,
        "Luật Tiếp công dân số 42/2013/QH13, Điều 28: trong thời hạn 10 ngày làm việc kể từ ngày nhận được đơn "
        "qua tiếp công dân, người tiếp công dân phải thông báo cho công dân việc đơn được thụ lý, không thụ lý hoặc "
        "được chuyển đến cơ quan có thẩm quyền.",
    ),
]  # fmt: skip


def load(apps, schema_editor):
    LimitRule = apps.get_model("engagement", "LimitRule")
    for step, kind, variant, amount, counting, start, basis in RULES:
        LimitRule.objects.get_or_create(
            step=step,
            petition_kind=kind,
            variant=variant,
            applies_from=start,
            unit=None,
            defaults={"amount": amount, "counting": counting, "legal_basis": basis},
        )


def unload(apps, schema_editor):
    apps.get_model("engagement", "LimitRule").objects.filter(unit__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("engagement", "0002_petitions_and_limits")]

    operations = [migrations.RunPython(load, unload)]
