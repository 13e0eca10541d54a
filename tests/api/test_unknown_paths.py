"""An unknown address under /api/ answers JSON in Vietnamese (an API client cannot read the HTML 404 page)."""

from __future__ import annotations

import pytest

from tests.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/khong-co", "/api/v1/dossiers/1/khong-co/", "/api/v9/units", "/api/x"])
def test_an_unknown_api_path_answers_json(personas: Personas, url: str) -> None:
    for client in (personas.client(None), personas.client(personas.officer_a)):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"detail": "Không tìm thấy địa chỉ API này."}


def test_pages_outside_the_api_keep_the_html_404(personas: Personas) -> None:
    response = personas.client(personas.officer_a).get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "text/html" in response["Content-Type"]
