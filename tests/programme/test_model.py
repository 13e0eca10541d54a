"""The model at a commune (issue 11 items 1–3): document numbers as written in Vietnam, the official citation, the
board as it stood on a day across a change, the five default steps, the profile of a day, and who sees and writes
what (another commune: 404; a supervisor reads; an officer cannot write)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.programme import actions_model as actions
from thanthien.programme.models import (
    Board,
    BoardMember,
    CommuneProfile,
    DocumentKind,
    IssuedDocument,
    Issuer,
    ProcessStep,
)
from thanthien.programme.numbers_model import citation_date, clean_number

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def document(p: Personas, number: str = "59-QĐ/ĐU", **extra: object) -> IssuedDocument:
    data: dict[str, object] = {
        "kind": DocumentKind.DECISION,
        "number": number,
        "issued_on": dt.date(2023, 3, 3),
        "issuer": Issuer.PARTY_COMMITTEE,
        "summary": "Thành lập Ban chỉ đạo thực hiện mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ” năm 2023",
        **extra,
    }
    return actions.create_document(p.leader_a, p.commune_a, data)


# --- numbers -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        (DocumentKind.DECISION, "59-QĐ/ĐU", "59-QĐ/ĐU"),
        (DocumentKind.DECISION, "07/QĐ-UBND", "07/QĐ-UBND"),
        (DocumentKind.DECISION, "07/QĐ – UBND", "07/QĐ-UBND"),  # as the seed writes it
        (DocumentKind.DECISION, "01/2024/qđ-ubnd", "01/2024/QĐ-UBND"),
        (DocumentKind.PLAN, "263-KH/HU", "263-KH/HU"),
        (DocumentKind.PLAN, "20/KH-UBND", "20/KH-UBND"),
        (DocumentKind.PLAN, "03-KH/LN", "03-KH/LN"),
        (DocumentKind.NOTICE, "15/TB-UBND", "15/TB-UBND"),
        (DocumentKind.RESOLUTION, "27- NQ/ĐU", "27-NQ/ĐU"),
        (DocumentKind.OFFICIAL_LETTER, "123/UBND-VP", "123/UBND-VP"),
        (DocumentKind.OFFICIAL_LETTER, "125-CV/ĐU", "125-CV/ĐU"),
        (DocumentKind.REPORT, "85/BC-UBND", "85/BC-UBND"),
        (DocumentKind.REGULATION, "05-QC/ĐU", "05-QC/ĐU"),
        (DocumentKind.DECISION, "12/QĐ", "12/QĐ"),
    ],
)
def test_numbers_as_written_in_vietnam_are_taken_and_tidied(kind: str, typed: str, stored: str) -> None:
    assert clean_number(kind, typed, dt.date(2024, 5, 2)) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "QĐ-UBND",
        "59",
        "59-",
        "59-qđ/",
        "0/QĐ-UBND",
        "59 QĐ ĐU",
        "59-QĐ/ĐU/",
        "abc",
        "59-1QĐ/ĐU",
        "59_QĐ_ĐU",
        "12/QĐ-UBND;",
    ],
)
def test_a_bad_shape_is_refused_with_an_example(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_number(DocumentKind.DECISION, typed, dt.date(2024, 5, 2))
    message = caught.value.message_dict["number"][0]
    assert "không đúng cách ghi số văn bản" in message
    assert "ví dụ 59-QĐ/ĐU hoặc 07/QĐ-UBND" in message


def test_the_abbreviation_must_be_the_kinds() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_number(DocumentKind.PLAN, "07/QĐ-UBND", dt.date(2024, 5, 2))
    assert "ký hiệu QĐ của quyết định, không phải của kế hoạch" in caught.value.message_dict["number"][0]
    with pytest.raises(ValidationError) as caught:
        clean_number(DocumentKind.NOTICE, "15/HD-UBND", dt.date(2024, 5, 2))
    assert "không phải chữ viết tắt của thông báo (TB)" in caught.value.message_dict["number"][0]
    with pytest.raises(ValidationError):
        clean_number(DocumentKind.OFFICIAL_LETTER, "15/TB-UBND", dt.date(2024, 5, 2))
    with pytest.raises(ValidationError) as caught:
        clean_number(DocumentKind.DECISION, "01/2023/QĐ-UBND", dt.date(2024, 5, 2))
    assert "khác năm ban hành (2024)" in caught.value.message_dict["number"][0]


def test_a_document_is_refused_with_a_bad_number_and_saved_tidied(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        document(personas, number="59/KH-UBND")
    assert not IssuedDocument.objects.exists()
    saved = document(personas, number="07/QĐ – UBND", issuer=Issuer.PEOPLES_COMMITTEE)
    assert saved.number == "07/QĐ-UBND"
    with pytest.raises(ValidationError) as caught:
        document(personas, number="07/QĐ-UBND", issuer=Issuer.PEOPLES_COMMITTEE)
    assert "Đã có văn bản số 07/QĐ-UBND ngày 03/03/2023" in caught.value.messages[0]


# --- citation ------------------------------------------------------------------------------------------------------


def test_the_citation_in_the_official_style(personas: Personas) -> None:
    assert citation_date(dt.date(2023, 3, 3)) == "03/3/2023"
    assert citation_date(dt.date(2023, 1, 6)) == "06/01/2023"
    assert citation_date(dt.date(2024, 10, 29)) == "29/10/2024"
    d = document(personas)
    assert actions.citation(d) == (
        "Quyết định số 59-QĐ/ĐU ngày 03/3/2023 của Đảng ủy xã Hoằng Hợp về việc thành lập Ban chỉ đạo thực hiện "
        "mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ” năm 2023"
    )
    plan = actions.create_document(
        personas.leader_a,
        personas.commune_a,
        {
            "kind": DocumentKind.PLAN,
            "number": "263-KH/HU",
            "issued_on": dt.date(2024, 10, 29),
            "issuer": Issuer.HIGHER,
            "issuer_name": "Huyện ủy Hoằng Hóa",
            "summary": "Về việc tổ chức hội nghị sơ kết 03 năm thực hiện mô hình.",
        },
    )
    assert actions.citation(plan) == (
        "Kế hoạch số 263-KH/HU ngày 29/10/2024 của Huyện ủy Hoằng Hóa về việc tổ chức hội nghị sơ kết 03 năm "
        "thực hiện mô hình"
    )
    tthc = actions.create_document(
        personas.leader_a,
        personas.commune_a,
        {
            "kind": DocumentKind.DECISION,
            "number": "03/QĐ-UBND",
            "issued_on": dt.date(2023, 1, 6),
            "issuer": Issuer.PEOPLES_COMMITTEE,
            "summary": "TTHC: ban hành kế hoạch kiểm soát năm 2023",
        },
    )
    assert actions.citation(tthc).startswith(
        "Quyết định số 03/QĐ-UBND ngày 06/01/2023 của UBND xã Hoằng Hợp về việc TTHC"
    )


def test_higher_body_needs_its_name(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        document(personas, issuer=Issuer.HIGHER)
    assert "issuer_name" in caught.value.message_dict


# --- PDF -----------------------------------------------------------------------------------------------------------


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(personas: Personas) -> None:
    fake = SimpleUploadedFile("quyet-dinh.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        actions.create_document(
            personas.leader_a,
            personas.commune_a,
            {
                "kind": DocumentKind.DECISION,
                "number": "59-QĐ/ĐU",
                "issued_on": dt.date(2023, 3, 3),
                "issuer": Issuer.PARTY_COMMITTEE,
                "summary": "Thành lập Ban chỉ đạo",
            },
            fake,
        )
    assert caught.value.message_dict["file"] == ["Chỉ nhận tệp PDF. Tệp đã chọn không phải là tệp PDF hợp lệ."]
    assert not IssuedDocument.objects.exists()
    big = SimpleUploadedFile("lon.pdf", PDF, content_type="application/pdf")
    big.size = actions.PDF_MAX_BYTES + 1
    with pytest.raises(ValidationError) as caught:
        actions.clean_pdf(big)
    assert "20 MB" in caught.value.message_dict["file"][0]


def test_a_pdf_is_stored_under_our_own_name_and_served_to_readers_only(personas: Personas, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("../../etc/passwd.pdf", PDF, content_type="application/pdf")
    d = actions.create_document(
        personas.leader_a,
        personas.commune_a,
        {
            "kind": DocumentKind.DECISION,
            "number": "59-QĐ/ĐU",
            "issued_on": dt.date(2023, 3, 3),
            "issuer": Issuer.PARTY_COMMITTEE,
            "summary": "Thành lập Ban chỉ đạo",
        },
        upload,
    )
    assert d.file.name.startswith("programme/documents/") and "passwd" not in d.file.name
    assert AuditEntry.objects.filter(action="programme.document.file").count() == 1
    url = f"/mo-hinh/van-ban/{d.pk}/tep.pdf"
    response = personas.client(personas.officer_a).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert personas.client(personas.supervisor).get(url).status_code == 200
    assert personas.client(personas.officer_b).get(url).status_code == 404
    assert personas.client(personas.other_supervisor).get(url).status_code == 404
    assert personas.client(None).get(url).status_code == 302


# --- the board -----------------------------------------------------------------------------------------------------


def test_the_board_as_it_stood_on_any_day_across_a_change(personas: Personas) -> None:
    founding = document(personas)
    board = actions.create_board(
        personas.leader_a,
        personas.commune_a,
        {"name": "Ban chỉ đạo mô hình", "founded_on": dt.date(2023, 3, 3), "founding_document": founding},
    )
    head = actions.add_member(
        personas.leader_a, board, {"full_name": "Lê Văn Hùng", "position": "Bí thư Đảng ủy", "board_role": "Trưởng ban"}
    )
    deputy = actions.add_member(
        personas.leader_a,
        board,
        {"full_name": "Trần Văn Dũng", "position": "Chủ tịch UBND xã", "board_role": "Phó Trưởng ban"},
    )
    decision = document(personas, number="120-QĐ/ĐU", issued_on=dt.date(2024, 6, 10), summary="Kiện toàn Ban chỉ đạo")
    change = actions.record_change(
        personas.admin_a,
        board,
        {"decided_on": dt.date(2024, 6, 10), "document": decision, "note": "Thay Trưởng ban"},
        leaving=[head],
        joining=[{"full_name": "Nguyễn Thị Hạnh", "position": "Bí thư Đảng ủy", "board_role": "Trưởng ban"}],
    )
    head.refresh_from_db()
    assert (head.to_date, head.left_by) == (dt.date(2024, 6, 9), change)
    newcomer = BoardMember.objects.get(full_name="Nguyễn Thị Hạnh")
    assert (newcomer.from_date, newcomer.joined_by, newcomer.to_date) == (dt.date(2024, 6, 10), change, None)

    def names(day: dt.date) -> list[str]:
        return [m.full_name for m in actions.members_on(board, day)]

    assert names(dt.date(2023, 3, 2)) == []
    assert names(dt.date(2023, 3, 3)) == ["Lê Văn Hùng", "Trần Văn Dũng"]
    assert names(dt.date(2024, 6, 9)) == ["Lê Văn Hùng", "Trần Văn Dũng"]
    assert names(dt.date(2024, 6, 10)) == ["Trần Văn Dũng", "Nguyễn Thị Hạnh"]
    assert deputy.to_date is None

    page = personas.client(personas.supervisor).get("/mo-hinh/ban-chi-dao/?unit=X16012&ngay=01/01/2024")
    text = page.content.decode()
    assert page.status_code == 200 and "Lê Văn Hùng" in text and "Thành phần ngày 01/01/2024: 2 thành viên" in text
    assert "Quyết định số 120-QĐ/ĐU ngày 10/6/2024 của Đảng ủy xã Hoằng Hợp" in text
    bad = personas.client(personas.leader_a).get("/mo-hinh/ban-chi-dao/?ngay=31/02/2024")
    assert bad.status_code == 200 and "không hợp lệ" in bad.content.decode()


def test_a_change_is_refused_before_the_founding_or_for_someone_not_on_the_board(personas: Personas) -> None:
    board = actions.create_board(
        personas.leader_a, personas.commune_a, {"name": "Ban điều hành", "founded_on": dt.date(2023, 3, 17)}
    )
    member = actions.add_member(
        personas.leader_a, board, {"full_name": "Hà Văn Hạnh", "position": "Chủ tịch UBND", "board_role": "Trưởng ban"}
    )
    with pytest.raises(ValidationError):
        actions.record_change(personas.leader_a, board, {"decided_on": dt.date(2023, 3, 17)}, leaving=[member])
    with pytest.raises(ValidationError):
        actions.record_change(personas.leader_a, board, {"decided_on": dt.date(2024, 1, 1)})  # changes nothing
    actions.record_change(personas.leader_a, board, {"decided_on": dt.date(2024, 1, 1)}, leaving=[member])
    member.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.record_change(personas.leader_a, board, {"decided_on": dt.date(2024, 5, 1)}, leaving=[member])
    with pytest.raises(PermissionDenied):
        actions.record_change(personas.officer_a, board, {"decided_on": dt.date(2024, 5, 1), "note": "x"})
    other = IssuedDocument.objects.create(
        unit=personas.commune_b,
        kind=DocumentKind.DECISION,
        number="1/QĐ-UBND",
        issued_on=dt.date(2024, 1, 1),
        issuer=Issuer.PEOPLES_COMMITTEE,
        summary="x",
    )
    with pytest.raises(ValidationError):
        actions.record_change(
            personas.leader_a, board, {"decided_on": dt.date(2024, 5, 1), "document": other, "note": "x"}
        )


# --- steps and profile ---------------------------------------------------------------------------------------------


def test_the_five_default_steps_once_then_reordered_and_done(personas: Personas) -> None:
    steps = actions.ensure_default_steps(personas.commune_a)
    assert [s.title for s in steps] == list(actions.DEFAULT_STEPS)
    assert actions.ensure_default_steps(personas.commune_a) == steps  # idempotent
    assert ProcessStep.objects.filter(unit=personas.commune_a).count() == 5
    actions.move_step(personas.leader_a, steps[4], -1)
    titles = list(ProcessStep.objects.filter(unit=personas.commune_a).order_by("order").values_list("title", flat=True))
    assert titles[3:] == [actions.DEFAULT_STEPS[4], actions.DEFAULT_STEPS[3]]
    actions.move_step(personas.leader_a, steps[0], -1)  # the first cannot go up
    assert ProcessStep.objects.get(pk=steps[0].pk).order == 1
    done = actions.update_step(personas.leader_a, steps[0], {"done_on": dt.date(2023, 3, 3)})
    assert done.done_on == dt.date(2023, 3, 3)
    added = actions.add_step(personas.admin_a, personas.commune_a, {"title": "Nhân rộng mô hình"})
    assert added.order == 6
    with pytest.raises(PermissionDenied):
        actions.add_step(personas.officer_a, personas.commune_a, {"title": "x"})


def test_the_profile_of_a_day(personas: Personas) -> None:
    unit = personas.commune_a
    actions.save_profile(personas.leader_a, unit, {"as_of": dt.date(2023, 12, 31), "households": 1500})
    actions.save_profile(personas.leader_a, unit, {"as_of": dt.date(2024, 10, 31), "households": 1527})
    actions.save_profile(personas.leader_a, unit, {"as_of": dt.date(2024, 10, 31), "population": 5579})
    assert CommuneProfile.objects.filter(unit=unit).count() == 2
    assert actions.profile_on(unit, dt.date(2023, 6, 1)) is None
    assert actions.profile_on(unit, dt.date(2024, 1, 1)).households == 1500
    latest = actions.profile_on(unit, dt.date(2025, 1, 1))
    assert (latest.households, latest.population) == (1527, 5579)


# --- pages: scoping, roles, search ---------------------------------------------------------------------------------


def test_another_commune_does_not_exist_and_a_supervisor_reads(personas: Personas) -> None:
    d = document(personas)
    detail = f"/mo-hinh/van-ban/{d.pk}/"
    assert personas.client(personas.officer_b).get(detail).status_code == 404
    assert personas.client(personas.other_supervisor).get(detail).status_code == 404
    assert personas.client(personas.officer_b).get("/mo-hinh/?unit=X16012").status_code == 404
    seen = personas.client(personas.supervisor).get(detail)
    assert seen.status_code == 200
    assert "Quyết định số 59-QĐ/ĐU ngày 03/3/2023 của Đảng ủy xã Hoằng Hợp" in seen.content.decode()
    assert "/sua/" not in seen.content.decode()  # read-only
    home = personas.client(personas.supervisor).get("/mo-hinh/?unit=X16012")
    assert home.status_code == 200 and actions.DEFAULT_STEPS[0] in home.content.decode()
    assert personas.client(personas.supervisor).get(f"/mo-hinh/van-ban/{d.pk}/sua/").status_code == 403
    assert personas.client(personas.front_a).get("/mo-hinh/van-ban/").status_code == 200


def test_an_officer_reads_but_cannot_write(personas: Personas) -> None:
    officer = personas.client(personas.officer_a)
    assert officer.get("/mo-hinh/").status_code == 200
    assert officer.get("/mo-hinh/van-ban/them/").status_code == 403
    data = {
        "kind": DocumentKind.DECISION,
        "number": "59-QĐ/ĐU",
        "issued_on": "03/03/2023",
        "issuer": Issuer.PARTY_COMMITTEE,
        "summary": "Thành lập Ban chỉ đạo",
    }
    assert officer.post("/mo-hinh/van-ban/them/", data).status_code == 403
    assert officer.post("/mo-hinh/ban-chi-dao/them/", {"name": "x", "founded_on": "03/03/2023"}).status_code == 403
    assert not IssuedDocument.objects.exists() and not Board.objects.exists()


def test_the_form_says_what_is_wrong_with_a_number(personas: Personas) -> None:
    leader = personas.client(personas.leader_a)
    data = {
        "unit": "X16012",
        "kind": DocumentKind.PLAN,
        "number": "KH 20 UBND",
        "issued_on": "20/04/2023",
        "issuer": Issuer.PEOPLES_COMMITTEE,
        "summary": "Thực hiện mô hình",
    }
    page = leader.post("/mo-hinh/van-ban/them/", data)
    assert page.status_code == 200
    assert "không đúng cách ghi số văn bản" in page.content.decode() and "20/KH-UBND" in page.content.decode()
    data["number"] = "20/KH-UBND"
    data["file"] = SimpleUploadedFile("ke-hoach.pdf", b"<html>not a pdf</html>")
    page = leader.post("/mo-hinh/van-ban/them/", data)
    assert "Chỉ nhận tệp PDF" in page.content.decode() and not IssuedDocument.objects.exists()
    del data["file"]
    page = leader.post("/mo-hinh/van-ban/them/", {**data, "issued_on": "01/01/1800"})
    assert "năm phải trong khoảng 2000–2100" in page.content.decode() and not IssuedDocument.objects.exists()
    done = leader.post("/mo-hinh/van-ban/them/", data)
    assert done.status_code == 302 and IssuedDocument.objects.get().number == "20/KH-UBND"


def test_search_without_diacritics_and_filters(personas: Personas) -> None:
    document(personas)
    document(
        personas,
        number="20/KH-UBND",
        kind=DocumentKind.PLAN,
        issuer=Issuer.PEOPLES_COMMITTEE,
        issued_on=dt.date(2024, 4, 20),
        summary="Tổ chức hội nghị đối thoại với Nhân dân",
    )
    reader = personas.client(personas.officer_a)

    def numbers(query: str) -> list[str]:
        page = reader.get("/mo-hinh/van-ban/?" + query)
        assert page.status_code == 200
        return [d.number for d in page.context["page_obj"]]

    assert numbers("q=thanh lap ban chi dao") == ["59-QĐ/ĐU"]
    assert numbers("q=DOI THOAI nhan dan") == ["20/KH-UBND"]
    assert numbers("q=59-qd/du") == ["59-QĐ/ĐU"]
    assert numbers("q=kh ubnd") == ["20/KH-UBND"]
    assert numbers("q=khong co") == []
    assert numbers("kind=plan") == ["20/KH-UBND"]
    assert numbers("issuer=party_committee") == ["59-QĐ/ĐU"]
    assert numbers("year=2023") == ["59-QĐ/ĐU"]
    assert numbers("year=abc&kind=x&issuer=khac") == ["20/KH-UBND", "59-QĐ/ĐU"]
    assert personas.client(personas.officer_b).get("/mo-hinh/van-ban/").context["page_obj"].paginator.count == 0
