"""The surveys API: questionnaires usable by the caller (those of the district or province above included), campaigns
scoped to the caller's communes with their progress and figures (a hand count, the keys of `thanthien stats
surveys`), and the public online channel: no account, no CSRF, an empty form or a wrong answer refused in
Vietnamese, closed when no campaign is open online, braked per device and network address."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.conftest import Personas, make_user
from tests.surveys.helpers import campaign, open_today, questionnaire, small_source
from thanthien.org.models import Role
from thanthien.surveys import actions, brakes
from thanthien.surveys.models import Answer, Campaign, Response

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/surveys/public/X16012/phieu_thu"
SATISFIED = {"hl", "rhl"}


def get(personas: Personas, user: Any, url: str, **params: Any) -> Any:
    return personas.client(user).get(f"/api/v1/surveys/{url}", params)


def send(client: Client, data: Any, url: str = PUBLIC, **extra: Any) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


@pytest.fixture
def open_now(personas: Personas) -> Campaign:
    """Commune A's campaign of the small questionnaire, open today on QR and online, with two fields."""
    return open_today(personas.commune_a, channels=["qr", "online"], fields=["Hộ tịch", "Đất đai"])


# --- questionnaires --------------------------------------------------------------------------------------------


def test_questionnaires_usable_by_the_caller_include_those_above(personas: Personas) -> None:
    own = questionnaire(personas.commune_a).questionnaire
    province_source = small_source()
    province_source["settings"] = {"form_title": "Phiếu của tỉnh", "form_id": "phieu_tinh", "version": "1"}
    from_province = actions.save_questionnaire(None, personas.province, province_source).questionnaire
    other = questionnaire(personas.commune_b).questionnaire

    body = get(personas, personas.leader_a, "questionnaires").json()
    assert {i["id"] for i in body["items"]} == {own.pk, from_province.pk} and body["count"] == 2
    assert {i["unit_code"] for i in body["items"]} == {"X16012", "T38"}
    assert get(personas, personas.leader_a, f"questionnaires/{other.pk}").status_code == 404
    assert get(personas, personas.leader_a, f"questionnaires/{from_province.pk}").status_code == 200
    assert [i["id"] for i in get(personas, personas.front_a, "questionnaires", unit_code="T38").json()["items"]] == [
        from_province.pk
    ]
    everything = get(personas, personas.supervisor, "questionnaires").json()
    assert {i["id"] for i in everything["items"]} == {own.pk, from_province.pk, other.pk}
    assert get(personas, personas.other_supervisor, f"questionnaires/{own.pk}").status_code == 404
    refused = get(personas, personas.officer_a, "questionnaires")  # one-stop officers do not read surveys
    assert refused.status_code == 403 and "không được xem phiếu khảo sát" in refused.json()["detail"]


def test_a_questionnaire_shows_its_latest_version_questions_and_choices(personas: Personas) -> None:
    imported = questionnaire(personas.commune_a)
    edited = actions.edit_questionnaire(None, imported.version, actions.QuestionEdit(labels={"q1": "Nơi tiếp nhận"}))
    body = get(personas, personas.admin_a, f"questionnaires/{imported.questionnaire.pk}").json()
    assert body["form_id"] == "phieu_thu" and body["latest_version"]["number"] == edited.version.number == 2
    assert body["latest_version"]["created_at"].endswith("+07:00") and body["created_at"].endswith("+07:00")
    questions = {q["name"]: q for q in body["questions"]}
    assert questions["q1"]["label"] == "Nơi tiếp nhận" and questions["q1"]["required"] is True
    assert questions["q1"]["is_scale"] is True and questions["q1"]["group_name"] == "tiep_can"
    assert [(c["name"], c["satisfied"]) for c in questions["q1"]["choices"]] == [
        ("rkhl", False),
        ("khl", False),
        ("bt", False),
        ("hl", True),
        ("rhl", True),
    ]
    assert (questions["q3"]["relevant_name"], questions["q3"]["relevant_value"]) == ("gop_y", "co")
    assert questions["mong_muon"]["type"] == "select_multiple" and questions["y_kien"]["choices"] == []
    listed = get(personas, personas.admin_a, "questionnaires").json()["items"][0]
    assert listed["latest_version"]["version"] == edited.version.version and "questions" not in listed


# --- campaigns -------------------------------------------------------------------------------------------------


