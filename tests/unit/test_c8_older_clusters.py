"""How camtui reads answers of Camunda 8 clusters older than 8.8 (camtui/api/c8/compat.py).

The answers are the ones the real 8.6 broker gives (tests/engine8 meets them there); these check
the mapping without Java.
"""

from __future__ import annotations

from camtui.api import errors
from camtui.api.c8 import compat
from camtui.api.c8.errors import c8_error

# what 8.6's web server answers for a path it does not serve (a search without a secondary store)
SPRING_404 = {"timestamp": "2026-11-24T08:39:23.914+00:00", "status": 404, "error": "Not Found", "path": "/v2/x"}
NO_RETRIES = {
    "type": "about:blank",
    "title": "NOT_FOUND",
    "status": 404,
    "detail": "Command 'RESOLVE' rejected with code 'NOT_FOUND': Expected to resolve incident with key '1', "
    "but job with key '2' has no retries left. Please update the job retries and retry resolving the incident",
    "instance": "/v2/incidents/1/resolution",
}


def test_a_path_the_cluster_does_not_serve_needs_a_newer_cluster() -> None:
    error = c8_error(404, {**SPRING_404, "path": "/v2/process-instances/search"}, "")
    assert isinstance(error, errors.UnsupportedByEngine)
    assert error.message == "This cluster does not offer /v2/process-instances/search."
    assert error.hint is not None and "needs Camunda 8.8 or newer" in error.hint


def test_a_problem_detail_404_is_still_not_found() -> None:
    body = {"type": "about:blank", "title": "NOT_FOUND", "status": 404, "detail": "no such process instance"}
    error = c8_error(404, body, "")
    assert type(error) is errors.NotFound
    assert compat.missing_endpoint(body) is None


def test_resolving_while_the_job_has_no_retries_is_a_conflict_as_on_8_8() -> None:
    error = c8_error(404, NO_RETRIES, "")
    assert isinstance(error, errors.Conflict)
    assert "has no retries left" in error.message
    assert error.hint == "Give the job retries first: an incident's retry does both."
    assert error.engine_type == "NOT_FOUND"


def test_status_is_8_8_so_older_clusters_read_health_from_the_topology() -> None:
    assert not compat.supports("8.6.0", "GET", "/status")
    assert compat.supports("8.8.0", "GET", "/status")


def test_a_key_no_partition_holds_is_not_found_not_back_pressure() -> None:
    # what 8.6 answers for a key whose encoded partition it lacks (e.g. `1`, or another cluster's)
    body = {
        "type": "about:blank",
        "title": "io.camunda.zeebe.broker.client.api.PartitionNotFoundException",
        "status": 503,
        "detail": "Expected to handle REST API request, but request could not be delivered",
    }
    error = c8_error(503, body, "")
    assert type(error) is errors.NotFound
    assert error.message.startswith("No partition of this cluster holds that key")
    assert error.hint is not None and "one of this cluster's" in error.hint
