"""Renders conformance.html in headless Chromium and checks, from the
rendered DOM, one matrix cell per (code, fault kind) and profile with the
status conformance.json gives. Exits 77 (ctest: skipped) without Chromium.
Usage: html_in_chromium.py HTML REPORT_JSON [SCREENSHOT]"""
import html.parser
import json
import shutil
import subprocess
import sys

browser = shutil.which("chromium") or shutil.which("chromium-browser")
if browser is None:
    print("skipped: no chromium on this machine (apt-get install chromium; ./check does not install it)")
    sys.exit(77)
html_path, json_path = sys.argv[1], sys.argv[2]
flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
dom = subprocess.run([browser] + flags + ["--dump-dom", "file://" + html_path],
                     capture_output=True, text=True, timeout=120).stdout
if len(sys.argv) > 3:
    subprocess.run([browser] + flags + ["--screenshot=" + sys.argv[3], "--window-size=1400,2400",
                                        "file://" + html_path], capture_output=True, timeout=120)


class Cells(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.profile = None
        self.cells = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "matrix" in a.get("class", ""):
            self.profile = a.get("data-profile")
        if tag == "td" and "cell" in a.get("class", "").split():
            key = (self.profile, a["data-code"], a["data-kind"])
            if key in self.cells:
                raise SystemExit("two cells for %s" % (key,))
            self.cells[key] = a["data-status"]


parser = Cells()
parser.feed(dom)
report = json.load(open(json_path, encoding="utf-8"))
expected = {(p, c["code"], c["fault_kind"]): c["status"]
            for p, d in report["profiles"].items() for c in d["matrix"]}
if parser.cells != expected:
    missing = set(expected) - set(parser.cells)
    wrong = [k for k in expected if k in parser.cells and parser.cells[k] != expected[k]]
    print("rendered matrix differs: %d cells missing, %d with another status" % (len(missing), len(wrong)))
    sys.exit(1)
print("Chromium rendered %d matrix cells, each with its status from conformance.json" % len(parser.cells))
