"""Check Camunda 8 traffic against the official Orchestration Cluster API spec.

The spec is NOT in this repository (Camunda License 1.0, no copies): it is read at test time from
`../shared/camunda8-openapi/bundled/rest-api.bundle.json` beside the repository (or the file named by
`CAMTUI_C8_SPEC`). Requests are checked for path, method, path and query parameters and body;
responses for status and body. A mismatch raises `SpecViolation` (an AssertionError, so a test that
sees one fails).

OpenAPI 3.0 schemas are read as JSON Schema draft 7 with three adjustments, each what the spec means:
`nullable: true` admits null; `oneOf` is read as `anyOf` in the schemas whose alternatives overlap
(the search `page` object: `{"limit": 2}` matches several of its branches, so a strict `oneOf`
rejects every valid page); a schema that forbids additional properties and extends another by
`allOf` (a search query: its own `filter` and `sort`, the shared `page`) admits the properties of the
schemas it extends, as OpenAPI means and draft 7 alone would not; and an OpenAPI keyword JSON Schema lacks (`discriminator`, `readOnly`)
is ignored, as jsonschema ignores unknown keywords.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SPEC = REPO.parent / "shared" / "camunda8-openapi" / "bundled" / "rest-api.bundle.json"

# schemas whose `oneOf` branches overlap, so their `oneOf` is read as `anyOf` (see the module docstring):
# the search page, and the key unions whose every branch is "a long as a string" (a scope is a process
# instance key or an element instance key; the spec cannot tell them apart, nor can anyone)
OVERLAPPING_ONE_OF = frozenset({"SearchQueryPageRequest", "ScopeKey", "ResourceKey"})

# statuses any endpoint may answer although few operations declare them: back-pressure (503
# RESOURCE_EXHAUSTED on a read, 429 from a gateway in front). Their body must still be a ProblemDetail.
BACKPRESSURE_STATUSES = frozenset({429, 503})

NO_BODY: Any = object()


class SpecViolation(AssertionError):
    """A request or response that the spec does not allow."""


@dataclass(frozen=True)
class SpecOperation:
    method: str
    template: str
    operation_id: str
    added_in: str | None
    eventually_consistent: bool
    raw: Mapping[str, Any]


def spec_path() -> Path:
    return Path(os.environ.get("CAMTUI_C8_SPEC") or DEFAULT_SPEC)


def spec_available() -> bool:
    return spec_path().is_file()


@cache
def load_spec() -> Spec:
    path = spec_path()
    if not path.is_file():
        raise FileNotFoundError(
            f"The Camunda 8 OpenAPI spec is not at {path}; put the bundle there or name it with CAMTUI_C8_SPEC."
        )
    return Spec(json.loads(path.read_text(encoding="utf-8")))


def _python_pattern(pattern: str) -> str:
    """ECMA's Unicode classes `\\p{L}` (letters) and `\\p{N}` (digits), which Python's `re` lacks, as
    `\\w` (letters, digits, `_`): inside a character class, where the spec uses them, that is the
    nearest `re` can say; it admits a digit where the spec wants a letter, never less."""
    return pattern.replace("\\p{L}", "\\w").replace("\\p{N}", "\\w")


def _adjusted(node: Any, *, overlapping: bool = False) -> Any:
    """An OpenAPI 3.0 schema tree as JSON Schema draft 7 (see the module docstring)."""
    if isinstance(node, list):
        return [_adjusted(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _adjusted(value) for key, value in node.items() if key not in ("discriminator", "nullable")}
    if isinstance(out.get("pattern"), str):
        out["pattern"] = _python_pattern(out["pattern"])
    if overlapping and "oneOf" in out:
        out["anyOf"] = out.pop("oneOf")
    if node.get("nullable") is True:
        return {"anyOf": [out, {"type": "null"}]}
    return out


def _admit_inherited_properties(schemas: dict[str, Any]) -> None:
    """`additionalProperties: false` beside `allOf`: the properties the `allOf` schemas declare are
    not additional (they are validated there), so list them, unconstrained, beside the own ones."""

    def inherited(schema: Any, seen: frozenset[str]) -> set[str]:
        names: set[str] = set()
        for part in schema.get("allOf", []) if isinstance(schema, dict) else []:
            ref = part.get("$ref", "") if isinstance(part, dict) else ""
            target = ref.rsplit("/", 1)[-1]
            if not ref.startswith("#/components/schemas/") or target in seen:
                continue
            base = schemas.get(target, {})
            names |= set(base.get("properties", {})) | inherited(base, seen | {target})
        return names

    for schema in schemas.values():
        if isinstance(schema, dict) and schema.get("additionalProperties") is False and "allOf" in schema:
            properties = schema.setdefault("properties", {})
            for name in inherited(schema, frozenset()):
                properties.setdefault(name, {})


def _schema_of(node: Any) -> Any:
    return node.get("schema") if isinstance(node, dict) else None


class Spec:
    def __init__(self, document: Mapping[str, Any]) -> None:
        components = copy.deepcopy(dict(document["components"]))
        components["schemas"] = {
            name: _adjusted(schema, overlapping=name in OVERLAPPING_ONE_OF)
            for name, schema in components.get("schemas", {}).items()
        }
        _admit_inherited_properties(components["schemas"])
        self._components = components
        self.operations: list[SpecOperation] = []
        for template, item in document["paths"].items():
            for method, raw in item.items():
                if method.upper() not in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                    continue
                self.operations.append(
                    SpecOperation(
                        method=method.upper(),
                        template=template,
                        operation_id=raw.get("operationId", ""),
                        added_in=raw.get("x-added-in-version"),
                        eventually_consistent=bool(raw.get("x-eventually-consistent")),
                        raw=_adjusted(raw),
                    )
                )
        self._routes = sorted(
            ((self._regex(t), t) for t in {o.template for o in self.operations}),
            # literal segments before parameters: /process-instances/search is not /{processInstanceKey}
            key=lambda route: (route[1].count("{"), -len(route[1])),
        )

    @staticmethod
    def _regex(template: str) -> re.Pattern[str]:
        parts = re.split(r"(\{[^}]+\})", template)
        pattern = "".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts)
        return re.compile(f"^{pattern}$")

    # -- finding the operation -------------------------------------------------------------------

    def match(self, method: str, path: str) -> tuple[SpecOperation, dict[str, str]]:
        """The operation for `method path` (path without the `/v2` base) and its path parameters."""
        from urllib.parse import unquote

        method = method.upper()
        known_path = False
        for regex, template in self._routes:
            found = regex.match(path)
            if not found:
                continue
            known_path = True
            for operation in self.operations:
                if operation.template == template and operation.method == method:
                    return operation, {k: unquote(v) for k, v in found.groupdict().items()}
        if known_path:
            raise SpecViolation(f"{method} {path}: the spec has this path, but not this method")
        raise SpecViolation(f"{method} {path}: no such path in the spec")

    def operation(self, operation_id: str) -> SpecOperation:
        for operation in self.operations:
            if operation.operation_id == operation_id:
                return operation
        raise KeyError(operation_id)

    # -- validation ------------------------------------------------------------------------------

    def validate(self, value: Any, schema: Any, where: str) -> None:
        validator = jsonschema.Draft7Validator({**schema, "components": self._components})
        problems = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
        if problems:
            shown = "; ".join(
                f"at {'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message[:300]}" for e in problems[:5]
            )
            raise SpecViolation(f"{where}: {shown}")

    def check_request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str | Iterable[str]] | None = None,
        body: Any = NO_BODY,
        content_type: str | None = None,
        form_fields: Iterable[str] = (),
    ) -> SpecOperation:
        """Check one request; `body` is the parsed JSON body (NO_BODY when there is none); a
        multipart request names its form fields instead."""
        operation, path_values = self.match(method, path)
        where = f"{method.upper()} {path} ({operation.operation_id})"
        parameters = {(p["in"], p["name"]): p for p in operation.raw.get("parameters", [])}
        for name, value in path_values.items():
            parameter = parameters.get(("path", name))
            if parameter is None:
                raise SpecViolation(f"{where}: path parameter {name} is not declared")
            self.validate(_typed(value, _schema_of(parameter)), _schema_of(parameter) or {}, f"{where} path {name}")
        given = dict(query or {})
        for name, given_value in given.items():
            parameter = parameters.get(("query", name))
            if parameter is None:
                raise SpecViolation(f"{where}: query parameter {name!r} is not in the spec")
            values = [given_value] if isinstance(given_value, str) else list(given_value)
            for one in values:
                self.validate(_typed(one, _schema_of(parameter)), _schema_of(parameter) or {}, f"{where} ?{name}")
        for (place, name), parameter in parameters.items():
            if place == "query" and parameter.get("required") and name not in given:
                raise SpecViolation(f"{where}: the required query parameter {name!r} is missing")
        request_body = operation.raw.get("requestBody")
        has_body = body is not NO_BODY or bool(list(form_fields))
        if request_body is None:
            if has_body:
                raise SpecViolation(f"{where}: sends a body, but the operation takes none")
            return operation
        if not has_body:
            if request_body.get("required"):
                raise SpecViolation(f"{where}: the request body is required")
            return operation
        media = (content_type or "application/json").split(";")[0].strip()
        content = request_body.get("content", {})
        if media not in content:
            raise SpecViolation(f"{where}: content type {media} is not one of {sorted(content)}")
        schema = _schema_of(content[media]) or {}
        if media == "multipart/form-data":
            fields = list(form_fields)
            properties = schema.get("properties", {})
            unknown = [f for f in fields if f not in properties]
            missing = [f for f in schema.get("required", []) if f not in fields]
            if unknown or missing:
                raise SpecViolation(f"{where}: form fields unknown {unknown}, missing {missing}")
            return operation
        self.validate(body, schema, f"{where} body")
        return operation

    def check_response(
        self, method: str, path: str, status: int, body: Any = NO_BODY, *, content_type: str | None = None
    ) -> SpecOperation:
        """Check one answer; `body` is the parsed JSON (or the text for a non-JSON body)."""
        operation, _ = self.match(method, path)
        where = f"{method.upper()} {path} ({operation.operation_id}) answered {status}"
        responses = operation.raw.get("responses", {})
        declared = responses.get(str(status)) or responses.get("default")
        if declared is None:
            if status not in BACKPRESSURE_STATUSES:
                raise SpecViolation(f"{where}: status not declared (declared: {sorted(responses)})")
            declared = {
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}}
            }
        content = declared.get("content") or {}
        if body is NO_BODY or body is None or body == "":
            if content and status != 204 and not any(m.startswith("text/") for m in content):
                raise SpecViolation(f"{where}: an empty body, the spec declares {sorted(content)}")
            return operation
        if not content:
            raise SpecViolation(f"{where}: a body, but the spec declares none")
        media = (content_type or "application/json").split(";")[0].strip()
        if media not in content:
            raise SpecViolation(f"{where}: content type {media} is not one of {sorted(content)}")
        schema = _schema_of(content[media]) or {}
        if media.endswith("json"):
            self.validate(body, schema, f"{where} body")
        return operation


def _typed(value: str, schema: Any) -> Any:
    """A path or query value (always text on the wire) as the type its schema declares."""
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind in ("integer", "number"):
        try:
            return int(value) if kind == "integer" else float(value)
        except ValueError:
            return value
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    return value
