"""The spec checker itself: it accepts what the spec allows and rejects what it does not."""

from __future__ import annotations

import pytest

from tests.c8.spec import NO_BODY, SpecViolation, load_spec, spec_available
from tests.conftest import IN_CI

pytestmark = [
    pytest.mark.contract,
    # in CI the spec must be there: without it these fail instead of skipping
    pytest.mark.skipif(
        not spec_available() and not IN_CI, reason="the Camunda 8 OpenAPI spec is not beside the repository"
    ),
]


def test_a_valid_search_passes_with_an_overlapping_page() -> None:
    spec = load_spec()
    body = {"filter": {"state": "ACTIVE"}, "sort": [{"field": "startDate", "order": "DESC"}], "page": {"limit": 2}}
    operation = spec.check_request("POST", "/process-instances/search", body=body)
    assert operation.operation_id == "searchProcessInstances"
    spec.check_request("POST", "/process-instances/search", body={"page": {"limit": 5, "after": "WzFd"}})


@pytest.mark.parametrize(
    ("method", "path", "body", "says"),
    [
        ("POST", "/process-instances/search", {"filter": {"state": "RUNNING"}}, "filter/state"),
        ("POST", "/process-instances/search", {"page": {"limit": 0}}, "page"),
        ("POST", "/process-instances/search", {"sort": [{"field": "nope"}]}, "sort/0"),
        ("POST", "/process-instances/search", {"filtr": {}}, "Additional properties"),
        ("GET", "/process-instances/not-a-number", NO_BODY, "path processInstanceKey"),
        ("PUT", "/process-instances/search", {}, "not this method"),
        ("POST", "/no-such-thing", {}, "no such path"),
        ("POST", "/user-tasks/1/assignment", NO_BODY, "required"),
        ("POST", "/process-instances/1/cancellation", ["x"], "body"),
    ],
)
def test_a_wrong_request_is_rejected(method: str, path: str, body: object, says: str) -> None:
    with pytest.raises(SpecViolation, match=says):
        load_spec().check_request(method, path, body=body)


def test_query_parameters_are_checked() -> None:
    spec = load_spec()
    spec.check_request("POST", "/variables/search", query={"truncateValues": "true"}, body={})
    with pytest.raises(SpecViolation, match="not in the spec"):
        spec.check_request("POST", "/variables/search", query={"firstResult": "0"}, body={})


def test_multipart_fields_are_checked() -> None:
    spec = load_spec()
    spec.check_request(
        "POST", "/deployments", content_type="multipart/form-data", form_fields=["resources", "tenantId"]
    )
    with pytest.raises(SpecViolation, match="unknown"):
        spec.check_request("POST", "/deployments", content_type="multipart/form-data", form_fields=["resources", "x"])


def test_responses_are_checked() -> None:
    spec = load_spec()
    page = {"totalItems": 0, "hasMoreTotalItems": False, "startCursor": None, "endCursor": None}
    spec.check_response("POST", "/process-instances/search", 200, {"items": [], "page": page})
    with pytest.raises(SpecViolation, match="page"):
        spec.check_response("POST", "/process-instances/search", 200, {"items": [], "page": {"totalItems": 0}})
    with pytest.raises(SpecViolation, match="not declared"):
        spec.check_response("POST", "/process-instances/search", 418, {"title": "x"})
    problem = {
        "type": "about:blank",
        "title": "RESOURCE_EXHAUSTED",
        "status": 503,
        "detail": "busy",
        "instance": "/v2/x",
    }
    spec.check_response("POST", "/process-instances/search", 503, problem, content_type="application/problem+json")
    with pytest.raises(SpecViolation, match="empty body"):
        spec.check_response("GET", "/topology", 200)
