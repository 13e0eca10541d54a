"""Province-sized data for the benchmarks: the dossiers written with PostgreSQL COPY (minutes, not hours), then
the other records a roll-up counts for each commune — letters, reception sessions, petitions, survey forms with
their answers, a recognition and a published scoring — written with bulk_create (`others`)."""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from zoneinfo import ZoneInfo

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanthien.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from thanthien.onestop.models import Dossier, Procedure  # noqa: E402
from thanthien.onestop.search import personal_search_text  # noqa: E402
from thanthien.org.actions import rebuild_paths  # noqa: E402
from thanthien.org.models import Unit, UnitKind  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# The folded search text of the bench's one applicant (the column the one-stop desk's search reads).
SEARCH_PERSONAL = personal_search_text("Nguyễn Văn Án", "038090001234", "0912345678")
COMMUNES = int(os.environ.get("BENCH_COMMUNES", "500"))
YEARS = int(os.environ.get("BENCH_YEARS", "3"))
PER_YEAR = int(os.environ.get("BENCH_PER_YEAR", "1000"))
PROVINCE = "BENCH"
CHANNELS = ["direct"] * 5 + ["online_full"] * 2 + ["online_partial"] * 2 + ["postal"]
COLUMNS = (
    "unit_id, procedure_id, code, pin, channel, status, applicant_name, applicant_id_number, applicant_phone, "
    "applicant_address, applicant_email, weekend_reception, home_service, papers, note, received_at, due_at, "
    "due_explanation, supplement_requested_at, supplement_received_at, resolved_at, returned_at, ended_at, "
    "created_at, updated_at, search_personal"
)


def units() -> list[Unit]:
    province, _ = Unit.objects.get_or_create(
        code=PROVINCE, defaults={"name": "Tỉnh Thử Nghiệm", "kind": UnitKind.PROVINCE}
    )
    existing = {u.code: u for u in Unit.objects.filter(parent=province)}
    new = [
        Unit(code=f"{PROVINCE}-{n:04d}", name=f"Xã Thử Nghiệm {n}", kind=UnitKind.COMMUNE, parent=province)
        for n in range(1, COMMUNES + 1)
        if f"{PROVINCE}-{n:04d}" not in existing
    ]
    Unit.objects.bulk_create(new)
    rebuild_paths()
    return list(Unit.objects.filter(parent=province).order_by("code"))[:COMMUNES]


def rows_for(unit: Unit, procedures: list[int], today: dt.date, rng: random.Random) -> list[str]:
    out = []
    start = today - dt.timedelta(days=365 * YEARS)
    now = dt.datetime.now(TZ)
    for n in range(PER_YEAR * YEARS):
        received = dt.datetime.combine(start + dt.timedelta(days=rng.randrange(365 * YEARS)), dt.time(8), TZ)
        received += dt.timedelta(minutes=rng.randrange(8 * 60))
        due = received + dt.timedelta(days=rng.choice([0.3, 1, 3, 5]))
        resolved = received + dt.timedelta(hours=rng.uniform(1, 100))
        roll = rng.random()
        status, ended, returned = 10, "\\N", "\\N"
        if roll < 0.01:
            status, ended, resolved_text = 7, received.isoformat(), "\\N"
        elif resolved > now:
            status, resolved_text = 4, "\\N"
        else:
            resolved_text = resolved.isoformat()
            returned = resolved.isoformat()
        out.append(
            "\t".join(
                [
                    str(unit.pk),
                    str(rng.choice(procedures)),
                    f"{unit.code}-{n:07d}",
                    "AB23",
                    rng.choice(CHANNELS),
                    str(status),
                    "Nguyễn Văn Án",
                    "038090001234",
                    "0912345678",
                    "Thôn 1",
                    "",
                    "f",
                    "f",
                    "",
                    "",
                    received.isoformat(),
                    due.isoformat(),
                    "[]",
                    "\\N",
                    "\\N",
                    resolved_text,
                    returned,
                    ended,
                    now.isoformat(),
                    now.isoformat(),
                    SEARCH_PERSONAL,
                ]
            )
        )
    return out


