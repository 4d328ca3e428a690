"""Validates a conformance.json against reports/conformance.schema.json.

Usage: check_schema.py SCHEMA REPORT. Exits 77 (ctest: skipped) when the
jsonschema module is missing (python3-jsonschema; ./check installs it).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("skipped: python3 has no jsonschema module (apt-get install python3-jsonschema)")
    sys.exit(77)

schema_path, report_path = sys.argv[1], sys.argv[2]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
with open(report_path, encoding="utf-8") as f:
    report = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(report), key=lambda e: list(e.path))
for error in errors[:10]:
    print("schema: %s: %s" % ("/".join(str(p) for p in error.path), error.message))
if errors:
    sys.exit(1)
print("%s matches the schema" % report_path)
