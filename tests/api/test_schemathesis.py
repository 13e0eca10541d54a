"""A bounded schemathesis run against the OpenAPI schema, in-process (WSGI), as a commune officer with a bearer
token: no request may end in a server error, and every answer must match the schema (status code declared,
body valid). A few hundred generated cases in all (derandomized, so every run asks the same), well under a minute."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import Personas
from tests.onestop.factories import make_dossier
from thanthien.org.tokens import issue_token
from thanthien.surveys.actions import copy_template, create_campaign
from thanthien.wsgi import application


@schemathesis.check
def token_accepted(ctx: Any, response: Any, case: Any) -> None:
    # Every case must run as the officer: a rejected token would turn the whole run into 401s that "conform".
    if response.status_code == 401:
        raise AssertionError(f"401 với mã thông báo hợp lệ: {response.text[:200]}")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CHECKS.append(token_accepted)
# Per operation (31 operations). A longer hunt: SCHEMATHESIS_EXAMPLES=500 pytest tests/api/test_schemathesis.py
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def same_connection() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request; the test's transaction lives on it.
    Django's test client disconnects the same receivers for the same reason."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def token(personas: Personas, same_connection: None) -> str:
    make_dossier(personas.commune_a)  # something to list, page and look up
    # A survey open online today at the commune and questionnaire of the examples: the public pair answers.
    baseline = copy_template(None, personas.commune_a, "khao_sat_dau_ky")
    today = timezone.localdate()
    data = {
        "name": "Đợt thử",
        "version": baseline.version,
        "starts_on": today,
        "ends_on": today,
        "channels": ["online"],
    }
    create_campaign(None, personas.commune_a, data)
    return issue_token(None, personas.officer_a, "schemathesis")[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,  # the same cases on every run, so a failure is reproducible
)
def test_api_conforms_to_its_schema(case: Any, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
