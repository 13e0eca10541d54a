"""Default wording of each letter kind, written for local custom (trang trọng, phù hợp thuần phong mỹ tục),
and the placeholders a commune may use in its own wording. Templates use Django's {{ name }} syntax."""

from __future__ import annotations

from .models import LetterKind

PLACEHOLDERS: dict[str, str] = {
    "honorific": "danh xưng: Ông, Bà, Ông/Bà, Gia đình, Anh/Chị",
    "recipient_name": "họ tên người nhận",
    "recipient_address": "địa chỉ người nhận",
    "unit_name": "tên xã, phường (ví dụ: xã Hoằng Hợp)",
    "unit_title": "tên cơ quan (ví dụ: Ủy ban nhân dân xã Hoằng Hợp)",
    "person_name": "người được nói đến: cháu bé, người đã mất, người đóng góp",
    "partner_name": "người bạn đời (thư chúc mừng kết hôn)",
    "person_title": "danh xưng người đã mất: Cụ ông, Cụ bà, Ông, Bà",
    "event_date": "ngày sinh, ngày kết hôn, ngày mất",
    "registered_on": "ngày đăng ký hộ tịch",
    "dossier_code": "mã hồ sơ",
    "procedure_name": "tên thủ tục",
    "received_at": "thời điểm tiếp nhận hồ sơ",
    "due_at": "hạn trả kết quả ban đầu",
    "reason": "lý do chậm trả kết quả",
    "new_appointment": "ngày giờ hẹn trả kết quả mới",
    "contribution": "nội dung đóng góp",
    "today": "ngày ký thư",
}

# The names officials see in the editor's friendly view: «Họ tên người nhận» stands for {{ recipient_name }}.
LABELS: dict[str, str] = {
    "honorific": "Danh xưng",
    "recipient_name": "Họ tên người nhận",
    "recipient_address": "Địa chỉ người nhận",
    "unit_name": "Tên xã",
    "unit_title": "Tên cơ quan",
    "person_name": "Người được nói đến",
    "person_title": "Danh xưng người mất",
    "partner_name": "Người bạn đời",
    "event_date": "Ngày sự kiện",
    "registered_on": "Ngày đăng ký",
    "dossier_code": "Mã hồ sơ",
    "procedure_name": "Tên thủ tục",
    "received_at": "Ngày tiếp nhận",
    "due_at": "Hạn trả kết quả",
    "reason": "Lý do chậm",
    "new_appointment": "Hẹn trả kết quả mới",
    "contribution": "Nội dung đóng góp",
    "today": "Ngày ký",
}

TITLES = {
    LetterKind.APOLOGY: "THƯ XIN LỖI",
    LetterKind.THANKS: "THƯ CẢM ƠN",
    LetterKind.CONGRATULATION: "THƯ CHÚC MỪNG",
    LetterKind.CONDOLENCE: "THƯ CHIA BUỒN",
}

SUBJECTS = {
    LetterKind.APOLOGY: "V/v chậm trả kết quả giải quyết hồ sơ và hẹn lại ngày trả kết quả",
    LetterKind.THANKS: "V/v cảm ơn ý kiến đóng góp của công dân",
    LetterKind.CONGRATULATION: "",
    LetterKind.CONDOLENCE: "",
}

