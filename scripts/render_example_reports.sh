#!/usr/bin/env bash
# Renders every report of the example repository (examples/), in every format, for a reviewer to open in a
# browser. It works on a copy: consents are granted in the copy so the buyer report has something to show;
# examples/ itself is never changed.
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
# The copy's questionnaires/ would be a dangling relative link: point it at the shipped questionnaires.
rm -rf "$repo/questionnaires" "$repo/.star"
ln -s "$root/questionnaires" "$repo/questionnaires"

s() { "$star" "$@" --root "$repo"; }
s share grant --factory KH-0001 --buyer northwind-retail --scope assessments,plans,reports --from 2026-01-01 --by "Sok Dara, HR manager" >/dev/null
s share grant --factory VN-0001 --buyer northwind-retail --scope plans --from 2026-01-01 --by "Nguyen Thi Hoa, HR" >/dev/null
s share grant --factory HT-0001 --buyer northwind-retail --scope assessments,reports --from 2026-01-01 --by "Marie-Claude Joseph" >/dev/null

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
render buyer-northwind-retail buyer northwind-retail --on "$on"
for country in KH VN HT; do render "country-$country" country "$country" --on "$on"; done
render country-HT-fr country HT --on "$on" --lang fr
render transparency transparency --on "$on"
render transparency-fr transparency --on "$on" --lang fr
render guide-kh-garment guide kh-garment
render guide-vn-garment guide vn-garment
render guide-ht-garment-fr guide ht-garment --lang fr

echo "$(ls "$out" | wc -l | tr -d ' ') reports in $out; open $out/*.html in a browser"
