#!/usr/bin/env bash
# Renders every report of the example repository (examples/), in every format, for a reviewer to open in a
# browser. It works on a copy: KH-0002, which carries a self-assessment, is shared with northwind-retail in
# the copy so the buyer report shows one; examples/ itself is never changed. Tests/Browser/check_reports.py
# renders the same reports and checks them in headless Chromium.
#
#     scripts/render_example_reports.sh [OUT_DIR]
#
# OUT_DIR defaults to a new temporary directory; star refuses to write over a report that is already there.
# STAR=path/to/star uses that binary instead of building one (swift build --scratch-path .build-reports).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
star="${STAR:-}"
if [ -z "$star" ]; then
    swift build --package-path "$root" --scratch-path "$root/.build-reports" >&2
    star="$root/.build-reports/debug/star"
fi
out="${1:-$(mktemp -d "${TMPDIR:-/tmp}/star-reports.XXXXXX")}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
on=2026-12-31

repo="$(mktemp -d "${TMPDIR:-/tmp}/star-examples.XXXXXX")"
trap 'rm -rf "$repo"' EXIT
cp -R "$root/examples/." "$repo/"
rm -rf "$repo/.star"

s() { "$star" "$@" --root "$repo"; }
s share grant --factory KH-0002 --buyer northwind-retail --scope assessments,plans --from 2026-01-01 --by "Mekong River Knitwear HR" >/dev/null

render() {  # NAME ARGS... : NAME.md, NAME.html and NAME.json
    local name="$1"; shift
    for format in markdown html json; do
        local extension="$format"; [ "$format" = markdown ] && extension=md
        s report "$@" --format "$format" --output "$out/$name.$extension" 2>/dev/null
    done
}

for file in "$repo"/factories/*/*.yaml; do
    factory="$(basename "$file" .yaml)"
    render "factory-$factory" factory "$factory" --on "$on"
done
render factory-HT-0001-en factory HT-0001 --on "$on" --lang en
for file in "$repo"/buyers/*.yaml; do
    buyer="$(basename "$file" .yaml)"
    render "buyer-$buyer" buyer "$buyer" --on "$on"
done
for country in KH VN HT; do render "country-$country" country "$country" --on "$on"; done
render country-HT-fr country HT --on "$on" --lang fr
render transparency transparency --on "$on"
render transparency-fr transparency --on "$on" --lang fr
render guide-kh-garment guide kh-garment
render guide-vn-garment guide vn-garment
render guide-ht-garment-fr guide ht-garment --lang fr

echo "$(ls "$out" | wc -l | tr -d ' ') reports in $out; open $out/*.html in a browser"
