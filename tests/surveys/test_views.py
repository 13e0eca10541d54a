"""The staff survey pages: who may open what, another commune's records not found, the flows on screen."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from thanthien.surveys import actions, stats, xlsform
from thanthien.surveys.models import Campaign, Questionnaire, QuestionnaireVersion

from .helpers import campaign, questionnaire, small_source, workbook

pytestmark = pytest.mark.django_db
BASE = "/khao-sat/quan-ly/"


@pytest.fixture
def setup(personas):
    imported = questionnaire(personas.commune_a)
    c = campaign(personas.commune_a, imported.version, target=2, target_per_field=True, fields=["Hộ tịch", "Đất đai"])
    for given, field in (({"q1": ["hl"], "mong_muon": ["nhanh"]}, "Hộ tịch"), ({"q1": ["khl"]}, "Đất đai")):
        actions.submit_response(c, "paper", given, day=dt.date(2026, 4, 1), facts={"field": field})
    return imported, c


def test_list_shows_templates_and_campaigns_to_writers(personas, setup) -> None:
    page = personas.client(personas.front_a).get(BASE)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sao chép để dùng" in html and "Phiếu thử" in html and "Đợt 1 năm 2026" in html
    actions.save_questionnaire(
        None, personas.commune_a, small_source(version="2", extra=[{"type": "text", "name": "z", "label": "Z"}])
    )
    row = personas.client(personas.front_a).get(BASE).context["page_obj"].object_list[0]
    assert (row.versions_count, row.forms) == (2, 2)  # two versions, two forms: not their product
    assert "Sao chép để dùng" not in personas.client(personas.supervisor).get(BASE).content.decode()


def test_roles(personas, setup) -> None:
    assert personas.client(personas.officer_a).get(BASE).status_code == 403
    assert personas.client(None).get(BASE).status_code == 302
    assert personas.client(personas.supervisor).get(BASE).status_code == 200
    assert personas.client(personas.supervisor).get(f"{BASE}dot/them/").status_code == 403


def test_another_commune_gets_not_found(personas, setup) -> None:
    imported, c = setup
    from tests.conftest import make_user
    from thanthien.org.models import Role

    leader_b = make_user("leader_b", Role.LEADER, personas.commune_b)
    client = personas.client(leader_b)
    for url in (
        f"{BASE}dot/{c.pk}/",
        f"{BASE}dot/{c.pk}/phieu-tra-loi.xlsx",
        f"{BASE}dot/{c.pk}/ma-qr.pdf",
        f"{BASE}phieu/{imported.questionnaire.pk}/",
        f"{BASE}phieu/{imported.questionnaire.pk}/sua/",
        f"{BASE}phieu/{imported.questionnaire.pk}/xlsform.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    assert "Đợt 1 năm 2026" not in client.get(BASE).content.decode()
    assert personas.client(personas.other_supervisor).get(f"{BASE}dot/{c.pk}/").status_code == 404
    assert personas.client(personas.supervisor).get(f"{BASE}dot/{c.pk}/").status_code == 200


def test_copy_a_template_then_edit_it_as_a_new_version(personas) -> None:
    client = personas.client(personas.leader_a)
    done = client.post(f"{BASE}mau/sao-chep/", {"template": "mot_cua", "unit": "X16012"})
    q = Questionnaire.objects.get(unit=personas.commune_a, form_id="mot_cua")
    assert done.status_code == 302 and done["Location"].endswith(f"/phieu/{q.pk}/")
    detail = client.get(done["Location"]).content.decode()
    assert "Bộ phận Một cửa" in detail and "thang đo hài lòng" in detail
    edit_page = client.get(f"{BASE}phieu/{q.pk}/sua/")
    form = edit_page.context["form"]
    data = dict(form.initial)
    for name, field in form.fields.items():
        if name not in data:
            data[name] = field.initial
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update({"add_type": "text", "add_name": "them", "add_label": "Câu hỏi thêm", "label_thai_do": "Thái độ mới"})
    saved = client.post(f"{BASE}phieu/{q.pk}/sua/", data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    latest = q.versions.order_by("-number").first()
    assert latest.number == 2 and latest.questions.filter(name="them").exists()
    assert latest.questions.get(name="thai_do").label == "Thái độ mới"
    bad = client.post(f"{BASE}phieu/{q.pk}/sua/", {**data, "label_them": "Câu hỏi thêm", "add_name": "thai_do"})
    assert bad.status_code == 400 and "bị trùng" in bad.content.decode()
    assert client.post(f"{BASE}mau/sao-chep/", {"template": "../../etc", "unit": "X16012"}).status_code == 302
    assert client.post(f"{BASE}mau/sao-chep/", {"template": "x" * 10000, "unit": "X16012"}).status_code == 302
    assert QuestionnaireVersion.objects.filter(questionnaire=q).count() == 2


def test_import_a_workbook_and_see_its_errors(personas) -> None:
    client = personas.client(personas.admin_a)
    upload = io.BytesIO(workbook(small_source()))
    upload.name = "phieu.xlsx"
    done = client.post(f"{BASE}nhap/", {"file": upload, "unit": "X16012"})
    assert done.status_code == 302
    from thanthien.core.models import ImportRun

    assert ImportRun.objects.get(kind="questionnaire").filename == "phieu.xlsx"  # the run names the uploaded file
    bad_source = small_source(extra=[{"type": "rank", "name": "x", "label": "X"}])
    upload = io.BytesIO(workbook(bad_source))
    upload.name = "phieu.xlsx"
    page = client.post(f"{BASE}nhap/", {"file": upload, "unit": "X16012"})
    assert page.status_code == 400 and "Trang survey, dòng 13: loại câu hỏi “rank”" in page.content.decode()
    upload = io.BytesIO(workbook(small_source()))
    upload.name = "phieu.xlsx"
    assert client.post(f"{BASE}nhap/", {"file": upload, "unit": "X16015"}).status_code == 403


def test_export_round_trips(personas, setup) -> None:
    imported, _ = setup
    for odd in ("²", "99999999999999999999", "-1", "x"):
        url = f"{BASE}phieu/{imported.questionnaire.pk}/?v={odd}"
        assert personas.client(personas.supervisor).get(url).status_code == 200
    raw = personas.client(personas.supervisor).get(f"{BASE}phieu/{imported.questionnaire.pk}/xlsform.xlsx").content
    assert xlsform.clean_source(xlsform.read_workbook(raw)) == imported.version.source


def test_campaign_create_and_refusals(personas, setup) -> None:
    imported, _ = setup
    client = personas.client(personas.front_a)
    data = {
        "name": "Đợt 2",
        "version": imported.version.pk,
        "starts_on": "01/01/2027",
        "ends_on": "31/12/2027",
        "channels": ["qr", "paper"],
        "target": "30",
        "fields_text": "",
        "unit": "X16012",
    }
    assert client.post(f"{BASE}dot/them/", {**data, "ends_on": "31/12/2026"}).status_code == 400
    assert client.post(f"{BASE}dot/them/", {**data, "starts_on": "32/13/2027"}).status_code == 400
    assert client.post(f"{BASE}dot/them/", {**data, "target_per_field": "on"}).status_code == 400
    far = client.post(f"{BASE}dot/them/", {**data, "starts_on": "01/01/1800", "ends_on": "01/01/9999"})
    assert far.status_code == 400 and "01/01/2000 – 31/12/2100" in far.content.decode()
    assert not Campaign.objects.filter(name="Đợt 2").exists()
    done = client.post(f"{BASE}dot/them/", data)
    assert done.status_code == 302
    c = Campaign.objects.get(name="Đợt 2")
    assert c.channels == ["qr", "paper"] and c.target == 30
    again = client.post(f"{BASE}dot/them/", {**data, "channels": ["paper"]}).content.decode()
    assert "Đơn vị đã có đợt khảo sát tên “Đợt 2”" in again
    # The same questionnaire on the same public channel at the same time would take the other's forms.
    overlap = client.post(f"{BASE}dot/them/", {**data, "name": "Đợt 3", "starts_on": "01/06/2027"})
    assert overlap.status_code == 400 and "Đợt “Đợt 2” (01/01/2027 – 31/12/2027)" in overlap.content.decode()
    paper_only = client.post(f"{BASE}dot/them/", {**data, "name": "Đợt 3", "channels": ["paper"]})
    assert paper_only.status_code == 302  # paper forms of two campaigns do not meet on a link


def test_results_page_progress_and_exports(personas, setup, django_assert_max_num_queries) -> None:
    _, c = setup
    client = personas.client(personas.supervisor)
    with django_assert_max_num_queries(40):
        page = client.get(f"{BASE}dot/{c.pk}/")
    html = page.content.decode()
    assert "Đã thu <strong>2</strong> / 4 phiếu" in html
    assert "50,00 %" in html  # one satisfied of two scale answers
    assert "<svg" in html and "Hộ tịch" in html
    book = load_workbook(io.BytesIO(client.get(f"{BASE}dot/{c.pk}/phieu-tra-loi.xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Phiếu số", "Ngày trả lời", "Kênh", "Lĩnh vực")
    assert len(rows) == 3 and "Hài lòng" in rows[1]
    pdf = client.get(f"{BASE}dot/{c.pk}/ma-qr.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "XÃ HOẰNG HỢP" in text and "/khao-sat/X16012/phieu_thu/?kenh=qr" in text
    a4 = PdfReader(io.BytesIO(pdf.content)).pages[0].mediabox
    small = client.get(f"{BASE}dot/{c.pk}/ma-qr.pdf", {"kho": "a5"})
    a5 = PdfReader(io.BytesIO(small.content)).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)  # A4 in points
    assert (round(float(a5.width)), round(float(a5.height))) == (420, 595)  # A5
    assert len(PdfReader(io.BytesIO(small.content)).pages) == 1


def test_results_for_a_period_and_the_baseline(personas, setup) -> None:
    imported, _ = setup
    base = campaign(
        personas.commune_a,
        imported.version,
        name="Đầu kỳ",
        is_baseline=True,
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
    )
    actions.submit_response(base, "paper", {"q1": ["bt"]}, day=dt.date(2025, 3, 1))
    client = personas.client(personas.supervisor)
    page = client.get(f"{BASE}ket-qua/", {"unit": "X16012", "from": "01/01/2026", "to": "31/12/2026"})
    html = page.content.decode()
    assert page.status_code == 200 and "50,00 %" in html and "Nơi tiếp nhận thuận tiện" in html
    assert "“Đầu kỳ”</a>: hài lòng 0,00 %" in html and "Khảo sát đầu kỳ <a" in html
    # A district pairs each commune's baseline with that commune's own latest campaign, never another's.
    other = campaign(personas.commune_b, questionnaire(personas.commune_b).version, name="Đợt của xã B")
    actions.submit_response(other, "paper", {"q1": ["hl"]}, day=dt.date(2026, 4, 2))
    pairs = stats.baseline_against_latest(personas.district)
    assert [(p["unit"], p["latest"]["campaign"].unit) for p in pairs] == [(personas.commune_a, personas.commune_a)]
    bad = client.get(f"{BASE}ket-qua/", {"unit": "X16012", "from": "31/02/2026"})
    assert bad.status_code == 400 and "không hợp lệ" in bad.content.decode()
    assert client.get(f"{BASE}ket-qua/", {"unit": "P05956"}).status_code == 404
