#!/usr/bin/env python3
"""What evidence costs `star validate`, measured against a baseline in the same run.

A copy of examples/ gets N evidence files written by this script alone, from docs/evidence.md (the bytes at
evidence/sha256/<2>/<62>.png, a sidecar beside each, one link per line in evidence/<CC>/<factory>.yaml): so it
also checks that the documented format is enough for a tool that is not star. Each file is SIZE bytes (a PNG
signature, then pseudo-random bytes that do not compress), linked to a non-compliant question of a factory's
latest record.

Measured, each the median of --runs runs after a warm-up (the page cache holds the files):
- validate, no evidence: `star validate --root COPY` before the evidence is added (the same copy);
- validate, N files: the same after; the difference is what evidence costs;
- hash: Python reading every evidence file and computing its sha256 (hashlib): the least any check of the
  bytes can cost, for comparison;
and `star validate --strict` must report no problem at all on the copy with evidence.

    python3 benchmarks/evidence_benchmark.py [--star .build/release/star] [--files 2000] [--size 65536] [--runs 5]
"""
import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def star_run(star, repo, *args, check=True):
    result = subprocess.run([star, *args, "--root", repo], capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"star {' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def median_time(runs, action):
    action()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def targets(star, repo):
    """(country, factory, record, question) of every non-compliant question of each factory's latest record."""
    found = []
    factories = sorted((country, name[:-5]) for country in os.listdir(os.path.join(repo, "factories")) if not country.startswith(".")
                       for name in os.listdir(os.path.join(repo, "factories", country)) if name.endswith(".yaml"))
    for country, factory in factories:
        report = json.loads(star_run(star, repo, "report", "factory", factory, "--format", "json", "--on", "2026-12-31").stdout)
        latest = next(s for s in report["sections"] if s["id"] == "latest")
        facts = next((b for b in latest["blocks"] if b["type"] == "facts"), None)
        if facts is None:
            continue
        record = facts["values"]["record"]
        section = next(s for s in report["sections"] if s["id"] == "non-compliances")
        for block in section["blocks"]:
            if block.get("type") == "table":
                found += [(country, factory, record, row["question"]) for row in block["rows"]]
    return found


def write_evidence(repo, files, size, places):
    """N evidence files with sidecars and links, as docs/evidence.md describes them; returns their paths."""
    rng = random.Random(19)
    links = {}
    paths = []
    for index in range(files):
        data = b"\x89PNG\r\n\x1a\n" + rng.randbytes(size - 8)
        hexdigest = hashlib.sha256(data).hexdigest()
        folder = os.path.join(repo, "evidence", "sha256", hexdigest[:2])
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, hexdigest[2:] + ".png")
        with open(path, "wb") as out:
            out.write(data)
        time_text = f"2026-12-01T00:{index // 60000 % 60:02d}:{index // 1000 % 60:02d}.{index % 1000:03d}Z"
        with open(os.path.join(folder, hexdigest[2:] + ".yaml"), "w") as out:
            out.write(f'added: "{time_text}"\nadded-by: "benchmark"\nbytes: {size}\nmedia-type: "image/png"\n'
                      f'sha256: "sha256:{hexdigest}"\nstar: "evidence/1"\n')
        country, factory, record, question = places[index % len(places)]
        links.setdefault((country, factory), []).append(
            f'  - {{by: "benchmark", caption: "photo {index}", evidence: "sha256:{hexdigest}", id: "{index:016x}", '
            f'question: "{question}", record: "{record}", time: "{time_text}"}}\n')
        paths.append(path)
    for (country, factory), lines in links.items():
        os.makedirs(os.path.join(repo, "evidence", country), exist_ok=True)
        with open(os.path.join(repo, "evidence", country, factory + ".yaml"), "w") as out:
            out.write(f'star: "evidence-links/1"\nfactory: "{factory}"\nlinks:\n' + "".join(lines))
    return paths


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--star", default=os.path.join(ROOT, ".build", "debug", "star"))
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--size", type=int, default=64 << 10)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    star = os.path.abspath(options.star)
    repo = tempfile.mkdtemp(prefix="star-evidence-bench-")
    try:
        shutil.copytree(os.path.join(ROOT, "examples"), repo, dirs_exist_ok=True)
        shutil.rmtree(os.path.join(repo, ".star"), ignore_errors=True)
        shutil.rmtree(os.path.join(repo, "evidence"), ignore_errors=True)
        places = targets(star, repo)
        before = median_time(options.runs, lambda: star_run(star, repo, "validate"))
        paths = write_evidence(repo, options.files, options.size, places)

        def hash_all():
            for path in paths:
                with open(path, "rb") as file:
                    hashlib.sha256(file.read()).hexdigest()
        after = median_time(options.runs, lambda: star_run(star, repo, "validate"))
        hashing = median_time(options.runs, hash_all)
        strict = star_run(star, repo, "validate", "--strict", check=False)
        total = options.files * options.size
        print(f"evidence: {options.files} files of {options.size} bytes ({total / (1 << 20):.0f} MB) on {len(places)} questions, written by this script")
        print(f"validate, no evidence:        {before * 1000:8.0f} ms")
        print(f"validate, {options.files} files:         {after * 1000:8.0f} ms   (+{(after - before) * 1000:.0f} ms, "
              f"{(after - before) / options.files * 1e6:.0f} µs per file)")
        print(f"hash baseline (Python sha256): {hashing * 1000:8.0f} ms   (star's extra time is {(after - before) / hashing:.1f}x the bare hashing)")
        print(f"validate --strict on the copy with evidence: exit {strict.returncode}; {strict.stdout.strip().splitlines()[-1] if strict.stdout.strip() else ''}")
        return 0 if strict.returncode == 0 else 1
    finally:
        shutil.rmtree(repo, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
