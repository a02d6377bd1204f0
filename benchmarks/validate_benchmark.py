#!/usr/bin/env python3
"""Times `star validate` on a generated data repository of N assessment records (default 20,000) against
the time it takes merely to read the record files, measured in the same run.

Goal (issue): `star validate` on 20,000 records of about 280 questions finishes within 3x the time it takes
merely to read those files, on 2 cores, with peak memory under 300 MB.

The repository: `star init`, the shipped core plus one ~280-question country questionnaire per country
(made by generate_questionnaire.py, as compile_benchmark.py does), compiled by `star questionnaire
compile`; factories and records written directly in the formats star reads. Records are valid: every
applicable question of a final record answered with a value of its type, some notes, drafts, follow-ups,
self-assessments and corrections (`amends`). Before writing the others, star itself records a final
record, a draft and a correction from answer sheets, and the script checks that star's bytes are the
generator's bytes (canonical JSON, digest), so the generator cannot drift from the format.

Usage:
  python3 benchmarks/validate_benchmark.py                          # builds star, 20,000 records
  python3 benchmarks/validate_benchmark.py --records 1000 5000 20000 # growth table
  python3 benchmarks/validate_benchmark.py --star .build-bench/release/star --keep /tmp/star-bench
Options: --star PATH (skip the build), --records N [N ...], --shape a|b|c|d|all (comma-separated; see SHAPES),
--per-factory N (default: the shape's), --questions 280, --countries KH,VN,BD, --runs 5, --keep DIR (keep the
repositories: DIR/records-N for shape a, DIR/records-N-shape-X for the others), --seed 1, --check (exit 1 when
a goal is missed). One table is printed per shape."""
import argparse
import datetime
import hashlib
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
package = os.path.normpath(os.path.join(here, ".."))

GOAL_RATIO = 3.0
GOAL_PEAK_MB = 300.0
AMEND_SHARE = 0.01      # of records that are a correction of the visit before
DRAFT_SHARE = 0.2       # of factories whose newest record is still a draft
SELF_SHARE = 0.05       # of visits that are self-assessments
NOTE_SHARE = 0.04       # of answers that carry a note
NOTES = ["payroll week 9", "checked against the time cards of 12 workers", "Vérifié avec la paie d'octobre",
         "Interviewed 5 workers (3 women) in private", "ត្រួតពិនិត្យបញ្ជីបើកប្រាក់ខែ", "đã kiểm tra sổ lương",
         'supervisor said "only in peak season"', "line 1\nline 2: tab\there", "see C:\\scans\\p3.pdf"]
TEXTS = ["none", "Handbook 2024, chapter 3", "Comité d'hygiène et de sécurité", "two fire exits blocked by boxes"]
GENDERS = ["female", "male", "female", "male", "other"]


class Shape:
    """A shape of data: how many records a factory has, what share are drafts, corrections and
    self-assessments, and whether sheets also answer the questions that turn out not to apply (star keeps
    those answers, with a warning that a final record drops)."""

    def __init__(self, name, label, per_factory, draft, amend, self_share, inapplicable):
        self.name, self.label, self.per_factory = name, label, per_factory
        self.draft, self.amend, self.self_share, self.inapplicable = draft, amend, self_share, inapplicable


SHAPES = {
    "a": Shape("a", "4 records per factory, a quarter of them selected", 4, DRAFT_SHARE, AMEND_SHARE, SELF_SHARE, False),
    "b": Shape("b", "one final record per factory, every record selected", 1, 0.0, 0.0, 0.0, False),
    "c": Shape("c", "as b, each sheet also answering the questions that do not apply", 1, 0.0, 0.0, 0.0, True),
    "d": Shape("d", "3 records per factory, drafts and corrections mixed in, non-applicable questions answered", 3, 0.5, 0.3,
               SELF_SHARE, True),
}


def shape_folder(shape, records):
    """DIR/records-N for the benchmark's own shape (as before shapes existed), DIR/records-N-shape-X for the others."""
    return f"records-{records}" if shape.name == "a" else f"records-{records}-shape-{shape.name}"


