#!/usr/bin/env python3
"""Converts every shipped questionnaire to an XLSForm with `star questionnaire xlsform` and checks it with
the real converter: pyxform's `xls2xform`, with ODK Validate (the JavaRosa check that ODK Collect's
engine runs; pyxform ships it and it runs offline on Java). Any error or any warning fails.

    pip install pyxform==4.5.0          # for this check only; star never needs it
    python3 scripts/check_xlsform.py    # after `swift build`; STAR=path/to/star to pick another binary

Each form is checked as it is and with --photos (an image question after each question). Prints one line
per form, then `N passed, M failed`. The forms are written to a temporary
directory, or kept in --keep DIR for a person to open.
"""
import json, os, shutil, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, ".."))
star = os.environ.get("STAR", os.path.join(root, ".build", "debug", "star"))
keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
work = keep or tempfile.mkdtemp(prefix="star-xlsform-")
os.makedirs(work, exist_ok=True)

xls2xform = shutil.which("xls2xform")
if xls2xform is None:
    sys.exit("xls2xform not found: pip install pyxform==4.5.0")
if shutil.which("java") is None:
    sys.exit("java not found: ODK Validate needs a Java runtime (apt-get install default-jre-headless)")

compiled = os.path.join(root, "questionnaires", "compiled")
pinned = sorted(f"{qid}@{name[:-5]}" for qid in os.listdir(compiled) for name in os.listdir(os.path.join(compiled, qid)) if name.endswith(".json"))
passed = failed = 0
# Each form twice: as it is, and with a photo after each question (--photos, docs/evidence.md).
for pin, photos in [(pin, photos) for pin in pinned for photos in (False, True)]:
    xlsx = os.path.join(work, pin.replace("@", "-") + ("-photos" if photos else "") + ".xlsx")
    xml = xlsx[:-5] + ".xml"
    made = subprocess.run([star, "questionnaire", "xlsform", pin, "--out", xlsx, "--root", root] + (["--photos"] if photos else []),
                          capture_output=True, text=True)
    pin = pin + (" --photos" if photos else "")
    if made.returncode != 0:
        print(f"FAIL {pin}: star questionnaire xlsform exited {made.returncode}\n{made.stdout}{made.stderr}")
        failed += 1
        continue
    run = subprocess.run([xls2xform, "--json", "--odk_validate", xlsx, xml], capture_output=True, text=True)
    try:
        # pyxform 4 writes its JSON report to standard error.
        result = json.loads((run.stdout.strip() or run.stderr.strip()).splitlines()[-1])
    except (ValueError, IndexError):
        result = {"code": None, "message": run.stdout + run.stderr, "warnings": []}
    # pyxform: 100 converted without warnings, 101 converted with warnings, 999 failed.
    if run.returncode == 0 and result.get("code") == 100 and not result.get("warnings"):
        print(f"ok   {pin}: xls2xform --odk_validate: {result.get('message')} (no warnings)")
        passed += 1
    else:
        print(f"FAIL {pin}: xls2xform --odk_validate exited {run.returncode}, code {result.get('code')}: {result.get('message')}")
        for warning in result.get("warnings") or []:
            print(f"  warning: {warning}")
        failed += 1

if not keep:
    shutil.rmtree(work, ignore_errors=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not pinned else 0)
