#!/usr/bin/env python3
"""Times `star aggregate --by country,point` on generated data repositories against the time it takes merely
to read the record files and against a plain Python computation of the same rates, measured in the same
run, and checks that star's rates equal the Python ones.

Goals (issue): on 20,000 records of about 280 questions each,
- cold (no cache): star within 2x the time to read the files, and at least 4x faster than the Python baseline;
- warm (nothing changed since the last run): under 0.25x the time to read the files, through the cache
  under .star/;
- peak memory under 300 MB at 100,000 records;
- and a table of how time grows from 1,000 to 100,000 records.

The repositories are those of validate_benchmark.py (imported, not copied: its generator checks its bytes
against star's own), kept under --keep DIR as DIR/records-N and reused when they exist.

What is measured, each the median of --runs runs after a warm-up (so the page cache holds the files; the
Python baseline, measured last, has no warm-up run of its own):
- read: the faster of `cat` and a Python read loop over the record files, exactly as validate_benchmark.py;
- cold: `star aggregate --root REPO --by country,point --format json --no-cache`, with REPO/.star deleted
  before each run (every record is read; the cache is written afterwards, as a first run does);
- warm: the same without --no-cache after a run that filled the caches; the record cache must be left
  untouched (nothing was read again, nothing rewritten) and the output must be byte for byte the cold one.
  The query asked again is answered from .star/cache/answers once every input's stat is checked;
- new query: warm, but each run asks a query the answers cache has not seen (the same one with
  --from 2000-01-DD, a day before every visit, so the rows are the same), which is computed from the record and
  factory caches; no goal, shown for what an analyst asking many different queries gets;
- python: this script with --baseline REPO in a child process (interpreter start-up included, as star's is):
  a straightforward single-process computation of the same rates with the standard library's json
  (see baseline() below). Its rows must equal star's: same (country, point) rows, same counts, rates and
  Wilson bounds within 1e-9.
Wall time and peak RSS come from wait4 (as /usr/bin/time reports them).

Usage:
  python3 benchmarks/aggregate_benchmark.py --star .build-bench/release/star --keep /tmp/star-vbench
  python3 benchmarks/aggregate_benchmark.py --star STAR --keep /tmp/star-vbench --records 1000 5000 20000 50000 100000
  python3 benchmarks/aggregate_benchmark.py --baseline REPO       # only the Python rates of REPO, as JSON on stdout
Options: --star PATH (default: build it as validate_benchmark.py does), --records N [N ...] (default 20000),
--runs 5, --python-runs N (default: --runs), --python-max N (skip the Python baseline above N records;
default 20000), --keep DIR (repositories DIR/records-N[-shape-X], reused or generated and kept), --shape a|b|c|d|all
(see validate_benchmark.SHAPES; one table per shape), --per-factory N (default: the shape's),
--questions 280, --countries KH,VN,BD, --seed 1 (passed to the generator), --check (exit 1 when a goal is
missed or the rates disagree)."""
import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import validate_benchmark as vb  # noqa: E402  (the generator and the measuring helpers)

GOAL_COLD_READ = 2.0       # cold / read at most
GOAL_PYTHON_COLD = 4.0     # python / cold at least
GOAL_WARM_READ = 0.25      # warm / read below
GOAL_PEAK_MB = 300.0       # peak RSS below (stated at 100,000 records; holds a fortiori below)
GOAL_RECORDS = 20000       # the time goals are stated for 20,000 records: judged from that size up
BYTES_PER_RECORD = 20000   # disk use of a generated record (file + directory share), with a margin
TOLERANCE = 1e-9
QUERY = ["--by", "country,point", "--format", "json"]


