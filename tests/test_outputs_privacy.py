"""Every output — page, PDF, DOCX, XLSX, CSV, JSON — as every role: a citizen's personal data (full name, CCCD,
phone, address, lookup PIN) leaves the system only for the staff of the unit that holds it, and only through the
outputs that the role's pages offer (DOMAIN.md §10).

The rule, one for pages, documents, exports and the API:
- the desk (Một cửa officer, civil registrar, commune administrator) and the leader read their commune's dossiers
  and civil events in full; the receipt ("giấy hẹn", with the PIN) is printed by the desk only;
- MTTQ works on letters to citizens and reads the figures: its commune's letters in full, no dossier and no civil
  event (pages, exports and API alike answer 403);
- a supervisor reads the records of every unit under them with names masked and the rest hidden, and prints
  nothing that carries a citizen's data;
- another commune's staff do not see the record at all (lists leave it out, its own address answers 404).

Each output below lists what each persona gets: FULL (the data in clear), HIDDEN (answers, with no personal datum
in it) or REFUSED (403/404, or a redirect back with a message)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.civil.factories import make_event
from tests.conftest import Personas
from tests.onestop.factories import make_dossier
from thanthien.letters.models import Letter
from thanthien.lib.privacy import mask_name
from thanthien.lib.vn import nfc

pytestmark = pytest.mark.django_db

PERSONAS = (
    "officer_a",
    "registrar_a",
    "leader_a",
    "front_a",
    "reception_a",
    "admin_a",
    "officer_b",
    "supervisor",
    "other_supervisor",
    "sysadmin",
)
FULL, HIDDEN, REFUSED = "full", "hidden", "refused"

APPLICANT = {
    "name": "Nguyễn Thị Tuyết Nhung",
    "cccd": "038190012345",
    "phone": "0987654321",
    "address": "Xóm Đồng Quang, thôn Trung",
    "pin": "QX7K",
}
CONTACT = {"name": "Trần Văn Hậu", "phone": "0977111222", "address": "Đội 5, thôn Nam Khê", "person": "Trần Minh Khôi"}


PETITIONER = {"name": "Đinh Thị Xuân Hương", "cccd": "038190067890", "address": "Xóm Bãi, thôn Đông Hải"}
VISITOR = {"name": "Mai Văn Thịnh", "cccd": "038190054321", "address": "Xóm Giữa, thôn Phú Khê"}
SENDER = {"name": "Lưu Thị Ngọc Bích", "phone": "0966333444", "address": "Ngõ 7, thôn Yên Bình"}


@dataclass
class World:
    personas: Personas
    dossier_code: str
    event_id: int
    letter_id: int
    petition_id: int = 0
    session_id: int = 0
    visit_id: int = 0
    feedback_id: int = 0


@pytest.fixture
def world(personas: Personas) -> World:
    dossier = make_dossier(
        personas.commune_a,
        applicant_name=APPLICANT["name"],
        applicant_id_number=APPLICANT["cccd"],
        applicant_phone=APPLICANT["phone"],
        applicant_address=APPLICANT["address"],
        pin=APPLICANT["pin"],
    )
    event = make_event(
        personas.commune_a,
        kind="death",
        person_name=CONTACT["person"],
        contact_name=CONTACT["name"],
        contact_phone=CONTACT["phone"],
        contact_address=CONTACT["address"],
    )
    letter = Letter.objects.create(
        unit=personas.commune_a,
        kind="condolence",
        subject_type="civil_event",
        subject_id=str(event.pk),
        civil_event=event,
        owed_on=event.registered_on,
        honorific="Ông",
        recipient_name=CONTACT["name"],
        recipient_phone=CONTACT["phone"],
        recipient_address=CONTACT["address"],
    )
    return World(personas, dossier.code, event.pk, letter.pk, *_engagement(personas))


def _engagement(personas: Personas) -> tuple[int, int, int, int]:
    """An accepted complaint, a reception visit and a published answer to feedback, in commune A."""
    import datetime as dt

    from thanthien.engagement import actions, feedback_actions, reception_actions

    leader, unit = personas.leader_a, personas.commune_a
    day = dt.date(2025, 3, 3)
    petition = actions.receive_petition(
        leader,
        unit,
        {
            "source": "hand",
            "kind": "complaint",
            "content": "Khiếu nại việc thu hồi đất",
            "received_on": day,
            "petitioner_name": PETITIONER["name"],
            "petitioner_id_number": PETITIONER["cccd"],
            "petitioner_address": PETITIONER["address"],
        },
    )
    actions.accept(leader, petition, on=day + dt.timedelta(days=2))
    values = {"held_on": day, "kind": "regular", "receiver": "chairman", "receiver_name": "Lê Văn Tâm"}
    session = reception_actions.record_session(leader, unit, {**values, "head_in_person": True})
    visit = reception_actions.add_visit(
        leader,
        session,
        {
            "citizen_name": VISITOR["name"],
            "citizen_id_number": VISITOR["cccd"],
            "citizen_address": VISITOR["address"],
            "people": 1,
            "content": "Hỏi về tranh chấp ranh giới đất",
            "subject_kind": "recommendation",
            "outcome": "answered",
        },
    )
    feedback, _ = feedback_actions.submit_feedback(
        unit,
        {
            "kind": "feedback",
            "category": "infrastructure",
            "content": "Đèn đường thôn Yên Bình bị hỏng",
            "contact_name": SENDER["name"],
            "contact_phone": SENDER["phone"],
            "contact_address": SENDER["address"],
            "consent_publish": True,
        },
    )
    # What the visitor raised goes into the opinions register under their name.
    from thanthien.engagement import dialogue_actions

    dialogue_actions.record_opinion(
        leader, unit, {"visit": visit, "content": "Đề nghị đo đạc lại ranh giới", "raised_by": VISITOR["name"]}
    )
    feedback_actions.answer(leader, feedback, "Xã đã thay bóng đèn ngày 05/3/2025")
    feedback_actions.publish(leader, feedback)
    return petition.pk, session.pk, visit.pk, feedback.pk


# --- reading any output as text ------------------------------------------------------------------------------


def _pdf(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _xlsx(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)


def as_text(response: Any) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        text = _pdf(data)
    elif "wordprocessingml" in kind:
        text = _docx(data)
    elif "spreadsheetml" in kind:
        text = _xlsx(data)
    elif "json" in kind:
        text = json.dumps(json.loads(data), ensure_ascii=False)
    else:
        text = data.decode("utf-8-sig")
    return " ".join(nfc(text).split())  # a PDF breaks lines anywhere: compare words, not layout


# --- the outputs ---------------------------------------------------------------------------------------------


@dataclass
class Output:
    name: str
    url: Callable[[World], str]
    full: frozenset[str]  # personas that get the data in clear
    hidden: frozenset[str]  # personas answered without any personal datum
    secrets: dict[str, str]  # every datum that must not leak
    shown: tuple[str, ...] = ("name",)  # the data a FULL answer must contain
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    masked: frozenset[str] = frozenset()  # HIDDEN personas that must see the masked name instead

    def expected(self, persona: str) -> str:
        if persona in self.full:
            return FULL
        return HIDDEN if persona in self.hidden else REFUSED


COMMUNE_A = frozenset({"officer_a", "registrar_a", "leader_a", "front_a", "admin_a", "sysadmin"})
DESK_A = frozenset({"officer_a", "registrar_a", "admin_a", "sysadmin"})
READERS_A = DESK_A | {"leader_a"}  # dossiers and civil events: every commune role but MTTQ
OUTSIDERS = frozenset({"officer_b", "other_supervisor"})
NOBODY: frozenset[str] = frozenset()
DOSSIER = APPLICANT
EVENT = CONTACT
ALL = frozenset(PERSONAS)
# engagement: its records' personal data is for those who handle them (personal_readers), not for MTTQ
HANDLERS_A = frozenset({"leader_a", "admin_a", "reception_a", "sysadmin"})
PERIOD = "unit=X16012&from=01/01/2025&to=31/12/2025"

OUTPUTS = [
    # the pages themselves: the reference every other output must agree with
    Output("dossier page", lambda w: f"/mot-cua/ho-so/{w.dossier_code}/", READERS_A, {"supervisor"}, DOSSIER,
           ("name", "cccd", "phone", "address"), masked=frozenset({"supervisor"})),
    Output("dossier list page", lambda w: "/mot-cua/", READERS_A, {"supervisor", "other_supervisor", "officer_b"},
           DOSSIER, masked=frozenset({"supervisor"})),
    Output("civil event page", lambda w: f"/ho-tich/{w.event_id}/", READERS_A, {"supervisor"}, EVENT,
           ("name", "phone", "address", "person")),
    Output("letter page", lambda w: f"/thu/{w.letter_id}/", COMMUNE_A, {"supervisor"}, EVENT,
           masked=frozenset({"supervisor"})),
    # documents
    Output("receipt PDF", lambda w: f"/mot-cua/ho-so/{w.dossier_code}/giay-hen.pdf", DESK_A, NOBODY, DOSSIER,
           ("name", "cccd", "phone", "address", "pin")),
    Output("letter PDF", lambda w: f"/thu/{w.letter_id}/in.pdf", COMMUNE_A, NOBODY, EVENT),
    Output("letter DOCX", lambda w: f"/thu/{w.letter_id}/tai.docx", COMMUNE_A, NOBODY, EVENT),
    Output("letters batch PDF", lambda w: "/thu/in-hang-loat.pdf", COMMUNE_A, NOBODY, EVENT, method="post",
           data=lambda w: {"ids": [w.letter_id]}),
    Output("default letter DOCX template", lambda w: "/thu/mau/mac-dinh.docx", NOBODY, {"leader_a", "admin_a",
           "sysadmin"}, EVENT | DOSSIER),
    Output("commune letter DOCX template", lambda w: "/thu/mau/condolence/mau.docx?unit=X16012", NOBODY,
           {"leader_a", "admin_a", "sysadmin"}, EVENT | DOSSIER),
    Output("sample notice PDF", lambda w: "/tai-lieu/mau-thong-bao.pdf", NOBODY, ALL, EVENT | DOSSIER),
    # exports and import templates
    Output("dossier export CSV", lambda w: "/mot-cua/xuat/?format=csv", READERS_A,
           {"supervisor", "other_supervisor", "officer_b"}, DOSSIER, ("name", "cccd", "phone", "address"),
           masked=frozenset({"supervisor"})),
    Output("dossier export XLSX", lambda w: "/mot-cua/xuat/?format=xlsx", READERS_A,
           {"supervisor", "other_supervisor", "officer_b"}, DOSSIER, ("name", "cccd", "phone", "address"),
           masked=frozenset({"supervisor"})),
    Output("dossier import template", lambda w: "/mot-cua/nhap-ho-so/mau.csv", NOBODY,
           DESK_A | {"officer_b"}, DOSSIER),
    Output("civil import template", lambda w: "/ho-tich/nhap/mau.csv", NOBODY,
           READERS_A | {"officer_b"}, EVENT),
    # the API
    Output("API dossiers", lambda w: "/api/v1/dossiers", READERS_A, {"supervisor"} | OUTSIDERS, DOSSIER,
           masked=frozenset({"supervisor"})),
    Output("API dossier", lambda w: f"/api/v1/dossiers/{w.dossier_code}", READERS_A, {"supervisor"}, DOSSIER,
           masked=frozenset({"supervisor"})),
    Output("API civil events", lambda w: "/api/v1/civil-events", READERS_A, {"supervisor"} | OUTSIDERS, EVENT,
           ("name", "phone", "address", "person"), masked=frozenset({"supervisor"})),
    Output("API civil event", lambda w: f"/api/v1/civil-events/{w.event_id}", READERS_A, {"supervisor"}, EVENT,
           ("name", "phone", "address", "person"), masked=frozenset({"supervisor"})),
    Output("API letters", lambda w: "/api/v1/letters", COMMUNE_A, {"supervisor"} | OUTSIDERS, EVENT,
           ("name", "phone", "address"), masked=frozenset({"supervisor"})),
    Output("API letter", lambda w: f"/api/v1/letters/{w.letter_id}", COMMUNE_A, {"supervisor"}, EVENT,
           ("name", "phone", "address"), masked=frozenset({"supervisor"})),
    Output("API dossier figures", lambda w: "/api/v1/stats/dossiers?unit_code=X16012&from=2024-01-01&to=2026-12-31",
           NOBODY, COMMUNE_A | {"supervisor"}, DOSSIER),
    Output("API civil figures", lambda w: "/api/v1/stats/civil?unit_code=X16012&from=2024-01-01&to=2026-12-31",
           NOBODY, COMMUNE_A | {"supervisor"}, EVENT),
    Output("API letter figures", lambda w: "/api/v1/stats/letters?unit_code=X16012&from=2024-01-01&to=2026-12-31",
           NOBODY, COMMUNE_A | {"supervisor"}, EVENT),
    # engagement: petitions (never MTTQ), the reception register (MTTQ reads it masked), feedback
    Output("petition page", lambda w: f"/tiep-cong-dan/don-thu/{w.petition_id}/", HANDLERS_A, {"supervisor"},
           PETITIONER, ("name", "cccd", "address"), masked=frozenset({"supervisor"})),
    Output("petition list", lambda w: "/tiep-cong-dan/don-thu/", HANDLERS_A, {"supervisor", "other_supervisor"},
           PETITIONER, masked=frozenset({"supervisor"})),
    Output("petition acceptance notice PDF", lambda w: f"/tiep-cong-dan/don-thu/{w.petition_id}/van-ban/thu-ly.pdf",
           HANDLERS_A, NOBODY, PETITIONER),
    Output("petition register XLSX", lambda w: "/tiep-cong-dan/xuat/petitions/?format=xlsx", HANDLERS_A,
           {"supervisor", "other_supervisor"}, PETITIONER, ("name", "cccd", "address"),
           masked=frozenset({"supervisor"})),
    Output("petition figures' records", lambda w: f"/tiep-cong-dan/thong-ke/danh-sach/?key=petitions.received&{PERIOD}",
           HANDLERS_A, {"supervisor"}, PETITIONER, masked=frozenset({"supervisor"})),
    Output("API petitions", lambda w: "/api/v1/petitions", HANDLERS_A, {"supervisor", "other_supervisor"},
           PETITIONER, ("name", "cccd", "address"), masked=frozenset({"supervisor"})),
    Output("API petition", lambda w: f"/api/v1/petitions/{w.petition_id}", HANDLERS_A, {"supervisor"}, PETITIONER,
           ("name", "cccd", "address"), masked=frozenset({"supervisor"})),
    Output("reception session page", lambda w: f"/tiep-cong-dan/so/{w.session_id}/", HANDLERS_A,
           {"front_a", "supervisor"}, VISITOR, ("name", "cccd", "address"),
           masked=frozenset({"front_a", "supervisor"})),
    Output("visit content PDF", lambda w: f"/tiep-cong-dan/luot-tiep/{w.visit_id}/ghi-noi-dung.pdf", HANDLERS_A,
           NOBODY, VISITOR),
    Output("reception register CSV", lambda w: "/tiep-cong-dan/xuat/receptions/?format=csv", HANDLERS_A,
           {"front_a", "supervisor", "other_supervisor"}, VISITOR, ("name", "cccd", "address"),
           masked=frozenset({"front_a", "supervisor"})),
    Output("API reception sessions", lambda w: "/api/v1/reception-sessions", HANDLERS_A,
           {"front_a", "supervisor", "other_supervisor"}, VISITOR, ("name", "cccd", "address"),
           masked=frozenset({"front_a", "supervisor"})),
    Output("feedback page", lambda w: f"/tiep-cong-dan/phan-anh/{w.feedback_id}/", HANDLERS_A | {"front_a"},
           {"supervisor"}, SENDER, ("name", "phone", "address"), masked=frozenset({"supervisor"})),
    Output("opinion raised at the desk", lambda w: "/tiep-cong-dan/y-kien/?source=reception", HANDLERS_A,
           {"front_a", "supervisor", "other_supervisor"}, VISITOR, masked=frozenset({"front_a", "supervisor"})),
    Output("API opinions", lambda w: "/api/v1/opinions", HANDLERS_A, {"front_a", "supervisor", "other_supervisor"},
           VISITOR, masked=frozenset({"front_a", "supervisor"})),
    Output("opinions register CSV", lambda w: "/tiep-cong-dan/xuat/opinions/?format=csv", HANDLERS_A,
           {"front_a", "supervisor", "other_supervisor"}, VISITOR, masked=frozenset({"front_a", "supervisor"})),
    Output("published answers (public)", lambda w: "/phan-anh/X16012/da-tra-loi/", NOBODY, ALL, SENDER),
    Output("API engagement figures",
           lambda w: "/api/v1/stats/engagement?unit_code=X16012&from=2025-01-01&to=2025-12-31", NOBODY,
           COMMUNE_A | {"reception_a", "supervisor"}, PETITIONER | VISITOR | SENDER),
]  # fmt: skip


def fetch(world: World, output: Output, persona: str) -> Any:
    client: Client = world.personas.client(getattr(world.personas, persona))
    url = output.url(world)
    return client.post(url, output.data(world)) if output.method == "post" else client.get(url)


def verdict(output: Output, persona: str, response: Any) -> str | None:
    """What is wrong with this answer, or None."""
    expected = output.expected(persona)
    status = response.status_code
    if expected == REFUSED:
        # 403/404 are the refusals; "none of the selected letters is yours" (400, or a redirect back) carries nothing.
        if status not in (302, 400, 403, 404):
            return f"expected a refusal, got {status}"
        leaked = [key for key, value in output.secrets.items() if value in as_text(response)]
        return f"refused, yet leaks {leaked}" if leaked else None
    if status != 200:
        return f"expected 200 ({expected}), got {status}"
    text = as_text(response)
    if expected == FULL:
        missing = [key for key in output.shown if output.secrets[key] not in text]
        return f"missing in clear: {missing}" if missing else None
    leaked = [key for key, value in output.secrets.items() if value in text]
    if leaked:
        return f"leaks {leaked}"
    if persona in output.masked and mask_name(output.secrets["name"]) not in text:
        return "the masked name is missing"
    return None


@pytest.mark.parametrize("output", OUTPUTS, ids=lambda o: o.name)
def test_every_output_as_every_role(world: World, output: Output) -> None:
    problems = {}
    for persona in PERSONAS:
        problem = verdict(output, persona, fetch(world, output, persona))
        if problem:
            problems[persona] = problem
    assert not problems, f"{output.name}: {problems}"


def test_the_receipt_button_is_offered_to_the_desk_only(world: World) -> None:
    url = f"/mot-cua/ho-so/{world.dossier_code}/"
    for persona in ("officer_a", "registrar_a", "admin_a", "leader_a", "supervisor"):
        page = world.personas.client(getattr(world.personas, persona)).get(url).content.decode()
        assert ("In giấy hẹn trả kết quả" in page) == (persona in DESK_A), persona


def test_the_receipt_refusal_says_why(world: World) -> None:
    response = world.personas.client(world.personas.supervisor).get(f"/mot-cua/ho-so/{world.dossier_code}/giay-hen.pdf")
    assert response.status_code == 403
    assert "Chỉ cán bộ Bộ phận Một cửa" in response.content.decode()
    leader = world.personas.client(world.personas.leader_a)
    response = leader.get(f"/mot-cua/ho-so/{world.dossier_code}/giay-hen.pdf")
    assert response.status_code == 403 and "mã tra cứu" in response.content.decode()


def test_mttq_is_refused_the_same_records_by_page_and_api(world: World) -> None:
    front = world.personas.client(world.personas.front_a)
    for url in (f"/mot-cua/ho-so/{world.dossier_code}/", f"/ho-tich/{world.event_id}/"):
        assert front.get(url).status_code == 403, url
    for url in ("/api/v1/dossiers", f"/api/v1/dossiers/{world.dossier_code}", "/api/v1/civil-events"):
        response = front.get(url)
        assert response.status_code == 403 and "Vai trò của bạn không được xem" in response.json()["detail"], url
    assert front.get(f"/api/v1/letters/{world.letter_id}").json()["recipient_phone"] == CONTACT["phone"]


def test_every_api_answer_with_personal_fields_masks_them() -> None:
    """A new schema that names a personal field must derive from RecordSchema, which masks it for outsiders."""
    import inspect

    from ninja import Schema

    from thanthien.api import civil, engagement, letters, onestop, org, schemas
    from thanthien.api.schemas import RecordSchema
    from thanthien.lib.privacy import declared_everywhere

    personal_fields = declared_everywhere()[0]
    found = []
    for module in (civil, engagement, letters, onestop, org, schemas):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and name.endswith("Out") and personal_fields & set(cls.model_fields):
                found.append(name)
                assert issubclass(cls, RecordSchema), name
    assert {"DossierOut", "CivilEventOut", "LetterOut", "LetterDetailOut"} <= set(found)