def canonical(value):
    """Canonical JSON as Sources/StarCore/Repository/CanonicalJSON.swift writes it (for the values used here:
    strings, ints, x.5 floats, bools, objects, arrays); checked against star's own bytes at every run."""
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, separators=(",", ": ")) + "\n"


def digest(text):
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- Questionnaires --------------------------------------------------------------------------------------

def write_questionnaires(repo, questions, countries):
    """The shipped core and, per country, the benchmark country file of generate_questionnaire.py with its
    country ZZ renamed (questionnaire <cc>-garment, question ids <CC>.*)."""
    scratch = tempfile.mkdtemp(prefix="star-validate-q-")
    try:
        subprocess.run([sys.executable, os.path.join(here, "generate_questionnaire.py"), scratch, str(questions)],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(scratch, "questionnaires", "core.yaml"), os.path.join(repo, "questionnaires", "core.yaml"))
        with open(os.path.join(scratch, "questionnaires", "ZZ", "garment.yaml"), encoding="utf-8") as f:
            template = f.read()
    finally:
        shutil.rmtree(scratch)
    for cc in countries:
        os.makedirs(os.path.join(repo, "questionnaires", cc), exist_ok=True)
        text = template.replace("zz-garment", f"{cc.lower()}-garment").replace("ZZ", cc)
        with open(os.path.join(repo, "questionnaires", cc, "garment.yaml"), "w", encoding="utf-8") as f:
            f.write(text)


SIMPLE_WHEN = re.compile(r"^\s*([A-Za-z][A-Za-z0-9._]*)\s*(==|!=|>=|<=|>|<)\s*('([^']*)'|\"([^\"]*)\"|\d+(?:\.\d+)?|yes|no)\s*$")
QUESTION_ID = re.compile(r"[A-Za-z][A-Za-z0-9._]*")


def load_compiled(repo, cc):
    """The pin and the questions (in order) of <cc>-garment's compiled form."""
    folder = os.path.join(repo, "questionnaires", "compiled", f"{cc.lower()}-garment")
    versions = sorted(os.listdir(folder))
    with open(os.path.join(folder, versions[-1]), encoding="utf-8") as f:
        compiled = json.load(f)
    questions = []
    for cluster in compiled["clusters"]:
        for point in cluster["points"]:
            for q in point["questions"]:
                questions.append({"id": q["id"], "type": q["type"], "options": [o["id"] for o in q.get("options", [])],
                                  "when": q.get("when"), "integer": q.get("integer", False), "min": q.get("min"), "max": q.get("max")})
    ids = {q["id"] for q in questions}
    referenced = set()
    for q in questions:
        if q["when"]:
            referenced.update(token.rstrip(".") for token in QUESTION_ID.findall(q["when"]) if token.rstrip(".") in ids)
    pin = {"id": compiled["id"], "version": compiled["version"], "digest": compiled["digest"]}
    return {"pin": pin, "questions": questions, "referenced": referenced}


def when_holds(expression, answers):
    """True/False for a simple `QID op literal` whose question is answered; None (do not know) otherwise.
    A final record then answers the question: an answer to a question that turns out not applicable is
    allowed in a final record, an unanswered applicable question is not."""
    m = SIMPLE_WHEN.match(expression)
    if not m or m.group(1) not in answers:
        return None
    value = answers[m.group(1)]["answer"]
    op, literal = m.group(2), m.group(3)
    if m.group(4) is not None or m.group(5) is not None:
        literal = m.group(4) if m.group(4) is not None else m.group(5)
    elif literal not in ("yes", "no"):
        literal = float(literal)
        if not isinstance(value, (int, float)):
            return None
    if op == "==":
        return value == literal
    if op == "!=":
        return value != literal
    if isinstance(value, str) != isinstance(literal, str):
        return None
    return {">": value > literal, "<": value < literal, ">=": value >= literal, "<=": value <= literal}[op]


# --- Factories and records -------------------------------------------------------------------------------

