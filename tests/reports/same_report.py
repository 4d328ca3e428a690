"""Two conformance.json files describe the same campaign: equal except for
their timings ("run"). Usage: same_report.py A B"""
import json
import sys

a, b = (json.load(open(path, encoding="utf-8")) for path in sys.argv[1:3])
for report in (a, b):
    report.pop("run", None)
if a != b:
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            print("differs: %s" % key)
    sys.exit(1)
print("same report (timings aside)")
