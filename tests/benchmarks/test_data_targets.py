"""The data targets' table and verdicts: the benchmark's row and the issue's own metric, side by side."""

from __future__ import annotations

from benchmarks.case import measure
from benchmarks.run import data_targets, issue_table, least
from yamldata import loader, store
from yamldata.loader import DEFAULT_CLAIMS, DEFAULT_DISTRICTS


def _row(state_seconds: float | None) -> dict:
    dataset = {"load_seconds": 1.0, "timeline_seconds": 1.0}
    state = {"load_seconds": 0.9, "state_seconds": state_seconds} if state_seconds is not None else {}
    evidence = {"load_seconds": 1.0, "timeline_seconds": 1.4}
    return {"gazetteer": "398 districts", "claims": 100_000, "dataset": dataset, "evidence": evidence, "state": state,
            "pyyaml": {"seconds": 18.0}}  # fmt: skip


def test_both_speedups_are_judged_against_the_same_target():
    verdicts = {c["target"]: (c["verdict"], c["measured"]) for c in data_targets([_row(0.6)], None)}
    assert verdicts["load+validate+timeline ≥ 10× faster than PyYAML C parse (100k × 398)"] == ("MISS", "9.0×")
    assert verdicts["load+validate+state ≥ 10× faster than PyYAML C parse (100k × 398, the issue's metric)"] == ("PASS", "12.0×")
    assert verdicts["timeline with the evidence fields ≤ 1.5× without (100k × 398)"] == ("PASS", "1.40×")


def test_the_table_keeps_the_old_column_beside_the_new_and_old_results_still_read():
    table = issue_table([_row(0.6), _row(None)], None).splitlines()
    assert "| vs PyYAML | own process: load / state (one date) | load+validate+state vs PyYAML |" in table[0]
    assert table[2].split(" | ")[4:7] == ["9.0×", "900.0 ms / 600.0 ms", "12.0×"]
    assert table[3].split(" | ")[4:7] == ["9.0×", "— / —", "—"]  # a result saved before the column existed


def test_the_state_case_parses_the_file_even_when_it_is_stored(monkeypatch, tmp_path):
    """The issue's metric is a fresh file's load: never what the dataset case stored for the restart case."""
    monkeypatch.setenv("CONTROL_MAP_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("CONTROL_MAP_STORE", "1")
    monkeypatch.setattr(store, "MIN_BYTES", 0)  # the bundled file, stored as a big one would be
    stored = measure("dataset", DEFAULT_DISTRICTS, DEFAULT_CLAIMS)
    loader.clear_cache()  # each case runs in a new process
    assert stored["store_write_seconds"] > 0 and measure("restart", DEFAULT_DISTRICTS, DEFAULT_CLAIMS)["path"] == "store"
    loader.clear_cache()
    result = measure("state", DEFAULT_DISTRICTS, DEFAULT_CLAIMS)
    assert result["path"] in ("fast", "slow") and result["load_seconds"] > 0 and result["state_seconds"] > 0


def test_the_evidence_fields_cost_is_the_least_timeline_of_each_file_measured_in_turn():
    row = _row(0.6)
    row["timelines"] = {"plain_seconds": [1.3, 1.0, 1.1], "evidence_seconds": [1.9, 1.45, 1.6]}
    verdicts = {c["target"]: (c["verdict"], c["measured"]) for c in data_targets([row], None)}
    assert verdicts["timeline with the evidence fields ≤ 1.5× without (100k × 398)"] == ("PASS", "1.45×")
    assert issue_table([row], None).splitlines()[2].endswith("| 1.45× (1.45 s / 1.00 s, least of 3) |")
    row["timelines"] = {"what": "timelines", "error": ["Traceback"]}  # a failed case: the single timelines, as before
    assert data_targets([row], None)[-1]["measured"] == "1.40×"


def test_the_timelines_case_times_both_files_in_turn():
    loader.clear_cache()
    result = measure("timelines", DEFAULT_DISTRICTS, DEFAULT_CLAIMS, DEFAULT_CLAIMS)
    assert len(result["plain_seconds"]) == len(result["evidence_seconds"]) == 3
    assert all(seconds > 0 for seconds in result["plain_seconds"] + result["evidence_seconds"])


def test_the_issue_metric_is_the_least_of_its_runs_on_both_sides():
    runs = [{"load_seconds": 1.2, "state_seconds": 0.3}, {"error": ["killed"]}, {"load_seconds": 1.0, "state_seconds": 0.4}]
    best = least(runs, "load_seconds", "state_seconds")
    assert (best["load_seconds"], best["state_seconds"]) == (1.0, 0.4) and best["runs_seconds"] == [1.5, 1.4]
    row = _row(None)
    row["state"], row["pyyaml"] = best, least([{"seconds": 19.0}, {"seconds": 16.8}, {"seconds": 18.0}], "seconds")
    verdicts = {c["target"]: c["measured"] for c in data_targets([row], None)}
    assert verdicts["load+validate+state ≥ 10× faster than PyYAML C parse (100k × 398, the issue's metric)"] == "12.0×"
    assert issue_table([row], None).splitlines()[2].split(" | ")[3:7] == [
        "16.80 s (least of 3)", "8.4×", "1.00 s / 400.0 ms (least of 2)", "12.0×",
    ]  # fmt: skip
    assert least([{"error": ["x"]}], "seconds") == {"error": ["x"], "runs_seconds": []}
