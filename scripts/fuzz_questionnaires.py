#!/usr/bin/env python3
"""Mutates the shipped core and Cambodia questionnaires at random (deleted, repeated, truncated lines,
YAML 1.1 traps, hostile ids) and checks that lint, compile and show never crash: every run must exit
0, 1 or 64. Usage: fuzz_questionnaires.py [SEED] [RUNS]. Failing repositories are kept for inspection."""
import os, random, shutil, subprocess, sys, tempfile
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..")
star = os.environ.get("STAR", os.path.join(root, ".build", "debug", "star"))
work = tempfile.mkdtemp(prefix="star-fuzz-")

core = open(os.path.join(root, "questionnaires", "core.yaml")).read()
kh = open(os.path.join(root, "questionnaires", "KH", "garment.yaml")).read()
tokens = ["yes", "no", "NO", "on", "~", "{", "}", "[", "]", ":", "'", '"', "\t", "&a", "*a", "!!str", "- ", "\n", "1:30", "2026-02-30", ">", "|", "{x}", "{{", "..", "../../etc", "\x00", "\x07", "é", "WT.OT.1 ==", "not", "((", "1e999", "-", "#"]
crashes = 0
for i in range(int(sys.argv[2]) if len(sys.argv) > 2 else 300):
    d = os.path.join(work, f"r{i}")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d + "/questionnaires/KH")
    open(d + "/star.yaml", "w").write("star: repository/1\n")
    files = {"questionnaires/core.yaml": core, "questionnaires/KH/garment.yaml": kh}
    target = random.choice(list(files))
    lines = files[target].split("\n")
    for _ in range(random.randint(1, 6)):
        k = random.randrange(len(lines))
        op = random.randrange(5)
        if op == 0: del lines[k]
        elif op == 1: lines.insert(k, lines[random.randrange(len(lines))])
        elif op == 2:
            line = lines[k]; p = random.randrange(len(line) + 1)
            lines[k] = line[:p] + random.choice(tokens) + line[p:]
        elif op == 3:
            line = lines[k]; p = random.randrange(len(line) + 1); lines[k] = line[:p]
        else: lines = lines[:k]
    files[target] = "\n".join(lines)
    for path, text in files.items():
        open(os.path.join(d, path), "w").write(text)
    for args in (["questionnaire", "lint"], ["questionnaire", "compile"], ["questionnaire", "show", "kh-garment", "--full"]):
        r = subprocess.run([star] + args + ["--root", d], capture_output=True)
        if r.returncode not in (0, 1, 64):
            crashes += 1
            print("CRASH", i, args, r.returncode, r.stderr[-500:])
            break
    else:
        shutil.rmtree(d)
print("crashes:", crashes)