def factory_workers(k):
    total = 300 + (k * 7919) % 4700
    return total, total * (60 + k % 30) // 100


def factory_yaml(fid, cc, k):
    """factories/<CC>/<id>.yaml as `star factory add` writes it (checked against star for the first one)."""
    total, women = factory_workers(k)
    return (f'country: "{cc}"\nid: "{fid}"\nindustry: "garment"\nname: "Benchmark Garment {cc} {k}"\n'
            f'star: "factory/1"\nworkers:\n  total: {total}\n  women: {women}\n')


def factory_list(records, per_factory, countries):
    """(factory id, country, number of its records) so that the record counts add up to `records`."""
    count = math.ceil(records / per_factory)
    out, left = [], records
    for index in range(count):
        cc = countries[index % len(countries)]
        n = min(per_factory, left)
        left -= n
        out.append((f"{cc}-{index // len(countries) + 1:05d}", cc, n))
    return out


def plan_factory(index, fid, n, rng, shape):
    """The visits of one factory, oldest first: dict(name, date, end, kind, status, amends). The first
    factory gets one of everything (final, correction, draft) when it has 4 records: star records those."""
    specs = []
    day = datetime.date(2022, 1, 3) + datetime.timedelta(days=rng.randrange(0, 365))
    for k in range(n):
        previous = specs[-1] if specs else None
        correction = previous is not None and previous["status"] == "final" and (
            k == 2 if index == 0 else rng.random() < shape.amend)
        if correction:
            seq = previous["seq"] + 1
            spec = dict(previous, seq=seq, name=f"{previous['date']}-{seq}", amends=f"{fid}/{previous['name']}")
        else:
            if previous is not None:
                day = day + datetime.timedelta(days=rng.randrange(90, 240))
            kind = "assessment" if k % 2 == 0 else "follow-up"
            if index != 0 and rng.random() < shape.self_share:
                kind = "self-assessment"
            spec = {"date": day.isoformat(), "end": (day + datetime.timedelta(days=rng.randrange(0, 3))).isoformat(),
                    "kind": kind, "seq": 1, "name": day.isoformat(), "amends": None}
        draft = k == n - 1 and (n >= 4 if index == 0 else rng.random() < shape.draft)
        spec["status"] = "draft" if draft else "final"
        specs.append(spec)
    return specs


def make_answers(questionnaire, draft, rng, visit_start, showcase=False, inapplicable=False):
    answers = {}
    for q in questionnaire["questions"]:
        qid = q["id"]
        if q["when"] and when_holds(q["when"], answers) is False and not inapplicable:
            continue  # not applicable: left out (unless the shape answers those too)
        if draft and qid not in questionnaire["referenced"] and rng.random() < 0.2:
            if rng.random() < 0.1:
                answers[qid] = {"note": rng.choice(NOTES)}  # a draft may hold a note without an answer yet
            continue
        kind = q["type"]
        if kind == "yes-no":
            value = "yes" if rng.random() < 0.5 else "no"
        elif kind == "number":
            r = rng.random()
            value = 0 if r < 0.2 else rng.randrange(1, 400)
            if not q["integer"] and (0.2 <= r < 0.25 or (showcase and not any(isinstance(a.get("answer"), float) for a in answers.values()))):
                value = rng.randrange(1, 400) + 0.5
            # Within the question's answer constraints (docs/questionnaires.md), as an advisor's answer must be.
            if q["min"] is not None:
                value = max(value, q["min"])
            if q["max"] is not None:
                value = min(value, q["max"])
        elif kind == "choice":
            value = rng.choice(q["options"])
        elif kind == "date":
            value = (datetime.date.fromisoformat(visit_start) - datetime.timedelta(days=rng.randrange(1, 700))).isoformat()
        else:
            value = rng.choice(TEXTS)
        entry = {"answer": value}
        if rng.random() < NOTE_SHARE or (showcase and len(answers) < len(NOTES)):
            entry["note"] = NOTES[len(answers)] if showcase and len(answers) < len(NOTES) else rng.choice(NOTES)
        answers[qid] = entry
    return answers


