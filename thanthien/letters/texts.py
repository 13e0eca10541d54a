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

DEFAULT_BODIES: dict[str, str] = {
    LetterKind.APOLOGY: """\
{{ unit_title }} trân trọng gửi tới {{ honorific }} {{ recipient_name }} lời chào trân trọng.
Ngày {{ received_at }}, Bộ phận tiếp nhận và trả kết quả {{ unit_name }} đã tiếp nhận hồ sơ “{{ procedure_name }}” của {{ honorific }} (mã hồ sơ {{ dossier_code }}), hẹn trả kết quả vào {{ due_at }}.
Do {{ reason }}, hồ sơ của {{ honorific }} chưa thể được giải quyết đúng thời hạn đã hẹn. {{ unit_title }} thành thật xin lỗi {{ honorific }} vì sự chậm trễ này và những phiền hà mà {{ honorific }} phải chịu.
{{ unit_title }} xin hẹn lại {{ honorific }} đến nhận kết quả vào {{ new_appointment }}. Chúng tôi cam kết tiếp tục nâng cao tinh thần, trách nhiệm phục vụ Nhân dân, không để tình trạng trễ hẹn tái diễn.
Rất mong nhận được sự cảm thông của {{ honorific }}. Trân trọng!""",
    LetterKind.THANKS: """\
{{ unit_title }} trân trọng cảm ơn {{ honorific }} {{ recipient_name }} đã quan tâm và gửi ý kiến đóng góp: “{{ contribution }}”.
Những ý kiến tâm huyết, thẳng thắn của {{ honorific }} là nguồn động viên quý báu, giúp chính quyền {{ unit_name }} lắng nghe, sửa đổi và phục vụ Nhân dân ngày càng tốt hơn theo tinh thần “Chính quyền thân thiện, vì Nhân dân phục vụ”.
{{ unit_title }} sẽ nghiêm túc tiếp thu, xem xét và phản hồi theo quy định. Kính chúc {{ honorific }} và gia đình mạnh khỏe, hạnh phúc!""",
    LetterKind.CONGRATULATION: """\
{% if partner_name %}Nhân dịp Anh {{ person_name }} và Chị {{ partner_name }} đăng ký kết hôn ngày {{ registered_on }}, {{ unit_title }} trân trọng gửi tới hai bạn cùng hai bên gia đình lời chúc mừng tốt đẹp nhất.
Chúc hai bạn trăm năm hạnh phúc, luôn yêu thương, chia sẻ, cùng nhau xây dựng gia đình no ấm, bình đẳng, tiến bộ, hạnh phúc và văn minh; sống tốt đời, đẹp đạo, góp phần xây dựng quê hương {{ unit_name }} ngày càng giàu đẹp.{% else %}Nhân dịp gia đình {{ honorific }} {{ recipient_name }} đón chào thành viên mới{% if person_name %} – cháu {{ person_name }}{% endif %}{% if event_date %}, sinh ngày {{ event_date }}{% endif %}, {{ unit_title }} trân trọng gửi tới {{ honorific }} và gia đình lời chúc mừng tốt đẹp nhất.
Chúc cháu bé luôn mạnh khỏe, ngoan ngoãn, lớn lên trong tình yêu thương của gia đình; chúc gia đình {{ honorific }} luôn hạnh phúc, an khang và thịnh vượng.{% endif %}
Trân trọng!""",
    LetterKind.CONDOLENCE: """\
{{ unit_title }} vô cùng thương tiếc được tin{% if person_name %} {{ person_name }}{% endif %} đã từ trần{% if event_date %} ngày {{ event_date }}{% endif %}.
Trước sự mất mát to lớn này, {{ unit_title }} xin gửi tới {{ honorific }} {{ recipient_name }} cùng toàn thể tang quyến lời chia buồn sâu sắc nhất.
Cầu mong hương hồn người đã khuất được yên nghỉ. Mong gia đình sớm vượt qua nỗi đau buồn, giữ gìn sức khỏe.
Thành kính phân ưu!""",
}

DEFAULT_HONORIFIC = {
    LetterKind.APOLOGY: "Ông/Bà",
    LetterKind.THANKS: "Ông/Bà",
    LetterKind.CONGRATULATION: "Ông/Bà",
    LetterKind.CONDOLENCE: "Gia đình",
}
