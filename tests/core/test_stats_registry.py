"""The one statistics registry: every subject's identities hold on real records, indicators are read by name
without importing the app that counts them, and unknown names get a Vietnamese message."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.lib import stats
from thanthien.onestop.models import Status

pytestmark = pytest.mark.django_db

START, END = dt.date(2024, 10, 1), dt.date(2024, 10, 31)


def _records(personas: Personas) -> None:
    unit = personas.commune_a
    make_dossier(unit, received_at=vn(2024, 9, 20, 9, 0), due_at=vn(2024, 9, 25, 17, 0))  # carried over, overdue
    make_dossier(
        unit,
        received_at=vn(2024, 10, 7, 9, 0),
        due_at=vn(2024, 10, 10, 17, 0),
        resolved_at=vn(2024, 10, 8, 10, 0),
        status=Status.RESOLVED,
    )
    make_dossier(
        unit,
        received_at=vn(2024, 10, 7, 9, 0),
        due_at=vn(2024, 10, 8, 17, 0),
        resolved_at=vn(2024, 10, 9, 10, 0),
        status=Status.RESOLVED,
    )
    make_dossier(unit, received_at=vn(2024, 10, 30, 9, 0), due_at=vn(2024, 11, 4, 17, 0))  # open, not due


def test_every_registered_subject_declares_identities_that_hold(personas: Personas) -> None:
    _records(personas)
    subjects = stats.load_all()
    assert {"dossiers", "letters", "civil"} <= set(subjects)
    for name, subject in subjects.items():
        assert subject.identities, f"{name} declares no identity"
        result = stats.compute(name, personas.commune_a, START, END)
        assert subject.check(result) == [], name
        assert subject.shape is not None, f"{name} publishes no JSON shape"
        assert subject.check_shape(result) == [], name


def test_a_result_off_its_shape_is_caught() -> None:
    shape = {"a": int, "b": {"c": (float, None)}}
    assert stats.shape_problems(shape, {"a": 1, "b": {"c": None}}) == []
    assert stats.shape_problems(shape, {"a": 1, "b": {"c": 0.5}}) == []
    assert stats.shape_problems(shape, {"a": True, "b": {"c": 1}}) == ["a: bool is not <class 'int'>"]
    assert stats.shape_problems(shape, {"b": {"c": 1, "d": 2}}) == ["a: missing", "b.d: not in the shape"]


def test_a_broken_figure_is_caught_by_the_identity(personas: Personas) -> None:
    _records(personas)
    result = stats.compute("dossiers", personas.commune_a, START, END)
    result["resolved"]["late"] += 1
    assert stats.subject("dossiers").check(result) != []


def test_indicators_are_read_by_name(personas: Personas) -> None:
    _records(personas)
    assert stats.indicator_value("dossiers.received", personas.commune_a, START, END) == 3
    assert stats.indicator_value("dossiers.resolved_late", personas.commune_a, START, END) == 1
    assert stats.indicator("dossiers.on_time_rate").kind == "rate"
    assert stats.indicator_value("dossiers.on_time_rate", personas.commune_a, START, END) == pytest.approx(0.5)
    assert stats.indicator_value("letters.apologies_owed_unsent", personas.commune_a, START, END) >= 0


def test_unknown_names_are_explained_in_vietnamese() -> None:
    with pytest.raises(stats.StatsError, match="Không có loại số liệu"):
        stats.subject("khong-co")
    with pytest.raises(stats.StatsError, match="Không có chỉ số"):
        stats.indicator("dossiers.khong_co")


def test_identity_text_is_parsed_strictly() -> None:
    identity = stats.Identity.parse("a + b.c = d")
    assert identity.holds({"a": 1, "b": {"c": 2}, "d": 3})
    assert not identity.holds({"a": 1, "b": {"c": 2}, "d": 4})
    for bad in ("a = b = c", "a + = b", "a; drop = b"):
        with pytest.raises(ValueError):
            stats.Identity.parse(bad)


def test_indicator_values_equal_indicator_value_per_unit(personas: Personas) -> None:
    """The many-units reader (rankings) gives each unit what the one-unit reader gives it, for every indicator."""
    make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0), resolved_at=vn(2024, 10, 8, 9, 0))
    make_dossier(personas.commune_b, received_at=vn(2024, 10, 7, 9, 0), resolved_at=vn(2024, 10, 20, 9, 0))
    units = [personas.commune_a, personas.commune_b, personas.district]
    start, end = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    stats.load_all()
    for name in sorted(stats.INDICATORS):
        many = stats.indicator_values(name, units, start, end)
        assert many == [stats.indicator_value(name, u, start, end) for u in units], name
    assert stats.indicator_values("dossiers.on_time_rate", units, start, end)[:2] == [1.0, 0.0]
