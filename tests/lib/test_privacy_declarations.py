"""Personal data is declared by each model, not listed by a foundation module: masking and the audit trail read
the declarations, so a new module's fields are protected by declaring them."""

from __future__ import annotations

import pytest

from thanthien.audit.log import HIDDEN as AUDIT_HIDDEN
from thanthien.audit.log import without_personal_data
from thanthien.lib import privacy
from thanthien.onestop.models import Dossier, Procedure


def test_each_model_declares_its_own_personal_data() -> None:
    every, names = privacy.declared_everywhere()
    assert {"applicant_name", "applicant_id_number", "person_name", "contact_phone", "recipient_name"} <= every
    assert {"applicant_name", "person_name", "recipient_name"} <= names
    assert "applicant_phone" not in names
    assert privacy.personal_fields(Procedure) == ()


def test_an_object_is_masked_by_its_declaration() -> None:
    dossier = Dossier(applicant_name="Nguyễn Văn Án", applicant_phone="0912345678", applicant_address="Thôn 1")
    privacy.mask_object(dossier)
    assert dossier.applicant_name == "Nguyễn V. Á."
    assert dossier.applicant_phone == privacy.HIDDEN
    assert dossier.applicant_address == privacy.HIDDEN


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [("applicant_name", "Lê Thị Hoa", "Lê T. H."), ("applicant_phone", "0912", privacy.HIDDEN), ("code", "X", "X")],
)
def test_a_value_is_masked_by_its_field(field: str, value: str, expected: str) -> None:
    assert privacy.masked(field, value) == expected
    assert privacy.masked(field, value, Dossier) == expected


def test_the_audit_trail_never_keeps_a_declared_value() -> None:
    changes = {"applicant_phone": ["", "0912345678"], "due_at": ["a", "b"], "nested": {"recipient_name": "X"}}
    cleaned = without_personal_data(changes, frozenset({"due_at"}))
    assert cleaned["applicant_phone"] == AUDIT_HIDDEN
    assert cleaned["due_at"] == AUDIT_HIDDEN
    assert cleaned["nested"]["recipient_name"] == AUDIT_HIDDEN
