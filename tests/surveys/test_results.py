"""The results page (issue 10 item 4): the figures by field, procedure, officer and month equal a count by hand over
the answers made here; every figure opens exactly the forms it counts; officers' names only to the unit's staff
and supervisors; another commune is "not found"; the PDF summary; the attitude distribution and indicator."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter, defaultdict
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader

from tests.conftest import make_user
from thanthien.lib.stats import indicator_value
from thanthien.org.actions import grant_role
from thanthien.org.models import Role
from thanthien.surveys import actions, stats

from .helpers import campaign, questionnaire

pytestmark = pytest.mark.django_db
BASE = "/khao-sat/quan-ly/"
PERIOD = {"unit": "X16012", "from": "01/01/2026", "to": "31/12/2026"}
SATISFIED = {"hai_long", "rat_hai_long"}

# The survey forms: (field, day, q1's answer)
SURVEY = [
    ("Hộ tịch", dt.date(2026, 1, 5), "hl"),
    ("Hộ tịch", dt.date(2026, 1, 20), "khl"),
    ("Đất đai", dt.date(2026, 2, 3), "rhl"),
    ("", dt.date(2026, 3, 9), "bt"),
    ("Đất đai", dt.date(2025, 12, 30), "hl"),  # before the period: never counted
]
# The per-dossier ratings: (procedure, procedure field, officer persona, day, rating, on time)
RATINGS = [
    ("1.001193", "Hộ tịch", "officer_a", dt.date(2026, 1, 7), "rat_hai_long", "co"),
    ("1.001193", "Hộ tịch", "registrar_a", dt.date(2026, 2, 7), "khong_hai_long", "khong"),
    ("1.004873", "Đất đai", "officer_a", dt.date(2026, 2, 8), "hai_long", "co"),
    ("1.004873", "Đất đai", "officer_a", dt.date(2026, 3, 1), "binh_thuong", "co"),
    ("2.000001", "Chứng thực", "ghost", dt.date(2026, 3, 2), "hai_long", "co"),  # an account since removed
]


@pytest.fixture
def made(personas):
    """The forms, and by hand: form ids per field / procedure / officer / month with their scale answers."""
    unit = personas.commune_a
    small = questionnaire(unit)
    c1 = campaign(
        unit,
        small.version,
        starts_on=dt.date(2025, 12, 1),
        target=3,
        target_per_field=True,
        fields=["Hộ tịch", "Đất đai"],
    )
    dossier = actions.copy_template(None, unit, actions.DOSSIER_FORM)
    c2 = campaign(unit, dossier.version, name="Đánh giá hồ sơ 2026", channels=["dossier"], target=10)
    hand: dict[str, dict] = defaultdict(lambda: defaultdict(lambda: {"ids": set(), "n": 0, "s": 0}))

    def count(kind: str, key: str, pk: int, answers: list[str]) -> None:
        entry = hand[kind][key]
        entry["ids"].add(pk)
        entry["n"] += len(answers)
        entry["s"] += sum(a in SATISFIED or a in {"hl", "rhl"} for a in answers)

    ids = {"officer_a": str(personas.officer_a.pk), "registrar_a": str(personas.registrar_a.pk), "ghost": "999999"}
    for field, day, q1 in SURVEY:
        r = actions.submit_response(c1, "paper", {"q1": [q1]}, day=day, facts={"field": field})
        if day.year == 2026:
            count("field", field, r.pk, [q1])
            count("month", f"{day:%Y-%m}", r.pk, [q1])
            count("all", "", r.pk, [q1])
    for code, pfield, officer, day, rating, on_time in RATINGS:
        facts = {"procedure_code": code, "procedure_field": pfield, "officer_id": ids[officer], "dossier_code": code}
        facts["dossier_code"] = f"HS-{day:%m%d}"
        given = {"hl_ho_so": [rating], "dung_hen": [on_time]}
        r = actions.submit_response(c2, "dossier", given, day=day, facts=facts)
        count("field", "", r.pk, [rating])
        count("procedure", code, r.pk, [rating])
        count("officer", officer, r.pk, [rating])
        count("month", f"{day:%Y-%m}", r.pk, [rating])
        count("all", "", r.pk, [rating])
    return {"hand": hand, "ids": ids, "c1": c1, "c2": c2}


def _links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link to the drill-down list."""
    found = re.findall(r'<a href="(/khao-sat/quan-ly/ket-qua/phieu/[^"]*)"[^>]*>(.*?)</a>', html, re.S)
    return [(unescape(href), re.sub(r"<[^>]+>", "", text).strip()) for href, text in found]


