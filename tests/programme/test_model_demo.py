"""The model's demo (order 50): every commune valid today has its launch about three years ago, the stages in
order, the five steps done, a profile, a board of 11 founded by a Party decision with one change, and a dozen
documents whose numbers pass the pages' own check; every row is valid; a second run adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from thanthien.org.demo import build_units_and_people
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.programme import actions_model as actions
from thanthien.programme.demo_model import build
from thanthien.programme.models import (
    Board,
    BoardChange,
    BoardMember,
    CommuneProfile,
    IssuedDocument,
    ModelStage,
    ProcessStep,
    Stage,
)
from thanthien.programme.numbers_model import clean_number

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)
MODELS = (IssuedDocument, ModelStage, ProcessStep, CommuneProfile, Board, BoardChange, BoardMember)


def test_the_model_demo() -> None:
    build_units_and_people(TODAY)
    build(TODAY)
    communes = list(Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True))
    assert communes
    for unit in communes:
        docs = list(IssuedDocument.objects.filter(unit=unit))
        assert 10 <= len(docs) <= 15
        assert len({d.kind for d in docs}) >= 5
        for d in docs:
            d.full_clean()
            assert clean_number(d.kind, d.number, d.issued_on) == d.number
            assert d.issued_on < TODAY and d.issued_on.weekday() < 5 and (d.issued_on.month, d.issued_on.day) != (1, 1)
            if d.issuer == "higher":
                assert d.issuer_name in ("Ban Dân vận Tỉnh ủy Thanh Hóa", "Ban Dân vận Tỉnh ủy Lạng Sơn")
        stages = list(ModelStage.objects.filter(unit=unit).order_by("reached_on", "pk").values_list("stage", flat=True))
        assert stages[:3] == [Stage.REGISTRATION, Stage.LAUNCH, Stage.OPERATION]
        assert Stage.SELF_ASSESSMENT in stages[3:]
        launch = ModelStage.objects.get(unit=unit, stage=Stage.LAUNCH).reached_on
        assert dt.date(2023, 9, 1) <= launch <= dt.date(2024, 3, 1)
        steps = list(ProcessStep.objects.filter(unit=unit).order_by("order"))
        assert [s.title for s in steps] == list(actions.DEFAULT_STEPS)
        assert all(s.done_on and s.done_on < TODAY for s in steps)
        assert actions.profile_on(unit, TODAY) is not None
        board = Board.objects.get(unit=unit)
        assert board.founding_document is not None and board.founding_document.number.endswith("-QĐ/ĐU")
        assert actions.citation(board.founding_document).startswith("Quyết định số ")
        change = BoardChange.objects.get(board=board)
        assert actions.members_on(board, TODAY).count() == 11
        assert actions.members_on(board, change.decided_on - dt.timedelta(days=1)).count() == 11
        before = set(actions.members_on(board, change.decided_on - dt.timedelta(days=1)).values_list("pk", flat=True))
        after = set(actions.members_on(board, change.decided_on).values_list("pk", flat=True))
        assert len(before - after) == 2 and len(after - before) == 2
        for member in BoardMember.objects.filter(board=board):
            member.full_clean()
    showcase = Board.objects.get(unit__code="16006")
    assert "Trần Văn Dũng" in {m.full_name for m in actions.members_on(showcase, TODAY)}
    counts = {m.__name__: m.objects.count() for m in MODELS}
    build(TODAY)
    assert counts == {m.__name__: m.objects.count() for m in MODELS}
