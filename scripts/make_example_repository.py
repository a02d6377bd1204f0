#!/usr/bin/env python3
"""Builds the factories and assessments of the example repository (examples/) with star itself.

Every record is made the way an advisor makes one: `star assess new` writes the sheet, the answers are
filled in, and `star assess record` checks and records it. star is also the oracle for the findings: the
script records a draft, reads the findings back (`--format json`) and adjusts answers until each factory
shows the non-compliances its profile calls for. Nothing here computes a finding itself.

    python3 scripts/make_example_repository.py [--star PATH] [--root examples]

It refuses to run when the repository already has records (it never overwrites).
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

# (id, name, country, industry, workers, women, profile: share of compliance points found non-compliant
#  in the first cycle, and how much of that the factory fixes by the second)
FACTORIES = [
    ("KH-0001", "Angkor Apparel Co., Ltd.", "KH", "garment", 1850, 1520, 0.30, 0.6),
    ("KH-0002", "Mekong River Knitwear", "KH", "garment", 640, 560, 0.45, 0.3),
    ("KH-0003", "Phnom Penh Travel Goods", "KH", "garment", 2900, 2300, 0.20, 0.7),
    ("KH-0004", "Tonle Sap Textiles", "KH", "garment", 310, 250, 0.55, 0.2),
    ("VN-0001", "Saigon Stitch Joint Stock Company", "VN", "garment", 2200, 1700, 0.25, 0.5),
    ("VN-0002", "Hai Phong Outerwear Co.", "VN", "garment", 980, 760, 0.35, 0.5),
    ("VN-0003", "Da Nang Denim Ltd.", "VN", "garment", 450, 330, 0.50, 0.4),
    ("VN-0004", "Binh Duong Footwear Components", "VN", "garment", 1400, 1000, 0.15, 0.8),
    ("HT-0001", "Caracol Apparel S.A.", "HT", "garment", 3100, 2000, 0.35, 0.4),
    ("HT-0002", "Port-au-Prince Tricot", "HT", "garment", 800, 560, 0.50, 0.3),
    ("HT-0003", "Ouanaminthe Garments", "HT", "garment", 1200, 780, 0.30, 0.6),
]

ASSESSORS = {
    "KH": [("adv-sophea", "female"), ("adv-dara", "male"), ("adv-chanthou", "female")],
    "VN": [("adv-lan", "female"), ("adv-minh", "male"), ("adv-thu", "female")],
    "HT": [("adv-nadege", "female"), ("adv-jean-robert", "male"), ("adv-mireille", "female")],
}

# How often a factory is found non-compliant on a point in its first cycle, for a factory of average
# profile (share 0.35): the orders of magnitude of Better Work's public synthesis reports. Occupational
# safety and health and overtime are where most factories fall short; wages and contracts often;
# freedom of association and discrimination sometimes; forced labour and child labour rarely, and the
# unconditional worst forms of child labour almost never.
POINT_RATES = {
    "CL.CHILD": 0.03, "CL.HAZ": 0.04, "CL.YOUNG": 0.10, "CL.WORST": 0.0,
    "DISC.RACE": 0.04, "DISC.RELIGION": 0.03, "DISC.GENDER": 0.20, "DISC.OTHER": 0.08,
    "FL.COERCION": 0.04, "FL.BONDED": 0.03, "FL.OVERTIME": 0.10, "FL.PRISON": 0.0,
    "FOA.ASSOC": 0.12, "FOA.UNION": 0.15, "FOA.INTERFERENCE": 0.15, "FOA.CB": 0.20, "FOA.STRIKE": 0.08,
    "COMP.MINWAGE": 0.25, "COMP.OTWAGE": 0.40, "COMP.PREMIUM": 0.30, "COMP.PAYMENT": 0.15,
    "COMP.INFO": 0.35, "COMP.LEAVE": 0.30, "COMP.SOCSEC": 0.35,
    "CHR.CONTRACT": 0.35, "CHR.PROCEDURE": 0.25, "CHR.TERMINATION": 0.25, "CHR.DIALOGUE": 0.30,
    "OSH.MGMT": 0.55, "OSH.CHEM": 0.65, "OSH.PROTECT": 0.60, "OSH.ENV": 0.50, "OSH.HEALTH": 0.45,
    "OSH.WELFARE": 0.40, "OSH.ACCOM": 0.15, "OSH.EMERG": 0.70,
    "WT.HOURS": 0.35, "WT.OT": 0.65, "WT.LEAVE": 0.25,
}
AVERAGE_SHARE = 0.35


def note(question, answer, language):
    """What an advisor writes next to a non-compliance: the question's own finding and how it was checked
    (the first sentence of its guidance), so every note belongs to its question."""
    guidance = (question.get("guidance") or {}).get(language) or (question.get("guidance") or {}).get("en", "")
    how = re.split(r"(?<=[.;])\s", guidance, maxsplit=1)[0].rstrip(".;")
    if language == "fr":
        return f"Réponse « {answer} ». Vérifié ainsi : {how[:1].lower() + how[1:]}." if how else f"Réponse « {answer} »."
    return f"Answer '{answer}'. Checked as follows: {how[:1].lower() + how[1:]}." if how else f"Answer '{answer}'."


# Brands and retailers that source from these factories (fictional).
BUYERS = [
    ("northwind-retail", "Northwind Retail Group", "DE", "sourcing-compliance@northwind.example"),
    ("maple-outfitters", "Maple Outfitters Inc.", "CA", "social-compliance@maple.example"),
    ("sakura-mode", "Sakura Mode K.K.", "JP", "csr@sakura-mode.example"),
]

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def os_id(country, year_day, body):
    """An Open Supply Hub OS ID with its check character (docs/registry.md)."""
    partial = country + year_day + body
    total = ord(partial[0]) + ord(partial[1]) + sum(CROCKFORD.index(c) for c in partial[2:])
    return partial + CROCKFORD[total % 32]


NUMBER_CANDIDATES = [0, 48, 8, 1, 250, 60, 15, 100, 72, 30, 3, 500, 1000, 6000000]
DATE_CANDIDATES = ["2026-01-15", "2024-06-30", "2027-12-31", "2019-03-01"]


def run(star, root, *args, check=True):
    result = subprocess.run([star, *args, "--root", root], capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"star {' '.join(args)} failed ({result.returncode}):\n{result.stderr}{result.stdout}")
    return result


def allowed(question, value):
    """Whether a number fits the question's constraints (integer, min, max)."""
    if question.get("integer") and value != int(value):
        return False
    return question.get("min", float("-inf")) <= value <= question.get("max", float("inf"))


