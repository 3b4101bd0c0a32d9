"""The load generator's summary: overall and per-kind percentiles from what was recorded."""

from bench.load import REQUEST_TIMEOUT_S, Prepared, Recorder


def test_summary_reports_p95_per_kind_from_that_kinds_latencies() -> None:
    recorder = Recorder()
    for ms in range(1, 101):
        recorder.record("neighboursToMeet", float(ms))
    for ms in range(1, 21):
        recorder.record("operatorCandidates", 100.0 + ms)

    summary = recorder.summary(elapsed_s=1.0)

    assert summary["p95_ms_by_kind"] == {"neighboursToMeet": 96.0, "operatorCandidates": 120.0}
    assert summary["requests"] == 120
    assert summary["mix"] == {"neighboursToMeet": 100, "operatorCandidates": 20}
    assert summary["p95_ms"] == 114.0  # over both kinds together


def test_a_request_left_in_the_backlog_counts_as_a_timeout_of_its_kind() -> None:
    recorder = Recorder()
    recorder.record("groupRecommendations", 5.0)
    recorder.backlog(Prepared("groupRecommendations", b"{}", {}))

    summary = recorder.summary(elapsed_s=1.0)

    assert summary["errors"] == {"not sent: client backlog": 1}
    assert summary["mix"] == {"groupRecommendations": 2}
    assert summary["p95_ms_by_kind"]["groupRecommendations"] == REQUEST_TIMEOUT_S * 1000