def make_record(fid, cc, spec, questionnaire, rng, showcase=False, inapplicable=False):
    """The record object, with its digest when final, as star writes it."""
    visit = {"start": spec["date"], "end": spec["end"]}
    r = rng.random()
    if showcase or r < 0.9:
        visit["announced"] = showcase or r < 0.3
    team = rng.randrange(1, 3) if not showcase else 2
    assessors = [{"id": f"adv-{cc.lower()}-{rng.randrange(1, 40):02d}", "gender": rng.choice(GENDERS)} for _ in range(team)]
    if not showcase and rng.random() < 0.1:
        del assessors[0]["gender"]
    if spec["kind"] == "self-assessment":
        assessors = []
    record = {"star": "assessment/1", "id": f"{fid}/{spec['name']}", "factory": fid, "kind": spec["kind"],
              "status": spec["status"], "questionnaire": questionnaire["pin"], "visit": visit, "assessors": assessors,
              "answers": make_answers(questionnaire, spec["status"] == "draft", rng, spec["date"], showcase, inapplicable)}
    if spec["amends"]:
        record["amends"] = spec["amends"]
    if spec["status"] == "final":
        record["digest"] = digest(canonical(record))
    return record


def factory_rng(seed, index):
    return random.Random(seed * 1_000_003 + index)


def write_factory(job):
    """Writes one factory's file and records (in a worker process); returns (records, bytes)."""
    repo, index, fid, cc, n, seed, questionnaires, skip, shape = job
    rng = factory_rng(seed, index)
    path = os.path.join(repo, "factories", cc, f"{fid}.yaml")
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as f:
            f.write(factory_yaml(fid, cc, index))
    folder = os.path.join(repo, "assessments", cc, fid)
    os.makedirs(folder, exist_ok=True)
    written = total = 0
    for k, spec in enumerate(plan_factory(index, fid, n, rng, shape)):
        data = canonical(make_record(fid, cc, spec, questionnaires[cc], rng, showcase=(index == 0 and k == 0),
                                     inapplicable=shape.inapplicable)).encode("utf-8")
        total += len(data)
        written += 1
        if k in skip:
            continue
        with open(os.path.join(folder, spec["name"] + ".json"), "wb") as f:
            f.write(data)
    return written, total


_questionnaires = None
_shape = None


def _init_worker(questionnaires, shape):
    global _questionnaires, _shape
    _questionnaires, _shape = questionnaires, shape


def _write_factory_in_worker(job):
    repo, index, fid, cc, n, seed = job
    return write_factory((repo, index, fid, cc, n, seed, _questionnaires, (), _shape))


# --- Checking the generator against star -----------------------------------------------------------------

def yaml_scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", value) and value not in ("null", "true", "false", "y", "n", "on", "off"):
        return value
    return json.dumps(value, ensure_ascii=False)