# Each greeting is said once; the addressee line ("Kính gửi: …") is printed above the body, the signature block
# (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH) below it. A condolence names the deceased with Cụ / Ông / Bà.
DEFAULT_BODIES: dict[str, str] = {
    LetterKind.APOLOGY: """\
Ngày {{ received_at }}, Bộ phận Một cửa {{ unit_name }} đã tiếp nhận hồ sơ “{{ procedure_name }}” của {{ honorific }} (mã hồ sơ {{ dossier_code }}), hẹn trả kết quả vào {{ due_at }}.
Do {{ reason }}, hồ sơ của {{ honorific }} chưa được giải quyết đúng thời hạn đã hẹn. Sự chậm trễ này đã làm mất thời gian, công sức và gây phiền hà cho {{ honorific }}; {{ unit_title }} chân thành xin lỗi {{ honorific }}.
{{ unit_title }} xin hẹn lại {{ honorific }} đến nhận kết quả vào {{ new_appointment }}; đồng thời chỉ đạo cán bộ, công chức khẩn trương giải quyết hồ sơ, nâng cao trách nhiệm phục vụ Nhân dân, không để việc trễ hẹn tái diễn.
Rất mong nhận được sự thông cảm của {{ honorific }}.
Trân trọng!""",
    LetterKind.THANKS: """\
{{ unit_title }} chân thành cảm ơn {{ honorific }} {{ recipient_name }} đã quan tâm và có ý kiến đóng góp: “{{ contribution }}”.
Ý kiến của {{ honorific }} giúp chính quyền {{ unit_name }} lắng nghe, kịp thời khắc phục những hạn chế và phục vụ Nhân dân ngày càng tốt hơn, theo tinh thần “Chính quyền thân thiện, vì Nhân dân phục vụ”. {{ unit_title }} sẽ nghiêm túc tiếp thu, xem xét và thông tin kết quả đến {{ honorific }} theo quy định.
Rất mong tiếp tục nhận được sự quan tâm, đồng hành của {{ honorific }}. Kính chúc {{ honorific }} và gia đình mạnh khỏe, hạnh phúc.
Trân trọng!""",
    LetterKind.CONGRATULATION: """\
{% if partner_name %}Nhân dịp Anh {{ person_name }} và Chị {{ partner_name }} đăng ký kết hôn ngày {{ registered_on }}, {{ unit_title }} xin gửi tới hai anh chị cùng hai bên gia đình lời chúc mừng tốt đẹp nhất.
Chúc hai anh chị trăm năm hạnh phúc, luôn yêu thương, chia sẻ, cùng nhau xây dựng gia đình no ấm, bình đẳng, tiến bộ, hạnh phúc, văn minh; góp phần xây dựng quê hương {{ unit_name }} ngày càng giàu đẹp.{% else %}Nhân dịp gia đình {{ honorific }} {{ recipient_name }} đón cháu {{ person_name }} chào đời{% if event_date %} ngày {{ event_date }}{% endif %}, {{ unit_title }} xin gửi tới {{ honorific }} và gia đình lời chúc mừng tốt đẹp nhất.
Chúc cháu luôn khỏe mạnh, ngoan ngoãn, lớn lên trong tình yêu thương của gia đình và sự quan tâm của cộng đồng; chúc gia đình {{ honorific }} luôn mạnh khỏe, hạnh phúc.
Cháu đã được đăng ký khai sinh ngày {{ registered_on }}; đề nghị gia đình giữ gìn cẩn thận bản chính Giấy khai sinh của cháu.{% endif %}
Trân trọng!""",
    LetterKind.CONDOLENCE: """\
{{ unit_title }} vô cùng thương tiếc được tin {{ person_title }} {{ person_name }} đã từ trần{% if event_date %} ngày {{ event_date }}{% endif %}.
Thay mặt chính quyền và Nhân dân {{ unit_name }}, xin gửi tới {{ honorific }} {{ recipient_name }} cùng toàn thể tang quyến lời chia buồn sâu sắc nhất. Cầu mong hương hồn người đã khuất được yên nghỉ nơi cõi vĩnh hằng; mong gia đình sớm vượt qua nỗi đau buồn, giữ gìn sức khỏe.
Thành kính phân ưu!""",
}

DEFAULT_HONORIFIC = {
    LetterKind.APOLOGY: "Ông/Bà",
    LetterKind.THANKS: "Ông/Bà",
    LetterKind.CONGRATULATION: "Ông/Bà",
    LetterKind.CONDOLENCE: "Gia đình",
}
