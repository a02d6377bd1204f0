#!/usr/bin/env python3
"""Adds a little evidence to the example repository (examples/), with star itself: small generated PNG
"photos" and a one-page PDF, linked to non-compliant questions of the latest assessments of KH-0001 and
KH-0002 and to verified items of their improvement plans, so the reports show thumbnails and links.

The pictures are drawn here (a few kilobytes each, no image library needed): evidence in a real repository
is a photo or a scan; these only stand in for them.

    python3 scripts/make_example_evidence.py [--star PATH] [--root examples]

Adding the same evidence again changes nothing (star stores a file once and records a link once).
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib

REPORT_DAY = "2026-12-31"


def run(star, root, *args):
    result = subprocess.run([star, *args, "--root", root], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"star {' '.join(args)} failed ({result.returncode}):\n{result.stderr}{result.stdout}")
    return result.stdout


def png(width, height, pixel):
    """A PNG of `width` x `height`, colour type 2 (RGB), each pixel from pixel(x, y) -> (r, g, b)."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def scene(seed):
    """A picture that reads as a photo at thumbnail size: a wall, a floor, a door, and stacked boxes (seed varies them)."""
    wall = [(214, 205, 188), (190, 204, 214), (206, 214, 190)][seed % 3]
    door_x = 40 + 30 * (seed % 3)

    def pixel(x, y):
        if y > 90:
            return (120 - (y - 90), 110 - (y - 90), 100 - (y - 90))           # floor
        if door_x <= x < door_x + 34 and 24 <= y <= 90:
            return (40, 120, 60) if y < 34 else (150, 95, 55)                  # door, green exit sign above
        if seed % 2 == 0 and door_x - 6 <= x < door_x + 40 and 60 <= y <= 90 and (x // 10 + y // 10) % 2 == 0:
            return (176, 130, 80)                                              # boxes in front of the door
        return wall

    return png(160, 120, pixel)


def pdf(lines):
    """A one-page PDF (A6) with `lines` of text in Helvetica: what a scanned register stands in for."""
    text = "BT /F1 11 Tf 24 380 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def table(report, key):
    """The rows of the report table with this key, at any depth."""
    def walk(section):
        for block in section["blocks"]:
            if block.get("type") == "table" and block.get("key") == key:
                return block["rows"]
        for child in section["sections"]:
            found = walk(child)
            if found is not None:
                return found
        return None
    for section in report["sections"]:
        found = walk(section)
        if found is not None:
            return found
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--star", default=None, help="the star binary (default: build with swift build)")
    parser.add_argument("--root", default="examples")
    options = parser.parse_args()
    star = options.star
    if star is None:
        subprocess.run(["swift", "build"], check=True)
        star = os.path.abspath(".build/debug/star")
    root = options.root
    with tempfile.TemporaryDirectory() as scratch:
        for seed, factory in enumerate(["KH-0001", "KH-0002"]):
            report = json.loads(run(star, root, "report", "factory", factory, "--format", "json", "--on", REPORT_DAY))
            latest = next(s for s in report["sections"] if s["id"] == "latest")
            record = next(b for b in latest["blocks"] if b["type"] == "facts")["values"]["record"]
            found = table(report, "non-compliances")[:2]
            for number, row in enumerate(found):
                name = os.path.join(scratch, f"{factory}-{row['question']}.png")
                with open(name, "wb") as out:
                    out.write(scene(seed * 2 + number))
                run(star, root, "evidence", "add", name, "--record", record, "--question", row["question"],
                    "--caption", f"{row['question']} as found on the visit", "--by", "adv-sophea")
            if found:
                register = os.path.join(scratch, f"{factory}-register.pdf")
                with open(register, "wb") as out:
                    out.write(pdf([f"{factory} - register page", f"Record {record}", f"Question {found[0]['question']}",
                                   "Stands in for a scanned page"]))
                run(star, root, "evidence", "add", register, "--record", record, "--question", found[0]["question"],
                    "--caption", "Register page (scan)", "--by", "adv-sophea")
            verified = json.loads(run(star, root, "remediate", "list", "--factory", factory, "--status", "verified",
                                      "--format", "json", "--on", REPORT_DAY))[:2]
            for number, item in enumerate(verified):
                name = os.path.join(scratch, f"{item['id'].replace('#', '-')}.png")
                with open(name, "wb") as out:
                    out.write(scene(seed * 2 + number + 1 if (seed * 2 + number) % 2 == 0 else seed * 2 + number))
                run(star, root, "evidence", "add", name, "--plan", item["id"], "--caption", f"{item['point']} put right, as verified",
                    "--by", "adv-sophea")
    print(run(star, root, "evidence", "list"), end="")


if __name__ == "__main__":
    main()
