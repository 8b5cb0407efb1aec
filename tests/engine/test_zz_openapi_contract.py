"""Every path, method and parameter name the service layer sent exists in the engine's OpenAPI document.

The document is `openapi.json` from `camunda-engine-rest-openapi` (Maven Central), unpacked by the
engine build. This runs after the other engine tests (see conftest) and checks what they sent.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from tests.conftest import RunningEngine
from tests.recording import Recorder, Sent

# paths the engine serves that its OpenAPI document does not describe
UNDOCUMENTED: set[tuple[str, str]] = set()


@cache
def load(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text())
    return doc


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = doc["components"]["schemas"][name]
    if "allOf" in schema:
        merged: dict[str, Any] = {"type": "object", "properties": {}}
        for part in schema["allOf"]:
            merged["properties"].update(resolve(doc, part).get("properties", {}))
        return merged
    return schema


def template_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")


def find_operation(doc: dict[str, Any], sent: Sent) -> tuple[str, dict[str, Any]] | None:
    candidates = [
        (template, item)
        for template, item in doc["paths"].items()
        if sent.method.lower() in item and template_regex(template).match(sent.path)
    ]
    if not candidates:
        return None
    # the most literal template wins: /process-definition/key/{key} over /process-definition/{id}/...
    template, item = max(candidates, key=lambda c: len(re.sub(r"\{[^}]+\}", "", c[0])))
    return template, item


def check_body(doc: dict[str, Any], value: Any, schema: dict[str, Any], where: str, problems: list[str]) -> None:
    schema = resolve(doc, schema)
    if isinstance(value, dict):
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if props is not None and key in props:
                check_body(doc, item, props[key], f"{where}.{key}", problems)
            elif isinstance(extra, dict):
                check_body(doc, item, extra, f"{where}.{key}", problems)
            elif props is not None and extra is not True:
                problems.append(f"{where}: unknown property {key!r}")
    elif isinstance(value, list) and "items" in schema:
        for item in value:
            check_body(doc, item, schema["items"], f"{where}[]", problems)


def check(doc: dict[str, Any], sent: Sent) -> list[str]:
    found = find_operation(doc, sent)
    label = f"{sent.method} {sent.path}"
    if found is None:
        return [] if (sent.method, sent.path) in UNDOCUMENTED else [f"{label}: no such path/method in the spec"]
    template, item = found
    operation = item[sent.method.lower()]
    problems: list[str] = []
    declared = {p["name"] for p in [*item.get("parameters", []), *operation.get("parameters", [])]}
    for name in sent.query:
        if name not in declared:
            problems.append(f"{label} ({template}): query parameter {name!r} not in the spec")
    content = (operation.get("requestBody") or {}).get("content", {})
    if sent.json_body is not None:
        schema = (content.get("application/json") or {}).get("schema")
        if schema is None:
            problems.append(f"{label}: sends JSON, the spec takes none")
        else:
            check_body(doc, sent.json_body, schema, label, problems)
    if sent.form_fields:
        schema = resolve(doc, (content.get("multipart/form-data") or {}).get("schema", {}))
        for name in sent.form_fields:
            if name not in schema.get("properties", {}):
                problems.append(f"{label}: form field {name!r} not in the spec")
    return problems


def test_every_request_sent_matches_the_openapi_document(real_engine: RunningEngine, sent_requests: Recorder) -> None:
    doc = load(real_engine.openapi)
    assert len(sent_requests.sent) > 100, "the engine tests ran first and sent requests"
    distinct = {repr(s): s for s in sent_requests.sent}
    problems = sorted({p for s in distinct.values() for p in check(doc, s)})
    assert problems == [], "\n".join(problems)
    templates = {find_operation(doc, s)[0] for s in distinct.values() if find_operation(doc, s)}  # type: ignore[index]
    # the layer reaches every area of the API
    for expected in (
        "/deployment/create",
        "/process-instance",
        "/task/{id}/complete",
        "/authorization/create",
        "/incident",
        "/job/{id}/retries",
        "/user/create",
        "/tenant/create",
        "/group/create",
    ):
        assert expected in templates


def test_the_checker_catches_a_wrong_parameter(real_engine: RunningEngine) -> None:
    doc = load(real_engine.openapi)
    assert check(doc, Sent("GET", "/deployment", ("nameLike",))) == []
    assert check(doc, Sent("GET", "/deployment", ("nameLikee",)))
    assert check(doc, Sent("GET", "/deploymentz", ()))
    assert check(doc, Sent("POST", "/task/abc/complete", (), {"variablez": {}}))
    assert check(doc, Sent("POST", "/deployment/create", (), None, ("deployment-name",))) == []
    assert check(doc, Sent("POST", "/deployment/create", (), None, ("deployment-nam",)))
