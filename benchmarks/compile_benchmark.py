#!/usr/bin/env python3
"""Times `star questionnaire compile` on a generated 300-question country questionnaire, against two
baselines measured in the same run: star's start-up alone (`star --version`) and PyYAML merely parsing
the same two files. Usage: compile_benchmark.py [STAR_BINARY] [QUESTIONS]."""
import os
import shutil
import subprocess
import sys
import tempfile

from timing import header, measure, row

here = os.path.dirname(os.path.abspath(__file__))
star = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", ".build", "release", "star")
questions = int(sys.argv[2]) if len(sys.argv) > 2 else 300

repo = tempfile.mkdtemp(prefix="star-compile-bench-")
subprocess.run([sys.executable, os.path.join(here, "generate_questionnaire.py"), repo, str(questions)], check=True)
compiled = os.path.join(repo, "questionnaires", "compiled")
files = [os.path.join(repo, "questionnaires", "core.yaml"), os.path.join(repo, "questionnaires", "ZZ", "garment.yaml")]
parse = "import sys, yaml\nL = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\nfor p in sys.argv[1:]: yaml.load(open(p), Loader=L)"

print(header())
print(row("star --version (start-up only)", measure([star, "--version"])))
print(row("python3: PyYAML parses the two files", measure([sys.executable, "-c", parse] + files)))
print(row(f"star questionnaire compile ({questions} questions, writes the JSON)",
          measure([star, "questionnaire", "compile", "--root", repo], prepare=lambda: shutil.rmtree(compiled, ignore_errors=True))))
print(row("star questionnaire compile (unchanged: writes nothing)", measure([star, "questionnaire", "compile", "--root", repo])))
print(row("star questionnaire lint", measure([star, "questionnaire", "lint", "--root", repo])))
shutil.rmtree(repo)