def _listed(client, href: str) -> set[int]:
    page = client.get(href)
    assert page.status_code == 200, href
    assert page.context["page_obj"].paginator.count <= 30
    return {row["form"].pk for row in page.context["rows"]}


def test_figures_equal_a_count_by_hand(personas, made, django_assert_max_num_queries) -> None:
    hand = made["hand"]
    client = personas.client(personas.leader_a)
    with django_assert_max_num_queries(45):
        page = client.get(f"{BASE}ket-qua/", PERIOD)
    assert page.status_code == 200
    ctx = page.context
    assert ctx["figures"]["forms"] == len(hand["all"][""]["ids"]) == 9
    for row in ctx["by_field"]:
        want = hand["field"][row["field"]]
        assert (row["forms"], row["answers"], row["satisfied"]) == (len(want["ids"]), want["n"], want["s"])
    assert {r["field"] for r in ctx["by_field"]} == set(hand["field"])
    for row in ctx["by_procedure"]:
        want = hand["procedure"][row["procedure_code"]]
        assert (row["forms"], row["answers"], row["satisfied"]) == (len(want["ids"]), want["n"], want["s"])
        assert row["rate"] == pytest.approx(want["s"] / want["n"])
    assert [(r["procedure_code"], r["procedure_field"]) for r in ctx["by_procedure"]] == [
        ("1.001193", "Hộ tịch"),
        ("1.004873", "Đất đai"),
        ("2.000001", "Chứng thực"),
    ]
    by_officer = {r["officer_id"]: r for r in ctx["by_officer"]}
    for persona, officer_id in made["ids"].items():
        want = hand["officer"][persona]
        row = by_officer[officer_id]
        assert (row["forms"], row["answers"], row["satisfied"]) == (len(want["ids"]), want["n"], want["s"])
    assert by_officer[made["ids"]["officer_a"]]["label"] == "Lê Thị Hoa"
    assert by_officer[made["ids"]["registrar_a"]]["label"] == "Nguyễn Văn Bình"
    assert "không còn trong hệ thống" in by_officer["999999"]["label"]
    months = {f"{m['month']:%Y-%m}": m for m in ctx["by_month"]}
    assert set(months) == set(hand["month"])
    for key, m in months.items():
        want = hand["month"][key]
        assert m["forms"] == len(want["ids"]) and m["rate"] == pytest.approx(want["s"] / want["n"])
    html = page.content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert "Lê Thị Hoa" in text and "1.004873" in text and "999999" not in text  # an id only inside a link
    # The sample reached against the target of each campaign of the period.
    targets = {t["campaign"].pk: t for t in ctx["targets"]}
    assert (targets[made["c1"].pk]["reached"], targets[made["c1"].pk]["target"]) == (5, 6)
    assert (targets[made["c2"].pk]["reached"], targets[made["c2"].pk]["target"]) == (5, 10)