# --- The Python baseline ---------------------------------------------------------------------------------
#
# A plain reading of docs/findings.md, docs/expressions.md and docs/rates.md (DESIGN.md "Aggregate rates"),
# written independently of star's Swift code:
# 1. read every record (json.load), and the registry's country of its factory;
# 2. for each final assessment or follow-up: check its questionnaire pin against the compiled file, evaluate
#    every question in compiled order (when / noncompliant-if in Kleene logic, choice options marked
#    non-compliant), then every point; a final record with an applicable unanswered question is invalid;
# 3. drop records amended by a valid final correction; keep each factory's latest record (visit start,
#    then the -N of its id);
# 4. per (country, point): assessed, non-compliant, rate and the 95% Wilson interval.
# Not done (so the baseline does less than star, never more): the record digest, the checks of notes,
# visits and assessors, the findings of drafts and self-assessments (they never count in this query; a final
# self-assessment correction still replaces the record it amends).

Z95 = statistics.NormalDist().inv_cdf(0.975)


class YesNo:
    """The value of a yes-no answer or of the keywords yes/no: equal only to itself, never to a text or number."""
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


YES, NO = YesNo("yes"), YesNo("no")
TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d*)?|\.\d+)|(?P<id>[A-Za-z][A-Za-z0-9._]*)|'(?P<s1>[^']*)'|\"(?P<s2>[^\"]*)\""
                   r"|(?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|\(|\)))")
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


def tokenize(text):
    tokens, at = [], 0
    text = text.rstrip()
    while at < len(text):
        m = TOKEN.match(text, at)
        if not m:
            raise ValueError(f"cannot read expression {text!r} at {at}")
        at = m.end()
        if m.group("number") is not None:
            tokens.append(("num", float(m.group("number"))))
        elif m.group("id") is not None:
            word = m.group("id").rstrip(".")
            at -= len(m.group("id")) - len(word)
            tokens.append(("kw", word) if word in ("yes", "no", "and", "or", "not") else ("id", word))
        elif m.group("s1") is not None or m.group("s2") is not None:
            tokens.append(("str", m.group("s1") if m.group("s1") is not None else m.group("s2")))
        else:
            tokens.append(("op", m.group("op")))
    return tokens


def compile_expression(text, own_id):
    """A function of the visible answers (question id -> value) returning True, False or None (unknown);
    the noncompliant-if shorthands ("> 60", a bare value) are read with the question's own answer."""
    tokens = tokenize(text)
    if tokens and tokens[0][0] == "op" and tokens[0][1] in COMPARISONS:
        tokens.insert(0, ("id", own_id))
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else (None, None)

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def parse_or():
        left, is_condition = parse_and()
        while peek() == ("kw", "or"):
            take()
            right, _ = parse_and()
            left, is_condition = kleene_or(left, right), True
        return left, is_condition

    def parse_and():
        left, is_condition = parse_not()
        while peek() == ("kw", "and"):
            take()
            right, _ = parse_not()
            left, is_condition = kleene_and(left, right), True
        return left, is_condition

    def parse_not():
        if peek() == ("kw", "not"):
            take()
            inner, _ = parse_not()
            return kleene_not(inner), True
        return parse_comparison()

    def parse_comparison():
        left = parse_additive()
        kind, op = peek()
        if kind == "op" and op in COMPARISONS:
            take()
            return comparison(op, left, parse_additive()), True
        return left, False

    def parse_additive():
        left = parse_multiplicative()
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            left = arithmetic(op, left, parse_multiplicative())
        return left

    def parse_multiplicative():
        left = parse_unary()
        while peek() in (("op", "*"), ("op", "/")):
            op = take()[1]
            left = arithmetic(op, left, parse_unary())
        return left

    def parse_unary():
        if peek() == ("op", "-"):
            take()
            return arithmetic("-", lambda values: 0.0, parse_unary())
        return parse_primary()

    def parse_primary():
        kind, value = take() if position < len(tokens) else (None, None)
        if kind in ("num", "str"):
            return lambda values, v=value: v
        if kind == "kw" and value in ("yes", "no"):
            constant = YES if value == "yes" else NO
            return lambda values: constant
        if kind == "id":
            return lambda values, qid=value: values.get(qid)
        if (kind, value) == ("op", "("):
            inner, _ = parse_or()
            if take() != ("op", ")"):
                raise ValueError(f"expected ')' in {text!r}")
            return inner
        raise ValueError(f"unexpected {value!r} in {text!r}")

    function, is_condition = parse_or()
    if position != len(tokens):
        raise ValueError(f"unexpected {tokens[position][1]!r} in {text!r}")
    if not (is_condition or getattr(function, "is_condition", False)):  # a bare value: the non-compliant answer
        function = comparison("==", lambda values: values.get(own_id), function)
    return function


