"""benchmarks/compare.py's bookkeeping, on fabricated figures: nothing here is timed.

Performance is measured by the script itself (benchmarks/RESULTS.md); these
tests only keep baseline.json and the benchmark list in step and check the
verdicts and the exit status.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("compare", ROOT / "benchmarks" / "compare.py")
compare = importlib.util.module_from_spec(_SPEC)
sys.modules["compare"] = compare  # its dataclasses look their module up there
_SPEC.loader.exec_module(compare)

BASELINE = json.loads((ROOT / "benchmarks" / "baseline.json").read_text(encoding="utf-8"))


def figure(ratio: float) -> "compare.Figure":
    return compare.Figure(ratio=ratio, low=ratio * 0.9, high=ratio * 1.1, subject_cpu_s=ratio * 1e-3,
                          yardstick_cpu_s=1e-3, rounds=15, load=2.0)


def test_every_benchmark_has_a_baseline_and_every_baseline_a_benchmark():
    assert list(BASELINE["benchmarks"]) == list(compare.BENCHMARKS)


def test_every_baseline_entry_says_what_was_measured_and_when():
    for name, entry in BASELINE["benchmarks"].items():
        assert entry["ratio"] > 0 and entry["low"] <= entry["ratio"] <= entry["high"], name
        assert entry["recorded"] and entry["adkit_commit"] and entry["rounds"] >= 1, name


@pytest.mark.parametrize(("now", "expected"), [
    (1.00, "ok"), (1.09, "ok"), (0.91, "ok"),
    (1.11, "✗ worse by 11 %"), (2.00, "✗ worse by 100 %"), (0.80, "better by 20 %"),
])
def test_a_ratio_more_than_ten_percent_above_its_baseline_is_marked_worse(now, expected):
    assert compare.mark(now, 1.0) == expected


def test_a_benchmark_without_a_baseline_is_named_but_does_not_fail():
    assert compare.mark(3.0, None) == "no baseline: run --update"
    assert compare.exit_status({"new": figure(3.0)}, {"benchmarks": {}}) == 0


def test_the_exit_status_is_one_when_anything_is_worse():
    baseline = {"benchmarks": {"a": {"ratio": 2.0}, "b": {"ratio": 5.0}}}
    assert compare.exit_status({"a": figure(2.1), "b": figure(4.0)}, baseline) == 0
    assert compare.exit_status({"a": figure(2.1), "b": figure(5.6)}, baseline) == 1
    assert compare.exit_status({"a": figure(2.3)}, baseline) == 1


def test_the_report_shows_now_baseline_change_and_mark():
    baseline = {"benchmarks": {"startup": {"ratio": 5.0}, "codegen_w2": {"ratio": 2.0}}}
    lines = compare.report({"startup": figure(5.7), "codegen_w2": figure(2.0)}, baseline).splitlines()
    assert lines[2].startswith("| startup | 5.7 ms | 1 ms | ")
    assert lines[2].endswith("| 5.70 (5.13–6.27) | 5.00 | +14.0 % | ✗ worse by 14 % |")
    assert "| 2.00 (1.80–2.20) | 2.00 | +0.0 % | ok |" in lines[3]


def test_a_baseline_from_another_python_is_pointed_out():
    baseline = {"benchmarks": {"startup": {"ratio": 5.0, "python": "3.11.7"}}}
    assert compare.python_note(baseline, ["startup"], "3.11.7") == ""
    assert compare.python_note(baseline, ["startup"], "3.12.1") == ("note: baseline recorded with Python 3.11.7, "
                                                                     "now 3.12.1\n")


def test_update_replaces_the_figures_measured_keeps_the_others_and_stamps_them():
    stamp = {"recorded": "2026-12-07 00:30 UTC", "adkit_commit": "016e6f8", "python": "3.11.7"}
    new = compare.updated(BASELINE, {"startup": figure(9.0)}, stamp)
    assert new["benchmarks"]["startup"]["ratio"] == 9.0
    assert new["benchmarks"]["startup"]["adkit_commit"] == "016e6f8"
    assert new["benchmarks"]["codegen_w2"] == BASELINE["benchmarks"]["codegen_w2"]
    assert list(new["benchmarks"]) == list(compare.BENCHMARKS)
    assert json.loads(json.dumps(new)) == new


def test_only_is_repeatable_and_rejects_an_unknown_name():
    assert compare.parse_args(["--update", "--only", "startup", "--only", "table_csv"]).only == ["startup", "table_csv"]
    with pytest.raises(SystemExit) as exit_:
        compare.parse_args(["--only", "nonsense"])
    assert exit_.value.code == 2


def test_main_fails_on_a_worse_figure_and_update_records_it_and_succeeds(monkeypatch, tmp_path, capsys):
    """main() with measure() replaced by fabricated figures: the exit statuses and the file written."""
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"benchmarks": {"startup": {"ratio": 5.0}}}), encoding="utf-8")
    monkeypatch.setattr(compare, "BASELINE", path)
    monkeypatch.setattr(compare, "measure", lambda bench, rounds: figure(6.0))
    assert compare.main(["--only", "startup"]) == 1
    assert "✗ worse by 20 %" in capsys.readouterr().out
    assert compare.main(["--only", "startup", "--update"]) == 0
    assert json.loads(path.read_text(encoding="utf-8"))["benchmarks"]["startup"]["ratio"] == 6.0
    assert compare.main(["--only", "startup"]) == 0