def test_every_figure_opens_exactly_the_forms_it_counts(personas, made) -> None:
    hand = made["hand"]
    client = personas.client(personas.leader_a)
    html = client.get(f"{BASE}ket-qua/", PERIOD).content.decode()
    links = _links(html)
    assert len(links) > 20
    answer_figures = ("khia_canh", "hai_long", "thang_do")
    for href, text in links:
        params = parse_qs(urlsplit(href).query, keep_blank_values=True)
        listed = _listed(client, href)
        number = int(re.sub(r"\D", "", text))
        if not any(k in params for k in answer_figures):
            # A figure that counts forms: the list holds exactly that many.
            assert len(listed) == number, (href, text)
        else:
            # A figure that counts answers: the list says that many answers are in its forms.
            assert client.get(href).context["drill"].answer_count() == number, (href, text)
        if "linh_vuc" in params:
            assert listed == hand["field"][params["linh_vuc"][0]]["ids"], href
        if "thu_tuc" in params:
            assert listed == hand["procedure"][params["thu_tuc"][0]]["ids"], href
        if "can_bo" in params:
            persona = next(p for p, i in made["ids"].items() if i == params["can_bo"][0])
            assert listed == hand["officer"][persona]["ids"], href
        if "thang" in params:
            assert listed == hand["month"][params["thang"][0]]["ids"], href
    hrefs = [h for h, _ in links]
    for key in ("kenh=", "linh_vuc=", "thu_tuc=", "can_bo=", "thang=", "cau=", "lua_chon=", "khia_canh=", "hai_long="):
        assert any(key in h for h in hrefs), key
    # The satisfied answers open the forms holding one; all forms of the period; a choice of a question.
    satisfied = {pk for kind in ("all",) for pk in hand[kind][""]["ids"]}
    got = _listed(client, f"{BASE}ket-qua/phieu/?unit=X16012&from=01/01/2026&to=31/12/2026&hai_long=1")
    assert got < satisfied and len(got) == 5
    got = _listed(client, f"{BASE}ket-qua/phieu/?unit=X16012&from=01/01/2026&to=31/12/2026&cau=q1&lua_chon=hl")
    assert len(got) == 1
    # A campaign's page links to its own forms only, each figure to as many forms as it says.
    campaign_html = client.get(f"{BASE}dot/{made['c2'].pk}/").content.decode()
    own = made["c2"].responses.values_list("pk", flat=True)
    campaign_links = _links(campaign_html)
    assert any("kenh=dossier" in href for href, _ in campaign_links)
    for href, text in campaign_links:
        assert href.startswith(f"{BASE}ket-qua/phieu/?dot={made['c2'].pk}"), href
        listed = _listed(client, href)
        assert listed <= set(own)
        if not any(k in href for k in answer_figures):
            assert len(listed) == int(re.sub(r"\D", "", text)), (href, text)


def test_the_list_shows_the_answers_without_personal_data(personas, made) -> None:
    client = personas.client(personas.supervisor)
    page = client.get(f"{BASE}ket-qua/phieu/", {**PERIOD, "thu_tuc": "1.001193"})
    html = page.content.decode()
    assert page.status_code == 200 and page.context["page_obj"].paginator.count == 2
    assert "Rất hài lòng" in html and "Không hài lòng" in html and "thủ tục 1.001193" in html
    assert "HS-0107" not in html  # the dossier code leads to the citizen: never listed
    bad = client.get(f"{BASE}ket-qua/phieu/", {**PERIOD, "thang": "2026-13"})
    assert bad.status_code == 400 and "Tháng “2026-13” không hợp lệ" in bad.content.decode()
    assert client.get(f"{BASE}ket-qua/phieu/", {**PERIOD, "kenh": "fax"}).status_code == 400
    assert client.get(f"{BASE}ket-qua/phieu/", {"dot": "abc"}).status_code == 404
    assert client.get(f"{BASE}ket-qua/phieu/", {**PERIOD, "page": "99"}).status_code == 200


