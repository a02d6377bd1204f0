#!/usr/bin/env python3
"""Gives the example repository (examples/) consents its factories signed, the way a programme does it.

For each grant of the example (below), the factory's HR manager makes an Ed25519 key with ssh-keygen, the
country team registers its public key (`star factory key add`), writes the statement (`star consent
statement`), the factory signs it (`ssh-keygen -Y sign -n star-consent`) and the country team records it
(`star share grant --signed`). Revocations need no signature. The private keys are made in a temporary
folder outside the repository and deleted at the end: they are never committed.

    python3 scripts/sign_example_consents.py [--star PATH] [--root examples]

It rewrites consents/ from scratch and sets `consent: signed` in star.yaml; run it on a freshly generated
example repository (after scripts/make_example_repository.py), then `star migrate --root examples`.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

# (factory, buyer, scope, from, until or None, who at the factory signs)
GRANTS = [
    ("HT-0001", "maple-outfitters", "assessments,reports", "2025-12-01", None, "Rose-Andrée Pierre, directrice RH"),
    ("KH-0001", "northwind-retail", "assessments,plans,reports", "2026-01-01", None, "Chan Lina, HR manager"),
    ("KH-0003", "sakura-mode", "plans", "2026-03-01", None, "Keo Sophal, factory director"),
    ("VN-0001", "northwind-retail", "assessments", "2026-02-01", "2026-12-31", "Le Thi Mai, compliance manager"),
]
# (factory, buyer, first day without access, who)
REVOCATIONS = [("HT-0001", "maple-outfitters", "2026-10-01", "Rose-Andrée Pierre, directrice RH")]


def run(program, *args, root=None):
    command = [program, *args] + (["--root", root] if root else [])
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}{result.stdout}")
    return result.stdout


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
    settings_path = os.path.join(root, "star.yaml")
    settings = [line for line in open(settings_path, encoding="utf-8").read().splitlines() if not line.startswith("consent:")]
    with open(settings_path, "w", encoding="utf-8") as f:
        f.write("\n".join(settings) + "\n# Only a consent the factory signed with its registered key lets a buyer see its data.\nconsent: signed\n")
    consents = os.path.join(root, "consents")
    for country in os.listdir(consents):
        folder = os.path.join(consents, country)
        if os.path.isdir(folder):
            shutil.rmtree(folder)
    keys = tempfile.mkdtemp(prefix="star-example-factory-keys-")
    try:
        for factory, buyer, scope, start, until, signer in GRANTS:
            key = os.path.join(keys, factory)
            if not os.path.exists(key):
                run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{factory} HR", "-f", key)
                run(star, "factory", "key", "add", factory, "--public", key + ".pub", "--by", f"adv-sophea, received from {signer} at the visit", root=root)
            statement = os.path.join(keys, f"{factory}-{buyer}.txt")
            run(star, "consent", "statement", "--factory", factory, "--buyer", buyer, "--scope", scope, "--from", start,
                *(["--until", until] if until else []), "--out", statement, "--root", root)
            run("ssh-keygen", "-Y", "sign", "-q", "-f", key, "-n", "star-consent", statement)
            print(run(star, "share", "grant", "--signed", statement, "--signature", statement + ".sig", "--by", "adv-sophea", root=root), end="")
        for factory, buyer, at, who in REVOCATIONS:
            print(run(star, "share", "revoke", "--factory", factory, "--buyer", buyer, "--at", at, "--by", who, root=root), end="")
    finally:
        shutil.rmtree(keys)


if __name__ == "__main__":
    main()
