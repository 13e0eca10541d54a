"""Criteria scoring (issue 11 item 7): the default set, clamping, roll-up, bonus and penalty, classification at the
thresholds, the flow draft → submitted → returned → submitted → verified → published and its rules (who acts,
the reason of a return, publication freezes), the indicators beside each criterion, the audit trail, the PDF and
the criteria versions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.programme import actions_scoring as actions
from thanthien.programme.models import (
    CriteriaSet,
    Criterion,
    CriterionKind,
    DocumentKind,
    IssuedDocument,
    Issuer,
    Scoring,
    ScoringStatus,
)

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


def D(text: str) -> Decimal:
    return Decimal(text)


def _crit(scoring: Scoring, code: str) -> Criterion:
    return scoring.criteria_set.criteria.get(code=code)


def _full(scoring: Scoring, minus: dict[str, str] | None = None) -> dict[int, actions.SelfLine]:
    """Every leaf at its maximum, but the lines named in `minus`; bonus and penalty 0."""
    tree = actions.tree_of(scoring.criteria_set)
    lines = {}
    for c in tree.leaves():
        value = c.max_points if c.kind == CriterionKind.SCORE else D("0")
        if minus and c.code in minus:
            value = D(minus[c.code])
        lines[c.pk] = actions.SelfLine(value, f"Giải trình {c.code}")
    return lines


def _verified(scoring: Scoring, values: dict[str, str] | None = None) -> dict[int, actions.VerifiedLine]:
    tree = actions.tree_of(scoring.criteria_set)
    out = {}
    for c in tree.leaves():
        value = c.max_points if c.kind == CriterionKind.SCORE else D("0")
        if values and c.code in values:
            value = D(values[c.code])
        out[c.pk] = actions.VerifiedLine(value, f"Nhận xét {c.code}")
    return out


@pytest.fixture
def scoring(personas: Personas) -> Scoring:
    return actions.start_scoring(personas.leader_a, personas.commune_a, YEAR)


def _document(unit, number: str = "59-QĐ/ĐU") -> IssuedDocument:  # type: ignore[no-untyped-def]
    return IssuedDocument.objects.create(
        unit=unit,
        kind=DocumentKind.DECISION,
        number=number,
        issued_on=dt.date(YEAR, 3, 3),
        issuer=Issuer.PARTY_COMMITTEE,
        summary="Thành lập Ban chỉ đạo xây dựng mô hình",
    )


# --- the default set ------------------------------------------------------------------------------------------------


def test_default_set_is_domain_section_8_and_created_once(personas: Personas) -> None:
    first = actions.ensure_default_set(personas.commune_a)
    again = actions.ensure_default_set(personas.commune_b)
    assert first.pk == again.pk and first.unit == personas.province
    assert CriteriaSet.objects.filter(unit=personas.province).count() == 1
    tree = actions.tree_of(first)
    scored = [c for c in tree.top if c.kind == CriterionKind.SCORE]
    assert [(c.code, int(c.max_points)) for c in scored] == [
        ("TC1", 20),
        ("TC2", 25),
        ("TC3", 20),
        ("TC4", 15),
        ("TC5", 20),
    ]
    assert tree.score_max() == 100
    for c in scored:
        kids = tree.children[c.pk]
        assert 2 <= len(kids) <= 4
        assert sum(k.max_points for k in kids) == c.max_points
    kinds = {c.kind: c for c in tree.top if c.kind != CriterionKind.SCORE}
    assert kinds[CriterionKind.BONUS].max_points == 5 and kinds[CriterionKind.PENALTY].max_points == 5
    assert "dossiers.on_time_rate" in next(c for c in scored if c.code == "TC2").indicators
    assert actions.thresholds_of(first) == {"tot": 80, "kha": 65, "dat": 50}
    # The other province gets its own.
    other = actions.ensure_default_set(personas.commune_c)
    assert other.unit == personas.other_province and other.pk != first.pk


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        ("100", "tot"),
        ("80", "tot"),
        ("79.5", "kha"),
        ("65", "kha"),
        ("64.99", "dat"),
        ("50", "dat"),
        ("49.99", "chua_dat"),
        ("0", "chua_dat"),
    ],
)
def test_classification_at_the_thresholds(total: str, expected: str) -> None:
    assert actions.classify(D(total), actions.thresholds_of(None)) == expected


@override_settings(PROGRAMME_THRESHOLDS={"tot": 90, "kha": 70, "dat": 50})
def test_thresholds_are_a_setting_and_a_set_overrides_them(personas: Personas) -> None:
    assert actions.classify(D("85"), actions.thresholds_of(None)) == "kha"
    cset = actions.ensure_default_set(personas.commune_a)
    cset.thresholds = {"tot": 75}
    assert actions.classify(D("76"), actions.thresholds_of(cset)) == "tot"
    assert actions.classify(D("69"), actions.thresholds_of(cset)) == "dat"


def test_roll_up_bonus_penalty_and_total_bounds(personas: Personas) -> None:
    tree = actions.tree_of(actions.ensure_default_set(personas.commune_a))
    by_code = {c.code: c for c in tree.criteria}
    values = {c.pk: c.max_points for c in tree.leaves() if c.kind == CriterionKind.SCORE}
    values[by_code["TC1.1"].pk] = D("7.5")
    rolled = tree.roll_up(values)
    assert rolled[by_code["TC1"].pk] == D("17.5")  # 7,5 + 6 + 4
    assert tree.total(values) == D("97.50")
    values[by_code["TH"].pk] = D("5")
    assert tree.total(values) == D("102.50")  # bonus adds
    values[by_code["TC1.1"].pk] = D("10")
    assert tree.total(values) == D("105.00")  # at most 100 + the bonus maximum
    values[by_code["TR"].pk] = D("5")
    assert tree.total(values) == D("100.00")  # penalty subtracts
    low = {by_code["TC1.1"].pk: D("2"), by_code["TR"].pk: D("5")}
    assert tree.total(low) == D("0.00")  # never below 0
    assert tree.total({}) is None


# --- clamping ------------------------------------------------------------------------------------------------------


def test_a_score_above_the_maximum_or_below_zero_is_refused(personas: Personas, scoring: Scoring) -> None:
    c = _crit(scoring, "TC1.1")
    with pytest.raises(ValidationError, match=r"TC1\.1 phải từ 0 đến 10"):
        actions.save_self(personas.leader_a, scoring, {c.pk: actions.SelfLine(D("10.5"))})
    with pytest.raises(ValidationError, match="phải từ 0 đến 10"):
        actions.save_self(personas.leader_a, scoring, {c.pk: actions.SelfLine(D("-1"))})
    assert scoring.scores.get(criterion=c).self_score is None
    bonus = _crit(scoring, "TH")
    with pytest.raises(ValidationError, match="TH phải từ 0 đến 5"):
        actions.save_self(personas.leader_a, scoring, {bonus.pk: actions.SelfLine(D("6"))})


def test_the_form_refuses_a_score_above_the_maximum_beside_its_field(personas: Personas, scoring: Scoring) -> None:
    c = _crit(scoring, "TC2.1")
    client = personas.client(personas.leader_a)
    url = reverse("programme:scoring_self", args=[scoring.pk])
    response = client.post(url, {f"s_{c.pk}": "13", f"n_{c.pk}": "", "then": "save"})
    assert response.status_code == 400
    assert "Điểm tự chấm của TC2.1 phải từ 0 đến 12 (đã nhập 13)." in response.content.decode()
    response = client.post(url, {f"s_{c.pk}": "mười", "then": "save"})
    assert response.status_code == 400 and "không phải là số điểm" in response.content.decode()
    response = client.post(url, {f"s_{c.pk}": "1e400", "then": "save"})  # finite, but too large to round
    assert response.status_code == 400 and "không phải là số điểm" in response.content.decode()
    response = client.post(url, {f"s_{c.pk}": "11,5", f"n_{c.pk}": "Đúng hạn 98 %", "then": "save"})
    assert response.status_code == 302
    score = scoring.scores.get(criterion=c)
    assert score.self_score == D("11.5") and score.self_note == "Đúng hạn 98 %"
    parent = scoring.scores.get(criterion__code="TC2")
    assert parent.self_score == D("11.5")  # the parent is the sum of its children


# --- the flow ------------------------------------------------------------------------------------------------------


def test_the_whole_flow_with_a_return_and_publication(personas: Personas, scoring: Scoring) -> None:
    leader, sup = personas.leader_a, personas.supervisor
    actions.save_self(leader, scoring, _full(scoring, {"TC5.1": "10", "TH": "3"}))
    scoring.refresh_from_db()
    assert scoring.self_total == D("101.00")  # 98 + 3
    with pytest.raises(ValidationError, match="chưa chấm thẩm định"):
        actions.save_verified(sup, scoring, _verified(scoring))
    scoring = actions.submit(leader, scoring)
    assert scoring.status == ScoringStatus.SUBMITTED
    with pytest.raises(ValidationError, match="xã không sửa"):
        actions.save_self(leader, scoring, _full(scoring))
    actions.save_verified(sup, scoring, _verified(scoring, {"TC2.1": "8", "TC5.1": "10"}))
    tc2 = _crit(scoring, "TC2")
    with pytest.raises(ValidationError) as refused:
        actions.return_scoring(sup, scoring, "   ", tc2)
    assert "lý do trả lại" in str(refused.value)
    scoring = actions.return_scoring(sup, scoring, "Bổ sung báo cáo tỷ lệ hồ sơ đúng hạn", tc2)
    assert scoring.status == ScoringStatus.RETURNED
    assert scoring.scores.get(criterion=tc2).returned_reason.startswith("Bổ sung")
    # Only the returned criterion may change.
    tc1 = _crit(scoring, "TC1.1")
    with pytest.raises(ValidationError, match=r"TC1\.1 không được trả lại"):
        actions.save_self(leader, scoring, {tc1.pk: actions.SelfLine(D("5"))})
    tc21 = _crit(scoring, "TC2.1")
    old_note = scoring.scores.get(criterion=tc21).self_note
    actions.save_self(leader, scoring, {tc21.pk: actions.SelfLine(D("9"), old_note + " (đã bổ sung)")})
    scoring = actions.submit(leader, scoring)
    assert scoring.status == ScoringStatus.SUBMITTED
    assert not scoring.scores.exclude(returned_reason="").exists()
    scoring = actions.verify(sup, scoring)
    assert scoring.status == ScoringStatus.VERIFIED and scoring.verified_by == sup
    assert scoring.verified_total == D("94.00")  # 100 − 4 (TC2.1) − 2 (TC5.1)
    assert scoring.score_class == "tot"
    scoring = actions.publish(sup, scoring, dt.date(YEAR + 1, 1, 15))
    assert scoring.status == ScoringStatus.PUBLISHED and scoring.published_on == dt.date(YEAR + 1, 1, 15)
    assert scoring.score_class == "tot" and scoring.verified_total == D("94.00")
    # Frozen for everyone, the system administrator included.
    for user in (sup, personas.sysadmin):
        with pytest.raises(ValidationError, match="đã công bố"):
            actions.save_verified(user, scoring, _verified(scoring))
        with pytest.raises(ValidationError, match="đã công bố"):
            actions.return_scoring(user, scoring, "Sửa lại", None)
    with pytest.raises(ValidationError, match="đã công bố"):
        actions.save_self(personas.sysadmin, scoring, _full(scoring))
    with pytest.raises(ValidationError, match="đã công bố"):
        actions.publish(sup, scoring)
    # The set it was scored against is frozen too.
    with pytest.raises(ValidationError, match="không sửa được"):
        actions.update_set(sup, scoring.criteria_set, {}, {})


def test_returning_the_whole_reopens_every_criterion(personas: Personas, scoring: Scoring) -> None:
    actions.save_self(personas.leader_a, scoring, _full(scoring))
    actions.submit(personas.leader_a, scoring)
    actions.return_scoring(personas.supervisor, scoring, "Thiếu minh chứng của tất cả tiêu chí")
    scoring.refresh_from_db()
    tree = actions.tree_of(scoring.criteria_set)
    assert actions.editable_lines(scoring, tree) == {c.pk for c in tree.leaves()}
    response = personas.client(personas.leader_a).get(reverse("programme:scoring_detail", args=[scoring.pk]))
    assert "Cấp trên đã trả lại toàn bộ" in response.content.decode()


def test_submit_needs_every_criterion_scored(personas: Personas, scoring: Scoring) -> None:
    lines = _full(scoring)
    del lines[_crit(scoring, "TC4.2").pk]
    actions.save_self(personas.leader_a, scoring, lines)
    with pytest.raises(ValidationError, match=r"Chưa tự chấm điểm: TC4\.2"):
        actions.submit(personas.leader_a, scoring)


def test_verification_is_the_supervisors_and_the_commune_cannot_verify(personas: Personas, scoring: Scoring) -> None:
    actions.save_self(personas.leader_a, scoring, _full(scoring))
    actions.submit(personas.leader_a, scoring)
    for user in (personas.leader_a, personas.admin_a):
        with pytest.raises(PermissionDenied):
            actions.save_verified(user, scoring, _verified(scoring))
        with pytest.raises(PermissionDenied):
            actions.verify(user, scoring)
        with pytest.raises(PermissionDenied):
            actions.publish(user, scoring)
    client = personas.client(personas.leader_a)
    assert client.get(reverse("programme:scoring_verify", args=[scoring.pk])).status_code == 403
    assert client.post(reverse("programme:scoring_publish", args=[scoring.pk])).status_code == 403
    # MTTQ reads but does not self-score.
    with pytest.raises(PermissionDenied):
        actions.save_self(personas.front_a, scoring, _full(scoring))


def test_other_supervisor_and_other_commune_do_not_find_it(personas: Personas, scoring: Scoring) -> None:
    for user in (personas.other_supervisor, personas.officer_b):
        client = personas.client(user)
        for name in ("scoring_detail", "scoring_pdf"):
            assert client.get(reverse(f"programme:{name}", args=[scoring.pk])).status_code == 404
    client = personas.client(personas.other_supervisor)
    assert client.get(reverse("programme:scoring_verify", args=[scoring.pk])).status_code == 404
    assert client.post(reverse("programme:scoring_return", args=[scoring.pk]), {"reason": "x"}).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.save_verified(personas.other_supervisor, scoring, _verified(scoring))
    listing = client.get(reverse("programme:scoring")).content.decode()
    assert "Xã Hoằng Hợp" not in listing


def test_the_return_view_needs_a_reason(personas: Personas, scoring: Scoring) -> None:
    actions.save_self(personas.leader_a, scoring, _full(scoring))
    actions.submit(personas.leader_a, scoring)
    client = personas.client(personas.supervisor)
    url = reverse("programme:scoring_return", args=[scoring.pk])
    response = client.post(url, {"criterion": "", "reason": ""}, follow=True)
    assert "Vui lòng nêu lý do trả lại" in response.content.decode()
    scoring.refresh_from_db()
    assert scoring.status == ScoringStatus.SUBMITTED
    tc3 = _crit(scoring, "TC3")
    response = client.post(url, {"criterion": str(tc3.pk), "reason": "Chưa có danh sách ký cam kết"}, follow=True)
    scoring.refresh_from_db()
    assert scoring.status == ScoringStatus.RETURNED
    page = personas.client(personas.leader_a).get(reverse("programme:scoring_detail", args=[scoring.pk]))
    assert "Chưa có danh sách ký cam kết" in page.content.decode()


def test_publish_view_freezes_and_shows_the_class(personas: Personas, scoring: Scoring) -> None:
    actions.save_self(personas.leader_a, scoring, _full(scoring))
    actions.submit(personas.leader_a, scoring)
    client = personas.client(personas.supervisor)
    values = _verified(scoring, {"TC1.1": "0", "TC2.1": "2", "TC5.1": "2.5"})  # 100 − 10 − 10 − 9.5 = 70.5
    data = {"then": "verify"}
    for pk, line in values.items():
        data[f"v_{pk}"] = str(line.score).replace(".", ",")
        data[f"c_{pk}"] = line.comment
    response = client.post(reverse("programme:scoring_verify", args=[scoring.pk]), data)
    assert response.status_code == 302
    scoring.refresh_from_db()
    assert scoring.status == ScoringStatus.VERIFIED and scoring.verified_total == D("70.50")
    client.post(reverse("programme:scoring_publish", args=[scoring.pk]))
    scoring.refresh_from_db()
    assert scoring.status == ScoringStatus.PUBLISHED and scoring.score_class == "kha"
    page = personas.client(personas.leader_a).get(reverse("programme:scoring_detail", args=[scoring.pk]))
    body = page.content.decode()
    assert "Khá" in body and "70,5" in body
    assert "Chấm điểm thẩm định" not in body and "Tự chấm điểm, minh chứng" not in body
    # The form refuses after publication too.
    response = client.get(reverse("programme:scoring_verify", args=[scoring.pk]), follow=True)
    assert "chưa thẩm định được" in response.content.decode()


# --- evidence, indicators ------------------------------------------------------------------------------------------


def test_evidence_is_the_communes_own_documents(personas: Personas, scoring: Scoring) -> None:
    own = _document(personas.commune_a)
    theirs = _document(personas.commune_b)
    tc1 = _crit(scoring, "TC1")
    with pytest.raises(ValidationError, match="văn bản của chính xã"):
        actions.save_self(personas.leader_a, scoring, {}, {tc1.pk: [theirs.pk]})
    actions.save_self(personas.leader_a, scoring, {}, {tc1.pk: [own.pk]})
    assert list(scoring.scores.get(criterion=tc1).evidence.all()) == [own]
    page = personas.client(personas.leader_a).get(reverse("programme:scoring_detail", args=[scoring.pk]))
    assert "59-QĐ/ĐU" in page.content.decode()
    # The form offers only the commune's documents.
    form = personas.client(personas.leader_a).get(reverse("programme:scoring_self", args=[scoring.pk]))
    assert f'value="{own.pk}"' in form.content.decode() and f'value="{theirs.pk}"' not in form.content.decode()


def test_indicators_computed_by_the_records_show_beside_the_criterion(personas: Personas, scoring: Scoring) -> None:
    from thanthien.engagement.dialogues import Dialogue

    for day in (dt.date(YEAR, 3, 1), dt.date(YEAR, 9, 1)):
        Dialogue.objects.create(unit=personas.commune_a, held_on=day, topic="Đất đai", chaired_by="Chủ tịch")
    Dialogue.objects.create(unit=personas.commune_b, held_on=dt.date(YEAR, 3, 1), topic="Khác", chaired_by="Chủ tịch")
    shown = {i.name: i for i in actions.indicators_for(_crit(scoring, "TC4").indicators, personas.commune_a, YEAR)}
    assert shown["engagement.dialogues"].text == "2"
    assert shown["engagement.opinion_answer_rate"].text == "chưa có số liệu"  # nothing raised: no rate
    page = personas.client(personas.leader_a).get(reverse("programme:scoring_detail", args=[scoring.pk]))
    body = page.content.decode()
    assert 'Số cuộc đối thoại: <span class="fw-bold">2</span>' in body
    assert "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn" in body


def test_an_unknown_indicator_reads_no_data_and_never_fails(personas: Personas, scoring: Scoring) -> None:
    tc3 = _crit(scoring, "TC3")
    Criterion.objects.filter(pk=tc3.pk).update(indicators=["khong.co_chi_so", "surveys.satisfaction_rate"])
    shown = actions.indicators_for(["khong.co_chi_so"], personas.commune_a, YEAR)
    assert shown[0].text == "chưa có số liệu" and not shown[0].known
    page = personas.client(personas.leader_a).get(reverse("programme:scoring_detail", args=[scoring.pk]))
    assert page.status_code == 200 and "khong.co_chi_so" in page.content.decode()


# --- audit, PDF ----------------------------------------------------------------------------------------------------


def test_every_change_is_audited_with_before_and_after(personas: Personas, scoring: Scoring) -> None:
    c = _crit(scoring, "TC1.2")
    actions.save_self(personas.leader_a, scoring, {c.pk: actions.SelfLine(D("5"), "Có 12 hội nghị")})
    actions.save_self(personas.leader_a, scoring, {c.pk: actions.SelfLine(D("6"), "Có 12 hội nghị")})
    rows = AuditEntry.objects.filter(action="programme.score.self", object_id=str(scoring.pk)).order_by("pk")
    assert rows.count() == 2
    assert rows.last().changes["self_score"] == ["5.00", "6.00"]  # type: ignore[union-attr]
    assert AuditEntry.objects.filter(action="programme.scoring.create", object_id=str(scoring.pk)).exists()
    actions.save_self(personas.leader_a, scoring, _full(scoring))
    actions.submit(personas.leader_a, scoring)
    actions.return_scoring(personas.supervisor, scoring, "Bổ sung", _crit(scoring, "TC1"))
    entry = AuditEntry.objects.get(action="programme.scoring.return")
    assert entry.changes["status"] == ["submitted", "returned"] and "Bổ sung" in entry.note
    assert entry.unit == personas.commune_a and entry.actor == personas.supervisor


def test_score_sheet_pdf(personas: Personas, scoring: Scoring) -> None:
    import io

    import pypdf

    doc = _document(personas.commune_a)
    tc1 = _crit(scoring, "TC1")
    actions.save_self(personas.leader_a, scoring, _full(scoring, {"TC1.1": "7.5", "TH": "2"}), {tc1.pk: [doc.pk]})
    pdf = actions.score_sheet_pdf(scoring)
    assert pdf.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "BẢNG TỰ CHẤM ĐIỂM" in text and "UBND XÃ HOẰNG HỢP" in text
    assert "Tổng điểm tự chấm: 99,5 điểm; tự xếp loại: Tốt." in text
    assert "59-QĐ/" in text  # the evidence's citation
    response = personas.client(personas.supervisor).get(reverse("programme:scoring_pdf", args=[scoring.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


# --- pages, starting, criteria versions ----------------------------------------------------------------------------


def test_a_commune_starts_a_year_once(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    this_year = timezone.localdate().year
    response = client.post(reverse("programme:scoring_start"), {"year": this_year})
    assert response.status_code == 302
    scoring = Scoring.objects.get(unit=personas.commune_a, year=this_year)
    assert scoring.status == ScoringStatus.DRAFT and scoring.scores.count() == scoring.criteria_set.criteria.count()
    with pytest.raises(ValidationError, match="đã có bảng chấm điểm"):
        actions.start_scoring(personas.admin_a, personas.commune_a, this_year)
    with pytest.raises(ValidationError, match="Năm chấm điểm"):
        actions.start_scoring(personas.admin_a, personas.commune_a, this_year + 1)
    with pytest.raises(PermissionDenied):
        actions.start_scoring(personas.officer_a, personas.commune_a, this_year - 1)
    supervisor = personas.client(personas.supervisor)
    assert supervisor.post(reverse("programme:scoring_start"), {"year": 2024}).status_code == 403
    listing = personas.client(personas.supervisor).get(reverse("programme:scoring")).content.decode()
    assert "Xã Hoằng Hợp" in listing


def test_a_supervisor_copies_a_set_into_a_new_version_and_changes_it(personas: Personas) -> None:
    source = actions.ensure_default_set(personas.commune_a)
    client = personas.client(personas.supervisor)
    response = client.post(reverse("programme:criteria_copy", args=[source.pk]))
    copy = CriteriaSet.objects.get(unit=personas.province, version=2)
    assert response.status_code == 302 and copy.criteria.count() == source.criteria.count()
    tree = actions.tree_of(copy)
    by_code = {c.code: c for c in tree.criteria}
    form = client.get(reverse("programme:criteria_edit", args=[copy.pk]))
    assert form.status_code == 200
    data = {"name": "Bộ tiêu chí 2027", "valid_from": "01/01/2027", "tot": "85", "kha": "70", "dat": "50"}
    for c in tree.criteria:
        data[f"t_{c.pk}"] = c.title
        data[f"i_{c.pk}"] = ", ".join(c.indicators)
        if c.pk not in tree.children:
            data[f"m_{c.pk}"] = str(c.max_points)
    data[f"m_{by_code['TC1.1'].pk}"] = "8"
    data[f"m_{by_code['TC1.2'].pk}"] = "8"
    data[f"t_{by_code['TC1.2'].pk}"] = "Tuyên truyền trên mạng xã hội"
    response = client.post(reverse("programme:criteria_edit", args=[copy.pk]), data)
    assert response.status_code == 302
    copy.refresh_from_db()
    tc1 = copy.criteria.get(code="TC1")
    assert tc1.max_points == 20 and copy.criteria.get(code="TC1.2").title == "Tuyên truyền trên mạng xã hội"
    assert actions.thresholds_of(copy)["tot"] == 85 and copy.valid_from == dt.date(2027, 1, 1)
    assert AuditEntry.objects.filter(action="programme.criterion.update").exists()
    bad = {**data, "tot": "60", "kha": "70"}
    response = client.post(reverse("programme:criteria_edit", args=[copy.pk]), bad)
    assert response.status_code == 400 and "giảm dần" in response.content.decode()
    # The source is untouched; a commune neither copies nor edits.
    assert source.criteria.get(code="TC1.1").max_points == 10
    leader = personas.client(personas.leader_a)
    assert leader.post(reverse("programme:criteria_copy", args=[source.pk])).status_code == 403
    assert leader.get(reverse("programme:criteria_detail", args=[source.pk])).status_code == 200
    assert (
        personas.client(personas.other_supervisor)
        .get(reverse("programme:criteria_detail", args=[source.pk]))
        .status_code
        == 404
    )
    # A scoring of a year the new version is in force takes it.
    assert actions.set_for(personas.commune_a, 2027) == copy
    assert actions.set_for(personas.commune_a, 2026) == source


def test_indicators_read_once_per_subject_agree_with_the_registry(personas: Personas) -> None:
    from thanthien.engagement.dialogues import Dialogue
    from thanthien.lib import stats

    Dialogue.objects.create(unit=personas.commune_a, held_on=dt.date(YEAR, 5, 5), topic="Đất", chaired_by="Chủ tịch")
    names = [n for _, _, _, indicators, _ in actions.DEFAULT_CRITERIA for n in indicators]
    shared: dict[str, Any] = {}
    shown = actions.indicators_for(names, personas.commune_a, YEAR, shared)
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    for item in shown:
        if not item.known:
            continue
        kind = stats.indicator(item.name).kind
        assert item.text == actions._format(kind, stats.indicator_value(item.name, personas.commune_a, start, end))
    assert "engagement" in shared and "dossiers" in shared
