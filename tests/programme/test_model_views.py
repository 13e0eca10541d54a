"""The model's pages as a writer uses them: a stage with its document, a step edited, moved and marked done, the
profile, a document edited with its PDF, the board edited, a member corrected, a change refused beside its fields;
bad input answers in Vietnamese, never with a server error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import Personas
from thanthien.programme import actions_model as actions
from thanthien.programme.models import (
    Board,
    BoardChange,
    BoardMember,
    CommuneProfile,
    DocumentKind,
    IssuedDocument,
    Issuer,
    ModelStage,
    ProcessStep,
    Stage,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def decision(p: Personas) -> IssuedDocument:
    return actions.create_document(
        p.leader_a,
        p.commune_a,
        {
            "kind": DocumentKind.DECISION,
            "number": "59-QĐ/ĐU",
            "issued_on": dt.date(2023, 3, 3),
            "issuer": Issuer.PARTY_COMMITTEE,
            "summary": "Thành lập Ban chỉ đạo",
            "decides": "board",
        },
    )


def test_a_stage_with_its_document_then_corrected(personas: Personas) -> None:
    leader = personas.client(personas.leader_a)
    d = decision(personas)
    assert leader.get("/mo-hinh/giai-doan/them/").status_code == 200
    bad = leader.post("/mo-hinh/giai-doan/them/", {"unit": "X16012", "stage": "launch", "reached_on": "32/13/2023"})
    assert bad.status_code == 200 and "Ngày không hợp lệ" in bad.content.decode()
    data = {"unit": "X16012", "stage": Stage.LAUNCH, "reached_on": "15/04/2023", "document": d.pk, "note": ""}
    assert leader.post("/mo-hinh/giai-doan/them/", data).status_code == 302
    stage = ModelStage.objects.get()
    assert (stage.stage, stage.reached_on, stage.document) == (Stage.LAUNCH, dt.date(2023, 4, 15), d)
    data["reached_on"] = "17/04/2023"
    assert leader.post(f"/mo-hinh/giai-doan/{stage.pk}/sua/", data).status_code == 302
    stage.refresh_from_db()
    assert stage.reached_on == dt.date(2023, 4, 17)
    home = leader.get("/mo-hinh/").content.decode()
    assert "Ra mắt mô hình" in home and "17/04/2023" in home
    detail = leader.get(f"/mo-hinh/van-ban/{d.pk}/").content.decode()
    assert "Giai đoạn “Ra mắt mô hình” ngày 17/04/2023" in detail
    assert 'href="/mo-hinh/ban-chi-dao/?unit=X16012">Thành lập, kiện toàn Ban chỉ đạo' in detail
    assert personas.client(personas.officer_b).get(f"/mo-hinh/giai-doan/{stage.pk}/sua/").status_code == 403
    assert personas.client(personas.supervisor).post(f"/mo-hinh/giai-doan/{stage.pk}/sua/", data).status_code == 403


def test_steps_edited_moved_and_done_from_the_page(personas: Personas) -> None:
    leader = personas.client(personas.leader_a)
    assert leader.get("/mo-hinh/").status_code == 200
    first, second = ProcessStep.objects.filter(unit=personas.commune_a).order_by("order")[:2]
    edit = {"unit": "X16012", "title": "Xây dựng kế hoạch", "description": "", "planned_by": "31/03/2023"}
    assert leader.post(f"/mo-hinh/buoc/{first.pk}/sua/", edit).status_code == 302
    assert leader.post(f"/mo-hinh/buoc/{first.pk}/sua/", {**edit, "done_on": "01/01/2199"}).status_code == 200
    assert leader.post(f"/mo-hinh/buoc/{second.pk}/thu-tu/", {"to": "up"}).status_code == 302
    assert ProcessStep.objects.get(pk=second.pk).order == 1
    assert leader.post(f"/mo-hinh/buoc/{first.pk}/hoan-thanh/").status_code == 302
    assert ProcessStep.objects.get(pk=first.pk).done_on is not None
    assert leader.post(f"/mo-hinh/buoc/{first.pk}/hoan-thanh/", {"undo": "1"}).status_code == 302
    assert ProcessStep.objects.get(pk=first.pk).done_on is None
    assert leader.post("/mo-hinh/buoc/them/", {"unit": "X16012", "title": "Nhân rộng"}).status_code == 302
    assert ProcessStep.objects.filter(unit=personas.commune_a).count() == 6
    assert leader.get(f"/mo-hinh/buoc/{first.pk}/thu-tu/").status_code == 405
    assert personas.client(personas.officer_a).post(f"/mo-hinh/buoc/{first.pk}/hoan-thanh/").status_code == 403


def test_the_profile_from_the_page(personas: Personas) -> None:
    leader = personas.client(personas.leader_a)
    data = {
        "unit": "X16012",
        "as_of": "31/10/2024",
        "area_km2": "4,36",
        "households": "1527",
        "population": "5579",
        "party_members": "291",
        "party_cells": "10",
        "villages": "5",
    }
    bad = leader.post("/mo-hinh/thong-tin-chung/", {**data, "households": "-3"})
    assert bad.status_code == 200 and "nhập số nguyên từ 0 trở lên" in bad.content.decode()
    assert leader.post("/mo-hinh/thong-tin-chung/", data).status_code == 302
    profile = CommuneProfile.objects.get()
    assert (str(profile.area_km2), profile.households, profile.party_cells) == ("4.36", 1527, 10)
    home = personas.client(personas.supervisor).get("/mo-hinh/?unit=X16012").content.decode()
    assert "1.527 hộ, 5.579 nhân khẩu" in home and "4,36 km²" in home


def test_a_document_edited_with_its_pdf(personas: Personas, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    leader = personas.client(personas.leader_a)
    d = decision(personas)
    data = {
        "kind": DocumentKind.DECISION,
        "number": "59-QĐ/ĐU",
        "issued_on": "03/03/2023",
        "issuer": Issuer.PARTY_COMMITTEE,
        "summary": "Thành lập Ban chỉ đạo thực hiện mô hình",
        "decides": "board",
        "file": SimpleUploadedFile("scan.pdf", PDF),
    }
    assert leader.post(f"/mo-hinh/van-ban/{d.pk}/sua/", data).status_code == 302
    d.refresh_from_db()
    assert d.summary == "Thành lập Ban chỉ đạo thực hiện mô hình" and d.file.name.endswith(".pdf")
    page = leader.get(f"/mo-hinh/van-ban/{d.pk}/").content.decode()
    assert f"/mo-hinh/van-ban/{d.pk}/tep.pdf" in page and "/media/" not in page
    data["kind"] = DocumentKind.NOTICE
    data.pop("file")
    refused = leader.post(f"/mo-hinh/van-ban/{d.pk}/sua/", data)
    assert refused.status_code == 200 and "không phải của thông báo" in refused.content.decode()
    assert personas.client(personas.officer_b).get(f"/mo-hinh/van-ban/{d.pk}/sua/").status_code == 403
    assert leader.get("/mo-hinh/van-ban/999999999999999999999/").status_code == 404


def test_the_board_pages(personas: Personas) -> None:
    leader = personas.client(personas.leader_a)
    d = decision(personas)
    founded = {"unit": "X16012", "kind": "steering", "name": "Ban chỉ đạo", "founded_on": "03/03/2023"}
    assert leader.post("/mo-hinh/ban-chi-dao/them/", {**founded, "founding_document": d.pk}).status_code == 302
    board = Board.objects.get()
    member = {"full_name": "Lê Văn Hùng", "position": "Bí thư", "board_role": "Trưởng ban", "tasks": "Phụ trách chung"}
    assert leader.post(f"/mo-hinh/ban-chi-dao/{board.pk}/thanh-vien/", member).status_code == 302
    head = BoardMember.objects.get()
    assert head.from_date == dt.date(2023, 3, 3)
    fixed = {**member, "position": "Bí thư Đảng ủy xã"}
    assert leader.post(f"/mo-hinh/ban-chi-dao/thanh-vien/{head.pk}/sua/", fixed).status_code == 302
    assert BoardMember.objects.get().position == "Bí thư Đảng ủy xã"
    edited = {**founded, "founded_on": "02/03/2023", "name": "Ban chỉ đạo mô hình"}
    assert leader.post(f"/mo-hinh/ban-chi-dao/{board.pk}/sua/", edited).status_code == 302
    assert BoardMember.objects.get().from_date == dt.date(2023, 3, 2)

    url = f"/mo-hinh/ban-chi-dao/{board.pk}/kien-toan/"
    assert leader.get(url).status_code == 200
    early = leader.post(url, {"decided_on": "01/03/2023", "leaving": [str(head.pk)]})
    assert early.status_code == 400 and "Ngày kiện toàn phải sau ngày thành lập Ban" in early.content.decode()
    half = leader.post(url, {"decided_on": "01/06/2024", "new0-full_name": "Nguyễn Thị Hạnh"})
    assert half.status_code == 400 and "Vui lòng nhập chức vụ của thành viên mới." in half.content.decode()
    stranger = leader.post(url, {"decided_on": "01/06/2024", "leaving": ["999999"]})
    assert stranger.status_code == 400
    done = leader.post(
        url,
        {
            "decided_on": "01/06/2024",
            "document": d.pk,
            "leaving": [str(head.pk)],
            "new0-full_name": "Nguyễn Thị Hạnh",
            "new0-position": "Bí thư Đảng ủy xã",
            "new0-board_role": "Trưởng ban",
        },
    )
    assert done.status_code == 302 and BoardChange.objects.count() == 1
    names = [m.full_name for m in actions.members_on(board, dt.date(2024, 6, 1))]
    assert names == ["Nguyễn Thị Hạnh"]
    page = personas.client(personas.officer_a).get("/mo-hinh/ban-chi-dao/?ngay=01/05/2024").content.decode()
    assert "Lê Văn Hùng" in page and "Kiện toàn Ban" not in page
    assert personas.client(personas.officer_b).get("/mo-hinh/ban-chi-dao/?unit=X16012").status_code == 404
    assert personas.client(personas.supervisor).get(url).status_code == 403