LETTERS_PER_YEAR = int(os.environ.get("BENCH_LETTERS_PER_YEAR", "40"))
SESSIONS_PER_YEAR = 12  # the law's monthly reception at least
PETITIONS_PER_YEAR = int(os.environ.get("BENCH_PETITIONS_PER_YEAR", "8"))
FORMS_PER_YEAR = int(os.environ.get("BENCH_FORMS_PER_YEAR", "40"))


def others(communes: list[Unit], today: dt.date) -> None:
    """Letters, reception sessions, petitions, survey forms, recognitions and scorings for every commune, once."""
    from thanthien.engagement.models import Petition
    from thanthien.engagement.reception import ReceptionSession
    from thanthien.letters.models import Letter, LetterKind, LetterStatus, SubjectType
    from thanthien.programme.models import CriteriaSet, Recognition, Scoring
    from thanthien.surveys import actions as survey_actions
    from thanthien.surveys.models import Answer, Campaign, Choice, Question, Response

    if Letter.objects.filter(unit__in=communes).exists():
        print(f"Dữ liệu khác đã có: {Letter.objects.filter(unit__in=communes).count():,} thư.")
        return
    rng = random.Random(2027)
    began = time.perf_counter()
    first = today - dt.timedelta(days=365 * YEARS)

    def day() -> dt.date:
        return first + dt.timedelta(days=rng.randrange(365 * YEARS))

    kinds = [LetterKind.APOLOGY, LetterKind.THANKS, LetterKind.CONGRATULATION, LetterKind.CONDOLENCE]
    letters, sessions, petitions = [], [], []
    for unit in communes:
        for n in range(LETTERS_PER_YEAR * YEARS):
            on = day()
            letters.append(
                Letter(
                    unit=unit,
                    kind=rng.choice(kinds),
                    status=LetterStatus.DELIVERED,
                    subject_type=SubjectType.CONTRIBUTION,
                    subject_id=f"bench-{unit.pk}-{n}",
                    owed_on=on,
                    letter_date=on,
                    recipient_name="Người nhận",
                    body="Thư",
                )
            )
        for n in range(SESSIONS_PER_YEAR * YEARS):
            sessions.append(
                ReceptionSession(
                    unit=unit,
                    held_on=first + dt.timedelta(days=30 * n + 5),
                    kind="regular",
                    receiver="authorised",
                    receiver_name="Trần Văn Dũng",
                )
            )
        for n in range(PETITIONS_PER_YEAR * YEARS):
            received = day()
            resolved = received + dt.timedelta(days=rng.randrange(5, 60))
            done = resolved <= today
            petitions.append(
                Petition(
                    unit=unit,
                    number=n + 1,
                    year=received.year,
                    received_on=received,
                    source="hand",
                    kind=rng.choice(["recommendation", "feedback", "complaint"]),
                    content="Nội dung",
                    petitioner_name="Lê Văn An",
                    resolved_on=resolved if done else None,
                    outcome="answered" if done else "",
                )
            )
    Letter.objects.bulk_create(letters, batch_size=5000)
    ReceptionSession.objects.bulk_create(sessions, batch_size=5000)
    Petition.objects.bulk_create(petitions, batch_size=5000)
    print(f"  {len(letters):,} thư, {len(sessions):,} buổi tiếp, {len(petitions):,} đơn thư")

    # Survey forms: one SIPAS questionnaire (copied once, to the first commune), a campaign per commune and year.
    imported = survey_actions.copy_template(None, communes[0], "sipas")
    version = imported.version
    scale = list(Question.objects.filter(version=version, is_scale=True))
    lists: dict[str, list[Choice]] = {}
    for choice in Choice.objects.filter(version=version).order_by("list_name", "order"):
        lists.setdefault(choice.list_name, []).append(choice)
    campaigns = [
        Campaign(
            unit=unit,
            name=f"Khảo sát năm {first.year + y}",
            version=version,
            starts_on=first + dt.timedelta(days=365 * y),
            ends_on=first + dt.timedelta(days=365 * y + 364),
            channels=["paper"],
        )
        for unit in communes
        for y in range(YEARS)
    ]
    Campaign.objects.bulk_create(campaigns, batch_size=2000)
    responses = []
    for campaign in campaigns:
        for _ in range(FORMS_PER_YEAR):
            on = campaign.starts_on + dt.timedelta(days=rng.randrange(365))
            responses.append(
                Response(
                    campaign=campaign,
                    unit_id=campaign.unit_id,
                    questionnaire_id=version.questionnaire_id,
                    channel="paper",
                    submitted_on=min(on, today),
                )
            )
    Response.objects.bulk_create(responses, batch_size=5000)
    answers = []
    for response in responses:
        for question in scale:
            options = lists[question.list_name]
            good = [c for c in options if c.satisfied]
            pool = good if rng.random() < 0.9 else ([c for c in options if not c.satisfied] or good)
            chosen = rng.choice(pool)
            answers.append(
                Answer(
                    response=response,
                    question=question,
                    choice=chosen,
                    value=chosen.name,
                    is_scale=True,
                    satisfied=bool(chosen.satisfied),
                )
            )
    Answer.objects.bulk_create(answers, batch_size=10000)
    print(f"  {len(responses):,} phiếu khảo sát, {len(answers):,} câu trả lời")

    province = communes[0].parent
    criteria, _ = CriteriaSet.objects.get_or_create(
        unit=province, code="bench", defaults={"name": "Bộ tiêu chí thử", "valid_from": first, "thresholds": {}}
    )
    recognitions, scorings = [], []
    for unit in communes:
        roll = rng.random()
        if roll < 0.7:
            level = "province" if roll < 0.1 else "district"
            recognitions.append(Recognition(unit=unit, level=level, decided_on=first, decision_number=f"{unit.pk}/QĐ"))
        klass = rng.choice(["tot", "kha", "kha", "dat", "chua_dat"])
        scorings.append(
            Scoring(
                unit=unit,
                year=today.year - 1,
                criteria_set=criteria,
                status="published",
                score_class=klass,
                verified_total=rng.randrange(50, 100),
                published_on=today - dt.timedelta(days=200),
            )
        )
    Recognition.objects.bulk_create(recognitions)
    Scoring.objects.bulk_create(scorings)
    with connection.cursor() as cursor:
        for table in ("letters_letter", "engagement_petition", "surveys_response", "surveys_answer"):
            cursor.execute(f"ANALYZE {table}")
    print(f"Đã tạo dữ liệu khác trong {time.perf_counter() - began:.0f} s.")


def main() -> None:
    if os.environ.get("BENCH_QUICK", "") not in ("", "0"):
        return  # the quick run times the import against COPY only, on an empty commune
    assert connection.vendor == "postgresql", "the benchmark data set is written with PostgreSQL COPY"
    communes = units()
    today = dt.date(2026, 11, 1)
    have = Dossier.objects.filter(unit__in=communes).count()
    target = len(communes) * PER_YEAR * YEARS
    if have >= target:
        print(f"Dữ liệu đã có: {have:,} hồ sơ.")
        others(communes, today)
        return
    Dossier.objects.filter(unit__in=communes).delete()
    procedures = list(Procedure.objects.values_list("pk", flat=True))
    rng = random.Random(2026)
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        for i, unit in enumerate(communes, 1):
            with raw.copy(f"COPY onestop_dossier ({COLUMNS}) FROM STDIN") as copy:
                copy.write("\n".join(rows_for(unit, procedures, today, rng)) + "\n")
            if i % 50 == 0:
                print(f"  {i}/{len(communes)} xã")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE onestop_dossier")
    print(f"Đã tạo {target:,} hồ sơ trong {time.perf_counter() - began:.0f} s.")
    others(communes, today)


if __name__ == "__main__":
    main()