def test_another_communes_campaign_is_not_found(personas: Personas) -> None:
    c = campaign(personas.commune_a, questionnaire(personas.commune_a).version)
    leader_b = make_user("leader_b", Role.LEADER, personas.commune_b)
    assert get(personas, leader_b, f"campaigns/{c.pk}").status_code == 404
    assert get(personas, leader_b, "campaigns").json()["count"] == 0
    assert get(personas, leader_b, "campaigns", unit_code="X16012").json()["count"] == 0
    assert get(personas, personas.other_supervisor, f"campaigns/{c.pk}").status_code == 404
    assert get(personas, personas.officer_a, f"campaigns/{c.pk}").status_code == 403
    assert get(personas, personas.leader_a, "campaigns/99999999999").status_code == 422
    listed = get(personas, personas.front_a, "campaigns", form_id="phieu_thu").json()
    assert [i["id"] for i in listed["items"]] == [c.pk] and listed["items"][0]["forms"] == 0
    assert get(personas, personas.front_a, "campaigns", form_id="khac").json()["count"] == 0


def _forms() -> list[tuple[str, dt.date, dict[str, list[str]]]]:
    return [
        ("online", dt.date(2026, 3, 2), {"q1": ["hl"], "q2": ["bt"], "gop_y": ["co"], "q3": ["rhl"]}),
        ("paper", dt.date(2026, 3, 9), {"q1": ["khl"], "gop_y": ["khong"], "q3": ["hl"], "mong_muon": ["nhanh"]}),
        ("qr", dt.date(2026, 4, 1), {"q1": ["rhl"], "q2": ["hl"], "mong_muon": ["nhanh", "gon"], "so_lan": ["2"]}),
        ("paper", dt.date(2026, 5, 5), {"q1": ["bt"], "q2": [""], "y_kien": ["Tốt"]}),
    ]


def test_a_supervisor_reads_a_campaign_with_figures_equal_to_a_hand_count(personas: Personas) -> None:
    imported = questionnaire(personas.commune_a)
    c = campaign(personas.commune_a, imported.version, target=5)
    forms = _forms()
    for channel, day, given in forms:
        actions.submit_response(c, channel, given, day=day)
    # Another commune's forms count in neither its list nor its figures.
    other = campaign(personas.commune_b, questionnaire(personas.commune_b).version)
    actions.submit_response(other, "qr", {"q1": ["rkhl"]}, day=dt.date(2026, 3, 3))

    response = get(personas, personas.supervisor, f"campaigns/{c.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["progress"] == {"reached": 4, "target": 5, "rate": pytest.approx(0.8), "fields": []}
    assert body["forms"] == 4 and body["form_id"] == "phieu_thu" and body["updated_at"].endswith("+07:00")
    figures = body["figures"]
    # By hand: the scale questions answered (q3 only where gop_y = co; a blank q2 is no answer).
    scale = [("q1", "hl"), ("q2", "bt"), ("q3", "rhl"), ("q1", "khl"), ("q1", "rhl"), ("q2", "hl"), ("q1", "bt")]
    assert figures["forms"] == len(forms)
    assert figures["by_channel"] == {"qr": 1, "kiosk": 0, "dossier": 0, "paper": 2, "online": 1, "import": 0}
    assert figures["answers"] == len(scale)
    assert figures["satisfied"] == sum(1 for _, v in scale if v in SATISFIED) == 4
    assert figures["satisfaction_rate"] == pytest.approx(4 / 7)
    assert figures["questions"]["q1"] == {
        "answers": 4,
        "choices": dict(Counter(v for q, v in scale if q == "q1")),
        "satisfied": 2,
        "rate": 0.5,
    }
    assert figures["questions"]["mong_muon"] == {
        "answers": 2,
        "choices": {"nhanh": 2, "gon": 1},
        "satisfied": 0,
        "rate": None,
    }
    assert figures["aspects"] == {
        "tiep_can": {"answers": 6, "satisfied": 3, "rate": 0.5},
        "cong_chuc": {"answers": 1, "satisfied": 1, "rate": 1.0},
    }
    # The same keys and figures as `thanthien stats surveys` over the campaign's period, in the same order.
    out = StringIO()
    call_command(
        "stats", "surveys", "--unit", "X16012", "--from", "2026-01-01", "--to", "2026-12-31", "--json", stdout=out
    )
    assert list(figures) == list(json.loads(out.getvalue()))
    assert figures == json.loads(out.getvalue())
    # The commune's own staff read the same; its list carries the count of forms.
    assert get(personas, personas.leader_a, f"campaigns/{c.pk}").json()["figures"] == figures
    assert get(personas, personas.leader_a, "campaigns").json()["items"][0]["forms"] == 4


def test_progress_per_field(personas: Personas) -> None:
    imported = questionnaire(personas.commune_a)
    c = campaign(personas.commune_a, imported.version, target=2, target_per_field=True, fields=["Hộ tịch", "Đất đai"])
    actions.submit_response(c, "paper", {"q1": ["hl"]}, day=dt.date(2026, 6, 1), facts={"field": "Hộ tịch"})
    progress = get(personas, personas.leader_a, f"campaigns/{c.pk}").json()["progress"]
    assert progress["reached"] == 1 and progress["target"] == 4
    assert progress["fields"] == [
        {"field": "Hộ tịch", "reached": 1, "target": 2},
        {"field": "Đất đai", "reached": 0, "target": 2},
    ]


def test_staff_operations_need_a_caller(personas: Personas, open_now: Campaign) -> None:
    for url in ("questionnaires", f"questionnaires/{open_now.version.questionnaire_id}", "campaigns"):
        response = Client().get(f"/api/v1/surveys/{url}")
        assert response.status_code == 401 and "Cần đăng nhập" in response.json()["detail"]
    assert Client().get(f"/api/v1/surveys/campaigns/{open_now.pk}").status_code == 401


# --- the public online channel ---------------------------------------------------------------------------------


def test_the_open_campaigns_questions_without_an_account(open_now: Campaign) -> None:
    response = Client().get(PUBLIC)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["unit_code"], body["form_id"], body["campaign"]) == ("X16012", "phieu_thu", "Đợt 1 năm 2026")
    assert body["fields"] == ["Hộ tịch", "Đất đai"] and body["ends_on"] == open_now.ends_on.isoformat()
    q1 = next(q for q in body["questions"] if q["name"] == "q1")
    assert q1["required"] is True and q1["choices"][-1] == {"name": "rhl", "label": "Rất hài lòng"}
    assert "satisfied" not in json.dumps(body) and "is_scale" not in q1  # how answers are scored stays inside
    for personal in ("Họ tên", "Số điện thoại", "CCCD", "Địa chỉ"):
        assert personal not in response.content.decode()