def test_another_commune_gets_not_found(personas, made) -> None:
    leader_b = make_user("leader_b", Role.LEADER, personas.commune_b)
    client = personas.client(leader_b)
    assert client.get(f"{BASE}ket-qua/phieu/", PERIOD).status_code == 404
    assert client.get(f"{BASE}ket-qua/phieu/", {"dot": made["c1"].pk}).status_code == 404
    assert client.get(f"{BASE}ket-qua/bao-cao.pdf", PERIOD).status_code == 404
    assert client.get(f"{BASE}ket-qua/", PERIOD).status_code == 404
    other = personas.client(personas.other_supervisor)
    assert other.get(f"{BASE}ket-qua/phieu/", {"dot": made["c2"].pk}).status_code == 404
    # Their own commune has no forms.
    own = client.get(f"{BASE}ket-qua/phieu/", {**PERIOD, "unit": "X16015"})
    assert own.status_code == 200 and own.context["page_obj"].paginator.count == 0


def test_officer_names_only_to_the_units_survey_readers(personas, made) -> None:
    # MTTQ of commune B who is also a one-stop officer of commune A: reads A's records, holds no survey role there.
    both = make_user("both", Role.FRONT, personas.commune_b)
    grant_role(None, both, personas.commune_a, Role.ONESTOP_OFFICER)
    client = personas.client(both)
    page = client.get(f"{BASE}ket-qua/", PERIOD)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Lê Thị Hoa" not in html and "Nguyễn Văn Bình" not in html and "can_bo=" not in html
    assert [r["label"] for r in page.context["by_officer"]] == ["Công chức 1", "Công chức 2", "Công chức 3"]
    refused = client.get(f"{BASE}ket-qua/phieu/", {**PERIOD, "can_bo": made["ids"]["officer_a"]})
    assert refused.status_code == 400 and "Lê Thị Hoa" not in refused.content.decode()
    assert "Lê Thị Hoa" in personas.client(personas.supervisor).get(f"{BASE}ket-qua/", PERIOD).content.decode()


