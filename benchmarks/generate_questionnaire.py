#!/usr/bin/env python3
"""Writes a star repository with a country questionnaire of N questions (default 300) extending the
shipped core, for timing `star questionnaire compile`. Usage: generate_questionnaire.py DIR [N]."""
import os
import shutil
import sys

here = os.path.dirname(os.path.abspath(__file__))
target = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 300

points = ["COMP.MINWAGE", "COMP.OTWAGE", "COMP.PREMIUM", "COMP.PAYMENT", "COMP.INFO", "COMP.LEAVE", "COMP.SOCSEC",
          "CHR.CONTRACT", "CHR.PROCEDURE", "CHR.TERMINATION", "CHR.DIALOGUE", "OSH.MGMT", "OSH.CHEM", "OSH.PROTECT",
          "OSH.ENV", "OSH.HEALTH", "OSH.WELFARE", "OSH.ACCOM", "OSH.EMERG", "WT.HOURS", "WT.OT", "WT.LEAVE"]

os.makedirs(os.path.join(target, "questionnaires", "ZZ"), exist_ok=True)
with open(os.path.join(target, "star.yaml"), "w") as f:
    f.write("star: repository/1\nname: \"benchmark\"\ndefault-language: en\n")
shutil.copy(os.path.join(here, "..", "questionnaires", "core.yaml"), os.path.join(target, "questionnaires", "core.yaml"))

core_questions = 61
lines = ["star: questionnaire/1", "id: zz-garment", 'version: "1"', "extends: core", "country: ZZ",
         "industry: garment", 'title: {en: "Benchmark garment", fr: "Habillement de test"}', "languages: [en, fr]",
         "parameters:", "  minimum_wage:", "    type: number", "    default: 200",
         '    description: {en: "Monthly minimum wage", fr: "Salaire minimum mensuel"}', "questions:"]
added = max(0, count - core_questions)
per_point = {}
for i in range(added):
    point = points[i % len(points)]
    n = per_point.get(point, 0) + 1
    per_point[point] = n
    qid = f"ZZ.{point}.{n}"
    kind = ["yes-no", "number", "choice"][i % 3]
    lines += [f"  - id: {qid}", f"    point: {point}", f"    type: {kind}",
              f'    text: {{en: "Question {i} about {point} (minimum wage {{minimum_wage}})", fr: "Question {i} sur {point}"}}',
              f'    guidance: {{en: "Review payroll and interview {i % 10 + 3} workers.", fr: "Examiner la paie et interroger des travailleurs."}}',
              f'    legal: ["Labour Code, art. {i + 1}"]']
    if kind == "yes-no":
        lines.append('    noncompliant-if: "no"')
    elif kind == "number":
        lines.append('    noncompliant-if: "< {minimum_wage} * 1"')
    else:
        lines += ["    options:", '      - {id: good, text: {en: "Good", fr: "Bon"}}',
                  '      - {id: bad, text: {en: "Bad", fr: "Mauvais"}, noncompliant: true}']
    if n > 1:
        # Every question depends on the one before it in its point, as real follow-up questions do.
        lines.append(f'    when: "ZZ.{point}.{n - 1} == ZZ.{point}.{n - 1} or {i} >= 0"')
with open(os.path.join(target, "questionnaires", "ZZ", "garment.yaml"), "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"{target}: zz-garment with {core_questions + added} questions")
