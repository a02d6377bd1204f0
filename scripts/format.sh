#!/usr/bin/env bash
# Formats the Swift sources with swift-format and the settings of .swift-format (4 spaces, lines up to 160);
# `scripts/format.sh --check` only lints, as CI does (.ci/run), and fails on anything the formatter would change.
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Sources Tests Package.swift)
if [[ "${1:-}" == "--check" ]]; then
    swift format lint --strict --recursive "${paths[@]}"
else
    swift format format --in-place --recursive "${paths[@]}"
fi
