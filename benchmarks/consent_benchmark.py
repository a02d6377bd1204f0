#!/usr/bin/env python3
"""What checking factory signatures costs: `star share list` and `star validate` on a repository whose consents
are all signed by the factory (`consent: signed`), against the same repository with the same grants recorded
without signatures (`consent: recorded`), measured in the same run.

    python3 benchmarks/consent_benchmark.py [--star PATH] [--grants 200] [--runs 10]

One factory, one buyer per grant (so no grant overlaps another); every signed consent made by
`star consent sign` with a star key outside the repository and recorded with `star share grant --signed`.
Every run of `share list` and `validate` judges each grant once, verifying each signature once.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import header, measure, row  # noqa: E402


def run(star, *args):
    result = subprocess.run([star, *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"star {' '.join(args)} failed ({result.returncode}):\n{result.stderr}{result.stdout}")
    return result.stdout


def make(star, root, keys, policy, grants):
    run(star, "init", root, "--name", f"consent benchmark ({policy})")
    settings = open(os.path.join(root, "star.yaml")).read().replace("consent: signed", f"consent: {policy}")
    open(os.path.join(root, "star.yaml"), "w").write(settings)
    run(star, "factory", "add", "KH-0001", "--name", "Angkor Apparel", "--country", "KH", "--industry", "garment", "--root", root)
    if policy == "signed":
        run(star, "factory", "key", "add", "KH-0001", "--public", os.path.join(keys, "factory.pub"), "--by", "adv", "--root", root)
    for index in range(grants):
        buyer = f"buyer-{index:04d}"
        run(star, "buyer", "add", buyer, "--name", f"Buyer {index}", "--root", root)
        if policy == "signed":
            consent = os.path.join(keys, f"{buyer}.sig")
            run(star, "consent", "sign", "--factory", "KH-0001", "--buyer", buyer, "--scope", "assessments,plans", "--from", "2026-01-01",
                "--key", os.path.join(keys, "factory.key"), "--out", consent, "--root", root)
            run(star, "share", "grant", "--signed", consent, "--by", "adv", "--root", root)
        else:
            run(star, "share", "grant", "--factory", "KH-0001", "--buyer", buyer, "--scope", "assessments,plans", "--from", "2026-01-01",
                "--by", "HR", "--evidence", f"paper form #{index}", "--root", root)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--star", default=os.path.abspath(".build/debug/star"))
    parser.add_argument("--grants", type=int, default=200)
    parser.add_argument("--runs", type=int, default=10)
    options = parser.parse_args()
    work = tempfile.mkdtemp(prefix="star-consent-benchmark-")
    try:
        keys = os.path.join(work, "keys")
        os.makedirs(keys)
        run(options.star, "keys", "generate", "--out", os.path.join(keys, "factory"))
        repositories = {}
        for policy in ["recorded", "signed"]:
            repositories[policy] = os.path.join(work, policy)
            make(options.star, repositories[policy], keys, policy, options.grants)
        listed = {p: run(options.star, "share", "list", "--root", r).count("\n") for p, r in repositories.items()}
        if listed["signed"] != options.grants or listed["recorded"] != options.grants:
            sys.exit(f"expected {options.grants} consents in force, share list shows {listed}")
        print(f"{options.grants} grants of one factory, {options.runs} runs each\n")
        print(header())
        results = {}
        for command in [["share", "list"], ["validate"]]:
            for policy in ["recorded", "signed"]:
                results[(command[0], policy)] = measure([options.star, *command, "--root", repositories[policy]], runs=options.runs)
                print(row(f"star {' '.join(command)} ({policy}{', baseline' if policy == 'recorded' else ''})", results[(command[0], policy)]))
        for name in ["share", "validate"]:
            extra = (results[(name, "signed")][1] - results[(name, "recorded")][1]) / options.grants * 1e6
            print(f"\n{name}: {extra:.0f} µs of CPU more per signed grant than per recorded one")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