def record_with_star(star, repo, cc, record):
    """Has star record `record` from a filled-in answer sheet, and returns the bytes star wrote."""
    sheet = os.path.join(repo, ".star-bench-sheet.yaml")
    command = [star, "assess", "new", "--factory", record["factory"], "--date", record["visit"]["start"],
               "--end", record["visit"]["end"], "--kind", record["kind"], "--output", sheet, "--root", repo]
    if "amends" in record:
        command += ["--amends", record["amends"]]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(sheet, encoding="utf-8") as f:
        text = f.read()
    answers = record["answers"]
    lines = []
    for line in text.split("\n"):
        m = re.fullmatch(r"  ([A-Za-z][A-Za-z0-9._]*): ~", line)
        if m and "answer" in answers.get(m.group(1), {}):
            line = f"  {m.group(1)}: {yaml_scalar(answers[m.group(1)]['answer'])}"
        elif line.startswith("visit: "):
            announced = record["visit"].get("announced")
            line = (f"visit: {{start: {record['visit']['start']}, end: {record['visit']['end']}, "
                    f"announced: {'~' if announced is None else yaml_scalar(announced)}}}")
        elif line.startswith("assessors: "):
            items = [", ".join(f"{k}: {yaml_scalar(v)}" for k, v in a.items()) for a in record["assessors"]]
            line = "assessors: [" + ", ".join("{" + i + "}" for i in items) + "]"
        elif line == "notes: {}":
            notes = [f"  {qid}: {json.dumps(e['note'], ensure_ascii=False)}" for qid, e in answers.items() if "note" in e]
            line = "notes:\n" + "\n".join(notes) if notes else line
        lines.append(line)
    with open(sheet, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    command = [star, "assess", "record", sheet, "--root", repo] + (["--final"] if record["status"] == "final" else [])
    result = subprocess.run(command, capture_output=True, text=True)
    os.remove(sheet)
    if result.returncode != 0:
        raise SystemExit(f"star assess record failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    path = os.path.join(repo, "assessments", cc, record["factory"], record["id"].split("/")[1] + ".json")
    with open(path, "rb") as f:
        return f.read()


def check_against_star(star, repo, factories, seed, questionnaires, shape):
    """Registers the first factory with `star factory add` and has star record its visits (a final record
    with notes and a fractional number, a correction, a draft); each must be byte for byte the generator's."""
    fid, cc, n = factories[0]
    total, women = factory_workers(0)
    subprocess.run([star, "factory", "add", fid, "--name", f"Benchmark Garment {cc} 0", "--country", cc,
                    "--industry", "garment", "--workers", str(total), "--women", str(women), "--root", repo],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(repo, "factories", cc, f"{fid}.yaml"), encoding="utf-8") as f:
        if f.read() != factory_yaml(fid, cc, 0):
            raise SystemExit("the generator's factory file differs from what `star factory add` writes")
    rng = factory_rng(seed, 0)
    os.makedirs(os.path.join(repo, "assessments", cc, fid), exist_ok=True)
    checked = []
    for k, spec in enumerate(plan_factory(0, fid, n, rng, shape)):
        record = make_record(fid, cc, spec, questionnaires[cc], rng, showcase=(k == 0), inapplicable=shape.inapplicable)
        ours = canonical(record).encode("utf-8")
        theirs = record_with_star(star, repo, cc, record)
        if ours != theirs:
            mine = os.path.join(repo, "generator-" + spec["name"] + ".json")
            with open(mine, "wb") as f:
                f.write(ours)
            raise SystemExit(f"the generator's bytes differ from star's for {record['id']}: compare {mine} with "
                             f"assessments/{cc}/{fid}/{spec['name']}.json in {repo}")
        checked.append(f"{spec['status']}{' correction' if spec['amends'] else ''}")
    return checked, set(range(n))


# --- Generating a repository -----------------------------------------------------------------------------

def generate(star, repo, records, shape, questions, countries, seed, per_factory=None):
    subprocess.run([star, "init", repo, "--name", "validate-benchmark"], check=True, stdout=subprocess.DEVNULL)
    write_questionnaires(repo, questions, countries)
    subprocess.run([star, "questionnaire", "compile", "--root", repo], check=True, stdout=subprocess.DEVNULL)
    questionnaires = {cc: load_compiled(repo, cc) for cc in countries}
    for cc in countries:
        os.makedirs(os.path.join(repo, "factories", cc), exist_ok=True)
    factories = factory_list(records, per_factory or shape.per_factory, countries)
    checked, skip = check_against_star(star, repo, factories, seed, questionnaires, shape)
    count, size = write_factory((repo, 0, *factories[0], seed, questionnaires, skip, shape))
    jobs = [(repo, index, fid, cc, n, seed) for index, (fid, cc, n) in enumerate(factories) if index > 0]
    with multiprocessing.Pool(os.cpu_count(), initializer=_init_worker, initargs=(questionnaires, shape)) as pool:
        for c, s in pool.imap_unordered(_write_factory_in_worker, jobs, chunksize=64):
            count += c
            size += s
    sizes = {cc: len(questionnaires[cc]["questions"]) for cc in countries}
    return {"records": count, "bytes": size, "factories": len(factories), "questions": sizes, "checked": checked}


# --- Measuring -------------------------------------------------------------------------------------------

def run_timed(command, cwd=None, stdout=subprocess.DEVNULL, shell=False):
    """(exit code, wall s, user+sys s, peak RSS bytes) of one child, from wait4 (what /usr/bin/time reports)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE if not shell else subprocess.DEVNULL,
                            shell=shell)
    stderr = b""
    if proc.stderr is not None:
        stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, stderr


def read_with_cat_timed(repo):
    """(wall s, user+sys s of find and cat) of reading every record file with cat."""
    code, wall, cpu, _, _ = run_timed("find assessments -name '*.json' -print0 | xargs -0 cat > /dev/null", cwd=repo, shell=True)
    if code != 0:
        raise SystemExit("cat over the record files failed")
    return wall, cpu


def read_with_cat(repo):
    return read_with_cat_timed(repo)[0]


def read_cpu(repo, runs):
    """The CPU time (user+sys, median) that find and cat spend reading every record file: unlike wall time,
    it hardly changes when other work competes for the cores."""
    return statistics.median(read_with_cat_timed(repo)[1] for _ in range(runs))


def read_with_python(repo):
    start = time.perf_counter()
    total = 0
    for folder, _, names in os.walk(os.path.join(repo, "assessments")):
        for name in names:
            if name.endswith(".json"):
                with open(os.path.join(folder, name), "rb") as f:
                    total += len(f.read())
    return time.perf_counter() - start


def busy_cpu_seconds():
    """CPU time all processes on the machine have used since boot (from /proc/stat), or None elsewhere."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def validate(star, repo):
    """One `star validate` run: (wall s, cpu s, peak RSS bytes, warnings, CPU others used meanwhile as a share of
    the machine); fails unless it is a real validation."""
    with tempfile.TemporaryFile() as out:
        busy = busy_cpu_seconds()
        code, wall, cpu, peak, stderr = run_timed([star, "validate", "--root", repo, "--format", "json"], stdout=out)
        others = None if busy is None else max(0.0, busy_cpu_seconds() - busy - cpu) / (wall * os.cpu_count())
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    try:
        diagnostics = json.loads(text)
    except ValueError:
        raise SystemExit(f"star validate exited with {code} without JSON diagnostics:\n{text[:2000]}{stderr.decode()[:2000]}")
    errors = [d for d in diagnostics if d.get("severity") == "error"]
    if code not in (0, 1) or errors:
        shown = "\n".join(f"{d['file']}:{d.get('line')}: {d['severity']}: {d['message']} [{d['code']}]" for d in diagnostics[:20])
        raise SystemExit(f"star validate exited with {code} and {len(errors)} errors (want 0):\n{shown}")
    return wall, cpu, peak, len(diagnostics) - len(errors), others


def median_of(runs, measure):
    measure()  # warm-up: the page cache holds the files afterwards
    return statistics.median(measure() for _ in range(runs))


def build():
    print("building: swift build -c release --scratch-path .build-bench", file=sys.stderr, flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--scratch-path", ".build-bench", "--product", "star"],
                   cwd=package, check=True)
    return os.path.join(package, ".build-bench", "release", "star")


def add_shape_argument(parser):
    parser.add_argument("--shape", default="a", help="which shapes of data, comma-separated or 'all': "
                        + "; ".join(f"{k}: {v.label}" for k, v in SHAPES.items()) + " (default a)")


def shapes_of(args):
    names = list(SHAPES) if args.shape == "all" else args.shape.split(",")
    unknown = [n for n in names if n not in SHAPES]
    if unknown:
        raise SystemExit(f"unknown shape {', '.join(unknown)}; shapes: {', '.join(SHAPES)}, all")
    return [SHAPES[n] for n in names]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--star", help="star binary (default: build it with --scratch-path .build-bench)")
    parser.add_argument("--records", type=int, nargs="+", default=[20000])
    add_shape_argument(parser)
    parser.add_argument("--per-factory", type=int, help="records per factory (default: the shape's)")
    parser.add_argument("--questions", type=int, default=280)
    parser.add_argument("--countries", default="KH,VN,BD")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", help="generate into DIR/records-N[-shape-X] and keep it (an existing one is reused)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args()
    star = os.path.abspath(args.star) if args.star else build()
    countries = args.countries.split(",")

    tables, missed = [], False
    for shape in shapes_of(args):
        rows = []
        for records in args.records:
            base = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="star-validate-bench-")
            repo = os.path.join(base, shape_folder(shape, records))
            if args.keep and os.path.exists(os.path.join(repo, "star.yaml")):
                print(f"{repo}: reusing the repository generated before", file=sys.stderr)
            else:
                os.makedirs(base, exist_ok=True)
                start = time.perf_counter()
                generated = generate(star, repo, records, shape, args.questions, countries, args.seed, args.per_factory)
                took = time.perf_counter() - start
                print(f"{repo}: generated {generated['records']} records ({generated['bytes'] / 1e6:.1f} MB) of "
                      f"{generated['factories']} factories, questions per questionnaire {generated['questions']}, in {took:.1f} s; "
                      f"star recorded {', '.join(generated['checked'])} byte for byte as the generator", file=sys.stderr, flush=True)
            files = [os.path.join(d, n) for d, _, ns in os.walk(os.path.join(repo, "assessments")) for n in ns if n.endswith(".json")]
            size = sum(os.path.getsize(p) for p in files)

            cat = median_of(args.runs, lambda: read_with_cat(repo))
            python = median_of(args.runs, lambda: read_with_python(repo))
            read = min(cat, python)
            cat_cpu = read_cpu(repo, args.runs)
            validate(star, repo)  # warm-up
            runs = [validate(star, repo) for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            peak = max(r[2] for r in runs) / 1e6
            warnings = runs[0][3]
            others = "?" if runs[0][4] is None else f"{statistics.median(r[4] for r in runs) * 100:.0f}%"
            ratio = wall / read
            ok_ratio, ok_peak = ratio <= GOAL_RATIO, peak < GOAL_PEAK_MB
            missed = missed or not (ok_ratio and ok_peak)
            rows.append(f"| {len(files)} | {size / 1e6:.1f} | {cat * 1000:.0f} | {python * 1000:.0f} | {wall * 1000:.0f} | "
                        f"{cpu * 1000:.0f} | {ratio:.2f} {'yes' if ok_ratio else 'NO'} | {cat_cpu * 1000:.0f} | {cpu / cat_cpu:.2f} | "
                        f"{peak:.0f} {'yes' if ok_peak else 'NO'} | {warnings} | {others} |")
            print(rows[-1], file=sys.stderr, flush=True)
            if not args.keep:
                shutil.rmtree(base)
        tables.append((shape, rows))

    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    for shape, rows in tables:
        print(f"shape {shape.name} ({shape.label}): star validate, {args.questions} questions per questionnaire, {len(countries)} countries, "
              f"{args.per_factory or shape.per_factory} records per factory, median of {args.runs} runs after a warm-up, {affinity} cores")
        print("| records | MB on disk | read: cat ms | read: python ms | validate wall ms | validate CPU ms | "
              f"validate/read (goal <= {GOAL_RATIO:g}) | cat CPU ms | validate CPU/cat CPU | peak MB (goal < {GOAL_PEAK_MB:g}) | warnings | others' CPU |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for row in rows:
            print(row)
        print()
    print("read = the faster of cat and python; cat CPU = user+sys of find and cat (median), which other work on the "
          "machine hardly changes: validate CPU/cat CPU over 2 cores is what validate/read would be on an idle machine "
          "if both used their cores fully (cat uses one); MB = 10^6 bytes; peak = max RSS over the runs (wait4, as /usr/bin/time %M); "
          "others' CPU = CPU time other processes used during the validate runs, as a share of all cores (median; "
          "above a few %, other work competed with star for the cores and the wall time suffers)")
    if args.check and missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
