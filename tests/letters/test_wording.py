"""The default wording of every letter reads as a Vietnamese official writes it (issue 7, item 6)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import Personas
from tests.letters.test_documents import _october_2024, make_letter, pdf_text  # noqa: F401
from thanthien.civil.models import CivilEvent
from thanthien.letters import actions, documents, texts
from thanthien.letters.models import LetterKind
from thanthien.org.models import Membership, Role

pytestmark = pytest.mark.django_db


def rendered(personas: Personas, kind: str, **extra: object) -> str:
    return actions.render_body(make_letter(personas.commune_a, kind, **extra))


@pytest.mark.parametrize("kind", list(LetterKind))
def test_each_default_letter_says_each_thing_once(personas: Personas, kind: LetterKind) -> None:
    text = rendered(personas, kind)
    assert "lời chào trân trọng" not in text and "trân trọng gửi tới" not in text
    assert "{{" not in text and "{%" not in text and "  " not in text
    sentences = [s.strip() for s in re.split(r"[.!;]\s", text) if s.strip()]
    assert len(sentences) == len(set(sentences))
    # Closes with one formula, not two.
    assert text.count("Trân trọng!") + text.count("Thành kính phân ưu!") == 1


def test_the_condolence_names_the_deceased_with_cu_ong_ba_in_preview_and_letter(personas: Personas) -> None:
    letter_text = rendered(personas, LetterKind.CONDOLENCE)
    preview = actions.render_text(
        texts.DEFAULT_BODIES[LetterKind.CONDOLENCE], documents.sample_context(personas.commune_a, "condolence")
    )
    assert "được tin Cụ bà Trần Thị Nhàn đã từ trần" in letter_text
    assert "được tin Cụ bà Trần Thị Nhàn đã từ trần" in preview
    assert "cụ Trần" not in preview  # the old preview put "cụ" into the name itself


def test_a_condolence_without_the_title_of_the_deceased_is_not_signed(personas: Personas) -> None:
    letter = make_letter(personas.commune_a, LetterKind.CONDOLENCE)
    CivilEvent.objects.filter(pk=letter.civil_event_id).update(person_title="")
    letter.refresh_from_db()
    assert "được tin … Trần Thị Nhàn" in actions.render_body(letter)  # the draft shows what is missing
    with pytest.raises(ValidationError, match="danh xưng người đã mất"):
        actions.approve(personas.leader_a, letter)


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("Chủ tịch UBND xã Hoằng Hợp", ["CHỦ TỊCH"]),
        ("Chủ tịch Ủy ban nhân dân xã", ["CHỦ TỊCH"]),
        ("Phó Chủ tịch UBND xã", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        ("", ["CHỦ TỊCH"]),
    ],
)
def test_the_signed_block_reads_as_the_draft(personas: Personas, title: str, lines: list[str]) -> None:
    Membership.objects.filter(user=personas.leader_a, role=Role.LEADER).update(title=title)
    draft = make_letter(personas.commune_a, LetterKind.THANKS)
    draft_lines = documents.sign_lines(draft)
    signed = actions.approve(personas.leader_a, draft)
    assert documents.sign_lines(signed) == lines
    if lines == ["CHỦ TỊCH"]:
        assert draft_lines == lines and signed.signer_title == "Chủ tịch"
    text = pdf_text(documents.letter_pdf(signed))
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH UBND" not in text.upper()
