"""Builds the nationwide questionnaire templates, one XLSForm workbook each, that a commune copies ("Sao chép để
dùng") and adapts:

    python -m thanthien.surveys.templates_xlsform.build     (writes thanthien/surveys/templates_xlsform/*.xlsx)

The rows below are the templates; the workbooks are what staff download, fill in Kobo or Excel and import again.
tests/surveys/test_xlsform.py converts every workbook with pyxform and checks that it matches this script."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from thanthien.surveys.xlsform import write_workbook

HERE = Path(__file__).resolve().parent
YES = "yes"

# The 5-level scale of SIPAS (QĐ 1001/QĐ-BNV): "hài lòng" and "rất hài lòng" count as satisfied.
SATISFACTION = [
    ("rat_khong_hai_long", "Rất không hài lòng", ""),
    ("khong_hai_long", "Không hài lòng", ""),
    ("binh_thuong", "Bình thường", ""),
    ("hai_long", "Hài lòng", YES),
    ("rat_hai_long", "Rất hài lòng", YES),
]
# The attitude scale of the seeds (Hoằng Hợp: 53 % rất nhiệt tình, 45 % nhiệt tình, 2 % bình thường).
ATTITUDE = [
    ("rat_nhiet_tinh", "Rất nhiệt tình", YES),
    ("nhiet_tinh", "Nhiệt tình", YES),
    ("binh_thuong", "Bình thường", ""),
    ("chua_nhiet_tinh", "Chưa nhiệt tình", ""),
]
YES_NO = [("co", "Có", ""), ("khong", "Không", "")]
SUGGESTION = ("text", "gop_y", "Ông/Bà có góp ý gì để cơ quan phục vụ người dân tốt hơn? (không bắt buộc)", "", "")

Row = tuple[str, str, str, str, str]  # type, name, label, required, relevant


def scale(name: str, label: str, relevant: str = "", list_name: str = "muc_do_hai_long") -> Row:
    return (f"select_one {list_name}", name, label, YES, relevant)


def group(name: str, label: str, *rows: Row) -> list[Row]:
    return [("begin_group", name, label, "", ""), *rows, ("end_group", name, "", "", "")]


def choices(list_name: str, items: list[tuple[str, str, str]]) -> list[dict[str, str]]:
    return [{"list_name": list_name, "name": n, "label": lab, "satisfied": s} for n, lab, s in items]


def source(form_id: str, title: str, rows: list[Row], lists: list[dict[str, str]]) -> dict[str, Any]:
    survey = []
    for kind, name, label, required, relevant in rows:
        row = {"type": kind, "name": name, "label": label, "required": required, "relevant": relevant}
        survey.append({k: v for k, v in row.items() if v})
    return {
        "survey": survey,
        "choices": [{k: v for k, v in c.items() if v} for c in lists],
        "settings": {"form_title": title, "form_id": form_id, "version": "1"},
    }


def sipas() -> dict[str, Any]:
    rows = [
        (
            "note",
            "gioi_thieu",
            "Xin Ông/Bà cho biết mức độ hài lòng với từng nội dung dưới đây. Phiếu không ghi "
            "họ tên, ý kiến của Ông/Bà được giữ kín.",
            "",
            "",
        ),
        *group(
            "tiep_can",
            "Tiếp cận dịch vụ",
            scale("tc_dia_diem", "Nơi tiếp nhận và trả kết quả dễ tìm, thuận tiện đi lại"),
            scale(
                "tc_trang_thiet_bi",
                "Trang thiết bị phục vụ người dân (ghế ngồi, nước uống, máy tra cứu…) đầy đủ, dễ sử dụng",
            ),
            scale("tc_thong_tin", "Việc tìm hiểu thông tin, nộp hồ sơ trực tuyến dễ dàng, thuận tiện"),
        ),
        *group(
            "thu_tuc",
            "Thủ tục hành chính",
            scale("tt_niem_yet", "Thủ tục hành chính được niêm yết công khai, đầy đủ, chính xác"),
            scale("tt_thanh_phan", "Thành phần hồ sơ phải nộp đúng như quy định đã niêm yết"),
            scale("tt_phi", "Phí, lệ phí phải nộp đúng như quy định đã niêm yết"),
            scale("tt_thoi_han", "Thời hạn giải quyết đúng như quy định đã niêm yết"),
        ),
        *group(
            "cong_chuc",
            "Công chức",
            scale("cc_thai_do", "Công chức có thái độ giao tiếp lịch sự, tôn trọng người dân"),
            scale("cc_huong_dan", "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo, dễ hiểu"),
            scale("cc_tuan_thu", "Công chức tuân thủ đúng quy định khi giải quyết công việc"),
        ),
        *group(
            "ket_qua",
            "Kết quả",
            scale("kq_dung_han", "Kết quả được trả đúng hẹn"),
            scale("kq_chinh_xac", "Kết quả đúng quy định, thông tin trên kết quả đầy đủ, chính xác"),
        ),
        *group(
            "phan_anh",
            "Tiếp nhận, xử lý phản ánh, kiến nghị",
            (
                "select_one co_khong",
                "pa_da_gop_y",
                "Ông/Bà đã từng góp ý, phản ánh, kiến nghị với cơ quan chưa?",
                YES,
                "",
            ),
            scale(
                "pa_tiep_nhan",
                "Cơ quan tiếp nhận và xử lý phản ánh, kiến nghị của Ông/Bà tích cực, đúng quy định",
                "${pa_da_gop_y} = 'co'",
            ),
            scale(
                "pa_thong_bao",
                "Ông/Bà được thông báo kết quả xử lý phản ánh, kiến nghị kịp thời",
                "${pa_da_gop_y} = 'co'",
            ),
        ),
        SUGGESTION,
    ]
    lists = choices("muc_do_hai_long", SATISFACTION) + choices("co_khong", YES_NO)
    title = "Phiếu khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính (SIPAS)"
    return source("sipas", title, rows, lists)


def dossier_rating() -> dict[str, Any]:
    rows = [
        scale("hl_ho_so", "Ông/Bà hài lòng thế nào về việc giải quyết hồ sơ này?"),
        ("select_one co_khong", "dung_hen", "Hồ sơ có được trả kết quả đúng hẹn không?", YES, ""),
        SUGGESTION,
    ]
    lists = choices("muc_do_hai_long", SATISFACTION) + choices("co_khong", YES_NO)
    return source("danh_gia_ho_so", "Đánh giá sự hài lòng về việc giải quyết hồ sơ", rows, lists)


def attitude() -> dict[str, Any]:
    rows = [
        (
            "note",
            "gioi_thieu",
            "Xin Ông/Bà cho biết thái độ phục vụ của cán bộ, công chức khi giải quyết công việc "
            "của lĩnh vực Ông/Bà vừa liên hệ.",
            "",
            "",
        ),
        *group(
            "thai_do",
            "Thái độ phục vụ",
            scale("td_tiep_don", "Thái độ tiếp đón của cán bộ, công chức", list_name="thai_do"),
            scale("td_huong_dan", "Tinh thần hướng dẫn, giải đáp thắc mắc", list_name="thai_do"),
            scale("td_trach_nhiem", "Tinh thần trách nhiệm khi giải quyết công việc", list_name="thai_do"),
        ),
        SUGGESTION,
    ]
    title = "Phiếu khảo sát thái độ phục vụ của cán bộ, công chức theo lĩnh vực"
    return source("thai_do_can_bo", title, rows, choices("thai_do", ATTITUDE))


def one_stop_desk() -> dict[str, Any]:
    waiting = [
        ("duoi_15_phut", "Dưới 15 phút", ""),
        ("tu_15_den_30_phut", "Từ 15 đến 30 phút", ""),
        ("tren_30_phut", "Trên 30 phút", ""),
    ]
    rows = [
        *group(
            "mot_cua",
            "Bộ phận Một cửa",
            ("select_one thoi_gian_cho", "thoi_gian_cho", "Ông/Bà phải chờ bao lâu để được tiếp nhận hồ sơ?", YES, ""),
            scale("thai_do", "Thái độ của công chức tiếp nhận hồ sơ"),
            scale("huong_dan", "Công chức hướng dẫn đầy đủ, dễ hiểu, một lần là đủ"),
            ("select_one co_khong", "dung_hen", "Hồ sơ được trả kết quả đúng hẹn?", YES, ""),
            (
                "select_one co_khong",
                "tien_ngoai_quy_dinh",
                "Ông/Bà có bị yêu cầu nộp thêm tiền, quà ngoài quy định không?",
                YES,
                "",
            ),
        ),
        SUGGESTION,
    ]
    lists = choices("thoi_gian_cho", waiting) + choices("muc_do_hai_long", SATISFACTION) + choices("co_khong", YES_NO)
    return source("mot_cua", "Phiếu khảo sát tại Bộ phận tiếp nhận và trả kết quả (Một cửa)", rows, lists)


def baseline() -> dict[str, Any]:
    wishes = [
        ("thai_do", "Thái độ phục vụ của cán bộ, công chức", ""),
        ("thoi_gian", "Thời gian giải quyết hồ sơ", ""),
        ("cong_khai", "Công khai thông tin, thủ tục", ""),
        ("co_so", "Cơ sở vật chất nơi tiếp dân", ""),
        ("truc_tuyen", "Dịch vụ công trực tuyến", ""),
        ("lang_nghe", "Lắng nghe, trả lời ý kiến của người dân", ""),
    ]
    rows = [
        (
            "note",
            "gioi_thieu",
            "Xã chuẩn bị xây dựng mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ”. Xin "
            "Ông/Bà cho biết đánh giá hiện nay để xã có căn cứ so sánh sau khi thực hiện.",
            "",
            "",
        ),
        *group(
            "hien_nay",
            "Đánh giá hiện nay",
            scale("hl_chung", "Nhìn chung, Ông/Bà hài lòng thế nào với sự phục vụ của chính quyền xã?"),
            scale("hl_thai_do", "Thái độ phục vụ của cán bộ, công chức xã"),
            scale("hl_thu_tuc", "Việc giải quyết thủ tục hành chính tại xã"),
            scale("hl_lang_nghe", "Chính quyền xã lắng nghe, tiếp thu ý kiến của người dân"),
        ),
        (
            "select_multiple mong_muon",
            "mong_muon",
            "Ông/Bà mong muốn chính quyền xã cải thiện điều gì? (chọn một hoặc nhiều)",
            "",
            "",
        ),
        SUGGESTION,
    ]
    lists = choices("muc_do_hai_long", SATISFACTION) + choices("mong_muon", wishes)
    title = "Phiếu khảo sát ý kiến người dân trước khi xây dựng mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ”"
    return source("khao_sat_dau_ky", title, rows, lists)


TEMPLATES = {
    "sipas": sipas,
    "danh_gia_ho_so": dossier_rating,
    "thai_do_can_bo": attitude,
    "mot_cua": one_stop_desk,
    "khao_sat_dau_ky": baseline,
}


def main() -> None:
    for form_id, build in TEMPLATES.items():
        path = HERE / f"{form_id}.xlsx"
        path.write_bytes(write_workbook(build()))
        sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    main()
