"""Runs the example command of every reached code row of a conformance.json
and checks that each case really returns the code its row claims.
Usage: run_cells.py JETSIM REPORT"""
import json
import shlex
import subprocess
import sys

jetsim, report_path = sys.argv[1], sys.argv[2]
report = json.load(open(report_path, encoding="utf-8"))
checked = 0
for profile, data in report["profiles"].items():
    for row in data["documented_codes"] + data["undocumented_codes"]:
        if not row["reached"]:
            continue
        words = shlex.split(row["example"]["command"])
        if words[:2] != ["jetsim", "run"]:
            continue
        run = subprocess.run([jetsim] + words[1:], capture_output=True, text=True)
        dup_line = next((l for l in run.stdout.splitlines() if l.startswith("steps:")), "")
        if row["code"] + " x" not in dup_line:
            print("%s %s: %s did not return it:\n%s" % (profile, row["code"], row["example"]["command"], run.stdout))
            sys.exit(1)
        checked += 1
if checked == 0:
    print("no example commands to check")
    sys.exit(1)
print("%d example commands reproduce the code their row claims" % checked)