def test_the_pdf_summary(personas, made) -> None:
    client = personas.client(personas.front_a)
    assert 'href="/khao-sat/quan-ly/ket-qua/bao-cao.pdf?' in client.get(f"{BASE}ket-qua/", PERIOD).content.decode()
    pdf = client.get(f"{BASE}ket-qua/bao-cao.pdf", PERIOD)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = " ".join(text.split())
    assert "UBND XÃ HOẰNG HỢP" in flat and "BÁO CÁO" in flat
    assert "từ ngày 01/01/2026 đến ngày 31/12/2026" in flat
    assert "Lê Thị Hoa" in flat and "1.004873" in flat and "Nơi tiếp nhận thuận tiện" in flat
    figures = stats.survey_stats(personas.commune_a, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert figures["forms"] == 9 and "Tỷ lệ hài lòng" in flat
    assert client.get(f"{BASE}ket-qua/bao-cao.pdf", {**PERIOD, "from": "32/01/2026"}).status_code == 400


def test_attitude_distribution_and_indicator(personas) -> None:
    unit, start, end = personas.commune_a, dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert indicator_value("surveys.attitude_rate", unit, start, end) is None  # no forms at all
    assert stats.attitude(unit, start, end) == {"answers": 0, "choices": {}, "satisfied": 0, "rate": None}
    small = questionnaire(unit)
    actions.submit_response(campaign(unit, small.version), "qr", {"q1": ["hl"]}, day=dt.date(2026, 5, 5))
    assert indicator_value("surveys.attitude_rate", unit, start, end) is None  # forms, but no attitude answers
    seeds = actions.copy_template(None, unit, "thai_do_can_bo")
    c = campaign(unit, seeds.version, name="Thái độ 2026")
    given = [
        ("rat_nhiet_tinh", "nhiet_tinh", "rat_nhiet_tinh"),
        ("nhiet_tinh", "binh_thuong", "chua_nhiet_tinh"),
        ("rat_nhiet_tinh", "rat_nhiet_tinh", "nhiet_tinh"),
    ]
    for a, b, d in given:
        answers = {"td_tiep_don": [a], "td_huong_dan": [b], "td_trach_nhiem": [d]}
        actions.submit_response(c, "paper", answers, day=dt.date(2026, 6, 1))
    hand = Counter(x for row in given for x in row)
    got = stats.attitude(unit, start, end)
    assert got["choices"] == dict(hand) and got["answers"] == 9
    assert list(got["choices"]) == ["rat_nhiet_tinh", "nhiet_tinh", "binh_thuong", "chua_nhiet_tinh"]
    assert got["rate"] == pytest.approx(7 / 9) == indicator_value("surveys.attitude_rate", unit, start, end)
    assert indicator_value("surveys.attitude", unit, start, end) == got  # the distribution, read by name
    assert stats.attitude(unit, start, end, "phieu_thu")["answers"] == 0
    page = personas.client(personas.leader_a).get(f"{BASE}ket-qua/", {**PERIOD, "phieu": "thai_do_can_bo"})
    html = page.content.decode()
    assert "Thái độ phục vụ của cán bộ, công chức" in html and "Chưa nhiệt tình" in html
    assert [r["n"] for r in page.context["attitude_rows"]] == [4, 3, 1, 1]


def test_the_answers_of_the_period_as_xlsx(personas, made) -> None:
    from openpyxl import load_workbook

    client = personas.client(personas.supervisor)
    html = client.get(f"{BASE}ket-qua/", PERIOD).content.decode()
    assert 'href="/khao-sat/quan-ly/ket-qua/phieu-tra-loi.xlsx?' in html
    raw = client.get(f"{BASE}ket-qua/phieu-tra-loi.xlsx", PERIOD)
    assert raw.status_code == 200
    rows = list(load_workbook(io.BytesIO(raw.content)).active.iter_rows(values_only=True))
    assert rows[0][:6] == ("Phiếu số", "Ngày trả lời", "Kênh", "Lĩnh vực", "Đợt khảo sát", "Mã thủ tục")
    assert "Nơi tiếp nhận thuận tiện (q1)" in rows[0] and len(rows) == 1 + 9
    assert {r[0] for r in rows[1:]} == made["hand"]["all"][""]["ids"]
    q1, rating = (
        rows[0].index("Nơi tiếp nhận thuận tiện (q1)"),
        rows[0].index("Ông/Bà hài lòng thế nào về việc giải quyết hồ sơ này? (hl_ho_so)"),
    )
    assert sorted(r[q1] for r in rows[1:] if r[q1]) == ["Bình thường", "Hài lòng", "Không hài lòng", "Rất hài lòng"]
    assert Counter(r[rating] for r in rows[1:] if r[rating])["Hài lòng"] == 2
    flat = " ".join(str(c) for r in rows for c in r)
    assert "HS-0107" not in flat and "Lê Thị Hoa" not in flat  # no dossier code, no officer
    assert not any(h for h in rows[0] if "hồ sơ" in h.lower() and "(" not in h)
    # A figure's list exports the same forms as it lists.
    listed = client.get(f"{BASE}ket-qua/phieu/", {**PERIOD, "thu_tuc": "1.004873"})
    assert "phieu-tra-loi.xlsx?" in listed.content.decode()
    part = client.get(f"{BASE}ket-qua/phieu-tra-loi.xlsx", {**PERIOD, "thu_tuc": "1.004873"})
    part_rows = list(load_workbook(io.BytesIO(part.content)).active.iter_rows(values_only=True))
    assert {r[0] for r in part_rows[1:]} == made["hand"]["procedure"]["1.004873"]["ids"]
    assert client.get(f"{BASE}ket-qua/phieu-tra-loi.xlsx", {**PERIOD, "thang": "x"}).status_code == 400
    leader_b = make_user("leader_b", Role.LEADER, personas.commune_b)
    assert personas.client(leader_b).get(f"{BASE}ket-qua/phieu-tra-loi.xlsx", PERIOD).status_code == 404
