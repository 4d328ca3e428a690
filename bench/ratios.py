#!/usr/bin/env python3
"""Cross-benchmark ratios for jetsim_bench, from its JSON output.

    build/release/bench/jetsim_bench --benchmark_repetitions=5 \
        --benchmark_report_aggregates_only=true \
        --benchmark_out=bench.json --benchmark_out_format=json
    python3 bench/ratios.py bench.json        # or: ... | python3 bench/ratios.py -

Uses the median aggregate of each benchmark when there are repetitions,
otherwise the single run. Prints the raw one-way fiber switch, the scheduler
decision, their ratio against the goal (decision <= 3x raw switch), and the
dup-basic case throughput under the simulator and on real threads.
Exit status: 0 printed (whether or not the goal is met), 2 bad input.
"""
import json
import sys

GOAL = 3.0


def load(path):
    try:
        with (sys.stdin if path == "-" else open(path, encoding="utf-8")) as stream:
            return json.load(stream)
    except (OSError, ValueError) as error:
        sys.exit(f"ratios.py: cannot read {path}: {error}")


def pick(report):
    """run_name -> the median aggregate's entry (or the plain iteration run)."""
    runs = {}
    for entry in report.get("benchmarks", []):
        name = entry.get("run_name", entry["name"])
        if entry.get("run_type") == "aggregate":
            if entry.get("aggregate_name") == "median":
                runs[name] = entry
        elif name not in runs:
            runs[name] = entry
    return runs


def find(runs, prefix):
    for name, entry in runs.items():
        if name.split("/real_time")[0] == prefix:
            return entry
    return None


def ns(value_seconds):
    return value_seconds * 1e9


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: ratios.py BENCH_JSON_FILE|-")
    report = load(sys.argv[1])
    runs = pick(report)
    context = report.get("context", {})
    repetitions = max((entry.get("repetitions", 1) for entry in runs.values()), default=1)
    statistic = f"median of {repetitions} repetitions" if repetitions > 1 else "one run each"
    print(f"{context.get('num_cpus', '?')} cpus, load average {context.get('load_avg', '?')}, {statistic}")

    raw = find(runs, "BM_RawFiberSwitch")
    if raw is None:
        sys.exit("ratios.py: no BM_RawFiberSwitch in the input")
    raw_ns = ns(raw["one_way_switch"])
    print(f"{'raw one-way fiber switch':46s} {raw_ns:8.2f} ns")

    # The goal is about one decision in steady state (the 1000-yield run);
    # the other rows say what a case adds around it.
    rows = []
    for name, goal in (("BM_SchedulerDecision/1000", True), ("BM_SchedulerDecision/10", False)):
        entry = find(runs, name)
        if entry is not None:
            label = f"scheduler decision ({name.split('/')[1]} yields x 2 threads)"
            rows.append((label, ns(entry["decision"]), goal))
    case = find(runs, "BM_DupBasicCase")
    if case is not None:
        rows.append(("dup-basic case time / decisions (all work)", ns(case["case_time_per_decision"]), False))
    for label, value, goal in rows:
        ratio = value / raw_ns
        line = f"{label:46s} {value:8.2f} ns = {ratio:5.1f}x raw switch"
        if goal:
            verdict = "met" if ratio <= GOAL else f"missed by {ratio / GOAL:.1f}x"
            line += f"  (goal <= {GOAL:.0f}x: {verdict})"
        print(line)

    threads = find(runs, "BM_DupBasicCaseThreads")
    if case is not None:
        print(f"dup-basic simulated: {case['cases_per_s']:10.0f} cases/s, "
              f"{case['decisions_per_s'] / 1e6:6.2f} M decisions/s, "
              f"{case['decisions_per_case']:6.0f} decisions/case, {case['calls_per_s'] / 1e3:7.0f} k calls/s")
    if threads is not None:
        print(f"dup-basic threads:   {threads['cases_per_s']:10.0f} cases/s, "
              f"{threads['calls_per_s'] / 1e3:7.0f} k calls/s")
    if case is not None and threads is not None:
        print(f"simulated / threads: {case['cases_per_s'] / threads['cases_per_s']:.1f}x cases/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
