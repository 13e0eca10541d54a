"""The dossier list: newest first, sortable, searchable without diacritics, a unit column and filter for
supervisors, personal-field search only for the unit's own staff, bad dates said in Vietnamese, bounded queries."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.onestop.importing import import_dossiers
from thanthien.onestop.models import Dossier
from thanthien.onestop.search import fold

pytestmark = pytest.mark.django_db
URL = "/mot-cua/"


def listed(personas: Personas, user: object, **params: str) -> list[str]:
    response = personas.client(user).get(reverse("onestop:queue"), params)  # type: ignore[arg-type]
    assert response.status_code == 200
    return [d.code for d in response.context["page_obj"].object_list]


def test_the_list_opens_newest_first(personas: Personas) -> None:
    old = make_dossier(personas.commune_a, received_at=vn(2023, 12, 1, 8, 0))
    new = make_dossier(personas.commune_a, received_at=vn(2026, 11, 30, 8, 0))
    middle = make_dossier(personas.commune_a, received_at=vn(2025, 5, 1, 8, 0))
    assert listed(personas, personas.officer_a) == [new.code, middle.code, old.code]


def test_columns_sort_both_ways_and_say_so(personas: Personas) -> None:
    a = make_dossier(personas.commune_a, code="X16012-A", received_at=vn(2024, 1, 2, 8, 0))
    b = make_dossier(personas.commune_a, code="X16012-B", received_at=vn(2024, 1, 1, 8, 0))
    assert listed(personas, personas.officer_a, sort="code") == [a.code, b.code]
    assert listed(personas, personas.officer_a, sort="-code") == [b.code, a.code]
    response = personas.client(personas.officer_a).get(reverse("onestop:queue"), {"sort": "code"})
    html = response.content.decode()
    assert re.search(r'<th scope="col" aria-sort="ascending"[^>]*><a href="\?[^"]*sort=-code', html)
    assert html.count("aria-sort=") == 1
    # An unknown sort falls back to newest first.
    assert listed(personas, personas.officer_a, sort="pin") == [a.code, b.code]


def test_a_supervisor_cannot_sort_by_the_masked_name(personas: Personas) -> None:
    make_dossier(personas.commune_a, applicant_name="An Văn A")
    make_dossier(personas.commune_b, applicant_name="Bùi Văn B")
    response = personas.client(personas.supervisor).get(reverse("onestop:queue"), {"sort": "applicant"})
    assert response.context["sort"] == "-received"
    assert 'data-sort="applicant"' not in response.content.decode()
    response = personas.client(personas.officer_a).get(reverse("onestop:queue"), {"sort": "applicant"})
    assert response.context["sort"] == "applicant"


@pytest.mark.parametrize("typed", ["ngoc anh", "NGỌC ÁNH", "Ngọc Anh", "  ngọc   ánh "])
def test_search_ignores_diacritics_and_case(personas: Personas, typed: str) -> None:
    found = make_dossier(personas.commune_a, applicant_name="Nguyễn Ngọc Ánh")
    make_dossier(personas.commune_a, applicant_name="Nguyễn Ngọc Anh Đào Không")  # "ngoc anh" is here too
    make_dossier(personas.commune_a, applicant_name="Trần Văn Ngọ")
    codes = listed(personas, personas.officer_a, q=typed)
    assert found.code in codes and len(codes) == 2


def test_search_by_dd_cccd_phone_code_and_procedure(personas: Personas) -> None:
    dung = make_dossier(
        personas.commune_a,
        applicant_name="Đỗ Đức Dũng",
        applicant_id_number="038090007777",
        applicant_phone="0987654321",
    )
    other = make_dossier(personas.commune_a, "1.001193", applicant_name="Lê Văn Tám", applicant_phone="0911111111")
    assert listed(personas, personas.officer_a, q="do duc dung") == [dung.code]
    assert listed(personas, personas.officer_a, q="038090007777") == [dung.code]
    assert listed(personas, personas.officer_a, q="0987 654 321") == [dung.code]
    assert listed(personas, personas.officer_a, q=dung.code.lower()) == [dung.code]
    assert listed(personas, personas.officer_a, q="khai sinh") == [other.code]  # procedure name, no diacritics


def test_a_supervisor_searching_a_masked_full_name_gets_no_hit(personas: Personas) -> None:
    d = make_dossier(personas.commune_a, applicant_name="Nguyễn Ngọc Ánh", applicant_id_number="038090005555")
    assert listed(personas, personas.officer_a, q="Nguyễn Ngọc Ánh") == [d.code]
    assert listed(personas, personas.supervisor, q="Nguyễn Ngọc Ánh") == []
    assert listed(personas, personas.supervisor, q="nguyen ngoc anh") == []
    assert listed(personas, personas.supervisor, q="038090005555") == []
    assert listed(personas, personas.supervisor, q=d.code) == [d.code]  # codes are not personal
    # The other commune's officer does not see the dossier at all.
    assert listed(personas, personas.officer_b, q="ngoc anh") == []
    response = personas.client(personas.supervisor).get(reverse("onestop:queue"))
    assert "Mã hồ sơ hoặc thủ tục" in response.content.decode()


def test_supervisors_get_a_unit_column_and_filter(personas: Personas) -> None:
    a = make_dossier(personas.commune_a)
    b = make_dossier(personas.commune_b)
    response = personas.client(personas.supervisor).get(reverse("onestop:queue"))
    html = response.content.decode()
    assert 'id="f-unit"' in html and ">Đơn vị</a></th>" in html and "Xã Hoằng Quý</td>" in html
    assert set(listed(personas, personas.supervisor)) == {a.code, b.code}
    assert listed(personas, personas.supervisor, unit="X16015") == [b.code]
    officer_html = personas.client(personas.officer_a).get(reverse("onestop:queue")).content.decode()
    assert 'id="f-unit"' not in officer_html


def test_the_unit_filter_includes_units_merged_into_it(personas: Personas) -> None:
    import datetime as dt

    from tests.conftest import make_unit
    from thanthien.org.models import UnitKind

    merged = make_unit("X16099", "Xã Cũ", UnitKind.COMMUNE, personas.commune_a.parent, valid_to=dt.date(2025, 6, 30))
    merged.successor = personas.commune_a
    merged.save()
    old = make_dossier(merged)
    own = make_dossier(personas.commune_a)
    assert set(listed(personas, personas.supervisor, unit="X16012")) == {old.code, own.code}
    page = personas.client(personas.supervisor).get(reverse("onestop:queue")).content.decode()
    assert '<option value="X16099">Xã Cũ (đã sáp nhập)</option>' in page
    # As carried on a day before the merge, the old commune was its own.
    assert listed(personas, personas.supervisor, unit="X16012", on="01/01/2025") == [own.code]


def test_a_bad_date_is_said_in_vietnamese(personas: Personas) -> None:
    make_dossier(personas.commune_a)
    response = personas.client(personas.officer_a).get(reverse("onestop:queue"), {"from": "32/13/2024"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Từ ngày “32/13/2024” không hợp lệ; vui lòng nhập theo dạng ngày/tháng/năm" in html
    assert response.context["page_obj"].paginator.count == 0
    assert "Xuất Excel" not in html  # no export of a list that is not what was asked for
    for bad in ({"to": "01/01/0135"}, {"date": "nope"}, {"unit": "KHONG-CO"}, {"figure": "x", "from": "01/01/2024"}):
        response = personas.client(personas.officer_a).get(reverse("onestop:queue"), bad)
        assert response.status_code == 200 and response.context["errors"], bad
    export = personas.client(personas.officer_a).get(reverse("onestop:export"), {"from": "abc"})
    assert export.status_code == 400 and "Từ ngày “abc” không hợp lệ" in export.content.decode()


def test_filters_by_date_kind_timeliness_and_group(personas: Personas) -> None:
    early = make_dossier(
        personas.commune_a,
        received_at=vn(2024, 10, 1, 8, 0),
        due_at=vn(2024, 10, 4, 17, 0),
        resolved_at=vn(2024, 10, 2, 9, 0),
        status=9,
    )
    late = make_dossier(
        personas.commune_a,
        received_at=vn(2024, 10, 1, 8, 0),
        due_at=vn(2024, 10, 2, 17, 0),
        resolved_at=vn(2024, 10, 3, 9, 0),
        status=10,
    )
    open_ = make_dossier(personas.commune_a, received_at=vn(2024, 10, 1, 8, 0), due_at=vn(2024, 10, 3, 17, 0))
    user = personas.officer_a
    assert listed(personas, user, timeliness="early") == [early.code]
    assert listed(personas, user, timeliness="late") == [late.code]
    assert listed(personas, user, date="resolved", **{"from": "03/10/2024", "to": "03/10/2024"}) == [late.code]
    assert listed(personas, user, date="due", **{"from": "03/10/2024", "to": "03/10/2024"}) == [open_.code]
    assert listed(personas, user, group="open") == [open_.code]
    assert set(listed(personas, user, group="done")) == {early.code, late.code}


def test_jump_to_a_page(personas: Personas) -> None:
    for day in range(1, 29):
        for hour in (8, 9):
            make_dossier(personas.commune_a, received_at=vn(2024, 2, day, hour, 0))
    response = personas.client(personas.officer_a).get(reverse("onestop:queue"), {"page": "2", "sort": "code"})
    html = response.content.decode()
    assert response.context["page_obj"].number == 2
    assert 'id="jump-page"' in html and 'max="2"' in html
    assert '<input type="hidden" name="sort" value="code">' in html  # the jump keeps the sort


def test_the_list_runs_a_fixed_number_of_queries(personas: Personas) -> None:
    def queries(user: object) -> int:
        client = personas.client(user)  # type: ignore[arg-type]
        client.get(reverse("onestop:queue"))  # warm the session and caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("onestop:queue"), {"q": "nguyen"}).status_code == 200
        return len(ctx.captured_queries)

    make_dossier(personas.commune_a)
    make_dossier(personas.commune_b)
    few = (queries(personas.officer_a), queries(personas.supervisor))
    for _ in range(40):
        make_dossier(personas.commune_a)
        make_dossier(personas.commune_b)
    assert (queries(personas.officer_a), queries(personas.supervisor)) == few
    assert max(few) <= 16


def test_the_folded_column_follows_every_write(personas: Personas) -> None:
    d = make_dossier(personas.commune_a, applicant_name="Phạm Thị Hường")
    assert Dossier.objects.get(pk=d.pk).search_personal == "pham thi huong 038090001234 0912345678"
    d.applicant_name = "Đặng Thị Hường"
    d.save(update_fields=["applicant_name"])
    assert Dossier.objects.get(pk=d.pk).search_personal.startswith("dang thi huong")
    columns = "code,procedure_code,channel,received_at,due_at,resolved_at,returned_at,status,"
    header = columns + "applicant_name,applicant_id_number,applicant_phone,applicant_address\n"
    rows = (
        f"{d.code},1.004873,direct,07/10/2024 09:00,,,,2,Võ Thị Ngọc Ánh,,,\n"
        "X16012-NEW-1,1.004873,direct,07/10/2024 10:00,,,,2,Lý Đức,,,\n"
    )
    report = import_dossiers(personas.officer_a, personas.commune_a, io.BytesIO((header + rows).encode()), "a.csv")
    assert report.ok, report.errors
    assert listed(personas, personas.officer_a, q="vo thi ngoc anh") == [d.code]
    assert listed(personas, personas.officer_a, q="ly duc") == ["X16012-NEW-1"]


def test_fold() -> None:
    assert fold("  Đỗ   Ngọc ÁNH ") == "do ngoc anh"
    assert fold("X16012-241008-0001") == "x16012-241008-0001"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_postgresql_searches_use_trigram_indexes(personas: Personas) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'onestop_dossier'")
        names = {row[0] for row in cursor.fetchall()}
        assert {"dossier_search_personal_trgm", "dossier_code_trgm"} <= names
        cursor.execute("SET enable_seqscan = off")
        sql, params = Dossier.objects.filter(search_personal__contains="ngoc anh").order_by().query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        assert "dossier_search_personal_trgm" in " ".join(r[0] for r in cursor.fetchall())
        sql, params = Dossier.objects.filter(code__icontains="241008").order_by().query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        assert "dossier_code_trgm" in " ".join(r[0] for r in cursor.fetchall())


def test_demo_dossiers_are_searchable(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from thanthien.onestop import demo

    monkeypatch.setattr(demo, "YEARS", 0)
    demo.build(dt.date(2026, 3, 3))  # a working day: a few dossiers per commune
    dossiers = list(Dossier.objects.filter(unit=personas.commune_a))
    assert dossiers and all(d.search_personal.startswith(fold(d.applicant_name)) for d in dossiers)


def test_the_folded_column_is_personal_data(personas: Personas) -> None:
    from thanthien.org.privacy import hide_personal

    d = make_dossier(personas.commune_a, applicant_name="Nguyễn Ngọc Ánh")
    hide_personal(personas.supervisor, [d])
    assert "ngoc anh" not in d.search_personal and "038090001234" not in d.search_personal


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "-1"])
def test_odd_numbers_in_the_list_filters_never_fail(personas: Personas, value: str) -> None:
    client = personas.client(personas.officer_a)
    for key in ("status", "officer", "at"):
        assert client.get("/mot-cua/", {key: value}).status_code == 200, key
