"""The queue of what is due (PetitionDeadline rows still owed): overdue and due within a week, an overdue step kept
until it is done, scoped per commune (supervisors across theirs), paginated in a bounded number of queries, and the
home panel's counts linking to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Personas
from thanthien.engagement import actions, queue
from thanthien.engagement.due import refresh_deadlines
from thanthien.engagement.models import Petition, PetitionDeadline

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
URL = reverse("engagement:petition_queue")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def receive(p: Personas, received: dt.date, unit: Any = None, **extra: Any) -> Petition:
    data = {"received_on": received, "source": "post", "kind": "complaint", "petitioner_name": "Lê Văn Tám"}
    data["content"] = extra.pop("content", "Khiếu nại")
    unit = unit or p.commune_a
    petition = actions.receive_petition(p.leader_a if unit == p.commune_a else None, unit, {**data, **extra})
    # The action refreshes the stored due days once its transaction commits; a test's transaction never does.
    refresh_deadlines(petition)
    return petition


def due_on(petition: Petition, step: str) -> dt.date:
    return PetitionDeadline.objects.get(petition=petition, step=step).due_on


def test_overdue_and_due_soon_and_an_overdue_step_stays_until_done(personas: Personas) -> None:
    late = receive(personas, TODAY - dt.timedelta(days=40), content="Đơn quá hạn")
    soon = receive(personas, TODAY - dt.timedelta(days=5), content="Đơn sắp đến hạn")
    assert due_on(late, "acceptance") < TODAY <= due_on(soon, "acceptance") <= TODAY + dt.timedelta(days=7)
    client = client_for(personas.leader_a)
    overdue = client.get(URL, {"loc": "overdue"}).content.decode()
    assert "Đơn quá hạn" in overdue and "Đơn sắp đến hạn" not in overdue and "Quá hạn" in overdue
    coming = client.get(URL, {"loc": "soon"}).content.decode()
    assert "Đơn sắp đến hạn" in coming and "Đơn quá hạn" not in coming and "Còn " in coming
    both = client.get(URL).content.decode()
    assert "Đơn quá hạn" in both and "Đơn sắp đến hạn" in both
    # The sweep runs again and again: the overdue step is still owed and still listed.
    refresh_deadlines(late)
    assert "Đơn quá hạn" in client.get(URL, {"loc": "overdue"}).content.decode()
    refresh_deadlines(actions.accept(personas.leader_a, late, on=TODAY))  # what the commit hook does
    assert "Đơn quá hạn" not in client.get(URL, {"loc": "overdue"}).content.decode()
    assert queue.counts(personas.leader_a) == {"overdue": 0, "soon": 1}


def test_the_queue_and_the_panel_are_scoped(personas: Personas) -> None:
    receive(personas, TODAY - dt.timedelta(days=40), content="Đơn xã A")
    receive(personas, TODAY - dt.timedelta(days=40), unit=personas.commune_b, content="Đơn xã B")
    receive(personas, TODAY - dt.timedelta(days=40), unit=personas.commune_c, content="Đơn tỉnh khác")
    page = client_for(personas.leader_a).get(URL).content.decode()
    assert "Đơn xã A" in page and "Đơn xã B" not in page
    page = client_for(personas.supervisor).get(URL).content.decode()
    assert "Đơn xã A" in page and "Đơn xã B" in page and "Đơn tỉnh khác" not in page
    assert queue.counts(personas.supervisor)["overdue"] == 2
    assert queue.counts(personas.leader_a)["overdue"] == 1
    assert client_for(personas.front_a).get(URL).status_code == 403


def test_the_home_panel_counts_and_links(personas: Personas) -> None:
    receive(personas, TODAY - dt.timedelta(days=40))
    receive(personas, TODAY - dt.timedelta(days=5))
    home = client_for(personas.reception_a).get(reverse("core:home")).content.decode()
    assert "Đơn quá hạn" in home and f"{URL}?loc=overdue" in home and f"{URL}?loc=soon" in home
    home = client_for(personas.front_a).get(reverse("core:home")).content.decode()
    assert "Đơn quá hạn" not in home


def test_the_queue_paginates_in_a_bounded_number_of_queries(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    for n in range(35):
        receive(personas, TODAY - dt.timedelta(days=40), content=f"Đơn {n}")
    client = client_for(personas.leader_a)
    with django_assert_max_num_queries(12):
        page = client.get(URL, {"loc": "overdue"})
    text = page.content.decode()
    assert "Trang 1/2" in text and "loc=overdue&amp;page=2" in text
    assert client.get(URL, {"loc": "overdue", "page": "2"}).status_code == 200
    assert client.get(URL, {"loc": "<x>", "page": "²"}).status_code == 200
