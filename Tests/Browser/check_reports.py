#!/usr/bin/env python3
"""Opens every HTML report of the example repository in headless Chromium, as a buyer or an analyst would, and
fails when anything on the page is hidden, cut or wrapped where it must not be.

    python3 Tests/Browser/check_reports.py [--star .build/debug/star] [--out .ci/artifacts/screenshots]

Every report kind is built with the star binary from a copy of examples/ (examples/ itself is never changed),
then looked at in three layouts:

  desktop  a 1280 px wide window
  phone    a 390 px wide phone (the viewport meta tag applies)
  a4       print media at the width of an A4 page inside the report's page margins (186 mm, 703 CSS px); the page
           is also printed to PDF on A4 paper

A layout fails when
  - the page is wider than the window (something sticks out sideways);
  - an element's box ends outside the page;
  - a box that clips or scrolls (overflow other than visible) holds more than it shows, e.g. a table that has to
    be scrolled sideways to read its last column;
  - a table cell, a heading, a paragraph or a list item holds text wider than itself;
  - a chart's text runs past the edge of its SVG;
  - an id (factory, record, compliance point, question, plan item), a date or an interval is broken across lines;
  - an evidence thumbnail does not load or is too small to see, or a report that must show evidence (the example
    repository's KH-0001 and KH-0002, and the buyer report that carries KH-0002) shows none.

Screenshots (PNG, the whole page) and the PDFs go to --out for a person to look at; problems are listed on
standard output and in problems.txt there. Exit status: 0 when every layout fits, 1 otherwise, 2 when the
reports cannot be built.
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ON = "2026-12-31"

# (name, width, print media)
LAYOUTS = [("desktop", 1280, False), ("phone", 390, True), ("a4", 703, None)]
# A screenshot taller than this is cut at it (the checks still cover the whole page).
MAX_SCREENSHOT_HEIGHT = 16000

CHECK = r"""
const problems = [];
const viewport = document.documentElement.clientWidth;
function where(el) {
  const section = el.closest('section');
  let name = el.tagName.toLowerCase();
  if (el.classList && el.classList.length) name += '.' + Array.from(el.classList).join('.');
  const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60);
  return name + (section ? ' in #' + section.id : '') + (text ? ' "' + text + '"' : '');
}
// Content hidden on purpose for screen readers only (a table heading row on a phone) is not on the page.
function visuallyHidden(el) {
  for (let e = el; e && e !== document.body; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden') return true;
    if (s.position === 'absolute') {
      const r = e.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1 || r.right <= 0) return true;
    }
  }
  return false;
}
const scroller = document.scrollingElement || document.documentElement;
if (scroller.scrollWidth > viewport + 1) problems.push('the page is ' + scroller.scrollWidth + ' px wide in a ' + viewport + ' px window');
const textBoxes = new Set(['TD', 'TH', 'DD', 'DT', 'LI', 'P', 'FIGCAPTION', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'A']);
for (const el of document.querySelectorAll('body *')) {
  if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
  if (visuallyHidden(el)) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if (r.right > viewport + 1 || r.left < -1) {
    problems.push(where(el) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right) + ' px of a ' + viewport + ' px page');
    continue;
  }
  const s = getComputedStyle(el);
  const clips = s.overflowX !== 'visible';
  if ((clips || textBoxes.has(el.tagName)) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
    problems.push(where(el) + (clips ? ' shows ' : ' is ') + el.clientWidth + ' px of ' + el.scrollWidth + ' px' + (clips ? ' (' + s.overflowX + ')' : ' (text overflows)'));
  }
}
for (const svg of document.querySelectorAll('svg')) {
  if (visuallyHidden(svg)) continue;
  const box = svg.getBoundingClientRect();
  for (const text of svg.querySelectorAll('text')) {
    const r = text.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.left < box.left - 1 || r.right > box.right + 1) {
      problems.push('chart text "' + text.textContent + '" in #' + (svg.closest('section') || {}).id + ' spans ' + Math.round(r.left - box.left) + '..' + Math.round(r.right - box.left) + ' px of a ' + Math.round(box.width) + ' px chart');
    }
  }
}
// Ids, dates and intervals must read on one line: a record id wrapped as HT-/0001/2026-/11-19 cannot be read.
// Only whole words count: an id inside a pasted link is part of the link, which may break anywhere.
const unbreakable = /(?<![\w\/.#-])(?:[A-Z]{2}-\d{4}(?:\/\d{4}-\d{2}-\d{2}(?:-\d+)?)?(?:#\d+)?|\b[A-Z]{2,5}(?:\.[A-Z0-9]+)+\b|\b[a-z]{2}-[a-z]+@[0-9.]+|\b\d{4}-\d{2}-\d{2}\b|\d+\.\d%[–-]\d+\.\d%)(?![\w\/-])/g;
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const seen = new Set();
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const parent = node.parentElement;
  if (!parent || parent.closest('svg, pre') || visuallyHidden(parent)) continue;
  for (const match of node.textContent.matchAll(unbreakable)) {
    const range = document.createRange();
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
    if (tops.size > 1) {
      const key = match[0] + ' in #' + (parent.closest('section') || {}).id;
      if (!seen.has(key)) { seen.add(key); problems.push('"' + match[0] + '" is broken across ' + tops.size + ' lines in ' + where(parent)); }
    }
  }
}
return problems;
"""


def run(star, repo, *arguments):
    result = subprocess.run([star, *arguments, "--root", repo], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"star {' '.join(arguments)}: exit {result.returncode}\n{result.stderr}")
    return result


# Text no example holds but a real repository may: a link pasted into a note, a long unbroken word, a long name.
LONG_NOTE = ("Payroll of week 9 compared with time cards, see https://drive.example.org/factories/KH-0004/"
             "payroll-2026-week-09-overtime-reconciliation-final-v3.xlsx and the HR manager's statement; "
             "workers_interviewed_in_sewing_line_number_twelve_and_finishing_department")
LONG_NAME = "Société Industrielle de Confection, de Broderie et de Sérigraphie du Grand Nord-Ouest S.A."


def add_stress_data(star, repo):
    """A visit of KH-0004 with the answers of its latest record and long notes, and a factory with a long name
    shared with a buyer: what the examples do not hold must fit too."""
    with open(os.path.join(repo, "assessments", "KH", "KH-0004", "2026-09-09.json")) as file:
        record = json.load(file)
    answers = record["answers"]
    # The version that record answered, so that its answers fit the sheet whatever version is current.
    pinned = record["questionnaire"]["id"] + "@" + record["questionnaire"]["version"]
    sheet = run(star, repo, "assess", "new", "--factory", "KH-0004", "--date", "2026-11-20", "--questionnaire", pinned).stdout
    lines = []
    for line in sheet.split("\n"):
        question = line.strip().split(":")[0]
        if line.startswith("  ") and line.endswith(": ~") and question in answers:
            value = answers[question]["answer"]
            plain = isinstance(value, (int, float)) or all(c.isalnum() or c in "._-" for c in str(value))
            line = f"  {question}: {value if plain else json.dumps(value)}"
        elif line.startswith("assessors: []"):
            line = "assessors: [{id: adv-sophea, gender: female}]"
        elif line == "notes: {}":
            noted = [q for q, a in answers.items() if "note" in a] or list(answers)[:1]
            line = "notes:\n" + "\n".join(f"  {q}: {json.dumps(LONG_NOTE)}" for q in noted)
        lines.append(line)
    path = os.path.join(repo, "stress-sheet.yaml")
    with open(path, "w") as file:
        file.write("\n".join(lines))
    run(star, repo, "assess", "record", path, "--final")
    os.remove(path)
    run(star, repo, "factory", "add", "HT-0009", "--name", LONG_NAME, "--country", "HT", "--industry", "garment", "--workers", "12500")
    run(star, repo, "share", "grant", "--factory", "HT-0009", "--buyer", "maple-outfitters", "--scope", "assessments,plans",
        "--from", "2026-01-01", "--by", "browser test", "--evidence", "browser test: consent form on paper")


def build_reports(star, out):
    """Every report kind of a copy of examples/, as HTML files in out; returns their names."""
    repo = tempfile.mkdtemp(prefix="star-browser-")
    shutil.copytree(os.path.join(ROOT, "examples"), repo, dirs_exist_ok=True)
    shutil.rmtree(os.path.join(repo, ".star"), ignore_errors=True)
    # The extra consents below are recorded on paper (the examples' own are signed by their factories, which the
    # reports do not depend on): the copy's policy says so, and each grant names its evidence.
    settings = os.path.join(repo, "star.yaml")
    with open(settings) as file:
        text = file.read()
    if "consent: signed" not in text:
        sys.exit("error: examples/star.yaml no longer sets 'consent: signed'; update the browser test")
    with open(settings, "w") as file:
        file.write(text.replace("consent: signed", "consent: recorded"))
    # KH-0002 carries a self-assessment: shared with a buyer, it shows how the report keeps it apart.
    run(star, repo, "share", "grant", "--factory", "KH-0002", "--buyer", "northwind-retail", "--scope", "assessments,plans",
        "--from", "2026-01-01", "--by", "browser test", "--evidence", "browser test: consent form on paper")
    add_stress_data(star, repo)
    reports = []
    def render(name, *arguments):
        path = os.path.join(out, name + ".html")
        if os.path.exists(path):
            os.remove(path)
        run(star, repo, "report", *arguments, "--format", "html", "--output", path)
        reports.append(name)
    factories = sorted(f[:-5] for _, _, files in os.walk(os.path.join(repo, "factories")) for f in files if f.endswith(".yaml"))
    for factory in factories:
        render("factory-" + factory, "factory", factory, "--on", ON)
    render("factory-HT-0001-fr", "factory", "HT-0001", "--on", ON, "--lang", "fr")
    for buyer in sorted(f[:-5] for f in os.listdir(os.path.join(repo, "buyers")) if f.endswith(".yaml")):
        render("buyer-" + buyer, "buyer", buyer, "--on", ON)
    for country in ["KH", "VN", "HT"]:
        render("country-" + country, "country", country, "--on", ON)
    render("country-HT-fr", "country", "HT", "--on", ON, "--lang", "fr")
    render("transparency", "transparency", "--on", ON)
    render("transparency-fr", "transparency", "--on", ON, "--lang", "fr")
    render("guide-kh-garment", "guide", "kh-garment")
    render("guide-ht-garment-fr", "guide", "ht-garment", "--lang", "fr")
    # The draft translations (questionnaires/*/*.km.yaml and so on): pages in Khmer, Vietnamese and Creole.
    render("guide-kh-garment-km", "guide", "kh-garment", "--lang", "km")
    render("guide-vn-garment-vi", "guide", "vn-garment", "--lang", "vi")
    render("guide-ht-garment-ht", "guide", "ht-garment", "--lang", "ht")
    shutil.rmtree(repo, ignore_errors=True)
    return reports


# Evidence thumbnails: every image loads (a data: URI that decodes) and shows at a size a person can read.
EVIDENCE_CHECK = """
const problems = [];
for (const img of document.querySelectorAll('figure.evidence-item img')) {
  if (!img.complete || img.naturalWidth === 0) problems.push('evidence image does not load: ' + img.alt);
  const box = img.getBoundingClientRect();
  if (box.width < 60 || box.height < 60) problems.push('evidence thumbnail too small to see: ' + img.alt + ' (' + Math.round(box.width) + 'x' + Math.round(box.height) + ')');
}
return [problems, document.querySelectorAll('figure.evidence-item img').length];
"""
# The reports of the example repository that show evidence (scripts/make_example_evidence.py): at least this many images.
EXPECTED_EVIDENCE = {"factory-KH-0001": 2, "factory-KH-0002": 3, "buyer-northwind-retail": 3}


def browser():
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                     "--force-device-scale-factor=1", "--window-size=1280,900"]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)


def screenshot(driver, path, width):
    height = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight)")
    height = min(height, MAX_SCREENSHOT_HEIGHT)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    with open(path, "wb") as file:
        file.write(base64.b64decode(shot["data"]))


# Text in a script that a page in that language must show with real glyphs, and the fonts that may show it.
SCRIPTS = {"km": ("ពលកម្មកុមារ", ["Noto Sans Khmer", "Noto Serif Khmer", "Khmer OS", "Khmer OS System", "Khmer UI", "Leelawadee UI"]),
           "vi": ("Lao động trẻ em", None)}

# Draws each character of a text, and a private-use character no font has, in the font of the page's first h1 on a
# canvas: a character drawn exactly like the missing one, or two different characters drawn alike, are tofu boxes.
GLYPHS = r"""
const [text] = arguments;
const h1 = document.querySelector('h1');
const font = getComputedStyle(h1).font;
const canvas = document.createElement('canvas');
canvas.width = 64; canvas.height = 64;
const ctx = canvas.getContext('2d', {willReadFrequently: true});
function draw(ch) {
  ctx.clearRect(0, 0, 64, 64); ctx.font = font; ctx.fillStyle = '#000'; ctx.textBaseline = 'top';
  ctx.fillText(ch, 4, 4);
  return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(',');
}
const missing = draw('\u{F0001}');
const seen = new Map();
const tofu = [];
for (const ch of Array.from(new Set(Array.from(text.normalize('NFC'))))) {
  if (ch.trim() === '') continue;
  const picture = draw(ch);
  if (picture === missing) tofu.push(ch + ' is drawn as a missing glyph');
  else if (seen.has(picture)) tofu.push(ch + ' is drawn like ' + seen.get(picture));
  else seen.set(picture, ch);
}
return tofu;
"""


def check_script(driver, name, language):
    """Problems showing the page's language: its sample text must be on the page, drawn with real glyphs, and, for
    Khmer, by one of the fonts the style names (CSS.getPlatformFontsForNode says which fonts Chromium used)."""
    text, fonts = SCRIPTS[language]
    problems = []
    if text not in driver.execute_script("return document.body.textContent"):
        return [f"{name}: the page does not contain '{text}'"]
    problems += [f"{name}: {problem}" for problem in driver.execute_script(GLYPHS, text)]
    if fonts:
        driver.execute_cdp_cmd("DOM.enable", {})
        driver.execute_cdp_cmd("CSS.enable", {})
        document = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1})
        node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": "h1"})
        used = [f["familyName"] for f in driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]]
        if not any(f in used for f in fonts):
            problems.append(f"{name}: the Khmer title is drawn with {used}, none of {fonts}")
        print(f"     {name}: title drawn with {', '.join(used)}")
    return problems


def check(driver, out, name):
    problems = []
    url = "file://" + os.path.join(out, name + ".html")
    for layout, width, mobile in LAYOUTS:
        printing = mobile is None
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": 1000 if printing else (844 if mobile else 900), "deviceScaleFactor": 1, "mobile": bool(mobile)})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print" if printing else ""})
        driver.get(url)
        for problem in driver.execute_script(CHECK):
            problems.append(f"{name} {layout}: {problem}")
        evidence_problems, images = driver.execute_script(EVIDENCE_CHECK)
        problems += [f"{name} {layout}: {problem}" for problem in evidence_problems]
        if images < EXPECTED_EVIDENCE.get(name, 0):
            problems.append(f"{name} {layout}: {images} evidence image(s), expected at least {EXPECTED_EVIDENCE[name]}")
        screenshot(driver, os.path.join(out, f"{name}-{layout}.png"), width)
        if printing:
            pdf = driver.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True, "preferCSSPageSize": True})
            with open(os.path.join(out, f"{name}-a4.pdf"), "wb") as file:
                file.write(base64.b64decode(pdf["data"]))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    language = name.rsplit("-", 1)[-1]
    if language in SCRIPTS:
        driver.get(url)
        problems += check_script(driver, name, language)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--star", default=os.path.join(ROOT, ".build", "debug", "star"))
    parser.add_argument("--out", default=os.path.join(ROOT, ".ci", "artifacts", "screenshots"))
    parser.add_argument("--only", help="check only the reports whose name contains this")
    arguments = parser.parse_args()
    out = os.path.abspath(arguments.out)
    os.makedirs(out, exist_ok=True)
    try:
        reports = build_reports(os.path.abspath(arguments.star), out)
    except (RuntimeError, OSError) as error:
        print(f"error: cannot build the reports: {error}", file=sys.stderr)
        return 2
    if arguments.only:
        reports = [r for r in reports if arguments.only in r]
    driver = browser()
    problems = []
    try:
        for name in reports:
            found = check(driver, out, name)
            print(f"{'FAIL' if found else 'ok  '} {name}: {len(found)} problem(s)")
            problems += found
    finally:
        driver.quit()
    with open(os.path.join(out, "problems.txt"), "w") as file:
        file.write("".join(p + "\n" for p in problems))
    for problem in problems:
        print(problem)
    print(f"{len(reports)} reports x {len(LAYOUTS)} layouts checked; {len(problems)} problem(s); screenshots in {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
