"""The OpenAPI schema and its documentation page, served from the site's own static files."""

from django.urls import reverse
from rest_framework.test import APIClient


def test_the_schema_describes_the_endpoints_and_the_token(db):
    response = APIClient().get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/topics/", "/api/items/{id}/reports/", "/api/calendar/"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["accessToken"]["scheme"] == "bearer"


def test_the_documentation_page_uses_no_inline_script_or_cdn(client, db):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>" not in page and "<style>" not in page
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "//cdn" not in page and "https://" not in page
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
