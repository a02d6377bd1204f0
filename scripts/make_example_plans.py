#!/usr/bin/env python3
"""Builds a year of improvement-plan follow-up in the example repository (examples/), with star itself.

For each factory: the plan is opened from its first-cycle assessment, the PICC is formed and meets, items are
taken in hand (owner, due date, action), some are done, and the plan is reconciled after each later visit.
Dates are given with --on, so the result is the same on every run.

    python3 scripts/make_example_plans.py [--star PATH] [--root examples]

It refuses to run when the repository already has plans (it never overwrites).
"""
import argparse
import json
import os
import random
import subprocess
import sys

OWNERS = ["HR manager", "Compliance officer", "Production manager", "Chief of maintenance", "Finance manager", "Factory director"]


def action(item):
    """The action of a plan item, from the non-compliant questions of its point: what was found and what
    putting it right means, so every action belongs to its own finding."""
    found = [q for q in item.get("questions", [])]
    if not found:
        return "Find the cause of the non-compliance with the PICC and agree a correction"
    parts = [f"{q['question']}: {q['text'].rstrip('?')} (found: {q['answer']})" for q in found[:2]]
    return "Put right " + "; ".join(parts) + "; show the evidence to the PICC"


DECISIONS = [
    "Overtime rota posted one week ahead on the notice board",
    "OSH committee to walk the floor every Monday and report to the PICC",
    "Payroll to show overtime hours and premium on every pay slip",
    "Suggestion box emptied monthly in the presence of a worker member",
    "Refresher training on the grievance procedure for all line leaders",
]
PICC = {
    "KH": (["Sok Dara", "Chan Lina", "Keo Sophal"], ["Meas Rathana", "Heng Vuthy", "Ly Sreymom"]),
    "VN": (["Nguyen Thi Hoa", "Tran Van Nam", "Le Thi Mai"], ["Pham Quoc Bao", "Do Thi Lan", "Vu Minh Tuan"]),
    "HT": (["Marie-Claude Joseph", "Jean Baptiste", "Rose-Andrée Pierre"], ["Jacques Étienne", "Nadine Louis", "Paul Désir"]),
}


def run(star, root, *args):
    result = subprocess.run([star, *args, "--root", root], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"star {' '.join(args)} failed ({result.returncode}):\n{result.stderr}{result.stdout}")
    return result.stdout


def add_days(date, days):
    import datetime
    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=days)).isoformat()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--star", default=None)
    parser.add_argument("--root", default="examples")
    options = parser.parse_args()
    star = options.star or os.path.abspath(".build/debug/star")
    root = os.path.abspath(options.root)
    if any(f.endswith(".yaml") for _, _, files in os.walk(os.path.join(root, "plans")) for f in files):
        sys.exit(f"{root}/plans already holds plans; this script only builds them from scratch")
    rng = random.Random(2026)
    records = json.loads(run(star, root, "assess", "list", "--format", "json"))
    factories = sorted({r["factory"] for r in records if "factory" in r})
    for index, factory in enumerate(factories):
        visits = [r for r in records if r.get("factory") == factory and r["status"] == "final" and r["kind"] != "self-assessment"]
        visits.sort(key=lambda r: r["id"])
        if not visits:
            continue
        first = visits[0]
        start = first["visit-start"]
        country = first["country"]
        management, workers = PICC[country]
        # The PICC is formed right after the first assessment; one factory still lacks a management member.
        members = management[:3] + workers[:3] if index % 5 != 3 else management[:2] + workers[:3]
        for name in members:
            run(star, root, "picc", "member", "add", factory, "--name", name,
                "--role", "management" if name in management else "worker", "--since", add_days(start, 7))
        run(star, root, "remediate", "plan", first["id"], "--on", add_days(start, 7))
        plan = json.loads(run(star, root, "remediate", "list", "--factory", factory, "--format", "json", "--on", add_days(start, 8)))
        # Items are taken in hand at the first PICC meeting, two weeks after the visit.
        meeting = add_days(start, 14)
        run(star, root, "picc", "meeting", "add", factory, "--date", meeting,
            *sum((["--attendee", name] for name in members), []),
            "--decision", "Improvement plan agreed: owners and due dates set for every item",
            "--decision", rng.choice(DECISIONS))
        for item in plan:
            due = add_days(start, rng.choice([45, 60, 90, 120]))
            run(star, root, "remediate", "update", item["id"], "--status", "in-progress", "--owner", rng.choice(OWNERS),
                "--due", due, "--action", action(item), "--on", meeting)
            # Most items are done before their due date; some slip and stay overdue.
            if rng.random() < 0.7:
                run(star, root, "remediate", "update", item["id"], "--status", "done",
                    "--note", "Done; evidence shown to the PICC", "--on", add_days(due, -rng.randint(1, 20)))
        # The PICC meets every two to three months until the next visit; one factory stops meeting.
        day = meeting
        while index % 6 != 5:
            day = add_days(day, rng.choice([60, 75, 90]))
            if day >= "2026-11-20":
                break
            present = [name for name in members if rng.random() < 0.85]
            run(star, root, "picc", "meeting", "add", factory, "--date", day, *sum((["--attendee", name] for name in present), []),
                "--decision", rng.choice(DECISIONS))
        # After each later visit, the plan is reconciled with it, and new items get an owner.
        for visit in visits[1:]:
            on = add_days(visit["visit-start"], 10)
            if on > "2026-11-23":
                continue
            run(star, root, "remediate", "reconcile", factory, "--on", on)
            fresh = json.loads(run(star, root, "remediate", "list", "--factory", factory, "--status", "open", "--format", "json", "--on", on))
            for item in fresh:
                run(star, root, "remediate", "update", item["id"], "--status", "in-progress", "--owner", rng.choice(OWNERS),
                    "--due", add_days(on, rng.choice([30, 60, 90])), "--action", action(item), "--on", on)
        print(run(star, root, "remediate", "list", "--factory", factory, "--on", "2026-11-23").splitlines()[0])


if __name__ == "__main__":
    main()