def candidates(question, rng):
    kind = question["type"]
    if kind == "yes-no":
        return ["no", "yes"] if rng.random() < 0.5 else ["yes", "no"]
    if kind == "choice":
        return [option["id"] for option in question["options"]]
    if kind == "number":
        if question.get("noncompliant-if") is None:
            return [rng.choice([v for v in [0, 1, 2, 3, 5, 12, 35, 120] if allowed(question, v)])]
        return [v for v in NUMBER_CANDIDATES if allowed(question, v)]
    if kind == "date":
        return DATE_CANDIDATES
    return ["See note."]


def yaml_value(value):
    if isinstance(value, int):
        return str(value)
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value):
        return value
    return json.dumps(value, ensure_ascii=False)


def fill(template, answers, notes, assessors, announced):
    lines = []
    for line in template.splitlines():
        match = re.match(r"^  ([A-Za-z0-9._]+): ~$", line)
        if match and match.group(1) in answers:
            line = f"  {match.group(1)}: {yaml_value(answers[match.group(1)])}"
        elif line == "assessors: []":
            line = "assessors: [" + ", ".join(f"{{id: {a}, gender: {g}}}" for a, g in assessors) + "]"
        elif line.startswith("visit: "):
            line = line.replace("announced: ~", f"announced: {'true' if announced else 'false'}")
        elif line == "notes: {}":
            line = "notes:" + ("" if notes else " {}")
            lines.append(line)
            lines += [f"  {qid}: {json.dumps(text, ensure_ascii=False)}" for qid, text in sorted(notes.items())]
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def make_record(star, root, factory, date, kind, nc_share, rng, final, amends=None):
    fid, country = factory[0], factory[2]
    args = ["assess", "new", "--factory", fid, "--date", date, "--kind", kind]
    if country == "HT":
        args += ["--lang", "fr"]
    if amends:
        args += ["--amends", amends]
    template = run(star, root, *args).stdout
    pin = re.search(r'questionnaire: \{id: ([a-z0-9-]+), version: "([^"]+)"', template)
    compiled = json.load(open(os.path.join(root, "questionnaires", "compiled", pin.group(1), pin.group(2) + ".json")))
    language = "fr" if country == "HT" else "en"
    questions = {q["id"]: (q, cluster["id"], point["id"])
                 for cluster in compiled["clusters"] for point in cluster["points"] for q in point["questions"]}
    points = [point["id"] for cluster in compiled["clusters"] for point in cluster["points"]]
    # The points this visit finds non-compliant: one question each is made non-compliant.
    targets = set()
    for point in points:
        if rng.random() < min(0.95, POINT_RATES[point] * nc_share / AVERAGE_SHARE):
            ids = [qid for qid, (_, _, p) in questions.items() if p == point]
            targets.add(rng.choice(ids))
    options = {qid: candidates(q, rng) for qid, (q, _, _) in questions.items()}
    position = {qid: 0 for qid in questions}
    answers = {}
    assessors = rng.sample(ASSESSORS[country], 2)
    sheet = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    sheet.close()
    for _ in range(40):
        with open(sheet.name, "w") as f:
            f.write(fill(template, answers, {}, assessors, kind == "follow-up"))
        result = run(star, root, "assess", "record", sheet.name, "--format", "json")
        report = json.loads(result.stdout)
        changed = False
        noncompliant = set()
        for cluster in report["clusters"]:
            for point in cluster["points"]:
                for q in point["questions"]:
                    qid, finding = q["id"], q["finding"]
                    wanted = "non-compliant" if qid in targets else "compliant"
                    if finding == "non-compliant":
                        noncompliant.add(qid)
                    if finding == "unanswered":
                        answers[qid] = options[qid][0]
                        changed = True
                    elif finding == "not-applicable":
                        if qid in answers:
                            del answers[qid]
                            changed = True
                    elif finding != wanted and position[qid] + 1 < len(options[qid]):
                        position[qid] += 1
                        answers[qid] = options[qid][position[qid]]
                        changed = True
        if not changed:
            break
    notes = {qid: note(questions[qid][0], answers.get(qid), language) for qid in sorted(noncompliant & targets)}
    with open(sheet.name, "w") as f:
        f.write(fill(template, answers, notes, assessors, kind == "follow-up"))
    result = run(star, root, "assess", "record", sheet.name, *(["--final"] if final else []), "--format", "json")
    os.unlink(sheet.name)
    report = json.loads(result.stdout)
    return report["record"], report["points-summary"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--star", default=None, help="the star binary (default: build with swift build)")
    parser.add_argument("--root", default="examples")
    options = parser.parse_args()
    star = options.star
    if star is None:
        subprocess.run(["swift", "build"], check=True)
        star = os.path.abspath(".build/debug/star")
    root = os.path.abspath(options.root)
    if any(files for _, _, files in os.walk(os.path.join(root, "assessments")) if any(f.endswith(".json") for f in files)):
        sys.exit(f"{root}/assessments already holds records; this script only builds a fresh example repository")
    rng = random.Random(2026)
    for index, (fid, name, country, industry, workers, women, _, _) in enumerate(FACTORIES):
        extra = ["--os-id", os_id(country, f"2019{100 + 17 * index:03d}", f"{rng.choice(CROCKFORD[10:])}{index:02d}{rng.choice(CROCKFORD)}{rng.choice(CROCKFORD)}")] if index % 3 != 2 else []
        run(star, root, "factory", "add", fid, "--name", name, "--country", country, "--industry", industry,
            "--workers", str(workers), "--women", str(women), *extra)
    for bid, name, country, contact in BUYERS:
        run(star, root, "buyer", "add", bid, "--name", name, "--country", country, "--contact", contact)
    made = []
    for index, factory in enumerate(FACTORIES):
        share, fixed = factory[6], factory[7]
        day = 3 + 2 * index
        # Cycle 1: the yearly assessment in late 2025.
        made.append(make_record(star, root, factory, f"2025-{10 + index % 3:02d}-{day:02d}", "assessment", share, rng, True))
        # Half the factories have a follow-up visit about six months later.
        if index % 2 == 0:
            made.append(make_record(star, root, factory, f"2026-{4 + index % 3:02d}-{day + 1:02d}", "follow-up", share * (1 - fixed / 2), rng, True))
        # Some factories assess themselves with the guide before the next cycle.
        if index % 4 == 1:
            made.append(make_record(star, root, factory, f"2026-08-{day:02d}", "self-assessment", share * 0.5, rng, True))
        # Cycle 2: the yearly assessment in autumn 2026; the last factory's is still a draft.
        final = factory is not FACTORIES[-1]
        made.append(make_record(star, root, factory, f"2026-{9 + index % 3:02d}-{day:02d}", "assessment", share * (1 - fixed), rng, final))
    # A correction: KH-0002's second-cycle record is amended after the payroll review came back.
    kh2 = FACTORIES[1]
    second = [record for record, _ in made if record.startswith("KH-0002/2026-1")][-1]
    made.append(make_record(star, root, kh2, second.split("/")[1], "assessment", kh2[6] * (1 - kh2[7]), rng, True, amends=second))
    for record, summary in made:
        print(f"{record:28} {summary['non-compliant']:3} non-compliant  {summary['compliant']:3} compliant  "
              f"{summary['not-applicable']:2} n/a  {summary['unanswered']:3} unanswered")


if __name__ == "__main__":
    main()