def kleene_or(left, right):
    def evaluate(values):
        a, b = left(values), right(values)
        if a is True or b is True:
            return True
        if a is False and b is False:
            return False
        return None
    evaluate.is_condition = True
    return evaluate


def kleene_and(left, right):
    def evaluate(values):
        a, b = left(values), right(values)
        if a is False or b is False:
            return False
        if a is True and b is True:
            return True
        return None
    evaluate.is_condition = True
    return evaluate


def kleene_not(inner):
    def evaluate(values):
        a = inner(values)
        return (not a) if (a is True or a is False) else None
    evaluate.is_condition = True
    return evaluate


def arithmetic(op, left, right):
    def evaluate(values):
        a, b = left(values), right(values)
        if type(a) is not float or type(b) is not float:
            return None
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        return None if b == 0 else a / b
    return evaluate


def comparison(op, left, right):
    def evaluate(values):
        a, b = left(values), right(values)
        if a is None or b is None:
            return None
        if op == "==":
            return type(a) is type(b) and a == b
        if op == "!=":
            return not (type(a) is type(b) and a == b)
        if type(a) is not type(b) or isinstance(a, YesNo):
            return None  # ordering only numbers with numbers, dates (texts) with dates
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    evaluate.is_condition = True
    return evaluate


def answer_value(kind, answer):
    """The expression value of an answer, or raises ValueError when it is not an answer of its type."""
    if kind == "yes-no":
        if answer == "yes":
            return YES
        if answer == "no":
            return NO
    elif kind == "number":
        if isinstance(answer, (int, float)) and not isinstance(answer, bool):
            return float(answer)
    elif isinstance(answer, str):
        return answer
    raise ValueError(f"{answer!r} is not a {kind} answer")


def load_questionnaire(repo, qid, version):
    """The compiled questionnaire prepared for evaluation: its digest, its questions in compiled order with
    their compiled expressions, and its points in order."""
    with open(os.path.join(repo, "questionnaires", "compiled", qid, f"{version}.json"), encoding="utf-8") as f:
        compiled = json.load(f)
    questions, points, titles = [], [], {}
    for cluster in compiled["clusters"]:
        for point in cluster["points"]:
            points.append(point["id"])
            titles[point["id"]] = point["title"].get("en", "")
            for q in point["questions"]:
                questions.append({
                    "id": q["id"], "type": q["type"], "point": len(points) - 1,
                    "when": compile_expression(q["when"], q["id"]) if q.get("when") else None,
                    "rule": compile_expression(q["noncompliant-if"], q["id"]) if q.get("noncompliant-if") else None,
                    "options": {o["id"] for o in q.get("options", [])},
                    "bad": {o["id"] for o in q.get("options", []) if o.get("noncompliant")},
                })
    return {"digest": compiled["digest"], "questions": questions, "points": points, "titles": titles}


def point_findings(questionnaire, answers):
    """(the findings of the points, in order: 'nc', 'c' or 'na'; whether an applicable question is
    unanswered; whether an answer is not of its question's type or names no question)."""
    values = {}
    points = ["na"] * len(questionnaire["points"])
    unanswered = bad = False
    known = 0
    for q in questionnaire["questions"]:
        entry = answers.get(q["id"])
        if entry is not None:
            known += 1
        if q["when"] is not None and q["when"](values) is not True:
            continue  # not applicable
        if entry is None or "answer" not in entry:
            unanswered = True
            continue
        try:
            value = answer_value(q["type"], entry["answer"])
        except ValueError:
            bad = True
            continue
        if q["type"] == "choice" and value not in q["options"]:
            bad = True
            continue
        values[q["id"]] = value
        if value in q["bad"] or (q["rule"] is not None and q["rule"](values) is True):
            points[q["point"]] = "nc"
        elif points[q["point"]] == "na":
            points[q["point"]] = "c"
    return points, unanswered, bad or known != len(answers)


