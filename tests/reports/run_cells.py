"""Runs the commands a conformance.json offers and checks that each case
really returns the code it is shown for: the example of every reached code
row, and one reached matrix cell per fault kind. Usage: run_cells.py JETSIM REPORT"""
import json
import shlex
import subprocess
import sys

jetsim, report_path = sys.argv[1], sys.argv[2]
report = json.load(open(report_path, encoding="utf-8"))


def returns(command, code):
    words = shlex.split(command)
    if words[:2] != ["jetsim", "run"]:
        return None  # a replay of a failure: tests/cli replays those
    run = subprocess.run([jetsim] + words[1:], capture_output=True, text=True)
    dup_line = next((l for l in run.stdout.splitlines() if l.startswith("steps:")), "")
    return code + " x" in dup_line


checked = 0
for profile, data in report["profiles"].items():
    claims = [(row["code"], row["example"]["command"], "row")
              for row in data["documented_codes"] + data["undocumented_codes"] if row["reached"]]
    seen_kinds = set()
    for cell in data["matrix"]:
        if cell["status"] != "reached" or cell["fault_kind"] in seen_kinds:
            continue
        seen_kinds.add(cell["fault_kind"])
        claims.append((cell["code"], cell["command"], "cell " + cell["fault_kind"]))
    for code, command, where in claims:
        ok = returns(command, code)
        if ok is None:
            continue
        if not ok:
            print("%s %s (%s): %s does not return it" % (profile, code, where, command))
            sys.exit(1)
        checked += 1
if checked == 0:
    print("no commands to check")
    sys.exit(1)
print("%d commands reproduce the code their row or cell claims" % checked)