def test_a_form_is_submitted_without_an_account_or_csrf(personas: Personas, open_now: Campaign) -> None:
    given = {"q1": ["hl"], "gop_y": ["co"], "q3": ["rhl"], "mong_muon": ["nhanh", "gon"], "so_lan": ["3"]}
    response = send(Client(), {"answers": given, "field": "Đất đai"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["answered"] == 5 and "Xin cảm ơn" in body["detail"]
    assert body["submitted_on"] == timezone.localdate().isoformat()
    assert brakes.DEVICE_COOKIE in response.cookies  # the device is remembered for the brake
    saved = Response.objects.get()
    assert (saved.channel, saved.field, saved.campaign_id) == ("online", "Đất đai", open_now.pk)
    assert sorted(saved.answers.values_list("question__name", "value")) == [
        ("gop_y", "co"),
        ("mong_muon", "gon"),
        ("mong_muon", "nhanh"),
        ("q1", "hl"),
        ("q3", "rhl"),
        ("so_lan", "3"),
    ]
    # A signed-in browser without a CSRF token may submit too: the public channel asks for neither.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas.leader_a)
    assert send(strict, {"answers": {"q1": ["bt"]}}).status_code == 201
    assert Response.objects.count() == 2


def test_an_empty_form_is_refused(open_now: Campaign) -> None:
    empties: list[dict[str, list[str]]] = [{}, {"q1": []}, {"q1": ["  "], "y_kien": [""]}]
    for empty in empties:
        response = send(Client(), {"answers": empty})
        assert response.status_code == 422, response.content
        assert "Phiếu chưa có câu trả lời nào" in response.json()["detail"]
    missing = send(Client(), {})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "answers"
    assert Response.objects.count() == 0


def test_each_wrong_answer_is_refused_with_its_question(open_now: Campaign) -> None:
    unknown_choice = send(Client(), {"answers": {"q1": ["xyz"]}})
    assert unknown_choice.status_code == 422
    errors = unknown_choice.json()["errors"]
    assert errors == [
        {
            "loc": ["body", "answers", "q1"],
            "field": "q1",
            "where": "nội dung",
            "msg": "Lựa chọn “xyz” không có trong câu hỏi này.",
        }
    ]
    assert "q1: Lựa chọn “xyz”" in unknown_choice.json()["detail"]
    required = send(Client(), {"answers": {"q2": ["hl"], "so_lan": ["nhiều"]}}).json()["errors"]
    assert {e["field"]: e["msg"] for e in required} == {
        "q1": "Vui lòng trả lời câu hỏi này.",
        "so_lan": "Vui lòng ghi một số nguyên.",
    }
    two = send(Client(), {"answers": {"q1": ["hl", "bt"]}}).json()["errors"]
    assert two[0]["msg"] == "Câu hỏi này chỉ chọn một."
    no_such = send(Client(), {"answers": {"q1": ["hl"], "ho_ten": ["Nguyễn Văn A"]}})
    assert no_such.status_code == 422 and no_such.json()["errors"][0]["field"] == "ho_ten"
    assert "không có câu hỏi này" in no_such.json()["errors"][0]["msg"]
    bad_field = send(Client(), {"answers": {"q1": ["hl"]}, "field": "Xây dựng"})
    assert bad_field.status_code == 422 and "Hộ tịch, Đất đai" in bad_field.json()["detail"]
    too_many = send(Client(), {"answers": {"mong_muon": ["nhanh"] * 51}})
    assert too_many.status_code == 422 and "nhiều nhất 50 giá trị" in too_many.json()["detail"]
    not_a_list = send(Client(), {"answers": {"q1": "hl"}})
    assert not_a_list.status_code == 422 and "danh sách" in not_a_list.json()["detail"]
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_closed_when_no_campaign_is_open_online(personas: Personas, open_now: Campaign) -> None:
    open_now.channels = ["qr", "paper"]  # open, but not on the online channel
    open_now.save()
    for response in (Client().get(PUBLIC), send(Client(), {"answers": {"q1": ["hl"]}})):
        assert response.status_code == 404
        assert "không có đợt khảo sát “Phiếu thử” đang mở trực tuyến" in response.json()["detail"]
    open_now.channels = ["online"]
    open_now.ends_on = timezone.localdate() - dt.timedelta(days=1)  # over
    open_now.save()
    assert Client().get(PUBLIC).status_code == 404
    assert send(Client(), {"answers": {"q1": ["hl"]}}).status_code == 404
    unknown_form = Client().get("/api/v1/surveys/public/X16012/khong_co")
    assert unknown_form.status_code == 404 and unknown_form.json()["detail"] == "Không có phiếu khảo sát này."
    assert Client().get("/api/v1/surveys/public/KHONGCO/phieu_thu").json()["detail"] == (
        "Không có xã, phường nào mang mã này."
    )
    assert Client().get("/api/v1/surveys/public/H399/phieu_thu").status_code == 404  # a district takes no forms
    assert Client().get("/api/v1/surveys/public/X16012/" + "x" * 101).status_code == 422
    assert Response.objects.count() == 0


def test_a_province_questionnaire_is_answered_at_the_commune(personas: Personas) -> None:
    source = small_source()
    source["settings"]["form_id"] = "phieu_tinh"
    version = actions.save_questionnaire(None, personas.province, source).version
    today = timezone.localdate()
    campaign(personas.commune_b, version, starts_on=today, ends_on=today, channels=["online"])
    assert Client().get("/api/v1/surveys/public/X16015/phieu_tinh").status_code == 200
    assert Client().get("/api/v1/surveys/public/X16012/phieu_tinh").status_code == 404  # A opened no campaign
    done = send(Client(), {"answers": {"q1": ["hl"]}}, url="/api/v1/surveys/public/X16015/phieu_tinh")
    assert done.status_code == 201 and Response.objects.get().unit_id == personas.commune_b.pk


def test_braked_per_device(open_now: Campaign) -> None:
    phone = Client()
    for _ in range(brakes.MAX_PER_DEVICE):
        assert send(phone, {"answers": {"q1": ["hl"]}}, REMOTE_ADDR="10.0.0.1").status_code == 201
    refused = send(phone, {"answers": {"q1": ["hl"]}}, REMOTE_ADDR="10.0.0.2")
    assert refused.status_code == 429 and "Máy này đã gửi nhiều phiếu" in refused.json()["detail"]
    assert Response.objects.count() == brakes.MAX_PER_DEVICE
    assert send(Client(), {"answers": {"q1": ["hl"]}}, REMOTE_ADDR="10.0.0.2").status_code == 201  # another phone


def test_braked_per_address_and_a_refused_form_counts_nothing(open_now: Campaign, monkeypatch: Any) -> None:
    monkeypatch.setattr(brakes, "MAX_PER_ADDRESS", 3)
    for _ in range(5):  # refused forms: not counted
        assert send(Client(), {"answers": {"q1": ["xyz"]}}, REMOTE_ADDR="10.0.0.9").status_code == 422
    for _ in range(3):
        assert send(Client(), {"answers": {"q1": ["hl"]}}, REMOTE_ADDR="10.0.0.9").status_code == 201
    refused = send(Client(), {"answers": {"q1": ["hl"]}}, REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429 and "Từ mạng của Ông/Bà" in refused.json()["detail"]
    assert Response.objects.count() == 3
    # The web form and the API share the brake: the same network is braked on the public page too.
    page = Client().post("/khao-sat/X16012/phieu_thu/", {"q1": "hl"}, REMOTE_ADDR="10.0.0.9")
    assert page.status_code == 429