def registry_countries(repo):
    """factory id -> country, from factories/<CC>/<id>.yaml (top-level `country:` and `id:` lines)."""
    countries = {}
    for folder, _, names in os.walk(os.path.join(repo, "factories")):
        for name in names:
            if not name.endswith(".yaml"):
                continue
            fields = {}
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                for line in f:
                    m = re.match(r'^(id|country):\s*"?([^"\n]*)"?\s*$', line)
                    if m:
                        fields[m.group(1)] = m.group(2)
            if "id" in fields and "country" in fields:
                countries[fields["id"]] = fields["country"]
    return countries


def wilson(p, n, z=Z95):
    if n <= 0:
        return 0.0, 1.0
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def baseline(repo):
    """The rows of `star aggregate --by country,point --format json` computed in plain Python, and counts."""
    countries = registry_countries(repo)
    questionnaires = {}
    final = []  # (factory, visit start, sequence, id, amends, questionnaire key, point findings)
    read = invalid = 0
    for folder, _, names in os.walk(os.path.join(repo, "assessments")):
        for name in names:
            if not name.endswith(".json"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                record = json.load(f)
            read += 1
            if record.get("status") != "final":
                continue  # drafts never count, nor amend anything
            if record.get("kind") not in ("assessment", "follow-up"):
                # Self-assessments are reported apart; a final one still replaces what it amends (its own
                # findings are not evaluated: assumed valid).
                if record.get("amends"):
                    final.append((record["factory"], "", 0, record["id"], record["amends"], None, None))
                continue
            pin = record["questionnaire"]
            key = (pin["id"], pin["version"])
            if key not in questionnaires:
                try:
                    questionnaires[key] = load_questionnaire(repo, *key)
                except OSError:
                    questionnaires[key] = None
            questionnaire = questionnaires[key]
            if questionnaire is None or questionnaire["digest"] != pin["digest"] or record["factory"] not in countries:
                invalid += 1
                continue
            points, unanswered, bad = point_findings(questionnaire, record.get("answers", {}))
            if unanswered or bad:
                invalid += 1
                continue
            rid = record["id"]
            m = re.search(r"/\d{4}-\d{2}-\d{2}-(\d+)$", rid)
            final.append((record["factory"], record["visit"]["start"], int(m.group(1)) if m else 1, rid,
                          record.get("amends"), key, points))

    amended = {r[4] for r in final if r[4]}
    latest = {}
    for r in final:
        if r[3] in amended or r[5] is None:
            continue
        current = latest.get(r[0])
        if current is None or (r[1], r[2]) > (current[1], current[2]):
            latest[r[0]] = r

    # Point order and titles as in the compiled questionnaires (sorted by id, version), first seen first.
    order, titles = {}, {}
    for key in sorted(k for k, q in questionnaires.items() if q):
        for point in questionnaires[key]["points"]:
            order.setdefault(point, len(order))
            titles.setdefault(point, questionnaires[key]["titles"][point])
    tallies = {}  # (country, point) -> [assessed, noncompliant]
    for r in latest.values():
        country = countries[r[0]]
        for point, finding in zip(questionnaires[r[5]]["points"], r[6]):
            if finding != "na":
                tally = tallies.setdefault((country, point), [0, 0])
                tally[0] += 1
                tally[1] += finding == "nc"
    rows = []
    for (country, point) in sorted(tallies, key=lambda k: (k[0], order[k[1]])):
        assessed, noncompliant = tallies[(country, point)]
        rate = noncompliant / assessed
        low, high = wilson(rate, assessed)
        rows.append({"country": country, "point": point, "title": titles[point], "assessed": assessed,
                     "noncompliant": noncompliant, "rate": rate, "ci95_low": low, "ci95_high": high})
    return rows, {"read": read, "counted": len(latest), "invalid": invalid}


def compare(star_rows, python_rows):
    """(agree, text): same (country, point) rows in the same order, equal counts and titles, numbers within
    TOLERANCE."""
    problems = []
    ours = {(r["country"], r["point"]): r for r in python_rows}
    theirs = {(r.get("country"), r.get("point")): r for r in star_rows}
    for key in sorted(set(ours) - set(theirs)):
        problems.append(f"{key} only in python ({ours[key]['assessed']} assessed)")
    for key in sorted(set(theirs) - set(ours)):
        problems.append(f"{key} only in star ({theirs[key].get('assessed')} assessed)")
    worst = 0.0
    for key in sorted(set(ours) & set(theirs)):
        a, b = ours[key], theirs[key]
        for field in ("assessed", "noncompliant", "title"):
            if a[field] != b.get(field):
                problems.append(f"{key} {field}: python {a[field]!r}, star {b.get(field)!r}")
        for field in ("rate", "ci95_low", "ci95_high"):
            if not isinstance(b.get(field), (int, float)):
                problems.append(f"{key} {field}: python {a[field]!r}, star {b.get(field)!r}")
                continue
            worst = max(worst, abs(a[field] - b[field]))
            if abs(a[field] - b[field]) > TOLERANCE:
                problems.append(f"{key} {field}: python {a[field]!r}, star {b[field]!r}")
    if not problems and [(r["country"], r["point"]) for r in python_rows] != [(r.get("country"), r.get("point")) for r in star_rows]:
        problems.append("same rows in a different order")
    if problems:
        return False, f"NO ({len(problems)} differences; first: {'; '.join(problems[:5])})"
    return True, f"yes ({len(ours)} rows, max diff {worst:.0e})"


# --- Measuring -------------------------------------------------------------------------------------------

def star_aggregate(star, repo, cold, extra=()):
    """One run: (wall s, cpu s, peak RSS bytes, records counted, records left out, output bytes, CPU other
    processes used meanwhile as a share of the machine or None)."""
    if cold:
        shutil.rmtree(os.path.join(repo, ".star"), ignore_errors=True)
    command = [star, "aggregate", "--root", repo] + QUERY + list(extra) + (["--no-cache"] if cold else [])
    with tempfile.TemporaryFile() as out:
        busy = vb.busy_cpu_seconds()
        code, wall, cpu, peak, stderr = vb.run_timed(command, stdout=out)
        others = None if busy is None else max(0.0, vb.busy_cpu_seconds() - busy - cpu) / (wall * os.cpu_count())
        out.seek(0)
        output = out.read()
    message = stderr.decode("utf-8", "replace")
    if code != 0:
        raise SystemExit(f"{' '.join(command)} exited with {code}:\n{message[:2000]}")
    counted = re.search(r"(\d+) records? counted", message)
    left_out = re.search(r"(\d+) records? with errors left out", message)
    return wall, cpu, peak, int(counted.group(1)) if counted else None, int(left_out.group(1)) if left_out else 0, output, others


def python_baseline(repo):
    """One run of the baseline in a child process: (wall s, peak RSS bytes, rows, counts)."""
    with tempfile.TemporaryFile() as out:
        code, wall, _, peak, stderr = vb.run_timed([sys.executable, os.path.abspath(__file__), "--baseline", repo], stdout=out)
        out.seek(0)
        text = out.read().decode("utf-8")
    if code != 0:
        raise SystemExit(f"the Python baseline failed ({code}):\n{stderr.decode()[-3000:]}")
    data = json.loads(text)
    return wall, peak, data["rows"], data["counts"]


def cache_stat(repo):
    try:
        s = os.stat(os.path.join(repo, ".star", "cache", "records"))
    except OSError:
        return None
    return (s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino)


def prepare_repository(star, args, records, shape):
    """The repository of `records` records under --keep (reused, or generated and kept), or a temporary one;
    None when the disk is too small to generate it."""
    base = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="star-aggregate-bench-")
    repo = os.path.join(base, vb.shape_folder(shape, records))
    if os.path.exists(os.path.join(repo, "star.yaml")):
        print(f"{repo}: reusing the repository generated before", file=sys.stderr, flush=True)
        return repo, base
    os.makedirs(base, exist_ok=True)
    need, free = records * BYTES_PER_RECORD + 200_000_000, shutil.disk_usage(base).free
    if free < need:
        print(f"{repo}: skipped: generating {records} records needs about {need / 1e9:.1f} GB, "
              f"{free / 1e9:.1f} GB free", file=sys.stderr, flush=True)
        return None, base
    start = time.perf_counter()
    generated = vb.generate(star, repo, records, shape, args.questions, args.countries.split(","), args.seed, args.per_factory)
    print(f"{repo}: generated {generated['records']} records ({generated['bytes'] / 1e6:.1f} MB) of "
          f"{generated['factories']} factories in {time.perf_counter() - start:.1f} s; star recorded "
          f"{', '.join(generated['checked'])} byte for byte as the generator", file=sys.stderr, flush=True)
    return repo, base


