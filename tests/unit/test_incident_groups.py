"""Grouping incidents, the retry plan and its verification, on the fakes (the real engine has its own tests)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from camtui.api.capabilities import Capability
from camtui.api.models import Incident, IncidentFilter
from camtui.api.plan import Outcome, OutcomeStatus, Report, Target
from camtui.kinds import repair, runner
from camtui.kinds.incident_groups import GroupBy, group, grouped, normalise
from camtui.kinds.incidents import INCIDENTS, RETRY, RETRY_ALL
from tests.fakes import FakeEngine

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("begin 99, end 7, length 7", "begin 99, end 12, length 12"),
        (
            "Job 3f2a1c44-1234-11f0-9c3b-abcdef012345 failed at 2026-11-24T08:00:01.123+0100",
            "Job 00000000-aaaa-11f0-9c3b-000000000001 failed at 2025-01-02T03:04:05Z",
        ),
        ("order ORD-12345 rejected: amount 12.50", "order ORD-9 rejected: amount 3"),
        ("worker w1a2b3 timed out", "worker x9 timed out"),
        ("id 0a1b2c3d4e5f6a7b gone", "id ffff0000aaaa1111 gone"),
    ],
)
def test_messages_that_differ_only_in_ids_numbers_and_times_fold_together(one: str, other: str) -> None:
    assert normalise(one) == normalise(other)


def test_words_that_differ_stay_apart() -> None:
    assert normalise("Cannot resolve identifier 'needA'") != normalise("Cannot resolve identifier 'needB'")
    assert normalise("  two   spaces\nand a line ") == "two spaces and a line"
    assert normalise(None) == ""


def incident(n: int, message: str, *, activity: str = "a", kind: str = "failedJob") -> Incident:
    return Incident(
        id=f"i{n}",
        type=kind,
        message=message,
        activity_id=activity,
        timestamp=datetime(2026, 1, 1, 0, n, tzinfo=UTC),
        configuration=f"j{n}",
    )


def test_groups_count_oldest_newest_largest_first() -> None:
    items = [incident(n, f"length {n}") for n in range(5)] + [incident(9, "boom", activity="b")]
    by_message = group(items, GroupBy.MESSAGE)
    assert [(g.key, g.count) for g in by_message] == [("length <n>", 5), ("boom", 1)]
    assert by_message[0].oldest == datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
    assert by_message[0].newest == datetime(2026, 1, 1, 0, 4, tzinfo=UTC)
    assert by_message[0].incident_ids == ("i0", "i1", "i2", "i3", "i4")
    assert [(g.key, g.count) for g in group(items, GroupBy.ACTIVITY)] == [("a", 5), ("b", 1)]
    assert [g.count for g in group(items, GroupBy.TYPE)] == [6]


async def test_grouping_pages_through_everything_and_says_when_capped() -> None:
    fake = FakeEngine("c7")
    total = (await fake.incidents.list(IncidentFilter(), limit=1)).total or 0
    assert total > 3
    grouping, items = await grouped(fake, IncidentFilter(), GroupBy.TYPE)
    assert grouping.scanned == total == len(items) and not grouping.capped and grouping.caveat() == ""
    capped, items = await grouped(fake, IncidentFilter(), GroupBy.TYPE, limit=3)
    assert capped.capped and capped.scanned == len(items) == 3
    assert f"first 3 of {total}" in capped.caveat()


async def test_the_retry_plan_is_one_batch_per_kind_of_target_and_warns_about_the_rest() -> None:
    fake = FakeEngine("c7")
    items = [
        incident(1, "x"),
        incident(2, "x"),
        incident(3, "x", kind="failedExternalTask"),
        incident(4, "x", kind="customIncident"),
    ]
    plan = await runner.make_plan(fake, RETRY, items, RETRY.defaults() | {"retries": "2"})
    assert [(r.method, r.url.rsplit("/", 2)[-2:]) for r in plan.requests] == [
        ("POST", ["job", "retries"]),
        ("PUT", ["j3", "retries"]),
    ]
    assert plan.requests[0].json_body == {"jobIds": ["j1", "j2"], "retries": 2}
    assert plan.warnings and "can not be retried" in plan.warnings[0]
    assert "watches them" in plan.impact
    with pytest.raises(Exception, match="at least 1"):
        await runner.make_plan(fake, RETRY, items, {"retries": "0"})


async def test_without_a_job_executor_the_verified_report_says_still_pending() -> None:
    fake = FakeEngine("c7")
    failed = [i for i in (await fake.incidents.list(IncidentFilter(type="failedJob"))).items][:2]
    assert len(failed) == 2
    chosen = RETRY.defaults() | {"wait": "0.01"}
    plan = await runner.make_plan(fake, RETRY, failed, chosen)
    notes: list[str] = []
    report = await runner.execute(fake, RETRY, plan, failed, chosen, on_note=notes.append)
    # the fake has no job executor: the retries were set, nothing ran
    assert [o.status for o in report.outcomes] == [OutcomeStatus.PENDING] * 2
    assert report.pending == 2 and not report.ok
    assert "2 still pending" in report.summary()
    assert report.notes[0] == "Verified after the retry: 0 resolved, 0 failed again, 2 pending."
    assert notes and notes[-1].startswith("Watching 2 retried")
    assert all(fake.data.jobs[i.configuration or ""].retries == 1 for i in failed)


async def test_settle_reads_resolved_failed_again_and_pending_from_the_jobs() -> None:
    fake = FakeEngine("c7")
    jobs = [i for i in (await fake.incidents.list(IncidentFilter(type="failedJob"))).items][:3]
    gone, again, waiting = jobs
    del fake.data.jobs[gone.configuration or ""]
    fake.data.jobs[again.configuration or ""] = fake.data.jobs[again.configuration or ""].model_copy(
        update={"retries": 0, "exception_message": "begin 99, end 3, length 3"}
    )
    fake.data.jobs[waiting.configuration or ""] = fake.data.jobs[waiting.configuration or ""].model_copy(
        update={"retries": 1}
    )
    sent = Report(
        action="incidents.retry",
        title="Retry 3 incidents",
        outcomes=tuple(Outcome(target=Target(id=i.id), status=OutcomeStatus.DONE) for i in jobs),
    )
    report = await repair.settle_retries(fake, jobs, sent, {"wait": "0.01"}, lambda text: None)
    assert [o.status for o in report.outcomes] == [OutcomeStatus.DONE, OutcomeStatus.FAILED, OutcomeStatus.PENDING]
    assert report.outcomes[1].message == "failed again: begin 99, end 3, length 3"
    assert "failed again (1): begin 99, end 3, length 3" in report.notes
    unverified = await repair.settle_retries(fake, jobs, sent, {"verify": False}, lambda text: None)
    assert unverified == sent


async def test_camunda8_retries_the_incident_itself_and_offers_no_annotation() -> None:
    fake = FakeEngine("c8")
    offered = {a.id for a in INCIDENTS.supported_actions(fake.capabilities, read_only=False)}
    assert {"incidents.retry", "incidents.retry_all", "incidents.resolve"} <= offered
    assert "incidents.annotate" not in offered
    (one,) = (await fake.incidents.list(IncidentFilter(type="JOB_NO_RETRIES"), limit=1)).items
    chosen = RETRY.defaults()
    report = await runner.execute(fake, RETRY, await runner.make_plan(fake, RETRY, [one], chosen), [one], chosen)
    assert report.ok and report.outcomes[0].message == "retried"
    assert ("incidents.retry", (one, 1)) in [(name, args[:2]) for name, args in fake.calls]
    assert RETRY_ALL.capability is Capability.INCIDENT_RETRY


async def test_read_only_refuses_a_retry_before_anything_is_sent() -> None:
    fake = FakeEngine("c7", read_only=True)
    (one,) = (await fake.incidents.list(IncidentFilter(type="failedJob"), limit=1)).items
    with pytest.raises(Exception, match="read-only"):
        await runner.make_plan(fake, RETRY, [one], RETRY.defaults())
    assert fake.calls == []
