#!/bin/sh
# Builds star in release mode and installs the binary into DIR (default: ~/.local/bin).
# The binary carries the shipped questionnaires: nothing else needs to be installed.
set -eu
dir="${1:-$HOME/.local/bin}"
cd "$(dirname "$0")/.."
swift build -c release
mkdir -p "$dir"
install -m 755 .build/release/star "$dir/star"
echo "installed $dir/star"
case ":$PATH:" in
  *":$dir:"*) ;;
  *) echo "note: $dir is not on your PATH; add it, e.g. export PATH=\"$dir:\$PATH\"" ;;
esac
