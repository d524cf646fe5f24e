"""openapi.json: a valid OpenAPI 3.1 document, served by the API, describing exactly the API's routes."""
import re

from api_support import SPEC, app, client, clock  # noqa: F401
from openapi_spec_validator import validate

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def app_operations(app) -> dict[tuple[str, str], str]:
    """(OpenAPI path, method) -> endpoint for every /api/ route of the app."""
    found = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                found[(path, method.lower())] = rule.endpoint
    return found


def spec_operations() -> dict[tuple[str, str], str]:
    return {(path, method): op["operationId"]
            for path, item in SPEC["paths"].items() for method, op in item.items() if method in HTTP_METHODS}


def test_document_is_valid_openapi():
    validate(SPEC)


def test_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert (response.status_code, response.get_json()) == (200, SPEC)


def test_document_describes_every_route_and_only_those(app):
    assert spec_operations() == app_operations(app)


def test_every_operation_documents_the_500_error_shape():
    missing = [op_id for (path, method), op_id in spec_operations().items()
               if path != "/api/v1/openapi.json"
               and SPEC["paths"][path][method]["responses"].get("500", {}).get("content", {})
               .get("application/json", {}).get("schema") != {"$ref": "#/components/schemas/Error"}]
    assert missing == []