def mark(ok, applies=True):
    return ("yes" if ok else "NO") if applies else "-"


def list_and_stat(repo):
    """find(1) listing every record file with the stat fields the cache compares, on one core."""
    code, wall, _, _, _ = vb.run_timed("find assessments -name '*.json' -printf '%p %s %T@ %C@ %i\\n' > /dev/null", cwd=repo, shell=True)
    if code != 0:
        raise SystemExit("find over the record files failed")
    return wall


def measure(star, args, records, shape):
    started = time.perf_counter()
    repo, base = prepare_repository(star, args, records, shape)
    if repo is None:
        return None
    files = [os.path.join(d, n) for d, _, ns in os.walk(os.path.join(repo, "assessments")) for n in ns if n.endswith(".json")]
    size = sum(os.path.getsize(p) for p in files)

    def step(text):
        print(f"{repo}: {text} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)

    read = min(vb.median_of(args.runs, lambda: vb.read_with_cat(repo)),
               vb.median_of(args.runs, lambda: vb.read_with_python(repo)))
    read_cpu = vb.read_cpu(repo, args.runs)
    step(f"read {read * 1000:.0f} ms ({read_cpu * 1000:.0f} ms CPU)")
    # What any cache validated as git validates its index must do at least: list every record file and stat it.
    stat_floor = vb.median_of(args.runs, lambda: list_and_stat(repo))
    step(f"list and stat {stat_floor * 1000:.0f} ms")

    cold_runs = [star_aggregate(star, repo, cold=True) for _ in range(args.runs + 1)][1:]
    cold = statistics.median(r[0] for r in cold_runs)
    cold_cpu = statistics.median(r[1] for r in cold_runs)
    output = cold_runs[0][5]
    step(f"cold {cold * 1000:.0f} ms")

    # The last cold run left the cache behind; a warm-up run must leave it as it is.
    before = cache_stat(repo)
    warm_runs = [star_aggregate(star, repo, cold=False) for _ in range(args.runs + 1)]
    warm = statistics.median(r[0] for r in warm_runs[1:])
    step(f"warm {warm * 1000:.0f} ms")
    new_query_runs = [star_aggregate(star, repo, cold=False, extra=["--from", f"2000-01-{day:02d}"]) for day in range(1, args.runs + 1)]
    new_query = statistics.median(r[0] for r in new_query_runs)
    step(f"new query {new_query * 1000:.0f} ms")
    after = cache_stat(repo)
    cache_used = before is not None and before == after
    same_output = all(r[5] == output for r in cold_runs + warm_runs + new_query_runs)
    others = None if cold_runs[0][6] is None else statistics.median(r[6] for r in cold_runs + warm_runs)
    peak = max(r[2] for r in cold_runs + warm_runs + new_query_runs) / 1e6

    star_rows = json.loads(output.decode("utf-8"))
    counted, left_out = cold_runs[0][3], cold_runs[0][4]
    python = python_peak = None
    if records <= args.python_max:
        # No warm-up run: the read and star runs before left the files in the page cache.
        runs = [python_baseline(repo) for _ in range(max(1, args.python_runs))]
        python = statistics.median(r[0] for r in runs)
        python_peak = max(r[1] for r in runs) / 1e6
        python_rows, counts = runs[0][2], runs[0][3]
        agree, agreement = compare(star_rows, python_rows)
        if counts["counted"] != counted or counts["invalid"] != left_out:
            agree = False
            agreement = (f"NO (records counted: python {counts['counted']}, star {counted}; "
                         f"left out: python {counts['invalid']}, star {left_out}); " + agreement)
        step(f"python {python * 1000:.0f} ms, rates agree: {agreement}")
    else:
        agree, agreement = None, f"skipped (> --python-max {args.python_max})"
    if not args.keep:
        shutil.rmtree(base)
    return {"records": len(files), "mb": size / 1e6, "read": read, "read_cpu": read_cpu, "stat": stat_floor, "cold": cold, "cold_cpu": cold_cpu, "warm": warm,
            "new_query": new_query,
            "python": python, "python_peak": python_peak, "peak": peak, "cache_used": cache_used,
            "same_output": same_output, "counted": counted, "left_out": left_out, "rows": len(star_rows),
            "agree": agree, "agreement": agreement, "others": others, "took": time.perf_counter() - started}


def report(star, args, shape, results):
    """Prints the tables of one shape; returns whether a goal was missed or the rates disagree."""

    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"shape {shape.name} ({shape.label}): star aggregate --by country,point --format json, {args.questions} questions per questionnaire, "
          f"{len(args.countries.split(','))} countries, {args.per_factory or shape.per_factory} records per factory, median of {args.runs} runs "
          f"after a warm-up (python: {max(1, args.python_runs)}, no warm-up), {affinity} cores; star = {star}")
    print(f"| records | MB | read ms | cold ms | cold CPU ms | cold/read (goal <= {GOAL_COLD_READ:g}) | cat CPU ms | cold CPU/cat CPU | python ms | "
          f"python/cold (goal >= {GOAL_PYTHON_COLD:g}) | list+stat ms | warm ms | warm/read (goal < {GOAL_WARM_READ:g}) | "
          f"new query ms | new query/read | peak MB (goal < {GOAL_PEAK_MB:g} at 100,000) | rates agree with python |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    missed = False
    for r in results:
        judged = r["records"] >= GOAL_RECORDS
        cold_read, warm_read = r["cold"] / r["read"], r["warm"] / r["read"]
        ok_cold, ok_warm, ok_peak = cold_read <= GOAL_COLD_READ, warm_read < GOAL_WARM_READ and r["cache_used"], r["peak"] < GOAL_PEAK_MB
        if r["python"] is not None:
            python_cold = r["python"] / r["cold"]
            ok_python = python_cold >= GOAL_PYTHON_COLD
            python_cells = f"{r['python'] * 1000:.0f} | {python_cold:.1f} {mark(ok_python, judged)}"
        else:
            ok_python = True
            python_cells = "- | -"
        missed = missed or (judged and not (ok_cold and ok_python and ok_warm)) or not ok_peak or r["agree"] is False \
            or not r["same_output"] or r["left_out"]
        warm_note = "" if r["cache_used"] else " (cache rewritten!)"
        print(f"| {r['records']} | {r['mb']:.1f} | {r['read'] * 1000:.0f} | {r['cold'] * 1000:.0f} | {r['cold_cpu'] * 1000:.0f} | "
              f"{cold_read:.2f} {mark(ok_cold, judged)} | {r['read_cpu'] * 1000:.0f} | {r['cold_cpu'] / r['read_cpu']:.2f} | {python_cells} | {r['stat'] * 1000:.0f} | {r['warm'] * 1000:.0f} | "
              f"{warm_read:.3f} {mark(ok_warm, judged)}{warm_note} | {r['new_query'] * 1000:.0f} | {r['new_query'] / r['read']:.2f} | "
              f"{r['peak']:.0f} {mark(ok_peak)} | {r['agreement']} |")
    print(f"read = the faster of cat and a Python read loop (as validate_benchmark.py); cat CPU = user+sys of find and cat "
          f"(median; hardly changed by other work on the machine, unlike wall times); cold = --no-cache with .star/ "
          f"deleted; list+stat = find(1) listing the record files with size, times and inode, on one core (what a "
          f"stat-validated cache must do at least); warm = the same query again, the record cache left untouched; new query = "
          f"warm with a query not asked before (--from 2000-01-DD), computed from the record and factory caches; python = --baseline in a child process "
          f"(single process, json.load); peak = max RSS of star over all its runs (wait4); MB = 10^6 bytes; "
          f"time goals judged from {GOAL_RECORDS} records up (-: not judged)")
    for r in results:
        notes = []
        if not r["same_output"]:
            notes.append("the output differed between runs")
        if r["left_out"]:
            notes.append(f"star left out {r['left_out']} records with errors")
        if r["others"] is not None:
            notes.append(f"other processes used {r['others'] * 100:.0f}% of the cores during star's runs (median)")
        if r["python_peak"] is not None:
            notes.append(f"python peak {r['python_peak']:.0f} MB")
        print(f"{r['records']} records: {r['counted']} counted, {r['rows']} rows; {'; '.join(notes)}; measured in {r['took']:.0f} s")

    if len(results) > 1:
        print()
        print("growth (x = against the row before)")
        print("| records | x records | cold ms | x cold | cold us/record | warm ms | x warm | warm us/record | new query ms | read ms | peak MB | python ms |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        previous = None
        for r in results:
            def times(key):
                return f"{r[key] / previous[key]:.2f}" if previous else "-"
            python = f"{r['python'] * 1000:.0f}" if r["python"] is not None else "-"
            print(f"| {r['records']} | {times('records')} | {r['cold'] * 1000:.0f} | {times('cold')} | "
                  f"{r['cold'] / r['records'] * 1e6:.0f} | {r['warm'] * 1000:.0f} | {times('warm')} | "
                  f"{r['warm'] / r['records'] * 1e6:.1f} | {r['new_query'] * 1000:.0f} | {r['read'] * 1000:.0f} | {r['peak']:.0f} | {python} |")
            previous = r
    print()
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", metavar="REPO", help="print the Python baseline's rows of REPO as JSON and exit")
    parser.add_argument("--star", help="star binary (default: build it as validate_benchmark.py does)")
    parser.add_argument("--records", type=int, nargs="+", default=[20000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python-runs", type=int, help="runs of the Python baseline (default: --runs)")
    parser.add_argument("--python-max", type=int, default=20000, help="skip the Python baseline above N records")
    parser.add_argument("--keep", help="repositories DIR/records-N: reused when they exist, else generated and kept")
    vb.add_shape_argument(parser)
    parser.add_argument("--per-factory", type=int, help="records per factory (default: the shape's)")
    parser.add_argument("--questions", type=int, default=280)
    parser.add_argument("--countries", default="KH,VN,BD")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed or the rates disagree")
    args = parser.parse_args()

    if args.baseline:
        rows, counts = baseline(os.path.abspath(args.baseline))
        json.dump({"rows": rows, "counts": counts}, sys.stdout)
        return
    if args.python_runs is None:
        args.python_runs = args.runs
    star = os.path.abspath(args.star) if args.star else vb.build()

    missed = False
    for shape in vb.shapes_of(args):
        results = []
        for records in args.records:
            result = measure(star, args, records, shape)
            if result is not None:
                results.append(result)
        missed = report(star, args, shape, results) or missed
    if args.check and missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
